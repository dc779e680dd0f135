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

mod linker {
    use super::*;
    use glossa::link::auto::{AutoLinker, PageLinks};
    use glossa::model::{Entry, Site, SourceFile};

    fn entry(slug: &str, title: &str) -> Entry {
        Entry {
            kind: Kind::Term,
            slug: slug.into(),
            title: title.into(),
            description: String::new(),
            date: None,
            updated: None,
            aliases: vec![],
            related: vec![],
            areas: vec![],
            draft: false,
            image: None,
            autolink: true,
            author: None,
            spans: Default::default(),
            extra: Default::default(),
            body: String::new(),
            body_offset: 0,
            source: 0,
        }
    }

    fn site(max: usize) -> Site {
        let mut config = Config::default();
        config.links.max_per_page = max;
        Site {
            root: Default::default(),
            config,
            entries: vec![
                entry("margin", "Margin"),
                entry("maintenance-margin", "Maintenance Margin"),
                entry("liquidation", "Liquidation"),
                entry("oracle", "Oracle"),
                entry("funding-rate", "Funding Rate"),
            ],
            sources: vec![SourceFile {
                path: "x.md".into(),
                text: Arc::from(""),
            }],
            home_intro: None,
        }
    }

    /// Markdown built from pieces that mention titles in every context.
    fn piece() -> impl Strategy<Value = String> {
        let word = prop::sample::select(vec![
            "margin",
            "Maintenance margin",
            "LIQUIDATION",
            "oracle",
            "funding rate",
            "margining",
            "cross-margin",
            "the",
            "price",
            "é",
            "and",
        ]);
        (word, 0..9u8).prop_map(|(w, ctx)| match ctx {
            0 => format!("\n\n## {w} heading\n\n"),
            1 => format!(" `{w}` "),
            2 => format!(" [{w}](/x/) "),
            3 => format!(" ![{w}](/i.png) "),
            4 => format!("\n\n```\n{w}\n```\n\n"),
            5 => format!(" <a href=\"/y\">{w}</a> "),
            6 => format!("\n\n- {w}\n"),
            _ => format!(" {w} "),
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn links_only_prose_and_keeps_html_well_formed(pieces in prop::collection::vec(piece(), 0..40),
                                                       page in 0usize..5, max in 1usize..4) {
            let md: String = pieces.concat();
            let site = site(max);
            let linker = AutoLinker::new(&site);
            let mut state = PageLinks::new(page);
            let mut events = Vec::new();
            linker.apply(pulldown_cmark::Parser::new_ext(&md, markdown::options()), &mut state, |e| events.push(e));
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, events.into_iter());

            // At most `max` links, each target once, never the page itself.
            prop_assert!(state.linked.len() <= max);
            let mut seen = state.linked.clone();
            seen.sort();
            seen.dedup();
            prop_assert_eq!(seen.len(), state.linked.len());
            prop_assert!(!state.linked.contains(&page));
            let own = format!("href=\"/term/{}/\"", site.entries[page].slug);
            prop_assert!(!html.contains(&own));
            // Anchors stay balanced and never nest; no link inside headings, code or alt text.
            let mut depth = 0i32;
            for (i, _) in html.match_indices('<') {
                let tag = &html[i..];
                if tag.starts_with("<a ") { depth += 1; prop_assert!(depth == 1, "nested link in {}", html); }
                if tag.starts_with("</a>") { depth -= 1; }
            }
            prop_assert_eq!(depth, 0);
            for block in ["<h2", "<code>", "<pre>"] {
                for (i, _) in html.match_indices(block) {
                    let close = match block { "<h2" => "</h2>", "<code>" => "</code>", _ => "</pre>" };
                    let end = html[i..].find(close).map_or(html.len(), |e| i + e);
                    prop_assert!(!html[i..end].contains("href=\"/term/"), "link inside {} in {}", block, html);
                }
            }
            prop_assert!(!html.contains("alt=\"<"));
        }
    }
}
