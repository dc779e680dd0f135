//! Walking folders: the one place that lists files.
//!
//! - [`files`] lists a site folder (`content/`, `templates/`, `static/`): sorted by name so
//!   every run sees the same order, hidden files and folders skipped, symlinks followed,
//!   and each file that a symlink takes outside the site marked ([`SiteFile::outside`]), so
//!   the stage that would publish it can refuse it (`allow_outside_links` in `glossa.toml`).
//! - [`tree`] lists a folder glossa wrote (an output, an index) as it is on disk: hidden
//!   names included, symlinks not followed.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// One file of a site folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteFile {
    /// Its `/`-separated path relative to the folder listed.
    pub name: String,
    /// Its path, through any symlinks.
    pub path: PathBuf,
    /// A symlink (the file's own, or a folder's above it) takes it outside the site.
    pub outside: bool,
}

/// Every file under `dir` (a folder of the site at `root`), in path order; nothing when
/// `dir` does not exist.
pub fn files(root: &Path, dir: &Path) -> Result<Vec<SiteFile>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let site = std::fs::canonicalize(root).map_err(|e| Error::read(root, e))?;
    let mut out = Vec::new();
    // Folders reached through a symlink that leaves the site: all below is outside too.
    let mut outside_dirs: Vec<PathBuf> = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for item in walker {
        let item = item.map_err(|e| error(dir, e))?;
        let outside = outside_dirs.iter().any(|d| item.path().starts_with(d))
            || (item.path_is_symlink() && leaves(&site, item.path()));
        if item.file_type().is_dir() {
            if outside {
                outside_dirs.push(item.path().to_path_buf());
            }
            continue;
        }
        if item.file_type().is_file() {
            out.push(SiteFile {
                name: relative(dir, item.path()),
                path: item.path().to_path_buf(),
                outside,
            });
        }
    }
    Ok(out)
}

/// The files under `dir` (a folder of the site at `root`) to publish, by name, in path
/// order; a file a symlink takes outside the site is refused unless `allow_outside`.
pub fn published(root: &Path, dir: &Path, allow_outside: bool) -> Result<Vec<(String, PathBuf)>> {
    let found = files(root, dir)?;
    if !allow_outside {
        if let Some(f) = found.iter().find(|f| f.outside) {
            return Err(outside_error(&f.path));
        }
    }
    Ok(found.into_iter().map(|f| (f.name, f.path)).collect())
}

/// Refuses the site file `path` when a symlink takes it outside the site at `root`,
/// unless `allow_outside`.
pub fn refuse_outside(root: &Path, path: &Path, allow_outside: bool) -> Result<()> {
    if !allow_outside && leaves_site(root, path) {
        return Err(outside_error(path));
    }
    Ok(())
}

fn outside_error(path: &Path) -> Error {
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    Error::Usage(format!(
        "`{}` is a symlink to `{}`, outside the site: it is not published; copy the file into the site, or set `allow_outside_links = true` in glossa.toml",
        path.display(),
        target.display()
    ))
}

/// Whether `path` (a file or folder of the site at `root`) resolves, through symlinks, to
/// somewhere outside it.
pub fn leaves_site(root: &Path, path: &Path) -> bool {
    std::fs::canonicalize(root).is_ok_and(|site| leaves(&site, path))
}

fn leaves(site: &Path, path: &Path) -> bool {
    std::fs::canonicalize(path).is_ok_and(|target| !target.starts_with(site))
}

/// One entry of a folder glossa wrote.
pub struct TreeItem {
    /// Its `/`-separated path relative to the folder listed.
    pub name: String,
    pub path: PathBuf,
    pub is_dir: bool,
}

/// Everything under `dir` (not `dir` itself), in path order, hidden names included,
/// symlinks listed as themselves rather than followed.
pub fn tree(dir: &Path) -> impl Iterator<Item = Result<TreeItem>> + '_ {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .map(move |item| {
            let item = item.map_err(|e| error(dir, e))?;
            Ok(TreeItem {
                name: relative(dir, item.path()),
                is_dir: item.file_type().is_dir(),
                path: item.into_path(),
            })
        })
}

/// `path` relative to `base`, `/`-separated.
pub fn relative(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn error(dir: &Path, e: walkdir::Error) -> Error {
    let path = e.path().unwrap_or(dir).to_path_buf();
    Error::read(
        path,
        e.into_io_error()
            .unwrap_or_else(|| std::io::Error::other("a symlink loop")),
    )
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn symlinks_leaving_the_site_are_marked() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        let away = tmp.path().join("away");
        std::fs::create_dir_all(site.join("static/css")).unwrap();
        std::fs::create_dir_all(&away).unwrap();
        std::fs::write(away.join("secret"), "s").unwrap();
        std::fs::write(site.join("static/css/a.css"), "a").unwrap();
        std::fs::write(site.join("notes.txt"), "n").unwrap();
        symlink(away.join("secret"), site.join("static/leak")).unwrap();
        symlink(&away, site.join("static/dir")).unwrap();
        symlink(site.join("notes.txt"), site.join("static/inside")).unwrap();
        let found = files(&site, &site.join("static")).unwrap();
        let marks: Vec<(&str, bool)> = found.iter().map(|f| (f.name.as_str(), f.outside)).collect();
        assert_eq!(
            marks,
            [
                ("css/a.css", false),
                ("dir/secret", true),
                ("inside", false),
                ("leak", true)
            ]
        );
    }
}
