//! `glossa import`: exported pages of an existing glossary site into native entries.
//!
//! ```text
//! files ──► exported::{reader, merge, native} ──► write ──► content/<kind>s/<slug>.md
//!  (walk)   ExportPage → Draft → native text       plan + apply (never outside content/)
//! ```
//!
//! The translation itself is [`crate::exported`] (pure, shared with the loader). This
//! module is the command around it: it lists and reads the input files, loads the site
//! ([`crate::load`]) to see which entries already exist, and [`write`] decides what to do
//! with each entry and writes atomically.
//!
//! [`import`] runs the whole thing and returns an [`ImportReport`] (data; the binary
//! prints it for people). Problems in the input are warnings ([`Diagnostic`]s naming
//! file and line); only I/O failures and an invalid site configuration stop an import.
//!
//! Dependencies point one way: `import → load → exported`. The importer must see the site
//! exactly as a build does (native entries, exported pages in `content/`, drafts), so it
//! uses the loader; the loader needs the translation but nothing of the command, so the
//! translation sits below both and neither `load` nor `exported` uses `import`.

pub mod write;

/// The export reader, at its old path for callers not moved to [`crate::exported`] yet
/// (`serve/site.rs`).
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::error::{Error, Result};
use crate::exported::merge::{self, Draft, Input, Skipped};
use crate::exported::native::{names, Context};
use crate::exported::reader;
use crate::exported::url::Key;
use crate::load::{self, LoadOptions};
use crate::model::Kind;
use write::{Action, Existing, Planned};

/// What the caller asks of an import.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Work out and report everything, write nothing.
    pub dry_run: bool,
    /// Replace existing entries (hand-written, or imported and edited since).
    pub force: bool,
}

/// Entries by kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct KindCounts {
    pub terms: usize,
    pub definitions: usize,
    pub areas: usize,
}

