//! The native side of bringing a glossary in: page bundles (an entry's folder and the
//! files beside it), the summary divider `<!--more-->`, `template-syntax` warnings, and
//! redirect pages for old URLs (`redirect_from`), on `tests/fixtures/native`.

mod common;

use std::path::Path;

use assert_cmd::Command;

fn glossa(root: &Path) -> Command {
    let mut cmd = common::glossa();
    cmd.arg("--root").arg(root);
    cmd
}

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref())
        .unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// `glossa build`, expected to succeed; its stderr.
fn build(root: &Path) -> String {
    let out = glossa(root).arg("build").assert().success();
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

/// `glossa check --format json` with the exit code expected; the document.
fn check(root: &Path, code: i32) -> serde_json::Value {
    let out = glossa(root)
        .args(["check", "--format", "json"])
        .assert()
        .code(code);
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

/// The problems of a `check` document with code `code`.
fn problems<'a>(doc: &'a serde_json::Value, code: &str) -> Vec<&'a serde_json::Value> {
    doc["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["code"] == code)
        .collect()
}

/// A problem's line and column.
fn at(problem: &serde_json::Value) -> (u64, u64) {
    let l = &problem["location"];
    (l["line"].as_u64().unwrap(), l["column"].as_u64().unwrap())
}

#[test]
fn a_bundle_is_one_entry_named_by_its_folder_and_its_files_sit_beside_its_page() {
    let tmp = common::fixture_site("native");
    let root = tmp.path();
    let doc = check(root, 0);
    assert_eq!(doc["errors"], 0, "no duplicate `index` slugs: {doc}");
    let stderr = build(root);
    assert!(stderr.contains("2 terms"), "{stderr}");
    let public = root.join("public");
    let page = read(public.join("term/mark-price/index.html"));
    assert!(public.join("term/funding-rate/index.html").is_file());
    assert!(
        !public.join("term/index").exists(),
        "no entry named `index`"
    );
    // The body's relative links reach the bundle's files, copied byte for byte.
    assert!(page.contains("src=\"diagram.svg\""), "{page}");
    assert!(page.contains("href=\"data/samples.csv\""), "{page}");
    for file in ["diagram.svg", "data/samples.csv"] {
        assert_eq!(
            std::fs::read(public.join("term/mark-price").join(file)).unwrap(),
            std::fs::read(root.join("content/terms/mark-price").join(file)).unwrap(),
            "{file}"
        );
    }
    // The terms folder's own `_index.md` introduces the terms index, not an entry.
    let index = read(public.join("term/index.html"));
    assert!(
        index.contains("each kept in its own folder with the <strong>diagrams</strong>"),
        "{index}"
    );
    // A bundle whose `slug` is set takes its files to that page.
    let text = read(root.join("content/terms/mark-price/index.md"));
    write(
        root,
        "content/terms/mark-price/index.md",
        &text.replace("title = ", "slug = \"fair-price\"\ntitle = "),
    );
    build(root);
    assert!(public.join("term/fair-price/diagram.svg").is_file());
    assert!(!public.join("term/mark-price").exists());
}

#[test]
fn a_changed_or_added_bundle_file_is_noticed_by_the_next_build() {
    let tmp = common::fixture_site("native");
    let root = tmp.path();
    build(root);
    assert!(build(root).contains("up to date:"));
    let svg = root.join("content/terms/mark-price/diagram.svg");
    let new_svg = read(&svg).replace("#ddd", "#fc0");
    std::fs::write(&svg, &new_svg).unwrap();
    let stderr = build(root);
    assert!(stderr.contains("built "), "{stderr}");
    assert_eq!(
        read(root.join("public/term/mark-price/diagram.svg")),
        new_svg
    );
    write(
        root,
        "content/terms/funding-rate/chart.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    assert!(build(root).contains("built "));
    assert!(root.join("public/term/funding-rate/chart.svg").is_file());
}

#[test]
fn the_text_before_more_is_the_description_and_the_divider_never_shows() {
    let tmp = common::fixture_site("native");
    let root = tmp.path();
    let doc = check(root, 0);
    assert!(
        problems(&doc, "empty-description").is_empty(),
        "the summary is a description: {doc}"
    );
    build(root);
    let page = read(root.join("public/term/mark-price/index.html"));
    let summary = "The mark price is the fair value an exchange uses to value open positions, smoothed so that one thin trade cannot trigger liquidations.";
    assert!(
        page.contains(&format!(
            "<meta name=\"description\" content=\"{summary}\">"
        )),
        "{page}"
    );
    assert!(!page.contains("more--"), "{page}");
    // Cards show it too.
    assert!(read(root.join("public/term/index.html")).contains(summary));
}

#[test]
fn template_syntax_is_a_warning_at_its_line_and_column_that_levels_can_raise() {
    let tmp = common::fixture_site("native");
    let root = tmp.path();
    write(
        root,
        "content/definitions/premium.md",
        "+++\ntitle = \"Premium\"\ndescription = \"How far a perpetual trades from its index.\"\n+++\n\
         The premium feeds the {{< glossary_tooltip text=\"funding rate\" term_id=\"funding\" >}}.\n\n\
         `{{< in code >}}` is fine.\n\n  {% include note.html %}\n",
    );
    let doc = check(root, 2);
    let found = problems(&doc, "template-syntax");
    assert_eq!(found.len(), 2, "{doc}");
    let first = found[0];
    assert_eq!(first["severity"], "warning");
    assert_eq!(first["path"], "content/definitions/premium.md");
    assert_eq!(at(first), (5, 23));
    let message = first["message"].as_str().unwrap();
    assert!(
        message.starts_with("template syntax `{{< glossary_tooltip text=\"funding rate\""),
        "{message}"
    );
    assert!(
        message.ends_with("…` is shown to readers as text"),
        "{message}"
    );
    assert!(first["help"].as_str().unwrap().contains("glossa import"));
    assert_eq!(at(found[1]), (9, 3));
    // A warning: the build goes on and says so.
    let stderr = build(root);
    assert!(stderr.contains("warning[template-syntax]"), "{stderr}");

    let config = read(root.join("glossa.toml"));
    write(
        root,
        "glossa.toml",
        &format!("{config}\n[check.levels]\ntemplate-syntax = \"error\"\n"),
    );
    let doc = check(root, 2);
    assert_eq!(doc["errors"], 2, "{doc}");
    glossa(root).arg("build").assert().code(1);
}

#[test]
fn old_urls_get_redirect_pages_and_rules_outside_the_sitemap_and_search() {
    let tmp = common::fixture_site("native");
    let root = tmp.path();
    let stderr = build(root);
    assert!(stderr.contains(" 0 warnings, 0 errors"), "{stderr}");
    let public = root.join("public");
    let page = read(public.join("glossary/funding/index.html"));
    insta::assert_snapshot!("redirect_page", page);
    assert!(public.join("old/funding-rate.html").is_file());
    insta::assert_snapshot!("redirects_file", read(public.join("_redirects")));
    for file in ["sitemap.xml", "atom.xml"] {
        let text = read(public.join(file));
        assert!(!text.contains("glossary/funding"), "{file}: {text}");
        assert!(!text.contains("funding-rate.html"), "{file}: {text}");
    }
    let out = glossa(root).args(["export", "search"]).assert().success();
    let docs = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(docs.contains("/term/funding-rate/") && !docs.contains("glossary/funding"));

    // Under a base path, every URL of the redirects has it.
    glossa(root)
        .args(["build", "--base-url", "https://desk.example.test/docs/"])
        .assert()
        .success();
    let page = read(public.join("glossary/funding/index.html"));
    assert!(
        page.contains("content=\"0; url=/docs/term/funding-rate/\""),
        "{page}"
    );
    assert!(
        page.contains(
            "<link rel=\"canonical\" href=\"https://desk.example.test/docs/term/funding-rate/\">"
        ),
        "{page}"
    );
    assert_eq!(
        read(public.join("_redirects")),
        "/docs/glossary/funding/ /docs/term/funding-rate/ 301\n\
         /docs/old/funding-rate.html /docs/term/funding-rate/ 301\n"
    );
}

#[test]
fn the_sites_own_redirect_rules_come_first() {
    let tmp = common::fixture_site("native");
    let root = tmp.path();
    write(root, "static/_redirects", "/feed /atom.xml 301");
    build(root);
    assert_eq!(
        read(root.join("public/_redirects")),
        "/feed /atom.xml 301\n\
         /glossary/funding/ /term/funding-rate/ 301\n\
         /old/funding-rate.html /term/funding-rate/ 301\n"
    );
}

#[test]
fn an_old_url_that_is_a_page_or_file_or_claimed_twice_is_an_error_at_its_line() {
    let tmp = common::fixture_site("native");
    let root = tmp.path();
    write(
        root,
        "content/definitions/spread.md",
        "+++\ntitle = \"Spread\"\ndescription = \"The gap between the best bid and ask.\"\n\
         redirect_from = [\n  \"/term/mark-price/\",\n  \"/glossary/funding/\",\n  \"/style.css\",\n  \"/term/mark-price/diagram.svg\",\n  \"/spread-old\",\n]\n+++\nA tight spread means a liquid market.\n",
    );
    let doc = check(root, 2);
    let found = problems(&doc, "redirect-collision");
    let lines: Vec<u64> = found.iter().map(|p| at(p).0).collect();
    assert_eq!(lines, [5, 6, 7, 8], "{doc}");
    assert!(found.iter().all(|p| p["severity"] == "error"));
    let messages: Vec<&str> = found
        .iter()
        .map(|p| p["message"].as_str().unwrap())
        .collect();
    assert!(
        messages[0].contains("is the page `/term/mark-price/`"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("already redirects to term `funding-rate`"),
        "{messages:?}"
    );
    assert!(
        messages[2].contains("the file `/style.css`"),
        "{messages:?}"
    );
    assert!(
        messages[3].contains("`/term/mark-price/diagram.svg`"),
        "{messages:?}"
    );
    // The build refuses to replace the output, as for any error.
    let out = glossa(root).arg("build").assert().code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr);
    assert!(stderr.contains("error[redirect-collision]"), "{stderr}");
    assert!(!root.join("public").exists());
}

#[test]
fn an_old_url_that_leaves_the_site_is_refused_where_it_is_written() {
    let tmp = common::fixture_site("native");
    let root = tmp.path();
    write(
        root,
        "content/definitions/spread.md",
        "+++\ntitle = \"Spread\"\ndescription = \"The gap between the best bid and ask.\"\n\
         redirect_from = [\"/ok/\", \"/a/../../etc/\", \"/b/?page=2\"]\n+++\nBody.\n",
    );
    let doc = check(root, 2);
    let found = problems(&doc, "front-matter");
    assert_eq!(found.len(), 2, "{doc}");
    assert_eq!(at(found[0]), (4, 27));
    assert!(found[0]["message"].as_str().unwrap().contains("`..`"));
    assert!(found[1]["message"].as_str().unwrap().contains("query"));
}
