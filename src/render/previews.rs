//! Link previews (`[links] previews`): the data `static/previews.js` shows in a card when
//! a reader hovers, focuses or first taps a link to an entry.
//!
//! Each entry or area page carries the title, kind and description of exactly the entries
//! it links to (its body's automatic and explicit links, Related, Appears in, See also, an
//! area's members on that page), itself left out, in one block:
//!
//! ```text
//! <script type="application/json" id="glossa-previews">
//! {"kinds":{"term":"Term"},"entries":{"/term/x/":["Title","term","Description"]}}
//! </script>
//! ```
//!
//! keyed by the path the links have (base path included; the script reads each link's
//! resolved path, so relative links match too). It is escaped as the JSON-LD is
//! ([`crate::schema::escape_script_json`]), so no description can close the script.
//! Inline rather than a shared file: no request when a card opens, and a page pays only
//! for what it links to (the README gives the bytes per page). Index pages (home, kind
//! lists, A–Z) carry none: each of their links already shows its kind and description.
//!
//! A body's explicit links are the link stage's notes ([`crate::model::BodyRefs`]),
//! resolved as the browser resolves them on the page ([`crate::destination`]): nothing is
//! parsed again.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::context::Card;
use crate::destination::{Origin, Target};
use crate::model::{EntryId, Links, Site};
use crate::plan::Urls;

/// Every entry's page by its path relative to the site's root (`term/x/`), and the site's
/// origin to resolve body links with.
pub struct EntryPaths {
    origin: Origin,
    by_rel: FxHashMap<String, EntryId>,
}

impl EntryPaths {
    pub fn new(site: &Site) -> EntryPaths {
        EntryPaths {
            origin: Origin::new(&site.config.base_url),
            by_rel: site
                .entries
                .iter()
                .enumerate()
                .map(|(id, e)| (Urls::entry_rel(e), id))
                .collect(),
        }
    }

    /// The entries entry `id`'s body links to explicitly (links, not images), as its page
    /// resolves them, in the body's order (repeats kept).
    pub fn body_links<'a>(
        &'a self,
        site: &Site,
        links: &'a Links,
        id: EntryId,
    ) -> impl Iterator<Item = EntryId> + 'a {
        let page = Urls::entry_rel(&site.entries[id]);
        links.refs[id]
            .links
            .iter()
            .filter(|l| !l.image)
            .filter_map(move |l| match self.origin.resolve(&l.dest, &page) {
                Target::Internal { path, .. } => self.entry(&path),
                _ => None,
            })
    }

    /// The entry whose page is at `path` (relative to the root): `term/x/`, also written
    /// `term/x` (static hosts redirect it to the folder) or `term/x/index.html`.
    fn entry(&self, path: &str) -> Option<EntryId> {
        let path = path.strip_suffix("index.html").unwrap_or(path);
        if path.ends_with('/') {
            self.by_rel.get(path).copied()
        } else {
            self.by_rel.get(&format!("{path}/")).copied()
        }
    }
}

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
        ids.extend(paths.body_links(site, links, id));
    }
    ids.sort_unstable();
    ids.dedup();
    ids.retain(|&x| x != id);
    ids
}

#[derive(Serialize)]
struct Data<'a> {
    /// Each kind's label, for the kinds present.
    kinds: BTreeMap<&'static str, &'static str>,
    /// Path → (title, kind, description).
    entries: BTreeMap<&'a str, (&'a str, &'static str, &'a str)>,
}

/// The page's preview block (script-safe JSON), `None` when it links to no entry.
pub(super) fn data(cards: &[Card], ids: &[EntryId]) -> Option<String> {
    if ids.is_empty() {
        return None;
    }
    let mut data = Data {
        kinds: BTreeMap::new(),
        entries: BTreeMap::new(),
    };
    for &id in ids {
        let c = &cards[id];
        data.kinds.insert(c.kind, c.kind_label);
        data.entries
            .insert(&c.path, (&c.title, c.kind, &c.description));
    }
    Some(crate::schema::to_script_json(&data))
}

impl super::Renderer<'_> {
    /// `previews`: the preview block of an entry's or an area's page (null elsewhere, when
    /// it links to no entry, or with `[links] previews = false`).
    pub(super) fn insert_previews(&self, ctx: &mut tera::Context, page: &crate::plan::Page) {
        use crate::plan::{page_slice, PageKind};
        let Some(paths) = &self.entry_paths else {
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
        let lists = [
            &links.related[id][..],
            &links.appears_in[id],
            &links.see_also[id],
            members,
        ];
        let ids = linked(self.site, links, paths, id, n == 1, &lists);
        if let Some(json) = data(&self.cards, &ids) {
            ctx.insert("previews", &json);
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
            date: String::new(),
            date_display: String::new(),
            count: 0,
            image: None,
        }
    }

    #[test]
    fn only_the_given_entries_and_none_for_none() {
        let cards = [
            card("/definition/a/", "A", "first"),
            card("/definition/b/", "B", "second"),
            card("/definition/c/", "C", "third"),
        ];
        assert_eq!(data(&cards, &[]), None);
        let json = data(&cards, &[0, 2]).unwrap();
        assert_eq!(
            json,
            r#"{"kinds":{"definition":"Definition"},"entries":{"/definition/a/":["A","definition","first"],"/definition/c/":["C","definition","third"]}}"#
        );
    }

    proptest::proptest! {
        /// Whatever a title or description holds, the block never holds `<`, `>` or `&`
        /// (so nothing closes its script or opens a comment), and reads back the same.
        #[test]
        fn any_text_is_script_safe_and_reads_back(
            title in ".*",
            description in "[<>&!/a-z\"\u{2028} -]{0,40}",
        ) {
            let cards = [card("/term/x/", &title, &description)];
            let json = data(&cards, &[0]).unwrap();
            proptest::prop_assert!(!json.contains(['<', '>', '&']), "{}", json);
            let back: serde_json::Value = serde_json::from_str(&json).unwrap();
            proptest::prop_assert_eq!(&back["entries"]["/term/x/"][0], &title);
            proptest::prop_assert_eq!(&back["entries"]["/term/x/"][2], &description);
        }
    }
}
