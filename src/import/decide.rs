//! Decide: what an import does with each entry, against what `content/` already holds.
//!
//! Entries come as [`Candidate`]s, whatever they were read from (exported pages through
//! [`from_drafts`], other generators' pages through [`crate::foreign`]). [`decide`] decides
//! per entry: create it, leave it (same text: importing twice changes nothing), refresh an
//! imported stub, or skip it with the reason: a hand-written entry, or an imported one
//! edited since, is never replaced without `--force`, and a stub never replaces anything.
//! The files of a page bundle are copied beside an entry written as `<slug>/index.md`; one
//! that differs from what is there is replaced only with `--force`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::exported::merge::Draft;
use crate::exported::native::{render, Context};
use crate::exported::url::Key;
use crate::load::entry_path;
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

/// One entry to write, whatever it was read from.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub key: Key,
    pub text: String,
    pub stub: bool,
    /// How much it says about its dates and image ([`richness`]).
    pub richness: u8,
    /// Where a new entry goes (relative to the site root).
    pub path: PathBuf,
    /// Files of its page bundle, copied beside it (absolute source, name in the bundle).
    pub files: Vec<(PathBuf, String)>,
}

/// A bundle file's fate.
#[derive(Clone, Debug, Serialize)]
pub struct PlannedFile {
    /// Relative to the site root.
    pub path: PathBuf,
    pub action: Action,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip)]
    pub from: PathBuf,
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
    /// Files of its page bundle.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<PlannedFile>,
    #[serde(skip)]
    pub text: String,
}

/// The candidates for `drafts` (rendered in parallel), at their usual paths.
pub fn from_drafts(drafts: &[Draft], ctx: &Context<'_>) -> Vec<Candidate> {
    use rayon::prelude::*;
    drafts
        .par_iter()
        .map(|d| Candidate {
            key: d.key.clone(),
            text: render(d, ctx),
            stub: d.stub,
            richness: richness(d.date, d.updated, d.image.as_ref()),
            path: entry_path(&d.key),
            files: Vec::new(),
        })
        .collect()
}

/// Decides what to do with each candidate, given what the site already holds (in
/// parallel; the order is kept). Only entries to write keep their text.
pub fn decide(
    root: &Path,
    candidates: Vec<Candidate>,
    existing: &HashMap<Key, Existing>,
    force: bool,
) -> Vec<Planned> {
    use rayon::prelude::*;
    candidates
        .into_par_iter()
        .map(|c| {
            let mut p = decide_one(root, &c, existing, force);
            if matches!(p.action, Action::Create | Action::Update | Action::Replace) {
                p.text = c.text;
            }
            p.files = files(root, &p, c.files, force);
            p
        })
        .collect()
}

fn decide_one(
    root: &Path,
    c: &Candidate,
    existing: &HashMap<Key, Existing>,
    force: bool,
) -> Planned {
    let planned = |path: PathBuf, action: Action, reason: Option<String>| Planned {
        key: c.key.clone(),
        path,
        action,
        stub: c.stub,
        reason,
        files: Vec::new(),
        text: String::new(),
    };
    let Some(e) = existing.get(&c.key) else {
        return match std::fs::symlink_metadata(root.join(&c.path)) {
            Ok(_) => planned(
                c.path.clone(),
                Action::Skip,
                Some(format!(
                    "{} exists but is not a readable entry `{}`",
                    c.path.display(),
                    c.key
                )),
            ),
            Err(_) => planned(c.path.clone(), Action::Create, None),
        };
    };
    let path = e.path.clone();
    if e.export_file {
        let reason = (!c.stub).then(|| {
            format!(
                "an exported page in content/ already provides it ({})",
                e.path.display()
            )
        });
        let action = if c.stub { Action::Keep } else { Action::Skip };
        return planned(path, action, reason);
    }
    if *e.text == *c.text {
        planned(path, Action::Unchanged, None)
    } else if e.imported && e.stub && (!c.stub || c.richness >= e.richness) {
        planned(path, Action::Update, None)
    } else if c.stub {
        planned(path, Action::Keep, None)
    } else if force {
        planned(path, Action::Replace, None)
    } else if e.imported {
        let reason = format!(
            "{} was imported before and differs from what this import would write (edited since, or imported from other pages); --force replaces it",
            e.path.display()
        );
        planned(path, Action::Skip, Some(reason))
    } else {
        let reason = format!(
            "a hand-written entry exists ({}); --force replaces it",
            e.path.display()
        );
        planned(path, Action::Skip, Some(reason))
    }
}

