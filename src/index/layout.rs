//! Where a site's index lives: the folder of glossa's state, the tantivy index and the
//! browser index inside it.

use std::path::{Path, PathBuf};

/// Where a site's index lives, relative to its root.
pub const INDEX_DIR: &str = ".glossa/index";
/// The tantivy index, inside [`INDEX_DIR`].
pub const TANTIVY_DIR: &str = "tantivy";
/// The browser index: inside [`INDEX_DIR`], and the folder it is copied to in a build.
pub const SEARCH_DIR: &str = "search";

/// The index folder of the site at `root`.
pub fn index_dir(root: &Path) -> PathBuf {
    root.join(INDEX_DIR)
}

/// The folder of glossa's own state at `root` (the index, the build manifest).
pub fn state_dir(root: &Path) -> PathBuf {
    index_dir(root)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| root.to_path_buf())
}
