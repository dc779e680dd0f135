//! Link previews in a real headless Chromium (Debian's `chromium`, driven by
//! playwright-core from `tests/js/previews-browser.mjs`) on `tests/fixtures/previews`,
//! built twice (previews on and off): hover, keyboard focus and Escape, tap on a touch
//! screen, the card inside a 320 px viewport (the aside opened), light and dark colours with their contrast,
//! axe-core with the card open, reduced motion, no JavaScript, previews off.

mod common;

use std::path::Path;

use serde_json::{json, Value};

fn build(root: &Path, out: &Path) {
    common::run_glossa([
        "--root".as_ref(),
        root.as_os_str(),
        "-q".as_ref(),
        "build".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
}

/// `rgb(r, g, b)` or `rgba(r, g, b, a)` as three channels 0–255.
fn rgb(css: &str) -> [f64; 3] {
    let inner = css
        .split_once('(')
        .and_then(|(_, rest)| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("not a colour: {css}"));
    let v: Vec<f64> = inner
        .split([',', ' ', '/'])
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    [v[0], v[1], v[2]]
}

/// WCAG 2 contrast ratio of two colours.
fn contrast(a: &str, b: &str) -> f64 {
    let lum = |c: [f64; 3]| {
        let ch = |v: f64| {
            let v = v / 255.0;
            if v <= 0.039_28 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2])
    };
    let (x, y) = (lum(rgb(a)), lum(rgb(b)));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

fn run_browser() -> Value {
    let js = common::ensure_node_tools();
    assert!(
        Path::new("/usr/bin/chromium").is_file(),
        "/usr/bin/chromium is missing: `apt-get install -y chromium` (see .ci/run)"
    );
    let site = common::fixture_site("previews");
    let tmp = tempfile::tempdir().unwrap();
    let on = tmp.path().join("on");
    build(site.path(), &on);
    let config = site.path().join("glossa.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("[links]\n", "[links]\npreviews = false\n"),
    )
    .unwrap();
    let off = tmp.path().join("off");
    build(site.path(), &off);
    let spec = json!({
        "dir": on,
        "off": off,
        "page": "/term/levain/",
        "link": "/definition/starter/",
        "axe": js.join("node_modules/axe-core/axe.min.js"),
    });
    common::node_report("previews-browser.mjs", tmp.path(), &spec)
}

const DESCRIPTION: &str = "Flour and water kept alive between bakes; text such as </script> or <!-- and & \"quotes\" stays text.";

/// The card's rectangle lies inside its viewport.
fn inside(state: &Value) -> bool {
    let (r, v) = (&state["rect"], &state["viewport"]);
    let f = |x: &Value| x.as_f64().unwrap();
    f(&r["left"]) >= 0.0
        && f(&r["top"]) >= 0.0
        && f(&r["right"]) <= f(&v["width"])
        && f(&r["bottom"]) <= f(&v["height"])
}

#[test]
fn previews_open_by_hover_focus_and_tap_and_pass_axe_in_light_and_dark() {
    let r = run_browser();
    assert_eq!(r["errors"], json!([]), "script errors: {r:#}");
    hover(&r["hover"]);
    keyboard(&r["keyboard"]);
    touch_and_narrow(&r);
    themes(&r);
    without_script_and_off(&r);
}

/// Hover: not at once, then the card; kept on the card; no shift, no request.
fn hover(h: &Value) {
    // Hover: not at once, then the card, described by the link, fixed, below the link.
    assert_eq!(h["early"]["visible"], false, "{h:#}");
    let shown = &h["shown"];
    assert_eq!(shown["visible"], true, "{h:#}");
    assert_eq!(shown["role"], "tooltip");
    assert_eq!(shown["position"], "fixed");
    assert_eq!(shown["title"], "Starter");
    assert_eq!(shown["kind"], "Definition");
    assert_eq!(shown["desc"], DESCRIPTION);
    assert_eq!(shown["described"], json!(["/definition/starter/"]));
    assert_eq!(shown["focusable"], 0, "nothing in the card takes focus");
    let link_bottom = h["link"]["y"].as_f64().unwrap() + h["link"]["height"].as_f64().unwrap();
    assert!(
        shown["rect"]["top"].as_f64().unwrap() >= link_bottom,
        "below the link: {h:#}"
    );
    assert!(inside(shown), "{h:#}");
    // It stays while the pointer is on it, and goes when the pointer leaves.
    assert_eq!(h["onCard"]["visible"], true, "{h:#}");
    assert_eq!(h["left"]["visible"], false, "{h:#}");
    assert_eq!(h["left"]["described"], json!([]), "{h:#}");
    // No layout shift, no request to a server.
    assert_eq!(h["before"]["main"], h["after"]["main"], "{h:#}");
    assert_eq!(h["before"]["scroll"], h["after"]["scroll"], "{h:#}");
    assert_eq!(h["after"]["shift"], 0.0, "{h:#}");
    assert_eq!(h["requests"], json!([]), "{h:#}");
}

/// Keyboard: Tab, Escape, Tab and back.
fn keyboard(k: &Value) {
    // Keyboard: Tab reaches the link and its card opens; focus never enters a card.
    let steps = k["steps"].as_array().unwrap();
    assert!(
        steps.iter().all(|s| s["focusInCard"] == false),
        "{steps:#?}"
    );
    assert!(
        steps
            .iter()
            .any(|s| s["visible"] == true && s["active"] == "../../definition/autolyse/"),
        "an explicit relative link previews too: {steps:#?}"
    );
    // Links to no entry (the skip link, the menu, the breadcrumbs) never open it.
    for s in steps {
        let active = s["active"].as_str().unwrap_or("");
        if s["visible"] == true {
            assert_eq!(s["described"], json!([active]), "{s}");
        } else {
            assert_eq!(s["described"], json!([]), "{s}");
        }
        if ["#main", "/glossary/", "/term/", "/"].contains(&active) {
            assert_eq!(s["visible"], false, "{active}");
        }
    }
    let at = &k["atLink"];
    assert_eq!(at["visible"], true, "{k:#}");
    assert_eq!(at["title"], "Starter");
    assert_eq!(at["described"], json!(["/definition/starter/"]));
    // Escape closes it, focus stays on the link, and it does not come back by itself.
    for state in [&k["escaped"], &k["stillEscaped"]] {
        assert_eq!(state["visible"], false, "{k:#}");
        assert_eq!(state["active"], "/definition/starter/", "{k:#}");
        assert_eq!(state["described"], json!([]), "{k:#}");
    }
    // Tab and back: the link's card opens again.
    assert_ne!(k["next"]["active"], "/definition/starter/");
    assert_eq!(k["back"]["active"], "/definition/starter/", "{k:#}");
    assert_eq!(k["back"]["visible"], true, "{k:#}");
}

/// Taps on a touch screen, and every card inside a 320 px viewport.
fn touch_and_narrow(r: &Value) {
    // Touch: the first tap previews without following; a tap elsewhere closes; the
    // second tap on the link follows it.
    let t = &r["touch"];
    assert_eq!(t["first"]["visible"], true, "{t:#}");
    assert_eq!(t["first"]["title"], "Starter", "{t:#}");
    assert!(inside(&t["first"]), "{t:#}");
    assert!(
        t["urlAfterFirst"]
            .as_str()
            .unwrap()
            .ends_with("/term/levain/"),
        "{t:#}"
    );
    assert_eq!(t["outside"]["visible"], false, "{t:#}");
    assert_eq!(t["again"]["visible"], true, "{t:#}");
    assert!(
        t["urlAfterSecond"]
            .as_str()
            .unwrap()
            .ends_with("/definition/starter/"),
        "{t:#}"
    );

    // 320 px: every card inside the viewport (body links, Related, Appears in, See also).
    let narrow = r["narrow"].as_array().unwrap();
    assert!(narrow.len() >= 5, "{narrow:#?}");
    for card in narrow {
        assert!(inside(card), "{card:#}");
        assert_eq!(card["viewport"]["width"], 320);
    }
}

/// Light and dark, axe-core, reduced motion.
fn themes(r: &Value) {
    // Light and dark: different colours, readable text, no axe-core violation with the
    // card open.
    let (light, dark) = (&r["themes"]["light"], &r["themes"]["dark"]);
    for theme in [light, dark] {
        let c = &theme["colours"];
        assert_eq!(c["visible"], true, "{theme:#}");
        assert_eq!(theme["open"], true, "{theme:#}");
        let bg = c["background"].as_str().unwrap();
        for (part, min) in [("title", 7.0), ("desc", 4.5)] {
            let ratio = contrast(c[part].as_str().unwrap(), bg);
            assert!(ratio >= min, "{part}: {ratio:.2} in {theme:#}");
        }
        let badge = contrast(
            c["badge"].as_str().unwrap(),
            c["badgeBackground"].as_str().unwrap(),
        );
        assert!(badge >= 4.5, "badge: {badge:.2} in {theme:#}");
        assert_eq!(theme["axe"], json!([]), "axe-core: {theme:#}");
    }
    assert_ne!(
        light["colours"]["background"], dark["colours"]["background"],
        "the dark card is dark"
    );
    assert_ne!(light["colours"]["title"], dark["colours"]["title"]);
    assert_eq!(light["colours"]["animation"], "preview-in");
    assert_eq!(r["reducedMotion"]["visible"], true);
    assert_eq!(r["reducedMotion"]["animation"], "none");
}

/// No JavaScript; previews off.
fn without_script_and_off(r: &Value) {
    // Without JavaScript the link works and no card is made.
    let n = &r["noScript"];
    assert_eq!(n["card"], 0);
    assert_eq!(n["href"], "/definition/starter/");
    assert!(
        n["url"].as_str().unwrap().ends_with("/definition/starter/"),
        "{n:#}"
    );

    // Previews off: no card, no script.
    let off = &r["off"];
    assert_eq!(off["card"], 0, "{off:#}");
    let scripts = off["scripts"].as_array().unwrap();
    assert!(
        scripts
            .iter()
            .all(|s| !s.as_str().unwrap().contains("previews")),
        "{scripts:?}"
    );
    assert!(
        scripts
            .iter()
            .any(|s| s.as_str().unwrap().ends_with("/search.js")),
        "{scripts:?}"
    );
}
