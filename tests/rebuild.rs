//! Rebuilds: nothing changed means nothing done; a change rebuilds the site but leaves
//! the files whose bytes did not change as they were (hard links, not rewrites); anything
//! that makes the recorded state untrustworthy means a full build.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn site(name: &str) -> tempfile::TempDir {
    common::fixture_site(name)
}

fn glossa(root: &Path) -> Command {
    let mut cmd = Command::cargo_bin("glossa").unwrap();
    cmd.arg("--root").arg(root);
    cmd
}

fn build(root: &Path) -> String {
    let out = glossa(root).arg("build").assert().success();
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(path).unwrap())
}

fn page(root: &Path, rel: &str) -> PathBuf {
    root.join("public").join(rel).join("index.html")
}

#[test]
fn a_second_build_with_nothing_changed_does_nothing() {
    let tmp = site("basic");
    let root = tmp.path();
    assert!(build(root).contains("built "));
    let before = std::fs::metadata(page(root, "term/liquidation")).unwrap();
    let second = build(root);
    assert!(second.contains("up to date:"), "{second}");
    assert!(second.contains("→ "), "the summary is replayed: {second}");
    let after = std::fs::metadata(page(root, "term/liquidation")).unwrap();
    assert_eq!(before.modified().unwrap(), after.modified().unwrap());
    // An option that changes the output is a change.
    let other = glossa(root)
        .args(["build", "--base-url", "https://elsewhere.test/"])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&other.get_output().stderr).into_owned();
    assert!(stderr.contains("built "), "{stderr}");
    assert!(std::fs::read_to_string(page(root, "term/liquidation"))
        .unwrap()
        .contains("https://elsewhere.test/"));
}

#[cfg(unix)]
#[test]
fn a_change_rewrites_changed_files_and_links_the_rest() {
    let tmp = site("basic");
    let root = tmp.path();
    build(root);
    let unrelated = page(root, "definition/bankruptcy-price");
    let changed = page(root, "definition/index-price");
    let (unrelated_ino, changed_ino) = (inode(&unrelated), inode(&changed));
    let entry = root.join("content/definitions/index-price.md");
    let text = std::fs::read_to_string(&entry).unwrap();
    std::fs::write(&entry, text.replace("no single venue", "no one venue")).unwrap();
    let out = build(root);
    assert!(out.contains("built "), "{out}");
    assert!(std::fs::read_to_string(&changed)
        .unwrap()
        .contains("no one venue"));
    assert_ne!(
        inode(&changed),
        changed_ino,
        "the changed page is rewritten"
    );
    assert_eq!(
        inode(&unrelated),
        unrelated_ino,
        "an unchanged page is the same file as before"
    );
    assert!(build(root).contains("up to date:"));
}

#[test]
fn a_tampered_output_is_rebuilt() {
    let tmp = site("basic");
    let root = tmp.path();
    build(root);
    let target = page(root, "term/liquidation");
    let good = std::fs::read(&target).unwrap();

    // Edited in place.
    std::fs::write(&target, "defaced").unwrap();
    assert!(build(root).contains("built "));
    assert_eq!(std::fs::read(&target).unwrap(), good);

    // Removed.
    std::fs::remove_file(&target).unwrap();
    assert!(build(root).contains("built "));
    assert_eq!(std::fs::read(&target).unwrap(), good);

    // A file someone added: the output is replaced as a whole, so the build refuses
    // rather than lose it, and builds again once it is moved away.
    let stray = root.join("public/stray.txt");
    std::fs::write(&stray, "stray").unwrap();
    glossa(root)
        .arg("build")
        .assert()
        .code(1)
        .stderr(predicates::str::contains("stray.txt"));
    assert_eq!(std::fs::read(&stray).unwrap(), b"stray");
    std::fs::remove_file(&stray).unwrap();
    assert!(build(root).contains("up to date:"));

    // The search index removed.
    std::fs::remove_dir_all(root.join(".glossa/index")).unwrap();
    assert!(build(root).contains("built "));
    assert!(root.join(".glossa/index/search/index.json").is_file());

    // A corrupt manifest is only a cache miss.
    std::fs::write(root.join(".glossa/build.json"), "{ not json").unwrap();
    assert!(build(root).contains("built "));
    assert!(build(root).contains("up to date:"));
}

#[test]
fn warnings_are_reported_again_when_nothing_changed() {
    let tmp = site("basic");
    let root = tmp.path();
    std::fs::write(
        root.join("content/terms/lonely.md"),
        "+++\ntitle = \"Lonely\"\ndescription = \"Points nowhere.\"\nrelated = [\"nowhere-at-all\"]\n+++\nText.\n",
    )
    .unwrap();
    for expect in ["built ", "up to date:"] {
        glossa(root)
            .arg("build")
            .assert()
            .success()
            .stderr(predicate::str::contains(expect))
            .stderr(predicate::str::contains("unknown slug `nowhere-at-all`"))
            .stderr(predicate::str::contains("content/terms/lonely.md:4:"))
            .stderr(predicate::str::contains("1 warnings"));
    }
}

#[test]
fn a_failed_build_records_nothing_and_the_fix_builds() {
    let tmp = site("basic");
    let root = tmp.path();
    build(root);
    let manifest = std::fs::read(root.join(".glossa/build.json")).unwrap();
    let broken = root.join("content/terms/broken.md");
    std::fs::write(&broken, "+++\ntitle = \"Broken\"\ndate = 2026-02-30\n+++\n").unwrap();
    glossa(root).arg("build").assert().code(1);
    assert_eq!(
        std::fs::read(root.join(".glossa/build.json")).unwrap(),
        manifest
    );
    std::fs::remove_file(&broken).unwrap();
    // Back to the recorded inputs: nothing to do.
    assert!(build(root).contains("up to date:"));
}

#[test]
fn a_template_override_is_a_change() {
    let tmp = site("basic");
    let root = tmp.path();
    build(root);
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/404.html"),
        "<!doctype html><title>gone</title>",
    )
    .unwrap();
    assert!(build(root).contains("built "));
    assert_eq!(
        std::fs::read_to_string(root.join("public/404.html")).unwrap(),
        "<!doctype html><title>gone</title>"
    );
}
