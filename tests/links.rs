//! The link check of `glossa build` and `glossa check`: every link and image written in a
//! body, and front-matter images, resolved against the pages and files the site will have,
//! with `#anchors` checked against the target page's heading ids. A site under a base path
//! (`/docs/`), built by the real binary; what the check reports is compared with what the
//! built pages really link to.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use assert_cmd::Command;

const CONFIG: &str = "title = \"Link test\"\nbase_url = \"https://glossary.test/docs/\"\n";

const MARGIN_CALL: &str = r#"+++
title = "Margin Call"
description = "A demand to add collateral before a position is closed."
[image]
url = "/images/missing-hero.webp"
caption = "A margin call notice"
+++
## Risks

A call that goes unanswered ends in liquidation.

## Risks

Prices gap past the call level in fast markets.

Pages: [a pod](/definition/pod/), [a typo](/definition/podd/), [sibling](../collateral/),
[its haircuts](/term/collateral/#haircuts), [a lost section](/term/collateral/#haircut-rules),
[the second risks](#risks-1), [a typo here](#riskz), [the theme's main](#main).

Files: [a chart](/images/chart.svg), ![a picture beside the page](chart.png),
[the feed](/atom.xml), [the A-Z](/glossary), [search](/search/?q=margin).

Written with the base path: [twice](/docs/term/collateral/), and as a full URL:
[haircuts](https://glossary.test/docs/term/collateral/#haircuts). Elsewhere: [mail](mailto:desk@x.test),
[another site](https://other.test/x), [the host outside the site](https://glossary.test/blog/).

A [reference link][hedging].

[hedging]: /area/hedging/
"#;

const COLLATERAL: &str = "+++\ntitle = \"Collateral\"\ndescription = \"Assets pledged against a loan.\"\n+++\n## Haircuts\n\nLenders value pledged assets below market.\n";

const POD: &str = "+++\ntitle = \"Pod\"\ndescription = \"A small group of positions.\"\n+++\nA pod shares one margin account.\n";

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn site(config: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(root, "glossa.toml", config);
    write(root, "content/terms/margin-call.md", MARGIN_CALL);
    write(root, "content/terms/collateral.md", COLLATERAL);
    write(root, "content/definitions/pod.md", POD);
    write(
        root,
        "static/images/chart.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    tmp
}

fn glossa(root: &Path) -> Command {
    let mut cmd = Command::cargo_bin("glossa").unwrap();
    cmd.arg("--root").arg(root);
    cmd
}

/// The link problems `glossa check --format json` reports: (code, message, line, column, help).
fn link_problems(root: &Path) -> Vec<(String, String, u64, u64, String)> {
    let out = glossa(root)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| matches!(p["code"].as_str(), Some("broken-link" | "broken-anchor")))
        .map(|p| {
            let s = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
            assert_eq!(s(&p["path"]), "content/terms/margin-call.md", "{p}");
            let loc = &p["location"];
            let n = |v: &serde_json::Value| v.as_u64().unwrap_or(0);
            (
                s(&p["code"]),
                s(&p["message"]),
                n(&loc["line"]),
                n(&loc["column"]),
                s(&p["help"]),
            )
        })
        .collect()
}

#[test]
fn broken_links_and_anchors_are_reported_where_they_are_written() {
    let tmp = site(CONFIG);
    let problems = link_problems(tmp.path());
    let at = |needle: &str| common::line_col(MARGIN_CALL, needle);
    let expect = |code: &str, message: &str, needle: &str, help: &str| {
        let (line, column) = at(needle);
        (
            code.to_string(),
            message.to_string(),
            line,
            column,
            help.to_string(),
        )
    };
    let expected = vec![
        expect(
            "broken-link",
            "image `/images/missing-hero.webp`: no such file",
            "/images/missing-hero.webp",
            "",
        ),
        expect(
            "broken-link",
            "link to `/definition/podd/`: no such page",
            "/definition/podd/",
            "did you mean `/definition/pod/`?",
        ),
        expect(
            "broken-anchor",
            "link to `/term/collateral/#haircut-rules`: that page has no heading or anchor `#haircut-rules`",
            "/term/collateral/#haircut-rules",
            "did you mean `#haircuts`?",
        ),
        expect(
            "broken-anchor",
            "link to `#riskz`: this page has no heading or anchor `#riskz`",
            "#riskz",
            "did you mean `#risks`?",
        ),
        expect("broken-link", "image `chart.png`: no such file", "chart.png)", ""),
        expect(
            "broken-link",
            "link to `/docs/term/collateral/`: no such page",
            "/docs/term/collateral/",
            "site-absolute links get the base path `/docs/` added: write `/term/collateral/`",
        ),
        expect(
            "broken-link",
            "link to `/area/hedging/`: no such page",
            "[reference link][hedging]",
            "",
        ),
    ];
    assert_eq!(problems, expected);
}

#[test]
fn build_reports_the_same_and_levels_apply() {
    let tmp = site(CONFIG);
    let out = glossa(tmp.path()).arg("build").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("warning[broken-link]: link to `/definition/podd/`: no such page"));
    assert!(stderr.contains("content/terms/margin-call.md:"), "{stderr}");
    assert!(stderr.contains("warning[broken-anchor]"), "{stderr}");

    let strict =
        format!("{CONFIG}[check.levels]\nbroken-anchor = \"error\"\nbroken-link = \"allow\"\n");
    write(tmp.path(), "glossa.toml", &strict);
    let out = glossa(tmp.path()).arg("build").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[broken-anchor]"), "{stderr}");
    assert!(!stderr.contains("broken-link"), "{stderr}");
}

/// Every `href` and `src` of the built body, resolved as a browser would against the page's
/// URL and looked up in the output (anchors among the target page's `id`s): the ones that
/// fail are exactly the ones the check reported.
#[test]
fn the_check_agrees_with_the_built_pages() {
    let tmp = site(CONFIG);
    let public = tmp.path().join("public");
    glossa(tmp.path()).arg("build").assert().success();
    let page_url = url::Url::parse("https://glossary.test/docs/term/margin-call/").unwrap();
    let html = std::fs::read_to_string(public.join("term/margin-call/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&html);
    let body = scraper::Selector::parse(
        "article .content a[href], article .content img[src], figure.hero img[src]",
    )
    .unwrap();
    let mut failing = BTreeSet::new();
    let mut seen = 0;
    for element in doc.select(&body) {
        let v = element.value();
        let href = v.attr("href").or(v.attr("src")).unwrap();
        seen += 1;
        let Ok(target) = page_url.join(href) else {
            continue;
        };
        if target.host_str() != Some("glossary.test") {
            continue;
        }
        let Some(rel) = target.path().strip_prefix("/docs/") else {
            continue;
        };
        let rel = percent_encoding::percent_decode_str(rel)
            .decode_utf8_lossy()
            .to_string();
        // A folder (`glossary/`, or `glossary` as static hosts redirect it) is its index.
        let file = if rel.is_empty() || rel.ends_with('/') || public.join(&rel).is_dir() {
            public.join(&rel).join("index.html")
        } else {
            public.join(&rel)
        };
        let ok = file.is_file()
            && target.fragment().is_none_or(|id| {
                let text = std::fs::read_to_string(&file).unwrap();
                text.contains(&format!("id=\"{id}\""))
            });
        if !ok {
            failing.insert(href.to_string());
        }
    }
    assert!(
        seen >= 18,
        "the body's links were not found in the page: {seen}"
    );
    let reported: BTreeSet<String> = link_problems(tmp.path())
        .into_iter()
        .map(|(_, message, ..)| message.split('`').nth(1).unwrap().to_string())
        .map(|dest| match dest.strip_prefix('/') {
            // Rendering gives site-absolute links the base path.
            Some(rest) => format!("/docs/{rest}"),
            None => dest,
        })
        .collect();
    assert_eq!(failing, reported);
}
