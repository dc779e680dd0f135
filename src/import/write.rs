//! Write: drafts into native entries under `content/`.
//!
//! The text of each entry comes from [`crate::exported::native::render`]. [`decide`] decides,
//! per entry, what to do with what is already in `content/`: create it, leave it (same
//! text: importing twice changes nothing), refresh an imported stub, or skip it with the
//! reason: a hand-written entry, or an imported one edited since, is never replaced
//! without `--force`, and a stub never replaces anything. [`apply`] writes each file
//! atomically and only inside `content/`: paths are built from validated slugs, and
//! symlinks out of the folder are refused.

use std::collections::{BTreeSet, HashMap};
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::exported::merge::Draft;
use crate::exported::native::{render, Context};
use crate::exported::url::Key;
use crate::frontmatter;
use crate::load::{entry_path, CONTENT_DIR};
use crate::model::Date;

/// An entry already in the site.
#[derive(Clone, Debug)]
pub struct Existing {
    /// Relative to the site root.
    pub path: PathBuf,
    /// Written by an import (has `source_url`).
    pub imported: bool,
    pub stub: bool,
    /// Read from an exported page placed in `content/` (not a native file).
    pub export_file: bool,
    /// How much it says about dates and image ([`richness`]).
    pub richness: u8,
    /// The file's text as the loader read it (compared with what the import would write,
    /// so an unchanged entry is not read a second time).
    pub text: Arc<str>,
}

/// How much an entry says about its dates and image: an instant counts 2, a day 1; an
/// image 1, plus 1 for its sizes and 1 for its caption. A stub is only refreshed by a
/// record at least as rich, so importing part of an export again loses nothing.
pub fn richness(
    date: Option<Date>,
    updated: Option<Date>,
    image: Option<&crate::model::Image>,
) -> u8 {
    let d = |d: Option<Date>| d.map_or(0, |d| if d.instant.is_some() { 2 } else { 1 });
    let i = image.map_or(0, |i| {
        1 + u8::from(i.width.is_some() && i.height.is_some()) + u8::from(!i.caption.is_empty())
    });
    d(date) + d(updated) + i
}

/// What an import does with one entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// A new file.
    Create,
    /// An imported stub rewritten (refreshed, or replaced by the entry's page).
    Update,
    /// An existing entry replaced (`--force`).
    Replace,
    /// The file already holds exactly this text.
    Unchanged,
    /// A stub not written: an entry already exists for it.
    Keep,
    /// Not written; see the reason.
    Skip,
}

/// One entry's fate.
#[derive(Clone, Debug, Serialize)]
pub struct Planned {
    pub key: Key,
    /// Relative to the site root.
    pub path: PathBuf,
    pub action: Action,
    pub stub: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip)]
    pub text: String,
}

/// Decides what to do with each draft, given what the site already holds (drafts in
/// parallel; the order is kept). Only entries to write keep their text.
pub fn decide(
    root: &Path,
    drafts: &[Draft],
    existing: &HashMap<Key, Existing>,
    force: bool,
    ctx: &Context<'_>,
) -> Vec<Planned> {
    use rayon::prelude::*;
    drafts
        .par_iter()
        .map(|d| {
            let text = render(d, ctx);
            let planned = |path: PathBuf, action: Action, reason: Option<String>| Planned {
                key: d.key.clone(),
                path,
                action,
                stub: d.stub,
                reason,
                text: String::new(),
            };
            let mut p = match existing.get(&d.key) {
                Some(e) if e.export_file => planned(
                    e.path.clone(),
                    if d.stub { Action::Keep } else { Action::Skip },
                    (!d.stub).then(|| {
                        format!(
                            "an exported page in content/ already provides it ({})",
                            e.path.display()
                        )
                    }),
                ),
                Some(e) => {
                    if *e.text == *text {
                        planned(e.path.clone(), Action::Unchanged, None)
                    } else if e.imported
                        && e.stub
                        && (!d.stub
                            || richness(d.date, d.updated, d.image.as_ref()) >= e.richness)
                    {
                        planned(e.path.clone(), Action::Update, None)
                    } else if d.stub {
                        planned(e.path.clone(), Action::Keep, None)
                    } else if force {
                        planned(e.path.clone(), Action::Replace, None)
                    } else if e.imported {
                        planned(
                            e.path.clone(),
                            Action::Skip,
                            Some(format!(
                                "{} was imported before and differs from what this import would write (edited since, or imported from other pages); --force replaces it",
                                e.path.display()
                            )),
                        )
                    } else {
                        planned(
                            e.path.clone(),
                            Action::Skip,
                            Some(format!(
                                "a hand-written entry exists ({}); --force replaces it",
                                e.path.display()
                            )),
                        )
                    }
                }
                None => {
                    let path = entry_path(&d.key);
                    match std::fs::symlink_metadata(root.join(&path)) {
                        Ok(_) => planned(
                            path.clone(),
                            Action::Skip,
                            Some(format!(
                                "{} exists but is not a readable entry `{}`",
                                path.display(),
                                d.key
                            )),
                        ),
                        Err(_) => planned(path, Action::Create, None),
                    }
                }
            };
            if matches!(p.action, Action::Create | Action::Update | Action::Replace) {
                p.text = text;
            }
            p
        })
        .collect()
}

