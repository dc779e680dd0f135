//! CSV and TSV sheets: a header row naming the columns ([`super::fields`]), then one entry
//! per row. Quoted cells may hold the delimiter, quotes (`""`) and line breaks. Read as a
//! stream (one row in memory at a time, over any [`Read`]); a UTF-8 byte-order mark is
//! skipped, UTF-16 and bytes that are not UTF-8 stop the file at their line, and so does
//! a quote that is never closed (which would take the rest of the file into one cell).

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};

use super::fields::{self, Field, Map, Part};
use super::{list, one_line, too_big, FileError, Item, Next, Record, Ref};
use crate::model::Kind;

/// How to read a sheet.
#[derive(Clone, Debug)]
pub struct Options {
    /// `b','` for CSV, `b'\t'` for TSV.
    pub delimiter: u8,
    /// `--map` (column name → field).
    pub map: Map,
}

/// The rows of a sheet, as [`Item`]s.
pub struct Reader<R: Read> {
    inner: ::csv::Reader<Quotes<BufReader<R>>>,
    columns: Vec<(String, Field)>,
    row: ::csv::ByteRecord,
    /// The spreadsheet row number of the last row read (the header is row 1).
    number: usize,
    pending: VecDeque<Item>,
    done: bool,
}

impl<R: Read> Reader<R> {
    /// Reads the header; a file that cannot be read as a sheet is an error.
    pub fn new(input: R, options: &Options) -> Result<Reader<R>, FileError> {
        let mut buffered = BufReader::new(input);
        let head = buffered.fill_buf().map_err(io_error)?;
        if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
            return Err(super::utf8(head)
                .err()
                .unwrap_or_else(|| FileError::new(1, "UTF-16")));
        }
        if head.starts_with(b"\xEF\xBB\xBF") {
            buffered.consume(3);
        }
        let inner = ::csv::ReaderBuilder::new()
            .delimiter(options.delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(Quotes::new(buffered, options.delimiter));
        let mut reader = Reader {
            inner,
            columns: Vec::new(),
            row: ::csv::ByteRecord::new(),
            number: 0,
            pending: VecDeque::new(),
            done: false,
        };
        reader.header(&options.map)?;
        Ok(reader)
    }

    fn header(&mut self, map: &Map) -> Result<(), FileError> {
        if !self.read_row()? {
            return Err(FileError::new(1, "empty file: no header row"));
        }
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for (i, cell) in self.row.iter().enumerate() {
            let name = std::str::from_utf8(cell).map_err(|_| {
                FileError::new(1, "the header is not UTF-8 text; save the file as UTF-8")
            })?;
            let name = one_line(name);
            let field = fields::field(&name, map);
            if matches!(field, Field::Ignore) && name.is_empty() {
                self.pending.push_back(Item::Warning {
                    line: 1,
                    message: format!("column {} has no name; its cells are left out", i + 1),
                });
            }
            if single(&field) {
                let label = format!("{field:?}");
                if let Some(first) = seen.get(&label) {
                    self.pending.push_back(Item::Warning {
                        line: 1,
                        message: format!(
                            "columns `{first}` and `{name}` hold the same field; the first non-empty cell is used"
                        ),
                    });
                } else {
                    seen.insert(label, name.clone());
                }
            }
            self.columns.push((name, field));
        }
        if !self.columns.iter().any(|(_, f)| *f == Field::Title) {
            let names: Vec<&str> = self.columns.iter().map(|(n, _)| n.as_str()).collect();
            return Err(FileError::new(
                1,
                format!(
                    "no column holds the title (columns: {}); name one `title` or `term`, or map one with --map COLUMN=title",
                    names.join(", ")
                ),
            ));
        }
        Ok(())
    }

