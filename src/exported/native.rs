//! Native text: a merged [`Draft`] as the text of a native entry (TOML front matter,
//! FORMAT.md §1).
//!
//! `stub = true` marks a short entry made from related items, `redirect_from` lists an
//! area's old resource pages (`/area/<slug>/resource/<N>/`, which redirect to its page), and
//! `source_url` marks every imported entry (it is how a later import tells its own files
//! from hand-written ones).
//! Links in bodies that point at an exported page glossa now has are rewritten to the
//! site's own path (`/term/<slug>/`); links to pages it does not have keep their original
//! URL. [`names`] works out which references need their kind (`kind/slug`) and which
//! entries exist, for the [`Context`].

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;

use super::merge::Draft;
use super::url::{self, Key, Target};
use crate::frontmatter::write::toml_str;
use crate::model::Kind;

/// What the text of an entry may refer to.
pub struct Context<'a> {
    /// Slugs that more than one kind uses: references to them are written `kind/slug`.
    pub ambiguous: &'a HashSet<String>,
    /// Every entry the site will have (imported, stubs, already in `content/`).
    pub known: &'a HashSet<Key>,
    /// Hosts of the exported site: links to them are internal.
    pub origins: &'a BTreeSet<String>,
}

impl Context<'_> {
    fn reference(&self, key: &Key) -> String {
        if self.ambiguous.contains(&key.slug) {
            key.to_string()
        } else {
            key.slug.clone()
        }
    }
}

/// The native entry for a draft.
pub fn render(d: &Draft, ctx: &Context<'_>) -> String {
    let mut out = String::with_capacity(d.body.len() + 512);
    out.push_str("+++\n");
    let _ = writeln!(out, "title = {}", toml_str(&d.title));
    let _ = writeln!(out, "description = {}", toml_str(&d.description));
    if let Some(date) = d.date {
        let _ = writeln!(out, "date = {}", date.iso());
    }
    if let Some(updated) = d.updated {
        let _ = writeln!(out, "updated = {}", updated.iso());
    }
    if let Some(author) = &d.author {
        let _ = writeln!(out, "author = {}", toml_str(author));
    }
    let list = |keys: &[Key]| {
        let items: Vec<String> = keys
            .iter()
            .filter(|k| ctx.known.contains(*k))
            .map(|k| toml_str(&ctx.reference(k)))
            .collect();
        format!("[{}]", items.join(", "))
    };
    if !d.related.is_empty() {
        let _ = writeln!(out, "related = {}", list(&d.related));
    }
    if !d.areas.is_empty() {
        let _ = writeln!(out, "areas = {}", list(&d.areas));
    }
    if !d.redirect_from.is_empty() {
        let paths: Vec<String> = d.redirect_from.iter().map(|p| toml_str(p)).collect();
        let _ = writeln!(out, "redirect_from = [{}]", paths.join(", "));
    }
    if d.stub {
        out.push_str("stub = true\n");
    }
    if !d.source_url.is_empty() {
        let _ = writeln!(out, "source_url = {}", toml_str(&d.source_url));
    }
    if let Some(img) = &d.image {
        out.push_str("[image]\n");
        let _ = writeln!(out, "url = {}", toml_str(&img.url));
        if !img.caption.is_empty() {
            let _ = writeln!(out, "caption = {}", toml_str(&img.caption));
        }
        if let Some(w) = img.width {
            let _ = writeln!(out, "width = {w}");
        }
        if let Some(h) = img.height {
            let _ = writeln!(out, "height = {h}");
        }
    }
    out.push_str("+++\n");
    let body = match d.key.kind {
        Kind::Area => {
            let mut parts: Vec<String> = Vec::new();
            if !d.body.is_empty() {
                parts.push(d.body.clone());
            }
            for (q, a) in &d.questions {
                if a.is_empty() {
                    parts.push(format!("## {q}"));
                } else {
                    parts.push(format!("## {q}\n\n{a}"));
                }
            }
            parts.join("\n\n")
        }
        _ => d.body.clone(),
    };
    let body = rewrite_links(&body, ctx);
    if !body.is_empty() {
        out.push_str(&body);
        out.push('\n');
    }
    out
}

/// Rewrites `](<url>)` destinations that name an entry the site has on an exported host
/// to the site-absolute path of that entry.
pub fn rewrite_links(body: &str, ctx: &Context<'_>) -> String {
    if ctx.origins.is_empty() || !body.contains("](") {
        return body.to_string();
    }
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = rest.find("](") {
        let (head, tail) = rest.split_at(at + 2);
        out.push_str(head);
        let end = tail.find([')', ' ', '\n', '\t']).unwrap_or(tail.len());
        let dest = &tail[..end];
        match local_path(dest, ctx) {
            Some(path) => out.push_str(&path),
            None => out.push_str(dest),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

fn local_path(dest: &str, ctx: &Context<'_>) -> Option<String> {
    let parsed = url::parse(dest).ok()?;
    if !ctx.origins.contains(&parsed.origin) {
        return None;
    }
    let key = match parsed.target {
        Target::Entry(k) | Target::Resource(k, _) => k,
        Target::Other => return None,
    };
    ctx.known.contains(&key).then(|| key.path())
}

/// Slugs used by several kinds, and every key the site will have: the drafts' and
/// `others` (entries already in the site).
pub fn names<'a>(
    drafts: &[Draft],
    others: impl Iterator<Item = &'a Key>,
) -> (HashSet<String>, HashSet<Key>) {
    let known: HashSet<Key> = drafts
        .iter()
        .map(|d| d.key.clone())
        .chain(others.cloned())
        .collect();
    let mut kinds: HashMap<&str, BTreeSet<Kind>> = HashMap::new();
    for k in &known {
        kinds.entry(k.slug.as_str()).or_default().insert(k.kind);
    }
    let ambiguous = kinds
        .into_iter()
        .filter(|(_, k)| k.len() > 1)
        .map(|(s, _)| s.to_string())
        .collect();
    (ambiguous, known)
}

#[cfg(test)]
/// A key (for tests).
pub(crate) fn test_key(kind: Kind, slug: &str) -> Key {
    Key {
        kind,
        slug: slug.into(),
    }
}

/// A definition with dates, image, related items, areas and links (for tests).
#[cfg(test)]
pub(crate) fn sample_draft() -> Draft {
    Draft {
        key: test_key(Kind::Definition, "premium-index"),
        title: "Premium \"Index\"".into(),
        description: "The gap.".into(),
        date: crate::model::Date::parse("2026-01-02T03:04:05+00:00"),
        updated: crate::model::Date::parse("2026-01-03"),
        author: Some("Ada".into()),
        image: Some(crate::model::Image {
            url: "https://g.test/i.jpg".into(),
            caption: "A chart".into(),
            width: Some(640),
            height: Some(480),
        }),
        related: vec![
            test_key(Kind::Term, "basis"),
            test_key(Kind::Term, "missing"),
        ],
        areas: vec![test_key(Kind::Area, "funding")],
        questions: vec![],
        body: "See [Basis](https://g.test/term/basis/) and [Other](https://g.test/term/other/)."
            .into(),
        source_url: "https://g.test/definition/premium-index/".into(),
        redirect_from: vec![],
        stub: false,
        origins: vec![],
        pages: 1,
        mentions: 0,
    }
}
