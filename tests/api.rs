//! The JSON API a build writes: `api/terms.json` (every entry, documented fields) and
//! `api/<kind>/<slug>.json` per entry, kept out of the sitemap; links to them pass the
//! link check; a static file that would replace one is refused.

mod common;

use std::path::Path;

use serde_json::Value;

fn built() -> tempfile::TempDir {
    let site = common::fixture_site("basic");
    common::run_glossa(["--root", site.path().to_str().unwrap(), "build", "-q"]);
    site
}

fn json(site: &Path, rel: &str) -> Value {
    let text = std::fs::read_to_string(site.join("public").join(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"));
    serde_json::from_str(&text).unwrap()
}

#[test]
fn terms_json_lists_every_entry_with_its_fields() {
    let site = built();
    let doc = json(site.path(), "api/terms.json");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["site"]["title"], "Fixture Glossary");
    assert_eq!(doc["site"]["url"], "https://fixture.test/");
    assert_eq!(doc["site"]["language"], "en");
    let entries = doc["entries"].as_array().unwrap();
    // Every published entry (the draft is left out), in title order.
    let pages = common::files_with_ext(&site.path().join("public/term"), &["html"]).len()
        + common::files_with_ext(&site.path().join("public/definition"), &["html"]).len();
    assert!(
        entries.len() >= 5 && doc["count"] == entries.len(),
        "{doc:#}"
    );
    assert!(pages >= 4);
    assert!(!entries.iter().any(|e| e["slug"] == "unfinished"));
    let titles: Vec<String> = entries
        .iter()
        .map(|e| e["title"].as_str().unwrap().to_lowercase())
        .collect();
    let mut sorted = titles.clone();
    sorted.sort();
    assert_eq!(titles, sorted);
    for e in entries {
        let keys: Vec<&String> = e.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "aliases",
                "areas",
                "description",
                "id",
                "kind",
                "related",
                "slug",
                "title",
                "url"
            ],
            "{e}"
        );
        let id = format!(
            "{}/{}",
            e["kind"].as_str().unwrap(),
            e["slug"].as_str().unwrap()
        );
        assert_eq!(e["id"], id.as_str());
        assert_eq!(e["url"], format!("https://fixture.test/{id}/").as_str());
        assert!(site
            .path()
            .join(format!("public/{id}/index.html"))
            .is_file());
        assert!(site.path().join(format!("public/api/{id}.json")).is_file());
        for other in e["related"]
            .as_array()
            .unwrap()
            .iter()
            .chain(e["areas"].as_array().unwrap())
        {
            let other = other.as_str().unwrap();
            assert!(entries.iter().any(|x| x["id"] == other), "{other}");
        }
    }
    // Related both ways, as the pages list them; areas by membership.
    let liq = entries
        .iter()
        .find(|e| e["id"] == "term/liquidation")
        .unwrap();
    assert!(
        liq["areas"]
            .as_array()
            .unwrap()
            .contains(&"area/risk".into()),
        "{liq}"
    );
}

#[test]
fn each_entry_has_a_small_file_and_none_is_in_the_sitemap() {
    let site = built();
    let detail = json(site.path(), "api/term/liquidation.json");
    assert_eq!(detail["version"], 1);
    assert_eq!(detail["id"], "term/liquidation");
    assert_eq!(detail["url"], "https://fixture.test/term/liquidation/");
    for key in [
        "title",
        "description",
        "aliases",
        "date",
        "updated",
        "areas",
        "related",
    ] {
        assert!(detail.get(key).is_some(), "{key} missing: {detail}");
    }
    let area = &detail["areas"][0];
    assert_eq!(area["id"], "area/risk");
    assert_eq!(area["url"], "https://fixture.test/area/risk/");
    assert!(area["title"].is_string());
    let sitemap = std::fs::read_to_string(site.path().join("public/sitemap.xml")).unwrap();
    assert!(!sitemap.contains("/api/"), "{sitemap}");
}

#[test]
fn links_to_the_api_pass_and_a_static_file_may_not_replace_it() {
    let site = common::fixture_site("basic");
    let page = site.path().join("content/terms/liquidation.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        format!(
            "{text}\nData: [all terms](/api/terms.json), [this one](/api/term/liquidation.json).\n"
        ),
    )
    .unwrap();
    let out = common::glossa()
        .args([
            "--root",
            site.path().to_str().unwrap(),
            "check",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let broken: Vec<&Value> = doc["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["code"] == "broken-link")
        .collect();
    assert!(broken.is_empty(), "{broken:#?}");
    std::fs::create_dir_all(site.path().join("static/api")).unwrap();
    std::fs::write(site.path().join("static/api/terms.json"), "{}").unwrap();
    let out = common::glossa()
        .args(["--root", site.path().to_str().unwrap(), "build"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("static/api/terms.json would replace a page glossa generates"),
        "{err}"
    );
}

#[test]
fn the_api_can_be_turned_off() {
    let site = common::fixture_site("basic");
    let config = site.path().join("glossa.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}\n[api]\nenabled = false\n")).unwrap();
    common::run_glossa(["--root", site.path().to_str().unwrap(), "build", "-q"]);
    assert!(site.path().join("public/index.html").is_file());
    assert!(!site.path().join("public/api").exists());
}
