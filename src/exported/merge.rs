//! Merge: many exported pages in, one [`Draft`] per entry out.
//!
//! Every page and every reference to an entry (an area's related item with its JSON-LD
//! `hasPart` record, a definition's related link, a glossary area) is keyed by its URL path
//! ([`Key`]). Then:
//!
//! - an area and its resource pages (`/area/<slug>/resource/<N>/`) become one area: questions
//!   and related items in page order, without repeats;
//! - an entry seen as a page and as related items elsewhere is one entry: the page wins for
//!   text (title, body, description), the richest record wins for dates and for the image;
//! - a referenced entry with no page becomes a stub built from its records (headline,
//!   description, dates, image), so no link dangles;
//! - the markdown wins over disagreeing JSON-LD for text, the JSON-LD gives dates, images and
//!   URLs; every disagreement is a warning naming the file and line.
//!
//! Export decoration is cleaned here: `Meaning ⎊ … ⎊ Term` around descriptions, the site
//! suffix on headlines, facet prefixes (`Liquidation ⎊ …`) on area descriptions.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

use super::ld::{LdArticle, LdImage, LdNode};
use super::reader::ExportPage;
use super::url::{self, Key, Target};
use crate::diagnostics::Diagnostic;
use crate::model::{Date, Image, Kind};

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
            m.warn(i, w.line, "export", w.message.clone());
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
    fn warn(&mut self, input: usize, line: usize, code: &'static str, message: impl Into<String>) {
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

    /// Reads a URL met at `line`; a refused URL is a warning and `None`.
    fn url(&mut self, input: usize, line: usize, u: &str, what: &str) -> Option<url::Parsed> {
        match url::parse(u) {
            Ok(p) => {
                if p.normalized {
                    self.warn(
                        input,
                        line,
                        "import-url",
                        format!("{what} `{u}` has an irregular slug; it was normalized"),
                    );
                }
                Some(p)
            }
            Err(reason) => {
                self.warn(
                    input,
                    line,
                    "import-url",
                    format!("{what} `{}` refused: {reason}", shorten(u)),
                );
                None
            }
        }
    }

    /// The entry key a reference URL names (entries only; resource pages mean their area).
    fn reference(&mut self, input: usize, line: usize, u: &str, what: &str) -> Option<Key> {
        match self.url(input, line, u, what)?.target {
            Target::Entry(k) | Target::Resource(k, _) => Some(k),
            Target::Other => {
                self.warn(
                    input,
                    line,
                    "import-url",
                    format!(
                        "{what} `{}` is not a term, definition or area page; ignored",
                        shorten(u)
                    ),
                );
                None
            }
        }
    }

    fn note(&mut self, key: &Key, record: Record) {
        self.records.entry(key.clone()).or_default().push(record);
    }

    /// The page's key and everything it says, or `None` (skipped, with the reason).
    fn page(&mut self, i: usize) -> Option<PageData> {
        let page = &self.inputs[i].page;
        let Some(kind) = page.kind else {
            self.skip(
                i,
                "not an exported page: no `# <Title> ⎊ Area|Term|Definition` H1 and no Original URL",
            );
            return None;
        };
        let (key, resource, source_url) = self.page_key(i, kind)?;
        if page.h1_kind.is_some_and(|k| k != key.kind) {
            // The reader already warned; the URL decides.
        }
        let title = page.title.trim().to_string();
        if title.is_empty() {
            self.skip(i, "the page has no title");
            return None;
        }
        let mut data = PageData {
            key: key.clone(),
            resource,
            input: i,
            record: Record {
                title,
                url: source_url.clone(),
                origin: Some(self.origin(i, page.title_line)),
                ..Record::default()
            },
            questions: Vec::new(),
            related: Vec::new(),
            areas: Vec::new(),
            body: String::new(),
            source_url,
        };
        match key.kind {
            Kind::Area => self.area(i, &mut data),
            Kind::Term | Kind::Definition => self.article(i, &mut data),
        }
        Some(data)
    }

    /// The key from the Original URL, else from the JSON-LD, else from the H1.
    fn page_key(&mut self, i: usize, kind: Kind) -> Option<(Key, u32, String)> {
        let page = &self.inputs[i].page;
        let mut candidates: Vec<(usize, String, &'static str)> = Vec::new();
        // An Original URL that may be cut off comes after the JSON-LD's URLs.
        let trusted = page.complete;
        if let (Some(u), true) = (&page.original_url, trusted) {
            candidates.push((u.line, u.text.clone(), "the Original URL"));
        }
        for (block, node) in page.nodes() {
            let u = match node {
                LdNode::CollectionPage(c) if !c.url.is_empty() => c.url.clone(),
                LdNode::CollectionPage(c) => c.id.clone(),
                LdNode::Article(a) | LdNode::DefinedTerm(a) => a.link().to_string(),
                LdNode::BreadcrumbList(b) => {
                    b.items.last().map(|l| l.item.clone()).unwrap_or_default()
                }
                _ => continue,
            };
            if !u.trim().is_empty() {
                candidates.push((block.line, u, "the JSON-LD URL"));
            }
        }
        if let (Some(u), false) = (&page.original_url, trusted) {
            candidates.push((u.line, u.text.clone(), "the Original URL"));
        }
        let mut chosen: Option<(Key, u32, String, usize)> = None;
        for (line, u, what) in candidates {
            let Some(parsed) = self.url(i, line, &u, what) else {
                if what == "the Original URL" {
                    self.skip(i, format!("its Original URL is refused (line {line})"));
                    return None;
                }
                continue;
            };
            let (key, n) = match parsed.target {
                Target::Entry(k) => (k, 1),
                Target::Resource(k, n) => (k, n),
                Target::Other => {
                    self.warn(
                        i,
                        line,
                        "import-url",
                        format!(
                            "{what} `{}` is not a term, definition or area page",
                            shorten(&u)
                        ),
                    );
                    continue;
                }
            };
            match &chosen {
                None => {
                    if what == "the Original URL" {
                        self.origins.insert(parsed.origin.clone());
                    }
                    let source = format!("{}{}", parsed.origin, key.path());
                    chosen = Some((key, n, source, line));
                }
                Some((k, _, _, at)) if *k != key => {
                    let message = format!(
                        "{what} names `{key}` but line {at} names `{k}`; the first is kept"
                    );
                    self.warn(i, line, "import-disagree", message);
                }
                _ => {}
            }
        }
        if let Some((key, n, source, _)) = chosen {
            if key.kind != kind && page.h1_kind.is_some() {
                // Reader warned about H1 vs Original URL; JSON-LD vs H1 is warned here.
                if page.original_url.is_none() {
                    let message = format!(
                        "the H1 says {} but the JSON-LD URL is a {} page; the URL is kept",
                        kind.label(),
                        key.kind
                    );
                    self.warn(i, page.title_line, "import-disagree", message);
                }
            }
            return Some((key, n, source));
        }
        // Cut off before any URL: key by the title.
        let slug = crate::frontmatter::slugify(&page.title);
        if slug.is_empty() {
            self.skip(i, "no URL and no title to key the page by");
            return None;
        }
        let line = page.title_line;
        self.warn(
            i,
            line,
            "import-url",
            format!("no URL in the page (cut off?); keyed by its title as `{kind}/{slug}`"),
        );
        Some((
            Key { kind, slug },
            page.resource.unwrap_or(1),
            String::new(),
        ))
    }

    fn area(&mut self, i: usize, data: &mut PageData) {
        let page = &self.inputs[i].page;
        for q in &page.questions {
            data.questions
                .push((q.question.clone(), q.answer.clone(), q.line));
        }
        // Markdown related items, then JSON-LD records matched by key.
        let mut items: Vec<(Key, Record)> = Vec::new();
        for item in &page.related {
            let Some(key) = self.reference(i, item.line, &item.url, "related item URL") else {
                continue;
            };
            if key == data.key {
                self.warn(
                    i,
                    item.line,
                    "import-disagree",
                    "a related item names the page itself; ignored",
                );
                continue;
            }
            if items.iter().any(|(k, _)| *k == key) {
                self.warn(
                    i,
                    item.line,
                    "import-duplicate",
                    format!("`{key}` is listed twice; kept once"),
                );
                continue;
            }
            let description = item
                .description
                .as_ref()
                .map(|d| clean_description(&d.text))
                .unwrap_or_default();
            items.push((
                key,
                Record {
                    title: item.title.trim().to_string(),
                    description,
                    url: item.url.trim().to_string(),
                    origin: Some(self.origin(i, item.line)),
                    ..Record::default()
                },
            ));
        }
        let mut collection = None;
        let mut faq = None;
        for (block, node) in page.nodes() {
            match node {
                LdNode::CollectionPage(c) if collection.is_none() => {
                    collection = Some((block.line, c))
                }
                LdNode::FaqPage(f) if faq.is_none() => faq = Some((block.line, f)),
                _ => {}
            }
        }
        if let Some((line, c)) = collection {
            let headline = if c.headline.trim().is_empty() {
                &c.name
            } else {
                &c.headline
            };
            let title = clean_headline(headline, &site_names(page));
            if !title.is_empty() && !same_text(&title, &data.record.title) {
                self.warn(
                    i,
                    line,
                    "import-disagree",
                    format!(
                        "the JSON-LD headline `{title}` differs from the H1 `{}`; the H1 is kept",
                        data.record.title
                    ),
                );
            }
            data.record.description = clean_description(&c.description);
            data.record.date = self.date(i, line, &c.date_published);
            data.record.updated = self.date(i, line, &c.date_modified);
            data.record.image = self.image(i, line, c.image.as_ref());
            for part in &c.has_part {
                let u = part.link().to_string();
                let line = self.find_line(i, line, &u);
                let Some(key) = self.reference(i, line, &u, "hasPart URL") else {
                    continue;
                };
                if key == data.key {
                    continue;
                }
                let rec = self.article_record(i, line, part);
                match items.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, r)) => {
                        if !rec.title.is_empty() && !same_text(&rec.title, &r.title) {
                            let message = format!(
                                "hasPart headline `{}` differs from the related item `{}` (line {}); the markdown is kept",
                                rec.title,
                                r.title,
                                r.origin.as_ref().map_or(0, |o| o.line)
                            );
                            self.warn(i, line, "import-disagree", message);
                        }
                        if r.description.is_empty() {
                            r.description = rec.description;
                        }
                        r.date = rec.date;
                        r.updated = rec.updated;
                        r.image = rec.image;
                        r.author = rec.author;
                    }
                    None => {
                        self.warn(
                            i,
                            line,
                            "import-disagree",
                            format!("hasPart names `{key}`, which is not in the markdown's related list; added after it"),
                        );
                        items.push((key, rec));
                    }
                }
            }
        }
        if let Some((line, f)) = faq {
            for q in &f.questions {
                let line = self.find_line(i, line, &q.name);
                match data.questions.iter().find(|(mq, _, _)| same_text(mq, &q.name)) {
                    None => self.warn(
                        i,
                        line,
                        "import-disagree",
                        format!("the FAQPage question `{}` is not among the page's H2s; the markdown is kept", q.name),
                    ),
                    Some((_, answer, at)) if !same_text(&plain(answer), &q.answer) => {
                        let message = format!(
                            "the FAQPage answer to `{}` differs from the text under line {at}; the markdown is kept",
                            q.name
                        );
                        self.warn(i, line, "import-disagree", message);
                    }
                    _ => {}
                }
            }
        }
        if data.record.description.is_empty() {
            if let Some((_, answer, _)) = data.questions.first() {
                data.record.description = first_sentence(answer);
            }
        }
        for (key, rec) in items {
            data.related.push(key.clone());
            self.note(&key, rec);
        }
    }

    fn article(&mut self, i: usize, data: &mut PageData) {
        let page = &self.inputs[i].page;
        let kind = data.key.kind;
        // The page's own JSON-LD node: the one whose URL is the page's, else the first.
        let mut own: Option<(usize, &LdArticle)> = None;
        for (block, node) in page.nodes() {
            if let LdNode::Article(a) | LdNode::DefinedTerm(a) = node {
                let same = url::parse(a.link())
                    .ok()
                    .is_some_and(|p| p.target == Target::Entry(data.key.clone()));
                if same || own.is_none() {
                    own = Some((block.line, a));
                }
                if same {
                    break;
                }
            }
        }
        if let Some((line, a)) = own {
            let rec = self.article_record(i, line, a);
            if !rec.title.is_empty() && !same_text(&rec.title, &data.record.title) {
                let message = format!(
                    "the JSON-LD headline `{}` differs from the H1 `{}`; the H1 is kept",
                    rec.title, data.record.title
                );
                self.warn(i, line, "import-disagree", message);
            }
            data.record.description = rec.description;
            data.record.date = rec.date;
            data.record.updated = rec.updated;
            data.record.image = rec.image;
            data.record.author = rec.author;
        }
        if let Some(m) = page.meta("Published") {
            let (line, value) = (m.line, m.value.clone());
            let day = self.date(i, line, &value);
            match (data.record.date, day) {
                (None, d) => data.record.date = d,
                (Some(a), Some(b)) if a.day != b.day => {
                    let message = format!(
                        "**Published:** {value} disagrees with the JSON-LD date {}; the JSON-LD is kept",
                        a.ymd()
                    );
                    self.warn(i, line, "import-disagree", message);
                }
                _ => {}
            }
        }
        for name in ["Updated", "Modified"] {
            if let Some(m) = page.meta(name) {
                if data.record.updated.is_none() {
                    let (line, value) = (m.line, m.value.clone());
                    data.record.updated = self.date(i, line, &value);
                }
            }
        }
        if let Some(m) = page.meta("Author") {
            if !m.value.is_empty() {
                data.record.author = Some(m.value.clone());
            }
        }
        if let Some(m) = page.meta("Categories") {
            let named = m
                .value
                .split(',')
                .map(str::trim)
                .find_map(|c| Kind::parse(&c.to_lowercase()));
            if named.is_some_and(|k| k != kind) {
                let message = format!("**Categories:** {} on a {kind} page", m.value);
                self.warn(i, m.line, "import-disagree", message);
            }
        }
        // The first image line is the hero image (sizes from the JSON-LD when it is the
        // same picture); further ones stay in the body.
        let mut body = Vec::new();
        let mut images = page.images.iter();
        if let Some(first) = images.next() {
            let from_ld = data.record.image.take();
            let (width, height) = match &from_ld {
                Some(ld) if ld.url == first.url => (ld.width, ld.height),
                _ => (None, None),
            };
            data.record.image = self.image(
                i,
                first.line,
                Some(&LdImage {
                    url: first.url.clone(),
                    width,
                    height,
                    caption: first.caption.clone(),
                }),
            );
            if data.record.image.is_none() {
                data.record.image = from_ld;
            }
        }
        for img in images {
            body.push(format!("![{}]({})", img.caption, img.url));
        }
        let title = data.record.title.clone();
        for (n, s) in page.sections.iter().enumerate() {
            match &s.heading {
                // A definition repeats its title as the first H2: the page's H1 says it.
                Some(h) if n == 0 && kind == Kind::Definition && same_text(h, &title) => {
                    if !s.text.is_empty() {
                        body.push(s.text.clone());
                    }
                }
                Some(h) => {
                    if s.text.is_empty() {
                        body.push(format!("## {h}"));
                    } else {
                        body.push(format!("## {h}\n\n{}", s.text));
                    }
                }
                None => body.push(s.text.clone()),
            }
        }
        data.body = body.join("\n\n");
        for link in &page.links {
            let Some(key) = self.reference(i, link.line, &link.url, "related link") else {
                continue;
            };
            if key == data.key || data.related.contains(&key) {
                continue;
            }
            data.related.push(key.clone());
            let origin = self.origin(i, link.line);
            self.note(
                &key,
                Record {
                    title: link.title.trim().to_string(),
                    url: link.url.trim().to_string(),
                    origin: Some(origin),
                    ..Record::default()
                },
            );
        }
        for g in &page.glossary {
            let Some(key) = self.reference(i, g.line, &g.url, "glossary area URL") else {
                continue;
            };
            if key.kind != Kind::Area {
                let message = format!("the glossary item `{key}` is not an area; ignored");
                self.warn(i, g.line, "import-disagree", message);
                continue;
            }
            if data.areas.contains(&key) {
                continue;
            }
            data.areas.push(key.clone());
            let origin = self.origin(i, g.line);
            self.note(
                &key,
                Record {
                    title: g.title.trim().to_string(),
                    description: g
                        .text
                        .as_ref()
                        .map(|t| clean_description(&t.text))
                        .unwrap_or_default(),
                    url: g.url.trim().to_string(),
                    origin: Some(origin),
                    ..Record::default()
                },
            );
        }
    }

    fn article_record(&mut self, i: usize, line: usize, a: &LdArticle) -> Record {
        let sites = site_names(&self.inputs[i].page);
        Record {
            title: clean_headline(a.title(), &sites),
            description: clean_description(&a.description),
            date: self.date(i, line, &a.date_published),
            updated: self.date(i, line, &a.date_modified),
            image: self.image(i, line, a.image.as_ref()),
            author: a
                .author
                .as_ref()
                .map(|p| p.name.trim().to_string())
                .filter(|n| !n.is_empty()),
            url: a.link().trim().to_string(),
            origin: Some(self.origin(i, line)),
        }
    }

    fn date(&mut self, i: usize, line: usize, raw: &str) -> Option<Date> {
        let raw = raw.trim();
        if raw.is_empty() {
            return None;
        }
        let d = Date::parse(raw);
        if d.is_none() {
            self.warn(
                i,
                line,
                "import-date",
                format!("unreadable date `{}`; left out", shorten(raw)),
            );
        }
        d
    }

    fn image(&mut self, i: usize, line: usize, img: Option<&LdImage>) -> Option<Image> {
        let img = img?;
        let u = img.url.trim();
        if u.is_empty() {
            return None;
        }
        let lower = u.to_ascii_lowercase();
        let ok = (lower.starts_with("https://")
            || lower.starts_with("http://")
            || (u.starts_with('/') && !u.starts_with("//")))
            && !u
                .chars()
                .any(|c| c.is_control() || c.is_whitespace() || c == '\\');
        if !ok {
            self.warn(
                i,
                line,
                "import-url",
                format!("image URL `{}` refused: not an http(s) URL", shorten(u)),
            );
            return None;
        }
        Some(Image {
            url: u.to_string(),
            caption: img.caption.trim().to_string(),
            width: img.width,
            height: img.height,
        })
    }

    /// Merges the pages of one key (an area and its resource pages, or a page exported
    /// twice) with the records that reference it.
    fn combine(&mut self, key: Key, mut group: Vec<PageData>, records: Vec<Record>) -> Draft {
        group.sort_by_key(|p| (p.resource, p.input));
        let mut origins: Vec<Origin> = group
            .iter()
            .filter_map(|p| p.record.origin.clone())
            .collect();
        let pages = group.len();
        let mut iter = group.into_iter();
        let Some(first) = iter.next() else {
            return stub(key, records);
        };
        let mut questions = first.questions;
        let mut related = first.related;
        let mut areas = first.areas;
        let mut body = first.body;
        let mut source_url = first.source_url;
        let mut page_record = first.record;
        for p in iter {
            let input = p.input;
            if !same_text(&p.record.title, &page_record.title) {
                let message = format!(
                    "`{key}` is titled `{}` here but `{}` in {}; the first is kept",
                    p.record.title,
                    page_record.title,
                    origins
                        .first()
                        .map_or(String::new(), |o| o.path.display().to_string())
                );
                self.warn(
                    input,
                    p.record.origin.as_ref().map_or(0, |o| o.line),
                    "import-disagree",
                    message,
                );
            }
            for (q, a, line) in p.questions {
                match questions.iter().find(|(mq, _, _)| same_text(mq, &q)) {
                    None => questions.push((q, a, line)),
                    Some((_, ma, _)) if !same_text(ma, &a) => {
                        let message = format!("the question `{q}` is answered differently on an earlier page; the first answer is kept");
                        self.warn(input, line, "import-duplicate", message);
                    }
                    Some(_) => {}
                }
            }
            for k in p.related {
                if !related.contains(&k) {
                    related.push(k);
                }
            }
            for k in p.areas {
                if !areas.contains(&k) {
                    areas.push(k);
                }
            }
            if body.is_empty() {
                body = p.body;
            } else if !p.body.is_empty() && p.body != body {
                let line = p.record.origin.as_ref().map_or(0, |o| o.line);
                self.warn(input, line, "import-duplicate", format!("`{key}` was exported twice with different text; the first page's text is kept"));
            }
            if source_url.is_empty() {
                source_url = p.source_url;
            }
            fill(&mut page_record, p.record);
        }
        let mentions = records.len();
        origins.extend(records.iter().filter_map(|r| r.origin.clone()));
        // The page wins for text; the richest record wins for dates and image.
        let best_dates = records
            .iter()
            .filter(|r| r.date_score() > page_record.date_score())
            .max_by_key(|r| (r.date_score(), std::cmp::Reverse(r.origin.clone())));
        if let Some(r) = best_dates {
            page_record.date = r.date;
            page_record.updated = r.updated;
        }
        let best_image = records
            .iter()
            .filter(|r| r.image_score() > page_record.image_score())
            .max_by_key(|r| (r.image_score(), std::cmp::Reverse(r.origin.clone())));
        if let Some(r) = best_image {
            page_record.image = r.image.clone();
        }
        if page_record.description.is_empty() {
            page_record.description = records
                .iter()
                .map(|r| r.description.clone())
                .find(|d| !d.is_empty())
                .unwrap_or_else(|| first_sentence(&body));
        }
        if page_record.author.is_none() {
            page_record.author = records.iter().find_map(|r| r.author.clone());
        }
        if source_url.is_empty() {
            source_url = records
                .iter()
                .map(|r| r.url.clone())
                .find(|u| !u.is_empty())
                .unwrap_or_default();
        }
        Draft {
            key,
            title: page_record.title,
            description: page_record.description,
            date: page_record.date,
            updated: page_record.updated,
            author: page_record.author,
            image: page_record.image,
            related,
            areas,
            questions: questions.into_iter().map(|(q, a, _)| (q, a)).collect(),
            body,
            source_url,
            stub: false,
            origins,
            pages,
            mentions,
        }
    }
}

