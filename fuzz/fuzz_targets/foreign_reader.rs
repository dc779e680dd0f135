//! Other generators' pages on any bytes: reading, detecting, mapping front matter,
//! converting template syntax and links, and rendering native entries never panics; every
//! entry written is one the loader reads, and every line reported is a line of the input.
//!
//! The first byte picks the generator (`--from`, or detection), the rest is split at the
//! first NUL into a page and a second page (a page bundle) that can link to each other.

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use glossa::config::Config;
use glossa::foreign::{self, Input, Options, Redirects, Root, Shape};
use glossa::load::parse_entry;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let from = Shape::ALL.get(usize::from(first % 8)).copied();
    let text = String::from_utf8_lossy(rest);
    let (a, b) = text.split_once('\0').unwrap_or((&text, "---\ntitle: B\n---\nb\n"));
    let input = |rel: &str, text: &str| Input {
        root: 0,
        rel: rel.into(),
        shown: PathBuf::from(rel),
        text: Arc::from(text),
        assets: vec!["x.png".into()],
    };
    let inputs = [input("a.md", a), input("b/index.md", b)];
    let redirects = [Redirects {
        shown: PathBuf::from("_redirects"),
        text: a.to_string(),
    }];
    let mut root = Root::default();
    root.params.insert("p".into(), "v".into());
    let options = Options {
        from,
        roots: vec![root],
        source_base: Some("https://old.test".into()),
        ..Options::default()
    };
    let out = foreign::assemble(&inputs, &redirects, &options);
    let lines = a.lines().count().max(b.lines().count()) + 1;
    for w in &out.warnings {
        if let Some(l) = &w.location {
            assert!(l.line >= 1 && l.line <= lines, "{w:?}");
        }
    }
    for l in &out.report.leftovers {
        assert!(l.line >= 1 && l.line <= lines, "{l:?}");
    }
    for made in &out.made {
        let text: Arc<str> = Arc::from(made.text.as_str());
        let path = Path::new("content")
            .join(made.key.kind.folder())
            .join(format!("{}.md", made.key.slug));
        if let Err(e) = parse_entry(&text, &path, Some(made.key.kind), &Config::default()) {
            panic!("unreadable entry:\n{}\n{e:?}", made.text);
        }
    }
});
