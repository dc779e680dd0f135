//! `glossa import` of termbases: CSV/TSV sheets, JSON arrays and TBX files
//! ([`crate::termbase`] reads them) into native entries, through the same
//! [`decide`](super::decide) and [`write`](super::write) as exported pages, so merging by
//! slug, `--dry-run`, `--force`, hand-written entries kept and a second import changing
//! nothing hold alike.
//!
//! Two passes over each file, so a large sheet is never held in memory: the first reads
//! every record's key and title (what related and area cells may name; a record whose key
//! an earlier one took is skipped there, naming it), the second renders each record's
//! entry, decides and writes it, in batches. A file that cannot be read past a point
//! (not UTF-8, an unclosed quote, entities declared) stops the import in the first
//! pass, before anything is written.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::decide::{self, Candidate, Existing, Planned};
use super::{ImportOptions, ImportReport, KindCounts};
use crate::diagnostics::{Code, Diagnostic};
use crate::error::{Error, Result};
use crate::exported::merge::Skipped;
use crate::exported::url::Key;
use crate::foreign::KindRule;
use crate::frontmatter::{is_valid_slug, slugify};
use crate::load::{self, entry_path};
use crate::model::Kind;
use crate::termbase::names::Names;
use crate::termbase::{csv, json, native, tbx, FileError, Format, Item, Next, Record};

/// Records rendered, decided and written together.
const BATCH: usize = 2048;

/// Whether `paths` are termbase files (by `--format`, else by extension); an error when
/// they are mixed with other inputs.
pub fn wanted(paths: &[PathBuf], format: Option<Format>) -> Result<bool> {
    if format.is_some() {
        return Ok(true);
    }
    let data = |p: &PathBuf| Format::from_path(p).is_some() && !p.is_dir();
    let n = paths.iter().filter(|p| data(p)).count();
    if n > 0 && n < paths.len() {
        return Err(Error::Usage(
            "import sheets, JSON and TBX files on their own, not with folders or pages".into(),
        ));
    }
    Ok(n > 0)
}

/// One file to read.
struct Input {
    path: PathBuf,
    format: Format,
    /// JSON and TBX files, read whole (their records are still parsed one at a time).
    bytes: Vec<u8>,
    /// `csv:terms.csv`: the `source_url` of its entries that state none.
    source: String,
}

/// What the first pass learnt: each record's key (`None`: skipped), the names of
/// everything, and the areas named that no entry has.
struct Known {
    keys: Vec<Vec<Option<Key>>>,
    names: Names,
    stubs: Vec<(Key, String)>,
    records: usize,
}

/// Imports the termbase files `paths` into the site at `root`.
pub fn import(root: &Path, paths: &[PathBuf], options: &ImportOptions) -> Result<ImportReport> {
    let site = super::existing_site(root)?;
    let mut inputs = Vec::new();
    for path in paths {
        let format = options
            .format
            .or_else(|| Format::from_path(path))
            .ok_or_else(|| {
                Error::Usage(format!(
                    "{}: say which format it is with --format csv|tsv|json|tbx",
                    path.display()
                ))
            })?;
        let bytes = match format {
            Format::Json | Format::Tbx => std::fs::read(path).map_err(|e| Error::read(path, e))?,
            Format::Csv | Format::Tsv => Vec::new(),
        };
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        inputs.push(Input {
            path: path.clone(),
            format,
            bytes,
            source: format!("{}:{name}", format.name()),
        });
    }
    let mut skipped = Vec::new();
    let mut warnings = Vec::new();
    let known = first_pass(&inputs, options, &site, &mut skipped, &mut warnings)?;
    let mut report = ImportReport {
        dry_run: options.dry_run,
        files: inputs.len(),
        pages: 0,
        records: known.records,
        made: KindCounts::default(),
        stubs: KindCounts::default(),
        updated: 0,
        unchanged: 0,
        kept: 0,
        merged: Vec::new(),
        skipped,
        warnings,
        foreign: None,
        files_copied: 0,
        entries: Vec::new(),
        content: root.join(load::CONTENT_DIR),
    };
    let mut writer = match options.dry_run {
        true => None,
        false => Some(super::write::Writer::new(root)?),
    };
    let mut out = Out {
        root,
        existing: &site.entries,
        force: options.force,
        writer: &mut writer,
        planned: Vec::new(),
    };
    second_pass(
        &inputs,
        options,
        &site.language,
        &known,
        &mut out,
        &mut report.warnings,
    )?;
    let stubs: Vec<Candidate> = known
        .stubs
        .iter()
        .map(|(key, title)| Candidate {
            key: key.clone(),
            text: native::stub_area(
                title,
                &format!("{}:areas/{}", inputs[0].format.name(), key.slug),
            ),
            stub: true,
            richness: 0,
            path: entry_path(key),
            files: Vec::new(),
        })
        .collect();
    out.flush(stubs)?;
    let planned = std::mem::take(&mut out.planned);
    super::count(&mut report, &planned);
    report.entries = planned;
    Ok(report)
}

