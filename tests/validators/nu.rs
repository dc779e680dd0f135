//! 1. Every HTML page (example, imported and fixture sites) and the theme's style sheet through the Nu HTML Checker.

use std::path::Path;
use std::process::Command as StdCommand;

use serde_json::Value;

use crate::common::{self, ensure_node_tools, files_with_ext, repo_root, require_java, vnu_jar};
use crate::helpers::{assert_no_problems, collapse_ws, rel};
use crate::{sites, target_tmp, Site};

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
