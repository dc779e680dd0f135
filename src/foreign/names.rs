//! What each page is called and what it becomes: its title, slug, kind and old URLs, and
//! the [`Targets`] every reference resolves against ([`super::targets`]).
//!
//! - **Slugs** come from `slug`, `url` or `permalink` (Docusaurus: also `id`), else the
//!   file name; a page bundle `x/index.md` (or `x/_index.md`) is `x`. Values holding a path
//!   (MDN's `Glossary/Node/DOM`, a permalink `/glossary/pod/`) lose the leading segments
//!   every such value of their folder shares, and the rest is joined: `node-dom`, `pod`.
//! - **Kinds**: `--kind`, else a `kind` key, else by length ([`auto_kind`]).
//! - **Old URLs**: a stated `url`/`permalink`, a Docusaurus `slug` path (under `/docs`),
//!   MDN's `/<locale>/docs/<slug>`; with `aliases`/`redirect_from` paths they resolve links
//!   and become `redirect_from`.
//! - A section's own list page (`_index.md` or `index.md` at the import root) is no entry,
//!   nor is a page with a `layout` and no text (the old theme's search page, say).

use std::collections::{HashMap, HashSet};

use super::detect::{starts_with_h1, Raw};
use super::keys::{self, Fields};
pub(crate) use super::targets::{normalize_url, Targets};
use super::{Input, KindRule, Note, Options, Shape};
use crate::exported::merge::Skipped;
use crate::exported::url::Key;
use crate::frontmatter::slugify;
use crate::model::Kind;

/// One page, read and named.
#[derive(Debug)]
pub(crate) struct Page {
    pub(crate) input: usize,
    /// The file's path relative to its root.
    pub(crate) rel: String,
    pub(crate) shape: Shape,
    pub(crate) fields: Fields,
    pub(crate) title: String,
    /// The body as written (its first `# Title` removed when that gave the title).
    pub(crate) body: String,
    /// Byte offset of `body` in the file.
    pub(crate) body_offset: usize,
    pub(crate) key: Key,
    /// The page's old URL where the source states it.
    pub(crate) old_url: Option<String>,
    /// A bundle (`x/index.md`) with files of its own.
    pub(crate) bundle: bool,
    /// Front-matter table kept for Hugo's `{{< param >}}` (the page's own values first).
    pub(crate) params: toml::Table,
}

/// Slugs, kinds and targets of the kept pages, and the areas tags call for.
#[derive(Debug, Default)]
pub(crate) struct Settled {
    pub(crate) targets: Targets,
    pub(crate) tag_areas: Vec<TagArea>,
    /// Slugs several kinds use (references to them say `kind/slug`).
    pub(crate) ambiguous: HashSet<String>,
}

/// An area made up for a tag no entry stands for.
#[derive(Clone, Debug)]
pub(crate) struct TagArea {
    pub(crate) slug: String,
    pub(crate) title: String,
    pub(crate) tag: String,
    pub(crate) shape: Shape,
}

impl Page {
    /// Maps the front matter and finds the title (a `title` key, else a first `# Title`
    /// line, else the file name). Slug and kind are settled later, over all pages.
    pub(crate) fn new(input_index: usize, input: &Input, raw: Raw<'_>) -> Page {
        let key_lines = raw.key_lines;
        let line = |k: &str| {
            key_lines
                .iter()
                .find(|(name, _)| name == k)
                .map_or(1, |(_, l)| *l)
        };
        let params = raw.table.clone();
        let mut fields = keys::map(raw.shape, raw.table, &line);
        if fields.date.is_none() {
            // A Jekyll post's date is in its file name.
            let file = input.rel.rsplit('/').next().unwrap_or(&input.rel);
            fields.date = file.get(..10).and_then(crate::model::Date::parse);
        }
        let mut body = raw.body.to_string();
        let mut body_offset = raw.body_offset;
        let title = match fields.title.take() {
            Some(t) => t,
            None if starts_with_h1(&body) && !take_h1(&body).0.is_empty() => {
                let (t, cut) = take_h1(&body);
                body_offset += cut;
                body = body[cut..].to_string();
                t
            }
            None => {
                fields.notes.push(Note {
                    line: 1,
                    message: "no title: made from the file name".into(),
                });
                title_from(&stem(&input.rel))
            }
        };
        Page {
            input: input_index,
            rel: input.rel.clone(),
            shape: raw.shape,
            fields,
            title,
            body,
            body_offset,
            key: Key {
                kind: Kind::Definition,
                slug: String::new(),
            },
            old_url: None,
            bundle: false,
            params,
        }
    }
}

