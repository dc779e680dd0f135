//! TBX on any bytes: the reader never panics, never expands an entity, names lines of the
//! input, and each concept it gives renders to an entry the loader reads.

#![no_main]

use std::path::Path;
use std::sync::Arc;

use glossa::config::Config;
use glossa::exported::url::Key;
use glossa::load::parse_entry;
use glossa::model::Kind;
use glossa::termbase::{names::Names, native, tbx, Item};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let lines = data.iter().filter(|&&b| b == b'\n').count() + 1;
    let reader = match tbx::Reader::new(data, "en") {
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
                // Nothing grows past the input: no entity was expanded.
                assert!(r.title.len() <= data.len() && r.body.len() <= data.len());
                let slug = glossa::frontmatter::slugify(&r.title);
                if slug.is_empty() {
                    continue;
                }
                let key = Key { kind: Kind::Definition, slug };
                let w = native::entry(&r, &key, &names, "tbx:fuzz.tbx");
                let text: Arc<str> = Arc::from(w.text.as_str());
                let path = Path::new("content/definitions").join(format!("{}.md", key.slug));
                if let Err(e) = parse_entry(&text, &path, Some(Kind::Definition), &Config::default()) {
                    panic!("unreadable entry:\n{}\n{e:?}", w.text);
                }
            }
            Ok(Item::Skip { line, .. } | Item::Warning { line, .. }) => assert!(line <= lines),
            Err(e) => assert!(e.line <= lines, "{e}"),
        }
    }
});
