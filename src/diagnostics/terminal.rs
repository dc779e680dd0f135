//! Diagnostics as text for a terminal, rustc-style, bounded and safe whatever the content.
//!
//! - **Bounded.** The source shown is one line, cut to [`WIDTH`] characters around the
//!   caret (`…` marks a cut), so a 200 KB line costs the same as a short one; and at most
//!   [`PER_KIND`] problems of one code are shown per file, the rest counted in one line
//!   ("… and 9,990 more"). Memory and time grow with the number of diagnostics, not with
//!   it times the length of their lines.
//! - **Safe.** Content can hold control characters (an `ESC ]0;…BEL` that retitles the
//!   terminal, a bidirectional override that reorders the line): every message, label,
//!   path and source excerpt shows them escaped (`\u{1b}`), never raw.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, termcolor};

use super::{Code, Diagnostic, Location, Severity};

/// Characters of a source line shown at most.
pub const WIDTH: usize = 120;
/// Characters kept before the caret when a line is cut.
const BEFORE: usize = 40;
/// Problems of one code shown per file; the rest are counted.
pub const PER_KIND: usize = 20;

/// Renders diagnostics rustc-style (with the source line and a caret when known).
pub fn render(diagnostics: &[Diagnostic], color: bool) -> String {
    let mut buffer = if color {
        termcolor::Buffer::ansi()
    } else {
        termcolor::Buffer::no_color()
    };
    let config = term::Config::default();
    let mut seen: HashMap<(&Path, Code), usize> = HashMap::new();
    // The first problem not shown of each file and code, in the order met.
    let mut hidden: Vec<&Diagnostic> = Vec::new();
    for d in diagnostics {
        let count = seen.entry((d.path.as_path(), d.code)).or_default();
        *count += 1;
        if *count <= PER_KIND {
            emit(&mut buffer, &config, d);
        } else if *count == PER_KIND + 1 {
            hidden.push(d);
        }
    }
    for first in hidden {
        let more = seen[&(first.path.as_path(), first.code)] - PER_KIND;
        let kind = match first.severity {
            Severity::Error => "errors",
            Severity::Warning => "warnings",
        };
        let message = format!(
            "… and {} more `{}` {kind} in {} (`glossa check --format json` lists every one)",
            thousands(more),
            first.code.as_str(),
            printable(&first.path.display().to_string()),
        );
        let note = match first.severity {
            Severity::Error => cs::Diagnostic::error(),
            Severity::Warning => cs::Diagnostic::warning(),
        }
        .with_code(first.code.as_str())
        .with_message(message);
        let _ = term::emit(&mut buffer, &config, &NoFile, &note);
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

fn emit(buffer: &mut termcolor::Buffer, config: &term::Config, d: &Diagnostic) {
    let name = printable(&d.path.display().to_string()).into_owned();
    let mut out = match d.severity {
        Severity::Error => cs::Diagnostic::error(),
        Severity::Warning => cs::Diagnostic::warning(),
    }
    .with_code(d.code.as_str())
    .with_message(printable(&d.message));
    let mut notes = Vec::new();
    let excerpt = match (&d.location, d.source.as_deref()) {
        (Some(loc), Some(text)) => Some(Excerpt::new(&name, text, loc)),
        (Some(loc), None) => {
            notes.push(format!("at {}:{}:{}", name, loc.line, loc.column));
            None
        }
        (None, _) => {
            notes.push(format!("in {name}"));
            None
        }
    };
    if let Some(help) = &d.help {
        notes.push(format!("help: {}", printable(help)));
    }
    out = out.with_notes(notes);
    let emitted = match &excerpt {
        Some(file) => {
            let label = cs::Label::primary((), file.span.clone()).with_message(printable(&d.label));
            term::emit(buffer, config, file, &out.with_labels(vec![label]))
        }
        None => term::emit(buffer, config, &NoFile, &out),
    };
    // Writing to memory only fails on a span outside the excerpt, which `Excerpt::new`
    // prevents; fall back to a plain line rather than lose the message.
    if emitted.is_err() {
        use std::io::Write;
        let at = d
            .location
            .as_ref()
            .map(|l| format!(":{}:{}", l.line, l.column));
        let _ = writeln!(
            buffer,
            "{:?}: {name}{}: {}",
            d.severity,
            at.unwrap_or_default(),
            printable(&d.message)
        );
    }
}

/// `text` with control characters (C0 but tab and newline, DEL, C1) and bidirectional
/// controls escaped as `\u{…}`.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_printable(&mut out, c);
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn push_printable(out: &mut String, c: char) {
    if needs_escape(c) {
        out.push_str(&format!("\\u{{{:x}}}", c as u32));
    } else {
        out.push(c);
    }
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// One source line (or the part of it around the caret) as a one-line file for
/// codespan, which reports the real line and column.
struct Excerpt<'a> {
    name: &'a str,
    text: String,
    line: usize,
    /// The span, in `text`'s bytes.
    span: Range<usize>,
    /// For each character of the source shown: its byte offset in `text` and its 1-based
    /// column on the real line.
    columns: Vec<(usize, usize)>,
}

impl<'a> Excerpt<'a> {
    fn new(name: &'a str, source: &str, loc: &Location) -> Self {
        let (line_start, line) = line_at(source, loc);
        let line_end = line_start + line.len();
        let start = floor_boundary(source, loc.span.start.clamp(line_start, line_end));
        let end = floor_boundary(source, loc.span.end.clamp(start, line_end)).max(start);
        // The characters of the line to show: all, or WIDTH of them around the caret.
        let before = source[line_start..start].chars().count();
        let total = before + source[start..line_end].chars().count();
        let first = if total <= WIDTH {
            0
        } else {
            before.saturating_sub(BEFORE)
        };
        let mut text = String::new();
        let mut columns = Vec::new();
        let mut span = usize::MAX..usize::MAX;
        if first > 0 {
            text.push('…');
        }
        let mut offset = line_start;
        for (i, c) in line.chars().enumerate() {
            if i >= first + WIDTH {
                text.push('…');
                break;
            }
            if i >= first {
                if offset >= start && span.start == usize::MAX {
                    span.start = text.len();
                }
                if offset >= end && span.end == usize::MAX {
                    span.end = text.len();
                }
                columns.push((text.len(), i + 1));
                push_printable(&mut text, c);
            }
            offset += c.len_utf8();
        }
        if span.start == usize::MAX {
            span.start = text.len();
        }
        if span.end == usize::MAX {
            // The span runs to the line's end, or past the cut.
            span.end = if end > start { text.len() } else { span.start };
        }
        columns.push((text.len(), first + columns.len() + 1));
        let line_number = loc.line.max(1);
        Excerpt {
            name,
            text,
            line: line_number,
            span,
            columns,
        }
    }
}

/// The line `loc` is on: its start offset and its text (without the line break).
fn line_at<'s>(source: &'s str, loc: &Location) -> (usize, &'s str) {
    let at = loc.span.start.min(source.len());
    // A location given by line only (an empty span at 0) names its line.
    let start = if loc.span.is_empty() && at == 0 && loc.line > 1 {
        source
            .match_indices('\n')
            .nth(loc.line - 2)
            .map_or(source.len(), |(i, _)| i + 1)
    } else {
        source[..floor_boundary(source, at)]
            .rfind('\n')
            .map_or(0, |i| i + 1)
    };
    let rest = &source[start..];
    let end = rest.find('\n').unwrap_or(rest.len());
    let line = rest[..end].strip_suffix('\r').unwrap_or(&rest[..end]);
    (start, line)
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl<'a> Files<'a> for Excerpt<'_> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, _: ()) -> Result<&'a str, FilesError> {
        Ok(self.name)
    }

    fn source(&'a self, _: ()) -> Result<&'a str, FilesError> {
        Ok(&self.text)
    }

    fn line_index(&'a self, _: (), _byte_index: usize) -> Result<usize, FilesError> {
        Ok(0)
    }

    fn line_number(&'a self, _: (), _line_index: usize) -> Result<usize, FilesError> {
        Ok(self.line)
    }

    fn column_number(
        &'a self,
        _: (),
        _line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let i = self.columns.partition_point(|&(at, _)| at < byte_index);
        let (_, column) = self.columns[i.min(self.columns.len() - 1)];
        Ok(column)
    }

    fn line_range(&'a self, _: (), line_index: usize) -> Result<Range<usize>, FilesError> {
        match line_index {
            0 => Ok(0..self.text.len()),
            _ => Err(FilesError::LineTooLarge {
                given: line_index,
                max: 0,
            }),
        }
    }
}

/// No source: for diagnostics without a location.
struct NoFile;

impl<'a> Files<'a> for NoFile {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, _: ()) -> Result<&'a str, FilesError> {
        Ok("")
    }

    fn source(&'a self, _: ()) -> Result<&'a str, FilesError> {
        Ok("")
    }

    fn line_index(&'a self, _: (), _: usize) -> Result<usize, FilesError> {
        Ok(0)
    }

    fn line_range(&'a self, _: (), _: usize) -> Result<Range<usize>, FilesError> {
        Ok(0..0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(d: Diagnostic) -> String {
        render(&[d], false)
    }

    #[test]
    fn a_long_line_is_cut_around_the_caret_with_the_real_column() {
        let text = format!("+++\ndescription = \"{}\" oops\n+++\n", "é".repeat(5000));
        let at = text.find("oops").unwrap();
        let out = one(
            Diagnostic::error(Code::FrontMatter, "bad", "content/terms/x.md")
                .with_span(&text, Some(at..at + 4))
                .with_label("here"),
        );
        assert!(out.contains("content/terms/x.md:2:5018"), "{out}");
        assert!(out.contains("2 │ …éééé"), "{out}");
        assert!(out.contains("éééé\" oops\n"), "{out}");
        assert!(out.contains("^^^^ here"), "{out}");
        assert!(out.lines().all(|l| l.chars().count() < WIDTH + 20), "{out}");
    }

    #[test]
    fn a_line_given_by_number_shows_that_line() {
        let text = "first\nsecond\nthird\n";
        let out = one(Diagnostic::error(Code::Io, "m", "f.md")
            .with_span(text, None)
            .at_line(3));
        assert!(out.contains("f.md:3:1"), "{out}");
        assert!(out.contains("3 │ third"), "{out}");
    }

    #[test]
    fn a_diagnostic_without_a_place_names_its_file_once() {
        let out = one(
            Diagnostic::error(Code::Encoding, "not UTF-8", "content/x.md").with_help("save it"),
        );
        assert_eq!(out.matches("content/x.md").count(), 1, "{out}");
        assert!(out.contains("= help: save it"), "{out}");
    }

    #[test]
    fn control_characters_are_escaped_everywhere() {
        let text = "title = \"\u{1b}]0;pwned\u{7}\"\n";
        let out = one(
            Diagnostic::error(Code::FrontMatter, "bad `\u{1b}[2J`", "x\u{9b}.md")
                .with_span(text, Some(9..17))
                .with_label("\u{202e}label")
                .with_help("\u{7}"),
        );
        for c in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'] {
            assert!(!out.contains(c), "{c:?} in {out}");
        }
        assert!(out.contains("\\u{1b}]0;pwned\\u{7}"), "{out}");
        assert!(out.contains("x\\u{9b}.md"), "{out}");
    }

    #[test]
    fn many_problems_of_one_kind_in_one_file_are_counted() {
        let text = "related = [\"a\"]\n";
        let many: Vec<Diagnostic> = (0..1234)
            .map(|_| {
                Diagnostic::warning(Code::BrokenLink, "unknown", "t.md")
                    .with_span(text, Some(12..13))
            })
            .chain([Diagnostic::warning(Code::Orphan, "alone", "t.md")])
            .collect();
        let out = render(&many, false);
        assert_eq!(out.matches("unknown").count(), PER_KIND, "{out}");
        assert!(
            out.contains("… and 1,214 more `broken-link` warnings in t.md"),
            "{out}"
        );
        assert!(out.contains("alone"), "{out}");
    }

    #[test]
    fn spans_outside_or_across_lines_never_panic() {
        let text = "aé\nb\n";
        let (high, low) = (3, 1); // a reversed span, as a bug elsewhere could make
        for span in [0..99, 2..3, high..low, 99..120, 1..5] {
            let mut d = Diagnostic::error(Code::Io, "m", "f").with_span(text, None);
            d.location = Some(Location {
                line: 7,
                column: 3,
                span,
            });
            let _ = one(d);
        }
    }
}
