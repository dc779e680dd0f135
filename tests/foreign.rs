//! `glossa import` of other generators' markdown, end to end with the real binary: one
//! fixture per shape (`tests/fixtures/foreign/<generator>/`, our own writing in each
//! generator's layout) through `import` → `check` → `build`, asserting the entries
//! written (snapshots), the key mappings, links, `redirect_from`, bundle files, the report,
//! and that no template syntax is left in any built page.
//!
//! Idempotence, `--dry-run`, `--force`, hand-written entries, hostile input and "nothing
//! outside `content/`" are in `tests/foreign_safety.rs`.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// An empty site (only `glossa.toml`) in a temporary folder.
fn empty_site() -> tempfile::TempDir {
    common::site_with_config(
        "title = \"Imported\"\ndescription = \"Pages of another generator.\"\nbase_url = \"https://glossary.test/\"\n",
    )
}

/// `check` then `build`: both succeed with no error.
fn check_and_build(site: &Path) {
    let out = common::glossa()
        .arg("--root")
        .arg(site)
        .arg("check")
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.code() != Some(1) && !text.contains("error["),
        "check failed:\n{text}"
    );
    let out = common::glossa()
        .arg("--root")
        .arg(site)
        .arg("build")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    no_template_syntax(&site.join("public"));
}

/// No built page shows `{{` or `{%` outside code.
fn no_template_syntax(public: &Path) {
    let pages = common::files_with_ext(public, &["html"]);
    assert!(!pages.is_empty());
    for page in pages {
        let html = std::fs::read_to_string(&page).unwrap();
        let text = without_code(&html);
        for bad in ["{{", "{%", "{{&lt;", "&lt;!--more"] {
            assert!(
                !text.contains(bad),
                "{} shows `{bad}`:\n{}",
                page.display(),
                &text[text.find(bad).unwrap().saturating_sub(80)..]
            );
        }
    }
}

