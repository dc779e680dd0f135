//! `glossa import` of other generators' pages is safe to run on a real site: importing
//! twice changes nothing, nothing is written outside `content/` (and the input is never
//! touched), a hand-written entry is replaced only with `--force`, `--dry-run` writes
//! nothing, template syntax left is reported with file and line, and hostile input is a
//! skipped file or a warning with its line, never a crash.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

const SHAPES: &[&[&str]] = &[
    &["tests/fixtures/foreign/hugo/content/glossary"],
    &["tests/fixtures/foreign/zola/content/glossary"],
    &["tests/fixtures/foreign/jekyll/_glossary"],
    &["tests/fixtures/foreign/docusaurus/docs/glossary"],
    &["tests/fixtures/foreign/mkdocs/docs"],
    &[
        "tests/fixtures/foreign/mdn/files/en-us/glossary",
        "tests/fixtures/foreign/mdn/files/en-us/_redirects.txt",
    ],
];

fn empty_site() -> tempfile::TempDir {
    common::site_with_config("title = \"Imported\"\n")
}

/// Every file under `dir` with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    common::files_under(dir)
        .into_iter()
        .map(|(rel, e)| (rel, std::fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn importing_twice_changes_nothing() {
    for args in SHAPES {
        let site = empty_site();
        let first = common::import_ok(site.path(), args);
        let before = tree(site.path());
        let second = common::import_ok(site.path(), args);
        assert_eq!(tree(site.path()), before, "{args:?}: files changed");
        let made = before.keys().filter(|k| k.ends_with(".md")).count();
        assert!(
            second.contains(&format!("unchanged  {made}, updated 0")),
            "{args:?}: {second}\n(first:\n{first})"
        );
        assert!(second.contains("made       0 terms, 0 definitions, 0 areas"));
    }
}

#[test]
fn nothing_is_written_outside_content_and_the_input_is_untouched() {
    let fixtures = common::repo_root().join("tests/fixtures/foreign");
    let input_before = tree(&fixtures);
    for args in SHAPES {
        let site = empty_site();
        common::import_ok(site.path(), args);
        for rel in tree(site.path()).keys() {
            assert!(
                rel == "glossa.toml" || rel.starts_with("content/"),
                "{args:?} wrote {rel}"
            );
        }
    }
    assert_eq!(tree(&fixtures), input_before, "the input changed");
}

#[test]
fn hand_written_entries_are_kept_unless_forced() {
    let site = empty_site();
    let mine = site.path().join("content/definitions/mark-price.md");
    std::fs::create_dir_all(mine.parent().unwrap()).unwrap();
    let text = "+++\ntitle = \"Mark Price\"\ndescription = \"Written by hand.\"\n+++\nMine.\n";
    std::fs::write(&mine, text).unwrap();
    let args = ["tests/fixtures/foreign/hugo/content/glossary"];
    let report = common::import_ok(site.path(), &args);
    assert!(
        report.contains("(definition/mark-price): a hand-written entry exists"),
        "{report}"
    );
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), text);
    // Links to it still point at it.
    let perp = std::fs::read_to_string(site.path().join("content/definitions/perpetual-future.md"))
        .unwrap();
    assert!(perp.contains("(/definition/mark-price/)"));
    common::import_ok(
        site.path(),
        &["tests/fixtures/foreign/hugo/content/glossary", "--force"],
    );
    let replaced = std::fs::read_to_string(&mine).unwrap();
    assert!(
        replaced.contains("source_url = \"hugo:mark-price.md\""),
        "{replaced}"
    );
}

#[test]
fn dry_run_writes_nothing() {
    let site = empty_site();
    let report = common::import_ok(
        site.path(),
        &[
            "tests/fixtures/foreign/mdn/files/en-us/glossary",
            "--dry-run",
        ],
    );
    assert!(report.starts_with("would import"), "{report}");
    assert_eq!(tree(site.path()).len(), 1);
}

