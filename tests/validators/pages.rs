//! 3. Own checks of each page: one canonical link, title and description; breadcrumbs as in JSON-LD.

use scraper::Html;
use serde_json::Value;
use url::Url;

use crate::helpers::{
    assert_no_problems, canonical_links, collapse_ws, find_typed, has_type, jsonld_blocks,
    page_url, read_page, rel, resolve, sel, text_of, url_to_path,
};
use crate::{sites, Site, BASE_URL};

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
