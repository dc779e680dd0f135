//! Links: `[[wikilinks]]` into markdown links, and every link destination of a body
//! pointed at the page's new home.
//!
//! A destination is rewritten when it names an imported page: by old URL (a site path, or
//! a URL on `--source-base`'s host), by file (`../pod.md`, `pod/`, Zola's `@/glossary/pod.md`),
//! to that entry's URL with its anchor (`/definition/pod/#usage`). A site path to a page
//! not imported becomes a link on the old site when `--source-base` is given, else it is
//! left (and counted). Code is never touched.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

use super::body::Ctx;
use super::templates::link;

/// `[[target]]`, `[[target|text]]`, `[[target#anchor|text]]` into links.
pub(crate) fn wikilinks(body: &str, ctx: &mut Ctx<'_>) -> String {
    if !body.contains("[[") {
        return body.to_string();
    }
    let code = crate::leftover::code_ranges(body);
    let mut out = String::with_capacity(body.len());
    let mut at = 0;
    let mut from = 0;
    while let Some(found) = body[from..].find("[[") {
        let start = from + found;
        from = start + 2;
        let Some(len) = body[start + 2..].find("]]") else {
            break;
        };
        let inner = &body[start + 2..start + 2 + len];
        let end = start + 2 + len + 2;
        let embed = start > 0 && body.as_bytes()[start - 1] == b'!';
        if inner.is_empty()
            || inner.contains(['\n', '[', ']'])
            || embed
            || code.iter().any(|c| c.start <= start && start < c.end)
        {
            continue;
        }
        let (target, text) = inner.split_once('|').unwrap_or((inner, ""));
        let (name, anchor) = match target.split_once('#') {
            Some((n, a)) => (n.trim(), format!("#{}", crate::markdown::anchor(a))),
            None => (target.trim(), String::new()),
        };
        let resolved = ctx
            .targets
            .name(name)
            .or_else(|| ctx.targets.path(ctx.root, ctx.rel, name, true));
        out.push_str(&body[at..start]);
        match resolved {
            Some(t) => {
                let shown = if text.trim().is_empty() {
                    name
                } else {
                    text.trim()
                };
                out.push_str(&link(shown, &format!("{}{anchor}", t.url())));
                ctx.count("[[wikilink]] → link");
            }
            None => {
                let shown = if text.trim().is_empty() {
                    name
                } else {
                    text.trim()
                };
                out.push_str(shown);
                ctx.count("[[wikilink]] → text (no such entry)");
                ctx.note(
                    &body[start..end],
                    format!("`[[{inner}]]` names no imported entry; its text is kept"),
                );
            }
        }
        at = end;
        from = end;
    }
    out.push_str(&body[at..]);
    out
}

/// Rewrites the destinations of links, images and link reference definitions.
pub(crate) fn rewrite(body: &str, ctx: &mut Ctx<'_>) -> String {
    if !body.contains("](") && !body.contains("]:") {
        return body.to_string();
    }
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        let (dest, image) = match &event {
            Event::Start(Tag::Link { dest_url, .. }) => (dest_url, false),
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
            _ => continue,
        };
        let Some(at) = locate(body, &range, dest) else {
            continue;
        };
        if let Some(new) = destination(dest, image, ctx) {
            edits.push((at, new));
        }
    }
    let code = crate::leftover::code_ranges(body);
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        if let Some(dest) = definition(line) {
            let start = offset + (dest.as_ptr() as usize - line.as_ptr() as usize);
            let inside_code = code.iter().any(|c| c.start <= start && start < c.end);
            if !inside_code {
                if let Some(new) = destination(dest, false, ctx) {
                    edits.push((start..start + dest.len(), new));
                }
            }
        }
        offset += line.len();
    }
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(body.len());
    let mut at = 0;
    for (r, new) in edits {
        if r.start < at {
            continue;
        }
        out.push_str(&body[at..r.start]);
        out.push_str(&new);
        at = r.end;
    }
    out.push_str(&body[at..]);
    out
}

/// Where an inline link's destination is written inside its source `range`.
fn locate(body: &str, range: &Range<usize>, dest: &str) -> Option<Range<usize>> {
    if dest.is_empty() {
        return None;
    }
    let src = body.get(range.clone())?;
    let mut search = src.len();
    while let Some(at) = src[..search].rfind("](") {
        let rest = &src[at + 2..];
        let skip = rest.len() - rest.trim_start().len();
        let rest = rest.trim_start();
        let angle = usize::from(rest.starts_with('<'));
        if rest[angle..].starts_with(dest) {
            let start = range.start + at + 2 + skip + angle;
            return Some(start..start + dest.len());
        }
        search = at;
    }
    None
}

