//! Write: the entries [`super::decide`] planned, and their bundles' files, into
//! `content/`. [`apply`] writes each file atomically and only inside `content/`: paths are
//! built from validated slugs, and symlinks out of the folder are refused.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use super::decide::{Action, Planned, PlannedFile};
use crate::error::{Error, Result};
use crate::frontmatter;
use crate::load::CONTENT_DIR;

/// Writes the planned files that need writing, in parallel. Every path must stay inside
/// `content/`; each folder is checked once.
pub fn apply(root: &Path, planned: &[Planned]) -> Result<()> {
    Writer::new(root)?.write(planned)
}

/// Writes planned entries into `content/`, batch after batch (an import of a large sheet
/// writes as it reads): the folder is prepared once, each folder checked once.
pub struct Writer {
    root: PathBuf,
    content_real: PathBuf,
    checked: BTreeSet<PathBuf>,
}

impl Writer {
    /// Creates `content/` and removes what interrupted imports left there.
    pub fn new(root: &Path) -> Result<Writer> {
        let content = root.join(CONTENT_DIR);
        std::fs::create_dir_all(&content).map_err(|e| Error::write(&content, e))?;
        let content_real = content
            .canonicalize()
            .map_err(|e| Error::write(&content, e))?;
        remove_leftovers(&content);
        Ok(Writer {
            root: root.to_path_buf(),
            content_real,
            checked: BTreeSet::new(),
        })
    }

    /// Writes the entries of `planned` that need writing, and their bundles' files.
    pub fn write(&mut self, planned: &[Planned]) -> Result<()> {
        use rayon::prelude::*;
        let root = self.root.as_path();
        let todo: Vec<&Planned> = planned
            .iter()
            .filter(|p| matches!(p.action, Action::Create | Action::Update | Action::Replace))
            .collect();
        let copies: Vec<&PlannedFile> = planned
            .iter()
            .flat_map(|p| &p.files)
            .filter(|f| matches!(f.action, Action::Create | Action::Replace))
            .collect();
        let mut folders: BTreeSet<PathBuf> = BTreeSet::new();
        for p in &todo {
            let rel = checked(&p.path)?;
            if let Some(parent) = rel.parent() {
                folders.insert(parent.to_path_buf());
            }
        }
        for f in &copies {
            let rel = checked_file(&f.path)?;
            if let Some(parent) = rel.parent() {
                folders.insert(parent.to_path_buf());
            }
        }
        for folder in folders {
            if self.checked.contains(&folder) {
                continue;
            }
            let dir = root.join(&folder);
            std::fs::create_dir_all(&dir).map_err(|e| Error::write(&dir, e))?;
            let real = dir.canonicalize().map_err(|e| Error::write(&dir, e))?;
            if !real.starts_with(&self.content_real) {
                return Err(refuse(
                    &folder,
                    "the folder leads outside the content folder",
                ));
            }
            self.checked.insert(folder);
        }
        todo.par_iter()
            .try_for_each(|p| write_file(&root.join(&p.path), p.text.as_bytes()))?;
        copies.par_iter().try_for_each(|f| {
            let bytes = std::fs::read(&f.from).map_err(|e| Error::read(&f.from, e))?;
            write_file(&root.join(&f.path), &bytes)
        })
    }
}

/// Removes the temporary files that interrupted imports left in `content/`, the folders
/// directly in it (where entries are written) and the bundles in those.
fn remove_leftovers(content: &Path) {
    crate::scratch::remove_leftovers(content, IMPORT_PREFIX);
    for kind in subfolders(content) {
        crate::scratch::remove_leftovers(&kind, IMPORT_PREFIX);
        for bundle in subfolders(&kind) {
            crate::scratch::remove_leftovers(&bundle, IMPORT_PREFIX);
        }
    }
}

fn subfolders(dir: &Path) -> Vec<PathBuf> {
    let Ok(items) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    items
        .flatten()
        .filter(|i| i.file_type().is_ok_and(|t| t.is_dir()))
        .map(|i| i.path())
        .collect()
}

fn refuse(path: &Path, why: &str) -> Error {
    Error::write(
        path,
        std::io::Error::new(std::io::ErrorKind::InvalidInput, why.to_string()),
    )
}

