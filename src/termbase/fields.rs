//! Column names (CSV, TSV headers) and keys (JSON objects) into the fields of a
//! [`Record`](super::Record): glossa's own names, a few names spreadsheets use for them
//! (`term`, `definition`, `synonyms`, `see also`, `tags`, `subject field`…), `name@lang`
//! for another language's title, aliases, description or body, and `--map COLUMN=FIELD`
//! for anything else. Other columns are kept under `[extra]`, by their name in
//! snake_case.

use std::collections::BTreeMap;

/// A part of an entry in another language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Title,
    Aliases,
    Description,
    Body,
}

/// What a column holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Field {
    Kind,
    Slug,
    Title,
    Description,
    Body,
    Aliases,
    Related,
    Areas,
    Date,
    Updated,
    Author,
    SourceUrl,
    Stub,
    /// Another language's part (`title@fr`).
    Translated(String, Part),
    /// Kept under `[extra]` with this key.
    Extra(String),
    /// Left out (`--map COLUMN=-`).
    Ignore,
}

/// Names (normalized: lower case, `_` and `-` as spaces) and the field each means.
const NAMES: &[(&str, Field)] = &[
    ("kind", Field::Kind),
    ("type", Field::Kind),
    ("slug", Field::Slug),
    ("title", Field::Title),
    ("term", Field::Title),
    ("name", Field::Title),
    ("headword", Field::Title),
    ("description", Field::Description),
    ("definition", Field::Description),
    ("summary", Field::Description),
    ("body", Field::Body),
    ("text", Field::Body),
    ("content", Field::Body),
    ("aliases", Field::Aliases),
    ("alias", Field::Aliases),
    ("synonyms", Field::Aliases),
    ("aka", Field::Aliases),
    ("also known as", Field::Aliases),
    ("related", Field::Related),
    ("see also", Field::Related),
    ("seealso", Field::Related),
    ("cross references", Field::Related),
    ("areas", Field::Areas),
    ("area", Field::Areas),
    ("tags", Field::Areas),
    ("categories", Field::Areas),
    ("category", Field::Areas),
    ("subject", Field::Areas),
    ("subject field", Field::Areas),
    ("domain", Field::Areas),
    ("date", Field::Date),
    ("created", Field::Date),
    ("published", Field::Date),
    ("updated", Field::Updated),
    ("modified", Field::Updated),
    ("last modified", Field::Updated),
    ("lastmod", Field::Updated),
    ("author", Field::Author),
    ("source url", Field::SourceUrl),
    ("stub", Field::Stub),
];

/// The parts another language can have, by name.
const PARTS: &[(&str, Part)] = &[
    ("title", Part::Title),
    ("term", Part::Title),
    ("aliases", Part::Aliases),
    ("synonyms", Part::Aliases),
    ("description", Part::Description),
    ("definition", Part::Description),
    ("body", Part::Body),
];

/// `--map` pairs: column name (normalized) → field.
pub type Map = BTreeMap<String, Field>;

/// Lower case, `_` and `-` as spaces, runs of spaces as one, trimmed.
pub fn normalize(name: &str) -> String {
    let lowered = crate::text::lowercase(name).replace(['_', '-'], " ");
    super::one_line(&lowered)
}

