//! Keying: every page and reference by the URL path it names ([`Key`]). A page is keyed by
//! its Original URL, else its JSON-LD URL, else its H1 title; disagreements are warnings.

use super::clean::shorten;
use super::{Merger, PageData, Record};
use crate::diagnostics::Code;
use crate::exported::url::{self, Key, Target};
use crate::model::Kind;

impl Merger<'_> {
    /// Reads a URL met at `line`; a refused URL is a warning and `None`.
    pub(super) fn url(
        &mut self,
        input: usize,
        line: usize,
        u: &str,
        what: &str,
    ) -> Option<url::Parsed> {
        match url::parse(u) {
            Ok(p) => {
                if p.normalized {
                    self.warn(
                        input,
                        line,
                        Code::ImportUrl,
                        format!("{what} `{u}` has an irregular slug; it was normalized"),
                    );
                }
                Some(p)
            }
            Err(reason) => {
                self.warn(
                    input,
                    line,
                    Code::ImportUrl,
                    format!("{what} `{}` refused: {reason}", shorten(u)),
                );
                None
            }
        }
    }

    /// The entry key a reference URL names (entries only; resource pages mean their area).
    pub(super) fn reference(
        &mut self,
        input: usize,
        line: usize,
        u: &str,
        what: &str,
    ) -> Option<Key> {
        match self.url(input, line, u, what)?.target {
            Target::Entry(k) | Target::Resource(k, _) => Some(k),
            Target::Other => {
                self.warn(
                    input,
                    line,
                    Code::ImportUrl,
                    format!(
                        "{what} `{}` is not a term, definition or area page; ignored",
                        shorten(u)
                    ),
                );
                None
            }
        }
    }

    /// The page's key and everything it says, or `None` (skipped, with the reason).
    pub(super) fn page(&mut self, i: usize) -> Option<PageData> {
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
    pub(super) fn page_key(&mut self, i: usize, kind: Kind) -> Option<(Key, u32, String)> {
        let page = &self.inputs[i].page;
        let mut candidates: Vec<(usize, String, &'static str)> = Vec::new();
        // An Original URL that may be cut off comes after the JSON-LD's URLs.
        let trusted = page.complete;
        if let (Some(u), true) = (&page.original_url, trusted) {
            candidates.push((u.line, u.text.clone(), "the Original URL"));
        }
        for (block, node) in page.nodes() {
            match node.page_url() {
                Some(u) if !u.trim().is_empty() => {
                    candidates.push((block.line, u.to_string(), "the JSON-LD URL"))
                }
                _ => {}
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
                        Code::ImportUrl,
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
                    self.warn(i, line, Code::ImportDisagree, message);
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
                    self.warn(i, page.title_line, Code::ImportDisagree, message);
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
            Code::ImportUrl,
            format!("no URL in the page (cut off?); keyed by its title as `{kind}/{slug}`"),
        );
        Some((
            Key { kind, slug },
            page.resource.unwrap_or(1),
            String::new(),
        ))
    }
}
