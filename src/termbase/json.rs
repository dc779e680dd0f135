//! JSON: an array of objects, one per entry, with the fields of a sheet's columns
//! ([`super::fields`]); lists are arrays (or strings split like a sheet's cells),
//! `extra` an object, `translations` an object by language tag. Other keys are kept under
//! `[extra]` with their JSON types. The file is read whole; its records are found one at
//! a time (a record that is not valid JSON is skipped with its line, the rest go on) and
//! parsed one at a time.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;
use serde_json::Value;

use super::fields::{self, Field, Map, Part};
use super::{list, too_big, FileError, Item, Next, Record, Ref, Translation};
use crate::model::Kind;

/// The records of a JSON array, as [`Item`]s.
pub struct Reader<'a> {
    text: &'a str,
    map: Map,
    /// Where the next record (or `,` or `]`) is looked for, and its line.
    pos: usize,
    line: usize,
    /// Records read so far.
    number: usize,
    /// Items of the last record not yet given (its warnings come first).
    pending: std::collections::VecDeque<Item>,
    done: bool,
}

impl<'a> Reader<'a> {
    /// A reader over the file's bytes: UTF-8 (a byte-order mark is skipped) holding an array.
    pub fn new(bytes: &'a [u8], map: Map) -> Result<Reader<'a>, FileError> {
        let text = super::utf8(bytes)?;
        let mut reader = Reader {
            text,
            map,
            pos: 0,
            line: 1,
            number: 0,
            pending: Default::default(),
            done: false,
        };
        reader.skip_space();
        if reader.peek() != Some(b'[') {
            return Err(FileError::new(
                reader.line,
                "a JSON file of entries is an array of objects: [{\"title\": …}, …]",
            ));
        }
        reader.advance(1);
        Ok(reader)
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn advance(&mut self, n: usize) {
        let end = (self.pos + n).min(self.text.len());
        self.line += self.text.as_bytes()[self.pos..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.pos = end;
    }

    fn skip_space(&mut self) {
        let n = self.text.as_bytes()[self.pos..]
            .iter()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
        self.advance(n);
    }

    /// The length of the JSON value at `pos` (objects and arrays to their closing
    /// bracket, strings to their quote, anything else to the next `,`, `]` or space).
    fn value_len(&self) -> Option<usize> {
        let bytes = &self.text.as_bytes()[self.pos..];
        let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
        for (i, &b) in bytes.iter().enumerate() {
            if in_string {
                match (escaped, b) {
                    (true, _) => escaped = false,
                    (false, b'\\') => escaped = true,
                    (false, b'"') if depth == 0 => return Some(i + 1),
                    (false, b'"') => in_string = false,
                    _ => {}
                }
                continue;
            }
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' if depth > 0 => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(i + 1);
                    }
                }
                b',' | b']' | b'}' if depth == 0 => return Some(i),
                b if b.is_ascii_whitespace() && depth == 0 => return Some(i),
                _ => {}
            }
        }
        (depth == 0 && !in_string && !bytes.is_empty()).then_some(bytes.len())
    }

    fn next_item(&mut self) -> Result<Option<Item>, FileError> {
        self.skip_space();
        if self.number > 0 || self.peek() == Some(b',') {
            match self.peek() {
                Some(b',') if self.number > 0 => {
                    self.advance(1);
                    self.skip_space();
                }
                Some(b']') => return self.end(),
                _ => {
                    return Err(FileError::new(
                        self.line,
                        "expected `,` or `]` after a record of the array",
                    ))
                }
            }
        } else if self.peek() == Some(b']') {
            return self.end();
        }
        let (line, start) = (self.line, self.pos);
        let len = self.value_len().filter(|&n| n > 0).ok_or_else(|| {
            FileError::new(
                line,
                "the array is not closed: the file ends inside this record",
            )
        })?;
        self.advance(len);
        self.number += 1;
        let number = self.number;
        let slice = &self.text[start..start + len];
        let value: Value = match serde_json::from_str(slice) {
            Ok(v) => v,
            Err(e) => {
                return Ok(Some(Item::Skip {
                    line: line + e.line().saturating_sub(1),
                    reason: format!("record {number}: not valid JSON ({e})"),
                }))
            }
        };
        let Value::Object(object) = value else {
            return Ok(Some(Item::Skip {
                line,
                reason: format!("record {number} is not an object"),
            }));
        };
        let mut items = record(object, &self.map, line, number);
        let last = items.pop();
        self.pending.extend(items);
        Ok(last)
    }

    fn end(&mut self) -> Result<Option<Item>, FileError> {
        self.advance(1);
        self.skip_space();
        self.done = true;
        if self.pos < self.text.len() {
            return Err(FileError::new(
                self.line,
                "text after the array's closing `]`",
            ));
        }
        Ok(None)
    }
}

