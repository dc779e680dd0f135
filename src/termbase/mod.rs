//! Termbases: a glossary as data, in the formats terminologists use — CSV and TSV sheets,
//! JSON, and TBX (TermBase eXchange, ISO 30042) — read into [`Record`]s and written from
//! them. Pure: readers take bytes or any [`std::io::Read`] and never open a file, so they
//! are fuzzed and property-tested; `glossa import` and `glossa export terms` do the I/O.
//!
//! ```text
//!  terms.csv ─► csv::Reader  ─┐                      ┌─► csv::write
//!  terms.json ► json::Reader ─┼─► Item::Record ─► …  ├─► json::write   ◄─ entry::record
//!  terms.tbx ─► tbx::Reader  ─┘   (+ Skip, Warning)   └─► tbx::write       (site entries)
//!                    names::Names (keys, titles, ids) ─► native::render ─► entry text
//! ```
//!
//! Every reader is an iterator of [`Item`]s: a record, a record left out with its line and
//! reason, or a warning; a problem that makes the rest of the file unreadable (not UTF-8,
//! an unclosed quote, a DOCTYPE declaring entities) is a [`FileError`] with its line, after
//! which the reader stops. A cell (or XML text) over [`MAX_CELL`] bytes leaves its record
//! out, naming the row and column.

pub mod csv;
pub mod entry;
pub mod fields;
pub mod json;
pub mod list;
pub mod names;
pub mod native;
pub mod tbx;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::model::Kind;

/// The largest cell (or XML text, or JSON string) a record may hold: 1 MiB. A record
/// with a larger one is left out with the row and column named.
pub const MAX_CELL: usize = 1 << 20;

/// A termbase format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Csv,
    Tsv,
    Json,
    Tbx,
}

impl Format {
    /// The format a file name's extension says (`.csv`, `.tsv`/`.tab`, `.json`, `.tbx`).
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "tsv" | "tab" => Some(Format::Tsv),
            "json" => Some(Format::Json),
            "tbx" => Some(Format::Tbx),
            _ => None,
        }
    }

    /// `csv`, `tsv`, `json`, `tbx`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Json => "json",
            Format::Tbx => "tbx",
        }
    }
}

/// A reference to another entry as a record writes it: a slug, `kind/slug` or a title;
/// in TBX also the `id` of the concept it targets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ref {
    pub id: Option<String>,
    pub name: String,
}

impl Ref {
    /// A reference by name only.
    pub fn name(name: impl Into<String>) -> Ref {
        Ref {
            id: None,
            name: name.into(),
        }
    }
}

/// An entry's title and text in another language (kept for multilingual sites, under
/// `[extra.translations.<lang>]`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Translation {
    pub title: String,
    pub aliases: Vec<String>,
    pub description: String,
    pub body: String,
}

impl Translation {
    pub fn is_empty(&self) -> bool {
        self.title.is_empty()
            && self.aliases.is_empty()
            && self.description.is_empty()
            && self.body.is_empty()
    }
}

/// One entry as a termbase holds it: a row, a JSON object, a TBX concept.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Record {
    /// Where it starts in its file (1-based).
    pub line: usize,
    /// What the file calls it, when it says (a TBX concept's `id`).
    pub id: Option<String>,
    pub kind: Option<Kind>,
    /// As written; checked (and slugified) by the import.
    pub slug: Option<String>,
    pub title: String,
    pub description: String,
    /// Markdown.
    pub body: String,
    pub aliases: Vec<String>,
    pub related: Vec<Ref>,
    /// Areas by slug or title.
    pub areas: Vec<String>,
    /// As written; parsed by the import (`YYYY-MM-DD` or RFC 3339).
    pub date: Option<String>,
    pub updated: Option<String>,
    pub author: Option<String>,
    pub source_url: Option<String>,
    pub stub: bool,
    /// Any other column or key.
    pub extra: toml::Table,
    /// By language tag.
    pub translations: BTreeMap<String, Translation>,
}

/// What a reader gives.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Record(Box<Record>),
    /// A record left out: where and why.
    Skip {
        line: usize,
        reason: String,
    },
    /// A problem that does not stop the record (or the file).
    Warning {
        line: usize,
        message: String,
    },
}

/// A problem that leaves the rest of the file unreadable.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct FileError {
    pub line: usize,
    pub message: String,
}

impl FileError {
    pub fn new(line: usize, message: impl Into<String>) -> FileError {
        FileError {
            line,
            message: message.into(),
        }
    }
}

/// What a reader's iterator yields.
pub type Next = Result<Item, FileError>;

/// Why a cell of `len` bytes is refused, or `None` within [`MAX_CELL`].
pub fn too_big(len: usize) -> Option<String> {
    (len > MAX_CELL).then(|| {
        format!(
            "{} over the {} MiB limit of a cell",
            size(len),
            MAX_CELL >> 20
        )
    })
}

/// `50.0 MB`, `12 KB`, `300 bytes`.
pub fn size(len: usize) -> String {
    match len {
        0..1_000 => format!("{len} bytes"),
        1_000..1_000_000 => format!("{} KB", len / 1_000),
        _ => format!("{:.1} MB", len as f64 / 1e6),
    }
}

/// One line of text: surrounding whitespace trimmed, inner runs (line breaks too) one space.
pub fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A body: line endings as `\n`, blank lines and trailing whitespace around it removed.
pub fn body_text(s: &str) -> String {
    let s = if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.to_string()
    };
    let start = s
        .find(|c: char| !c.is_whitespace())
        .map_or(s.len(), |i| s[..i].rfind('\n').map_or(0, |n| n + 1));
    s[start..].trim_end().to_string()
}

/// The text of a file: UTF-8 with or without a byte-order mark; UTF-16 and other
/// encodings are refused with the line of the first byte that is not UTF-8.
pub fn utf8(bytes: &[u8]) -> Result<&str, FileError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(FileError::new(
            1,
            "the file is UTF-16 (a byte-order mark says so); save it as UTF-8 (\"CSV UTF-8\" in spreadsheet programs)",
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
        FileError::new(
            line,
            "not UTF-8 text (a byte here is no UTF-8 character); save the file as UTF-8",
        )
    })
}

/// Unknown `kind` values, said once.
pub(crate) fn kind_warning(value: &str) -> String {
    format!(
        "`kind` is `{}`, not term, definition or area; the import decides the kind",
        one_line(value)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_lose_blank_lines_around_them_but_keep_indentation() {
        assert_eq!(body_text("\n\n  code\nmore  \n\n"), "  code\nmore");
        assert_eq!(body_text("a\r\nb\r"), "a\nb");
        assert_eq!(body_text("   \n  "), "");
    }

    #[test]
    fn non_utf8_is_refused_at_its_line() {
        assert_eq!(utf8(b"\xEF\xBB\xBFok").unwrap(), "ok");
        assert_eq!(utf8(b"a\nb\n\xFFc").unwrap_err().line, 3);
        assert!(utf8(b"\xFF\xFEa\0").unwrap_err().message.contains("UTF-16"));
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(size(52_428_800), "52.4 MB");
        assert!(too_big(MAX_CELL).is_none());
        assert!(too_big(MAX_CELL + 1).unwrap().contains("1 MiB"));
    }
}
