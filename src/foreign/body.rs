//! A page's body into plain markdown: blocks (line by line), then template syntax, then
//! wikilinks and link destinations; what template syntax is left is found and located in
//! the source file for the report.

use std::collections::BTreeMap;

use super::names::{Page, Settled, Targets};
use super::{blocks, links, templates, Input, Note, Options, Shape};

/// Deepest nesting of callouts and paired shortcodes converted; deeper ones are left.
pub(crate) const MAX_DEPTH: usize = 24;

/// What the conversion of one body did, by name (`glossary_tooltip → link`).
#[derive(Clone, Debug, Default)]
pub(crate) struct Stats {
    pub(crate) converted: BTreeMap<String, usize>,
    /// Navigation macros dropped (`GlossarySidebar`).
    pub(crate) dropped: BTreeMap<String, usize>,
    /// Link destinations, by what became of them.
    pub(crate) links: BTreeMap<String, usize>,
}

/// Template syntax left in a converted body.
#[derive(Clone, Debug)]
pub(crate) struct Left {
    /// 1-based line in the source file.
    pub(crate) line: usize,
    pub(crate) name: String,
    pub(crate) text: String,
}

/// A converted body.
#[derive(Clone, Debug, Default)]
pub(crate) struct Converted {
    pub(crate) body: String,
    /// The text before `<!--more-->`, as plain text.
    pub(crate) more: Option<String>,
    /// The page's own description, its template syntax converted, as plain text.
    pub(crate) description: Option<String>,
    pub(crate) stats: Stats,
    pub(crate) leftovers: Vec<Left>,
}

/// What converters read and record.
pub(crate) struct Ctx<'a> {
    pub(crate) root: usize,
    pub(crate) rel: &'a str,
    pub(crate) shape: Shape,
    pub(crate) title: &'a str,
    pub(crate) targets: &'a Targets,
    /// `--param` and the site's configuration.
    pub(crate) params: &'a BTreeMap<String, String>,
    /// The page's own front matter (Hugo's `param` looks there first).
    pub(crate) page_params: &'a toml::Table,
    pub(crate) locale: &'a str,
    pub(crate) source_base: Option<&'a str>,
    pub(crate) stats: Stats,
    /// Problems, each with the text it is about (located in the file afterwards).
    pub(crate) notes: Vec<(String, String)>,
    pub(crate) depth: usize,
}

impl Ctx<'_> {
    pub(crate) fn count(&mut self, what: &str) {
        *self.stats.converted.entry(what.to_string()).or_default() += 1;
    }

    pub(crate) fn link(&mut self, what: &str) {
        *self.stats.links.entry(what.to_string()).or_default() += 1;
    }

    pub(crate) fn dropped(&mut self, name: &str) {
        *self.stats.dropped.entry(name.to_string()).or_default() += 1;
    }

    pub(crate) fn note(&mut self, about: &str, message: String) {
        self.notes.push((about.to_string(), message));
    }
}

