//! Sharing: the Open Graph, Twitter card, icon and theme-colour tags of every page kind
//! (insta snapshots), the PNG files behind them (cards 1200×630, never an SVG as
//! `og:image`, an SVG hero image rasterised, icons at their sizes, the web app
//! manifest), a site's own static files replacing them, and the card cache (a rebuild
//! renders only the cards whose text changed; the same site gives the same bytes).

mod common;

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

fn build(site: &Path) {
    common::run_glossa(["--root", site.to_str().unwrap(), "build", "-q"]);
}

fn with_cards() -> tempfile::TempDir {
    let site = common::fixture_site("machines");
    let config = site.path().join("glossa.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[sharing]\ncards = true\n");
    std::fs::write(&config, text).unwrap();
    site
}

fn read(site: &Path, rel: &str) -> String {
    std::fs::read_to_string(site.join("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The sharing lines of a page's head: Open Graph, Twitter, article, icons, colours.
fn share_tags(html: &str) -> String {
    let head = &html[..html.find("</head>").unwrap()];
    head.lines()
        .map(str::trim)
        .filter(|l| {
            [
                "og:",
                "twitter:",
                "article:",
                "theme-color",
                "rel=\"icon\"",
                "apple-touch",
                "rel=\"manifest\"",
                "text/markdown",
            ]
            .iter()
            .any(|k| l.contains(k))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Width and height of a PNG, from its IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

#[test]
fn head_tags_of_every_page_kind() {
    let site = with_cards();
    build(site.path());
    for (name, rel) in [
        ("home", "index.html"),
        ("term", "term/berth/index.html"),
        ("term_card", "term/draught/index.html"),
        ("definition", "definition/tide-table/index.html"),
        ("area", "area/mooring/index.html"),
        ("kind_index", "term/index.html"),
        ("glossary", "glossary/index.html"),
        ("search", "search/index.html"),
        ("not_found", "404.html"),
    ] {
        insta::assert_snapshot!(format!("share_{name}"), share_tags(&read(site.path(), rel)));
    }
}

#[test]
fn every_og_image_is_a_png_of_the_build() {
    let site = with_cards();
    build(site.path());
    let public = site.path().join("public");
    let pages = common::files_with_ext(&public, &["html"]);
    assert!(pages.len() > 8);
    for page in pages {
        let html = std::fs::read_to_string(&page).unwrap();
        let Some(at) = html.find(r#"<meta property="og:image" content=""#) else {
            panic!("{} has no og:image", page.display());
        };
        let rest = &html[at + 35..];
        let url = &rest[..rest.find('"').unwrap()];
        let rel = url.strip_prefix("https://harbour.test/docs/").expect(url);
        assert!(rel.ends_with(".png"), "{url} in {}", page.display());
        let bytes = std::fs::read(public.join(rel)).unwrap();
        assert_eq!(png_size(&bytes), (1200, 630), "{url}");
        assert!(html.contains(r#"<meta name="twitter:image" content=""#));
    }
    // The SVG hero is rasterised; the other entries get cards; icons at their sizes.
    for (rel, size) in [
        ("og/term/berth.png", (1200, 630)),
        ("og/term/draught.png", (1200, 630)),
        ("og/area/mooring.png", (1200, 630)),
        ("og/site.png", (1200, 630)),
        ("favicon.png", (32, 32)),
        ("apple-touch-icon.png", (180, 180)),
        ("icon-192.png", (192, 192)),
        ("icon-512.png", (512, 512)),
    ] {
        let bytes = std::fs::read(public.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert_eq!(png_size(&bytes), size, "{rel}");
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&read(site.path(), "site.webmanifest")).unwrap();
    assert_eq!(manifest["name"], "Harbour Glossary");
    assert_eq!(manifest["start_url"], "/docs/");
    assert_eq!(manifest["display"], "standalone");
    assert_eq!(manifest["theme_color"], "#fdfdfc");
    for icon in manifest["icons"].as_array().unwrap() {
        let rel = icon["src"]
            .as_str()
            .unwrap()
            .strip_prefix("/docs/")
            .unwrap();
        let (w, h) = png_size(&std::fs::read(public.join(rel)).unwrap());
        assert_eq!(icon["sizes"], format!("{w}x{h}"));
    }
}

#[test]
fn without_cards_entries_share_the_site_card_or_their_hero() {
    let site = common::fixture_site("machines");
    build(site.path());
    let public = site.path().join("public");
    assert!(!public.join("og/term/draught.png").exists());
    let draught = read(site.path(), "term/draught/index.html");
    assert!(draught
        .contains(r#"<meta property="og:image" content="https://harbour.test/docs/og/site.png">"#));
    // The SVG hero is still shared as PNG, never as SVG.
    let berth = read(site.path(), "term/berth/index.html");
    assert!(berth.contains(
        r#"<meta property="og:image" content="https://harbour.test/docs/og/term/berth.png">"#
    ));
    assert!(
        berth.contains(r#"<meta property="og:image:alt" content="Three berths along a pontoon">"#)
    );
    assert!(!berth.contains(r#"og:image" content="https://harbour.test/docs/images/berth.svg"#));
}

#[test]
fn a_site_s_own_icons_and_manifest_replace_the_generated_ones() {
    let site = common::fixture_site("machines");
    let own_png =
        std::fs::read(common::repo_root().join("tests/fixtures/sharing-icon.png")).unwrap();
    std::fs::write(site.path().join("static/favicon.png"), &own_png).unwrap();
    std::fs::write(
        site.path().join("static/site.webmanifest"),
        "{\"name\": \"Mine\"}\n",
    )
    .unwrap();
    build(site.path());
    assert_eq!(
        std::fs::read(site.path().join("public/favicon.png")).unwrap(),
        own_png
    );
    assert_eq!(
        read(site.path(), "site.webmanifest"),
        "{\"name\": \"Mine\"}\n"
    );
    let (w, _) = png_size(&std::fs::read(site.path().join("public/apple-touch-icon.png")).unwrap());
    assert_eq!(w, 180);
}

/// The cache's files: name → (inode, modification time).
fn cache(site: &Path) -> BTreeMap<String, (u64, i64)> {
    std::fs::read_dir(site.join(".glossa/cards"))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let meta = e.metadata().unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                (meta.ino(), meta.mtime_nsec() + meta.mtime() * 1_000_000_000),
            )
        })
        .collect()
}

#[test]
fn a_rebuild_renders_only_the_cards_that_changed() {
    let site = with_cards();
    build(site.path());
    let before = cache(site.path());
    // Cards of 4 entries (the fifth has an SVG hero), the site's card, 4 icons, the hero.
    assert_eq!(before.len(), 4 + 1 + 4 + 1, "{before:?}");
    let draught_before = std::fs::read(site.path().join("public/og/term/draught.png")).unwrap();
    let file = site.path().join("content/terms/draught.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("title = \"Draught\"", "title = \"Draft (of a hull)\""),
    )
    .unwrap();
    build(site.path());
    let after = cache(site.path());
    let added: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    let removed: Vec<&String> = before.keys().filter(|k| !after.contains_key(*k)).collect();
    assert_eq!(
        (added.len(), removed.len()),
        (1, 1),
        "{before:?}\n{after:?}"
    );
    for (name, id) in &after {
        if let Some(old) = before.get(name) {
            assert_eq!(old, id, "{name} was written again");
        }
    }
    let draught_after = std::fs::read(site.path().join("public/og/term/draught.png")).unwrap();
    assert_ne!(draught_before, draught_after);
    // The same site elsewhere gives the same bytes (the font is embedded).
    let again = with_cards();
    std::fs::write(
        again.path().join("content/terms/draught.md"),
        std::fs::read(&file).unwrap(),
    )
    .unwrap();
    build(again.path());
    for rel in [
        "og/term/draught.png",
        "og/term/berth.png",
        "og/site.png",
        "favicon.png",
    ] {
        assert_eq!(
            std::fs::read(site.path().join("public").join(rel)).unwrap(),
            std::fs::read(again.path().join("public").join(rel)).unwrap(),
            "{rel}"
        );
    }
}