/// `title_fr`-style key for `[extra]`: lower case, runs of other characters as `_`.
pub fn extra_key(name: &str) -> String {
    let mut out = String::new();
    for c in crate::text::lowercase(name.trim()).chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

/// What a column or key called `name` holds, `--map` first.
pub fn field(name: &str, map: &Map) -> Field {
    let norm = normalize(name);
    if let Some(f) = map.get(&norm) {
        return f.clone();
    }
    if let Some(f) = known(name) {
        return f;
    }
    match extra_key(name) {
        k if k.is_empty() => Field::Ignore,
        k => Field::Extra(k),
    }
}

/// glossa's field for a name, or another language's part (`title@fr`).
fn known(name: &str) -> Option<Field> {
    let norm = normalize(name);
    if let Some((_, f)) = NAMES.iter().find(|(n, _)| *n == norm) {
        return Some(f.clone());
    }
    let (part, lang) = name.rsplit_once('@')?;
    let lang = crate::text::lowercase(lang.trim());
    let part = normalize(part);
    let (_, p) = PARTS.iter().find(|(n, _)| *n == part)?;
    is_language_tag(&lang).then_some(Field::Translated(lang, *p))
}

/// A BCP 47-shaped tag: letters, digits and hyphens, starting with 2–8 letters.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    (2..=8).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts
            .all(|p| !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// glossa's own field names (what `--map` may name).
pub const GLOSSA_NAMES: &[&str] = &[
    "kind",
    "slug",
    "title",
    "description",
    "body",
    "aliases",
    "related",
    "areas",
    "date",
    "updated",
    "author",
    "source_url",
    "stub",
];

/// One `--map COLUMN=FIELD` option: the field is one of glossa's (`title`, `aliases`, …),
/// `title@fr` (another language), `extra.NAME`, or `-` to leave the column out.
pub fn parse_map(option: &str) -> Result<(String, Field), String> {
    let (column, target) = option
        .split_once('=')
        .filter(|(c, t)| !c.trim().is_empty() && !t.trim().is_empty())
        .ok_or_else(|| format!("`{option}` is not COLUMN=FIELD"))?;
    let target = target.trim();
    let glossa = GLOSSA_NAMES
        .iter()
        .any(|n| normalize(n) == normalize(target));
    let f = if target == "-" {
        Field::Ignore
    } else if let Some(key) = target.strip_prefix("extra.") {
        match extra_key(key) {
            k if k.is_empty() => return Err(format!("`{target}` names no key under [extra]")),
            k => Field::Extra(k),
        }
    } else {
        known(target)
            .filter(|f| glossa || matches!(f, Field::Translated(..)))
            .ok_or_else(|| {
                format!(
                    "`{target}` is no field; use one of {}, NAME@LANG, extra.NAME or -",
                    GLOSSA_NAMES.join(", ")
                )
            })?
    };
    Ok((normalize(column), f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_synonyms() {
        let map = Map::new();
        assert_eq!(field("Title", &map), Field::Title);
        assert_eq!(field(" Term ", &map), Field::Title);
        assert_eq!(field("See_Also", &map), Field::Related);
        assert_eq!(field("Subject field", &map), Field::Areas);
        assert_eq!(field("source_url", &map), Field::SourceUrl);
        assert_eq!(
            field("title@fr", &map),
            Field::Translated("fr".into(), Part::Title)
        );
        assert_eq!(
            field("Definition@pt-BR", &map),
            Field::Translated("pt-br".into(), Part::Description)
        );
        assert_eq!(
            field("Part of speech", &map),
            Field::Extra("part_of_speech".into())
        );
        assert_eq!(field("  ", &map), Field::Ignore);
    }

    #[test]
    fn map_options() {
        let (col, f) = parse_map("Begriff=title").unwrap();
        assert_eq!((col.as_str(), f), ("begriff", Field::Title));
        assert_eq!(
            parse_map("Notes=extra.notes").unwrap().1,
            Field::Extra("notes".into())
        );
        assert_eq!(parse_map("Id=-").unwrap().1, Field::Ignore);
        assert_eq!(
            parse_map("Begriff (fr)=title@fr").unwrap().1,
            Field::Translated("fr".into(), Part::Title)
        );
        assert!(parse_map("x=headline").unwrap_err().contains("no field"));
        assert!(parse_map("=title").is_err());
        let mut map = Map::new();
        map.insert("begriff".into(), Field::Title);
        map.insert("title".into(), Field::Extra("old_title".into()));
        assert_eq!(field("Begriff", &map), Field::Title);
        assert_eq!(field("Title", &map), Field::Extra("old_title".into()));
    }
}
