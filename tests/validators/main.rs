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

#[path = "../common/mod.rs"]
mod common;

mod helpers;
mod jsonld;
mod links;
mod nu;
mod pages;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{files_with_ext, repo_root};

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