/// Names the page gives its site: its H1 suffix and the publishers in its JSON-LD.
fn site_names(page: &ExportPage) -> Vec<String> {
    let mut names = page.suffix.clone();
    for (_, node) in page.nodes() {
        let publisher = match node {
            LdNode::CollectionPage(c) => c.publisher.as_ref(),
            LdNode::Article(a) | LdNode::DefinedTerm(a) => a.publisher.as_ref(),
            _ => None,
        };
        if let Some(p) = publisher {
            names.push(p.name.trim().to_string());
        }
    }
    names
}

/// Fills what `into` lacks from `from`.
fn fill(into: &mut Record, from: Record) {
    if into.date_score() < from.date_score() {
        into.date = from.date;
        into.updated = from.updated;
    }
    if into.image_score() < from.image_score() {
        into.image = from.image;
    }
    if into.author.is_none() {
        into.author = from.author;
    }
    if into.description.is_empty() {
        into.description = from.description;
    }
}

/// A short entry for a key that only references name.
fn stub(key: Key, records: Vec<Record>) -> Draft {
    let title = records
        .iter()
        .map(|r| r.title.clone())
        .find(|t| !t.is_empty())
        .unwrap_or_else(|| title_from_slug(&key.slug));
    let description = records
        .iter()
        .map(|r| r.description.clone())
        .find(|d| !d.is_empty())
        .unwrap_or_default();
    let dates = records
        .iter()
        .max_by_key(|r| (r.date_score(), std::cmp::Reverse(r.origin.clone())));
    let image = records
        .iter()
        .filter(|r| r.image_score() > 0)
        .max_by_key(|r| (r.image_score(), std::cmp::Reverse(r.origin.clone())));
    Draft {
        title,
        description,
        date: dates.and_then(|r| r.date),
        updated: dates.and_then(|r| r.updated),
        author: records.iter().find_map(|r| r.author.clone()),
        image: image.and_then(|r| r.image.clone()),
        related: Vec::new(),
        areas: Vec::new(),
        questions: Vec::new(),
        body: String::new(),
        source_url: records
            .iter()
            .filter_map(|r| {
                url::parse(&r.url)
                    .ok()
                    .map(|p| format!("{}{}", p.origin, key.path()))
            })
            .next()
            .unwrap_or_default(),
        stub: true,
        origins: records.iter().filter_map(|r| r.origin.clone()).collect(),
        pages: 0,
        mentions: records.len(),
        key,
    }
}

