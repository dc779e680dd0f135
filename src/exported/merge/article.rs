//! A term or definition page: its own JSON-LD record, metadata lines, hero image, body
//! sections, related links and glossary areas; and the record, date and image readers
//! every page kind uses.

use super::clean::{clean_description, clean_headline, same_text, shorten, site_names};
use super::{Merger, PageData, Record};
use crate::diagnostics::Code;
use crate::exported::ld::{LdArticle, LdImage, LdNode};
use crate::exported::url::{self, Target};
use crate::model::{Date, Image, Kind};

impl Merger<'_> {
    /// A term or definition page, step by step.
    pub(super) fn article(&mut self, i: usize, data: &mut PageData) {
        self.own_record(i, data);
        self.meta_lines(i, data);
        self.hero_and_body(i, data);
        self.related_links(i, data);
        self.glossary_areas(i, data);
    }

    /// The page's own JSON-LD record: description, dates, image, author (the H1 keeps the title).
    fn own_record(&mut self, i: usize, data: &mut PageData) {
        let page = &self.inputs[i].page;
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
                self.warn(i, line, Code::ImportDisagree, message);
            }
            data.record.description = rec.description;
            data.record.date = rec.date;
            data.record.updated = rec.updated;
            data.record.image = rec.image;
            data.record.author = rec.author;
        }
    }

    /// The `**Published:**`, `**Updated:**`, `**Author:**` and `**Categories:**` lines.
    fn meta_lines(&mut self, i: usize, data: &mut PageData) {
        let page = &self.inputs[i].page;
        let kind = data.key.kind;
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
                    self.warn(i, line, Code::ImportDisagree, message);
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
                self.warn(i, m.line, Code::ImportDisagree, message);
            }
        }
    }

    /// The hero image and the body: further images, then the sections.
    fn hero_and_body(&mut self, i: usize, data: &mut PageData) {
        let page = &self.inputs[i].page;
        let kind = data.key.kind;
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
    }

    /// Bullet links to other entries: related items, each a reference to its entry.
    fn related_links(&mut self, i: usize, data: &mut PageData) {
        let page = &self.inputs[i].page;
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
    }

    /// The `## Glossary` items: the areas the entry belongs to.
    fn glossary_areas(&mut self, i: usize, data: &mut PageData) {
        let page = &self.inputs[i].page;
        for g in &page.glossary {
            let Some(key) = self.reference(i, g.line, &g.url, "glossary area URL") else {
                continue;
            };
            if key.kind != Kind::Area {
                let message = format!("the glossary item `{key}` is not an area; ignored");
                self.warn(i, g.line, Code::ImportDisagree, message);
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

    /// A JSON-LD article node as a record (headline cleaned of the site suffix).
    pub(super) fn article_record(&mut self, i: usize, line: usize, a: &LdArticle) -> Record {
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

    pub(super) fn date(&mut self, i: usize, line: usize, raw: &str) -> Option<Date> {
        let raw = raw.trim();
        if raw.is_empty() {
            return None;
        }
        let d = Date::parse(raw);
        if d.is_none() {
            self.warn(
                i,
                line,
                Code::ImportDate,
                format!("unreadable date `{}`; left out", shorten(raw)),
            );
        }
        d
    }

    pub(super) fn image(&mut self, i: usize, line: usize, img: Option<&LdImage>) -> Option<Image> {
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
                Code::ImportUrl,
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
}