    /// Reads the next row into `self.row`; false at the end of the file.
    fn read_row(&mut self) -> Result<bool, FileError> {
        let more = self.inner.read_byte_record(&mut self.row).map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            FileError::new(line, format!("cannot read the sheet: {e}"))
        })?;
        if !more {
            if let Some(line) = self.inner.get_ref().open {
                return Err(FileError::new(
                    line,
                    "a quote (\") opened here is never closed, so the rest of the file would be one cell; close it, or double a quote inside a quoted cell (\"\")",
                ));
            }
        }
        self.number += usize::from(more);
        Ok(more)
    }

    /// The record of the row just read (`None` for an empty row).
    fn record(&mut self) -> Result<Option<Item>, FileError> {
        let line = self.row.position().map_or(0, |p| p.line() as usize);
        let number = self.number;
        let mut record = Record {
            line,
            ..Record::default()
        };
        let mut warnings = Vec::new();
        if self.row.len() > self.columns.len() {
            warnings.push(format!(
                "row {number} has {} cells where the header names {}; the cells past column {} are left out",
                self.row.len(),
                self.columns.len(),
                self.columns.len()
            ));
        }
        for (cell, (name, field)) in self.row.iter().zip(&self.columns) {
            if let Some(why) = too_big(cell.len()) {
                return Ok(Some(Item::Skip {
                    line,
                    reason: format!("row {number}, column `{name}`: a cell of {why}"),
                }));
            }
            let text = std::str::from_utf8(cell).map_err(|_| {
                FileError::new(
                    line,
                    format!(
                        "row {number}, column `{name}` is not UTF-8 text; save the file as UTF-8"
                    ),
                )
            })?;
            if let Some(w) = set(&mut record, field, text) {
                warnings.push(format!("row {number}, column `{name}`: {w}"));
            }
        }
        if self
            .row
            .iter()
            .all(|c| c.iter().all(u8::is_ascii_whitespace))
        {
            return Ok(None);
        }
        self.pending.extend(
            warnings
                .into_iter()
                .map(|message| Item::Warning { line, message }),
        );
        if record.title.is_empty() {
            return Ok(Some(Item::Skip {
                line,
                reason: format!("row {number}: no title (its title cell is empty)"),
            }));
        }
        Ok(Some(Item::Record(Box::new(record))))
    }
}

impl<R: Read> Iterator for Reader<R> {
    type Item = Next;

    fn next(&mut self) -> Option<Next> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Some(Ok(item));
            }
            if self.done {
                return None;
            }
            let item = match self.read_row() {
                Ok(true) => self.record(),
                Ok(false) => {
                    self.done = true;
                    continue;
                }
                Err(e) => Err(e),
            };
            match item {
                // Warnings about the row come before it.
                Ok(Some(item)) => self.pending.push_back(item),
                Ok(None) => {}
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
    }
}

/// Whether a field takes one value (a second column for it is reported).
fn single(field: &Field) -> bool {
    !matches!(
        field,
        Field::Aliases | Field::Related | Field::Areas | Field::Ignore
    )
}

/// Puts a cell into its field; a warning when the value cannot be used.
pub(crate) fn set(record: &mut Record, field: &Field, text: &str) -> Option<String> {
    let first = |slot: &mut String, value: String| {
        if slot.is_empty() {
            *slot = value;
        }
    };
    match field {
        Field::Title => first(&mut record.title, one_line(text)),
        Field::Description => first(&mut record.description, one_line(text)),
        Field::Body => first(&mut record.body, super::body_text(text)),
        Field::Aliases => record.aliases.extend(list::split(text)),
        Field::Related => record
            .related
            .extend(list::split(text).into_iter().map(Ref::name)),
        Field::Areas => record.areas.extend(list::split(text)),
        Field::Slug => opt(&mut record.slug, text),
        Field::Date => opt(&mut record.date, text),
        Field::Updated => opt(&mut record.updated, text),
        Field::Author => opt(&mut record.author, text),
        Field::SourceUrl => opt(&mut record.source_url, text),
        Field::Kind => {
            let value = crate::text::lowercase(text.trim());
            if !value.is_empty() && record.kind.is_none() {
                match Kind::parse(&value) {
                    Some(k) => record.kind = Some(k),
                    None => return Some(super::kind_warning(text)),
                }
            }
        }
        Field::Stub => match crate::text::lowercase(text.trim()).as_str() {
            "" | "false" | "no" | "0" => {}
            "true" | "yes" | "1" | "x" => record.stub = true,
            _ => return Some(format!("`stub` is `{}`, not true or false", one_line(text))),
        },
        Field::Translated(lang, part) => {
            let t = record.translations.entry(lang.clone()).or_default();
            match part {
                Part::Title => first(&mut t.title, one_line(text)),
                Part::Aliases => t.aliases.extend(list::split(text)),
                Part::Description => first(&mut t.description, one_line(text)),
                Part::Body => first(&mut t.body, super::body_text(text)),
            }
            if t.is_empty() {
                record.translations.remove(lang);
            }
        }
        Field::Extra(key) => {
            let value = text.trim();
            if !value.is_empty() && !record.extra.contains_key(key) {
                record
                    .extra
                    .insert(key.clone(), toml::Value::String(value.to_string()));
            }
        }
        Field::Ignore => {}
    }
    None
}

