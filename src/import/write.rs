//! Write: drafts into native entries under `content/`.
//!
//! [`render`] turns a [`Draft`] into the text of a native entry (TOML front matter,
//! FORMAT.md §1): `stub = true` marks a short entry made from related items, and
//! `source_url` marks every imported entry (it is how a later import tells its own files
//! from hand-written ones). Links in bodies that point at an exported page glossa now has
//! are rewritten to the site's own path (`/term/<slug>/`); links to pages it does not have
//! keep their original URL.
//!
//! [`plan`] decides, per entry, what to do with what is already in `content/`: create it,
//! leave it (same text: importing twice changes nothing), refresh an imported stub, or skip
//! it with the reason: a hand-written entry, or an imported one edited since, is never
//! replaced without `--force`, and a stub never replaces anything. [`apply`] writes each
//! file atomically and only inside `content/`: paths are built from validated slugs, and
//! symlinks out of the folder are refused.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use super::merge::Draft;
use super::url::{self, Key, Target};
use crate::error::{Error, Result};
use crate::frontmatter;
use crate::load::CONTENT_DIR;
use crate::model::{Date, Kind};

/// What the text of an entry may refer to.
pub struct Context<'a> {
    /// Slugs that more than one kind uses: references to them are written `kind/slug`.
    pub ambiguous: &'a HashSet<String>,
    /// Every entry the site will have (imported, stubs, already in `content/`).
    pub known: &'a HashSet<Key>,
    /// Hosts of the exported site: links to them are internal.
    pub origins: &'a BTreeSet<String>,
}

impl Context<'_> {
    fn reference(&self, key: &Key) -> String {
        if self.ambiguous.contains(&key.slug) {
            key.to_string()
        } else {
            key.slug.clone()
        }
    }
}

/// The native entry for a draft.
pub fn render(d: &Draft, ctx: &Context<'_>) -> String {
    let mut out = String::with_capacity(d.body.len() + 512);
    out.push_str("+++\n");
    let _ = writeln!(out, "title = {}", toml_str(&d.title));
    let _ = writeln!(out, "description = {}", toml_str(&d.description));
    if let Some(date) = d.date {
        let _ = writeln!(out, "date = {}", date.iso());
    }
    if let Some(updated) = d.updated {
        let _ = writeln!(out, "updated = {}", updated.iso());
    }
    if let Some(author) = &d.author {
        let _ = writeln!(out, "author = {}", toml_str(author));
    }
    let list = |keys: &[Key]| {
        let items: Vec<String> = keys
            .iter()
            .filter(|k| ctx.known.contains(*k))
            .map(|k| toml_str(&ctx.reference(k)))
            .collect();
        format!("[{}]", items.join(", "))
    };
    if !d.related.is_empty() {
        let _ = writeln!(out, "related = {}", list(&d.related));
    }
    if !d.areas.is_empty() {
        let _ = writeln!(out, "areas = {}", list(&d.areas));
    }
    if d.stub {
        out.push_str("stub = true\n");
    }
    if !d.source_url.is_empty() {
        let _ = writeln!(out, "source_url = {}", toml_str(&d.source_url));
    }
    if let Some(img) = &d.image {
        out.push_str("[image]\n");
        let _ = writeln!(out, "url = {}", toml_str(&img.url));
        if !img.caption.is_empty() {
            let _ = writeln!(out, "caption = {}", toml_str(&img.caption));
        }
        if let Some(w) = img.width {
            let _ = writeln!(out, "width = {w}");
        }
        if let Some(h) = img.height {
            let _ = writeln!(out, "height = {h}");
        }
    }
    out.push_str("+++\n");
    let body = match d.key.kind {
        Kind::Area => {
            let mut parts: Vec<String> = Vec::new();
            if !d.body.is_empty() {
                parts.push(d.body.clone());
            }
            for (q, a) in &d.questions {
                if a.is_empty() {
                    parts.push(format!("## {q}"));
                } else {
                    parts.push(format!("## {q}\n\n{a}"));
                }
            }
            parts.join("\n\n")
        }
        _ => d.body.clone(),
    };
    let body = rewrite_links(&body, ctx);
    if !body.is_empty() {
        out.push_str(&body);
        out.push('\n');
    }
    out
}

