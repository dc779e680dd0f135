//! Validates the example site (the repository root: `glossa.toml` +
//! `content/`) and a site imported from the exported pages in
//! `tests/fixtures/export/` (`glossa import`, then `glossa build`) with real,
//! external validators and with our own checks:
//!
//! 1. every HTML page passes the Nu HTML Checker (`vnu.jar`, one JVM run);
//! 2. every JSON-LD block, and `glossa export schema` in both formats,
//!    type-checks against schema.org (`tests/js/check-jsonld.mjs`:
//!    schema-dts + tsc --strict);
//! 3. own checks: breadcrumbs (visible vs. JSON-LD `BreadcrumbList`),
//!    JSON-LD URLs, canonical/title/description, internal links.
//!
//! The site is built once per test binary; each check is its own test so a
//! failure names exactly what is wrong.  Missing tools (node, npm, java) fail
//! the tests with installation instructions; nothing is ever skipped.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;
use std::sync::OnceLock;

use percent_encoding::percent_decode_str;
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;
use url::Url;

use common::{
    ensure_node_tools, files_with_ext, repo_root, require_java, run_jsonld_checker, vnu_jar,
};

const BASE_URL: &str = "https://example.test/";

// ------------------------------------------------------------------ fixture

struct Site {
    /// Which site: `example` or `imported`.
    name: &'static str,
    /// Keeps the output alive; lives in `target/tmp`, so `cargo clean` removes it.
    dir: tempfile::TempDir,
    public: PathBuf,
    pages: Vec<PathBuf>,
}

fn target_tmp() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
}

/// The built example site, shared by all tests of this binary.
fn site() -> &'static Site {
    static SITE: OnceLock<Result<Site, String>> = OnceLock::new();
    match SITE.get_or_init(build_site) {
        Ok(site) => site,
        Err(e) => panic!("{e}"),
    }
}

/// The site made by importing `tests/fixtures/export/` into an empty site.
fn imported_site() -> &'static Site {
    static SITE: OnceLock<Result<Site, String>> = OnceLock::new();
    match SITE.get_or_init(build_imported_site) {
        Ok(site) => site,
        Err(e) => panic!("{e}"),
    }
}

/// Every site the page checks run on.
fn sites() -> [&'static Site; 2] {
    [site(), imported_site()]
}

fn build_imported_site() -> Result<Site, String> {
    remove_old_outputs();
    let dir = tempfile::Builder::new()
        .prefix("validators-import-")
        .tempdir_in(target_tmp())
        .map_err(|e| format!("cannot create a temp dir: {e}"))?;
    let root = dir.path().join("site");
    std::fs::create_dir_all(&root).map_err(|e| e.to_string())?;
    std::fs::write(
        root.join("glossa.toml"),
        // A small `glossary_split`: this site's A–Z index is one page per letter.
        "title = \"Riskbook, imported\"\ndescription = \"Exported pages imported by glossa.\"\n\n[pagination]\nglossary_split = 3\n",
    )
    .map_err(|e| e.to_string())?;
    let fixtures = repo_root().join("tests/fixtures/export");
    run_glossa(&[
        "--root".as_ref(),
        root.as_os_str(),
        "import".as_ref(),
        fixtures.as_os_str(),
    ])
    .map_err(|e| format!("importing the export fixtures failed: {e}"))?;
    let public = dir.path().join("public");
    run_glossa(&[
        "--root".as_ref(),
        root.as_os_str(),
        "build".as_ref(),
        "-o".as_ref(),
        public.as_os_str(),
        "--base-url".as_ref(),
        BASE_URL.as_ref(),
    ])
    .map_err(|e| format!("building the imported site failed: {e}"))?;
    let (pages, redirects) = content_pages(files_with_ext(&public, &["html"]));
    // The export's area continuation pages (`/area/x/resource/N/`) redirect to the area.
    let resource = public.join("area/funding-rates/resource/2/index.html");
    if !redirects.contains(&resource) {
        return Err(format!("no redirect page at {}", resource.display()));
    }
    if pages.is_empty() {
        return Err(format!("no HTML pages in {}", public.display()));
    }
    Ok(Site {
        name: "imported",
        dir,
        public,
        pages,
    })
}

/// HTML files split into pages and the redirect pages of old URLs (a meta refresh, no
/// content of their own: the Nu HTML Checker test of the native fixture covers them).
fn content_pages(files: Vec<PathBuf>) -> (Vec<PathBuf>, Vec<PathBuf>) {
    files.into_iter().partition(|f| {
        !std::fs::read_to_string(f)
            .unwrap_or_default()
            .contains("http-equiv=\"refresh\"")
    })
}