/// `rel` when it is `content/…/<slug>.md` with plain components only.
fn checked(rel: &Path) -> Result<&Path> {
    let mut components = rel.components();
    let inside = components.next() == Some(Component::Normal(CONTENT_DIR.as_ref()))
        && components.all(|c| matches!(c, Component::Normal(_)));
    let name_ok = rel
        .file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(frontmatter::is_valid_slug)
        && rel.extension().is_some_and(|x| x == "md" || x == "txt");
    if inside && name_ok {
        Ok(rel)
    } else {
        Err(refuse(rel, "path leaves the content folder"))
    }
}

/// `rel` when it is `content/<kind>/<slug>/…` with plain, visible components only (a
/// bundle's file).
fn checked_file(rel: &Path) -> Result<&Path> {
    let mut components = rel.components();
    let inside = components.next() == Some(Component::Normal(CONTENT_DIR.as_ref()))
        && rel.components().count() >= 4
        && components
            .all(|c| matches!(c, Component::Normal(n) if !n.to_string_lossy().starts_with('.')));
    if inside {
        Ok(rel)
    } else {
        Err(refuse(rel, "path leaves the content folder"))
    }
}

/// The name of an entry's temporary file, beside it until it is renamed into place.
pub const IMPORT_PREFIX: &str = ".import-";

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename; a
/// symbolic link at `path` is refused rather than followed.
fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(refuse(path, "the file is a symbolic link"));
    }
    let parent = path
        .parent()
        .ok_or_else(|| refuse(path, "no parent folder"))?;
    let mut tmp = crate::scratch::file_in(parent, IMPORT_PREFIX)?;
    tmp.write_all(bytes).map_err(|e| Error::write(path, e))?;
    tmp.persist(path).map_err(|e| Error::write(path, e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exported::url::Key;
    use crate::model::Kind;

    fn planned(path: &str) -> Planned {
        Planned {
            key: Key {
                kind: Kind::Term,
                slug: "a".into(),
            },
            path: PathBuf::from(path),
            action: Action::Create,
            stub: false,
            reason: None,
            files: Vec::new(),
            text: "x".into(),
        }
    }

    #[test]
    fn refuses_paths_outside_content() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        for bad in [
            "content/../x.md",
            "x.md",
            "/etc/x.md",
            "content/terms/Bad Slug.md",
            "content/terms/a.sh",
        ] {
            assert!(apply(dir.path(), &[planned(bad)]).is_err(), "{bad}");
        }
        #[cfg(unix)]
        {
            let outside = tempfile::tempdir().unwrap();
            std::os::unix::fs::symlink(outside.path(), content.join("terms")).unwrap();
            assert!(apply(dir.path(), &[planned("content/terms/a.md")]).is_err());
            assert!(!outside.path().join("a.md").exists());
            std::os::unix::fs::symlink(outside.path().join("b.md"), content.join("b.md")).unwrap();
            assert!(apply(dir.path(), &[planned("content/b.md")]).is_err());
            assert!(!outside.path().join("b.md").exists());
        }
        apply(dir.path(), &[planned("content/areas/ok.md")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(content.join("areas/ok.md")).unwrap(),
            "x"
        );
    }

    #[test]
    fn bundle_files_stay_inside_content() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("chart.png");
        std::fs::write(&src, b"png").unwrap();
        let with_file = |to: &str| {
            let mut p = planned("content/terms/a/index.md");
            p.files.push(PlannedFile {
                path: PathBuf::from(to),
                action: Action::Create,
                reason: None,
                from: src.clone(),
            });
            p
        };
        for bad in [
            "content/terms/a/../../../x.png",
            "content/terms/a/.hidden.png",
            "content/x.png",
            "/tmp/x.png",
        ] {
            assert!(apply(dir.path(), &[with_file(bad)]).is_err(), "{bad}");
        }
        apply(dir.path(), &[with_file("content/terms/a/img/chart.png")]).unwrap();
        let copied = dir.path().join("content/terms/a/img/chart.png");
        assert_eq!(std::fs::read(copied).unwrap(), b"png");
    }
}
