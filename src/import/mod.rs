//! `glossa import`: exported pages of an existing glossary site, markdown pages of other
//! generators (Hugo, Zola, Jekyll, Docusaurus, MkDocs, MDN), and termbases (CSV/TSV, JSON,
//! TBX: [`termbase`], through the same decide and write), into native entries.
//!
//! ```text
//! files ──► sources ─┬─► exported::{reader, merge, native} ─┬─► decide ──► write ──► content/
//!  (walk)   sorted   │   ExportPage → Draft → native text    │   per entry   atomic, never
//!                    └─► foreign::assemble ─────────────────┘   (+ bundle   outside content/
//!                        pages → native text + report            files)
//! ```
//!
//! The translations are [`crate::exported`] (shared with the loader) and
//! [`crate::foreign`], both pure. This module is the command around them: [`sources`]
//! sorts the input files (exported pages by their first line, other markdown, bundle
//! files, redirects files, configuration), it loads the site ([`crate::load`]) to see
//! which entries already exist, [`decide`] decides what to do with each entry and
//! [`write`] writes atomically.
//!
//! [`import`] runs the whole thing and returns an [`ImportReport`] (data; the binary
//! prints it for people). Problems in the input are warnings ([`Diagnostic`]s naming
//! file and line); only I/O failures and an invalid site configuration stop an import.
//!
//! Dependencies point one way: `import → load → exported`. The importer must see the site
//! exactly as a build does (native entries, exported pages in `content/`, drafts), so it
//! uses the loader; the loader needs the translation but nothing of the command, so the
//! translation sits below both and neither `load` nor `exported` uses `import`.

pub mod decide;
pub mod sources;
pub mod termbase;
pub mod write;

use std::collections::{BTreeMap, HashMap};
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
use crate::foreign::{self, ForeignReport, KindRule, Shape};
use crate::load::{self, LoadOptions};
use crate::model::Kind;
use decide::{Action, Candidate, Existing, Planned};

/// What the caller asks of an import.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Work out and report everything, write nothing.
    pub dry_run: bool,
    /// Replace existing entries (hand-written, or imported and edited since).
    pub force: bool,
    /// Read every markdown page as this generator's (`--from`); else detected per file.
    pub from: Option<Shape>,
    /// The kind other generators' pages become (`--kind`).
    pub kind: KindRule,
    /// `--param name=value`: values for Hugo's `{{< param >}}` and Liquid's `site.x`.
    pub params: BTreeMap<String, String>,
    /// `--source-base https://example.org`: links to pages not imported point there.
    pub source_base: Option<String>,
    /// `--format`: read every input as this termbase format (else by extension).
    pub format: Option<crate::termbase::Format>,
    /// `--map COLUMN=FIELD`: columns (keys) of sheets and JSON read as glossa's fields.
    pub map: crate::termbase::fields::Map,
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
    /// Records of sheets, JSON and TBX files read (rows, objects, concepts).
    pub records: usize,
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
    /// Pages of other generators: what was read, mapped, converted and left.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub foreign: Option<ForeignReport>,
    /// Files of page bundles copied beside their entries.
    pub files_copied: usize,
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

/// Imports the exported pages and other generators' pages under `paths` (files, or
/// folders walked) into the site at `root`.
pub fn import(root: &Path, paths: &[PathBuf], options: &ImportOptions) -> Result<ImportReport> {
    if termbase::wanted(paths, options.format)? {
        return termbase::import(root, paths, options);
    }
    let source_base = source_base(options.source_base.as_deref())?;
    let sorted = sources::sort(paths, &options.params, options.from.is_some())?;
    let read: Vec<Result<Input, Skipped>> =
        sorted.exported.par_iter().map(|p| read_file(p)).collect();
    let mut inputs = Vec::with_capacity(read.len());
    let mut skipped = sorted.skipped;
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
    let mut candidates = decide::from_drafts(&merged.drafts, &ctx);
    let mut warnings = merged.diagnostics;
    let foreign = if sorted.pages.is_empty() {
        for r in &sorted.redirects {
            skipped.push(Skipped {
                path: r.shown.display().to_string(),
                reason:
                    "a redirects file, but no page of another generator was read for it to lead to"
                        .into(),
            });
        }
        None
    } else {
        let fopts = foreign::Options {
            from: options.from,
            kind: options.kind,
            roots: sorted.roots,
            source_base,
            existing: existing
                .keys()
                .cloned()
                .chain(merged.drafts.iter().map(|d| d.key.clone()))
                .collect(),
        };
        let assembled = foreign::assemble(&sorted.pages, &sorted.redirects, &fopts);
        skipped.extend(assembled.skipped);
        warnings.extend(assembled.warnings);
        add_foreign(
            &mut candidates,
            assembled.made,
            &sorted.pages,
            &sorted.assets,
            &mut skipped,
        );
        Some(assembled.report)
    };
    let planned = decide::decide(root, candidates, &existing, options.force);
    if !options.dry_run {
        write::apply(root, &planned)?;
    }

    let mut report = ImportReport {
        dry_run: options.dry_run,
        files: sorted.files,
        pages,
        records: 0,
        made: KindCounts::default(),
        stubs: KindCounts::default(),
        updated: 0,
        unchanged: 0,
        kept: 0,
        merged: merged.drafts.iter().filter_map(merge_note).collect(),
        skipped,
        warnings,
        foreign,
        files_copied: 0,
        entries: Vec::new(),
        content: root.join(load::CONTENT_DIR),
    };
    count(&mut report, &planned);
    report.entries = planned;
    Ok(report)
}