/// The destination of a link reference definition line (`[id]: /path "title"`).
fn definition(line: &str) -> Option<&str> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = line.trim_start_matches(' ').strip_prefix('[')?;
    let close = rest.find("]:")?;
    if close == 0 || rest.starts_with('^') || rest[..close].contains(['[', ']']) {
        return None;
    }
    let dest = rest[close + 2..].trim_start();
    let dest = dest.strip_prefix('<').unwrap_or(dest);
    let end = dest
        .find([' ', '\t', '\n', '\r', '>'])
        .unwrap_or(dest.len());
    (end > 0).then(|| &dest[..end])
}

/// The page whose URL on a Hugo, Zola or Jekyll site is `path` by default: its file path
/// under the import root as a folder (`/distributed-systems/` for
/// `distributed-systems.md`), maybe under a language (`/en/…`). Only the whole path counts,
/// so a link to another page of the old site that shares a last segment stays as it is.
fn by_default_url<'t>(path: &str, ctx: &Ctx<'t>) -> Option<&'t super::targets::Target> {
    if !path.ends_with('/') && path.contains('.') {
        return None;
    }
    let exact = ctx.targets.path(ctx.root, "", path, false);
    exact.or_else(|| {
        let (lang, rest) = path.trim_start_matches('/').split_once('/')?;
        is_language(lang)
            .then(|| ctx.targets.path(ctx.root, "", rest, false))
            .flatten()
    })
}

/// Whether a path segment is a language code (`en`, `pt-br`, `zh-CN`).
fn is_language(seg: &str) -> bool {
    let (primary, region) = seg.split_once('-').unwrap_or((seg, "ab"));
    primary.len() == 2
        && primary.chars().all(|c| c.is_ascii_lowercase())
        && (2..=4).contains(&region.len())
        && region.chars().all(|c| c.is_ascii_alphanumeric())
}

/// What a destination becomes, or `None` to keep it.
fn destination(dest: &str, image: bool, ctx: &mut Ctx<'_>) -> Option<String> {
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, format!("#{f}")),
        None => (dest, String::new()),
    };
    if let Some(zola) = path.strip_prefix("@/") {
        return match ctx.targets.path(ctx.root, ctx.rel, zola, true) {
            Some(t) => {
                ctx.link("`@/` path → entry URL");
                Some(format!("{}{fragment}", t.url()))
            }
            None => {
                ctx.link("`@/` path of a page not imported (left)");
                ctx.note(dest, format!("`{dest}` names a page that is not imported"));
                None
            }
        };
    }
    let site_path = if let Some(rest) = path.split_once("://").map(|(_, r)| r) {
        let base_host = ctx
            .source_base
            .and_then(|b| b.split_once("://"))
            .map(|(_, h)| h.trim_end_matches('/'));
        let host = rest.split('/').next().unwrap_or("");
        if base_host.is_some_and(|b| b.eq_ignore_ascii_case(host)) {
            Some(rest.find('/').map_or("/", |p| &rest[p..]))
        } else {
            return None;
        }
    } else if path.starts_with('/') && !path.starts_with("//") {
        Some(path)
    } else {
        None
    };
    if let Some(p) = site_path {
        if ctx.targets.is_new_url(p) {
            return None;
        }
        if let Some(t) = ctx.targets.url(p) {
            ctx.link("old URL of an imported page → entry URL");
            return Some(format!("{}{fragment}", t.url()));
        }
        if let Some(t) = by_default_url(p, ctx) {
            ctx.link("old URL of an imported page (from its file path) → entry URL");
            return Some(format!("{}{fragment}", t.url()));
        }
        return match ctx.source_base {
            Some(base) => {
                ctx.link("site path not imported → the old site (--source-base)");
                Some(format!("{}{p}{fragment}", base.trim_end_matches('/')))
            }
            _ => {
                ctx.link(
                    "site path not imported (left; --source-base makes it a link to the old site)",
                );
                None
            }
        };
    }
    if path.is_empty() || image || path.contains(':') {
        return None;
    }
    let page_like = [".md", ".mdx", ".markdown"]
        .iter()
        .any(|x| path.ends_with(x))
        || path.ends_with('/');
    if !page_like {
        return None;
    }
    match ctx.targets.path(ctx.root, ctx.rel, path, false) {
        Some(t) => {
            ctx.link("file path → entry URL");
            Some(format!("{}{fragment}", t.url()))
        }
        None => {
            ctx.link("file path not imported (left)");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_destinations() {
        let body = "See [a](/x/ \"t\") and ![i](<img a.png>).";
        let r = locate(body, &(4..16), "/x/").unwrap();
        assert_eq!(&body[r], "/x/");
        assert_eq!(
            definition("[pod]: /docs/pod/ \"Pod\"\n"),
            Some("/docs/pod/")
        );
        assert_eq!(definition("    [pod]: /x\n"), None);
        assert_eq!(definition("[^1]: note\n"), None);
    }
}
