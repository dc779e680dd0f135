//! Entry descriptions and markdown bodies, each entry from its own random stream (so a body
//! does not depend on the order entries are written in).

use crate::plan::{Corpus, Kind};
use crate::rng::{Rng, Stream};
use crate::words::{capitalize, DOMAIN};

/// Body sizes in bytes: terms 3–6 KB, definitions 0.6–1.2 KB. The targets leave room for
/// the last sentence to overshoot.
pub const TERM_BYTES: (usize, usize) = (3_000, 6_000);
pub const DEFINITION_BYTES: (usize, usize) = (600, 1_200);
const TERM_TARGET: (usize, usize) = (3_600, 5_500);
const DEFINITION_TARGET: (usize, usize) = (720, 1_060);
const AREA_MAX_BYTES: usize = 3_200;

const TERM_HEADINGS: &[&str] = &[
    "Overview",
    "How It Works",
    "Background",
    "History",
    "Mechanics",
    "Calculation",
    "Parameters",
    "Risks",
    "Failure Modes",
    "Examples",
    "In Practice",
    "Edge Cases",
    "Common Mistakes",
    "Comparison",
    "Design Trade-offs",
    "Monitoring",
    "Governance",
    "Implementation Notes",
    "Worked Example",
    "Limitations",
];

const CODE_LANGUAGES: &[&str] = &["text", "text", "python", "rust", "toml"];

/// The description (one sentence) and the markdown body of entry `id`.
pub struct Content {
    pub description: String,
    pub body: String,
}

/// Only the description of entry `id` (the first thing its stream gives).
pub fn description(corpus: &Corpus, id: usize) -> String {
    Writer::new(corpus, id).description()
}

pub fn content(corpus: &Corpus, id: usize) -> Content {
    let mut w = Writer::new(corpus, id);
    let description = w.description();
    let body = match corpus.entries[id].kind {
        Kind::Term => w.term(),
        Kind::Definition => w.definition(),
        Kind::Area => w.area(),
    };
    Content { description, body }
}

struct Writer<'a> {
    corpus: &'a Corpus,
    id: usize,
    rng: Rng,
    /// Titles and aliases of other entries still to be mentioned, in the order they will be.
    mentions: Vec<String>,
    /// Percent chance of **bold** and `code` in a sentence.
    bold: usize,
    code: usize,
}

impl<'a> Writer<'a> {
    fn new(corpus: &'a Corpus, id: usize) -> Self {
        Writer {
            corpus,
            id,
            rng: Rng::new(corpus.seed, Stream::Body, id as u64),
            mentions: Vec::new(),
            bold: 0,
            code: 0,
        }
    }

    fn description(&mut self) -> String {
        let mut s = String::new();
        let len = self.rng.range(10, 22);
        self.words_into(&mut s, len);
        finish_sentence(&mut s);
        s
    }

    /// Picks `count` other entries to mention, half of them among the linked ones, each as its
    /// title or an alias, sometimes in another case.
    fn plan_mentions(&mut self, count: usize) {
        let e = &self.corpus.entries[self.id];
        let linked: Vec<usize> = e.related.iter().chain(&e.areas).copied().collect();
        let n = self.corpus.entries.len();
        let mut mentions = Vec::with_capacity(count);
        while mentions.len() < count {
            let target = if !linked.is_empty() && self.rng.percent(50) {
                *self.rng.pick(&linked)
            } else {
                self.rng.below(n)
            };
            if target == self.id {
                continue;
            }
            let t = &self.corpus.entries[target];
            let name = if !t.aliases.is_empty() && self.rng.percent(30) {
                self.rng.pick(&t.aliases).clone()
            } else {
                t.title.clone()
            };
            let name = match self.rng.below(100) {
                0..=59 => name,
                60..=91 => name.to_lowercase(),
                _ => name.to_uppercase(),
            };
            mentions.push(name);
        }
        mentions.reverse(); // popped from the end
        self.mentions = mentions;
    }

    fn term(&mut self) -> String {
        let count = self.rng.range(5, 15);
        self.plan_mentions(count);
        self.bold = 18;
        self.code = 10;
        let target = self.rng.range(TERM_TARGET.0, TERM_TARGET.1);
        let sections = self.rng.range(3, 5);
        let mut headings: Vec<&str> = Vec::with_capacity(sections);
        while headings.len() < sections {
            let h = *self.rng.pick(TERM_HEADINGS);
            if !headings.contains(&h) {
                headings.push(h);
            }
        }
        // A list and a table in sections before the last, sometimes a code block; each after
        // its section's first paragraph. The last paragraph closes the body and absorbs the
        // remaining budget.
        let list_at = self.rng.below(sections - 1);
        let table_at = self.rng.below(sections - 1);
        let code_at = self.rng.percent(35).then(|| self.rng.below(sections - 1));
        let mut blocks: Vec<Vec<String>> = vec![Vec::new(); sections];
        blocks[list_at].push(self.list());
        blocks[table_at].push(self.table());
        if let Some(at) = code_at {
            blocks[at].push(self.code_block());
        }
        let paragraphs: Vec<usize> = (0..sections).map(|_| self.rng.range(1, 2)).collect();

        let mut layout: Vec<Piece> = vec![Piece::Paragraph];
        for (s, heading) in headings.iter().enumerate() {
            layout.push(Piece::Text(format!("## {heading}\n\n")));
            layout.push(Piece::Paragraph);
            layout.extend(blocks[s].drain(..).map(Piece::Text));
            for _ in 1..paragraphs[s] {
                layout.push(Piece::Paragraph);
            }
        }
        self.assemble(layout, target, TERM_BYTES.1)
    }

