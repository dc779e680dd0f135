//! Writing front-matter values back as TOML text that [`super::split`] and the loader read
//! back unchanged.
//!
//! Strings are one-line (basic, or literal when that needs no escapes). The `[extra]` table
//! is written as the `toml` crate writes it unless one of its lines would read as the
//! closing `+++` (a multi-line string holding that line, found by the `csv_reader` fuzz
//! target); then every value is written on one line, tables and arrays inline.

use std::fmt::Write as _;

/// `s` as a one-line TOML string: a literal string (`'…'`, no escapes to read) when `s`
/// has quotes or backslashes but no `'` and no control characters, a basic one otherwise.
pub fn toml_str(s: &str) -> String {
    let plain = !s.contains('\'') && !s.chars().any(char::is_control);
    if plain && s.contains(['"', '\\']) {
        return format!("'{s}'");
    }
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

/// The `[extra]` table, or nothing when empty: as the `toml` crate writes it (sub-tables as
/// sections, text with line breaks as multi-line strings, easy to edit), unless a line of
/// that would read as the closing `+++`; then one key per line, every value on one line.
pub fn write_extra(out: &mut String, extra: toml::Table) {
    if extra.is_empty() {
        return;
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    let mut wrapper = toml::Table::new();
    wrapper.insert("extra".into(), toml::Value::Table(extra));
    if let Ok(text) = toml::to_string(&wrapper) {
        if !text.lines().any(|l| l.trim_end() == "+++") {
            out.push_str(text.trim_start_matches('\n'));
            if !out.ends_with('\n') {
                out.push('\n');
            }
            return;
        }
    }
    out.push_str("[extra]\n");
    if let Some(toml::Value::Table(extra)) = wrapper.get("extra") {
        for (k, v) in extra {
            let _ = writeln!(out, "{} = {}", key(k), value(v));
        }
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
    fn sections_and_multi_line_text_are_kept_when_no_line_is_a_fence() {
        let mut extra = toml::Table::new();
        extra.insert("notes".into(), "first\nsecond".into());
        let mut text = String::new();
        write_extra(&mut text, extra.clone());
        assert!(text.contains("\"\"\"\nfirst\nsecond\"\"\""), "{text}");
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