fn title_from_slug(slug: &str) -> String {
    slug.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether two texts say the same thing (whitespace and case aside).
fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

fn shorten(s: &str) -> String {
    if s.chars().count() <= 80 {
        s.to_string()
    } else {
        let cut: String = s.chars().take(77).collect();
        format!("{cut}…")
    }
}

const KIND_LABELS: [&str; 3] = ["Term", "Definition", "Area"];

/// A description without export decoration: `Meaning ⎊ … ⎊ Term` → `…`, and a facet prefix
/// (`Liquidation ⎊ …`, `Mechanism ⎊ …`) removed. `⎊` inside the sentence is kept.
pub fn clean_description(s: &str) -> String {
    let mut s = s.trim();
    loop {
        let before = s;
        for label in KIND_LABELS {
            if let Some(rest) = s.strip_suffix(label) {
                if let Some(rest) = rest.trim_end().strip_suffix('⎊') {
                    s = rest.trim_end();
                }
            }
        }
        if s == before {
            break;
        }
    }
    if let Some((head, rest)) = s.split_once('⎊') {
        let head = head.trim();
        // A facet is one to three capitalised words ("Liquidation", "Risk Management").
        let words: Vec<&str> = head.split_whitespace().collect();
        let is_prefix = head.eq_ignore_ascii_case("Meaning")
            || ((1..=3).contains(&words.len())
                && head.len() <= 40
                && words.iter().all(|w| {
                    w.chars().next().is_some_and(char::is_uppercase)
                        && w.chars().all(|c| c.is_alphanumeric() || c == '-')
                }));
        if is_prefix && !rest.trim().is_empty() {
            s = rest.trim();
        }
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A headline without the export's suffixes: `Title ⎊ Area ⎊ Site` → `Title`, and a site
/// name (one of the page's H1 suffix segments) dropped from the end.
pub fn clean_headline(s: &str, site_suffix: &[String]) -> String {
    let segments: Vec<&str> = s.split('⎊').map(str::trim).collect();
    let end = segments
        .iter()
        .skip(1)
        .position(|seg| KIND_LABELS.contains(seg) || site_suffix.iter().any(|x| x == seg))
        .map_or(segments.len(), |p| p + 1);
    segments[..end].join(" ⎊ ").trim().to_string()
}

/// The plain text of a markdown snippet: emphasis markers and link targets dropped.
pub fn plain(markdown: &str) -> String {
    let events = pulldown_cmark::Parser::new(markdown);
    let mut out = String::new();
    for e in events {
        use pulldown_cmark::{Event, TagEnd};
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => {
                out.push_str("\n\n")
            }
            _ => {}
        }
    }
    out.trim().to_string()
}

/// A one-sentence description from markdown: the first sentence of its first paragraph
/// (headings and image text skipped; at most about 300 characters).
pub fn first_sentence(markdown: &str) -> String {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let mut para = String::new();
    let (mut in_para, mut in_image) = (false, 0usize);
    for e in pulldown_cmark::Parser::new(markdown) {
        match e {
            Event::Start(Tag::Paragraph) => in_para = true,
            Event::End(TagEnd::Paragraph) => {
                in_para = false;
                if !para.trim().is_empty() {
                    break;
                }
                para.clear();
            }
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if in_para && in_image == 0 => para.push_str(&t),
            Event::SoftBreak | Event::HardBreak if in_para => para.push(' '),
            _ => {}
        }
    }
    let para = para.split_whitespace().collect::<Vec<_>>().join(" ");
    let end = para
        .match_indices(". ")
        .map(|(i, _)| i)
        .find(|&i| i >= 20)
        .map(|i| i + 1);
    let mut s = match end {
        Some(e) => para[..e].to_string(),
        None => para,
    };
    if s.chars().count() > 300 {
        let cut: String = s.chars().take(300).collect();
        let cut = match cut.rfind(' ') {
            Some(i) => cut[..i].to_string(),
            None => cut,
        };
        s = format!("{cut}…");
    }
    s
}

/// The description of an entry nothing describes: what it is and where it came from.
fn placeholder_description(key: &Key, title: &str, source_url: &str) -> String {
    let host = url::parse(source_url).ok().map(|p| {
        p.origin
            .split_once("://")
            .map_or(p.origin.clone(), |(_, h)| h.to_string())
    });
    match host {
        Some(host) => format!(
            "{title}: a {} imported from {host}, where its own page was not part of the export.",
            key.kind
        ),
        None => format!("{title}: an imported {} without a description.", key.kind),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_decoration() {
        assert_eq!(
            clean_description("Meaning ⎊ Funding moves with the premium. ⎊ Term"),
            "Funding moves with the premium."
        );
        assert_eq!(
            clean_description("The gap ⎊ in prose ⎊ stays. ⎊ Definition"),
            "The gap ⎊ in prose ⎊ stays."
        );
        assert_eq!(
            clean_description("Liquidation ⎊ Forced closure, when margin runs out."),
            "Forced closure, when margin runs out."
        );
        assert_eq!(
            clean_description("A long sentence, with commas ⎊ and a dash."),
            "A long sentence, with commas ⎊ and a dash."
        );
        assert_eq!(clean_description("Plain."), "Plain.");
        let site = vec!["Example Glossary".to_string()];
        assert_eq!(
            clean_headline("Funding ⎊ Area ⎊ Example Glossary", &site),
            "Funding"
        );
        assert_eq!(
            clean_headline("Funding ⎊ Example Glossary", &site),
            "Funding"
        );
        assert_eq!(clean_headline("A ⎊ B", &site), "A ⎊ B");
        assert_eq!(
            first_sentence("The **basis** is [spot](https://x/) minus futures. More text."),
            "The basis is spot minus futures."
        );
        assert_eq!(
            first_sentence(
                "## Essence\n\n![alt](x.jpg)\n\n**Keepers** close positions for a fee. They watch."
            ),
            "Keepers close positions for a fee."
        );
        assert_eq!(line_span("a\nbc\n", 2), 2..4);
        assert_eq!(line_span("a", 9), 1..1);
    }
}
