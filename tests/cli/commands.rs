//! `glossa init`, `glossa new`, `glossa export schema`, and the binary's allocator settings.

use assert_cmd::Command;
use predicates::prelude::*;

use crate::{glossa, jsonld, read, site};

#[test]
fn init_scaffolds_a_site_that_builds_and_refuses_non_empty_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new-site");
    Command::cargo_bin("glossa")
        .unwrap()
        .arg("init")
        .arg(&dir)
        .assert()
        .success();
    assert!(dir.join("glossa.toml").is_file());
    glossa(&dir)
        .arg("build")
        .assert()
        .success()
        .stderr(predicate::str::contains("0 warnings"));
    assert!(dir.join("public/area/margin/index.html").is_file());

    Command::cargo_bin("glossa")
        .unwrap()
        .arg("init")
        .arg(&dir)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not empty"));
    Command::cargo_bin("glossa")
        .unwrap()
        .args(["init", "--force"])
        .arg(&dir)
        .assert()
        .success();
}

#[test]
fn new_writes_a_draft_at_the_right_path() {
    let tmp = site("basic");
    glossa(tmp.path())
        .args(["new", "term", "Funding Rate (Perpetuals)"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "content/terms/funding-rate-perpetuals.md",
        ));
    let text = read(tmp.path().join("content/terms/funding-rate-perpetuals.md"));
    assert!(text.contains("title = \"Funding Rate (Perpetuals)\""));
    assert!(text.contains("draft = true"));
    glossa(tmp.path())
        .args(["new", "area", "Oracles"])
        .assert()
        .success();
    glossa(tmp.path())
        .args(["new", "definition", "Index Price"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists"));
    glossa(tmp.path())
        .args(["build", "--drafts"])
        .assert()
        .success();
    assert!(tmp
        .path()
        .join("public/term/funding-rate-perpetuals/index.html")
        .is_file());
    let area = read(tmp.path().join("public/area/oracles/index.html"));
    assert_eq!(
        jsonld(&area)
            .iter()
            .filter(|b| b["@type"] == "FAQPage")
            .count(),
        1,
        "new areas have FAQ questions"
    );
}

#[test]
fn export_schema_graph_and_ndjson() {
    let tmp = site("basic");
    let assert = glossa(tmp.path())
        .args(["export", "schema"])
        .assert()
        .success();
    let graph: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(graph["@context"], "https://schema.org");
    let nodes = graph["@graph"].as_array().unwrap();
    let ids: Vec<&str> = nodes.iter().map(|n| n["@id"].as_str().unwrap()).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "deduplicated by @id");
    let types = |t: &str| nodes.iter().filter(|n| n["@type"] == t).count();
    assert_eq!(types("WebSite"), 1);
    assert_eq!(types("DefinedTermSet"), 1);
    assert_eq!(types("Article"), 2);
    assert_eq!(types("DefinedTerm"), 2);
    assert_eq!(types("FAQPage"), 1);
    let set = nodes
        .iter()
        .find(|n| n["@type"] == "DefinedTermSet")
        .unwrap();
    assert_eq!(
        set["hasDefinedTerm"].as_array().unwrap().len(),
        4,
        "merged from home and the A–Z page"
    );
    assert!(set["description"].is_string());

    // The export holds exactly the nodes the pages carry.
    glossa(tmp.path()).arg("build").assert().success();
    let page = read(tmp.path().join("public/term/liquidation/index.html"));
    let article = jsonld(&page)
        .into_iter()
        .find(|b| b["@type"] == "Article")
        .unwrap();
    let exported = nodes.iter().find(|n| n["@id"] == article["@id"]).unwrap();
    let mut on_page = article.clone();
    on_page.as_object_mut().unwrap().remove("@context");
    assert_eq!(exported, &on_page);

    let file = tmp.path().join("schema.ndjson");
    glossa(tmp.path())
        .args(["export", "schema", "--format", "ndjson", "-o"])
        .arg(&file)
        .assert()
        .success();
    let lines: Vec<serde_json::Value> = read(&file)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), nodes.len());
    assert!(lines.iter().all(|l| l["@context"] == "https://schema.org"));
}

/// The binary allocates with mimalloc built to commit arena memory as it is used
/// (`.cargo/config.toml`): committing whole arenas up front puts a 10,000-entry build over
/// its peak-memory target.
#[test]
fn the_allocator_commits_memory_as_it_is_used() {
    let out = Command::cargo_bin("glossa")
        .unwrap()
        .arg("--version")
        .env("MIMALLOC_VERBOSE", "1")
        .env_remove("MIMALLOC_ARENA_EAGER_COMMIT")
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("option 'arena_eager_commit': 0"),
        "mimalloc's options: {stderr}"
    );
}
