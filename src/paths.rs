//! Where things are in a site: its source folders and glossa's own state, in one list.
//!
//! A site is a folder holding `glossa.toml`, the sources (`content/`, `templates/`,
//! `static/`) and `.glossa/`, glossa's state: the search index, the last build's manifest
//! and `glossa serve`'s output. Every stage names these folders through this module.

use std::path::{Path, PathBuf};

/// The entries, in markdown (and exported pages).
pub const CONTENT_DIR: &str = "content";
/// The site's template overrides.
pub const TEMPLATES_DIR: &str = "templates";
/// The site's static files.
pub const STATIC_DIR: &str = "static";
/// glossa's own state: a cache, safe to delete.
pub const STATE_DIR: &str = ".glossa";
/// The search index (tantivy and the browser's files), inside [`STATE_DIR`].
pub const INDEX_DIR: &str = ".glossa/index";
/// `glossa serve`'s own output and index, inside [`STATE_DIR`].
pub const SERVE_DIR: &str = ".glossa/serve";
/// The last build's manifest, inside [`STATE_DIR`].
pub const MANIFEST_FILE: &str = ".glossa/build.json";
/// Rendered cards and icons (PNG), by the hash of what they are made from, inside
/// [`STATE_DIR`].
pub const CARDS_DIR: &str = ".glossa/cards";
/// `check --external`'s cache of links that worked, inside [`STATE_DIR`].
pub const LINKS_CACHE_FILE: &str = ".glossa/links.json";

/// The folders a build reads or keeps its state in: an output may never be inside one.
pub const SOURCES: [&str; 4] = [CONTENT_DIR, TEMPLATES_DIR, STATIC_DIR, STATE_DIR];

/// `path` made absolute, its symlinks resolved as far as it exists (a folder not built yet
/// is named through its nearest existing parent), so a path is named alike before and after
/// it is created.
pub fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (abs.parent(), abs.file_name()) {
        (Some(parent), Some(name)) => absolute(parent).join(name),
        _ => abs,
    }
}

/// The folder of glossa's own state at `root`.
pub fn state_dir(root: &Path) -> PathBuf {
    root.join(STATE_DIR)
}
