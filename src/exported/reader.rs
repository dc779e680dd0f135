//! The export reader: one exported page's text in, a typed [`ExportPage`] out.
//!
//! [`read`] is a pure function over text that never panics and never gives up: a page cut
//! off anywhere, a half-written line, an unclosed code fence, invalid JSON, an unknown H1
//! suffix all become [`Warning`]s (with 1-based line numbers) while everything before and
//! around them is still read. It only *reads*: which URL keys the page, how areas merge
//! with their resource pages and what the native entry looks like are decided in
//! [`super::merge`].
//!
//! The layout it understands (FORMAT.md §2):
//!
//! ```text
//! # <Title> ⎊ Area ⎊ <Site>          | # <Title> ⎊ Term | # <Title> ⎊ Definition
//! **Published:** …  **Author:** …  **Categories:** …      (terms, definitions)
//! ---
//! ![caption](url)                                          (images before the article)
//! ## What is the <Facet> of <Title>?  + answer             (areas: questions)
//! ## <Section>  + markdown                                 (terms, definitions)
//! - [<Title>](<url>)                                       (definitions: related links)
//! ## Glossary  / ### [<Area>](<url>) + `<Facet> ⎊ <sentence>` (definitions)
//! ---
//! ## [<Title>](<url>)  + optional description line         (areas: related items)
//! ---
//! ## Raw Schema Data  + ```json blocks                      (every JSON-LD block)
//! ---
//! **Original URL:** <url>
//! ```

use serde::Serialize;

use super::ld::{self, LdNode};
use super::url;
use crate::model::Kind;

/// Everything read from one exported page.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ExportPage {
    /// The kind the H1 suffix names, else the kind the `Original URL` path names.
    pub kind: Option<Kind>,
    /// The kind the H1 suffix names (`Area`, `Term`, `Definition`).
    pub h1_kind: Option<Kind>,
    /// `N` of an area's `⎊ Resource N` suffix.
    pub resource: Option<u32>,
    pub title: String,
    /// Line of the H1 (0 when there is none).
    pub title_line: usize,
    /// The H1 segments after the kind (the site name, `Resource N`).
    pub suffix: Vec<String>,
    /// `**Published:**`, `**Author:**`, `**Categories:**`, … before the first `---`.
    pub meta: Vec<MetaLine>,
    /// Image lines between the header and the first section.
    pub images: Vec<ImageLine>,
    /// Areas: question-shaped H2s and their answers.
    pub questions: Vec<QuestionSection>,
    /// Areas: the related list (`## [Title](url)` and its description line).
    pub related: Vec<RelatedItem>,
    /// Terms and definitions: the article, one entry per H2 (`heading: None` for text
    /// before the first H2).
    pub sections: Vec<Section>,
    /// Definitions: bullet items that are nothing but a link (`- [Title](url)`).
    pub links: Vec<LinkItem>,
    /// Definitions: the `## Glossary` section's `### [Area](url)` items.
    pub glossary: Vec<GlossaryItem>,
    pub original_url: Option<Located>,
    pub json_ld: Vec<JsonLdBlock>,
    pub warnings: Vec<Warning>,
    /// Whether the page ends with its `**Original URL:**` line (else it was cut off).
    pub complete: bool,
}

