//! Problems found in a site's files, reported rustc-style with file, line and column.
//!
//! Stages collect [`Diagnostic`]s instead of stopping at the first problem; the edge (the
//! CLI) prints them all with [`render`] ([`terminal`]: bounded, control characters escaped) and decides the exit code from their severities.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub mod code;
pub mod terminal;

pub use code::Code;

pub use terminal::render;

/// How serious a problem is: errors fail the build, warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// Where in a file a problem is: 1-based line and column (in characters), and the byte range.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    #[serde(skip)]
    pub span: Range<usize>,
}

/// One problem in one file.
#[derive(Clone, Debug, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The kind of problem (`front-matter`, `broken-link`, …).
    pub code: Code,
    pub message: String,
    /// Path relative to the site root.
    pub path: PathBuf,
    pub location: Option<Location>,
    /// Text under the caret.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// A hint for fixing it ("did you mean …").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The file's text, for showing the offending line.
    #[serde(skip)]
    pub source: Option<Arc<str>>,
}

impl Diagnostic {
    pub fn new(
        severity: Severity,
        code: Code,
        message: impl Into<String>,
        path: impl AsRef<Path>,
    ) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            path: path.as_ref().to_path_buf(),
            location: None,
            label: String::new(),
            help: None,
            source: None,
        }
    }

    pub fn error(code: Code, message: impl Into<String>, path: impl AsRef<Path>) -> Self {
        Self::new(Severity::Error, code, message, path)
    }

    pub fn warning(code: Code, message: impl Into<String>, path: impl AsRef<Path>) -> Self {
        Self::new(Severity::Warning, code, message, path)
    }

    /// Points the diagnostic at a byte range of `text` (the whole file's text).
    pub fn with_span(mut self, text: &str, span: Option<Range<usize>>) -> Self {
        if let Some(span) = span {
            self.location = Some(locate(text, span));
        }
        self.source = Some(Arc::from(text));
        self
    }

    /// Like [`Diagnostic::with_span`], sharing an already counted copy of the text.
    /// Successive spans of one text are located from the previous one onwards, so many
    /// problems in one file cost one pass over it.
    pub fn with_source(mut self, text: &Arc<str>, span: Option<Range<usize>>) -> Self {
        if let Some(span) = span {
            self.location = Some(locate_shared(text, span));
        }
        self.source = Some(Arc::clone(text));
        self
    }

    /// Points at a 1-based line when no byte range is known.
    pub fn at_line(mut self, line: usize) -> Self {
        self.location = Some(Location {
            line,
            column: 1,
            span: 0..0,
        });
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A known position in a text: a byte offset and its 1-based line and column.
#[derive(Clone, Copy)]
struct Position {
    offset: usize,
    line: usize,
    column: usize,
}

const START: Position = Position {
    offset: 0,
    line: 1,
    column: 1,
};

/// Where the last span located in a shared text was (per thread), with the text, kept
/// alive so that its address stays its own.
type Cursor = Option<(Arc<str>, Position)>;

thread_local! {
    static CURSOR: std::cell::RefCell<Cursor> = const { std::cell::RefCell::new(None) };
}

/// [`locate`] for a shared text, counting from the previous span located in the same
/// text when this one comes after it: many problems in one file (even on one long line)
/// cost one pass over it.
fn locate_shared(text: &Arc<str>, span: Range<usize>) -> Location {
    CURSOR.with(|cursor| {
        let mut cursor = cursor.borrow_mut();
        let from = match &*cursor {
            Some((t, at)) if Arc::ptr_eq(t, text) && span.start >= at.offset => *at,
            _ => START,
        };
        let loc = locate_from(text, span, from);
        let at = Position {
            offset: loc.span.start,
            line: loc.line,
            column: loc.column,
        };
        *cursor = Some((Arc::clone(text), at));
        loc
    })
}

/// Turns a byte range into a line and column, clamping it to the text and to char boundaries.
pub fn locate(text: &str, span: Range<usize>) -> Location {
    locate_from(text, span, START)
}

/// [`locate`], counting from `from`, a known position at or before the span.
fn locate_from(text: &str, span: Range<usize>, from: Position) -> Location {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let from = if from.offset <= start { from } else { START };
    let between = &text[from.offset..start];
    let (line, column) = match between.rfind('\n') {
        Some(i) => (
            from.line + between.bytes().filter(|&b| b == b'\n').count(),
            between[i + 1..].chars().count() + 1,
        ),
        None => (from.line, from.column + between.chars().count()),
    };
    Location {
        line,
        column,
        span: start..end,
    }
}

/// Applies `[check.levels]`: changes severities and drops `allow`ed problems.
pub fn apply_levels(
    diagnostics: &mut Vec<Diagnostic>,
    levels: &std::collections::BTreeMap<String, Level>,
) {
    diagnostics.retain_mut(|d| match levels.get(d.code.as_str()) {
        None => true,
        Some(Level::Allow) => false,
        Some(Level::Warning) => {
            d.severity = Severity::Warning;
            true
        }
        Some(Level::Error) => {
            d.severity = Severity::Error;
            true
        }
    });
}

/// Sorts diagnostics by file, line and column, so output is stable.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| d.location.as_ref().map_or((0, 0), |l| (l.line, l.column));
        a.path
            .cmp(&b.path)
            .then(key(a).cmp(&key(b)))
            .then(a.message.cmp(&b.message))
    });
}

/// The level `[check.levels]` gives a problem code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Allow,
    Warning,
    Error,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_counts_lines_and_characters() {
        let text = "ab\nçd = 1\n";
        let loc = locate(text, 6..7);
        assert_eq!((loc.line, loc.column), (2, 3));
    }

    #[test]
    fn shared_texts_are_located_from_the_previous_span() {
        let text: Arc<str> = Arc::from("a = 1\nrelated = [\"é\", \"x\", \"y\"]\nz\n");
        for (i, needle) in ["\"x\"", "\"y\"", "z", "1", "é"].iter().enumerate() {
            let at = text.find(needle).unwrap();
            let span = at..at + needle.len();
            let shared =
                Diagnostic::error(Code::Io, "m", "f").with_source(&text, Some(span.clone()));
            assert_eq!(shared.location, Some(locate(&text, span)), "{i}: {needle}");
        }
    }

    #[test]
    fn locate_clamps_out_of_range_spans() {
        let loc = locate("é", 1..99);
        assert_eq!(loc.span, 0..2);
    }

    #[test]
    fn render_shows_file_line_and_caret() {
        let text = "+++\ntitle = 3\n+++\n";
        let d = Diagnostic::error(
            Code::FrontMatter,
            "`title` must be a string",
            "content/terms/x.md",
        )
        .with_span(text, Some(12..13))
        .with_label("expected a string");
        let out = render(&[d], false);
        assert!(out.contains("content/terms/x.md:2:9"), "{out}");
        assert!(out.contains("^ expected a string"), "{out}");
    }
}