/// A TOML string (basic or literal, as the `toml` crate chooses).
fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Rewrites `](<url>)` destinations that name an entry the site has on an exported host
/// to the site-absolute path of that entry.
pub fn rewrite_links(body: &str, ctx: &Context<'_>) -> String {
    if ctx.origins.is_empty() || !body.contains("](") {
        return body.to_string();
    }
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = rest.find("](") {
        let (head, tail) = rest.split_at(at + 2);
        out.push_str(head);
        let end = tail.find([')', ' ', '\n', '\t']).unwrap_or(tail.len());
        let dest = &tail[..end];
        match local_path(dest, ctx) {
            Some(path) => out.push_str(&path),
            None => out.push_str(dest),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

fn local_path(dest: &str, ctx: &Context<'_>) -> Option<String> {
    let parsed = url::parse(dest).ok()?;
    if !ctx.origins.contains(&parsed.origin) {
        return None;
    }
    let key = match parsed.target {
        Target::Entry(k) | Target::Resource(k, _) => k,
        Target::Other => return None,
    };
    ctx.known.contains(&key).then(|| key.path())
}

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

/// The file a new entry is written to: `content/<kind folder>/<slug>.md`.
pub fn entry_path(key: &Key) -> PathBuf {
    Path::new(CONTENT_DIR)
        .join(key.kind.folder())
        .join(format!("{}.md", key.slug))
}

/// Decides what to do with each draft, given what the site already holds.
pub fn plan(
    root: &Path,
    drafts: &[Draft],
    existing: &HashMap<Key, Existing>,
    force: bool,
    ctx: &Context<'_>,
) -> Vec<Planned> {
    drafts
        .iter()
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
                    let current = std::fs::read_to_string(root.join(&e.path)).ok();
                    if current.as_deref() == Some(text.as_str()) {
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
            p.text = text;
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
    use super::*;
    use crate::model::Image;

    fn key(kind: Kind, slug: &str) -> Key {
        Key {
            kind,
            slug: slug.into(),
        }
    }

    fn draft() -> Draft {
        Draft {
            key: key(Kind::Definition, "premium-index"),
            title: "Premium \"Index\"".into(),
            description: "The gap.".into(),
            date: Date::parse("2026-01-02T03:04:05+00:00"),
            updated: Date::parse("2026-01-03"),
            author: Some("Ada".into()),
            image: Some(Image {
                url: "https://g.test/i.jpg".into(),
                caption: "A chart".into(),
                width: Some(640),
                height: Some(480),
            }),
            related: vec![key(Kind::Term, "basis"), key(Kind::Term, "missing")],
            areas: vec![key(Kind::Area, "funding")],
            questions: vec![],
            body:
                "See [Basis](https://g.test/term/basis/) and [Other](https://g.test/term/other/)."
                    .into(),
            source_url: "https://g.test/definition/premium-index/".into(),
            stub: false,
            origins: vec![],
            pages: 1,
            mentions: 0,
        }
    }

    #[test]
    fn renders_a_native_entry_that_loads_back() {
        let ambiguous: HashSet<String> = ["funding".to_string()].into();
        let known: HashSet<Key> = [
            key(Kind::Term, "basis"),
            key(Kind::Area, "funding"),
            key(Kind::Definition, "premium-index"),
        ]
        .into();
        let origins: BTreeSet<String> = ["https://g.test".to_string()].into();
        let ctx = Context {
            ambiguous: &ambiguous,
            known: &known,
            origins: &origins,
        };
        let text = render(&draft(), &ctx);
        assert!(text.contains("related = [\"basis\"]\n"), "{text}");
        assert!(text.contains("areas = [\"area/funding\"]\n"), "{text}");
        assert!(text.contains("date = 2026-01-02T03:04:05Z\n"), "{text}");
        assert!(text.contains("[Basis](/term/basis/)"), "{text}");
        assert!(
            text.contains("[Other](https://g.test/term/other/)"),
            "{text}"
        );
        let (entry, _) = crate::load::parse_entry(
            &std::sync::Arc::from(text.as_str()),
            Path::new("content/definitions/premium-index.md"),
            Some(Kind::Definition),
            &crate::config::Config::default(),
        )
        .unwrap();
        assert_eq!(entry.title, "Premium \"Index\"");
        assert_eq!(entry.date.unwrap().iso(), "2026-01-02T03:04:05Z");
        assert_eq!(entry.image.unwrap().width, Some(640));
        assert_eq!(
            entry.source_url.as_deref(),
            Some("https://g.test/definition/premium-index/")
        );
        assert!(!entry.stub);
    }

    fn planned(path: &str) -> Planned {
        Planned {
            key: key(Kind::Term, "a"),
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