/// What the second pass writes into.
struct Out<'a> {
    root: &'a Path,
    existing: &'a HashMap<Key, Existing>,
    force: bool,
    writer: &'a mut Option<super::write::Writer>,
    planned: Vec<Planned>,
}

impl Out<'_> {
    /// Decides and writes a batch; keeps what was done (without the texts).
    fn flush(&mut self, batch: Vec<Candidate>) -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let mut planned = decide::decide(self.root, batch, self.existing, self.force);
        if let Some(w) = self.writer.as_mut() {
            w.write(&planned)?;
        }
        for p in &mut planned {
            p.text = String::new();
        }
        self.planned.extend(planned);
        Ok(())
    }
}

/// The items of one file, from its start.
fn items<'a>(
    input: &'a Input,
    options: &ImportOptions,
    language: &str,
) -> Result<Box<dyn Iterator<Item = Next> + 'a>> {
    let fail = |e: FileError| Error::Termbase {
        path: input.path.clone(),
        line: e.line,
        message: e.message,
    };
    Ok(match input.format {
        Format::Csv | Format::Tsv => {
            let file = std::fs::File::open(&input.path).map_err(|e| Error::read(&input.path, e))?;
            let opts = csv::Options {
                delimiter: if input.format == Format::Tsv {
                    b'\t'
                } else {
                    b','
                },
                map: options.map.clone(),
            };
            Box::new(csv::Reader::new(file, &opts).map_err(fail)?)
        }
        Format::Json => {
            Box::new(json::Reader::new(&input.bytes, options.map.clone()).map_err(fail)?)
        }
        Format::Tbx => Box::new(tbx::Reader::new(&input.bytes, language).map_err(fail)?),
    })
}