fn build_site() -> Result<Site, String> {
    remove_old_outputs();
    let dir = tempfile::Builder::new()
        .prefix("validators-")
        .tempdir_in(target_tmp())
        .map_err(|e| format!("cannot create a temp dir: {e}"))?;
    let public = dir.path().join("public");
    run_glossa(&[
        "--root".as_ref(),
        repo_root().as_os_str(),
        "build".as_ref(),
        "-o".as_ref(),
        public.as_os_str(),
        "--base-url".as_ref(),
        BASE_URL.as_ref(),
    ])
    .map_err(|e| format!("building the example site failed: {e}"))?;
    let (pages, _) = content_pages(files_with_ext(&public, &["html"]));
    if pages.is_empty() {
        return Err(format!(
            "`glossa build` wrote no HTML pages to {}",
            public.display()
        ));
    }
    Ok(Site {
        name: "example",
        dir,
        public,
        pages,
    })
}

/// Runs `glossa args`; the error describes the failure with its output.
fn run_glossa(args: &[&OsStr]) -> Result<(), String> {
    let output = common::glossa()
        .args(args)
        .output()
        .map_err(|e| format!("failed to run glossa: {e}"))?;
    if output.status.success() {
        return Ok(());
    }
    Err(format!(
        "`glossa {}` exited with {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        args.iter()
            .map(|a| a.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" "),
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    ))
}

/// Statics are never dropped, so each run leaves its site in `target/tmp`
/// (handy for inspecting failures); remove those older than a day.
fn remove_old_outputs() {
    let Ok(entries) = std::fs::read_dir(target_tmp()) else {
        return;
    };
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 24 * 3600);
        if old
            && entry
                .file_name()
                .to_string_lossy()
                .starts_with("validators-")
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// `glossa export schema --format <format>`, run once per format.
fn exported_schema(format: &'static str) -> &'static Path {
    static GRAPH: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    static NDJSON: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let (cell, file) = match format {
        "graph" => (&GRAPH, "schema.json"),
        "ndjson" => (&NDJSON, "schema.ndjson"),
        _ => unreachable!(),
    };
    let result = cell.get_or_init(|| {
        let out = site().dir.path().join(file);
        run_glossa(&[
            "--root".as_ref(),
            repo_root().as_os_str(),
            "--base-url".as_ref(),
            BASE_URL.as_ref(),
            "export".as_ref(),
            "schema".as_ref(),
            "--format".as_ref(),
            format.as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
        ])?;
        match std::fs::metadata(&out) {
            Ok(m) if m.len() > 0 => Ok(out),
            _ => Err(format!(
                "`glossa export schema --format {format}` wrote nothing to {}",
                out.display()
            )),
        }
    });
    match result {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    }
}

// ------------------------------------------------------------ small helpers

fn rel<'a>(site: &Site, p: &'a Path) -> std::borrow::Cow<'a, str> {
    p.strip_prefix(&site.public).unwrap_or(p).to_string_lossy()
}

fn assert_no_problems(what: &str, problems: &[String]) {
    if !problems.is_empty() {
        panic!(
            "{what}: {} problem(s):\n  - {}\n",
            problems.len(),
            problems.join("\n  - ")
        );
    }
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("bad selector {s:?}: {e:?}"))
}

fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn text_of(el: ElementRef) -> String {
    collapse_ws(&el.text().collect::<String>())
}

fn read_page(p: &Path) -> Html {
    Html::parse_document(
        &std::fs::read_to_string(p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display())),
    )
}

/// The URL a written file is served at: `a/b/index.html` → `BASE/a/b/`.
fn page_url(site: &Site, file: &Path) -> Url {
    let r = rel(site, file).replace('\\', "/");
    let path = match r.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => dir,
        _ => &r,
    };
    Url::parse(BASE_URL)
        .and_then(|base| base.join(path))
        .unwrap_or_else(|e| panic!("no URL for {r}: {e}"))
}

/// Whether `s` is an absolute URL as written (`Url::parse` alone would skip
/// leading whitespace, and tabs inside the scheme).
fn is_absolute(s: &str) -> bool {
    Url::parse(s).is_ok_and(|u| {
        s.split_once(':')
            .is_some_and(|(scheme, _)| scheme.eq_ignore_ascii_case(u.scheme()))
    })
}

/// `href` (an attribute value) resolved against `base`.  Absolute and invalid
/// URLs are kept as written: normalising them (dot segments, letter case)
/// would hide what the checks below look for.
fn resolve(base: &Url, href: &str) -> String {
    let href = href.trim();
    if is_absolute(href) {
        return href.to_string();
    }
    base.join(href)
        .map_or_else(|_| href.to_string(), String::from)
}

fn is_local_dev_server(url: &str) -> bool {
    url.contains("://localhost") || url.contains("://127.0.0.1")
}

