//! Exported pages of another glossary site (FORMAT.md §2) into the text of native entries:
//! pure functions over text, no file system, never a panic.
//!
//! ```text
//! text ──► reader ──► merge ──► native
//!          ExportPage  Draft     native entry text (TOML front matter + markdown)
//! ```
//!
//! - [`reader`] reads one exported page into an [`reader::ExportPage`], with its JSON-LD
//!   through the lenient structs of [`ld`].
//! - [`url`] turns URLs into entry [`url::Key`]s, refusing any path that tries to leave
//!   its folder.
//! - [`merge`] keys everything by URL path and merges: an area with its resource pages, a
//!   page with the related items naming it, stubs for related items without a page.
//! - [`native`] renders a draft as a native entry (`stub` and `source_url` keys, links to
//!   imported pages rewritten).
//!
//! It is a leaf under both of its users: the loader ([`crate::load`]) builds exported pages
//! placed in `content/`, and `glossa import` ([`crate::import`]) writes them as files. It
//! uses neither.

pub mod ld;
pub mod merge;
pub mod native;
pub mod reader;
pub mod url;
