//! 2. JSON-LD in the pages and from `glossa export schema` type-checked against schema.org.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{ensure_node_tools, run_jsonld_checker};
use crate::helpers::assert_no_problems;
use crate::{exported_schema, sites, Site};

fn assert_jsonld_checker_passes(what: &str, args: &[&Path]) {
    let output = run_jsonld_checker(args);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{what} does not type-check against schema.org (check-jsonld exited with {}):\n{stderr}{stdout}",
        output.status
    );
    assert!(
        stdout.contains("check-jsonld: OK:"),
        "unexpected check-jsonld output:\n{stdout}{stderr}"
    );
}

fn assert_jsonld_checker_rejects(fixture: &str, expected: &[&str]) {
    let path = ensure_node_tools().join("fixtures").join(fixture);
    let output = run_jsonld_checker([&path]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "check-jsonld must reject {fixture}:\n{stderr}"
    );
    for e in expected {
        assert!(
            stderr.contains(e),
            "check-jsonld's report on {fixture} lacks {e:?}:\n{stderr}"
        );
    }
}

#[test]
fn jsonld_checker_self_test_rejects_unknown_type() {
    assert_jsonld_checker_rejects(
        "bad-type.jsonld",
        &["unknown schema.org type \"GlossaryEntry\"", "TS2305"],
    );
}

#[test]
fn jsonld_checker_self_test_rejects_unknown_property() {
    assert_jsonld_checker_rejects(
        "bad-prop.jsonld",
        &["at /definitionText", "TS2353", "source line 6"],
    );
}

#[test]
fn jsonld_checker_self_test_accepts_valid_nodes() {
    let fixtures = ensure_node_tools().join("fixtures");
    let files = [
        "good.jsonld",
        "good-page.html",
        "good-graph.json",
        "good.ndjson",
    ]
    .map(|f| fixtures.join(f));
    assert_jsonld_checker_passes(
        "fixtures",
        &files.iter().map(PathBuf::as_path).collect::<Vec<_>>(),
    );
}

#[test]
fn jsonld_in_pages_matches_schema_org() {
    for site in sites() {
        eprintln!("checking the {} site", site.name);
        jsonld_in_pages_matches_schema_org_on(site);
    }
}

fn jsonld_in_pages_matches_schema_org_on(site: &Site) {
    let list = site.dir.path().join("pages.txt");
    let names: Vec<String> = site
        .pages
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    std::fs::write(&list, names.join("\n")).unwrap();
    assert_jsonld_checker_passes(
        "JSON-LD in the built pages",
        &["--files-from".as_ref(), list.as_path()],
    );
}

#[test]
fn export_schema_graph_matches_schema_org() {
    let file = exported_schema("graph");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap())
        .unwrap_or_else(|e| panic!("`export schema --format graph` is not valid JSON: {e}"));
    assert_eq!(
        doc.get("@context"),
        Some(&Value::from("https://schema.org")),
        "graph export lacks the schema.org @context"
    );
    assert!(
        doc.get("@graph")
            .and_then(Value::as_array)
            .is_some_and(|g| !g.is_empty()),
        "graph export has no non-empty @graph array"
    );
    assert_jsonld_checker_passes("`glossa export schema --format graph`", &[file]);
}

#[test]
fn export_schema_ndjson_matches_schema_org() {
    let file = exported_schema("ndjson");
    let text = std::fs::read_to_string(file).unwrap();
    let mut problems = Vec::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        match serde_json::from_str::<Value>(line) {
            Ok(v) if v.get("@context") == Some(&Value::from("https://schema.org")) => {}
            Ok(_) => problems.push(format!(
                "line {}: node without \"@context\": \"https://schema.org\"",
                i + 1
            )),
            Err(e) => problems.push(format!("line {}: invalid JSON: {e}", i + 1)),
        }
    }
    assert_no_problems("`glossa export schema --format ndjson`", &problems);
    assert_jsonld_checker_passes("`glossa export schema --format ndjson`", &[file]);
}