/// The entries other generators' pages gave, as candidates (a key an exported page
/// already gives is skipped with the reason).
fn add_foreign(
    candidates: &mut Vec<Candidate>,
    made: Vec<foreign::Made>,
    pages: &[foreign::Input],
    assets: &[Vec<PathBuf>],
    skipped: &mut Vec<Skipped>,
) {
    for m in made {
        if candidates.iter().any(|c| c.key == m.key) {
            if let Some(i) = m.input {
                skipped.push(Skipped {
                    path: pages[i].shown.display().to_string(),
                    reason: format!("`{}` is already made from an exported page", m.key),
                });
            }
            continue;
        }
        let path = if m.bundle {
            Path::new(load::CONTENT_DIR)
                .join(m.key.kind.folder())
                .join(&m.key.slug)
                .join("index.md")
        } else {
            load::entry_path(&m.key)
        };
        let files = match (m.bundle, m.input) {
            (true, Some(i)) => assets[i]
                .iter()
                .cloned()
                .zip(pages[i].assets.iter().cloned())
                .collect(),
            _ => Vec::new(),
        };
        candidates.push(Candidate {
            key: m.key,
            text: m.text,
            stub: m.stub,
            richness: m.richness,
            path,
            files,
        });
    }
}

/// Counts what the plan does, by action.
fn count(report: &mut ImportReport, planned: &[Planned]) {
    for p in planned {
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
        for f in &p.files {
            match f.action {
                Action::Create | Action::Replace | Action::Update => report.files_copied += 1,
                Action::Skip => report.skipped.push(Skipped {
                    path: f.path.display().to_string(),
                    reason: f.reason.clone().unwrap_or_default(),
                }),
                _ => {}
            }
        }
    }
}

/// `--source-base`, checked: an `http(s)://host[/path]` URL, without its trailing `/`.
fn source_base(base: Option<&str>) -> Result<Option<String>> {
    let Some(base) = base else {
        return Ok(None);
    };
    let ok = crate::exported::url::parse(base).is_ok() && !base.contains(['?', '#']);
    if !ok {
        return Err(Error::Usage(format!(
            "--source-base `{base}` is not an http(s) URL such as https://example.org"
        )));
    }
    Ok(Some(base.trim_end_matches('/').to_string()))
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

/// Why a file is neither an exported page nor a markdown page.
pub const NOT_EXPORT: &str = "not an exported page (its first line is not `# <Title> ⎊ <Kind> …`)";

/// Why a markdown file is no page of another generator either.
pub const NOT_PAGE: &str = "not an exported page (its first line is not `# <Title> ⎊ <Kind> …`), nor another generator's page (no front matter, no `# Title` first line; `--from` reads it anyway)";

/// The text of a file, or why it cannot be one.
pub fn classify_text(bytes: &[u8]) -> Result<&str, &'static str> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("empty file");
    }
    if bytes.contains(&0) {
        return Err("binary file (NUL bytes)");
    }
    std::str::from_utf8(bytes).map_err(|_| "binary file (not UTF-8 text)")
}

/// The text of a file that may be an exported page, or why it is not one.
pub fn classify(bytes: &[u8]) -> Result<&str, &'static str> {
    let text = classify_text(bytes)?;
    if !reader::is_export(text) {
        return Err(NOT_EXPORT);
    }
    Ok(text)
}

/// The entries a site already has, by key.
fn existing_entries(root: &Path) -> Result<HashMap<Key, Existing>> {
    existing_site(root).map(|s| s.entries)
}

/// What an import needs of the site as it is: its entries by key, their titles and the
/// kinds of each slug (what termbases' names may refer to), its language.
pub(crate) struct SiteNames {
    pub(crate) entries: HashMap<Key, Existing>,
    pub(crate) titles: Vec<(Key, String)>,
    pub(crate) kinds: HashMap<String, Vec<Kind>>,
    pub(crate) language: String,
}

/// The site at `root` as the loader sees it (drafts included).
fn existing_site(root: &Path) -> Result<SiteNames> {
    let loaded = load::load(
        root,
        &LoadOptions {
            drafts: true,
            base_url: None,
        },
    )?;
    let site = loaded.site;
    let mut kinds: HashMap<String, Vec<Kind>> = HashMap::new();
    for e in &site.entries {
        kinds.entry(e.slug.clone()).or_default().push(e.kind);
    }
    let key = |e: &crate::model::Entry| Key {
        kind: e.kind,
        slug: e.slug.clone(),
    };
    let entries = site
        .entries
        .iter()
        .map(|e| {
            let source = &site.sources[e.source];
            (
                key(e),
                Existing {
                    path: source.path.clone(),
                    imported: e.source_url.is_some(),
                    stub: e.stub,
                    export_file: reader::is_export(&source.text),
                    richness: decide::richness(e.date, e.updated, e.image.as_ref()),
                    text: Arc::clone(&source.text),
                },
            )
        })
        .collect();
    Ok(SiteNames {
        entries,
        titles: site
            .entries
            .iter()
            .map(|e| (key(e), e.title.clone()))
            .collect(),
        kinds,
        language: site.config.language.clone(),
    })
}