/// A text with the line it was read from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Located {
    pub text: String,
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MetaLine {
    pub key: String,
    pub value: String,
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImageLine {
    pub caption: String,
    pub url: String,
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuestionSection {
    pub question: String,
    pub line: usize,
    /// The answer's markdown (lines up to the next H2 or `---`, trimmed).
    pub answer: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RelatedItem {
    pub title: String,
    pub url: String,
    pub line: usize,
    /// The description line, as written (with its `Meaning ⎊ … ⎊ Term` decoration).
    pub description: Option<Located>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Section {
    pub heading: Option<String>,
    pub line: usize,
    /// The section's markdown, without its heading, trimmed of blank lines.
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LinkItem {
    pub title: String,
    pub url: String,
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GlossaryItem {
    pub title: String,
    pub url: String,
    pub line: usize,
    /// The `<Facet> ⎊ <sentence>` line.
    pub text: Option<Located>,
}

/// One fenced block of the `## Raw Schema Data` section.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct JsonLdBlock {
    /// Line of the opening fence.
    pub line: usize,
    pub nodes: Vec<LdNode>,
    /// Why the block could not be read as JSON.
    pub error: Option<String>,
}

/// A problem found while reading, at a 1-based line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub line: usize,
    pub message: String,
}

impl ExportPage {
    /// The value of a metadata line (`Published`, `Author`, …), case-insensitively.
    pub fn meta(&self, key: &str) -> Option<&MetaLine> {
        self.meta.iter().find(|m| m.key.eq_ignore_ascii_case(key))
    }

    /// Every JSON-LD node of the page, in order.
    pub fn nodes(&self) -> impl Iterator<Item = (&JsonLdBlock, &LdNode)> {
        self.json_ld
            .iter()
            .flat_map(|b| b.nodes.iter().map(move |n| (b, n)))
    }
}

/// Whether a text is an exported page: its first non-blank line is an H1 holding the `⎊`
/// separator (`# Title ⎊ Term`). Native entries start with `+++` or `---` instead.
pub fn is_export(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.starts_with("# ") && l.contains('⎊'))
}

/// One line of the input.
struct Line<'a> {
    number: usize,
    text: &'a str,
    /// Ended with a newline (so it was not cut off half-way).
    ended: bool,
}

/// Which part of the page text lines belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Open {
    /// Nothing collects text (after an item that takes one line, between parts).
    None,
    /// Between the H1 and the first `---`: metadata lines.
    Header,
    /// After the first `---`, before the first H2.
    Intro,
    Question(usize),
    Related(usize),
    Section(usize),
    Glossary(usize),
}

struct Fence {
    line: usize,
    json_ld: bool,
    text: String,
}

/// Reads one exported page. Never panics; every problem is a warning.
pub fn read(text: &str) -> ExportPage {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<Line<'_>> = text
        .split_inclusive('\n')
        .enumerate()
        .map(|(i, l)| Line {
            number: i + 1,
            ended: l.ends_with('\n'),
            text: l.trim_end_matches(['\n', '\r']),
        })
        .collect();
    let mut r = Reader {
        page: ExportPage::default(),
        open: Open::None,
        related_zone: false,
        glossary_zone: false,
        schema: false,
        ended: false,
        original_ended: false,
        fence: None,
        lines: lines.len().max(1),
    };
    r.page.kind = lines
        .iter()
        .find_map(|l| original_url(l.text))
        .and_then(|u| url::kind_of(&u));
    for (i, line) in lines.iter().enumerate() {
        r.line(line, &lines[i + 1..]);
    }
    r.finish(lines.last());
    r.page
}

struct Reader {
    page: ExportPage,
    open: Open,
    /// Areas: past the `---` that ends the questions.
    related_zone: bool,
    /// Definitions: inside `## Glossary`.
    glossary_zone: bool,
    /// Past `## Raw Schema Data`.
    schema: bool,
    /// Past `**Original URL:**`.
    ended: bool,
    /// The `**Original URL:**` line ended with a newline (so it was not cut half-way).
    original_ended: bool,
    fence: Option<Fence>,
    /// Number of lines of the text (warnings never point past it).
    lines: usize,
}

impl Reader {
    fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.page.warnings.push(Warning {
            line: line.clamp(1, self.lines),
            message: message.into(),
        });
    }

    fn line(&mut self, line: &Line<'_>, rest: &[Line<'_>]) {
        let t = line.text;
        let trimmed = t.trim();
        if let Some(fence) = &mut self.fence {
            if trimmed.starts_with("```") && trimmed.trim_start_matches('`').trim().is_empty() {
                let fence = self.fence.take();
                if let Some(f) = fence {
                    if f.json_ld {
                        self.json_block(f);
                    } else {
                        self.append(line, t);
                    }
                }
            } else if fence.json_ld {
                fence.text.push_str(t);
                fence.text.push('\n');
            } else {
                self.append(line, t);
            }
            return;
        }
        if self.ended {
            return;
        }
        // The unterminated last line of a cut page, when it is only the beginning of a
        // structural line (`#`, `--`, `**Orig`): residue of the cut, not text.
        if !line.ended && !trimmed.is_empty() && RESIDUE.iter().any(|p| p.starts_with(trimmed)) {
            return;
        }
        if let Some(u) = original_url(t) {
            self.page.original_url = Some(Located {
                text: u,
                line: line.number,
            });
            self.original_ended = line.ended;
            self.ended = true;
            self.open = Open::None;
            return;
        }
        if trimmed.starts_with("```") {
            let json_ld = self.schema;
            self.fence = Some(Fence {
                line: line.number,
                json_ld,
                text: String::new(),
            });
            if !json_ld {
                self.append(line, t);
            }
            return;
        }
        if self.schema {
            return;
        }
        if trimmed == "## Raw Schema Data" {
            self.schema = true;
            self.open = Open::None;
            return;
        }
        if self.page.title_line == 0 {
            if trimmed.is_empty() {
                return;
            }
            if let Some(h1) = t.strip_prefix("# ") {
                self.h1(h1, line);
                self.open = Open::Header;
                return;
            }
            self.warn(
                line.number,
                "the page does not start with an H1 (`# <Title> ⎊ <Kind>`)",
            );
            self.page.title_line = usize::MAX;
            self.open = Open::Intro;
        }
        if trimmed == "---" {
            self.thematic_break(line, rest);
            return;
        }
        if let Some(h) = t.strip_prefix("## ") {
            self.h2(h.trim(), line);
            return;
        }
        if self.glossary_zone {
            self.glossary_line(line, trimmed);
            return;
        }
        match self.open {
            Open::Header => {
                if let Some(meta) = meta_line(trimmed, line.number) {
                    self.page.meta.push(meta);
                } else if !trimmed.is_empty() {
                    self.append(line, t);
                }
            }
            Open::Intro => match image_line(trimmed, line.number) {
                Some(img) => self.page.images.push(img),
                None => self.append(line, t),
            },
            Open::Related(i) => {
                if trimmed.is_empty() {
                    return;
                }
                let number = line.number;
                if let Some(item) = self.page.related.get_mut(i) {
                    match &mut item.description {
                        None => {
                            item.description = Some(Located {
                                text: trimmed.to_string(),
                                line: number,
                            })
                        }
                        Some(d) => {
                            d.text.push(' ');
                            d.text.push_str(trimmed);
                            self.warn(
                                number,
                                "a related item has more than one description line; they are joined",
                            );
                        }
                    }
                }
            }
            Open::Section(i) if self.page.kind == Some(Kind::Definition) => {
                match bullet_link(trimmed, line.number) {
                    Some(link) if self.page.sections.get(i).is_some() => self.page.links.push(link),
                    _ => self.append(line, t),
                }
            }
            _ => self.append(line, t),
        }
    }

    /// Adds a line of text to whatever is open (a section is opened for stray text).
    fn append(&mut self, line: &Line<'_>, t: &str) {
        let target = match self.open {
            Open::Question(i) => self.page.questions.get_mut(i).map(|q| &mut q.answer),
            Open::Section(i) => self.page.sections.get_mut(i).map(|s| &mut s.text),
            Open::Related(_) | Open::Glossary(_) | Open::None | Open::Header | Open::Intro => {
                if t.trim().is_empty() {
                    return;
                }
                if matches!(self.open, Open::Related(_) | Open::Glossary(_)) {
                    self.warn(
                        line.number,
                        "text inside the related list or the glossary; kept as a section",
                    );
                }
                self.page.sections.push(Section {
                    heading: None,
                    line: line.number,
                    text: String::new(),
                });
                let i = self.page.sections.len() - 1;
                self.open = Open::Section(i);
                self.page.sections.get_mut(i).map(|s| &mut s.text)
            }
        };
        if let Some(s) = target {
            if s.is_empty() && t.trim().is_empty() {
                return;
            }
            s.push_str(t);
            s.push('\n');
        }
    }

    fn h1(&mut self, h1: &str, line: &Line<'_>) {
        self.page.title_line = line.number;
        let segments: Vec<&str> = h1.split('⎊').map(str::trim).collect();
        let kind_at = segments
            .iter()
            .enumerate()
            .skip(1)
            .find_map(|(i, s)| h1_kind(s).map(|k| (i, k)));
        match kind_at {
            Some((i, kind)) => {
                self.page.title = segments[..i].join(" ⎊ ");
                self.page.h1_kind = Some(kind);
                self.page.suffix = segments[i + 1..].iter().map(|s| s.to_string()).collect();
            }
            None => {
                self.page.title = segments.first().copied().unwrap_or_default().to_string();
                self.page.suffix = segments.iter().skip(1).map(|s| s.to_string()).collect();
                let message = if segments.len() > 1 {
                    format!(
                        "unknown H1 suffix `{}` (expected `Area`, `Term` or `Definition`)",
                        segments[1]
                    )
                } else if line.ended {
                    "the H1 names no kind (expected `# <Title> ⎊ Area|Term|Definition`)".into()
                } else {
                    "the H1 is cut off".into()
                };
                self.warn(line.number, message);
            }
        }
        for s in self.page.suffix.clone() {
            if let Some(n) = s.strip_prefix("Resource ") {
                match n.trim().parse::<u32>() {
                    Ok(n) if n >= 1 => self.page.resource = Some(n),
                    _ => self.warn(line.number, format!("unreadable resource number in `{s}`")),
                }
            }
        }
        if self.page.h1_kind.is_some() {
            if let (Some(h), Some(u)) = (self.page.h1_kind, self.page.kind) {
                if h != u {
                    self.warn(
                        line.number,
                        format!(
                            "the H1 says {} but the Original URL is a {} page",
                            h.label(),
                            u.as_str()
                        ),
                    );
                }
            }
            self.page.kind = self.page.h1_kind;
        }
        if self.page.title.is_empty() {
            self.warn(line.number, "the H1 has an empty title");
        }
    }

    fn thematic_break(&mut self, line: &Line<'_>, rest: &[Line<'_>]) {
        let next = rest.iter().find(|l| !l.text.trim().is_empty());
        let closing = next.is_none_or(|l| {
            let t = l.text.trim();
            t == "## Raw Schema Data"
                || original_url(t).is_some()
                || (!l.ended && RESIDUE.iter().any(|p| p.starts_with(t)))
        });
        match self.open {
            Open::Header => self.open = Open::Intro,
            _ if closing => self.open = Open::None,
            _ if self.page.kind == Some(Kind::Area) => {
                self.related_zone = true;
                self.open = Open::None;
            }
            Open::Section(_) => self.append(line, line.text),
            _ => self.open = Open::None,
        }
    }

    fn h2(&mut self, h: &str, line: &Line<'_>) {
        self.glossary_zone = false;
        if h.starts_with('[') {
            match parse_link(h) {
                Some((title, url)) => {
                    self.page.related.push(RelatedItem {
                        title,
                        url,
                        line: line.number,
                        description: None,
                    });
                    self.related_zone = true;
                    self.open = Open::Related(self.page.related.len() - 1);
                }
                None => {
                    self.warn(
                        line.number,
                        if line.ended {
                            "a related item's heading is not a link `## [Title](url)`; skipped"
                        } else {
                            "a related item's heading is cut off; skipped"
                        },
                    );
                    self.open = Open::None;
                }
            }
            return;
        }
        if self.page.kind == Some(Kind::Definition) && h.eq_ignore_ascii_case("Glossary") {
            self.glossary_zone = true;
            self.open = Open::None;
            return;
        }
        if self.page.kind == Some(Kind::Area) && !self.related_zone && h.ends_with('?') {
            self.page.questions.push(QuestionSection {
                question: h.to_string(),
                line: line.number,
                answer: String::new(),
            });
            self.open = Open::Question(self.page.questions.len() - 1);
            return;
        }
        self.page.sections.push(Section {
            heading: Some(h.to_string()),
            line: line.number,
            text: String::new(),
        });
        self.open = Open::Section(self.page.sections.len() - 1);
    }

    fn glossary_line(&mut self, line: &Line<'_>, trimmed: &str) {
        if trimmed.is_empty() {
            return;
        }
        if let Some(h) = trimmed.strip_prefix("### ") {
            match parse_link(h.trim()) {
                Some((title, url)) => {
                    self.page.glossary.push(GlossaryItem {
                        title,
                        url,
                        line: line.number,
                        text: None,
                    });
                    self.open = Open::Glossary(self.page.glossary.len() - 1);
                }
                None => {
                    self.warn(
                        line.number,
                        "a glossary item's heading is not a link `### [Area](url)`; skipped",
                    );
                    self.open = Open::None;
                }
            }
            return;
        }
        let number = line.number;
        match self.open {
            Open::Glossary(i) => {
                if let Some(item) = self.page.glossary.get_mut(i) {
                    match &mut item.text {
                        None => {
                            item.text = Some(Located {
                                text: trimmed.to_string(),
                                line: number,
                            })
                        }
                        Some(d) => {
                            d.text.push(' ');
                            d.text.push_str(trimmed);
                        }
                    }
                }
            }
            _ => self.warn(
                number,
                "text in the Glossary section outside any item; ignored",
            ),
        }
    }

    fn json_block(&mut self, fence: Fence) {
        let first = fence.line + 1;
        match serde_json::from_str::<serde_json::Value>(&fence.text) {
            Ok(value) => {
                let nodes = ld::nodes(value);
                for n in &nodes {
                    if let LdNode::Other { name } = n {
                        let shown = if name.is_empty() { "(none)" } else { name };
                        self.warn(
                            fence.line,
                            format!("JSON-LD node of unsupported @type `{shown}` ignored"),
                        );
                    }
                }
                self.page.json_ld.push(JsonLdBlock {
                    line: fence.line,
                    nodes,
                    error: None,
                });
            }
            Err(e) => {
                let at = first + e.line().saturating_sub(1);
                // serde's message ends with a position inside the block; `at` is the file's.
                let message = e.to_string();
                let message = message
                    .rsplit_once(" at line ")
                    .map_or(message.as_str(), |(m, _)| m);
                self.warn(at, format!("invalid JSON in a JSON-LD block: {message}"));
                self.page.json_ld.push(JsonLdBlock {
                    line: fence.line,
                    nodes: Vec::new(),
                    error: Some(e.to_string()),
                });
            }
        }
    }

    fn finish(&mut self, last: Option<&Line<'_>>) {
        if let Some(f) = self.fence.take() {
            if f.json_ld {
                self.warn(
                    f.line,
                    "a JSON-LD block is never closed (the page is cut off)",
                );
                self.json_block(f);
            } else {
                self.warn(f.line, "a code block is never closed");
            }
        }
        for q in &mut self.page.questions {
            q.answer = q.answer.trim().to_string();
        }
        for s in &mut self.page.sections {
            s.text = trim_blank_lines(&s.text);
        }
        self.page
            .sections
            .retain(|s| s.heading.is_some() || !s.text.is_empty());
        // The Original URL is the last line: with no newline after it, it may be cut too,
        // unless the JSON-LD names the same URL.
        self.page.complete = match &self.page.original_url {
            None => false,
            Some(u) if self.original_ended => !u.text.is_empty(),
            Some(u) => self
                .page
                .nodes()
                .any(|(_, n)| node_url(n) == Some(u.text.as_str())),
        };
        if self.page.title_line == usize::MAX {
            self.page.title_line = 0;
        }
        if let (false, Some(u)) = (self.page.complete, &self.page.original_url) {
            let line = u.line;
            self.warn(
                line,
                "the `**Original URL:**` line may be cut off (nothing after it and no JSON-LD URL confirms it)",
            );
        } else if !self.page.complete {
            if let Some(last) = last {
                let message = if last.ended {
                    format!(
                        "the page ends at line {} without its `**Original URL:**` line (cut off?); what came before is kept",
                        last.number
                    )
                } else {
                    format!(
                        "the page ends in the middle of line {} without its `**Original URL:**` line (cut off); what came before is kept",
                        last.number
                    )
                };
                self.warn(last.number, message);
            }
        }
    }
}