impl Iterator for Reader<'_> {
    type Item = Next;

    fn next(&mut self) -> Option<Next> {
        if let Some(item) = self.pending.pop_front() {
            return Some(Ok(item));
        }
        if self.done {
            return None;
        }
        match self.next_item() {
            Ok(Some(item)) if !self.pending.is_empty() => {
                self.pending.push_back(item);
                self.pending.pop_front().map(Ok)
            }
            Ok(item) => item.map(Ok),
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

/// One object as a record (or skipped, with the key that makes it unusable), after the
/// warnings about it.
fn record(
    object: serde_json::Map<String, Value>,
    map: &Map,
    line: usize,
    number: usize,
) -> Vec<Item> {
    let mut r = Record {
        line,
        ..Record::default()
    };
    let mut warnings = Vec::new();
    for (key, value) in object {
        if let Some(why) = longest_string(&value).and_then(too_big) {
            return vec![Item::Skip {
                line,
                reason: format!("record {number}, key `{key}`: a string of {why}"),
            }];
        }
        match (key.as_str(), value) {
            ("extra", Value::Object(extra)) => {
                for (k, v) in extra {
                    if let Some(v) = to_toml(&v) {
                        r.extra.insert(k, v);
                    }
                }
            }
            ("translations", Value::Object(langs)) => translations(&mut r, langs),
            (_, value) => match fields::field(&key, map) {
                Field::Extra(k) => {
                    if let Some(v) = to_toml(&value) {
                        r.extra.insert(k, v);
                    }
                }
                Field::Stub if value.is_boolean() => r.stub = value.as_bool() == Some(true),
                field => {
                    for text in texts(&value, &field) {
                        if let Some(w) = super::csv::set(&mut r, &field, &text) {
                            warnings.push(format!("record {number}, key `{key}`: {w}"));
                        }
                    }
                }
            },
        }
    }
    let mut items: Vec<Item> = warnings
        .into_iter()
        .map(|message| Item::Warning { line, message })
        .collect();
    items.push(if r.title.is_empty() {
        Item::Skip {
            line,
            reason: format!("record {number}: no title"),
        }
    } else {
        Item::Record(Box::new(r))
    });
    items
}

/// A value as the texts a field takes: list items as cells of their own (so a `|` inside
/// an array item is not split), anything else as its text.
fn texts(value: &Value, field: &Field) -> Vec<String> {
    let listed = matches!(
        field,
        Field::Aliases | Field::Related | Field::Areas | Field::Translated(_, Part::Aliases)
    );
    match value {
        Value::Null => Vec::new(),
        Value::String(s) => vec![s.clone()],
        Value::Array(items) if listed => items
            .iter()
            .filter_map(|i| scalar(i).map(|s| list::join(&[s])))
            .collect(),
        Value::Array(items) => items.iter().filter_map(scalar).take(1).collect(),
        other => scalar(other).into_iter().collect(),
    }
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn translations(r: &mut Record, langs: serde_json::Map<String, Value>) {
    for (lang, v) in langs {
        let Value::Object(parts) = v else { continue };
        let lang = crate::text::lowercase(lang.trim());
        if !fields::is_language_tag(&lang) {
            continue;
        }
        let mut t = Translation::default();
        for (part, value) in parts {
            let part = match part.as_str() {
                "title" => Part::Title,
                "aliases" => Part::Aliases,
                "description" => Part::Description,
                "body" => Part::Body,
                _ => continue,
            };
            let field = Field::Translated(lang.clone(), part);
            for text in texts(&value, &field) {
                let mut one = Record::default();
                super::csv::set(&mut one, &field, &text);
                if let Some(got) = one.translations.remove(&lang) {
                    merge(&mut t, got);
                }
            }
        }
        if !t.is_empty() {
            r.translations.insert(lang, t);
        }
    }
}

fn merge(into: &mut Translation, from: Translation) {
    if into.title.is_empty() {
        into.title = from.title;
    }
    into.aliases.extend(from.aliases);
    if into.description.is_empty() {
        into.description = from.description;
    }
    if into.body.is_empty() {
        into.body = from.body;
    }
}

/// The length of the longest string in a value.
fn longest_string(v: &Value) -> Option<usize> {
    match v {
        Value::String(s) => Some(s.len()),
        Value::Array(a) => a.iter().filter_map(longest_string).max(),
        Value::Object(o) => o.values().filter_map(longest_string).max(),
        _ => None,
    }
}

/// A JSON value as TOML (`null` has none; numbers beyond `i64` are floats).
pub fn to_toml(v: &Value) -> Option<toml::Value> {
    Some(match v {
        Value::Null => return None,
        Value::Bool(b) => toml::Value::Boolean(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => toml::Value::Integer(i),
            None => toml::Value::Float(n.as_f64()?),
        },
        Value::String(s) => toml::Value::String(s.clone()),
        Value::Array(a) => toml::Value::Array(a.iter().filter_map(to_toml).collect()),
        Value::Object(o) => toml::Value::Table(
            o.iter()
                .filter_map(|(k, v)| Some((k.clone(), to_toml(v)?)))
                .collect(),
        ),
    })
}

/// A TOML value as JSON (dates as their text; floats JSON cannot write as `null`).
pub fn to_json(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => {
            serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number)
        }
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
        }
    }
}

