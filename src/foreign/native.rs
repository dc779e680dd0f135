//! A converted page as the text of a native entry (TOML front matter, then the body).
//!
//! `source_url` marks what the import wrote (so a later import never mistakes a
//! hand-written entry for its own): the page's old URL on `--source-base` when both are
//! known, else `<generator>:<file>`. `redirect_from` holds the page's stated old URL
//! (when it differs from the new one), its `aliases`/`redirect_from` paths and what a
//! redirects file adds. A page bundle written as `<slug>/index.md` says its `slug`.

use std::fmt::Write as _;

use super::body::Converted;
use super::names::{normalize_url, Page, Settled, TagArea};
use super::{Made, Note, Options};
use crate::exported::merge::first_sentence;
use crate::exported::url::Key;
use crate::frontmatter::write::{toml_str, write_extra};

/// An entry's text and what went into it.
pub(crate) struct Rendered {
    pub(crate) made: Made,
    pub(crate) redirects: usize,
    pub(crate) notes: Vec<Note>,
}

/// The native entry for `page`.
pub(crate) fn entry(
    page: &Page,
    converted: &Converted,
    more_redirects: &[String],
    settled: &Settled,
    options: &Options,
) -> Rendered {
    let f = &page.fields;
    let mut notes = Vec::new();
    let mut out = String::with_capacity(converted.body.len() + 512);
    out.push_str("+++\n");
    let _ = writeln!(out, "title = {}", toml_str(&page.title));
    let description = converted
        .description
        .clone()
        .or_else(|| converted.more.clone())
        .unwrap_or_else(|| first_sentence(&converted.body));
    if !description.is_empty() {
        let _ = writeln!(out, "description = {}", toml_str(&description));
    }
    if let Some(d) = f.date {
        let _ = writeln!(out, "date = {}", d.iso());
    }
    if let Some(d) = f.updated {
        let _ = writeln!(out, "updated = {}", d.iso());
    }
    if let Some(a) = &f.author {
        let _ = writeln!(out, "author = {}", toml_str(a));
    }
    let mut aliases: Vec<&String> = Vec::new();
    for a in &f.aliases {
        if !a.eq_ignore_ascii_case(&page.title) && !aliases.contains(&a) {
            aliases.push(a);
        }
    }
    list(&mut out, "aliases", aliases.iter().map(|a| a.as_str()));
    let mut extra = f.extra.clone();
    let related = related(page, settled, &mut extra, &mut notes);
    list(&mut out, "related", related.iter().map(String::as_str));
    let mut areas: Vec<String> = Vec::new();
    for t in &f.tags {
        let s = crate::frontmatter::slugify(t);
        if !s.is_empty() && !areas.contains(&s) {
            areas.push(s);
        }
    }
    list(&mut out, "areas", areas.iter().map(String::as_str));
    if f.draft {
        out.push_str("draft = true\n");
    }
    if f.disambiguation {
        out.push_str("disambiguation = true\n");
    }
    if page.bundle {
        let _ = writeln!(out, "slug = {}", toml_str(&page.key.slug));
    }
    let redirects = redirects(page, more_redirects, &mut notes);
    list(
        &mut out,
        "redirect_from",
        redirects.iter().map(String::as_str),
    );
    let _ = writeln!(out, "source_url = {}", toml_str(&source_url(page, options)));
    write_extra(&mut out, extra);
    out.push_str("+++\n");
    if !converted.body.is_empty() {
        out.push_str(&converted.body);
        out.push('\n');
    }
    let richness = [f.date, f.updated]
        .iter()
        .map(|d| d.map_or(0, |d| if d.instant.is_some() { 2 } else { 1 }))
        .sum();
    Rendered {
        made: Made {
            key: page.key.clone(),
            text: out,
            stub: false,
            input: Some(page.input),
            bundle: page.bundle,
            richness,
        },
        redirects: redirects.len(),
        notes,
    }
}

/// An area made up for a tag.
pub(crate) fn tag_area(area: &TagArea, _options: &Options) -> Made {
    let mut out = String::from("+++\n");
    let _ = writeln!(out, "title = {}", toml_str(&area.title));
    let _ = writeln!(
        out,
        "description = {}",
        toml_str(&format!(
            "Entries tagged “{}” in the imported glossary.",
            area.tag
        ))
    );
    out.push_str("stub = true\n");
    // A tag names a broad topic ("storage", "tool"): prose mentioning the word means the
    // everyday sense, not this list, so it draws no automatic links.
    out.push_str("autolink_target = false\n");
    let _ = writeln!(
        out,
        "source_url = {}",
        toml_str(&format!("{}:tags/{}", area.shape.name(), area.slug))
    );
    out.push_str("+++\n");
    Made {
        key: area.key(),
        text: out,
        stub: true,
        input: None,
        bundle: false,
        richness: 0,
    }
}

fn list<'a>(out: &mut String, key: &str, items: impl Iterator<Item = &'a str>) {
    let items: Vec<String> = items.map(toml_str).collect();
    if !items.is_empty() {
        let _ = writeln!(out, "{key} = [{}]", items.join(", "));
    }
}

/// `related` names resolved to references; the others kept under `[extra]`.
fn related(
    page: &Page,
    settled: &Settled,
    extra: &mut toml::Table,
    notes: &mut Vec<Note>,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut unresolved = Vec::new();
    for name in &page.fields.related {
        match settled.targets.name(name) {
            Some(t) if t.key != page.key => {
                let r = reference(&t.key, settled);
                if !out.contains(&r) {
                    out.push(r);
                }
            }
            Some(_) => {}
            None => unresolved.push(toml::Value::String(name.clone())),
        }
    }
    if !unresolved.is_empty() {
        notes.push(Note {
            line: 0,
            message: format!(
                "`related` names {} entr{} not imported; kept under [extra] as `related`",
                unresolved.len(),
                if unresolved.len() == 1 { "y" } else { "ies" }
            ),
        });
        extra.insert("related".into(), toml::Value::Array(unresolved));
    }
    out
}

fn reference(key: &Key, settled: &Settled) -> String {
    if settled.ambiguous.contains(&key.slug) {
        key.to_string()
    } else {
        key.slug.clone()
    }
}

/// The old URLs of the page that are usable site paths and not its new URL.
fn redirects(page: &Page, more: &[String], notes: &mut Vec<Note>) -> Vec<String> {
    let new = normalize_url(&page.key.path());
    let mut out: Vec<String> = Vec::new();
    let all = page
        .old_url
        .iter()
        .chain(&page.fields.redirect_from)
        .chain(more);
    for url in all {
        if !usable_path(url) {
            notes.push(Note {
                line: 0,
                message: format!("old URL `{url}` is not a plain site path; no redirect for it"),
            });
            continue;
        }
        if normalize_url(url) != new && !out.contains(url) {
            out.push(url.clone());
        }
    }
    out
}

/// A site path a static redirect page can be written for.
fn usable_path(url: &str) -> bool {
    url.starts_with('/')
        && !url.starts_with("//")
        && url.len() <= 2000
        && !url.contains(['?', '#', '\\', '"', '<', '>'])
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
        && !url.split('/').any(|s| s == ".." || s == ".")
}

fn source_url(page: &Page, options: &Options) -> String {
    match (&options.source_base, &page.old_url) {
        (Some(base), Some(old)) => format!("{}{old}", base.trim_end_matches('/')),
        _ => format!("{}:{}", page.shape.name(), page.rel),
    }
}