/// Beginnings of structural lines: an unterminated last line that is a prefix of one of
/// these is what a cut left of it, not text.
const RESIDUE: [&str; 6] = [
    "## Raw Schema Data",
    "### ",
    "---",
    "**Original URL:**",
    "```",
    "## ",
];

/// The URL a JSON-LD node gives for its page.
fn node_url(n: &LdNode) -> Option<&str> {
    match n {
        LdNode::CollectionPage(c) => Some(if c.url.is_empty() { &c.id } else { &c.url }),
        LdNode::Article(a) | LdNode::DefinedTerm(a) => Some(a.link()),
        LdNode::BreadcrumbList(b) => b.items.last().map(|i| i.item.as_str()),
        _ => None,
    }
}

/// The URL of an `**Original URL:** <url>` line.
fn original_url(t: &str) -> Option<String> {
    let rest = t.trim().strip_prefix("**Original URL:**")?;
    Some(rest.trim().to_string())
}

fn h1_kind(segment: &str) -> Option<Kind> {
    match segment {
        "Area" => Some(Kind::Area),
        "Term" => Some(Kind::Term),
        "Definition" => Some(Kind::Definition),
        _ => None,
    }
}

/// `**Key:** value`.
fn meta_line(t: &str, line: usize) -> Option<MetaLine> {
    let rest = t.strip_prefix("**")?;
    let (key, value) = rest.split_once(":**")?;
    if key.is_empty() || key.len() > 40 || key.contains('*') {
        return None;
    }
    Some(MetaLine {
        key: key.trim().to_string(),
        value: value.trim().to_string(),
        line,
    })
}