impl KindCounts {
    fn add(&mut self, kind: Kind) {
        match kind {
            Kind::Term => self.terms += 1,
            Kind::Definition => self.definitions += 1,
            Kind::Area => self.areas += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.terms + self.definitions + self.areas
    }
}

/// An entry read from more than one source.
#[derive(Clone, Debug, Serialize)]
pub struct MergeNote {
    pub key: String,
    pub pages: usize,
    /// Related items, links and glossary items that named it.
    pub mentions: usize,
    pub sources: Vec<String>,
}

/// What an import did (or, in a dry run, would do).
#[derive(Clone, Debug, Serialize)]
pub struct ImportReport {
    pub dry_run: bool,
    /// Files looked at.
    pub files: usize,
    /// Exported pages read among them.
    pub pages: usize,
    /// New entries with a page of their own, by kind.
    pub made: KindCounts,
    /// New stubs (short entries for related items without a page), by kind.
    pub stubs: KindCounts,
    /// Imported stubs rewritten, and entries replaced with `--force`.
    pub updated: usize,
    /// Entries whose file already held exactly this text.
    pub unchanged: usize,
    /// Stubs not written because the site already has the entry.
    pub kept: usize,
    pub merged: Vec<MergeNote>,
    pub skipped: Vec<Skipped>,
    pub warnings: Vec<Diagnostic>,
    /// Every entry and what was done with it.
    pub entries: Vec<Planned>,
    /// Where the entries go (the site's `content/`).
    pub content: PathBuf,
}

impl ImportReport {
    /// Files written (or to be written in a dry run).
    pub fn written(&self) -> usize {
        self.entries
            .iter()
            .filter(|p| matches!(p.action, Action::Create | Action::Update | Action::Replace))
            .count()
    }
}

/// Imports the exported pages under `paths` (files, or folders walked) into the site at
/// `root`.
pub fn import(root: &Path, paths: &[PathBuf], options: &ImportOptions) -> Result<ImportReport> {
    let files = collect_files(paths)?;
    let read: Vec<Result<Input, Skipped>> = files.par_iter().map(|p| read_file(p)).collect();
    let mut inputs = Vec::with_capacity(read.len());
    let mut skipped = Vec::new();
    for r in read {
        match r {
            Ok(i) => inputs.push(i),
            Err(s) => skipped.push(s),
        }
    }
    let pages = inputs.len();
    let merged = merge::merge(&inputs);
    drop(inputs);
    skipped.extend(merged.skipped);

    let existing = existing_entries(root)?;
    let (ambiguous, known) = names(&merged.drafts, existing.keys());
    let ctx = Context {
        ambiguous: &ambiguous,
        known: &known,
        origins: &merged.origins,
    };
    let planned = write::decide(root, &merged.drafts, &existing, options.force, &ctx);
    if !options.dry_run {
        write::apply(root, &planned)?;
    }

    let mut report = ImportReport {
        dry_run: options.dry_run,
        files: files.len(),
        pages,
        made: KindCounts::default(),
        stubs: KindCounts::default(),
        updated: 0,
        unchanged: 0,
        kept: 0,
        merged: merged.drafts.iter().filter_map(merge_note).collect(),
        skipped,
        warnings: merged.diagnostics,
        entries: Vec::new(),
        content: root.join(load::CONTENT_DIR),
    };
    for p in &planned {
        match p.action {
            Action::Create if p.stub => report.stubs.add(p.key.kind),
            Action::Create => report.made.add(p.key.kind),
            Action::Update | Action::Replace => report.updated += 1,
            Action::Unchanged => report.unchanged += 1,
            Action::Keep => report.kept += 1,
            Action::Skip => report.skipped.push(Skipped {
                path: format!("{} ({})", p.path.display(), p.key),
                reason: p.reason.clone().unwrap_or_default(),
            }),
        }
    }
    report.entries = planned;
    Ok(report)
}

fn merge_note(d: &Draft) -> Option<MergeNote> {
    (d.pages + d.mentions > 1).then(|| {
        let mut sources: Vec<String> = d
            .origins
            .iter()
            .map(|o| format!("{}:{}", o.path.display(), o.line))
            .collect();
        sources.dedup();
        MergeNote {
            key: d.key.to_string(),
            pages: d.pages,
            mentions: d.mentions,
            sources,
        }
    })
}

/// Every file under `paths`: files as given, folders listed by [`crate::walk::files`]
/// (in path order, hidden entries skipped, symbolic links followed as the loader does).
fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| Error::read(path, e))?;
        if meta.is_file() {
            files.push(path.clone());
        } else {
            files.extend(crate::walk::files(path, path)?.into_iter().map(|f| f.path));
        }
    }
    Ok(files)
}

/// Reads one input file into a page, or says why it is left out.
fn read_file(path: &Path) -> Result<Input, Skipped> {
    let skip = |reason: String| Skipped {
        path: path.display().to_string(),
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| skip(format!("cannot read: {e}")))?;
    let text = classify(&bytes).map_err(|r| skip(r.to_string()))?;
    Ok(Input {
        path: path.to_path_buf(),
        page: reader::read(text),
        text: Arc::from(text),
    })
}

/// The text of a file that may be an exported page, or why it is not one.
pub fn classify(bytes: &[u8]) -> Result<&str, &'static str> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("empty file");
    }
    if bytes.contains(&0) {
        return Err("binary file (NUL bytes)");
    }
    let text = std::str::from_utf8(bytes).map_err(|_| "binary file (not UTF-8 text)")?;
    if !reader::is_export(text) {
        return Err("not an exported page (its first line is not `# <Title> ⎊ <Kind> …`)");
    }
    Ok(text)
}

/// The entries a site already has, by key.
fn existing_entries(root: &Path) -> Result<HashMap<Key, Existing>> {
    let loaded = load::load(
        root,
        &LoadOptions {
            drafts: true,
            base_url: None,
        },
    )?;
    let site = loaded.site;
    Ok(site
        .entries
        .iter()
        .map(|e| {
            let source = &site.sources[e.source];
            (
                Key {
                    kind: e.kind,
                    slug: e.slug.clone(),
                },
                Existing {
                    path: source.path.clone(),
                    imported: e.source_url.is_some(),
                    stub: e.stub,
                    export_file: reader::is_export(&source.text),
                    richness: write::richness(e.date, e.updated, e.image.as_ref()),
                    text: Arc::clone(&source.text),
                },
            )
        })
        .collect())
}
