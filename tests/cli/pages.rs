//! What built pages hold: related entries, snapshots, hostile text kept as text, base paths, the A–Z index by letter.

use crate::{glossa, jsonld, read, site, tree};

#[test]
fn related_is_both_ways_and_areas_collect_members() {
    let tmp = site("basic");
    glossa(tmp.path()).arg("build").assert().success();
    let out = tmp.path().join("public");
    // bankruptcy-price names liquidation; liquidation's page lists it back.
    let liquidation = read(out.join("term/liquidation/index.html"));
    assert!(liquidation.contains("href=\"/definition/bankruptcy-price/\""));
    assert!(
        liquidation.contains("href=\"/area/risk/\""),
        "appears in its area"
    );
    // The area holds members from its own `related` and from members' `areas`.
    let all: String =
        read(out.join("area/risk/index.html")) + &read(out.join("area/risk/page/2/index.html"));
    for member in [
        "term/liquidation",
        "term/mark-price",
        "definition/index-price",
        "definition/bankruptcy-price",
    ] {
        assert!(all.contains(&format!("href=\"/{member}/\"")), "{member}");
    }
}

#[test]
fn pages_snapshot() {
    let tmp = site("basic");
    glossa(tmp.path()).arg("build").assert().success();
    let out = tmp.path().join("public");
    for (name, file) in [
        ("home", "index.html"),
        ("term", "term/liquidation/index.html"),
        ("term_yaml", "term/mark-price/index.html"),
        ("definition", "definition/index-price/index.html"),
        ("area", "area/risk/index.html"),
        ("area_page_2", "area/risk/page/2/index.html"),
    ] {
        let html = read(out.join(file));
        insta::assert_snapshot!(format!("{name}_html"), html);
        insta::assert_json_snapshot!(format!("{name}_jsonld"), jsonld(&html));
    }
}

#[test]
fn hostile_text_stays_text() {
    let tmp = site("hostile");
    glossa(tmp.path()).arg("build").assert().success();
    let out = tmp.path().join("public");
    for (name, bytes) in tree(&out) {
        if !name.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let theme_script = "<script src=\"/search.js\" data-base=\"/\" defer></script>";
        assert_eq!(
            html.matches(theme_script).count(),
            1,
            "{name}: the search script"
        );
        let scripts = html.matches("<script").count() - 1;
        let ld = html
            .matches("<script type=\"application/ld+json\">")
            .count();
        assert_eq!(
            scripts, ld,
            "{name}: only JSON-LD scripts besides search.js"
        );
        assert_eq!(
            html.matches("</script>").count() - 1,
            ld,
            "{name}: no script is closed early"
        );
        assert!(!html.contains("<img src=x"), "{name}: injected image");
        assert!(
            !html.contains("<div onclick"),
            "{name}: raw HTML passed through"
        );
        assert!(!html.contains("javascript:"), "{name}: script URL");
        assert!(!html.contains("<!-- "), "{name}: comment opened by content");
        for block in jsonld(&html) {
            let text = block.to_string();
            assert!(
                !text.contains("onerror=alert(1)") || text.contains("<img src=x onerror=alert(1)>")
            );
        }
    }
    let page = read(out.join("term/payload/index.html"));
    assert!(
        page.contains("&lt;&#x2F;script&gt;") || page.contains("&lt;/script&gt;"),
        "title shown as text"
    );
    let blocks = jsonld(&page);
    let article = blocks.iter().find(|b| b["@type"] == "Article").unwrap();
    assert_eq!(
        article["headline"],
        "</script><script>alert('t')</script> <!-- \"quoted\" & <img src=x onerror=alert(1)>"
    );
}

#[test]
fn unsafe_html_passes_raw_html_when_enabled() {
    let tmp = site("hostile");
    let config = read(tmp.path().join("glossa.toml"));
    std::fs::write(
        tmp.path().join("glossa.toml"),
        format!("{config}\n[markdown]\nunsafe_html = true\n"),
    )
    .unwrap();
    glossa(tmp.path()).arg("build").assert().success();
    assert!(read(tmp.path().join("public/term/payload/index.html"))
        .contains("<div onclick=\"alert(5)\">raw</div>"));
}

