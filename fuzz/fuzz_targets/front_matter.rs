//! The front-matter parser and the entry parser on any text: they never panic, and every
//! error they report points inside the text.

#![no_main]

use std::path::Path;
use std::sync::Arc;

use glossa::config::Config;
use glossa::frontmatter;
use glossa::load::parse_entry;
use glossa::model::Kind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(split) = frontmatter::split(text) {
        if let Err(errors) = frontmatter::parse(text, &split) {
            for e in errors {
                if let Some(span) = e.span {
                    assert!(span.start <= span.end && span.end <= text.len(), "{span:?}");
                }
            }
        }
    }
    let text: Arc<str> = Arc::from(text);
    let config = Config::default();
    for kind in [Some(Kind::Term), None] {
        if let Err(errors) = parse_entry(&text, Path::new("content/terms/x.md"), kind, &config) {
            for e in errors {
                if let Some(loc) = e.location {
                    assert!(loc.line >= 1 && loc.span.end <= text.len());
                }
            }
        }
    }
});
