//! The three front-matter syntaxes read into one TOML table: TOML as it is, YAML and JSON
//! through a JSON value, where an empty value (YAML's `aka:`, JSON's `null`) is absent
//! rather than an error. Syntax errors name the syntax actually used and point their span
//! at the place the parser stopped, so the line in the message and the caret agree.

use std::ops::Range;

use super::{FieldError, Format, Split, SplitError};

/// Reads the front-matter block of `split` into a table, or says why it cannot.
pub fn table(split: &Split<'_>) -> Result<toml::Table, FieldError> {
    match split.format {
        Format::Toml => toml::from_str::<toml::Table>(split.front).map_err(|e| {
            let span = e
                .span()
                .map(|s| s.start + split.front_offset..s.end + split.front_offset);
            syntax_error(split.format, e.message(), span)
        }),
        Format::Yaml => {
            if split.front.trim().is_empty() {
                return Ok(toml::Table::new());
            }
            match serde_saphyr::from_str::<serde_json::Value>(split.front) {
                Ok(value) => into_table(split.format, value),
                Err(e) => {
                    let span = e.location().and_then(|loc| {
                        let line = usize::try_from(loc.line()).ok()?;
                        let column = usize::try_from(loc.column()).ok()?;
                        Some(point(split, line, column))
                    });
                    Err(syntax_error(
                        split.format,
                        &yaml_message(&e.to_string()),
                        span,
                    ))
                }
            }
        }
        Format::Json => match serde_json::from_str::<serde_json::Value>(split.front) {
            Ok(value) => into_table(split.format, value),
            Err(e) => {
                let span = Some(point(split, e.line(), e.column()));
                let message = e.to_string();
                let message = message.split(" at line ").next().unwrap_or(&message);
                Err(syntax_error(split.format, message, span))
            }
        },
    }
}

/// The keys set at the top level of the block, each with its byte range in the file, found
/// line by line (so even in a block that does not parse). JSON blocks give none.
pub fn top_level_keys<'a>(split: &Split<'a>) -> Vec<(&'a str, Range<usize>)> {
    let mut keys = Vec::new();
    let mut offset = split.front_offset;
    let mut in_table = false;
    for line in split.front.split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        if line.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        let key = match split.format {
            Format::Json => return keys,
            Format::Yaml => line.split_once(':').map(|(k, _)| k.trim_end()),
            Format::Toml => {
                let trimmed = line.trim_end();
                if let Some(header) = trimmed.strip_prefix('[') {
                    in_table = true;
                    let name = header.trim_start_matches('[').trim_end_matches(']').trim();
                    Some(name.split('.').next().unwrap_or(name).trim())
                } else if in_table {
                    None
                } else {
                    line.split_once('=').map(|(k, _)| k.trim_end())
                }
            }
        };
        let Some(key) = key.map(|k| k.trim_matches(['"', '\''])) else {
            continue;
        };
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        {
            continue;
        }
        let start = here + line.find(key).unwrap_or(0);
        if !keys.iter().any(|(k, _)| *k == key) {
            keys.push((key, start..start + key.len()));
        }
    }
    keys
}

/// Splits a file whose front matter is a JSON object starting at byte `start`: the object
/// ends at its matching `}` (braces inside strings skipped); the body starts on the next
/// line.
pub(super) fn split_json(text: &str, start: usize) -> Result<Split<'_>, SplitError> {
    let bytes = text.as_bytes();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, &b) in bytes.iter().enumerate().skip(start) {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    let end = i + 1;
                    let body_offset = text[end..].find('\n').map_or(text.len(), |n| end + n + 1);
                    return Ok(Split {
                        format: Format::Json,
                        front: &text[start..end],
                        front_offset: start,
                        body: &text[body_offset..],
                        body_offset,
                    });
                }
            }
            _ => {}
        }
    }
    Err(SplitError::Unclosed {
        format: Format::Json,
        fence: start..start + 1,
    })
}

fn syntax_error(format: Format, message: &str, span: Option<Range<usize>>) -> FieldError {
    FieldError {
        message: format!(
            "invalid {} front matter: {}",
            format.name(),
            message.trim_end()
        ),
        span,
        label: String::new(),
        help: None,
    }
}

/// The first line of a YAML error without its own "at line L column C" (its line counts
/// from the block, not the file; the caret shows the place instead).
fn yaml_message(message: &str) -> String {
    let first = message.lines().next().unwrap_or("");
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let first = match first.strip_prefix("line ") {
        Some(rest) => rest.split_once(": ").map_or(first, |(_, m)| m),
        None => first,
    };
    let cut = first.find(" at line ").unwrap_or(first.len());
    first[..cut].trim_end_matches(':').to_string()
}

