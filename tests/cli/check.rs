//! `glossa check`: every problem at its place, JSON for editors, levels from the configuration.

use predicates::prelude::*;

use crate::{fixture, glossa, read, site};

/// One of each problem `check` knows, each reported at its line and column in one run.
#[test]
fn check_reports_every_problem_at_once() {
    let assert = glossa(&fixture("problems")).arg("check").assert().code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    for (code, place) in [
        ("empty-area", "content/areas/empty.md:2:10"),
        (
            "duplicate-title",
            "content/definitions/index-price-copy.md:2:10",
        ),
        (
            "alias-clash",
            "content/definitions/index-price-copy.md:4:13",
        ),
        (
            "ambiguous-autolink",
            "content/definitions/index-price-copy.md:4:27",
        ),
        ("empty-description", "content/definitions/lonely.md:3:1"),
        ("orphan", "content/definitions/lonely.md:2:10"),
        ("long-description", "content/definitions/wordy.md:3:16"),
        ("front-matter", "content/terms/broken.md:2:16"),
        ("front-matter", "content/terms/essay.md:3:1"),
        ("broken-link", "content/terms/mark-price.md:5:28"),
        ("broken-link", "content/terms/mark-price.md:6:19"),
        ("duplicate-slug", "content/terms/nested/dup.md:1:1"),
    ] {
        let expected = format!("[{code}]");
        let found = stderr
            .lines()
            .zip(stderr.lines().skip(1))
            .any(|(a, b)| a.contains(&expected) && b.contains(place));
        assert!(found, "{code} at {place} missing in:\n{stderr}");
    }
    assert!(stderr.contains("did you mean `mark-price`?"));
    assert!(stderr.contains("unknown kind `essay`"));
    // A caret under the offending text.
    assert!(stderr.contains("related = [\"index-price\", \"mark-prise\"]"));
    assert!(stderr.contains("^^^^^^^^^^"));
    assert!(stderr.contains("3 errors, 9 warnings"), "{stderr}");
}

#[test]
fn check_json_for_editors_and_levels_from_config() {
    let tmp = site("problems");
    let assert = glossa(tmp.path())
        .args(["check", "--format", "json"])
        .assert()
        .code(2);
    let doc: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(doc["errors"], 3);
    assert_eq!(doc["warnings"], 9);
    let orphan = doc["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "orphan")
        .unwrap();
    assert_eq!(orphan["path"], "content/definitions/lonely.md");
    assert_eq!(orphan["location"]["line"], 2);
    assert_eq!(orphan["location"]["column"], 10);
    assert_eq!(orphan["severity"], "warning");

    let config = read(tmp.path().join("glossa.toml"));
    std::fs::write(
        tmp.path().join("glossa.toml"),
        format!("{config}\n[check.levels]\norphan = \"error\"\nlong-description = \"allow\"\n"),
    )
    .unwrap();
    let assert = glossa(tmp.path())
        .args(["check", "--format", "json"])
        .assert()
        .code(2);
    let doc: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(doc["errors"], 4);
    assert_eq!(doc["warnings"], 7);

    std::fs::write(
        tmp.path().join("glossa.toml"),
        format!("{config}\n[check.levels]\norphans = \"error\"\n"),
    )
    .unwrap();
    glossa(tmp.path())
        .arg("check")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown problem code `orphans`"));
}

#[test]
fn check_is_clean_on_a_clean_site_and_writes_nothing() {
    let tmp = site("basic");
    glossa(tmp.path())
        .arg("check")
        .assert()
        .code(0)
        .stderr(predicate::str::contains("no problems found"));
    assert!(!tmp.path().join("public").exists());
}

#[test]
fn every_problem_code_can_be_silenced() {
    let tmp = site("problems");
    let config = read(tmp.path().join("glossa.toml"));
    let levels: String = glossa::diagnostics::Code::ALL
        .iter()
        .map(|c| format!("{c} = \"allow\"\n"))
        .collect();
    std::fs::write(
        tmp.path().join("glossa.toml"),
        format!("{config}\n[check.levels]\n{levels}"),
    )
    .unwrap();
    let assert = glossa(tmp.path())
        .args(["check", "--format", "json"])
        .assert()
        .code(0);
    let doc: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(doc["errors"], 0, "{doc}");
    assert_eq!(doc["warnings"], 0, "{doc}");
}
