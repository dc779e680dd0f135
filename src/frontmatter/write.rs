//! Writing front-matter values back as TOML text that [`super::split`] and the loader read
//! back unchanged.
//!
//! Every value is written on one line: strings are basic strings with `\n`, control and
//! quote characters escaped, tables and arrays are inline. The `toml` crate's own writer
//! picks multi-line strings for text with line breaks, and a line `+++` inside one would
//! close the front matter early (found by the `csv_reader` fuzz target).

use std::fmt::Write as _;

/// `s` as a one-line TOML basic string.
pub fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A key: bare when TOML allows it, quoted otherwise.
fn key(k: &str) -> String {
    let bare = !k.is_empty()
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if bare {
        k.to_string()
    } else {
        toml_str(k)
    }
}

/// `v` as one line of TOML (strings escaped, tables and arrays inline).
pub fn value(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => toml_str(s),
        toml::Value::Array(items) => {
            let items: Vec<String> = items.iter().map(value).collect();
            format!("[{}]", items.join(", "))
        }
        toml::Value::Table(t) => {
            if t.is_empty() {
                return "{}".to_string();
            }
            let items: Vec<String> = t
                .iter()
                .map(|(k, v)| format!("{} = {}", key(k), value(v)))
                .collect();
            format!("{{ {} }}", items.join(", "))
        }
        other => other.to_string(),
    }
}

/// The `[extra]` table, one key per line, or nothing when empty.
pub fn write_extra(out: &mut String, extra: toml::Table) {
    if extra.is_empty() {
        return;
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("[extra]\n");
    for (k, v) in &extra {
        let _ = writeln!(out, "{} = {}", key(k), value(v));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(extra: toml::Table) {
        let mut text = String::from("+++\ntitle = \"x\"\n");
        write_extra(&mut text, extra.clone());
        text.push_str("+++\nbody\n");
        let split = super::super::split(&text).unwrap();
        assert_eq!(split.body, "body\n", "{text}");
        let table: toml::Table = split.front.parse().unwrap();
        assert_eq!(table["extra"].as_table().unwrap(), &extra, "{text}");
    }

    #[test]
    fn a_fence_inside_a_value_stays_inside_it() {
        let mut extra = toml::Table::new();
        extra.insert("notes".into(), "a\n+++\nb\"\"\" ''' \\ \u{7}".into());
        let mut inner = toml::Table::new();
        inner.insert("body".into(), "+++\n---\n".into());
        inner.insert("n".into(), toml::Value::Integer(3));
        inner.insert("x y".into(), toml::Value::Float(1.5));
        let mut langs = toml::Table::new();
        langs.insert("de".into(), toml::Value::Table(inner));
        extra.insert("translations".into(), toml::Value::Table(langs));
        extra.insert(
            "list".into(),
            toml::Value::Array(vec!["+++".into(), toml::Value::Boolean(true)]),
        );
        extra.insert("empty".into(), toml::Value::Table(toml::Table::new()));
        round_trip(extra);
    }

    #[test]
    fn strings_are_one_line_and_read_back_equal() {
        for s in [
            "",
            "plain",
            "a\nb",
            "tab\there",
            "\u{1b}[0m",
            "\u{85}\u{2028}",
            "é 日本",
        ] {
            let t = toml_str(s);
            assert!(!t.contains('\n'), "{t}");
            let parsed: toml::Table = format!("k = {t}").parse().unwrap();
            assert_eq!(parsed["k"].as_str(), Some(s));
        }
    }
}