#[test]
fn base_url_with_a_path_prefixes_every_link() {
    let tmp = site("basic");
    glossa(tmp.path())
        .args(["build", "--base-url", "https://x.test/docs"])
        .assert()
        .success();
    let html = read(tmp.path().join("public/term/liquidation/index.html"));
    assert!(
        html.contains("<link rel=\"canonical\" href=\"https://x.test/docs/term/liquidation/\">")
    );
    assert!(html.contains("href=\"/docs/style.css\""));
    assert!(html.contains("src=\"/docs/images/liquidation.svg\""));
    assert!(
        !html.contains("href=\"/term/"),
        "no link escapes the sub-path"
    );
    assert!(
        html.contains("<a href=\"/docs/term/mark-price/\">mark price</a>"),
        "auto-links get the base path once"
    );
}

/// Past `[pagination] glossary_split` entries the A–Z index is a letter bar and one page
/// per letter, each page's JSON-LD naming only the terms it lists, and the export joining
/// them; home lists only the largest areas.
#[test]
fn a_large_glossary_gets_a_page_per_letter_and_home_the_largest_areas() {
    let tmp = site("basic");
    let config = tmp.path().join("glossa.toml");
    let text = read(&config).replace("page_size = 2", "page_size = 2\nglossary_split = 3");
    std::fs::write(&config, text).unwrap();
    // Thirteen more areas, each with one member named in `related`, so that the fixture's
    // `Risk` (three members) is the largest and one small area is left off home.
    for i in 0..13 {
        std::fs::write(
            tmp.path().join(format!("content/areas/zone-{i:02}.md")),
            format!(
                "+++\ntitle = \"Zone {i:02}\"\ndescription = \"Zone {i:02}.\"\nrelated = [\"liquidation\"]\n+++\nA zone.\n"
            ),
        )
        .unwrap();
    }
    glossa(tmp.path()).arg("build").assert().success();
    let out = tmp.path().join("public");

    let root = read(out.join("glossary/index.html"));
    for letter in ["b", "i", "l", "m", "r", "z"] {
        assert!(
            root.contains(&format!("href=\"/glossary/{letter}/\"")),
            "{letter}: {root}"
        );
        assert!(out.join(format!("glossary/{letter}/index.html")).is_file());
    }
    assert!(
        !out.join("glossary/a").exists(),
        "no page for an empty letter"
    );
    assert!(!root.contains("az-list"), "the letter bar lists no entries");
    let of_type = |html: &str, t: &str| {
        jsonld(html)
            .into_iter()
            .find(|b| b["@type"] == t)
            .unwrap_or_else(|| panic!("a {t}"))
    };
    let set = |html: &str| of_type(html, "DefinedTermSet");
    assert!(set(&root).get("hasDefinedTerm").is_none(), "{root}");

    let l = read(out.join("glossary/l/index.html"));
    assert!(l.contains("<h1>A–Z index: L</h1>"), "{l}");
    assert!(l.contains("href=\"/term/liquidation/\""));
    assert!(
        !l.contains("href=\"/term/mark-price/\""),
        "only L's entries"
    );
    assert!(l.contains("href=\"/glossary/l/\" aria-current=\"page\""));
    let terms = set(&l)["hasDefinedTerm"].clone();
    assert_eq!(terms.as_array().unwrap().len(), 1, "{terms}");
    assert_eq!(terms[0]["name"], "Liquidation");
    let crumbs = of_type(&l, "BreadcrumbList");
    let names: Vec<&str> = crumbs["itemListElement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Home", "A–Z index", "L"]);
    assert!(read(out.join("sitemap.xml")).contains("<loc>https://fixture.test/glossary/l/</loc>"));

    // The export's set is every letter's terms together.
    let assert = glossa(tmp.path())
        .args(["export", "schema"])
        .assert()
        .success();
    let graph: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let set = graph["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["@type"] == "DefinedTermSet")
        .unwrap();
    assert_eq!(set["hasDefinedTerm"].as_array().unwrap().len(), 4);

    let home = read(out.join("index.html"));
    assert!(home.contains("href=\"/area/risk/\""), "the largest area");
    assert!(home.contains("href=\"/area/zone-10/\""));
    assert!(
        !home.contains("href=\"/area/zone-12/\""),
        "past twelve, the smallest (last by title in a tie) are left to /area/"
    );
}
