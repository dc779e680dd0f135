//! Link previews (`[links] previews`): the data block of each page, built by the real
//! binary from `tests/fixtures/previews`, holds exactly the entries the page links to
//! (automatic, explicit in any form, Related, Appears in, See also, members), is safe in
//! its `<script>`, and is gone with the setting off. The browser side is
//! `tests/previews_browser.rs`.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

const BASE: &str = "https://bread.test/";

fn build(root: &Path) -> std::path::PathBuf {
    let out = root.join("public");
    common::run_glossa([
        "--root".as_ref(),
        root.as_os_str(),
        "-q".as_ref(),
        "build".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text of the page's preview block, if it has one.
fn block(html: &str) -> Option<&str> {
    let open = "<script type=\"application/json\" id=\"glossa-previews\">";
    let start = html.find(open)? + open.len();
    let end = html[start..].find("</script>")? + start;
    Some(&html[start..end])
}

/// Every entry page of the built site, as its path (`/term/levain/`).
fn entry_paths(out: &Path) -> BTreeSet<String> {
    let mut paths = BTreeSet::new();
    for kind in ["term", "definition", "area"] {
        for item in std::fs::read_dir(out.join(kind)).unwrap() {
            let item = item.unwrap();
            if item.path().join("index.html").is_file() && item.file_name() != "page" {
                paths.insert(format!("/{kind}/{}/", item.file_name().to_string_lossy()));
            }
        }
    }
    paths
}

/// The entry pages linked from the page's `<main>` (read as a browser resolves each
/// `href` against the page's URL), the page's own entry (`own`) left out.
fn linked_from_main(
    html: &str,
    page: &str,
    own: &str,
    entries: &BTreeSet<String>,
) -> BTreeSet<String> {
    let doc = scraper::Html::parse_document(html);
    let links = scraper::Selector::parse("main a[href]").unwrap();
    let here = url::Url::parse(BASE).unwrap().join(page).unwrap();
    let mut linked = BTreeSet::new();
    for a in doc.select(&links) {
        let url = here.join(a.value().attr("href").unwrap()).unwrap();
        if url.host_str() != here.host_str() {
            continue;
        }
        let mut path = url.path().to_string();
        if let Some(dir) = path.strip_suffix("index.html") {
            path = dir.to_string();
        }
        if !path.ends_with('/') {
            path.push('/');
        }
        if entries.contains(&path) && path != own {
            linked.insert(path);
        }
    }
    linked
}

#[test]
fn each_page_carries_exactly_the_entries_it_links_to() {
    let site = common::fixture_site("previews");
    let out = build(site.path());
    let entries = entry_paths(&out);
    assert_eq!(entries.len(), 9, "{entries:?}");
    // (page, its entry)
    let mut pages: Vec<(String, String)> = entries.iter().map(|e| (e.clone(), e.clone())).collect();
    pages.push((
        "/area/fermentation/page/2/".into(),
        "/area/fermentation/".into(),
    ));
    let mut unlinked_somewhere = false;
    for (page, own) in &pages {
        let html = read(&out.join(&page[1..]).join("index.html"));
        let expected = linked_from_main(&html, page, own, &entries);
        let keys: BTreeSet<String> = match block(&html) {
            Some(text) => {
                let data: Value = serde_json::from_str(text).unwrap();
                data["entries"]
                    .as_object()
                    .unwrap()
                    .keys()
                    .cloned()
                    .collect()
            }
            None => BTreeSet::new(),
        };
        assert_eq!(keys, expected, "{page}");
        unlinked_somewhere |= keys.len() + 1 < entries.len();
        // The script is loaded exactly when there is data.
        assert_eq!(
            html.contains("<script src=\"/previews.js\" defer></script>"),
            !keys.is_empty(),
            "{page}"
        );
    }
    assert!(unlinked_somewhere, "some page must leave entries out");

    // Levain links in every way a body and its lists can.
    let html = read(&out.join("term/levain/index.html"));
    let data: Value = serde_json::from_str(block(&html).unwrap()).unwrap();
    let e = &data["entries"];
    // automatic ("starter" in the prose), relative, `index.html`, Related, Appears in
    for path in [
        "/definition/starter/",
        "/definition/autolyse/",
        "/definition/hydration/",
        "/term/oven-spring/",
        "/area/fermentation/",
    ] {
        assert!(e.get(path).is_some(), "{path} missing: {e}");
    }
    assert!(e.get("/term/levain/").is_none(), "never the page itself");
    assert_eq!(
        e["/term/oven-spring/"],
        serde_json::json!([
            "Oven Spring",
            "term",
            "The last rise of a loaf in the first minutes of baking, before the crust sets."
        ])
    );
    assert_eq!(e["/area/fermentation/"][1], "area");
    assert_eq!(data["kinds"]["definition"], "Definition");
    assert_eq!(data["kinds"]["area"], "Area");

    // An area's second page shows no body: only its lists' entries (no hydration,
    // which only its body links to).
    let page2 = read(&out.join("area/fermentation/page/2/index.html"));
    let data: Value = serde_json::from_str(block(&page2).unwrap()).unwrap();
    assert!(data["entries"].get("/definition/starter/").is_some());
    let first = read(&out.join("area/fermentation/index.html"));
    assert!(block(&first).unwrap().contains("/definition/hydration/"));

    // Index pages list cards that show kind and description already: no previews.
    for page in ["index.html", "glossary/index.html", "definition/index.html"] {
        let html = read(&out.join(page));
        assert!(block(&html).is_none(), "{page}");
        assert!(!html.contains("previews.js"), "{page}");
    }
    assert!(out.join("previews.js").is_file());
}

#[test]
fn the_data_block_is_script_safe() {
    let site = common::fixture_site("previews");
    let out = build(site.path());
    let html = read(&out.join("term/levain/index.html"));
    let text = block(&html).unwrap();
    // No `<` at all, so no `</script>` and no `<!--` (which would change how the HTML
    // parser reads the rest of the script); `>` and `&` escaped as in the JSON-LD.
    for c in ['<', '>', '&'] {
        assert!(!text.contains(c), "{c} in {text}");
    }
    let data: Value = serde_json::from_str(text).unwrap();
    assert_eq!(
        data["entries"]["/definition/starter/"][2],
        "Flour and water kept alive between bakes; text such as </script> or <!-- and & \"quotes\" stays text."
    );
    // The page still ends as it should: the block closed where it was meant to.
    let after = &html[html.find(text).unwrap() + text.len()..];
    assert!(after.starts_with("</script>\n  <script src=\"/previews.js\" defer></script>"));
}

#[test]
fn previews_off_leave_no_data_and_no_script() {
    let site = common::fixture_site("previews");
    let config = site.path().join("glossa.toml");
    let text = read(&config).replace("[links]\n", "[links]\npreviews = false\n");
    std::fs::write(&config, text).unwrap();
    let out = build(site.path());
    for (rel, _) in common::files_under(&out) {
        if rel.ends_with(".html") {
            let html = read(&out.join(&rel));
            assert!(!html.contains("glossa-previews"), "{rel}");
            assert!(!html.contains("previews.js"), "{rel}");
        }
    }
    assert!(!out.join("previews.js").exists());
    // The links themselves are unchanged.
    let html = read(&out.join("term/levain/index.html"));
    assert!(html.contains("href=\"/definition/starter/\""));
    assert!(html.contains("href=\"../../definition/autolyse/\""));
}
