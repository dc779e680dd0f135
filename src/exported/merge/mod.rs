//! Merge: many exported pages in, one [`Draft`] per entry out.
//!
//! Every page and every reference to an entry (an area's related item with its JSON-LD
//! `hasPart` record, a definition's related link, a glossary area) is keyed by its URL path
//! ([`Key`]). Then:
//!
//! - an area and its resource pages (`/area/<slug>/resource/<N>/`) become one area: questions
//!   and related items in page order, without repeats; the resource pages' paths become its
//!   `redirect_from`, so their old URLs keep working;
//! - an entry seen as a page and as related items elsewhere is one entry: the page wins for
//!   text (title, body, description), the richest record wins for dates and for the image;
//! - a referenced entry with no page becomes a stub built from its records (headline,
//!   description, dates, image), so no link dangles;
//! - the markdown wins over disagreeing JSON-LD for text, the JSON-LD gives dates, images and
//!   URLs; every disagreement is a warning naming the file and line.
//!
//! Export decoration is cleaned here: `Meaning ⎊ … ⎊ Term` around descriptions, the site
//! suffix on headlines, facet prefixes (`Liquidation ⎊ …`) on area descriptions.
//!
//! One file per job: [`key`] (pages and references by URL), [`area`] and [`article`] (what
//! each page kind says), [`combine`] (pages and references of one key into a draft, stubs),
//! [`clean`] (export decoration and text helpers).

mod area;
mod article;
mod clean;
mod combine;
mod key;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

use super::reader::ExportPage;
use super::url::{self, Key};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Date, Image};
use clean::placeholder_description;
pub use clean::{clean_description, clean_headline, first_sentence};
use combine::stub;

/// One exported page, read.
#[derive(Clone, Debug)]
pub struct Input {
    /// As shown in messages.
    pub path: PathBuf,
    pub text: Arc<str>,
    pub page: ExportPage,
}

/// Where an entry's data came from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Origin {
    pub path: PathBuf,
    pub line: usize,
}

/// One entry to write, merged from every page and reference that names it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Draft {
    pub key: Key,
    pub title: String,
    pub description: String,
    #[serde(serialize_with = "iso")]
    pub date: Option<Date>,
    #[serde(serialize_with = "iso")]
    pub updated: Option<Date>,
    pub author: Option<String>,
    pub image: Option<Image>,
    /// Areas: their related list; definitions: their related links. In page order.
    pub related: Vec<Key>,
    /// Definitions: the areas of their glossary section.
    pub areas: Vec<Key>,
    /// Areas: question and answer (markdown), in page order.
    pub questions: Vec<(String, String)>,
    /// Terms and definitions: the article's markdown.
    pub body: String,
    pub source_url: String,
    /// Old URLs of the entry's own continuation pages (an area's
    /// `/area/<slug>/resource/<N>/`), site paths that redirect to its page.
    pub redirect_from: Vec<String>,
    /// Made from references only: the entry had no page of its own.
    pub stub: bool,
    /// Pages first (in page order), then the references.
    pub origins: Vec<Origin>,
    /// How many pages it was read from.
    pub pages: usize,
    /// How many references (related items, links, glossary items) named it.
    pub mentions: usize,
}

fn iso<S: serde::Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_some(&d.iso()),
        None => s.serialize_none(),
    }
}

/// A file or page left out, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// What merging produced.
#[derive(Debug, Default)]
pub struct Merged {
    /// Sorted by key.
    pub drafts: Vec<Draft>,
    /// `scheme://host` of every page's own URL: links to these hosts are internal.
    pub origins: BTreeSet<String>,
    pub diagnostics: Vec<Diagnostic>,
    pub skipped: Vec<Skipped>,
}

/// What a page or a reference says about an entry's dates and image.
#[derive(Clone, Debug, Default)]
struct Record {
    title: String,
    description: String,
    date: Option<Date>,
    updated: Option<Date>,
    image: Option<Image>,
    author: Option<String>,
    url: String,
    origin: Option<Origin>,
}

impl Record {
    fn date_score(&self) -> u8 {
        let s = |d: &Option<Date>| match d {
            Some(d) if d.instant.is_some() => 2,
            Some(_) => 1,
            None => 0,
        };
        s(&self.date) + s(&self.updated)
    }

    fn image_score(&self) -> u8 {
        self.image.as_ref().map_or(0, |i| {
            1 + u8::from(i.width.is_some() && i.height.is_some()) + u8::from(!i.caption.is_empty())
        })
    }
}

/// One page's contribution to its entry.
#[derive(Debug)]
struct PageData {
    key: Key,
    /// 1 for an entry's own page, N for `/resource/N/`.
    resource: u32,
    input: usize,
    record: Record,
    questions: Vec<(String, String, usize)>,
    related: Vec<Key>,
    areas: Vec<Key>,
    body: String,
    source_url: String,
}