fn opt(slot: &mut Option<String>, text: &str) {
    let value = one_line(text);
    if slot.is_none() && !value.is_empty() {
        *slot = Some(value);
    }
}

fn io_error(e: std::io::Error) -> FileError {
    FileError::new(0, format!("cannot read: {e}"))
}

/// The quoting state of a sheet as its bytes go by, to find a quote never closed (the
/// CSV reader would read the rest of the file as one cell without a word).
struct Quotes<R> {
    inner: R,
    delimiter: u8,
    state: Quoting,
    line: usize,
    /// The line of the quote that opened the cell being read, while it is open.
    open: Option<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Quoting {
    /// At the start of a cell.
    Start,
    /// In a cell without quotes.
    Plain,
    /// In a quoted cell.
    Quoted,
    /// Just after a quote in a quoted cell: its end, or the first of `""`.
    QuoteInQuoted,
}

impl<R> Quotes<R> {
    fn new(inner: R, delimiter: u8) -> Self {
        Quotes {
            inner,
            delimiter,
            state: Quoting::Start,
            line: 1,
            open: None,
        }
    }

    fn step(&mut self, b: u8) {
        let end = b == self.delimiter || b == b'\n' || b == b'\r';
        self.state = match (self.state, b) {
            (Quoting::Start, b'"') => {
                self.open = Some(self.line);
                Quoting::Quoted
            }
            (Quoting::Quoted, b'"') => Quoting::QuoteInQuoted,
            (Quoting::Quoted, _) => Quoting::Quoted,
            (Quoting::QuoteInQuoted, b'"') => Quoting::Quoted,
            (_, _) if end => Quoting::Start,
            _ => Quoting::Plain,
        };
        if self.state != Quoting::Quoted {
            self.open = None;
        }
        if b == b'\n' {
            self.line += 1;
        }
    }
}

impl<R: Read> Read for Quotes<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            self.step(b);
        }
        Ok(n)
    }
}

/// The columns glossa writes, in order, before `[extra]` keys and other languages.
const COLUMNS: &[&str] = &[
    "kind",
    "slug",
    "title",
    "description",
    "aliases",
    "related",
    "areas",
    "date",
    "updated",
    "author",
    "stub",
    "source_url",
    "body",
];