    fn definition(&mut self) -> String {
        let count = self.rng.range(1, 4);
        self.plan_mentions(count);
        self.bold = 8;
        self.code = 3;
        let target = self.rng.range(DEFINITION_TARGET.0, DEFINITION_TARGET.1);
        let paragraphs = self.rng.range(1, 3);
        self.assemble(
            vec![Piece::Paragraph; paragraphs],
            target,
            DEFINITION_BYTES.1,
        )
    }

    fn area(&mut self) -> String {
        let count = self.rng.range(2, 6);
        self.plan_mentions(count);
        self.bold = 8;
        self.code = 0;
        let title = self.corpus.entries[self.id].title.clone();
        let target = self.rng.range(1_200, 2_600);
        let questions = [
            format!("## What is the Mechanism of {title}?\n\n"),
            format!("## How is {title} Calculated?\n\n"),
            format!("## What are the Consequences of {title}?\n\n"),
        ];
        let mut layout = vec![Piece::Paragraph];
        for q in questions {
            layout.push(Piece::Text(q));
            layout.push(Piece::Paragraph);
        }
        self.assemble(layout, target, AREA_MAX_BYTES)
    }

    /// Writes `layout`, sizing paragraphs so the body comes out close to `target` bytes.
    /// The body never exceeds `max` bytes: the last paragraph stops short of it.
    fn assemble(&mut self, layout: Vec<Piece>, target: usize, max: usize) -> String {
        let mut fixed: usize = layout
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.len(),
                Piece::Paragraph => 0,
            })
            .sum();
        let mut left = layout
            .iter()
            .filter(|p| matches!(p, Piece::Paragraph))
            .count();
        let mut out = String::with_capacity(target + 512);
        for piece in layout {
            match piece {
                Piece::Text(t) => {
                    fixed -= t.len();
                    out.push_str(&t);
                }
                Piece::Paragraph => {
                    let budget = target.saturating_sub(out.len() + fixed);
                    let size = if left == 1 {
                        budget
                    } else {
                        budget / left * self.rng.range(75, 125) / 100
                    };
                    left -= 1;
                    let last = (left == 0).then_some(max);
                    self.paragraph(&mut out, size.max(100), budget, last);
                }
            }
        }
        while out.ends_with('\n') {
            out.pop();
        }
        // A run of unusually long words could still overshoot: end the last paragraph at an
        // earlier sentence instead.
        if out.len() + 1 > max {
            let paragraph_start = out.rfind("\n\n").map_or(0, |i| i + 2);
            if let Some(cut) = out[..max - 1].rfind(". ").filter(|&i| i > paragraph_start) {
                out.truncate(cut + 1);
            }
        }
        out.push('\n');
        out
    }

    /// Sentences until the paragraph is about `size` bytes; the last paragraph (`last` is the
    /// body's byte limit) also names the mentions not placed yet, as far as the limit allows.
    fn paragraph(&mut self, out: &mut String, size: usize, budget: usize, last: Option<usize>) {
        let start = out.len();
        loop {
            if out.len() > start {
                out.push(' ');
            }
            // Spread the remaining mentions over the sentences the budget still allows.
            let sentences_left = (budget.saturating_sub(out.len() - start) / 95).max(1);
            let mention =
                !self.mentions.is_empty() && self.rng.below(sentences_left) < self.mentions.len();
            let len = self.rng.range(7, 22);
            self.sentence(out, len, mention);
            if out.len() - start + 40 >= size {
                break;
            }
        }
        if let Some(max) = last {
            let mut rest: Vec<String> = Vec::new();
            for name in self.mentions.drain(..).rev() {
                rest.push(name);
                // " Compare " + names + "." + the final newline
                if out.len() + 9 + join_and(&rest).len() + 2 > max {
                    rest.pop();
                    break;
                }
            }
            if !rest.is_empty() {
                out.push_str(" Compare ");
                out.push_str(&join_and(&rest));
                out.push('.');
            }
        }
        out.push_str("\n\n");
    }

    /// One sentence of `len` vocabulary words, maybe with a mention, **bold** or `code`.
    fn sentence(&mut self, out: &mut String, len: usize, mention: bool) {
        let mut s = String::with_capacity(len * 8);
        let mut parts: Vec<String> = Vec::with_capacity(len + 2);
        let mut prev = "";
        for _ in 0..len {
            let mut w = self.corpus.zipf.sample(&mut self.rng);
            if w == prev {
                w = self.corpus.zipf.sample(&mut self.rng);
            }
            prev = w;
            parts.push(w.to_string());
        }
        if self.rng.percent(self.bold) {
            let i = self.rng.below(len);
            parts[i] = format!("**{}**", parts[i]);
        }
        if self.rng.percent(self.code) {
            let i = self.rng.range(1, len);
            let code = format!("`{}`", self.code_span());
            parts.insert(i, code);
        }
        if mention {
            if let Some(m) = self.mentions.pop() {
                let i = self.rng.range(1, parts.len());
                parts.insert(i, m);
            }
        }
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(p);
            if i + 1 < parts.len() && self.rng.percent(7) {
                s.push(',');
            }
        }
        finish_sentence(&mut s);
        out.push_str(&s);
    }

    fn words_into(&mut self, s: &mut String, len: usize) {
        for i in 0..len {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(self.corpus.zipf.sample(&mut self.rng));
        }
    }

    fn domain_word(&mut self) -> String {
        let w = self.rng.pick(DOMAIN);
        w.to_ascii_lowercase().replace(' ', "_")
    }

    fn code_span(&mut self) -> String {
        let a = self.domain_word();
        let b = self.domain_word();
        match self.rng.below(3) {
            0 => format!("{a}_{b}"),
            1 => format!("{a}_{b} < {}", self.number()),
            _ => format!("{a}({b})"),
        }
    }

    fn number(&mut self) -> String {
        format!("{}.{:02}", self.rng.below(10), self.rng.below(100))
    }

    /// A bullet list of 3–6 items: "- **Label**: sentence".
    fn list(&mut self) -> String {
        let items = self.rng.range(3, 6);
        let mut s = String::new();
        for _ in 0..items {
            let label = capitalize(&self.domain_word().replace('_', " "));
            s.push_str("- **");
            s.push_str(&label);
            s.push_str("**: ");
            let len = self.rng.range(5, 12);
            self.sentence(&mut s, len, false);
            s.push('\n');
        }
        s.push('\n');
        s
    }

    /// A table of 2–4 columns and 3–5 rows of labels, numbers and short phrases.
    fn table(&mut self) -> String {
        let cols = self.rng.range(2, 4);
        let rows = self.rng.range(3, 5);
        let mut s = String::from("|");
        for _ in 0..cols {
            s.push(' ');
            s.push_str(&capitalize(&self.domain_word().replace('_', " ")));
            s.push_str(" |");
        }
        s.push_str("\n|");
        s.push_str(&" --- |".repeat(cols));
        s.push('\n');
        for _ in 0..rows {
            s.push('|');
            for c in 0..cols {
                s.push(' ');
                let cell = match (c, self.rng.below(4)) {
                    (0, _) => capitalize(&self.domain_word().replace('_', " ")),
                    (_, 0) => format!("{}%", self.number()),
                    (_, 1) => format!("{} hours", self.rng.range(1, 72)),
                    (_, 2) => format!("{}x", self.rng.range(2, 125)),
                    _ => {
                        let mut p = String::new();
                        let len = self.rng.range(1, 3);
                        self.words_into(&mut p, len);
                        p
                    }
                };
                s.push_str(&cell);
                s.push_str(" |");
            }
            s.push('\n');
        }
        s.push('\n');
        s
    }

    /// A fenced block of 3–6 formula-like lines.
    fn code_block(&mut self) -> String {
        let lang = self.rng.pick(CODE_LANGUAGES);
        let mut s = format!("```{lang}\n");
        for _ in 0..self.rng.range(3, 6) {
            let a = self.domain_word();
            let b = self.domain_word();
            let c = self.domain_word();
            let line = match self.rng.below(3) {
                0 => format!("{a}_{b} = {c} * {}", self.number()),
                1 => format!("if {a} < {b}_{c}: {a} = 0"),
                _ => format!("{a} = min({b}, {c} / {})", self.number()),
            };
            s.push_str(&line);
            s.push('\n');
        }
        s.push_str("```\n\n");
        s
    }
}

#[derive(Clone)]
enum Piece {
    Text(String),
    Paragraph,
}

/// Capitalizes the first letter and ends with a full stop.
fn finish_sentence(s: &mut String) {
    if let Some(first) = s.get(..1) {
        if first.as_bytes()[0].is_ascii_lowercase() {
            let up = first.to_ascii_uppercase();
            s.replace_range(..1, &up);
        }
    }
    while s.ends_with(',') {
        s.pop();
    }
    s.push('.');
}

/// "a", "a and b", "a, b and c".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