/// Leaves out a section's own list page (`_index.md`/`index.md` at an import root) and
/// the pages of the old site's theme (a `layout` and no text: a search page, say).
pub(crate) fn keep_entries(
    pages: Vec<Page>,
    inputs: &[Input],
    skipped: &mut Vec<Skipped>,
) -> Vec<Page> {
    pages
        .into_iter()
        .filter(|p| {
            let rel = &inputs[p.input].rel;
            let section = matches!(rel.as_str(), "_index.md" | "index.md" | "index.mdx")
                && inputs.iter().filter(|i| i.root == inputs[p.input].root).count() > 1;
            if section {
                skipped.push(Skipped {
                    path: inputs[p.input].shown.display().to_string(),
                    reason: "the section's own list page (an `_index.md` or `index.md` at the import root), not an entry".into(),
                });
            }
            let theme_page = !section
                && p.body.trim().is_empty()
                && p.fields.description.is_none()
                && p.params.get("layout").is_some_and(|l| l.is_str());
            if theme_page {
                let layout = p.params.get("layout").and_then(|l| l.as_str()).unwrap_or("");
                skipped.push(Skipped {
                    path: inputs[p.input].shown.display().to_string(),
                    reason: format!("a page of the old site's theme (`layout: {layout}`, no text), not an entry"),
                });
            }
            !section && !theme_page
        })
        .collect()
}

/// Gives every page its slug, kind and old URL (pages that cannot be named, or that
/// another page already names, are skipped), and builds the targets and tag areas.
pub(crate) fn settle(
    pages: &mut Vec<Page>,
    inputs: &[Input],
    options: &Options,
    skipped: &mut Vec<Skipped>,
) -> Settled {
    let slugs = slugs(pages, inputs);
    let mut taken: HashMap<Key, usize> = HashMap::new();
    let mut keep = Vec::with_capacity(pages.len());
    for (page, slug) in std::mem::take(pages).into_iter().zip(slugs) {
        let input = &inputs[page.input];
        let Some(slug) = slug else {
            skipped.push(Skipped {
                path: input.shown.display().to_string(),
                reason: "no slug can be made from its `slug`, `url` or file name".into(),
            });
            continue;
        };
        let kind = match options.kind {
            KindRule::Always(k) => k,
            KindRule::Auto => page.fields.kind.unwrap_or_else(|| auto_kind(&page.body)),
        };
        let key = Key { kind, slug };
        if let Some(&first) = taken.get(&key) {
            skipped.push(Skipped {
                path: input.shown.display().to_string(),
                reason: format!(
                    "`{key}` is already made from {}; set another `slug` to import both",
                    inputs[first].shown.display()
                ),
            });
            continue;
        }
        taken.insert(key.clone(), page.input);
        let mut page = page;
        let locale = options
            .roots
            .get(input.root)
            .map_or("", |r| r.locale.as_str());
        page.old_url = old_url(&page, locale);
        page.bundle = !input.assets.is_empty() && is_bundle(&input.rel);
        page.key = key;
        keep.push(page);
    }
    *pages = keep;
    let targets = Targets::new(pages, inputs);
    let tag_areas = tag_areas(pages);
    let area_keys: Vec<Key> = tag_areas.iter().map(TagArea::key).collect();
    let ambiguous = super::ambiguous(
        pages
            .iter()
            .map(|p| &p.key)
            .chain(options.existing.iter())
            .chain(area_keys.iter()),
    );
    Settled {
        targets,
        tag_areas,
        ambiguous,
    }
}