/// One record as written.
#[derive(Serialize)]
struct Out<'a> {
    kind: &'static str,
    slug: &'a str,
    title: &'a str,
    description: &'a str,
    aliases: &'a [String],
    related: Vec<&'a str>,
    areas: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    stub: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_url: Option<&'a str>,
    body: &'a str,
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    extra: serde_json::Map<String, Value>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    translations: BTreeMap<&'a str, OutTranslation<'a>>,
}

#[derive(Serialize)]
struct OutTranslation<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    aliases: &'a [String],
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    body: &'a str,
}

/// Writes `records` as a JSON array (two-space indents, one key a line).
pub fn write(records: &[Record], out: &mut dyn Write) -> std::io::Result<()> {
    let all: Vec<Out<'_>> = records
        .iter()
        .map(|r| Out {
            kind: r.kind.map_or("", Kind::as_str),
            slug: r.slug.as_deref().unwrap_or(""),
            title: &r.title,
            description: &r.description,
            aliases: &r.aliases,
            related: r.related.iter().map(|x: &Ref| x.name.as_str()).collect(),
            areas: &r.areas,
            date: r.date.as_deref(),
            updated: r.updated.as_deref(),
            author: r.author.as_deref(),
            stub: r.stub,
            source_url: r.source_url.as_deref(),
            body: &r.body,
            extra: r
                .extra
                .iter()
                .map(|(k, v)| (k.clone(), to_json(v)))
                .collect(),
            translations: r
                .translations
                .iter()
                .map(|(lang, t)| {
                    let t = OutTranslation {
                        title: &t.title,
                        aliases: &t.aliases,
                        description: &t.description,
                        body: &t.body,
                    };
                    (lang.as_str(), t)
                })
                .collect(),
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &all).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Vec<Item>, FileError> {
        Reader::new(text.as_bytes(), Map::new())?.collect()
    }

    #[test]
    fn objects_become_records_and_bad_ones_are_skipped_with_their_line() {
        let items = read(
            "[\n  {\"term\": \"Margin\", \"synonyms\": [\"IM\", \"a|b\"], \"weight\": 3},\n  {\"title\": \"Bad\", oops},\n  7,\n  {\"title\": \"Funding rate\", \"related\": \"margin | basis\", \"extra\": {\"x\": [1, 2]}}\n]\n",
        )
        .unwrap();
        assert_eq!(items.len(), 4, "{items:?}");
        let Item::Record(r) = &items[0] else { panic!() };
        assert_eq!(r.title, "Margin");
        assert_eq!(r.aliases, ["IM", "a|b"]);
        assert_eq!(r.extra["weight"], toml::Value::Integer(3));
        assert!(matches!(&items[1], Item::Skip { line: 3, reason } if reason.contains("record 2")));
        assert!(
            matches!(&items[2], Item::Skip { line: 4, reason } if reason.contains("not an object"))
        );
        let Item::Record(r) = &items[3] else { panic!() };
        assert_eq!(r.related, [Ref::name("margin"), Ref::name("basis")]);
        assert_eq!(r.line, 5);
    }

    #[test]
    fn broken_arrays_stop_at_their_line() {
        assert!(read("{\"title\": \"x\"}")
            .unwrap_err()
            .message
            .contains("array"));
        assert_eq!(read("[\n{\"title\": \"x\"\n").unwrap_err().line, 2);
        assert!(read("[{\"title\": \"x\"}] junk").is_err());
        assert!(read("[{\"title\": \"x\"} {\"title\": \"y\"}]").is_err());
        assert_eq!(read("[]").unwrap(), Vec::new());
        let deep = format!("[{}{}]", "[".repeat(10_000), "]".repeat(10_000));
        assert!(matches!(read(&deep).unwrap()[0], Item::Skip { .. }));
    }

    #[test]
    fn write_then_read_gives_the_records_back() {
        let mut r = Record {
            line: 2,
            kind: Some(Kind::Definition),
            slug: Some("basis".into()),
            title: "Basis".into(),
            aliases: vec!["x | y".into()],
            related: vec![Ref::name("term/margin")],
            body: "A\n\nB".into(),
            ..Record::default()
        };
        r.extra.insert("n".into(), toml::Value::Float(1.5));
        r.translations.insert(
            "de".into(),
            Translation {
                title: "Basis".into(),
                aliases: vec!["Grundlage".into()],
                ..Default::default()
            },
        );
        let mut out = Vec::new();
        write(std::slice::from_ref(&r), &mut out).unwrap();
        let back = read(std::str::from_utf8(&out).unwrap()).unwrap();
        assert_eq!(back, [Item::Record(Box::new(r))]);
    }
}
