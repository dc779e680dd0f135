//! Listing the files of a site folder (`content/`, `templates/`, `static/`): sorted by
//! name so every run sees the same order, hidden files and folders skipped, symlinks
//! followed.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Every file under `dir` with its `/`-separated path relative to `dir`, in path order;
/// nothing when `dir` does not exist.
pub fn files(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for item in walker {
        let item = item.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            Error::read(
                path,
                e.into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("loop")),
            )
        })?;
        if item.file_type().is_file() {
            let rel = item.path().strip_prefix(dir).unwrap_or(item.path());
            let name = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push((name, item.path().to_path_buf()));
        }
    }
    Ok(out)
}