impl TagArea {
    pub(crate) fn key(&self) -> Key {
        Key {
            kind: Kind::Area,
            slug: self.slug.clone(),
        }
    }
}

/// The areas tags call for that no imported page is. (One the site already has is still
/// made: as a stub, it never replaces it, and a second import finds it unchanged.)
fn tag_areas(pages: &[Page]) -> Vec<TagArea> {
    let have: HashSet<&Key> = pages.iter().map(|p| &p.key).collect();
    let mut out: Vec<TagArea> = Vec::new();
    for p in pages {
        for tag in &p.fields.tags {
            let slug = slugify(tag);
            if slug.is_empty() || out.iter().any(|a| a.slug == slug) {
                continue;
            }
            let key = Key {
                kind: Kind::Area,
                slug: slug.clone(),
            };
            if !have.contains(&key) {
                let mut title = title_from(tag);
                if pages.iter().any(|p| p.title.eq_ignore_ascii_case(&title)) {
                    title.push_str(" (area)");
                }
                out.push(TagArea {
                    slug,
                    title,
                    tag: tag.clone(),
                    shape: p.shape,
                });
            }
        }
    }
    out.sort_by(|a, b| a.slug.cmp(&b.slug));
    out
}

/// Each page's slug: from its slug value (paths lose the segments every path value of
/// their root shares), else its file name.
fn slugs(pages: &[Page], inputs: &[Input]) -> Vec<Option<String>> {
    let segments = |p: &Page| -> Option<Vec<String>> {
        let v = p.fields.slug.as_deref()?;
        let stem = stem(&inputs[p.input].rel);
        let segs: Vec<String> = v
            .split(['/', '\\'])
            .filter(|s| !s.is_empty() && *s != "." && *s != "..")
            .filter_map(|s| match s.strip_prefix(':') {
                Some("title" | "name" | "slug" | "basename") => Some(stem.clone()),
                Some(_) => None,
                None => Some(s.trim_end_matches(".html").to_string()),
            })
            .collect();
        (!segs.is_empty()).then_some(segs)
    };
    let all: Vec<Option<Vec<String>>> = pages.iter().map(segments).collect();
    let roots = inputs.iter().map(|i| i.root + 1).max().unwrap_or(0);
    let mut shared: Vec<Option<Vec<String>>> = vec![None; roots];
    for (p, segs) in pages.iter().zip(&all) {
        let Some(segs) = segs.as_ref().filter(|s| s.len() > 1) else {
            continue;
        };
        let slot = &mut shared[inputs[p.input].root];
        let cap = segs.len() - 1;
        *slot = Some(match slot.take() {
            None => segs[..cap].to_vec(),
            Some(prefix) => prefix
                .iter()
                .zip(segs.iter().take(cap))
                .take_while(|(a, b)| a.eq_ignore_ascii_case(b))
                .map(|(a, _)| a.clone())
                .collect(),
        });
    }
    pages
        .iter()
        .zip(all)
        .map(|(p, segs)| {
            let prefix = shared[inputs[p.input].root].as_ref().map_or(0, Vec::len);
            let from_value = segs
                .map(|s| slugify(&s[prefix.min(s.len().saturating_sub(1))..].join("-")))
                .filter(|s| !s.is_empty());
            let slug = from_value.unwrap_or_else(|| slugify(&stem(&inputs[p.input].rel)));
            (!slug.is_empty()).then_some(slug)
        })
        .collect()
}

/// The name a file gives its page: its stem, or its folder's for `index.md`/`_index.md`;
/// a Jekyll post's date prefix dropped.
pub(crate) fn stem(rel: &str) -> String {
    let mut parts = rel.rsplit('/');
    let file = parts.next().unwrap_or(rel);
    let base = file.rsplit_once('.').map_or(file, |(b, _)| b);
    let base = if base == "index" || base == "_index" {
        parts.next().unwrap_or(base)
    } else {
        base
    };
    let b = base.as_bytes();
    let dated = b.len() > 11
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'-';
    if dated {
        base[11..].to_string()
    } else {
        base.to_string()
    }
}

