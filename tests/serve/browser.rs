//! An open page in headless Chromium: it reloads after an edit, shows a broken edit's error, searches through `/api/search`.

use std::process::Command;

use crate::{common, Server};

#[test]
fn an_open_page_reloads_after_an_edit_in_headless_chromium() {
    let js = common::ensure_node_tools();
    let s = Server::start();
    let file = s.root.join("content/terms/margin.md");
    let good = s.read("content/terms/margin.md");
    let spec = serde_json::json!({
        "base": format!("http://127.0.0.1:{}/", s.port),
        "page": "/term/margin/",
        "file": file,
        "from": "Margin is the deposit",
        "to": "Margin, edited while open in Chromium, is the deposit",
        "broken": good.replace("title = \"Margin\"", "title = "),
        "search": "margin",
    });
    let dir = tempfile::tempdir().unwrap();
    let spec_path = dir.path().join("spec.json");
    std::fs::write(&spec_path, spec.to_string()).unwrap();
    let out = Command::new(common::require_node())
        .arg(js.join("serve-reload.mjs"))
        .arg(&spec_path)
        .output()
        .expect("failed to run node tests/js/serve-reload.mjs");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "no report ({e}); stderr:\n{}\nserver:\n{}",
            String::from_utf8_lossy(&out.stderr),
            s.stderr()
        )
    });
    assert_eq!(report["errors"], serde_json::json!([]), "{report:#}");
    assert_eq!(report["reloaded"], true, "{report:#}");
    assert_eq!(report["loads"], 1, "one reload: {report:#}");
    let overlay = report["overlay"].as_str().unwrap_or_default();
    assert!(overlay.contains("content/terms/margin.md"), "{report:#}");
    let body = report["bodyWhileBroken"].as_str().unwrap_or_default();
    assert!(body.contains("edited while open in Chromium"), "{report:#}");
    assert_eq!(report["overlayCleared"], true, "{report:#}");
    // The search page asks /api/search and fetches no static index shards.
    let results: Vec<&str> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(results.first(), Some(&"/term/margin/"), "{report:#}");
    let fetched: Vec<&str> = report["fetched"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(fetched.contains(&"/api/search"), "{fetched:?}");
    assert!(
        !fetched
            .iter()
            .any(|p| p.starts_with("/search/") && p.len() > "/search/".len()),
        "{fetched:?}"
    );
}
