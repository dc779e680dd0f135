//! Helpers the checks share: pages and their URLs, resolving links, JSON-LD blocks and their URL values.

use std::path::{Path, PathBuf};

use percent_encoding::percent_decode_str;
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;
use url::Url;

use crate::{Site, BASE_URL};

pub(crate) fn rel<'a>(site: &Site, p: &'a Path) -> std::borrow::Cow<'a, str> {
    p.strip_prefix(&site.public).unwrap_or(p).to_string_lossy()
}

pub(crate) fn assert_no_problems(what: &str, problems: &[String]) {
    if !problems.is_empty() {
        panic!(
            "{what}: {} problem(s):\n  - {}\n",
            problems.len(),
            problems.join("\n  - ")
        );
    }
}

pub(crate) fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("bad selector {s:?}: {e:?}"))
}

pub(crate) fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(crate) fn text_of(el: ElementRef) -> String {
    collapse_ws(&el.text().collect::<String>())
}

pub(crate) fn read_page(p: &Path) -> Html {
    Html::parse_document(
        &std::fs::read_to_string(p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display())),
    )
}

/// The URL a written file is served at: `a/b/index.html` → `BASE/a/b/`.
pub(crate) fn page_url(site: &Site, file: &Path) -> Url {
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
pub(crate) fn is_absolute(s: &str) -> bool {
    Url::parse(s).is_ok_and(|u| {
        s.split_once(':')
            .is_some_and(|(scheme, _)| scheme.eq_ignore_ascii_case(u.scheme()))
    })
}

/// `href` (an attribute value) resolved against `base`.  Absolute and invalid
/// URLs are kept as written: normalising them (dot segments, letter case)
/// would hide what the checks below look for.
pub(crate) fn resolve(base: &Url, href: &str) -> String {
    let href = href.trim();
    if is_absolute(href) {
        return href.to_string();
    }
    base.join(href)
        .map_or_else(|_| href.to_string(), String::from)
}

pub(crate) fn is_local_dev_server(url: &str) -> bool {
    url.contains("://localhost") || url.contains("://127.0.0.1")
}

/// Where a URL under [`BASE_URL`] is served from: the fragment and query are
/// dropped, `…/` maps to `…/index.html`.  `None` for URLs outside the site.
///
/// Works on the URL as written (JSON-LD values, canonical links, absolute
/// hrefs): parsing it would silently fix dot segments and stray whitespace,
/// which are to be reported.  Resolved relative links are already normalised.
pub(crate) fn url_to_path(public: &Path, url: &str) -> Option<Result<PathBuf, String>> {
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
pub(crate) fn check_url_resolves(public: &Path, url: &str) -> Result<(), String> {
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
pub(crate) fn canonical_links(doc: &Html) -> Vec<ElementRef<'_>> {
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
pub(crate) fn jsonld_blocks(doc: &Html, problems: &mut Vec<String>, page: &str) -> Vec<Value> {
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

pub(crate) fn has_type(v: &Value, ty: &str) -> bool {
    match v.get("@type") {
        Some(Value::String(s)) => s == ty,
        Some(Value::Array(a)) => a.iter().any(|t| t.as_str() == Some(ty)),
        _ => false,
    }
}

/// All JSON objects of type `ty` anywhere inside `v`.
pub(crate) fn find_typed<'a>(v: &'a Value, ty: &str, out: &mut Vec<&'a Value>) {
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
pub(crate) fn url_values(v: &Value, pointer: String, out: &mut Vec<(String, String)>) {
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
pub(crate) fn check_jsonld_urls(
    public: &Path,
    doc: &Value,
    origin: &str,
    problems: &mut Vec<String>,
) {
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

// --------------------------------------------------- URL helper unit tests

#[test]
pub(crate) fn url_resolution_helpers() {
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