/// What to do with each file of an entry's bundle: copied beside an entry written as
/// `<slug>/index.md`; a file that differs is replaced only with `--force`.
fn files(root: &Path, p: &Planned, files: Vec<(PathBuf, String)>, force: bool) -> Vec<PlannedFile> {
    let folder = p
        .path
        .parent()
        .filter(|_| p.path.file_name().is_some_and(|n| n == "index.md"));
    files
        .into_iter()
        .map(|(from, name)| {
            let to = folder.map_or_else(|| p.path.with_extension("").join(&name), |f| f.join(&name));
            let (action, reason) = if p.action == Action::Skip {
                (Action::Skip, Some("its entry is skipped".to_string()))
            } else if folder.is_none() {
                (
                    Action::Skip,
                    Some(format!(
                        "the entry is the single file {}; make it `<slug>/index.md` to keep its files",
                        p.path.display()
                    )),
                )
            } else {
                match (std::fs::read(root.join(&to)), std::fs::read(&from)) {
                    (Err(_), _) => (Action::Create, None),
                    (Ok(old), Ok(new)) if old == new => (Action::Unchanged, None),
                    _ if force => (Action::Replace, None),
                    _ => (
                        Action::Skip,
                        Some(format!("{} exists and differs; --force replaces it", to.display())),
                    ),
                }
            };
            PlannedFile {
                path: to,
                action,
                reason,
                from,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashSet};

    use super::*;
    use crate::exported::native::sample_draft;

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
        let candidates = || from_drafts(std::slice::from_ref(&draft), &ctx);
        // The file is not on disk at all: only the loaded text can say it is unchanged.
        let same = existing(&render(&draft, &ctx));
        let p = decide(root.path(), candidates(), &same, false);
        assert_eq!(p[0].action, Action::Unchanged);
        assert!(p[0].text.is_empty(), "an unchanged entry keeps no text");
        let edited = existing("+++\ntitle = \"edited\"\n+++\n");
        let p = decide(root.path(), candidates(), &edited, false);
        assert_eq!(p[0].action, Action::Skip);
    }

    #[test]
    fn bundle_files_beside_an_index_entry_only() {
        let root = tempfile::tempdir().unwrap();
        let src = root.path().join("chart.png");
        std::fs::write(&src, b"png").unwrap();
        let candidate = |path: &str| Candidate {
            key: Key {
                kind: crate::model::Kind::Term,
                slug: "basis".into(),
            },
            text: "+++\ntitle = \"Basis\"\n+++\n".into(),
            stub: false,
            richness: 0,
            path: PathBuf::from(path),
            files: vec![(src.clone(), "img/chart.png".into())],
        };
        let p = decide(
            root.path(),
            vec![candidate("content/terms/basis/index.md")],
            &HashMap::new(),
            false,
        );
        assert_eq!(
            p[0].files[0].path,
            Path::new("content/terms/basis/img/chart.png")
        );
        assert_eq!(p[0].files[0].action, Action::Create);
        let target = root.path().join("content/terms/basis/img");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("chart.png"), b"other").unwrap();
        let p = decide(
            root.path(),
            vec![candidate("content/terms/basis/index.md")],
            &HashMap::new(),
            false,
        );
        assert_eq!(p[0].files[0].action, Action::Skip);
        let p = decide(
            root.path(),
            vec![candidate("content/terms/basis/index.md")],
            &HashMap::new(),
            true,
        );
        assert_eq!(p[0].files[0].action, Action::Replace);
        let p = decide(
            root.path(),
            vec![candidate("content/terms/basis.md")],
            &HashMap::new(),
            false,
        );
        assert_eq!(p[0].files[0].action, Action::Skip);
    }
}