/// The first pass: keys, names and skips; a file error stops everything.
fn first_pass(
    inputs: &[Input],
    options: &ImportOptions,
    site: &super::SiteNames,
    skipped: &mut Vec<Skipped>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Known> {
    let mut taken: HashMap<Key, String> = HashMap::new();
    let mut known = Known {
        keys: Vec::new(),
        names: Names::default(),
        stubs: Vec::new(),
        records: 0,
    };
    let mut areas: Vec<String> = Vec::new();
    let mut area_seen: HashSet<String> = HashSet::new();
    for input in inputs {
        let mut keys = Vec::new();
        for item in items(input, options, &site.language)? {
            let at = |line: usize| format!("{}:{line}", input.path.display());
            match item.map_err(|e| Error::Termbase {
                path: input.path.clone(),
                line: e.line,
                message: e.message,
            })? {
                Item::Record(r) => {
                    known.records += 1;
                    let key = match key_of(&r, options.kind, &site.kinds) {
                        Ok((key, note)) => {
                            if let Some(message) = note {
                                warnings.push(warning(&input.path, r.line, message));
                            }
                            key
                        }
                        Err(reason) => {
                            skipped.push(Skipped {
                                path: at(r.line),
                                reason,
                            });
                            keys.push(None);
                            continue;
                        }
                    };
                    if let Some(first) = taken.get(&key) {
                        let reason = format!("`{key}` (“{}”) is already given by {first}", r.title);
                        skipped.push(Skipped {
                            path: at(r.line),
                            reason,
                        });
                        keys.push(None);
                        continue;
                    }
                    taken.insert(key.clone(), at(r.line));
                    known.names.add(&key, &r.title, r.id.as_deref());
                    for a in &r.areas {
                        if area_seen.insert(crate::text::lowercase(a)) {
                            areas.push(a.clone());
                        }
                    }
                    keys.push(Some(key));
                }
                Item::Skip { line, reason } => skipped.push(Skipped {
                    path: at(line),
                    reason,
                }),
                Item::Warning { line, message } => {
                    warnings.push(warning(&input.path, line, message))
                }
            }
        }
        known.keys.push(keys);
    }
    for (key, title) in &site.titles {
        known.names.add(key, title, None);
    }
    for name in areas {
        if known.names.area(&name).is_some() {
            continue;
        }
        let slug = slugify(&name);
        if slug.is_empty() {
            continue;
        }
        let key = Key {
            kind: Kind::Area,
            slug,
        };
        known.names.add(&key, &name, None);
        known.stubs.push((key, name));
    }
    Ok(known)
}

/// The second pass: each record's entry, decided and written in batches.
fn second_pass(
    inputs: &[Input],
    options: &ImportOptions,
    language: &str,
    known: &Known,
    out: &mut Out<'_>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<()> {
    for (input, keys) in inputs.iter().zip(&known.keys) {
        let mut batch: Vec<(Box<Record>, Key)> = Vec::with_capacity(BATCH);
        let mut n = 0;
        for item in items(input, options, language)? {
            // The first pass read the whole file: no error is left.
            let Ok(Item::Record(r)) = item else { continue };
            let key = keys.get(n).cloned().flatten();
            n += 1;
            if let Some(key) = key {
                batch.push((r, key));
            }
            if batch.len() == BATCH {
                render(std::mem::take(&mut batch), input, known, out, warnings)?;
            }
        }
        render(batch, input, known, out, warnings)?;
    }
    Ok(())
}

/// Renders a batch of records in parallel, then decides and writes it.
fn render(
    batch: Vec<(Box<Record>, Key)>,
    input: &Input,
    known: &Known,
    out: &mut Out<'_>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<()> {
    let written: Vec<(native::Written, usize)> = batch
        .par_iter()
        .map(|(r, key)| (native::entry(r, key, &known.names, &input.source), r.line))
        .collect();
    let mut candidates = Vec::with_capacity(batch.len());
    for ((r, key), (w, line)) in batch.into_iter().zip(written) {
        warnings.extend(
            w.warnings
                .into_iter()
                .map(|m| warning(&input.path, line, m)),
        );
        candidates.push(Candidate {
            path: entry_path(&key),
            key,
            text: w.text,
            stub: r.stub,
            richness: w.richness,
            files: Vec::new(),
        });
    }
    out.flush(candidates)
}

/// A record's key: the kind from its `kind` cell, else `--kind`, else the site's entry of
/// that slug, else its length; the slug from its `slug` cell (slugified, with a
/// warning, when it is not one), else its title. `Err`: why it has none.
fn key_of(
    r: &Record,
    rule: KindRule,
    site_kinds: &HashMap<String, Vec<Kind>>,
) -> Result<(Key, Option<String>), String> {
    let mut note = None;
    let slug = match r.slug.as_deref() {
        Some(s) if is_valid_slug(s) => s.to_string(),
        Some(s) => {
            let made = slugify(s);
            note = Some(format!("`slug` `{s}` is not a slug (lower-case letters, digits, hyphens); `{made}` is used"));
            made
        }
        None => slugify(&r.title),
    };
    if slug.is_empty() {
        return Err(format!(
            "“{}”: no slug can be made from it; give one in a `slug` column or key",
            r.title
        ));
    }
    let kind = match (r.kind, rule) {
        (Some(k), _) => k,
        (None, KindRule::Always(k)) => k,
        (None, KindRule::Auto) => match site_kinds.get(&slug).map(Vec::as_slice) {
            Some([k]) => *k,
            _ => crate::foreign::auto_kind(&r.body),
        },
    };
    Ok((Key { kind, slug }, note))
}

fn warning(path: &Path, line: usize, message: String) -> Diagnostic {
    Diagnostic::warning(Code::ImportRecord, message, path).at_line(line)
}
