//! Property tests for the termbase readers and writers ([`glossa::termbase`]): no input
//! makes a reader panic, every line it names is a line of the input, and any record
//! written as CSV, TSV, JSON or TBX reads back as the same record.

use std::collections::BTreeMap;

use glossa::model::Kind;
use glossa::termbase::{csv, fields::Map, json, list, tbx, Item, Record, Ref, Translation};
use proptest::prelude::*;

/// One line of text as readers keep it: no surrounding or repeated whitespace.
fn line() -> impl Strategy<Value = String> {
    "[A-Za-z0-9éü&<>\"'|\\\\;,.:#\\- ]{1,24}"
        .prop_map(|s| glossa::termbase::one_line(&s))
        .prop_filter("not empty", |s| !s.is_empty())
}

fn lines(max: usize) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(line(), 0..max).prop_map(|mut v| {
        let mut seen = Vec::new();
        v.retain(|x| {
            let new = !seen.contains(x);
            seen.push(x.clone());
            new
        });
        v
    })
}

/// A body as readers keep it: paragraphs, indentation, no blank lines around it.
fn body() -> impl Strategy<Value = String> {
    prop::collection::vec("[A-Za-z&<>\"|,. ]{0,30}", 0..4)
        .prop_map(|paras| glossa::termbase::body_text(&paras.join("\n\n    ")))
}

fn date() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop_oneof![
        Just("2026-01-02".to_string()),
        Just("2025-12-31T23:59:59Z".to_string()),
    ])
}

fn record(tbx: bool) -> impl Strategy<Value = Record> {
    (
        (line(), line(), body(), lines(3), lines(3), lines(3)),
        (date(), date(), prop::option::of(line()), prop::bool::ANY),
        prop::option::of((line(), lines(2), line())),
        prop::sample::select(vec![Kind::Term, Kind::Definition, Kind::Area]),
    )
        .prop_map(move |(text, meta, fr, kind)| {
            let (title, description, body, aliases, related, areas) = text;
            let (date, updated, author, stub) = meta;
            let aliases = aliases.into_iter().filter(|a| *a != title).collect();
            let mut r = Record {
                line: 0,
                id: tbx.then(|| format!("{kind}-x")),
                kind: Some(kind),
                slug: Some("x".into()),
                title,
                description,
                body,
                aliases,
                related: related.into_iter().map(Ref::name).collect(),
                areas,
                date,
                updated,
                author,
                source_url: Some("csv:t.csv".into()),
                stub: stub && !tbx,
                extra: toml::Table::new(),
                translations: BTreeMap::new(),
            };
            if let Some((title, aliases, description)) = fr {
                let aliases = aliases.into_iter().filter(|a| *a != title).collect();
                let t = Translation {
                    title,
                    aliases,
                    description,
                    body: String::new(),
                };
                r.translations.insert("fr".into(), t);
            }
            if !tbx {
                r.extra
                    .insert("note".into(), toml::Value::String(r.title.clone()));
            }
            r
        })
}