/// Where a URL under [`BASE_URL`] is served from: the fragment and query are
/// dropped, `…/` maps to `…/index.html`.  `None` for URLs outside the site.
///
/// Works on the URL as written (JSON-LD values, canonical links, absolute
/// hrefs): parsing it would silently fix dot segments and stray whitespace,
/// which are to be reported.  Resolved relative links are already normalised.
fn url_to_path(public: &Path, url: &str) -> Option<Result<PathBuf, String>> {
    let path = url.strip_prefix(BASE_URL)?.split(['#', '?']).next()?;
    let mut decoded = percent_decode_str(path).decode_utf8_lossy().into_owned();
    if decoded.is_empty() || decoded.ends_with('/') {
        decoded.push_str("index.html");
    }
    if decoded.split('/').any(|seg| seg == ".." || seg == ".") {
        return Some(Err(format!("URL {url} contains dot segments")));
    }
    Some(Ok(public.join(decoded)))
}

/// Checks that `url` (under the base URL) is served by a written file.
fn check_url_resolves(public: &Path, url: &str) -> Result<(), String> {
    match url_to_path(public, url) {
        None => Ok(()),
        Some(Err(e)) => Err(e),
        Some(Ok(p)) if p.is_file() => Ok(()),
        Some(Ok(p)) => Err(format!(
            "{url} → {} does not exist{}",
            p.strip_prefix(public).unwrap_or(&p).display(),
            if p.is_dir() {
                " (it is a directory: link to it with a trailing slash)"
            } else {
                ""
            }
        )),
    }
}

/// The `<link rel=canonical>` elements of a page.
fn canonical_links(doc: &Html) -> Vec<ElementRef<'_>> {
    doc.select(&sel("link[rel]"))
        .filter(|l| {
            l.attr("rel")
                .unwrap()
                .split_ascii_whitespace()
                .any(|t| t.eq_ignore_ascii_case("canonical"))
        })
        .collect()
}

/// Every JSON-LD block of a page, parsed (invalid blocks are reported).
fn jsonld_blocks(doc: &Html, problems: &mut Vec<String>, page: &str) -> Vec<Value> {
    let mut out = Vec::new();
    for (i, script) in doc.select(&sel("script[type]")).enumerate() {
        let ty = script
            .attr("type")
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if ty != "application/ld+json" {
            continue;
        }
        let text: String = script.text().collect();
        match serde_json::from_str::<Value>(&text) {
            Ok(v) => out.push(v),
            Err(e) => problems.push(format!(
                "{page}: JSON-LD block #{} is not valid JSON: {e}",
                i + 1
            )),
        }
    }
    out
}

fn has_type(v: &Value, ty: &str) -> bool {
    match v.get("@type") {
        Some(Value::String(s)) => s == ty,
        Some(Value::Array(a)) => a.iter().any(|t| t.as_str() == Some(ty)),
        _ => false,
    }
}

