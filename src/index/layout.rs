//! Where a site's index lives: the folder of glossa's state, the tantivy index and the
//! browser index inside it.

use std::path::{Path, PathBuf};

pub use crate::paths::{state_dir, INDEX_DIR};

/// The tantivy index, inside [`INDEX_DIR`].
pub const TANTIVY_DIR: &str = "tantivy";
/// The browser index: inside [`INDEX_DIR`], and the folder it is copied to in a build.
pub const SEARCH_DIR: &str = "search";

/// The index folder of the site at `root`.
pub fn index_dir(root: &Path) -> PathBuf {
    root.join(INDEX_DIR)
}
