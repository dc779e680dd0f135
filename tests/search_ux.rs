//! The search box and the search page in headless Chromium (`tests/js/search-ux.mjs`)
//! on the relevance fixture site: the scripts load when the box is first used; the box is
//! a WAI-ARIA combobox (arrow keys move the active option, Escape closes and keeps the
//! text, Enter and a click open the option, a click outside closes); the popup stays
//! inside the viewport from 320 to 1366 px; the results page does not shift as results
//! arrive (CLS < 0.05); highlighted text has a contrast of 4.5:1 or more; axe-core finds
//! no violation, light and dark, on the results page and with the popup open.

mod common;

use std::path::Path;

use serde_json::{json, Value};

/// The page the box is used on, and a query with several results.
const PAGE: &str = "/definition/websocket/";
const QUERY: &str = "web";
/// An area chip of the query's results, and the entries of that area it finds.
const AREA: &str = "Security";
const AREA_HITS: &[&str] = &["/definition/json-web-token/"];

fn run_browser() -> Value {
    let js = common::ensure_node_tools();
    assert!(
        Path::new("/usr/bin/chromium").is_file(),
        "/usr/bin/chromium is missing: `apt-get install -y chromium` (see .ci/run)"
    );
    let site = common::fixture_site("relevance");
    let public = site.path().join("public");
    let out = common::run_glossa([
        "--root".as_ref(),
        site.path().as_os_str(),
        "build".as_ref(),
        "-q".as_ref(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let spec = json!({
        "dir": public,
        "page": PAGE,
        "query": QUERY,
        "area": AREA,
        "axe": js.join("node_modules/axe-core/axe.min.js"),
    });
    common::node_report("search-ux.mjs", site.path(), &spec)
}

/// `rgb(…)`/`rgba(…)` as three channels.
fn rgb(css: &str) -> [f64; 3] {
    let inner = css
        .trim_start_matches("rgba(")
        .trim_start_matches("rgb(")
        .trim_end_matches(')');
    let v: Vec<f64> = inner
        .split([',', ' ', '/'])
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    [v[0], v[1], v[2]]
}

/// WCAG contrast ratio of two colours.
fn contrast(a: &str, b: &str) -> f64 {
    let lum = |c: [f64; 3]| {
        let f = |x: f64| {
            let x = x / 255.0;
            if x <= 0.03928 {
                x / 12.92
            } else {
                ((x + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2])
    };
    let (x, y) = (lum(rgb(a)), lum(rgb(b)));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

fn keyboard(k: &Value) {
    let typed = &k["typed"];
    assert_eq!(typed["role"], "combobox", "{typed}");
    assert_eq!(typed["expanded"], "true", "{typed}");
    assert_eq!(typed["controlsExists"], true, "{typed}");
    assert_eq!(
        typed["liveRegions"], 0,
        "the popup is no live region: {typed}"
    );
    assert!(typed["options"].as_u64().unwrap() >= 3, "{typed}");
    assert!(
        typed["active"].is_null(),
        "nothing active before a key: {typed}"
    );
    let down1 = &k["1:ArrowDown"];
    assert!(
        down1["active"].as_str().unwrap().ends_with("-option-0"),
        "{down1}"
    );
    assert_eq!(down1["activeSelected"], "true");
    assert_eq!(down1["focused"], true, "focus stays in the box");
    assert!(k["2:ArrowDown"]["active"]
        .as_str()
        .unwrap()
        .ends_with("-option-1"));
    assert!(k["3:ArrowUp"]["active"]
        .as_str()
        .unwrap()
        .ends_with("-option-0"));
    let esc = &k["4:Escape"];
    assert_eq!(esc["visible"], false, "{esc}");
    assert_eq!(esc["expanded"], "false", "{esc}");
    assert_eq!(esc["value"], QUERY, "Escape keeps the text: {esc}");
    assert_eq!(esc["focused"], true, "{esc}");
    let again = &k["5:ArrowDown"];
    assert_eq!(again["visible"], true, "ArrowDown opens it again: {again}");
    assert!(again["active"].as_str().unwrap().ends_with("-option-0"));
    assert_eq!(
        k["enter"]["path"], k["enter"]["want"],
        "Enter opens the option"
    );
}

fn pointer(p: &Value) {
    assert_eq!(p["opened"]["visible"], true, "{p}");
    assert_eq!(
        p["outside"]["visible"], false,
        "a click outside closes: {p}"
    );
    assert_eq!(p["outside"]["expanded"], "false", "{p}");
    assert_eq!(p["outside"]["value"], QUERY, "{p}");
    assert_eq!(p["clicked"]["path"], p["clicked"]["want"], "{p}");
}

fn facets(f: &Value) {
    let asked: Vec<&str> = f["asked"]["chips"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|g| g["label"].as_str())
        .collect();
    assert_eq!(
        asked,
        ["Kind"],
        "the areas' counts wait to be asked for: {f}"
    );
    let labels: Vec<&str> = f["before"]["chips"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["Kind", "Area"], "{f}");
    let chip = f["chipText"].as_str().unwrap();
    let count: usize = chip.rsplit(' ').next().unwrap().parse().unwrap();
    let hits: Vec<&str> = f["filtered"]["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap())
        .collect();
    assert_eq!(hits.len(), count, "the chip's count is what it finds: {f}");
    assert_eq!(hits, AREA_HITS, "{f}");
    assert!(
        f["filtered"]["url"]
            .as_str()
            .unwrap()
            .contains("area=security"),
        "{f}"
    );
    assert_eq!(
        f["reloaded"]["hits"], f["filtered"]["hits"],
        "the URL keeps the filter"
    );
    assert_eq!(f["reloaded"]["chips"], f["filtered"]["chips"]);
}

#[test]
fn the_search_box_is_a_combobox_and_the_results_page_holds_still() {
    let r = run_browser();
    assert_eq!(r["errors"], json!([]), "script errors");
    let before: Vec<&str> = r["scriptsBefore"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(
        before.iter().all(|s| !s.contains("search-engine")),
        "the search scripts wait for the box to be used: {before:?}"
    );
    assert!(before.contains(&"/search.js"), "{before:?}");
    let after = r["scriptsAfter"].to_string();
    for name in ["search-analysis.js", "search-engine.js", "search-ui.js"] {
        assert!(after.contains(name), "{name} loaded on use: {after}");
    }
    keyboard(&r["keyboard"]);
    facets(&r["facets"]);
    pointer(&r["pointer"]);
    let bounds = r["bounds"].as_array().unwrap();
    assert_eq!(bounds.len(), 5);
    for b in bounds {
        let client = b["client"].as_f64().unwrap();
        assert!(b["left"].as_f64().unwrap() >= 0.0, "{b}");
        assert!(b["right"].as_f64().unwrap() <= client, "{b}");
        assert!(
            b["scroll"].as_f64().unwrap() <= client,
            "no horizontal scroll: {b}"
        );
    }
    for device in ["desktop", "phone"] {
        let cls = r["cls"][device].as_f64().unwrap();
        assert!(cls < 0.05, "{device} CLS {cls}");
    }
    for scheme in ["light", "dark"] {
        let t = &r["themes"][scheme];
        let marks = t["marks"].as_array().unwrap();
        assert!(!marks.is_empty(), "{scheme}: no highlight");
        for m in marks {
            let ratio = contrast(m["fg"].as_str().unwrap(), m["bg"].as_str().unwrap());
            assert!(ratio >= 4.5, "{scheme}: highlight {m} at {ratio:.2}:1");
        }
        assert_eq!(t["page"], json!([]), "{scheme}: axe on the results page");
        assert_eq!(t["popup"], json!([]), "{scheme}: axe with the popup open");
    }
}
