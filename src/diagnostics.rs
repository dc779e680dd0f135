//! Problems found in a site's files, reported rustc-style with file, line and column.
//!
//! Stages collect [`Diagnostic`]s instead of stopping at the first problem; the edge (the
//! CLI) prints them all with [`render`] and decides the exit code from their severities.

use std::borrow::Cow;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor};
use serde::{Deserialize, Serialize};

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
    /// A short stable name for the kind of problem (`front-matter`, `broken-related`, …).
    pub code: Cow<'static, str>,
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
        code: &'static str,
        message: impl Into<String>,
        path: impl AsRef<Path>,
    ) -> Self {
        Diagnostic {
            severity,
            code: Cow::Borrowed(code),
            message: message.into(),
            path: path.as_ref().to_path_buf(),
            location: None,
            label: String::new(),
            help: None,
            source: None,
        }
    }

    pub fn error(code: &'static str, message: impl Into<String>, path: impl AsRef<Path>) -> Self {
        Self::new(Severity::Error, code, message, path)
    }

    pub fn warning(code: &'static str, message: impl Into<String>, path: impl AsRef<Path>) -> Self {
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
    pub fn with_source(mut self, text: &Arc<str>, span: Option<Range<usize>>) -> Self {
        if let Some(span) = span {
            self.location = Some(locate(text, span));
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

/// Turns a byte range into a line and column, clamping it to the text and to char boundaries.
pub fn locate(text: &str, span: Range<usize>) -> Location {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let before = &text[..start];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..start].chars().count() + 1;
    Location {
        line,
        column,
        span: start..end,
    }
}

/// Renders diagnostics rustc-style (with the source line and a caret when known).
pub fn render(diagnostics: &[Diagnostic], color: bool) -> String {
    let mut buffer = if color {
        termcolor::Buffer::ansi()
    } else {
        termcolor::Buffer::no_color()
    };
    let config = term::Config::default();
    for d in diagnostics {
        let name = d.path.display().to_string();
        let text: &str = d.source.as_deref().unwrap_or("");
        let file = SimpleFile::new(name.as_str(), text);
        let mut out = match d.severity {
            Severity::Error => cs::Diagnostic::error(),
            Severity::Warning => cs::Diagnostic::warning(),
        }
        .with_code(d.code.as_ref())
        .with_message(&d.message);
        match (&d.location, d.source.is_some()) {
            (Some(loc), true) if loc.span.end > loc.span.start || !text.is_empty() => {
                out = out.with_labels(vec![
                    cs::Label::primary((), loc.span.clone()).with_message(d.label.clone())
                ]);
            }
            (Some(loc), _) => {
                out = out.with_notes(vec![format!("at {}:{}:{}", name, loc.line, loc.column)]);
            }
            (None, _) => out = out.with_notes(vec![format!("in {name}")]),
        }
        if let Some(help) = &d.help {
            let mut notes = out.notes.clone();
            notes.push(format!("help: {help}"));
            out = out.with_notes(notes);
        }
        // Writing to an in-memory buffer only fails on a span outside the file, which
        // `locate` prevents; fall back to a plain line rather than lose the message.
        if term::emit(&mut buffer, &config, &file, &out).is_err() {
            let at = d
                .location
                .as_ref()
                .map(|l| format!(":{}:{}", l.line, l.column));
            buffer_line(
                &mut buffer,
                &format!(
                    "{:?}: {name}{}: {}",
                    d.severity,
                    at.unwrap_or_default(),
                    d.message
                ),
            );
        }
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

fn buffer_line(buffer: &mut termcolor::Buffer, line: &str) {
    use std::io::Write;
    let _ = writeln!(buffer, "{line}");
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
    fn locate_clamps_out_of_range_spans() {
        let loc = locate("é", 1..99);
        assert_eq!(loc.span, 0..2);
    }

    #[test]
    fn render_shows_file_line_and_caret() {
        let text = "+++\ntitle = 3\n+++\n";
        let d = Diagnostic::error(
            "front-matter",
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