struct Merger<'a> {
    inputs: &'a [Input],
    diagnostics: Vec<Diagnostic>,
    skipped: Vec<Skipped>,
    /// References by the entry they name.
    records: BTreeMap<Key, Vec<Record>>,
    origins: BTreeSet<String>,
}

/// Merges pages (already read) into drafts. `inputs` are in the order files were given.
pub fn merge(inputs: &[Input]) -> Merged {
    let mut m = Merger {
        inputs,
        diagnostics: Vec::new(),
        skipped: Vec::new(),
        records: BTreeMap::new(),
        origins: BTreeSet::new(),
    };
    let mut pages: BTreeMap<Key, Vec<PageData>> = BTreeMap::new();
    for (i, input) in inputs.iter().enumerate() {
        for w in &input.page.warnings {
            m.warn(i, w.line, Code::Export, w.message.clone());
        }
        if let Some(page) = m.page(i) {
            pages.entry(page.key.clone()).or_default().push(page);
        }
    }
    let mut drafts = Vec::with_capacity(pages.len() + m.records.len());
    let records = std::mem::take(&mut m.records);
    let mut records = records.into_iter().peekable();
    for (key, group) in pages {
        // Records of keys that have no page come first in key order: stubs.
        while let Some((k, _)) = records.peek() {
            if *k >= key {
                break;
            }
            let (k, recs) = records.next().unwrap_or_else(|| unreachable!());
            drafts.push(stub(k, recs));
        }
        let recs = match records.peek() {
            Some((k, _)) if *k == key => records.next().map(|(_, r)| r).unwrap_or_default(),
            _ => Vec::new(),
        };
        drafts.push(m.combine(key, group, recs));
    }
    for (k, recs) in records {
        drafts.push(stub(k, recs));
    }
    // A page cut off before any URL still gets a source URL on the exported site: the host
    // of the pages, else the host its references name most.
    let mut hosts: BTreeMap<String, usize> = BTreeMap::new();
    for d in &drafts {
        if let Ok(p) = url::parse(&d.source_url) {
            *hosts.entry(p.origin).or_default() += 1;
        }
    }
    let fallback = m.origins.iter().next().cloned().or_else(|| {
        hosts
            .iter()
            .max_by_key(|(h, n)| (**n, std::cmp::Reverse((*h).clone())))
            .map(|(h, _)| h.clone())
    });
    if let Some(origin) = fallback {
        for d in drafts.iter_mut().filter(|d| d.source_url.is_empty()) {
            d.source_url = format!("{origin}{}", d.key.path());
        }
    }
    for d in &mut drafts {
        if d.description.is_empty() {
            d.description = placeholder_description(&d.key, &d.title, &d.source_url);
        }
    }
    m.diagnostics
        .sort_by_cached_key(|d| (d.path.clone(), d.location.as_ref().map_or(0, |l| l.line)));
    Merged {
        drafts,
        origins: m.origins,
        diagnostics: m.diagnostics,
        skipped: m.skipped,
    }
}

/// The byte range of a 1-based line of `text` (without its newline).
pub fn line_span(text: &str, line: usize) -> Range<usize> {
    let mut start = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let end = start + l.trim_end_matches(['\n', '\r']).len();
            return start..end;
        }
        start += l.len();
    }
    text.len()..text.len()
}

impl Merger<'_> {
    fn warn(&mut self, input: usize, line: usize, code: Code, message: impl Into<String>) {
        let i = &self.inputs[input];
        let d = Diagnostic::warning(code, message, &i.path);
        let d = if line == 0 {
            d.with_source(&i.text, None)
        } else {
            d.with_source(&i.text, Some(line_span(&i.text, line)))
        };
        self.diagnostics.push(d);
    }

    /// The first line from `from` on that holds `needle` (a value inside a JSON-LD block),
    /// else `from`.
    fn find_line(&self, input: usize, from: usize, needle: &str) -> usize {
        if needle.is_empty() {
            return from;
        }
        self.inputs[input]
            .text
            .lines()
            .enumerate()
            .skip(from.saturating_sub(1))
            .find(|(_, l)| l.contains(needle))
            .map_or(from, |(n, _)| n + 1)
    }

    fn origin(&self, input: usize, line: usize) -> Origin {
        Origin {
            path: self.inputs[input].path.clone(),
            line,
        }
    }

    fn skip(&mut self, input: usize, reason: impl Into<String>) {
        self.skipped.push(Skipped {
            path: self.inputs[input].path.display().to_string(),
            reason: reason.into(),
        });
    }

    fn note(&mut self, key: &Key, record: Record) {
        self.records.entry(key.clone()).or_default().push(record);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_spans() {
        assert_eq!(line_span("a\nbc\n", 2), 2..4);
        assert_eq!(line_span("a", 9), 1..1);
    }
}