/// The byte range of one character at a 1-based `line` and `column` of the block.
fn point(split: &Split<'_>, line: usize, column: usize) -> Range<usize> {
    let mut start = 0;
    for (n, l) in split.front.split_inclusive('\n').enumerate() {
        if n + 1 == line {
            let content = l.trim_end_matches(['\n', '\r']);
            let col = content
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(content.len(), |(i, _)| i);
            let len = content[col..].chars().next().map_or(0, char::len_utf8);
            return split.front_offset + start + col..split.front_offset + start + col + len;
        }
        start += l.len();
    }
    let end = split.front_offset + split.front.len();
    end..end
}

fn into_table(format: Format, value: serde_json::Value) -> Result<toml::Table, FieldError> {
    match value {
        serde_json::Value::Object(map) => Ok(object(map)),
        serde_json::Value::Null => Ok(toml::Table::new()),
        _ => Err(syntax_error(
            format,
            "expected keys and values (a mapping), found a single value",
            None,
        )),
    }
}

fn object(map: serde_json::Map<String, serde_json::Value>) -> toml::Table {
    map.into_iter()
        .filter_map(|(k, v)| Some((k, value(v)?)))
        .collect()
}

/// A JSON value as TOML; `null` is absent.
fn value(v: serde_json::Value) -> Option<toml::Value> {
    use serde_json::Value as J;
    Some(match v {
        J::Null => return None,
        J::Bool(b) => toml::Value::Boolean(b),
        J::Number(n) => match n.as_i64() {
            Some(i) => toml::Value::Integer(i),
            None => toml::Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        J::String(s) => toml::Value::String(s),
        J::Array(items) => toml::Value::Array(items.into_iter().filter_map(value).collect()),
        J::Object(map) => toml::Value::Table(object(map)),
    })
}

#[cfg(test)]
mod tests {
    use super::super::split;
    use super::*;

    #[test]
    fn yaml_empty_values_are_absent() {
        let text = "---\ntitle: Pod\naka: \ntags:\n- core\n---\nbody";
        let t = table(&split(text).unwrap()).unwrap();
        assert!(!t.contains_key("aka"));
        assert_eq!(t["tags"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn json_front_matter() {
        let text = "{\n  \"title\": \"Pod\",\n  \"note\": \"a } brace\",\n  \"x\": null\n}\nBody\n";
        let s = split(text).unwrap();
        assert_eq!((s.format, s.body), (Format::Json, "Body\n"));
        let t = table(&s).unwrap();
        assert_eq!(t["title"].as_str(), Some("Pod"));
        assert!(!t.contains_key("x"));
        assert!(matches!(
            split("{\n\"title\": \"x\"\n"),
            Err(SplitError::Unclosed { .. })
        ));
    }

    #[test]
    fn yaml_error_names_yaml_and_points_where_the_line_says() {
        let text = "---\ntitle: Pod\ndescription: \"open\nmore: [\n---\n";
        let s = split(text).unwrap();
        let e = table(&s).unwrap_err();
        assert!(e.message.starts_with("invalid YAML front matter"), "{e:?}");
        assert!(!e.message.contains("line"), "{}", e.message);
        assert!(e.span.unwrap().start >= s.front_offset);
    }

    #[test]
    fn json_error_points_at_its_place() {
        let text = "{\n  \"title\": \"Pod\",\n  \"x\": [1,,2]\n}\n";
        let e = table(&split(text).unwrap()).unwrap_err();
        assert!(e.message.starts_with("invalid JSON front matter"), "{e:?}");
        let span = e.span.unwrap();
        let line = text[..span.start].matches('\n').count() + 1;
        assert_eq!(line, 3);
    }

    #[test]
    fn top_level_keys_line_by_line() {
        let text = "+++\ntitle = \"x\"\n\"quoted\" = 1\n[extra]\ninner = 2\n[image]\n+++\n";
        let s = split(text).unwrap();
        let keys: Vec<_> = top_level_keys(&s).into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["title", "quoted", "extra", "image"]);
        let text = "---\ntitle: x\naka:\n  - y\nbad line\n---\n";
        let s = split(text).unwrap();
        let keys: Vec<_> = top_level_keys(&s).into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["title", "aka"]);
    }
}
