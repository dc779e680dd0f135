//! Sheets on any bytes: the CSV/TSV reader never panics, every line it names is a line of
//! the input, and each record it gives renders to an entry the loader reads.
//!
//! The first byte picks the delimiter (comma or tab).

#![no_main]

use std::path::Path;
use std::sync::Arc;

use glossa::config::Config;
use glossa::exported::url::Key;
use glossa::load::parse_entry;
use glossa::model::Kind;
use glossa::termbase::{csv, fields::Map, names::Names, native, Item};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let options = csv::Options {
        delimiter: if first % 2 == 0 { b',' } else { b'\t' },
        map: Map::new(),
    };
    let lines = rest.iter().filter(|&&b| b == b'\n').count() + 1;
    let reader = match csv::Reader::new(rest, &options) {
        Ok(r) => r,
        Err(e) => {
            assert!(e.line <= lines, "{e}");
            return;
        }
    };
    let names = Names::default();
    for item in reader {
        match item {
            Ok(Item::Record(r)) => {
                assert!(r.line >= 1 && r.line <= lines, "{}", r.line);
                let slug = glossa::frontmatter::slugify(&r.title);
                if slug.is_empty() {
                    continue;
                }
                let key = Key { kind: Kind::Term, slug };
                let w = native::entry(&r, &key, &names, "csv:fuzz.csv");
                let text: Arc<str> = Arc::from(w.text.as_str());
                let path = Path::new("content/terms").join(format!("{}.md", key.slug));
                if let Err(e) = parse_entry(&text, &path, Some(Kind::Term), &Config::default()) {
                    panic!("unreadable entry:\n{}\n{e:?}", w.text);
                }
            }
            Ok(Item::Skip { line, .. } | Item::Warning { line, .. }) => assert!(line <= lines),
            Err(e) => assert!(e.line <= lines, "{e}"),
        }
    }
});
