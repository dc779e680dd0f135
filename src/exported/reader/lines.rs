//! The reader's walk over a page's lines: which part of the page each line belongs to
//! (header, intro, questions, related list, sections, glossary, JSON-LD), code fences, and
//! what a cut-off end leaves behind. One [`Reader`] per page, fed line by line.

use super::inline::{
    bullet_link, h1_kind, image_line, meta_line, original_url, parse_link, trim_blank_lines,
};
use super::{
    ExportPage, GlossaryItem, JsonLdBlock, Located, QuestionSection, RelatedItem, Section, Warning,
};
use crate::exported::ld::{self, LdNode};
use crate::exported::url;
use crate::model::Kind;

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
        if self.fence.is_some() {
            self.fence_line(line, t, trimmed);
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
        self.open_line(line, t, trimmed);
    }

    /// A line inside a code fence: JSON-LD collected, other code kept as text.
    fn fence_line(&mut self, line: &Line<'_>, t: &str, trimmed: &str) {
        let Some(fence) = &mut self.fence else {
            return;
        };
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
    }

    /// A line that is no structure of its own: it goes to whatever part of the page is
    /// open.
    fn open_line(&mut self, line: &Line<'_>, t: &str, trimmed: &str) {
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
            Open::Related(i) => self.related_description(i, line.number, trimmed),
            Open::Section(i) if self.page.kind == Some(Kind::Definition) => {
                match bullet_link(trimmed, line.number) {
                    Some(link) if self.page.sections.get(i).is_some() => self.page.links.push(link),
                    _ => self.append(line, t),
                }
            }
            _ => self.append(line, t),
        }
    }

    /// A line under a related item: its description (several lines are joined).
    fn related_description(&mut self, i: usize, number: usize, trimmed: &str) {
        if trimmed.is_empty() {
            return;
        }
        let joined = self
            .page
            .related
            .get_mut(i)
            .is_some_and(|item| join_line(&mut item.description, trimmed, number));
        if joined {
            self.warn(
                number,
                "a related item has more than one description line; they are joined",
            );
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
                    join_line(&mut item.text, trimmed, number);
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
                .any(|(_, n)| n.page_url() == Some(u.text.as_str())),
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

/// Puts a line into `slot`, or appends it after a space when `slot` already holds one;
/// whether it appended.
fn join_line(slot: &mut Option<Located>, text: &str, line: usize) -> bool {
    match slot {
        None => {
            *slot = Some(Located {
                text: text.to_string(),
                line,
            });
            false
        }
        Some(d) => {
            d.text.push(' ');
            d.text.push_str(text);
            true
        }
    }
}