/// `![caption](url)` on a line of its own.
fn image_line(t: &str, line: usize) -> Option<ImageLine> {
    let (caption, url) = parse_link(t.strip_prefix('!')?)?;
    Some(ImageLine { caption, url, line })
}

/// `- [Title](url)` (or `* …`) and nothing else.
fn bullet_link(t: &str, line: usize) -> Option<LinkItem> {
    let rest = t.strip_prefix("- ").or_else(|| t.strip_prefix("* "))?;
    let (title, url) = parse_link(rest.trim())?;
    Some(LinkItem { title, url, line })
}

/// `[Title](url)` as the whole text: the title runs to the last `](`, so titles may hold
/// brackets. A `<url>` or a `url "title"` destination gives the URL.
pub fn parse_link(s: &str) -> Option<(String, String)> {
    let s = s.trim();
    let inner = s.strip_prefix('[')?.strip_suffix(')')?;
    let split = inner.rfind("](")?;
    let title = inner[..split].trim().to_string();
    let dest = inner[split + 2..].trim();
    let dest = dest
        .strip_prefix('<')
        .and_then(|d| d.strip_suffix('>'))
        .unwrap_or_else(|| dest.split_whitespace().next().unwrap_or(""));
    if dest.is_empty() {
        return None;
    }
    Some((title, dest.to_string()))
}

