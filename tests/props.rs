//! Property tests for the parsers: no input makes them panic, and what they accept they read
//! back faithfully.

use std::path::Path;
use std::sync::Arc;

use glossa::config::Config;
use glossa::exported::reader;
use glossa::frontmatter;
use glossa::load::parse_entry;
use glossa::markdown::{self, RenderOptions};
use glossa::model::Kind;
use proptest::prelude::*;

/// Valid exported pages (our fixtures) to cut.
const EXPORTS: [&str; 4] = [
    include_str!("fixtures/export/area-funding-rates.txt"),
    include_str!("fixtures/export/area-collateral-haircuts.txt"),
    include_str!("fixtures/export/term-perpetual-futures.txt"),
    include_str!("fixtures/export/definition-premium-index.txt"),
];

/// Byte offset of the start of each 1-based line (index 0 unused), plus the text's end.
fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0, 0];
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        offset += line.len();
        starts.push(offset);
    }
    starts
}

/// Where the block that starts at line `line` ends: the start of the next line that opens
/// another block (an H2 or a `---`), or the end of the text.
fn block_end(text: &str, starts: &[usize], line: usize) -> usize {
    text.split_inclusive('\n')
        .enumerate()
        .skip(line)
        .find(|(_, l)| l.starts_with("## ") || l.trim_end() == "---")
        .map_or(text.len(), |(i, _)| starts[i + 1])
}

/// Whether a cut keeps the block ending at `end` whole.
fn keeps(cut: usize, end: usize) -> bool {
    cut >= end
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// A valid export cut anywhere never makes the reader panic, and never loses what came
    /// before the cut: every question, related item, description, section and link whose
    /// lines end before the cut is read exactly as from the whole page; what was cut
    /// half-way is a prefix of the whole.
    #[test]
    fn truncated_exports_keep_what_came_before(which in 0usize..EXPORTS.len(), cut in 0usize..12_000) {
        let full = EXPORTS[which];
        let mut cut = cut.min(full.len());
        while !full.is_char_boundary(cut) { cut -= 1; }
        let whole = reader::read(full);
        let part = reader::read(&full[..cut]);
        let starts = line_starts(full);
        prop_assert!(whole.complete && whole.warnings.is_empty(), "{:?}", whole.warnings);
        if full[cut..].trim().is_empty() {
            prop_assert!(part.complete);
        }
        if part.complete {
            // Complete means the Original URL line was read whole.
            let line = whole.original_url.as_ref().unwrap().line;
            let end = starts[line] + full[starts[line]..].find('\n').unwrap_or(full.len() - starts[line]);
            prop_assert!(cut >= end, "complete at cut {} before the end of the URL ({})", cut, end);
        }
        if !part.complete && !full[..cut].trim().is_empty() {
            prop_assert!(!part.warnings.is_empty(), "a cut page is reported");
        }
        for q in &whole.questions {
            if keeps(cut, block_end(full, &starts, q.line)) {
                prop_assert!(part.questions.contains(q), "lost {:?} (cut {})", q.question, cut);
            } else if cut >= starts[q.line + 1] {
                let p = part.questions.iter().find(|p| p.question == q.question);
                prop_assert!(p.is_some_and(|p| q.answer.starts_with(&p.answer)), "{:?}", q.question);
            }
        }
        for r in &whole.related {
            if cut >= starts[r.line + 1] {
                let p = part.related.iter().find(|p| p.url == r.url);
                prop_assert!(p.is_some_and(|p| p.title == r.title), "lost {:?} (cut {})", r.title, cut);
                let p = p.unwrap();
                match &r.description {
                    Some(d) if cut >= starts[d.line + 1] => prop_assert_eq!(&p.description, &r.description),
                    Some(d) => prop_assert!(p.description.as_ref().is_none_or(|pd| d.text.starts_with(&pd.text))),
                    None => prop_assert!(p.description.is_none()),
                }
            }
        }
        prop_assert!(part.related.len() <= whole.related.len());
        prop_assert!(part.questions.len() <= whole.questions.len());
        for s in whole.sections.iter().filter(|s| s.heading.is_some()) {
            if keeps(cut, block_end(full, &starts, s.line)) {
                prop_assert!(part.sections.contains(s), "lost section {:?} (cut {})", s.heading, cut);
            }
        }
        for l in whole.links.iter().chain(&whole.glossary.iter().map(|g| reader::LinkItem {
            title: g.title.clone(), url: g.url.clone(), line: g.line }).collect::<Vec<_>>()) {
            if cut >= starts[l.line + 1] {
                let found = part.links.iter().any(|p| p.url == l.url && p.title == l.title)
                    || part.glossary.iter().any(|g| g.url == l.url && g.title == l.title);
                prop_assert!(found, "lost link {:?} (cut {})", l.title, cut);
            }
        }
        for b in &whole.json_ld {
            let closed = full[starts[b.line + 1]..].find("```").map(|i| starts[b.line + 1] + i + 3);
            if closed.is_some_and(|end| cut >= end) {
                prop_assert!(part.json_ld.contains(b), "lost the JSON-LD block at line {}", b.line);
            }
        }
    }

    /// Any text at all: the reader never panics and every warning has a line in the text.
    #[test]
    fn export_reader_never_panics(head in prop::sample::select(vec!["# A ⎊ Area ⎊ S\n---\n", "# T ⎊ Term\n", "# D ⎊ Definition\n---\n## D\n", ""]),
                                  body in "(\\PC|\n|⎊|## |### |\\[|\\]\\(|```|---|\\*\\*){0,300}") {
        let text = format!("{head}{body}");
        let page = reader::read(&text);
        let lines = text.split_inclusive('\n').count().max(1);
        for w in &page.warnings {
            prop_assert!(w.line >= 1 && w.line <= lines, "{:?} not in 1..={}", w, lines);
        }
    }

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
        Entry::new(Kind::Term, slug, title)
    }

    pub(super) fn site(max: usize) -> Site {
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
            kind_intros: Default::default(),
        }
    }

    /// Markdown built from pieces that mention titles in every context.
    pub(super) fn piece() -> impl Strategy<Value = String> {
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
            let href = |id: usize| {
                let e = &site.entries[id];
                pulldown_cmark::CowStr::from(format!("/{}/{}/", e.kind.as_str(), e.slug))
            };
            linker.apply(pulldown_cmark::Parser::new_ext(&md, markdown::options()), &mut state, href, |e| events.push(e));
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, events.into_iter());

            // At most `max` links, each target once, never the page itself.
            let linked = glossa::link::targets(&state.mentions);
            prop_assert!(linked.len() <= max);
            let mut seen = linked.clone();
            seen.sort();
            seen.dedup();
            prop_assert_eq!(seen.len(), linked.len());
            prop_assert!(!linked.contains(&page));
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