fn only_record(items: Vec<Item>) -> Record {
    let records: Vec<Record> = items
        .into_iter()
        .filter_map(|i| match i {
            Item::Record(r) => Some(*r),
            _ => None,
        })
        .collect();
    assert_eq!(records.len(), 1, "{records:?}");
    records.into_iter().next().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn csv_and_tsv_give_records_back(r in record(false), tab in prop::bool::ANY) {
        let delimiter = if tab { b'\t' } else { b',' };
        let mut out = Vec::new();
        csv::write(std::slice::from_ref(&r), delimiter, &mut out).unwrap();
        let options = csv::Options { delimiter, map: Map::new() };
        let items: Vec<Item> = csv::Reader::new(&out[..], &options)
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let back = only_record(items);
        prop_assert_eq!(Record { line: 0, ..back }, Record { id: None, ..r });
    }

    #[test]
    fn json_gives_records_back(r in record(false)) {
        let mut out = Vec::new();
        json::write(std::slice::from_ref(&r), &mut out).unwrap();
        let items: Vec<Item> = json::Reader::new(&out, Map::new())
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let back = only_record(items);
        prop_assert_eq!(Record { line: 0, ..back }, Record { id: None, ..r });
    }

    #[test]
    fn tbx_gives_records_back(r in record(true)) {
        let header = tbx::Header { language: "en", title: "T", source: "s" };
        let mut out = Vec::new();
        tbx::write(std::slice::from_ref(&r), &header, &mut out).unwrap();
        let items: Vec<Item> = tbx::Reader::new(&out, "en")
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let back = only_record(items);
        // What TBX carries: no [extra] but translations, no stub.
        let long = r.description.chars().count() > 200 && r.body.is_empty();
        prop_assume!(!long);
        prop_assert_eq!(Record { line: 0, ..back }, r);
    }

    #[test]
    fn list_cells_give_their_items_back(items in lines(6)) {
        prop_assert_eq!(list::split(&list::join(&items)), items);
    }

    #[test]
    fn readers_never_panic_and_name_lines_of_the_input(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let n = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
        let check = |items: Vec<Result<Item, glossa::termbase::FileError>>| {
            for item in items {
                let line = match item {
                    Ok(Item::Record(r)) => r.line,
                    Ok(Item::Skip { line, .. } | Item::Warning { line, .. }) => line,
                    Err(e) => e.line,
                };
                assert!(line <= n, "line {line} of {n}");
            }
        };
        let options = csv::Options { delimiter: b',', map: Map::new() };
        if let Ok(r) = csv::Reader::new(&bytes[..], &options) {
            check(r.collect());
        }
        if let Ok(r) = json::Reader::new(&bytes, Map::new()) {
            check(r.collect());
        }
        if let Ok(r) = tbx::Reader::new(&bytes, "en") {
            check(r.collect());
        }
    }

    #[test]
    fn xml_shaped_input_never_panics(parts in prop::collection::vec(prop::sample::select(vec![
        "<tbx>", "</tbx>", "<text><body>", "</body></text>", "<conceptEntry id=\"a\">",
        "</conceptEntry>", "<langSec xml:lang=\"en\">", "</langSec>", "<termSec>", "</termSec>",
        "<term>", "</term>", "A", "&amp;", "&x;", "<note>", "</note>", "<hi>", "</hi>",
        "<descrip type=\"definition\">", "</descrip>", "<ref type=\"crossReference\" target=\"a\"/>",
        "<!DOCTYPE tbx>", "<![CDATA[x]]>", "\n",
    ]), 0..40)) {
        let text = parts.concat();
        if let Ok(r) = tbx::Reader::new(text.as_bytes(), "en") {
            let _ = r.count();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// What the fuzz targets check, on sheet-shaped input: every record a sheet gives
    /// renders to an entry the loader reads.
    #[test]
    fn every_record_of_a_sheet_renders_to_an_entry_that_loads(
        header in prop::collection::vec(prop::sample::select(vec![
            "title", "description", "aliases", "related", "areas", "date", "kind", "slug",
            "body", "stub", "title@fr", "Notes", "Wert (€)", "", "source_url", "extra",
        ]), 1..8),
        rows in prop::collection::vec(prop::collection::vec("[ -~éß\n\"|\\\\]{0,12}", 0..8), 0..6),
    ) {
        let quote = |c: &str| format!("\"{}\"", c.replace('"', "\"\""));
        let mut text = header.join(",");
        text.push('\n');
        for row in &rows {
            text.push_str(&row.iter().map(|c| quote(c)).collect::<Vec<_>>().join(","));
            text.push('\n');
        }
        let options = csv::Options { delimiter: b',', map: Map::new() };
        let Ok(reader) = csv::Reader::new(text.as_bytes(), &options) else { return Ok(()) };
        let names = glossa::termbase::names::Names::default();
        for item in reader {
            let Ok(Item::Record(r)) = item else { continue };
            let slug = glossa::frontmatter::slugify(&r.title);
            if slug.is_empty() {
                continue;
            }
            let key = glossa::exported::url::Key { kind: Kind::Term, slug };
            let w = glossa::termbase::native::entry(&r, &key, &names, "csv:p.csv");
            let text: std::sync::Arc<str> = std::sync::Arc::from(w.text.as_str());
            let path = std::path::Path::new("content/terms").join(format!("{}.md", key.slug));
            let loaded = glossa::load::parse_entry(&text, &path, Some(Kind::Term), &glossa::config::Config::default());
            prop_assert!(loaded.is_ok(), "{}\n{:?}", w.text, loaded.err());
        }
    }
}
