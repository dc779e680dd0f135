//! The API: `/api/search` answering as `glossa search --json` does, and the JSON API, both following edits.

use std::path::Path;

use crate::{common, wait_until, Server};

/// `glossa search --json` on an index built for the same base URL.
fn cli_search(root: &Path, args: &[&str]) -> String {
    let out = common::run_glossa(
        ["--root", root.to_str().unwrap(), "search", "--json"]
            .iter()
            .chain(args),
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn api_search_answers_as_glossa_search_json_does() {
    let s = Server::start();
    let base = format!("http://127.0.0.1:{}/", s.port);
    common::run_glossa([
        "--root",
        s.root.to_str().unwrap(),
        "--base-url",
        &base,
        "-q",
        "build",
    ]);
    for (query, args, extra) in [
        ("margin", vec!["margin"], ""),
        ("position", vec!["position", "--limit", "2"], "&limit=2"),
        (
            "spot index",
            vec!["spot index", "--kind", "definition"],
            "&kind=definition",
        ),
        ("\"spot index\"", vec!["\"spot index\""], ""),
        ("liquidaton", vec!["liquidaton"], ""),
        ("nothingmatches", vec!["nothingmatches"], ""),
    ] {
        let q: String =
            percent_encoding::utf8_percent_encode(query, percent_encoding::NON_ALPHANUMERIC)
                .to_string();
        let r = s.get(&format!("/api/search?q={q}{extra}"));
        assert_eq!(r.status, 200, "{query}: {}", r.text());
        assert_eq!(r.header("content-type"), "application/json");
        assert_eq!(r.text(), cli_search(&s.root, &args), "{query}");
    }
    // Bounded: query length, result count; invalid input is a 4xx with a message.
    let long = "a".repeat(2000);
    let r = s.get(&format!("/api/search?q={long}"));
    assert_eq!(r.status, 414, "{}", r.text());
    let r = s.get("/api/search?q=margin&limit=1000");
    assert_eq!(r.status, 200);
    let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert!(v["results"].as_array().unwrap().len() <= 50);
    for bad in [
        "/api/search",
        "/api/search?q=%22open",
        "/api/search?q=margin&kind=planet",
        "/api/search?q=margin&limit=0",
        "/api/search?q=margin&limit=x",
    ] {
        let r = s.get(bad);
        assert_eq!(r.status, 400, "{bad}: {}", r.text());
        let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        assert!(v["error"].is_string(), "{bad}");
    }
    let huge = format!("/{}", "x".repeat(5000));
    assert_eq!(s.get(&huge).status, 414);
}

#[test]
fn an_edit_reaches_api_search() {
    let s = Server::start();
    let text = s.read("content/definitions/spot-index.md")
        + "\nVenues include the zyzzyvanian exchange.\n";
    s.edit("content/definitions/spot-index.md", &text);
    assert!(wait_until(|| {
        let v: serde_json::Value =
            serde_json::from_slice(&s.get("/api/search?q=zyzzyvanian").body).unwrap();
        v["results"][0]["id"] == "definition-spot-index"
    }));
}

#[test]
fn removing_every_entry_empties_api_search_and_adding_one_back_fills_it() {
    let s = Server::start();
    let found = |q: &str| -> usize {
        let v: serde_json::Value =
            serde_json::from_slice(&s.get(&format!("/api/search?q={q}")).body).unwrap();
        v["results"].as_array().map_or(0, Vec::len)
    };
    assert!(found("margin") > 0);
    let mut removed = Vec::new();
    for kind in ["terms", "definitions", "areas"] {
        for item in std::fs::read_dir(s.root.join("content").join(kind)).unwrap() {
            let path = item.unwrap().path();
            removed.push((path.clone(), std::fs::read_to_string(&path).unwrap()));
            std::fs::remove_file(path).unwrap();
        }
    }
    assert!(
        wait_until(|| found("margin") == 0 && found("liquidation") == 0),
        "removed entries are still found"
    );
    assert_eq!(s.get("/term/margin/").status, 404);
    let (path, text) = removed
        .iter()
        .find(|(p, _)| p.ends_with("terms/margin.md"))
        .unwrap();
    std::fs::write(path, text).unwrap();
    assert!(
        wait_until(|| found("margin") == 1),
        "an entry added back is found"
    );
    let v: serde_json::Value =
        serde_json::from_slice(&s.get("/api/search?q=liquidation").body).unwrap();
    let ids: Vec<&str> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(ids.iter().all(|id| *id == "term-margin"), "{ids:?}");
}

#[test]
fn the_json_api_is_served_and_follows_edits() {
    let s = Server::start();
    let list = s.get("/api/terms.json");
    assert_eq!(list.status, 200);
    assert!(
        list.header("content-type").contains("json"),
        "{:?}",
        list.headers
    );
    let doc: serde_json::Value = serde_json::from_slice(&list.body).unwrap();
    let margin = &doc["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "term/margin")
        .unwrap()["url"];
    assert_eq!(*margin, format!("http://127.0.0.1:{}/term/margin/", s.port));
    let text = s
        .read("content/terms/margin.md")
        .replace("Collateral set aside", "Funds set aside");
    s.edit("content/terms/margin.md", &text);
    assert!(
        wait_until(
            || s.text("/api/term/margin.json").contains("Funds set aside")
                && s.text("/api/terms.json").contains("Funds set aside")
        ),
        "the API never changed; stderr:\n{}",
        s.stderr()
    );
}
