//! glossa: a static site generator for glossary-backed knowledge bases.
//!
//! The build is a pipeline that reads top to bottom:
//!
//! ```text
//! load ──► link ──► plan ──► render ──► write
//!  │        │         │        ├── export (schema.org graph, search documents)
//!  │        │         │        └── index  (search: tantivy in .glossa/index, browser shards)
//! Site    Links     Pages    pages, feeds, static files and search shards into a staging
//!                            folder, swapped in at the end
//! ```
//!
//! - [`load`] reads `glossa.toml` and `content/` into a [`model::Site`];
//! - [`link`] resolves slugs into a [`model::Links`] graph;
//! - [`plan`] lists the pages and their URLs; [`linkcheck`] checks every link written in a
//!   body against them (and, for `check --external`, links to other sites over HTTP);
//!   [`render`] fills the templates of [`theme`]
//!   with bodies from [`markdown`] and JSON-LD from [`schema`];
//! - [`write`] stages the output and swaps it in only when the build succeeded;
//! - [`index`] builds the search indexes from the same pages, beside render: tantivy for
//!   `glossa search`, static shards for the browser;
//! - [`export`] writes the same JSON-LD as one document.
//!
//! [`serve`] sits beside the pipeline: it keeps the site in memory, reuses the stages to
//! rebuild only what a change touches, and serves the result with live reload and search.
//!
//! Beside the pipeline, [`import`] turns another glossary site's exported pages, other
//! generators' markdown and termbases (sheets, JSON, TBX: [`termbase`]) into native entries
//! under `content/` (and lets [`load`] read exported pages in place); `export terms` writes
//! the glossary back out as a termbase.
//!
//! [`pipeline`] runs the stages for each command (build, check, export, search); this file
//! only declares the modules and re-exports what the command line calls.
//!
//! Content problems are [`diagnostics::Diagnostic`]s, collected so that every one is
//! reported at once; [`error::Error`] is for what stops a command.

pub mod card;
pub mod check;
pub mod config;
pub mod destination;
pub mod diagnostics;
pub mod error;
pub mod export;
pub mod exported;
pub mod flat_map;
pub mod foreign;
pub mod frontmatter;
pub mod import;
pub mod index;
pub mod leftover;
pub mod letter;
pub mod link;
pub mod linkcheck;
pub mod load;
pub mod manifest;
pub mod markdown;
pub mod model;
pub mod paths;
pub mod pipeline;
pub mod plan;
pub mod redirect;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod scratch;
pub mod serve;
pub mod termbase;
pub mod text;
pub mod theme;
pub mod walk;
pub mod write;

pub use crate::diagnostics::{Diagnostic, Severity};
pub use crate::error::{Error, Result};
pub use crate::load::LoadOptions;
pub use crate::pipeline::{
    build, check, export_schema, export_search, export_terms, find_root, load_and_link, search,
    BuildReport, CheckReport, Linked,
};
pub use crate::serve::serve;