fn trim_blank_lines(s: &str) -> String {
    let lines: Vec<&str> = s.lines().collect();
    let start = lines.iter().position(|l| !l.trim().is_empty());
    let end = lines.iter().rposition(|l| !l.trim().is_empty());
    match (start, end) {
        (Some(a), Some(b)) => lines[a..=b].join("\n"),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AREA: &str = "# Funding Drift ⎊ Area ⎊ Example Glossary\n\n---\n\n\
        ## What is the Mechanism of Funding Drift?\n\nFunding payments move with the premium.\n\n\
        A second paragraph.\n\n## What is the Risk of Funding Drift?\n\nCarry turns negative.\n\n---\n\n\
        ## [Premium Index](https://g.test/definition/premium-index/)\n\n\
        Meaning ⎊ The gap between the mark and the index. ⎊ Term\n\n\
        ## [Basis Trade](https://g.test/term/basis-trade/)\n\n---\n\n## Raw Schema Data\n\n\
        ```json\n{\"@type\": \"BreadcrumbList\", \"itemListElement\": [{\"@type\": \"ListItem\", \"position\": 1, \"name\": \"Home\", \"item\": \"https://g.test/\"}]}\n```\n\n\
        ```json\n{\"@type\": \"FAQPage\", \"mainEntity\": [}\n```\n\n---\n\n\
        **Original URL:** https://g.test/area/funding-drift/\n";

    #[test]
    fn reads_an_area() {
        let p = read(AREA);
        assert_eq!(p.kind, Some(Kind::Area));
        assert_eq!(p.title, "Funding Drift");
        assert_eq!(p.suffix, ["Example Glossary"]);
        assert_eq!(p.questions.len(), 2);
        assert_eq!(
            p.questions[0].answer,
            "Funding payments move with the premium.\n\nA second paragraph."
        );
        assert_eq!(p.questions[1].line, 11);
        assert_eq!(p.related.len(), 2);
        assert_eq!(p.related[0].title, "Premium Index");
        assert_eq!(
            p.related[0].description.as_ref().unwrap().text,
            "Meaning ⎊ The gap between the mark and the index. ⎊ Term"
        );
        assert!(p.related[1].description.is_none());
        assert_eq!(p.json_ld.len(), 2);
        assert!(matches!(p.json_ld[0].nodes[0], LdNode::BreadcrumbList(_)));
        assert!(p.json_ld[1].error.is_some());
        assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
        assert!(p.warnings[0].message.contains("invalid JSON"));
        assert_eq!(p.warnings[0].line, 32);
        assert!(p.complete);
        assert_eq!(
            p.original_url.unwrap().text,
            "https://g.test/area/funding-drift/"
        );
    }

    #[test]
    fn reads_a_term_and_a_definition() {
        let term = "# Basis Trade ⎊ Term\n\n**Published:** 2026-01-05\n**Author:** Ada\n**Categories:** Term\n\n---\n\n\
            ![A chart of two lines](https://g.test/img/basis.jpg)\n\n## Essence\n\nThe **basis** is spot minus futures.\n\n\
            > A pull quote.\n\n---\n\nAfter a rule.\n\n![Another](https://g.test/img/b2.jpg)\n\n## Origin\n\nSee [Funding Drift](https://g.test/area/funding-drift/).\n\n\
            ```text\n## not a heading\n```\n\n---\n\n**Original URL:** https://g.test/term/basis-trade/\n";
        let p = read(term);
        assert_eq!(p.kind, Some(Kind::Term));
        assert_eq!(p.meta("published").unwrap().value, "2026-01-05");
        assert_eq!(p.meta("Author").unwrap().value, "Ada");
        assert_eq!(p.images.len(), 1);
        assert_eq!(p.images[0].caption, "A chart of two lines");
        assert_eq!(p.sections.len(), 2);
        assert!(p.sections[0].text.contains("---\n\nAfter a rule."));
        assert!(p.sections[0].text.contains("![Another]"));
        assert!(p.sections[1]
            .text
            .ends_with("```text\n## not a heading\n```"));
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);

        let def = "# Premium Index ⎊ Definition\n\n**Published:** 2026-02-01\n\n---\n\n## Premium Index\n\n\
            The gap.\n\n- [Mark Price](https://g.test/definition/mark-price/)\n- [Index](https://g.test/definition/index/) and more\n\n\
            ## Glossary\n\n### [Funding Drift](https://g.test/area/funding-drift/)\n\nMechanism ⎊ Payments follow the premium.\n\n\
            ---\n\n**Original URL:** https://g.test/definition/premium-index/\n";
        let p = read(def);
        assert_eq!(p.kind, Some(Kind::Definition));
        assert_eq!(p.links.len(), 1);
        assert_eq!(p.links[0].title, "Mark Price");
        assert!(p.sections[0].text.contains("and more"));
        assert_eq!(p.glossary.len(), 1);
        assert_eq!(
            p.glossary[0].text.as_ref().unwrap().text,
            "Mechanism ⎊ Payments follow the premium."
        );
    }

    #[test]
    fn cut_off_pages_keep_what_came_before() {
        let cut = &AREA[..AREA.find("## [Basis").unwrap() + 12];
        let p = read(cut);
        assert_eq!(p.questions.len(), 2);
        assert_eq!(p.related.len(), 1);
        assert!(!p.complete);
        assert!(p.warnings.iter().any(|w| w.message.contains("cut off")));
    }

    #[test]
    fn h1_variants() {
        let p = read("# X ⎊ Area ⎊ Resource 3\n");
        assert_eq!((p.kind, p.resource), (Some(Kind::Area), Some(3)));
        let p = read("# X ⎊ Glossary ⎊ Site\n\n**Original URL:** https://g.test/term/x/\n");
        assert_eq!(p.kind, Some(Kind::Term));
        assert!(p.warnings[0]
            .message
            .contains("unknown H1 suffix `Glossary`"));
        let p = read("hello\n");
        assert_eq!(p.kind, None);
        assert!(p.warnings[0].message.contains("does not start with an H1"));
        assert!(is_export("\u{feff}\n# A ⎊ Term\n"));
        assert!(!is_export("+++\ntitle = \"x\"\n+++\n"));
    }

    #[test]
    fn links() {
        assert_eq!(
            parse_link("[a [b]](https://x/ \"t\")"),
            Some(("a [b]".into(), "https://x/".into()))
        );
        assert_eq!(parse_link("[a](<u v>)"), Some(("a".into(), "u v".into())));
        assert_eq!(parse_link("[a]()"), None);
        assert_eq!(parse_link("[a](https://x"), None);
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in [
            "",
            "\n\n",
            "#",
            "# ⎊",
            "# ⎊ Area ⎊",
            "```",
            "# A ⎊ Area\n## Raw Schema Data\n```json\n{\n",
            "# A ⎊ Definition\n---\n## Glossary\n### [x\ny\n",
            "\u{feff}",
            "# A ⎊ Area\n---\n## [](x)\n## [",
            "# A ⎊ Area\n## Raw Schema Data\n```json\n{\"a\": \"b\n",
        ] {
            let page = read(text);
            let lines = text.split_inclusive('\n').count().max(1);
            for w in &page.warnings {
                assert!((1..=lines).contains(&w.line), "{text:?}: {w:?}");
            }
        }
    }
}
