//! Link previews (`[links] previews`): the data `static/previews.js` shows in a card when
//! a reader hovers, focuses or first taps a link to an entry.
//!
//! Each entry or area page carries the title, kind and description (as plain text) of exactly the entries
//! it links to (its body's automatic and explicit links, Related, Appears in, See also,
//! Referenced by, an area's members on that page), itself left out, in one block:
//!
//! ```text
//! <script type="application/json" id="glossa-previews">
//! {"kinds":{"term":"Term"},"entries":{"/term/x/":["Title","term","Description"]}}
//! </script>
//! ```
//!
//! keyed by the path the links have (base path included; the script reads each link's
//! resolved path, so relative links match too), entries in site order. It is escaped as
//! the JSON-LD is ([`crate::schema::escape_script_json`]), so no description can close the
//! script; each entry's part is made once per build ([`Parts`]) and a page only joins the
//! parts it needs.
//! Inline rather than a shared file: no request when a card opens, and a page pays only
//! for what it links to (the README gives the bytes per page). Index pages (home, kind
//! lists, A–Z) carry none: each of their links already shows its kind and description.
//!
//! A body's explicit links are the link stage's notes ([`crate::model::BodyRefs`]),
//! resolved as the browser resolves them on the page ([`crate::destination`]): nothing is
//! parsed again.

use rayon::prelude::*;
use serde::Serialize;

use super::context::Card;
use crate::link::refs::EntryPaths;
use crate::model::{EntryId, Kind, Links, Site};
use crate::schema::escape_script_json;

/// The entries the page of `id` links to, `lists` being the lists it shows (Related,
/// Appears in, See also, members), with its body's links when `with_body`; sorted, without
/// repeats, `id` left out.
pub(super) fn linked(
    site: &Site,
    links: &Links,
    paths: &EntryPaths,
    id: EntryId,
    with_body: bool,
    lists: &[&[EntryId]],
) -> Vec<EntryId> {
    let mut ids: Vec<EntryId> = lists.iter().flat_map(|l| l.iter().copied()).collect();
    if with_body {
        if site.entries[id].autolink {
            ids.extend(links.mentions[id].iter().map(|m| m.target));
        }
        ids.extend(paths.body_links(&site.entries[id], &links.refs[id]));
    }
    ids.sort_unstable();
    ids.dedup();
    ids.retain(|&x| x != id);
    ids
}

/// Every entry's part of a preview block, made once per build: `"/term/x/":["Title",
/// "term","Description"]`, already script-safe (the escaping is character by character,
/// so parts joined are as safe as the whole). A page's block only joins the parts of the
/// entries it links to.
pub(super) struct Parts {
    parts: Vec<String>,
    kinds: Vec<Kind>,
}

impl Parts {
    pub(super) fn new(site: &Site, cards: &[Card]) -> Parts {
        Parts {
            parts: Parts::new_parts(cards),
            kinds: site.entries.iter().map(|e| e.kind).collect(),
        }
    }

    fn new_parts(cards: &[Card]) -> Vec<String> {
        // Serializing strings cannot fail.
        cards
            .par_iter()
            .map(|c| {
                let key = serde_json::to_string(&c.path).unwrap_or_default();
                // The description as read (its markdown markup gone); the card shows text.
                let description = crate::markdown::inline_text(&c.description);
                let value =
                    serde_json::to_string(&(&c.title, c.kind, &description)).unwrap_or_default();
                escape_script_json(&format!("{key}:{value}"))
            })
            .collect()
    }

    /// The block of a page linking to `ids` (in that order): each kind's label, for the
    /// kinds present, and each entry's part; `None` when it links to no entry.
    pub(super) fn block(&self, ids: &[EntryId]) -> Option<String> {
        if ids.is_empty() {
            return None;
        }
        let size: usize = ids.iter().map(|&id| self.parts[id].len() + 1).sum();
        let mut out = String::with_capacity(size + 80);
        out.push_str("{\"kinds\":{");
        let mut first = true;
        for kind in Kind::ALL {
            if ids.iter().any(|&id| self.kinds[id] == kind) {
                if !first {
                    out.push(',');
                }
                first = false;
                out.push_str(&format!("\"{}\":\"{}\"", kind.as_str(), kind.label()));
            }
        }
        out.push_str("},\"entries\":{");
        for (i, &id) in ids.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&self.parts[id]);
        }
        out.push_str("}}");
        Some(out)
    }
}