/// Writes the planned files that need writing, in parallel. Every path must stay inside
/// `content/`; each folder is checked once.
pub fn apply(root: &Path, planned: &[Planned]) -> Result<()> {
    use rayon::prelude::*;
    let content = root.join(CONTENT_DIR);
    std::fs::create_dir_all(&content).map_err(|e| Error::write(&content, e))?;
    let content_real = content
        .canonicalize()
        .map_err(|e| Error::write(&content, e))?;
    remove_leftovers(&content);
    let todo: Vec<&Planned> = planned
        .iter()
        .filter(|p| matches!(p.action, Action::Create | Action::Update | Action::Replace))
        .collect();
    let mut folders: BTreeSet<PathBuf> = BTreeSet::new();
    for p in &todo {
        let rel = checked(&p.path)?;
        if let Some(parent) = rel.parent() {
            folders.insert(parent.to_path_buf());
        }
    }
    for folder in &folders {
        let dir = root.join(folder);
        std::fs::create_dir_all(&dir).map_err(|e| Error::write(&dir, e))?;
        let real = dir.canonicalize().map_err(|e| Error::write(&dir, e))?;
        if !real.starts_with(&content_real) {
            return Err(refuse(
                folder,
                "the folder leads outside the content folder",
            ));
        }
    }
    todo.par_iter()
        .try_for_each(|p| write_file(&root.join(&p.path), &p.text))
}

/// Removes the temporary files that interrupted imports left in `content/` and the
/// folders directly in it (where entries are written).
fn remove_leftovers(content: &Path) {
    crate::scratch::remove_leftovers(content, IMPORT_PREFIX);
    let Ok(items) = std::fs::read_dir(content) else {
        return;
    };
    for item in items.flatten() {
        if item.file_type().is_ok_and(|t| t.is_dir()) {
            crate::scratch::remove_leftovers(&item.path(), IMPORT_PREFIX);
        }
    }
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

/// The name of an entry's temporary file, beside it until it is renamed into place.
pub const IMPORT_PREFIX: &str = ".import-";

/// Writes `text` to `path` through a temporary file in the same folder and a rename; a
/// symbolic link at `path` is refused rather than followed.
fn write_file(path: &Path, text: &str) -> Result<()> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(refuse(path, "the file is a symbolic link"));
    }
    let parent = path
        .parent()
        .ok_or_else(|| refuse(path, "no parent folder"))?;
    let mut tmp = crate::scratch::file_in(parent, IMPORT_PREFIX)?;
    tmp.write_all(text.as_bytes())
        .map_err(|e| Error::write(path, e))?;
    tmp.persist(path).map_err(|e| Error::write(path, e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashSet};

    use super::*;
    use crate::exported::native::sample_draft;
    use crate::model::Kind;

    /// A re-import compares each draft with the text the loader read: it does not read
    /// `content/` a second time (which made a no-change re-import of a large site slow).
    #[test]
    fn plan_compares_with_the_loaded_text_without_reading_the_file() {
        let root = tempfile::tempdir().unwrap();
        let draft = sample_draft();
        let (ambiguous, known) = (HashSet::new(), HashSet::new());
        let origins = BTreeSet::new();
        let ctx = Context {
            ambiguous: &ambiguous,
            known: &known,
            origins: &origins,
        };
        let existing = |text: &str| {
            let e = Existing {
                path: entry_path(&draft.key),
                imported: true,
                stub: false,
                export_file: false,
                richness: 0,
                text: Arc::from(text),
            };
            HashMap::from([(draft.key.clone(), e)])
        };
        // The file is not on disk at all: only the loaded text can say it is unchanged.
        let same = existing(&render(&draft, &ctx));
        let p = decide(
            root.path(),
            std::slice::from_ref(&draft),
            &same,
            false,
            &ctx,
        );
        assert_eq!(p[0].action, Action::Unchanged);
        assert!(p[0].text.is_empty(), "an unchanged entry keeps no text");
        let edited = existing("+++\ntitle = \"edited\"\n+++\n");
        let p = decide(root.path(), &[draft], &edited, false, &ctx);
        assert_eq!(p[0].action, Action::Skip);
    }

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
}
