//! Reading every page kind in a real headless Chromium (Debian's `chromium`, driven by
//! playwright-core from `tests/js/reading-browser.mjs`) on `tests/fixtures/reading`: at
//! 390, 768 and 1280 px, light and dark, no page reaches past the viewport's width and
//! axe-core finds nothing (the long term with its contents and its aside opened too); the
//! term's reading aids work (contents, heading links, a table that scrolls in a named,
//! focusable region with its shadows, a drawing inverted in dark mode, the aside closed
//! below the article on a phone and open beside it on a wide screen); printed, the term is
//! its article alone, with its address, on few pages.

mod common;

use std::path::Path;

use serde_json::{json, Value};

const TERM: &str = "/term/swarming/";

fn run_browser() -> Value {
    let js = common::ensure_node_tools();
    assert!(
        Path::new("/usr/bin/chromium").is_file(),
        "/usr/bin/chromium is missing: `apt-get install -y chromium` (see .ci/run)"
    );
    let site = common::fixture_site("reading");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    common::run_glossa([
        "--root".as_ref(),
        site.path().as_os_str(),
        "-q".as_ref(),
        "build".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    let spec = json!({
        "dir": out,
        "widths": [390, 768, 1280],
        "pages": {
            "home": "/",
            "term": TERM,
            "definition": "/definition/royal-jelly/",
            "area": "/area/colony-life/",
            "glossary": "/glossary/",
            "list": "/definition/",
            "search": "/search/",
            "404": "/no/such/page/",
        },
        "term": TERM,
        "axe": js.join("node_modules/axe-core/axe.min.js"),
    });
    common::node_report("reading-browser.mjs", tmp.path(), &spec)
}

#[test]
fn every_page_kind_fits_passes_axe_and_the_term_prints_alone() {
    let r = run_browser();
    assert_eq!(r["errors"], json!([]), "script errors: {:#}", r["errors"]);
    let views = r["views"].as_array().unwrap();
    assert_eq!(views.len(), 3 * 2 * 8, "every width, scheme and page kind");
    for v in views {
        let at = format!("{} at {} px, {}", v["path"], v["width"], v["scheme"]);
        assert!(
            v["overflow"]["excess"].as_i64().unwrap() <= 0,
            "{at} is wider than the screen: {:#}",
            v["overflow"]
        );
        assert_eq!(v["violations"], json!([]), "axe on {at}");
        if v["path"] == TERM {
            term(v, &at);
        }
    }
    print(&r["print"]);
}

/// The long term: its reading aids, closed then opened.
fn term(v: &Value, at: &str) {
    let (closed, opened) = (&v["closed"], &v["opened"]);
    let width = v["width"].as_u64().unwrap();
    // Contents: closed, then open, four sections and two sub-sections listed.
    assert_eq!(closed["toc"], json!({"open": false, "items": 6}), "{at}");
    assert_eq!(opened["toc"]["open"], true, "{at}");
    // The table scrolls in a named, focusable region with its edge shadows, on a phone.
    let table = &closed["tableRegion"];
    assert_eq!(table["role"], "region", "{at}");
    assert_eq!(table["tabindex"], 0, "{at}");
    assert!(
        table["label"]
            .as_str()
            .unwrap()
            .starts_with("Table 1: Method, Equipment"),
        "{at}: {table}"
    );
    assert!(
        table["background"]
            .as_str()
            .unwrap()
            .contains("radial-gradient"),
        "{at}: {table}"
    );
    if width == 390 {
        assert_eq!(table["scrolls"], true, "{at}: {table}");
    }
    // A heading's link to itself: named, hidden until hovered or focused.
    assert_eq!(closed["anchor"]["href"], "#signs-before-a-swarm", "{at}");
    assert_eq!(
        closed["anchor"]["label"], "Link to the section Signs before a swarm",
        "{at}"
    );
    assert_eq!(closed["anchor"]["opacity"], "0", "{at}");
    assert_eq!(v["focusedAnchor"]["opacity"], "1", "{at}");
    // The description opens the body: shown once, as the body's first paragraph.
    assert_eq!(closed["lede"], false, "{at}");
    // Drawings are inverted in dark mode, photos dimmed, nothing in light mode.
    let filter = closed["imageFilter"].as_str().unwrap();
    match v["scheme"].as_str().unwrap() {
        "dark" => assert!(filter.contains("invert"), "{at}: {filter}"),
        _ => assert_eq!(filter, "none", "{at}"),
    }
    // The aside: a closed disclosure a line high below the article on a phone; open
    // beside it on a wide screen.
    let (aside, aside_open) = (&closed["aside"], &opened["aside"]);
    if width < 1088 {
        assert_eq!(aside["open"], false, "{at}");
        assert_eq!(aside["bodyVisible"], false, "{at}");
        assert!(aside["height"].as_f64().unwrap() < 80.0, "{at}: {aside}");
        assert_eq!(aside_open["open"], true, "{at}");
    }
    assert_eq!(aside_open["bodyVisible"], true, "{at}: {aside_open}");
    if width == 1280 {
        assert_eq!(aside["bodyVisible"], true, "{at}: {aside}");
    }
    assert!(
        v["openedOverflow"]["excess"].as_i64().unwrap() <= 0,
        "{at} opened: {:#}",
        v["openedOverflow"]
    );
    assert_eq!(v["openedViolations"], json!([]), "axe on {at} opened");
}

/// Printed, the term is its title, its address and its article: no header, navigation,
/// aside, contents or footer; and it fits on few A4 pages.
fn print(p: &Value) {
    let shown = &p["shown"];
    for hidden in [
        "header.site-header",
        "footer.site-footer",
        ".breadcrumbs",
        ".entry-aside",
        ".toc",
        ".referenced-by",
        ".skip-link",
        "form",
    ] {
        assert_eq!(shown[hidden], false, "{hidden} is printed: {p:#}");
    }
    for kept in ["article h1", ".print-url", ".content"] {
        assert_eq!(shown[kept], true, "{kept} is not printed: {p:#}");
    }
    let text = p["text"].as_str().unwrap();
    assert!(text.starts_with("Swarming\n"), "{text}");
    assert!(text.contains("https://hive.test/term/swarming/"), "{text}");
    assert!(text.contains("After the swarm"), "{text}");
    for absent in [
        "Skip to content",
        "Built with",
        "Related entries",
        "Contents",
        "A–Z",
    ] {
        assert!(!text.contains(absent), "{absent:?} is printed:\n{text}");
    }
    let pages = p["pdfPages"].as_u64().unwrap();
    assert!((1..=3).contains(&pages), "{pages} PDF pages");
}