/// `previews` in the template context.
#[derive(Serialize)]
struct PreviewsCtx {
    /// The block's script-safe JSON.
    data: String,
}

/// What the pages' previews are made from (`None` in the renderer when they are off).
pub(super) struct Previews {
    paths: EntryPaths,
    parts: Parts,
}

impl Previews {
    pub(super) fn new(site: &Site, cards: &[Card]) -> Previews {
        Previews {
            paths: EntryPaths::new(site),
            parts: Parts::new(site, cards),
        }
    }
}

impl super::Renderer<'_> {
    /// `previews` (`data`: the preview block's JSON) on an entry's or an area's page; null
    /// elsewhere, when it links to no entry, or with `[links] previews = false`.
    pub(super) fn insert_previews(&self, ctx: &mut tera::Context, page: &crate::plan::Page) {
        use crate::plan::{page_slice, PageKind};
        let Some(previews) = &self.previews else {
            return;
        };
        let links = self.links;
        let (id, n) = match page.kind {
            PageKind::Entry(id) => (id, 1),
            PageKind::Area { id, page } => (id, page),
            _ => return,
        };
        let size = self.site.config.pagination.page_size;
        let members = page_slice(&links.members[id], n, size);
        let referring = if n == 1 {
            self.referenced_by(id).0
        } else {
            Vec::new()
        };
        let lists = [
            &links.related[id][..],
            &links.appears_in[id],
            &links.see_also[id],
            members,
            &referring,
        ];
        let ids = linked(self.site, links, &previews.paths, id, n == 1, &lists);
        if let Some(data) = previews.parts.block(&ids) {
            // An object, not the string itself: a template's `{% if previews %}` would
            // escape a string of kilobytes only to find it is not empty.
            ctx.insert("previews", &PreviewsCtx { data });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(path: &str, title: &str, description: &str) -> Card {
        Card {
            title: title.into(),
            path: path.into(),
            kind: "definition",
            kind_label: "Definition",
            description: description.into(),
            description_html: String::new(),
            date: String::new(),
            date_display: String::new(),
            count: 0,
            image: None,
        }
    }

    fn parts(cards: &[Card]) -> Parts {
        Parts {
            parts: Parts::new_parts(cards),
            kinds: cards.iter().map(|c| Kind::parse(c.kind).unwrap()).collect(),
        }
    }

    #[test]
    fn only_the_given_entries_and_none_for_none() {
        let mut cards = vec![
            card("/definition/a/", "A", "first"),
            card("/definition/b/", "B", "second"),
            card("/area/c/", "C", "third"),
        ];
        cards[2].kind = "area";
        let parts = parts(&cards);
        assert_eq!(parts.block(&[]), None);
        let json = parts.block(&[0, 2]).unwrap();
        assert_eq!(
            json,
            r#"{"kinds":{"definition":"Definition","area":"Area"},"entries":{"/definition/a/":["A","definition","first"],"/area/c/":["C","area","third"]}}"#
        );
        let json = parts.block(&[1]).unwrap();
        assert_eq!(
            json,
            r#"{"kinds":{"definition":"Definition"},"entries":{"/definition/b/":["B","definition","second"]}}"#
        );
    }

    proptest::proptest! {
        /// Whatever a title or description holds, the block never holds `<`, `>` or `&`
        /// (so nothing closes its script or opens a comment), and reads back the same (the
        /// descriptions as their text).
        #[test]
        fn any_text_is_script_safe_and_reads_back(
            title in ".*",
            description in "[<>&!/a-z\"\u{2028} -]{0,40}",
        ) {
            let cards = [card("/term/x/", &title, &description), card("/term/y/", "Y", &title)];
            let json = parts(&cards).block(&[0, 1]).unwrap();
            proptest::prop_assert!(!json.contains(['<', '>', '&']), "{}", json);
            let back: serde_json::Value = serde_json::from_str(&json).unwrap();
            proptest::prop_assert_eq!(&back["entries"]["/term/x/"][0], &title);
            // Descriptions come back as the text they read as (markup gone).
            let text = crate::markdown::inline_text;
            proptest::prop_assert_eq!(&back["entries"]["/term/x/"][2], &text(&description));
            proptest::prop_assert_eq!(&back["entries"]["/term/y/"][2], &text(&title));
        }
    }
}