/// Writes `records` as a sheet: glossa's columns, then one per `[extra]` key (strings as
/// they are, other values as TOML), then `title@<lang>`, `aliases@<lang>`,
/// `description@<lang>`, `body@<lang>` for each other language.
pub fn write(records: &[Record], delimiter: u8, out: &mut dyn Write) -> std::io::Result<()> {
    let extra: BTreeSet<&String> = records.iter().flat_map(|r| r.extra.keys()).collect();
    let langs: BTreeSet<&String> = records.iter().flat_map(|r| r.translations.keys()).collect();
    let mut w = ::csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(out);
    let mut header: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
    header.extend(extra.iter().map(|k| k.to_string()));
    for lang in &langs {
        for part in ["title", "aliases", "description", "body"] {
            header.push(format!("{part}@{lang}"));
        }
    }
    w.write_record(&header)?;
    for r in records {
        let related: Vec<&str> = r.related.iter().map(|x| x.name.as_str()).collect();
        let kind = r.kind.map_or("", Kind::as_str);
        let mut row: Vec<String> = vec![
            kind.to_string(),
            r.slug.clone().unwrap_or_default(),
            r.title.clone(),
            r.description.clone(),
            list::join(&r.aliases),
            list::join(&related),
            list::join(&r.areas),
            r.date.clone().unwrap_or_default(),
            r.updated.clone().unwrap_or_default(),
            r.author.clone().unwrap_or_default(),
            if r.stub { "true".into() } else { String::new() },
            r.source_url.clone().unwrap_or_default(),
            r.body.clone(),
        ];
        for key in &extra {
            row.push(match r.extra.get(*key) {
                Some(toml::Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
                None => String::new(),
            });
        }
        for lang in &langs {
            let t = r.translations.get(*lang).cloned().unwrap_or_default();
            row.extend([t.title, list::join(&t.aliases), t.description, t.body]);
        }
        w.write_record(&row)?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Vec<Item>, FileError> {
        let options = Options {
            delimiter: b',',
            map: Map::new(),
        };
        Reader::new(text.as_bytes(), &options)?.collect()
    }

    fn records(items: &[Item]) -> Vec<&Record> {
        items
            .iter()
            .filter_map(|i| match i {
                Item::Record(r) => Some(&**r),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn quoted_cells_hold_commas_quotes_and_line_breaks() {
        let items = read(
            "\u{feff}Term,Definition,Synonyms,Body\n\"Margin, initial\",\"The \"\"first\"\" deposit.\",IM | initial margin,\"Line one\nline two\"\nFunding rate,Paid every eight hours.,,\n",
        )
        .unwrap();
        let r = records(&items);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].title, "Margin, initial");
        assert_eq!(r[0].description, "The \"first\" deposit.");
        assert_eq!(r[0].aliases, ["IM", "initial margin"]);
        assert_eq!(r[0].body, "Line one\nline two");
        assert_eq!((r[0].line, r[1].line), (2, 4));
    }

    #[test]
    fn an_unclosed_quote_stops_the_file_at_its_line() {
        let err = read("title,body\nA,ok\nB,\"never closed\nC,more\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("never closed"), "{}", err.message);
        // A quote inside an unquoted cell is only a character.
        assert_eq!(
            records(&read("title\n5\" screen\n").unwrap())[0].title,
            "5\" screen"
        );
    }

    #[test]
    fn rows_without_title_or_too_big_are_skipped_with_their_row() {
        let big = "x".repeat(super::super::MAX_CELL + 1);
        let items = read(&format!("title,body\n,text\nBig,{big}\nOk,\n")).unwrap();
        let skips: Vec<&String> = items
            .iter()
            .filter_map(|i| match i {
                Item::Skip { reason, .. } => Some(reason),
                _ => None,
            })
            .collect();
        assert_eq!(skips.len(), 2);
        assert!(skips[0].contains("row 2: no title"));
        assert!(skips[1].contains("row 3, column `body`"), "{}", skips[1]);
        assert_eq!(records(&items).len(), 1);
    }

    #[test]
    fn a_sheet_without_title_column_or_in_utf16_is_refused() {
        assert!(read("Name,x\n").is_ok(), "name means title");
        assert!(read("foo,bar\na,b\n")
            .unwrap_err()
            .message
            .contains("title"));
        let utf16 = [0xFF, 0xFE, b't', 0, b'\n', 0];
        let options = Options {
            delimiter: b',',
            map: Map::new(),
        };
        let err = Reader::new(&utf16[..], &options).err().unwrap();
        assert!(err.message.contains("UTF-16"));
        let latin1 = b"title\ncaf\xe9\n";
        let err = Reader::new(&latin1[..], &options)
            .unwrap()
            .find_map(Result::err)
            .unwrap();
        assert_eq!(err.line, 2);
    }

    #[test]
    fn write_then_read_gives_the_records_back() {
        let mut r = Record {
            line: 2,
            kind: Some(Kind::Term),
            slug: Some("margin".into()),
            title: "Margin".into(),
            description: "Collateral, \"posted\".".into(),
            body: "Para one.\n\nPara | two.".into(),
            aliases: vec!["a|b".into(), "c".into()],
            related: vec![Ref::name("funding-rate")],
            areas: vec!["risk".into()],
            date: Some("2026-01-02".into()),
            stub: true,
            ..Record::default()
        };
        r.extra
            .insert("note".into(), toml::Value::String("x\ny".into()));
        r.translations.insert(
            "fr".into(),
            super::super::Translation {
                title: "Marge".into(),
                ..Default::default()
            },
        );
        let mut out = Vec::new();
        write(std::slice::from_ref(&r), b',', &mut out).unwrap();
        let back = read(std::str::from_utf8(&out).unwrap()).unwrap();
        assert_eq!(records(&back), [&r]);
    }
}
