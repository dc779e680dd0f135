//! 3. Own checks of URLs: JSON-LD values, internal links and their fragments name written files.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use percent_encoding::percent_decode_str;
use scraper::Html;
use serde_json::Value;
use url::Url;

use crate::helpers::{
    assert_no_problems, check_jsonld_urls, check_url_resolves, is_local_dev_server, jsonld_blocks,
    page_url, read_page, rel, resolve, sel, url_to_path,
};
use crate::{exported_schema, site, sites, Site, BASE_URL};

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