impl Page {
    /// Converts the body; returns it with the problems found (at their lines).
    pub(crate) fn convert(
        &self,
        input: &Input,
        settled: &Settled,
        options: &Options,
    ) -> (Converted, Vec<Note>) {
        let root = options.roots.get(input.root);
        let empty = BTreeMap::new();
        let mut ctx = Ctx {
            root: input.root,
            rel: &input.rel,
            shape: self.shape,
            title: &self.title,
            targets: &settled.targets,
            params: root.map_or(&empty, |r| &r.params),
            page_params: &self.params,
            locale: root.map_or("en-US", |r| r.locale.as_str()),
            source_base: options.source_base.as_deref(),
            stats: Stats::default(),
            notes: Vec::new(),
            depth: 0,
        };
        let description = self.fields.description.as_deref().map(|d| {
            let d = templates::convert(d, &mut ctx);
            plain(&links::wikilinks(&d, &mut ctx))
        });
        let (body, more) = blocks::convert(&self.body, &mut ctx);
        let body = templates::convert(&body, &mut ctx);
        let body = links::wikilinks(&body, &mut ctx);
        let body = links::rewrite(&body, &mut ctx);
        let body = tidy(&body);
        let mut locate = Locator::new(&input.text, self.body_offset);
        let leftovers = crate::leftover::find(&body)
            .into_iter()
            .map(|r| {
                let snippet = &body[r.clone()];
                Left {
                    line: locate.find(snippet),
                    name: crate::leftover::name(&body, &r).to_string(),
                    text: snippet.chars().take(120).collect(),
                }
            })
            .collect();
        locate.restart();
        let notes = ctx
            .notes
            .iter()
            .map(|(about, message)| Note {
                line: locate.find(about),
                message: message.clone(),
            })
            .collect();
        (
            Converted {
                body,
                more,
                description,
                stats: ctx.stats,
                leftovers,
            },
            notes,
        )
    }
}

/// Finds where converted text came from in the file, to give its line. Places come in
/// order, so each is looked for from the last one found: many in one file cost about one
/// pass (a place not found from there is looked for from the body's start a bounded number
/// of times, else it gets the line of the last place found).
struct Locator<'a> {
    text: &'a str,
    lines: super::LineIndex,
    start: usize,
    cursor: usize,
    misses: usize,
}

impl<'a> Locator<'a> {
    fn new(text: &'a str, start: usize) -> Self {
        Locator {
            text,
            lines: super::LineIndex::new(text),
            start,
            cursor: start,
            misses: 0,
        }
    }

    fn restart(&mut self) {
        self.cursor = self.start;
    }

    /// The 1-based line of `about` (its first 40 bytes) in the file.
    fn find(&mut self, about: &str) -> usize {
        let mut cut = about.len().min(40);
        while !about.is_char_boundary(cut) {
            cut -= 1;
        }
        let needle = about[..cut].trim_end();
        if needle.is_empty() {
            return self.lines.line(self.cursor);
        }
        let search = |from: usize| -> Option<usize> {
            self.text.get(from..)?.find(needle).map(|at| from + at)
        };
        let found = search(self.cursor).or_else(|| {
            self.misses += 1;
            (self.misses <= 64).then(|| search(self.start)).flatten()
        });
        if let Some(at) = found {
            self.cursor = at;
        }
        self.lines.line(self.cursor)
    }
}

/// Markdown as one line of plain text.
pub(crate) fn plain(markdown: &str) -> String {
    crate::markdown::to_plain_text(markdown, false)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Blank lines collapsed to one outside fenced code, and none at either end.
pub(crate) fn tidy(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut fence: Option<String> = None;
    let mut blank = true;
    for line in body.lines() {
        let t = line.trim_start();
        if let Some(f) = &fence {
            if t.starts_with(f.as_str())
                && t.trim_start_matches(f.chars().next().unwrap_or('`'))
                    .trim()
                    .is_empty()
            {
                fence = None;
            }
        } else if t.starts_with("```") || t.starts_with("~~~") {
            let c = t.chars().next().unwrap_or('`');
            fence = Some(t.chars().take_while(|x| *x == c).collect());
        } else if t.is_empty() {
            if blank {
                continue;
            }
            blank = true;
            out.push('\n');
            continue;
        }
        blank = false;
        out.push_str(line.trim_end_matches('\r'));
        out.push('\n');
    }
    let out = out.trim_end_matches('\n');
    // A first line indented by a few spaces (a stray space after the front matter).
    let indent = out.len() - out.trim_start_matches(' ').len();
    if indent < 4 {
        out[indent..].to_string()
    } else {
        out.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_collapses_blank_lines_outside_code() {
        assert_eq!(
            tidy("\n\na\n\n\n\nb\n```\n\n\n```\n\n"),
            "a\n\nb\n```\n\n\n```"
        );
    }
}
