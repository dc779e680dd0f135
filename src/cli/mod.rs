//! The binary's edge: what the command line prints, made from the data the library
//! returns. Text from content passes through [`printable`] here, so a title or snippet
//! holding control characters cannot drive the terminal.

use glossa::diagnostics::terminal::printable;

pub(crate) mod args;
pub(crate) mod import_report;
pub(crate) mod search_text;
