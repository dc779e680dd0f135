//! The export reader on any bytes: reading, merging the page into drafts and rendering
//! them as native entries never panics, and every warning points at a line of the input.

#![no_main]

use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use glossa::exported::{merge, native, reader};
use glossa::import::classify;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = classify(data);
    let text = String::from_utf8_lossy(data);
    let page = reader::read(&text);
    let lines = text.split_inclusive('\n').count().max(1);
    for w in &page.warnings {
        assert!(w.line >= 1 && w.line <= lines, "{w:?} outside 1..={lines}");
    }
    let merged = merge::merge(&[merge::Input {
        path: PathBuf::from("fuzz.txt"),
        text: Arc::from(text.as_ref()),
        page,
    }]);
    let known: HashSet<_> = merged.drafts.iter().map(|d| d.key.clone()).collect();
    let ambiguous = HashSet::new();
    let origins: BTreeSet<String> = merged.origins.clone();
    let ctx = native::Context {
        ambiguous: &ambiguous,
        known: &known,
        origins: &origins,
    };
    for d in &merged.drafts {
        assert!(
            glossa::frontmatter::is_valid_slug(&d.key.slug),
            "{:?}",
            d.key
        );
        let native = native::render(d, &ctx);
        assert!(native.starts_with("+++\n"));
    }
});
