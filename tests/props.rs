//! Property tests for the parsers: no input makes them panic, and what they accept they read
//! back faithfully.

use std::path::Path;
use std::sync::Arc;

use glossa::config::Config;
use glossa::frontmatter;
use glossa::load::parse_entry;
use glossa::markdown::{self, RenderOptions};
use glossa::model::Kind;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Any text, with or without fences, parses or fails with located errors; never panics.
    #[test]
    fn entry_parser_never_panics(prefix in prop::sample::select(vec!["+++\n", "---\n", "", "\u{feff}+++\r\n"]),
                                 body in "\\PC{0,200}",
                                 close in prop::sample::select(vec!["+++\n", "---\n", "", "...\n"]),
                                 rest in "\\PC{0,50}") {
        let text: Arc<str> = Arc::from(format!("{prefix}{body}\n{close}{rest}"));
        match parse_entry(&text, Path::new("content/terms/x.md"), Some(Kind::Term), &Config::default()) {
            Ok((entry, _)) => prop_assert!(!entry.title.is_empty()),
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for e in errors {
                    if let Some(loc) = e.location {
                        prop_assert!(loc.line >= 1 && loc.span.end <= text.len());
                    }
                }
            }
        }
    }

    /// Truncating a valid entry anywhere never panics.
    #[test]
    fn truncated_entries_never_panic(cut in 0usize..400) {
        let full = "+++\ntitle = \"Mark Price\"\ndescription = \"A fair price.\"\ndate = 2026-01-05\n\
                    aliases = [\"fair price\"]\nrelated = [\"index-price\"]\n[image]\nurl = \"/a.svg\"\n\
                    width = 10\n+++\n## Heading\n\nBody with **bold** and a [link](/term/x/).\n";
        let mut cut = cut.min(full.len());
        while !full.is_char_boundary(cut) { cut -= 1; }
        let text: Arc<str> = Arc::from(&full[..cut]);
        let _ = parse_entry(&text, Path::new("content/terms/x.md"), Some(Kind::Term), &Config::default());
    }

    /// Titles, descriptions and aliases of any text survive a TOML round trip.
    #[test]
    fn front_matter_round_trips(title in "\\PC{1,60}", description in "\\PC{0,80}",
                                aliases in prop::collection::vec("\\PC{1,20}", 0..4)) {
        prop_assume!(!title.trim().is_empty());
        let q = |s: &str| toml::Value::String(s.to_string()).to_string();
        let alias_list: Vec<String> = aliases.iter().map(|a| q(a)).collect();
        let text = format!("+++\ntitle = {}\ndescription = {}\naliases = [{}]\n+++\nbody",
                           q(&title), q(&description), alias_list.join(", "));
        let split = frontmatter::split(&text).unwrap();
        let fm = frontmatter::parse(&text, &split).unwrap();
        prop_assert_eq!(fm.title.as_deref(), Some(title.as_str()));
        prop_assert_eq!(fm.description.as_deref(), Some(description.as_str()));
        prop_assert_eq!(fm.aliases, aliases);
    }

    /// Markdown rendering never panics and raw HTML never survives in safe mode.
    #[test]
    fn markdown_is_safe(md in "(\\PC|\n){0,300}") {
        let r = markdown::render(&md, &RenderOptions { base_path: "/", unsafe_html: false });
        prop_assert!(!r.html.contains("<script"));
        for q in &r.questions {
            prop_assert!(q.question.ends_with('?'));
        }
    }

    /// Slugify always yields a valid slug or nothing.
    #[test]
    fn slugify_yields_valid_slugs(s in "\\PC{0,80}") {
        let slug = frontmatter::slugify(&s);
        prop_assert!(slug.is_empty() || frontmatter::is_valid_slug(&slug), "{:?} -> {:?}", s, slug);
    }
}