#[test]
fn template_syntax_left_is_reported_with_its_line() {
    // The Hugo glossary alone: no `hugo.toml` above it, so `param` has no value.
    let input = tempfile::tempdir().unwrap();
    let from = common::repo_root().join("tests/fixtures/foreign/hugo/content/glossary");
    for (rel, e) in common::files_under(&from) {
        let to = input.path().join(&rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(e.path(), to).unwrap();
    }
    std::fs::write(
        input.path().join("open-interest.md"),
        "---\ntitle: Open Interest\n---\nThe number of open contracts.\n\n{{< tabs name=\"venues\" >}}\nA table per venue.\n",
    )
    .unwrap();
    let site = empty_site();
    let report = common::import_ok(site.path(), &[input.path().to_str().unwrap()]);
    let at = |file: &str, needle: &str| {
        let text = std::fs::read_to_string(input.path().join(file)).unwrap();
        let line = text.lines().position(|l| l.contains(needle)).unwrap() + 1;
        format!("{file}:{line}")
    };
    let funding = at("funding-rate.md", "api_version");
    let tabs = at("open-interest.md", "{{< tabs");
    assert!(
        report.contains("template syntax left 3 (param 2, tabs 1)"),
        "{report}"
    );
    assert!(
        report.contains(&format!("{funding}: {{{{< param \"api_version\" >}}}}")),
        "{report}"
    );
    assert!(
        report.contains(&format!("{tabs}: {{{{< tabs name=\"venues\" >}}}}")),
        "{report}"
    );
    assert!(report.contains(&format!("{funding}: `param \"api_version\"` has no value")));
    // With the value given, nothing of it is left.
    let site = empty_site();
    let report = common::import_ok(
        site.path(),
        &[
            input.path().to_str().unwrap(),
            "--param",
            "api_version=v9",
            "--param",
            "venue=a test venue",
        ],
    );
    assert!(
        report.contains("template syntax left 1 (tabs 1)"),
        "{report}"
    );
    let funding =
        std::fs::read_to_string(site.path().join("content/definitions/funding.md")).unwrap();
    assert!(funding.contains("/docs/api/v9/funding/"));
}

#[test]
fn from_forces_the_generator_and_kind_forces_the_kind() {
    let site = empty_site();
    let report = common::import_ok(
        site.path(),
        &[
            "tests/fixtures/foreign/mkdocs/docs",
            "--from",
            "mkdocs",
            "--kind",
            "term",
        ],
    );
    assert!(
        report.contains("made       5 terms, 0 definitions, 0 areas"),
        "{report}"
    );
    let (ok, _, stderr) = common::run_import(site.path(), &["x", "--from", "wordpress"]);
    assert!(!ok && stderr.contains("wordpress"), "{stderr}");
    let (ok, _, stderr) = common::run_import(
        site.path(),
        &[
            "tests/fixtures/foreign/mkdocs/docs",
            "--source-base",
            "ftp://x",
        ],
    );
    assert!(!ok && stderr.contains("--source-base"), "{stderr}");
}

#[test]
fn hostile_input_is_skipped_or_warned_with_its_line() {
    let input = tempfile::tempdir().unwrap();
    let files: &[(&str, &[u8])] = &[
        ("broken-yaml.md", b"---\ntitle: Broken\ndescription: \"open\nmore: [\n---\nBody\n"),
        ("unclosed.md", b"---\ntitle: Never closed\n\nBody without an end\n"),
        ("binary.md", b"---\ntitle: x\n---\n\x00\x01\x02"),
        ("latin1.md", b"---\ntitle: caf\xe9\n---\nx\n"),
        ("empty.md", b"   \n"),
        ("escape.md", b"---\ntitle: Escape\nslug: ../../../etc/passwd\nurl: /../../etc/passwd\naliases: [\"/a b/\", \"//evil.test/x\"]\n---\nBody.\n"),
        ("bad-date.md", b"---\ntitle: Bad date\ndate: the day after tomorrow\n---\nBody.\n"),
        ("deep.md", b"---\ntitle: Deep\n---\n"),
        ("tooltip.md", b"---\ntitle: Tooltip\n---\nA {{< glossary_tooltip text=\"ghost\" term_id=\"no-such-entry\" >}} and [[nowhere]].\n"),
    ];
    for (name, bytes) in files {
        std::fs::write(input.path().join(name), bytes).unwrap();
    }
    let deep = format!(
        "---\ntitle: Deep\n---\n{}x{}\n",
        "{{< note >}}\n".repeat(5000),
        "{{< /note >}}\n".repeat(5000)
    );
    std::fs::write(input.path().join("deep.md"), deep).unwrap();
    let site = empty_site();
    let report = common::import_ok(
        site.path(),
        &[input.path().to_str().unwrap(), "--from", "hugo"],
    );
    let p = input.path().display().to_string();
    for expected in [
        format!("{p}/broken-yaml.md:3: invalid YAML front matter"),
        format!("{p}/unclosed.md:1: the YAML front matter opened here is never closed"),
        format!("{p}/binary.md: binary file (NUL bytes)"),
        format!("{p}/latin1.md: binary file (not UTF-8 text)"),
        format!("{p}/empty.md: empty file"),
        format!("{p}/bad-date.md:3: `date` is not a date glossa reads"),
        format!(
            "{p}/tooltip.md:4: `glossary_tooltip` names `no-such-entry`, which is not imported"
        ),
        format!("{p}/tooltip.md:4: `[[nowhere]]` names no imported entry"),
        format!("{p}/escape.md: old URL `/a b/` is not a plain site path"),
        format!("{p}/escape.md: old URL `/../../etc/passwd` is not a plain site path"),
    ] {
        assert!(
            report.contains(&expected),
            "missing {expected:?} in\n{report}"
        );
    }
    for rel in tree(site.path()).keys() {
        assert!(rel == "glossa.toml" || rel.starts_with("content/"), "{rel}");
        assert!(
            !rel.contains("passwd") || rel == "content/definitions/passwd.md",
            "{rel}"
        );
    }
    let escape =
        std::fs::read_to_string(site.path().join("content/definitions/passwd.md")).unwrap();
    assert!(!escape.contains("redirect_from"), "{escape}");
    assert!(tree(site.path()).keys().any(|k| k.ends_with("/deep.md")));
}