/// All JSON objects of type `ty` anywhere inside `v`.
fn find_typed<'a>(v: &'a Value, ty: &str, out: &mut Vec<&'a Value>) {
    match v {
        Value::Object(map) => {
            if has_type(v, ty) {
                out.push(v);
            }
            for child in map.values() {
                find_typed(child, ty, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|c| find_typed(c, ty, out)),
        _ => {}
    }
}

/// Every string under a `url`, `@id` or `item` key anywhere inside `v`,
/// with its JSON pointer.
fn url_values(v: &Value, pointer: String, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let p = format!("{pointer}/{}", k.replace('~', "~0").replace('/', "~1"));
                match child {
                    Value::String(s) if matches!(k.as_str(), "url" | "@id" | "item") => {
                        out.push((p, s.clone()))
                    }
                    Value::Array(items) if matches!(k.as_str(), "url" | "item") => {
                        for (i, item) in items.iter().enumerate() {
                            match item {
                                Value::String(s) => out.push((format!("{p}/{i}"), s.clone())),
                                other => url_values(other, format!("{p}/{i}"), out),
                            }
                        }
                    }
                    other => url_values(other, p, out),
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                url_values(item, format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Problems with the `url`/`@id`/`item` values of one JSON-LD document.
fn check_jsonld_urls(public: &Path, doc: &Value, origin: &str, problems: &mut Vec<String>) {
    let mut urls = Vec::new();
    url_values(doc, String::new(), &mut urls);
    for (pointer, url) in urls {
        if url.starts_with("_:") {
            continue; // blank node identifier
        }
        if !is_absolute(&url) {
            problems.push(format!(
                "{origin}: {pointer} = {url:?} is not an absolute URL"
            ));
        } else if let Err(e) = check_url_resolves(public, &url) {
            problems.push(format!("{origin}: {pointer}: {e}"));
        } else if !url.starts_with(BASE_URL) && is_local_dev_server(&url) {
            problems.push(format!(
                "{origin}: {pointer} = {url} points at a local dev server, not the base URL"
            ));
        }
    }
}

// ---------------------------------------------------- 1. Nu HTML Checker

fn run_vnu(cwd: &Path, files: &[String]) -> (std::process::ExitStatus, Vec<String>, String) {
    run_vnu_as(cwd, &[], files)
}

/// The Nu HTML Checker with extra options first (`--css`: the files are style sheets).
fn run_vnu_as(
    cwd: &Path,
    options: &[&str],
    files: &[String],
) -> (std::process::ExitStatus, Vec<String>, String) {
    let jar = vnu_jar();
    let java = require_java();
    let output = StdCommand::new(java)
        .arg("-jar")
        .arg(&jar)
        .args(options)
        .args(["--errors-only", "--format", "json"])
        .args(files)
        .current_dir(cwd)
        .output()
        .unwrap_or_else(|e| panic!("failed to run java -jar {}: {e}", jar.display()));
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let raw = format!("{stdout}{stderr}");
    let json_start = raw.find("{\"").unwrap_or_else(|| {
        panic!(
            "the Nu HTML Checker produced no JSON report (exit {}):\n{raw}",
            output.status
        )
    });
    let report: Value = serde_json::Deserializer::from_str(&raw[json_start..])
        .into_iter::<Value>()
        .next()
        .and_then(Result::ok)
        .unwrap_or_else(|| panic!("cannot parse the Nu HTML Checker report:\n{raw}"));
    let canonical_cwd = cwd.canonicalize().unwrap_or(cwd.to_path_buf());
    let messages = report["messages"].as_array().cloned().unwrap_or_default();
    let errors = messages
        .iter()
        .map(|m| {
            let url = m["url"].as_str().unwrap_or("?");
            let file = url.strip_prefix("file:").unwrap_or(url);
            let file = Path::new(file)
                .strip_prefix(cwd)
                .or_else(|_| Path::new(file).strip_prefix(&canonical_cwd))
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or(file.into());
            let line = m["firstLine"]
                .as_u64()
                .or(m["lastLine"].as_u64())
                .map_or("?".into(), |l| l.to_string());
            let col = m["firstColumn"]
                .as_u64()
                .map_or("?".into(), |c| c.to_string());
            let extract = m["extract"]
                .as_str()
                .map(|e| format!("  [near: {}]", collapse_ws(e)))
                .unwrap_or_default();
            format!(
                "{file}:{line}:{col}: {}: {}{extract}",
                m["type"].as_str().unwrap_or("?"),
                m["message"].as_str().unwrap_or("?"),
            )
        })
        .collect();
    (output.status, errors, raw)
}

#[test]
fn nu_html_checker_self_test_rejects_invalid_html() {
    let fixtures = ensure_node_tools().join("fixtures");
    let (status, errors, raw) =
        run_vnu(&fixtures, &["invalid.html".into(), "good-page.html".into()]);
    assert!(
        !status.success(),
        "vnu accepted fixtures/invalid.html:\n{raw}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("invalid.html:") && e.contains("alt")),
        "vnu did not report the img without alt in fixtures/invalid.html:\n{raw}"
    );
    assert!(
        errors.iter().all(|e| e.starts_with("invalid.html:")),
        "vnu rejected fixtures/good-page.html:\n{}",
        errors.join("\n")
    );
}

/// The theme's style sheet parses and uses only known properties: an unclosed block
/// (a lost `}`) would silently move every later rule into the block before it.
#[test]
fn theme_style_sheet_passes_the_css_checker() {
    let files = vec!["style.css".to_string()];
    let (status, errors, raw) = run_vnu_as(&repo_root().join("static"), &["--css"], &files);
    assert!(
        status.success() && errors.is_empty(),
        "static/style.css:\n{}\n{raw}",
        errors.join("\n")
    );
    // The checker does reject a style sheet with a block left open.
    let broken = target_tmp().join("css-self-test");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(
        broken.join("open.css"),
        "@media print {\n  a { color: red; }\n\nb { color: blue; }\n",
    )
    .unwrap();
    let (status, errors, raw) = run_vnu_as(&broken, &["--css"], &["open.css".into()]);
    assert!(
        !status.success() && !errors.is_empty(),
        "an open block passed:\n{raw}"
    );
}

#[test]
fn html_pages_pass_nu_html_checker() {
    for site in sites() {
        eprintln!("checking the {} site", site.name);
        html_pages_pass_nu_html_checker_on(site);
    }
}

fn html_pages_pass_nu_html_checker_on(site: &Site) {
    let files: Vec<String> = site
        .pages
        .iter()
        .map(|p| rel(site, p).into_owned())
        .collect();
    let (status, errors, raw) = run_vnu(&site.public, &files);
    assert_no_problems(
        &format!(
            "Nu HTML Checker errors in {} page(s) under {}",
            files.len(),
            site.public.display()
        ),
        &errors,
    );
    assert!(
        status.success(),
        "the Nu HTML Checker failed without reporting errors:\n{raw}"
    );
}

/// The native fixture's pages: page bundles, a kind folder's introduction, and the
/// redirect pages of old URLs, which no other site here has.
#[test]
fn bundle_and_redirect_pages_pass_nu_html_checker() {
    fixture_pages_pass_nu_html_checker(
        "native",
        &[
            "glossary/funding/index.html",
            "old/funding-rate.html",
            "term/mark-price/index.html",
        ],
    );
}

/// The previews fixture's pages: link preview blocks holding `</script>`, `<!--` and
/// `&` in a description, and links of every kind the previews read.
#[test]
fn preview_pages_pass_nu_html_checker() {
    fixture_pages_pass_nu_html_checker(
        "previews",
        &[
            "term/levain/index.html",
            "area/fermentation/page/2/index.html",
        ],
    );
}

/// The machines fixture's pages: the markdown copies' alternate links, the sharing tags
/// of an SVG hero image rasterised, a base path.
#[test]
fn sharing_and_machine_pages_pass_nu_html_checker() {
    fixture_pages_pass_nu_html_checker(
        "machines",
        &[
            "term/berth/index.html",
            "area/mooring/index.html",
            "index.html",
        ],
    );
}

/// Every page of `tests/fixtures/<name>`, built, through the Nu HTML Checker; `pages`
/// must be among them.
fn fixture_pages_pass_nu_html_checker(name: &str, pages: &[&str]) {
    let tmp = common::fixture_site(name);
    let public = tmp.path().join("public");
    common::run_glossa([
        "--root".as_ref(),
        tmp.path().as_os_str(),
        "build".as_ref(),
        "-o".as_ref(),
        public.as_os_str(),
    ]);
    let files: Vec<String> = files_with_ext(&public, &["html"])
        .iter()
        .map(|p| {
            p.strip_prefix(&public)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    for page in pages {
        assert!(files.iter().any(|f| f == page), "{page} missing: {files:?}");
    }
    let (status, errors, raw) = run_vnu(&public, &files);
    assert_no_problems(
        &format!("Nu HTML Checker errors in the {name} fixture's pages"),
        &errors,
    );
    assert!(
        status.success(),
        "the Nu HTML Checker failed without reporting errors:\n{raw}"
    );
}

// ------------------------------------------ 2. schema.org typing of JSON-LD

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

// ------------------------------------------------------------ 3. own checks

#[test]
fn every_page_has_canonical_title_and_description() {
    for site in sites() {
        eprintln!("checking the {} site", site.name);
        every_page_has_canonical_title_and_description_on(site);
    }
}

fn every_page_has_canonical_title_and_description_on(site: &Site) {
    let mut problems = Vec::new();
    for page in &site.pages {
        let name = rel(site, page);
        let doc = read_page(page);
        match canonical_links(&doc).as_slice() {
            [link] => match link.attr("href") {
                None => problems.push(format!("{name}: <link rel=canonical> has no href")),
                Some(href) if !href.starts_with(BASE_URL) => problems.push(format!(
                    "{name}: canonical URL {href:?} is not an absolute URL under {BASE_URL}"
                )),
                Some(href) => match url_to_path(&site.public, href) {
                    Some(Ok(p)) if p == *page => {}
                    Some(Ok(p)) => problems.push(format!(
                        "{name}: canonical URL {href} points at {} instead of this page ({})",
                        rel(site, &p),
                        page_url(site, page)
                    )),
                    _ => problems.push(format!("{name}: bad canonical URL {href}")),
                },
            },
            other => problems.push(format!(
                "{name}: {} <link rel=canonical> elements (want exactly one)",
                other.len()
            )),
        }
        let titles: Vec<_> = doc.select(&sel("head title")).collect();
        match titles.as_slice() {
            [t] if !text_of(*t).is_empty() => {}
            [_] => problems.push(format!("{name}: empty <title>")),
            other => problems.push(format!(
                "{name}: {} <title> elements in <head> (want exactly one)",
                other.len()
            )),
        }
        let descriptions: Vec<_> = doc
            .select(&sel("meta[name]"))
            .filter(|m| m.attr("name").unwrap().eq_ignore_ascii_case("description"))
            .collect();
        match descriptions.as_slice() {
            [d] if !d.attr("content").unwrap_or("").trim().is_empty() => {}
            [_] => problems.push(format!("{name}: empty <meta name=description> content")),
            other => problems.push(format!(
                "{name}: {} <meta name=description> elements (want exactly one)",
                other.len()
            )),
        }
    }
    assert_no_problems("canonical link / title / meta description", &problems);
}

/// One breadcrumb: (name, absolute URL).
type Crumb = (String, Option<String>);

fn visible_breadcrumbs(
    doc: &Html,
    page_url: &Url,
    canonical: Option<&str>,
    name: &str,
    problems: &mut Vec<String>,
) -> Option<Vec<Crumb>> {
    let navs: Vec<_> = doc
        .select(&sel("nav[aria-label]"))
        .filter(|n| n.attr("aria-label").unwrap() == "Breadcrumb")
        .collect();
    let nav = match navs.as_slice() {
        [nav] => *nav,
        other => {
            problems.push(format!(
                "{name}: {} <nav aria-label=\"Breadcrumb\"> elements (want exactly one)",
                other.len()
            ));
            return None;
        }
    };
    let Some(ol) = nav.child_elements().find(|e| e.value().name() == "ol") else {
        problems.push(format!("{name}: breadcrumb <nav> has no <ol> child"));
        return None;
    };
    let items: Vec<_> = ol
        .child_elements()
        .filter(|e| e.value().name() == "li")
        .collect();
    let mut crumbs = Vec::new();
    for (i, li) in items.iter().enumerate() {
        let last = i + 1 == items.len();
        let link = li.select(&sel("a[href]")).next();
        let current = li
            .select(&sel("[aria-current]"))
            .find(|e| e.attr("aria-current") == Some("page"));
        match (link, current, last) {
            (Some(a), None, false) => {
                crumbs.push((text_of(a), Some(resolve(page_url, a.attr("href").unwrap()))))
            }
            (None, Some(span), true) => crumbs.push((text_of(span), canonical.map(str::to_string))),
            (_, _, false) => {
                problems.push(format!(
                    "{name}: breadcrumb item {} is not a plain <a href> link",
                    i + 1
                ));
                return None;
            }
            (_, _, true) => {
                problems.push(format!(
                    "{name}: last breadcrumb item is not <span aria-current=\"page\"> (without a link)"
                ));
                return None;
            }
        }
    }
    if crumbs.is_empty() {
        problems.push(format!("{name}: breadcrumb list is empty"));
        return None;
    }
    Some(crumbs)
}

fn jsonld_breadcrumbs(list: &Value, name: &str, problems: &mut Vec<String>) -> Option<Vec<Crumb>> {
    let elements = match list.get("itemListElement") {
        Some(Value::Array(a)) => a.iter().collect::<Vec<_>>(),
        Some(v @ Value::Object(_)) => vec![v],
        _ => {
            problems.push(format!(
                "{name}: JSON-LD BreadcrumbList has no itemListElement"
            ));
            return None;
        }
    };
    let mut crumbs = Vec::new();
    for (i, el) in elements.iter().enumerate() {
        if !has_type(el, "ListItem") {
            problems.push(format!(
                "{name}: BreadcrumbList element {} is not a ListItem",
                i + 1
            ));
        }
        if el.get("position").and_then(Value::as_u64) != Some(i as u64 + 1) {
            problems.push(format!(
                "{name}: BreadcrumbList element {} has position {} (want {})",
                i + 1,
                el.get("position").map_or("none".into(), Value::to_string),
                i + 1
            ));
        }
        let item = el.get("item");
        let url = match item {
            Some(Value::String(s)) => Some(s.clone()),
            Some(obj @ Value::Object(_)) => obj
                .get("@id")
                .or(obj.get("url"))
                .and_then(Value::as_str)
                .map(str::to_string),
            _ => None,
        };
        let crumb_name = el
            .get("name")
            .or(item.and_then(|i| i.get("name")))
            .and_then(Value::as_str)
            .map(collapse_ws)
            .unwrap_or_default();
        crumbs.push((crumb_name, url));
    }
    Some(crumbs)
}

#[test]
fn breadcrumbs_match_jsonld_breadcrumblist() {
    for site in sites() {
        eprintln!("checking the {} site", site.name);
        breadcrumbs_match_jsonld_breadcrumblist_on(site);
    }
}

fn breadcrumbs_match_jsonld_breadcrumblist_on(site: &Site) {
    let mut problems = Vec::new();
    for page in &site.pages {
        let name = rel(site, page).into_owned();
        let doc = read_page(page);
        let url = page_url(site, page);
        let canonical = canonical_links(&doc)
            .first()
            .and_then(|l| l.attr("href"))
            .map(|h| resolve(&url, h));
        let blocks = jsonld_blocks(&doc, &mut problems, &name);
        let mut lists = Vec::new();
        for b in &blocks {
            find_typed(b, "BreadcrumbList", &mut lists);
        }
        let visible = visible_breadcrumbs(&doc, &url, canonical.as_deref(), &name, &mut problems);
        let structured = match lists.as_slice() {
            [list] => jsonld_breadcrumbs(list, &name, &mut problems),
            other => {
                problems.push(format!(
                    "{name}: {} JSON-LD BreadcrumbList nodes (want exactly one)",
                    other.len()
                ));
                None
            }
        };
        let (Some(visible), Some(structured)) = (visible, structured) else {
            continue;
        };
        if visible.len() != structured.len() {
            problems.push(format!(
                "{name}: {} visible breadcrumbs {:?} but {} in JSON-LD {:?}",
                visible.len(),
                visible,
                structured.len(),
                structured
            ));
            continue;
        }
        for (i, (v, s)) in visible.iter().zip(&structured).enumerate() {
            if v.0 != s.0 {
                problems.push(format!(
                    "{name}: breadcrumb {} name: visible {:?} vs JSON-LD {:?}",
                    i + 1,
                    v.0,
                    s.0
                ));
            }
            if v.1 != s.1 {
                problems.push(format!(
                    "{name}: breadcrumb {} ({:?}) URL: visible {} vs JSON-LD {}",
                    i + 1,
                    v.0,
                    v.1.as_deref().unwrap_or("(none)"),
                    s.1.as_deref().unwrap_or("(none)")
                ));
            }
        }
    }
    assert_no_problems("breadcrumbs vs. JSON-LD BreadcrumbList", &problems);
}

#[test]
fn jsonld_urls_in_pages_resolve_to_written_pages() {
    for site in sites() {
        eprintln!("checking the {} site", site.name);
        jsonld_urls_in_pages_resolve_to_written_pages_on(site);
    }
}

fn jsonld_urls_in_pages_resolve_to_written_pages_on(site: &Site) {
    let mut problems = Vec::new();
    let mut blocks_seen = 0;
    for page in &site.pages {
        let name = rel(site, page).into_owned();
        let doc = read_page(page);
        for (i, block) in jsonld_blocks(&doc, &mut problems, &name).iter().enumerate() {
            blocks_seen += 1;
            check_jsonld_urls(
                &site.public,
                block,
                &format!("{name} JSON-LD block #{}", i + 1),
                &mut problems,
            );
        }
    }
    assert!(blocks_seen > 0, "no JSON-LD found in any page");
    assert_no_problems("JSON-LD url/@id/item values in pages", &problems);
}

#[test]
fn export_schema_urls_resolve_to_written_pages() {
    let site = site();
    let mut problems = Vec::new();
    let graph = exported_schema("graph");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(graph).unwrap())
        .expect("graph export is not JSON");
    check_jsonld_urls(
        &site.public,
        &doc,
        "export schema --format graph",
        &mut problems,
    );
    let ndjson = std::fs::read_to_string(exported_schema("ndjson")).unwrap();
    for (i, line) in ndjson
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        if let Ok(v) = serde_json::from_str::<Value>(line) {
            check_jsonld_urls(
                &site.public,
                &v,
                &format!("export schema --format ndjson line {}", i + 1),
                &mut problems,
            );
        }
    }
    assert_no_problems(
        "JSON-LD url/@id/item values in `glossa export schema`",
        &problems,
    );
}

/// Every (element, attribute, URL) that may reference another resource.
fn references(doc: &Html) -> Vec<(String, &'static str, String)> {
    let mut out = Vec::new();
    for el in doc.select(&sel("[href], [src], [srcset]")) {
        let tag = el.value().name().to_string();
        for attr in ["href", "src"] {
            if let Some(v) = el.attr(attr) {
                out.push((tag.clone(), attr, v.to_string()));
            }
        }
        if let Some(set) = el.attr("srcset") {
            for candidate in set.split(',') {
                if let Some(u) = candidate.split_whitespace().next() {
                    out.push((tag.clone(), "srcset", u.to_string()));
                }
            }
        }
    }
    // What a page shares: its URL and image must be files of the build too.
    let shared =
        r#"meta[property="og:url"], meta[property="og:image"], meta[name="twitter:image"]"#;
    for el in doc.select(&sel(shared)) {
        if let Some(v) = el.attr("content") {
            out.push(("meta".to_string(), "content", v.to_string()));
        }
    }
    out
}

/// The URL relative references in `doc` resolve against (`<base href>`, if valid).
fn document_base(doc: &Html, page_url: Url) -> Url {
    doc.select(&sel("base[href]"))
        .next()
        .and_then(|b| page_url.join(b.attr("href").unwrap()).ok())
        .unwrap_or(page_url)
}

#[test]
fn internal_links_resolve_to_written_files() {
    for site in sites() {
        eprintln!("checking the {} site", site.name);
        internal_links_resolve_to_written_files_on(site);
    }
}

fn internal_links_resolve_to_written_files_on(site: &Site) {
    let mut problems = BTreeSet::new();
    let mut checked = 0usize;
    for page in &site.pages {
        let name = rel(site, page).into_owned();
        let doc = read_page(page);
        let base = document_base(&doc, page_url(site, page));
        for (tag, attr, value) in references(&doc) {
            let url = resolve(&base, &value);
            if !url.starts_with(BASE_URL) {
                if is_local_dev_server(&url) {
                    problems.insert(format!(
                        "{name}: <{tag} {attr}={value:?}> points at a local dev server"
                    ));
                }
                continue; // external (or mailto:, data:, …)
            }
            checked += 1;
            if let Err(e) = check_url_resolves(&site.public, &url) {
                problems.insert(format!("{name}: <{tag} {attr}={value:?}>: {e}"));
            }
        }
    }
    assert!(checked > 0, "no internal links found at all");
    assert_no_problems(
        "internal href/src/srcset references",
        &problems.into_iter().collect::<Vec<_>>(),
    );
}

#[test]
fn internal_link_fragments_exist() {
    for site in sites() {
        eprintln!("checking the {} site", site.name);
        internal_link_fragments_exist_on(site);
    }
}

fn internal_link_fragments_exist_on(site: &Site) {
    let docs: Vec<Html> = site.pages.iter().map(|p| read_page(p)).collect();
    let ids: HashMap<&PathBuf, BTreeSet<&str>> = site
        .pages
        .iter()
        .zip(&docs)
        .map(|(page, doc)| {
            let ids = doc
                .select(&sel("[id], a[name]"))
                .filter_map(|e| e.attr("id").or(e.attr("name")))
                .collect();
            (page, ids)
        })
        .collect();
    let mut problems = BTreeSet::new();
    for (page, doc) in site.pages.iter().zip(&docs) {
        let name = rel(site, page);
        let base = document_base(doc, page_url(site, page));
        for (tag, attr, value) in references(doc) {
            if attr != "href" {
                continue;
            }
            let target = resolve(&base, &value);
            let Some((_, fragment)) = target.split_once('#') else {
                continue;
            };
            let fragment = percent_decode_str(fragment).decode_utf8_lossy();
            if fragment.is_empty() || fragment == "top" {
                continue; // scroll to top, per HTML
            }
            let Some(Ok(file)) = url_to_path(&site.public, &target) else {
                continue;
            };
            // Targets that are not written HTML pages are reported by the link test.
            if ids.get(&file).is_some_and(|set| !set.contains(&*fragment)) {
                problems.insert(format!(
                    "{name}: <{tag} href={value:?}>: no element with id {fragment:?} in {}",
                    rel(site, &file)
                ));
            }
        }
    }
    assert_no_problems(
        "fragment targets of internal links",
        &problems.into_iter().collect::<Vec<_>>(),
    );
}

// --------------------------------------------------- URL helper unit tests

#[test]
fn url_resolution_helpers() {
    let page = Url::parse("https://example.test/terms/idempotence/").unwrap();
    let resolved = |href| resolve(&page, href);
    assert_eq!(resolved("../retry/"), "https://example.test/terms/retry/");
    assert_eq!(
        resolved("/static/a.css?v=1"),
        "https://example.test/static/a.css?v=1"
    );
    assert_eq!(resolved("#x"), "https://example.test/terms/idempotence/#x");
    assert_eq!(resolved("./"), "https://example.test/terms/idempotence/");
    assert_eq!(resolved("../../../x"), "https://example.test/x");
    assert_eq!(resolved("//cdn.test/a.js"), "https://cdn.test/a.js");
    assert_eq!(resolved("mailto:a@b.c"), "mailto:a@b.c");
    // Absolute URLs stay as written, so the checks still see their flaws.
    assert_eq!(
        resolved(" https://example.test/a/../b/ "),
        "https://example.test/a/../b/"
    );
    assert_eq!(
        resolved("HTTPS://EXAMPLE.test/b/"),
        "HTTPS://EXAMPLE.test/b/"
    );
    let not_found = Url::parse("https://example.test/404.html").unwrap();
    assert_eq!(resolve(&not_found, "a.png"), "https://example.test/a.png");
    let root = Url::parse("https://example.test/").unwrap();
    assert_eq!(resolve(&root, "?q=1"), "https://example.test/?q=1");

    assert!(is_absolute("https://example.test/x"));
    assert!(is_absolute("mailto:a@b.c"));
    assert!(!is_absolute("/x/"));
    assert!(!is_absolute(" https://example.test/"));
    assert!(!is_absolute("https://exa mple.test/"));

    let public = Path::new("/p");
    let file = |url| url_to_path(public, url).map(|r| r.map_err(drop));
    let ok = |p: &str| Some(Ok(public.join(p)));
    assert_eq!(file("https://example.test/"), ok("index.html"));
    assert_eq!(
        file("https://example.test/terms/x/"),
        ok("terms/x/index.html")
    );
    assert_eq!(file("https://example.test/a.css?v=2"), ok("a.css"));
    assert_eq!(file("https://example.test/t/?q=1#term"), ok("t/index.html"));
    assert_eq!(
        file("https://example.test/terms/caf%C3%A9/#term"),
        ok("terms/café/index.html")
    );
    assert_eq!(file("https://example.test/a/../b/"), Some(Err(())));
    assert_eq!(file("https://example.test/a/%2E%2E/b/"), Some(Err(())));
    assert_eq!(file("https://other.test/"), None);
    assert_eq!(file("https://example.test.evil/"), None);
    assert_eq!(file("/relative/"), None);
}