fn without_code(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find("<code") {
        out.push_str(&rest[..at]);
        match rest[at..].find("</code>") {
            Some(end) => rest = &rest[at + end + 7..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

fn read(site: &Path, rel: &str) -> String {
    let path = site.join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn page(site: &Path, url: &str) -> String {
    read(site, &format!("public{url}index.html"))
}

/// Every file under `content/`, concatenated with its path (for a snapshot).
fn content_snapshot(site: &Path) -> String {
    let mut out = String::new();
    for (rel, e) in common::files_under(&site.join("content")) {
        let bytes = std::fs::read(e.path()).unwrap();
        out.push_str(&format!("==> {rel}\n{}\n", String::from_utf8_lossy(&bytes)));
    }
    out
}

fn fixture(path: &str) -> PathBuf {
    common::repo_root()
        .join("tests/fixtures/foreign")
        .join(path)
}

fn assert_has(report: &str, lines: &[&str]) {
    for l in lines {
        assert!(report.contains(l), "missing {l:?} in\n{report}");
    }
}

#[test]
fn hugo_glossary() {
    let site = empty_site();
    let s = site.path();
    let report = common::import_ok(
        s,
        &[
            "tests/fixtures/foreign/hugo/content/glossary",
            "--source-base",
            "https://desk.example",
        ],
    );
    assert_has(
        &report,
        &[
            "imported 0 exported pages and 6 pages of other generators from 8 files",
            "made       1 term, 5 definitions, 0 areas",
            "generators hugo 6",
            "`short_description` → `description`: 5 files",
            "`summary` → `description`: 1 file",
            "`aka` → `aliases`: 1 file",
            "`aliases` → `redirect_from`: 1 file",
            "`url` → `slug`: 1 file",
            "`lastmod` → `updated`: 1 file",
            "`tags` → `areas`: 6 files",
            "`weight`: 1 file",
            "`full_link`: 2 files",
            "glossary_tooltip → link: 6",
            "note → blockquote: 1",
            "warning → blockquote: 1",
            "param → value: 2",
            "ref → URL: 1",
            "<!--more--> → description split: 2",
            "site path not imported → the old site (--source-base): 2",
            "tag areas  4",
            "copied     1 files of page bundles",
            "template syntax left 0",
            "tests/fixtures/foreign/hugo/content/glossary/_index.md: the section's own list page",
        ],
    );
    insta::assert_snapshot!("foreign_hugo_entries", content_snapshot(s));
    let perp = read(s, "content/definitions/perpetual-future.md");
    assert!(perp.contains("aliases = [\"perpetual contract\", \"perp\", \"perpetual swap\"]\n"));
    assert!(perp.contains("redirect_from = [\"/glossary/perps/\"]\n"));
    assert!(perp.contains("areas = [\"core\", \"contract\"]\n"));
    assert!(
        !perp.contains("aka") && !perp.contains("<!--more-->"),
        "{perp}"
    );
    let funding = read(s, "content/definitions/funding.md");
    assert!(funding.contains("redirect_from = [\"/glossary/funding/\"]\n"));
    assert!(funding
        .contains("[extra]\nfull_link = \"/docs/funding/\"\nid = \"funding-rate\"\nweight = 3\n"));
    assert!(read(s, "content/areas/core.md").contains("title = \"Core\"\n"));
    assert!(read(s, "content/areas/core.md").contains("stub = true\n"));
    assert_eq!(
        std::fs::read(s.join("content/definitions/insurance-fund/balance.svg")).unwrap(),
        std::fs::read(fixture("hugo/content/glossary/insurance-fund/balance.svg")).unwrap()
    );
    check_and_build(s);
    let html = page(s, "/definition/perpetual-future/");
    assert!(
        html.contains("<a href=\"/definition/funding/\">funding rate</a>"),
        "{html}"
    );
    assert!(html.contains("<a href=\"/definition/mark-price/\">Mark Price</a>"));
    assert!(html.contains("<strong>Note:</strong> On the Northwind exchange"));
    assert!(
        html.contains("<code>{{&lt; note &gt;}}</code>"),
        "code is left alone"
    );
    let html = page(s, "/term/liquidation/");
    assert!(html.contains("href=\"/definition/maintenance-margin/\""));
    assert!(html.contains("href=\"https://desk.example/docs/risk-engine/#liquidation\""));
    assert!(
        html.contains("href=\"/definition/funding/\""),
        "old URL → new URL"
    );
    let html = page(s, "/definition/funding/");
    assert!(
        html.contains("href=\"https://desk.example/docs/api/v3/funding/\""),
        "param in a link"
    );
}

#[test]
fn zola_glossary() {
    let site = empty_site();
    let s = site.path();
    let report = common::import_ok(s, &["tests/fixtures/foreign/zola/content/glossary"]);
    assert_has(
        &report,
        &[
            "generators zola 5",
            "`taxonomies` → `areas`: 5 files",
            "`aliases` → `redirect_from`: 1 file",
            "note → blockquote: 1",
            "youtube → link: 1",
            "`@/` path → entry URL: 6",
            "tag areas  4",
            "template syntax left 0",
            "zola/content/glossary/_index.md: the section's own list page",
        ],
    );
    insta::assert_snapshot!("foreign_zola_entries", content_snapshot(s));
    let basis = read(s, "content/definitions/basis.md");
    assert!(basis.contains("aliases = [\"futures basis\"]\n"));
    assert!(basis.contains("redirect_from = [\"/old-glossary/basis/\"]\n"));
    assert!(basis.contains("areas = [\"pricing\", \"term-structure\"]\n"));
    assert!(basis.contains("[extra]\ndifficulty = \"basic\"\n"));
    assert!(read(s, "content/areas/term-structure.md").contains("title = \"Term structure\""));
    check_and_build(s);
    let html = page(s, "/definition/basis/");
    assert!(
        html.contains("href=\"/term/backwardation/#causes\""),
        "{html}"
    );
    assert!(html.contains("href=\"/definition/roll-yield/\""));
    let html = page(s, "/definition/contango/");
    assert!(html.contains("<strong>Note: Not always a signal</strong>"));
}

#[test]
fn jekyll_collection() {
    let site = empty_site();
    let s = site.path();
    let report = common::import_ok(s, &["tests/fixtures/foreign/jekyll/_glossary"]);
    assert_has(
        &report,
        &[
            "generators jekyll 5",
            "`excerpt` → `description`: 5 files",
            "`permalink` → `slug`: 4 files",
            "`permalink` → `redirect_from`: 4 files",
            "`categories` → `areas`: 5 files",
            "`layout`: 5 files",
            "{% link %} → URL: 2",
            "{{ site.baseurl }} → removed: 1",
            "{{ site.… }} → value: 1",
            "include note → blockquote: 1",
            "highlight → code block: 1",
            "comment → removed: 1",
            "template syntax left 0",
        ],
    );
    insta::assert_snapshot!("foreign_jekyll_entries", content_snapshot(s));
    let delta = read(s, "content/definitions/delta.md");
    assert!(delta.contains(
        "redirect_from = [\"/glossary/delta/\", \"/terms/delta.html\", \"/greeks/delta/\"]\n"
    ));
    let theta = read(s, "content/definitions/theta.md");
    assert!(
        theta.contains("date = 2024-03-01\n"),
        "date from the post's name"
    );
    assert!(theta.contains("```python\ndef daily_theta"));
    check_and_build(s);
    let html = page(s, "/definition/gamma/");
    assert!(html.contains("the volatility desk watches"), "{html}");
    assert!(html.contains("href=\"/definition/vega/\""));
    let html = page(s, "/definition/implied-volatility/");
    assert!(
        html.contains("href=\"/definition/vega/\""),
        "relative `../vega/`"
    );
    assert!(!html.contains("data team"), "comment removed");
}

#[test]
fn docusaurus_docs() {
    let site = empty_site();
    let s = site.path();
    let report = common::import_ok(
        s,
        &[
            "tests/fixtures/foreign/docusaurus/docs/glossary",
            "--source-base",
            "https://docs.example/",
        ],
    );
    assert_has(
        &report,
        &[
            "generators docusaurus 5",
            "`id` → `slug`: 3 files",
            "`slug` → `redirect_from`: 1 file",
            "`sidebar_label` → `aliases`: 1 file",
            "MDX import line → removed: 2",
            ":::warning → blockquote: 1",
            ":::danger → blockquote: 1",
            "file path → entry URL: 3",
            "old URL of an imported page → entry URL: 1",
            "_category_.json: the generator's configuration, not a page",
        ],
    );
    insta::assert_snapshot!("foreign_docusaurus_entries", content_snapshot(s));
    let oracle = read(s, "content/definitions/oracle.md");
    assert!(oracle.contains("redirect_from = [\"/docs/glossary/oracle\"]\n"));
    assert!(oracle.contains("source_url = \"https://docs.example/docs/glossary/oracle\"\n"));
    assert!(!oracle.contains("import Tabs"));
    assert!(read(s, "content/definitions/twap.md").contains("aliases = [\"TWAP\"]\n"));
    check_and_build(s);
    let html = page(s, "/definition/oracle/");
    assert!(
        html.contains("<strong>Warning: Stale prices</strong>"),
        "{html}"
    );
    assert!(html.contains("href=\"/definition/breaker/\""));
    assert!(html.contains("href=\"/definition/twap/\""));
    let html = page(s, "/definition/keeper/");
    assert!(html.contains("href=\"https://docs.example/docs/operations/keepers\""));
}

#[test]
fn mkdocs_docs() {
    let site = empty_site();
    let s = site.path();
    let report = common::import_ok(s, &["tests/fixtures/foreign/mkdocs/docs"]);
    assert_has(
        &report,
        &[
            "generators mkdocs 5",
            "!!! note → blockquote: 1",
            "!!! tip → blockquote: 1",
            "[[wikilink]] → link: 5",
            "file path → entry URL: 2",
            "mkdocs/docs/img/netting.svg: not a page",
            "mkdocs/docs/index.md: the section's own list page",
        ],
    );
    insta::assert_snapshot!("foreign_mkdocs_entries", content_snapshot(s));
    let risk = read(s, "content/definitions/counterparty-risk.md");
    assert!(
        risk.starts_with("+++\ntitle = \"Counterparty Risk\"\n"),
        "title from the H1"
    );
    assert!(!risk.contains("\n# Counterparty Risk"));
    check_and_build(s);
    let html = page(s, "/definition/counterparty-risk/");
    assert!(
        html.contains("<a href=\"/definition/collateral/\">margin</a>"),
        "{html}"
    );
    assert!(html.contains("<strong>Note: Bilateral trades</strong>"));
    assert!(html.contains("href=\"/definition/netting/\""));
}

#[test]
fn mdn_folders_per_entry() {
    let site = empty_site();
    let s = site.path();
    let report = common::import_ok(
        s,
        &[
            "tests/fixtures/foreign/mdn/files/en-us/glossary",
            "tests/fixtures/foreign/mdn/files/en-us/_redirects.txt",
            "--source-base",
            "https://developer.mozilla.org",
        ],
    );
    assert_has(
        &report,
        &[
            "generators mdn 6",
            "`slug` → `redirect_from`: 6 files",
            "`page-type`: 5 files",
            "Glossary → link: 5",
            "Glossary → link to the old site (not imported): 1",
            "domxref → link: 1",
            "GlossaryDisambiguation → list of the pages in its folder: 1",
            "Interwiki → link: 1",
            "`page-type` → `disambiguation`: 1 file",
            "GlossarySidebar: 6",
            "mdn/files/en-us/_redirects.txt: 3 of 4 lines lead to imported pages",
            "redirects  9 old URLs in `redirect_from`",
            "copied     1 files of page bundles",
            "mdn/files/en-us/glossary/index.md: the section's own list page",
        ],
    );
    insta::assert_snapshot!("foreign_mdn_entries", content_snapshot(s));
    let dom = read(s, "content/definitions/node-dom.md");
    assert!(dom.contains("title = \"Node (DOM)\"\n"));
    assert!(dom.contains(
        "redirect_from = [\"/en-US/docs/Glossary/Node/DOM\", \"/en-US/docs/Glossary/DOM_Node\"]\n"
    ));
    assert!(dom.contains("[`Node`](https://developer.mozilla.org/en-US/docs/Web/API/Node)"));
    // "DOM" is MDN's page of that name, not the page at `node/dom/` (its file name is
    // `node/dom`, as its slug says).
    assert!(
        dom.contains("In the [DOM](https://developer.mozilla.org/en-US/docs/Glossary/DOM),"),
        "{dom}"
    );
    // The disambiguation page: marked, its meanings (the pages in its folder) listed
    // where the macro stood.
    let node = read(s, "content/definitions/node.md");
    assert!(node.contains("disambiguation = true\n"), "{node}");
    assert!(
        node.contains("depends on the context:\n\n- [Node (DOM)](/definition/node-dom/)\n"),
        "{node}"
    );
    assert!(!node.contains("GlossaryDisambiguation"), "{node}");
    assert!(s.join("content/definitions/checksum/index.md").is_file());
    assert!(s.join("content/definitions/checksum/diagram.svg").is_file());
    check_and_build(s);
    let html = page(s, "/definition/node/");
    assert!(
        html.contains("<li><a href=\"/definition/node-dom/\">Node (DOM)</a></li>"),
        "{html}"
    );
    assert!(html.contains("<a href=\"/definition/node-dom/\">document tree</a>"));
    let html = page(s, "/definition/cache/");
    assert!(html.contains("<a href=\"https://en.wikipedia.org/wiki/Web_cache\">Web caches</a>"));
    assert!(html.contains("<a href=\"/definition/latency/\">waiting time</a>"));
    assert!(
        html.contains("href=\"/definition/idempotent/\""),
        "old MDN URL → new"
    );
}

#[test]
fn json_report_lists_mappings_and_leftovers() {
    let site = empty_site();
    let s = site.path();
    let out = common::import_ok(
        s,
        &[
            "tests/fixtures/foreign/hugo/content/glossary",
            "--json",
            "--dry-run",
        ],
    );
    let report: Value = serde_json::from_str(&out).unwrap();
    let foreign = &report["foreign"];
    assert_eq!(foreign["pages"], 6);
    assert_eq!(foreign["generators"]["hugo"], 6);
    let mappings: BTreeMap<String, u64> = foreign["mappings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                format!(
                    "{} → {}",
                    m["from"].as_str().unwrap(),
                    m["to"].as_str().unwrap()
                ),
                m["files"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(mappings["short_description → description"], 5);
    assert_eq!(foreign["kept_aside"][0]["to"], "[extra]");
    assert_eq!(foreign["converted"]["glossary_tooltip → link"], 6);
    assert_eq!(foreign["leftovers"].as_array().unwrap().len(), 0);
    assert!(!s.join("content").exists(), "--dry-run writes nothing");
}

#[test]
fn hugo_pages_at_the_root_of_a_language_folder() {
    // The shape of glossaries whose pages live at `content/<lang>/<slug>.md` and link each
    // other by their URL on the old site (`/perpetual-swap/`, `/en/index-price/`).
    let site = empty_site();
    let s = site.path();
    let report = common::import_ok(
        s,
        &[
            "--kind",
            "definition",
            "tests/fixtures/foreign/hugo-root/content/en",
        ],
    );
    assert_has(
        &report,
        &[
            "old URL of an imported page (from its file path) → entry URL: 3",
            "hugo-root/content/en/search.md: a page of the old site's theme (`layout: search`, no text), not an entry",
            "hugo-root/content/en/_index.md: the section's own list page",
        ],
    );
    assert!(!s.join("content/definitions/search.md").exists());
    check_and_build(s);
    let html = page(s, "/definition/funding-rate/");
    assert!(
        html.contains("href=\"/definition/perpetual-swap/\""),
        "{html}"
    );
    assert!(html.contains("href=\"/definition/index-price/#how-it-is-made\""));
    // A page of the old site that was not imported keeps its link.
    assert!(html.contains("href=\"/docs/trading/order-book/\""));
}