/// Whether `rel` is a page bundle's page (`x/index.md`, `x/_index.md`).
pub(crate) fn is_bundle(rel: &str) -> bool {
    let mut parts = rel.rsplit('/');
    let file = parts.next().unwrap_or("");
    parts.next().is_some() && matches!(file, "index.md" | "_index.md" | "index.mdx")
}

/// A title made from a tag or file name: `core-object` → `Core object`.
pub(crate) fn title_from(name: &str) -> String {
    let spaced: String = name
        .trim()
        .chars()
        .map(|c| if c == '-' || c == '_' { ' ' } else { c })
        .collect();
    let spaced = spaced.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The text of a first `# Title` line and the bytes up to the line after it.
fn take_h1(body: &str) -> (String, usize) {
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        offset += line.len();
        let l = line.trim_end();
        if l.trim().is_empty() {
            continue;
        }
        let t = l
            .trim_start_matches("# ")
            .trim()
            .trim_end_matches('#')
            .trim();
        let t = match t.rfind("{#") {
            Some(at) if t.ends_with('}') => t[..at].trim(),
            _ => t,
        };
        return (t.to_string(), offset);
    }
    (String::new(), 0)
}

/// A definition when the body is short: at most six sentences and 150 words, and no
/// `##` section (but for "See also", "Related", "References", "Further reading",
/// "Specifications"); else a term.
pub fn auto_kind(body: &str) -> Kind {
    let plain = crate::markdown::to_plain_text(body, false);
    let words = plain.split_whitespace().count();
    let sentences = plain
        .split_whitespace()
        .filter(|w| w.ends_with(['.', '!', '?']))
        .count();
    let sections = body.lines().any(|l| {
        l.starts_with("## ")
            && !matches!(
                crate::text::lowercase(l[3..].trim()).as_str(),
                "see also" | "related" | "references" | "specifications" | "further reading"
            )
    });
    if sections || words > 150 || sentences > 6 {
        Kind::Term
    } else {
        Kind::Definition
    }
}

/// The page's old URL where its source states it.
fn old_url(page: &Page, locale: &str) -> Option<String> {
    if let Some(url) = &page.fields.own_url {
        if page.shape == Shape::Docusaurus && !url.starts_with("/docs/") {
            return Some(format!("/docs/{}", url.trim_start_matches('/')));
        }
        if page.shape != Shape::Mdn {
            return Some(url.clone());
        }
    }
    if page.shape == Shape::Mdn {
        let slug = page.fields.slug.as_deref()?.trim_matches('/');
        let locale = if locale.is_empty() { "en-US" } else { locale };
        return Some(format!("/{locale}/docs/{slug}"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_titles_and_bundles() {
        assert_eq!(stem("pod.md"), "pod");
        assert_eq!(stem("node/dom/index.md"), "dom");
        assert_eq!(stem("x/_index.md"), "x");
        assert_eq!(stem("2024-01-02-margin-call.md"), "margin-call");
        assert_eq!(title_from("core-object"), "Core object");
        assert_eq!(title_from("API"), "API");
        assert!(is_bundle("a/index.md") && !is_bundle("index.md") && !is_bundle("a/b.md"));
    }

    #[test]
    fn kinds_by_length() {
        assert_eq!(auto_kind("A short thing. It is small."), Kind::Definition);
        assert_eq!(auto_kind("Intro.\n\n## Details\n\nMore."), Kind::Term);
        assert_eq!(auto_kind(&"word ".repeat(200)), Kind::Term);
    }

    #[test]
    fn h1_titles() {
        assert_eq!(
            take_h1("\n# Mark price {#mp}\n\nBody"),
            ("Mark price".into(), 20)
        );
    }
}
