//! `glossa build`: the files it writes, drafts, determinism, and bad input that leaves the last output alone.

use assert_cmd::Command;
use predicates::prelude::*;

use crate::{glossa, read, site, tree};

#[test]
fn build_writes_every_page_kind() {
    let tmp = site("basic");
    glossa(tmp.path())
        .arg("build")
        .assert()
        .success()
        .stderr(predicate::str::is_match(
            r"built 5 entries \(2 terms, 2 definitions, 1 areas\) → \d+ pages, \d+ files, \d+ links, 0 warnings, 0 errors in \d+ ms",
        )
        .unwrap());
    let out = tmp.path().join("public");
    for file in [
        "index.html",
        "term/index.html",
        "definition/index.html",
        "area/index.html",
        "term/liquidation/index.html",
        "term/mark-price/index.html",
        "definition/index-price/index.html",
        "area/risk/index.html",
        "area/risk/page/2/index.html",
        "glossary/index.html",
        "search/index.html",
        "404.html",
        "sitemap.xml",
        "atom.xml",
        "robots.txt",
        "style.css",
        "favicon.svg",
        "images/liquidation.svg",
    ] {
        assert!(out.join(file).is_file(), "missing {file}");
    }
    assert!(
        !out.join("definition/unfinished").exists(),
        "drafts are left out"
    );
    assert!(!out.join("area/risk/page/3").exists());

    let area = read(out.join("area/risk/index.html"));
    assert!(area.contains("What is the Mechanism of Risk?"));
    assert!(
        area.contains("href=\"/area/risk/page/2/\""),
        "pagination links to page 2"
    );
    let sitemap = read(out.join("sitemap.xml"));
    assert!(sitemap.contains("<loc>https://fixture.test/term/liquidation/</loc>"));
    assert!(sitemap.contains("<lastmod>2026-02-01</lastmod>"));
    assert!(!sitemap.contains("404.html"));
    let feed = read(out.join("atom.xml"));
    assert!(
        feed.contains("<id>https://fixture.test/term/liquidation/</id>")
            || feed.contains("https://fixture.test/term/liquidation/")
    );
    assert!(feed.contains("2026-02-01T00:00:00Z"));
    assert!(read(out.join("robots.txt")).contains("Sitemap: https://fixture.test/sitemap.xml"));
}

#[test]
fn drafts_are_built_on_request() {
    let tmp = site("basic");
    glossa(tmp.path())
        .args(["build", "--drafts"])
        .assert()
        .success();
    assert!(tmp
        .path()
        .join("public/definition/unfinished/index.html")
        .is_file());
}

#[test]
fn builds_are_deterministic() {
    let tmp = site("basic");
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    glossa(tmp.path())
        .arg("build")
        .arg("-o")
        .arg(&a)
        .assert()
        .success();
    glossa(tmp.path())
        .arg("build")
        .arg("-o")
        .arg(&b)
        .assert()
        .success();
    let (ta, tb) = (tree(&a), tree(&b));
    assert!(ta.len() > 15);
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (k, v) in &ta {
        assert!(v == &tb[k], "{k} differs between two builds");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_intact() {
    let tmp = site("basic");
    glossa(tmp.path()).arg("build").assert().success();
    let out = tmp.path().join("public");
    let before = tree(&out);
    std::fs::write(
        tmp.path().join("content/terms/broken.md"),
        "+++\ntitle = \"Broken\"\ndate = 2026-02-30\n+++\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("content/terms/liquidation.md"),
        "+++\ntitle = \"Changed\"\n+++\n",
    )
    .unwrap();
    glossa(tmp.path())
        .arg("build")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("content/terms/broken.md:3:"))
        .stderr(predicate::str::contains("left unchanged"));
    assert_eq!(
        tree(&out),
        before,
        "public/ must be byte-for-byte unchanged"
    );
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folder removed: {leftovers:?}"
    );
}

#[test]
fn every_bad_input_is_reported_with_file_and_line_and_the_rest_still_builds() {
    let tmp = site("basic");
    let terms = tmp.path().join("content/terms");
    let write = |name: &str, text: &[u8]| std::fs::write(terms.join(name), text).unwrap();
    write(
        "malformed.md",
        b"+++\ntitle = \"Unclosed\ndate = 2026-01-01\n+++\n",
    );
    write("no-title.md", b"+++\ndescription = \"no title\"\n+++\n");
    write(
        "bad-date.md",
        b"+++\ntitle = \"Bad date\"\ndate = \"yesterday\"\n+++\n",
    );
    write(
        "bad-slug.md",
        b"+++\ntitle = \"Bad slug\"\nslug = \"../../etc/passwd\"\n+++\n",
    );
    write(
        "bad-kind.md",
        b"+++\ntitle = \"Bad kind\"\nkind = \"essay\"\n+++\n",
    );
    write("binary.md", b"+++\ntitle = \"\xff\xfe\"\n+++\n");
    write("unclosed.md", b"+++\ntitle = \"Never closed\"\n");
    std::fs::write(
        tmp.path().join("content/stray.md"),
        "+++\ntitle = \"Stray\"\n+++\n",
    )
    .unwrap();
    let assert = glossa(tmp.path()).arg("build").assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    for expected in [
        "content/terms/malformed.md:2:",
        "content/terms/no-title.md:2:",
        "missing `title`",
        "content/terms/bad-date.md:3:",
        "not a valid date",
        "content/terms/bad-slug.md:3:",
        "invalid slug",
        "content/terms/bad-kind.md:3:",
        "unknown kind `essay`",
        "content/terms/binary.md",
        "not valid UTF-8",
        "content/terms/unclosed.md:1:",
        "never closed",
        "content/stray.md",
        "cannot tell this entry's kind",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
    // The good entries were still rendered (into staging): the summary counts them.
    assert!(stderr.contains("failed: 5 entries"), "{stderr}");
    assert!(
        !tmp.path().join("public").exists(),
        "no output without a successful build"
    );
    assert!(!stderr.contains("panicked"));
}

#[test]
fn unknown_config_key_names_the_key_and_line() {
    let tmp = site("basic");
    let config = read(tmp.path().join("glossa.toml"));
    std::fs::write(
        tmp.path().join("glossa.toml"),
        format!("{config}\n[links]\nmax_links = 4\n"),
    )
    .unwrap();
    glossa(tmp.path())
        .arg("build")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "unknown configuration key `max_links`",
        ))
        .stderr(predicate::str::contains("glossa.toml:10:"));
}

#[test]
fn root_is_found_upward_from_a_subfolder() {
    let tmp = site("basic");
    Command::cargo_bin("glossa")
        .unwrap()
        .current_dir(tmp.path().join("content/terms"))
        .arg("build")
        .assert()
        .success();
    assert!(tmp.path().join("public/index.html").is_file());
}

#[test]
fn refuses_to_replace_a_folder_that_is_not_a_build() {
    let tmp = site("basic");
    let out = tmp.path().join("mine");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("thesis.txt"), "precious").unwrap();
    glossa(tmp.path())
        .arg("build")
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("refusing to replace"));
    assert_eq!(read(out.join("thesis.txt")), "precious");
}