/// The link check's reading of link destinations (`destination`): whatever is written,
/// it never panics, never climbs above the host's root, and a path it resolves, written back
/// site-absolute, resolves to itself.
mod link_destinations {
    use glossa::destination::{normalize, Origin, Target};
    use proptest::prelude::*;

    /// Destinations built from the pieces that matter to resolution.
    fn dest() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "/",
            "..",
            ".",
            "%2e%2E",
            ".%2e",
            "%2E.",
            "%2e",
            "a",
            "term",
            "x y",
            "%2F",
            "%",
            "?q=1",
            "#h",
            "#",
            "//",
            "https:",
            "HTTP://g.test",
            "http://g.test:80",
            "mailto:",
            "é",
            "\\",
            ":",
            "docs",
            " ",
        ]);
        prop::collection::vec(piece, 0..14).prop_map(|p| p.concat())
    }

    fn is_dot_segment(s: &str) -> bool {
        matches!(
            s.to_ascii_lowercase().as_str(),
            "." | ".." | "%2e" | ".%2e" | "%2e." | "%2e%2e"
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        #[test]
        fn resolving_never_panics_nor_climbs_out(
            built in dest(),
            any in "\\PC{0,40}",
            page in prop::sample::select(vec!["", "term/a/", "404.html", "area/b/page/2/"]),
            base in prop::sample::select(vec!["https://g.test/", "https://g.test/docs/"]),
        ) {
            let origin = Origin::new(base);
            for dest in [&built, &any] {
                match origin.resolve(dest, page) {
                    Target::Internal { path, .. } => {
                        prop_assert!(
                            path.split('/').all(|s| !is_dot_segment(s)),
                            "{:?} from {:?}", path, dest
                        );
                        let plain = !path.contains(['%', '?', '#', '\\'])
                            && !path.contains("//")
                            && !path.starts_with('/')
                            && path.trim() == path;
                        if plain {
                            let again = origin.resolve(&format!("/{path}"), "term/z/");
                            prop_assert_eq!(again, Target::Internal { path, fragment: None });
                        }
                    }
                    Target::External(url) => {
                        prop_assert!(url.to_ascii_lowercase().starts_with("http"), "{:?}", url);
                    }
                    Target::Here(_) | Target::Skip => {}
                }
            }
        }

        #[test]
        fn normalizing_is_idempotent_and_stays_at_the_root(built in dest(), any in "\\PC{0,40}") {
            for path in [built, any] {
                let once = normalize(&path);
                prop_assert!(once.starts_with('/'));
                prop_assert!(once.split('/').all(|s| !is_dot_segment(s)), "{:?} → {:?}", path, once);
                prop_assert_eq!(normalize(&once), once.clone());
            }
        }
    }
}

/// The markdown copy of an entry (`term/x/index.md`) for any body: it never fails, links
/// every automatic link of the page to the entry's full URL, and keeps the body's text.
mod copies {
    use super::*;
    use glossa::render::Renderer;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        #[test]
        fn copies_link_every_mention_absolutely(pieces in prop::collection::vec(super::linker::piece(), 0..30),
                                                 noise in "\\PC{0,120}") {
            let mut site = super::linker::site(20);
            // An empty site folder: the embedded theme's templates.
            let root = tempfile::tempdir().unwrap();
            site.root = root.path().to_path_buf();
            site.entries[0].body = pieces.concat();
            site.entries[1].body = noise;
            let (links, _) = glossa::link::link(&site);
            let renderer = Renderer::new(&site, &links).unwrap();
            for id in 0..site.entries.len() {
                let copy = renderer.entry_markdown(id).unwrap();
                let title_line = format!("# {}\n", site.entries[id].title);
                prop_assert!(copy.starts_with(&title_line), "{}", copy);
                for m in &links.mentions[id] {
                    let e = &site.entries[m.target];
                    let url = format!("](http://127.0.0.1:1111/{}/{}/)", e.kind.as_str(), e.slug);
                    prop_assert!(copy.contains(&url), "{} missing in:\n{}", url, copy);
                }
                prop_assert!(!copy.contains("](/"), "a site path left relative:\n{}", copy);
            }
        }
    }
}
