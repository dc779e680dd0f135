//! Incremental edits of `glossa serve`: which edits keep the links and cards of other
//! entries, putting an edited entry in place, and the pages that depend on it.

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use super::site::Built;
use crate::model::{Entry, EntryId, Kind, SlugRef};
use crate::plan::PageKind;
use crate::render;

/// A changed entry file, parsed.
pub(super) struct Edit {
    pub(super) id: EntryId,
    pub(super) entry: Entry,
    pub(super) text: Arc<str>,
    /// Whether what other pages show of it changed.
    pub(super) card: bool,
    /// Whether its last-modified date changed (the sitemap shows it).
    pub(super) dates: bool,
}

/// Whether two versions of an entry show the same in lists, cards, feeds, the sitemap
/// and other pages' JSON-LD (description, dates, image; the title is a link field).
pub(super) fn same_card(a: &Entry, b: &Entry) -> bool {
    a.description == b.description
        && a.date == b.date
        && a.updated == b.updated
        && a.image == b.image
}

/// Whether two versions of an entry link the same way (and so leave every other entry's
/// links, the automatic linker, the page list and the redirects as they were).
pub(super) fn same_links(a: &Entry, b: &Entry) -> bool {
    let refs = |r: &[SlugRef]| -> Vec<(Option<Kind>, String)> {
        r.iter().map(|r| (r.kind, r.slug.clone())).collect()
    };
    a.kind == b.kind
        && a.slug == b.slug
        && a.title == b.title
        && a.aliases == b.aliases
        && refs(&a.related) == refs(&b.related)
        && refs(&a.areas) == refs(&b.areas)
        && a.draft == b.draft
        && a.autolink == b.autolink
        && a.redirect_from == b.redirect_from
}

/// Puts the new version of entry `id` in place: its body's automatic links, the
/// backlinks of what it links to, its rendered body. Returns the entries whose backlink
/// count changed.
///
/// Only the body's automatic links can change here (the other lists come from fields
/// that [`same_links`] keeps equal).
pub(super) fn update_entry(
    b: &mut Built,
    id: EntryId,
    entry: &mut Entry,
    text: Arc<str>,
) -> Vec<EntryId> {
    let old = &b.site.entries[id];
    entry.source = old.source;
    // The bundle's other files did not change (a change to one is a full rebuild).
    entry.assets.clone_from(&old.assets);
    b.site.sources[old.source].text = text;
    b.site.entries[id] = entry.clone();
    let entry = &b.site.entries[id];

    let scan = crate::link::similar::Counter::with(|counter| {
        crate::link::scan_body(&b.linker, id, entry, counter, &mut String::new())
    });
    let mentions = scan.mentions;
    b.counts[id] = scan.counts;
    b.links.refs[id] = scan.refs;
    let before = std::mem::replace(&mut b.links.auto[id], crate::link::targets(&mentions));
    b.links.mentions[id] = mentions;
    b.links.link_count = b.links.link_count + b.links.auto[id].len() - before.len();
    let mut touched = Vec::new();
    let targets: BTreeSet<EntryId> = before.iter().chain(&b.links.auto[id]).copied().collect();
    for t in targets {
        let links = &b.links;
        let links_to = [
            &links.related[id],
            &links.members[id],
            &links.appears_in[id],
            &links.see_also[id],
            &links.auto[id],
        ]
        .iter()
        .any(|list| list.contains(&t));
        let back = &b.links.backlinks[t];
        let at = back.binary_search_by_key(&b.rank[id], |&x| b.rank[x]);
        match (links_to, at) {
            (true, Err(i)) => b.links.backlinks[t].insert(i, id),
            (false, Ok(i)) => {
                b.links.backlinks[t].remove(i);
            }
            _ => continue,
        }
        touched.push(t);
    }

    b.bodies[id] = render::render_body(&b.site, &b.links, id);
    touched
}

/// The pages (indexes into the plan) of the `own` entries (edited, or whose backlink
/// count changed), and every page that shows the card of a `carded` entry: the pages
/// listing or linking to it (also by a link written in a body, for its preview), the kind
/// index page listing it, the A–Z index, and home when `home`.
pub(super) fn dependent_pages(
    b: &Built,
    carded: &BTreeSet<EntryId>,
    own: &BTreeSet<EntryId>,
    home: bool,
) -> Vec<usize> {
    let links = &b.links;
    let mut ids: BTreeSet<EntryId> = own.clone();
    let mut index_pages: HashSet<(Kind, usize)> = HashSet::new();
    let size = b.site.config.pagination.page_size.max(1);
    let lists = !carded.is_empty();
    for &id in carded {
        ids.insert(id);
        // Pages that show its card or link to it, and those it links to (their
        // "Referenced by" shows its card).
        for list in [
            &links.related[id],
            &links.appears_in[id],
            &links.members[id],
            &links.backlinks[id],
            &links.see_also[id],
            &links.auto[id],
        ] {
            ids.extend(list.iter().copied());
        }
        let kind = b.site.entries[id].kind;
        let position = links
            .by_title
            .iter()
            .filter(|&&x| b.site.entries[x].kind == kind)
            .position(|&x| x == id)
            .unwrap_or(0);
        index_pages.insert((kind, position / size + 1));
    }
    if lists && b.site.config.links.previews {
        ids.extend(body_linkers(b, carded));
    }
    b.pages
        .iter()
        .enumerate()
        .filter(|(_, p)| match p.kind {
            PageKind::Home => home,
            PageKind::Glossary { .. } => lists,
            PageKind::Entry(id) | PageKind::Area { id, .. } => ids.contains(&id),
            PageKind::KindIndex { kind, page } => index_pages.contains(&(kind, page)),
            PageKind::Search | PageKind::NotFound => false,
        })
        .map(|(i, _)| i)
        .collect()
}

/// The entries whose bodies link explicitly to one of `targets` (the automatic links are
/// among the backlinks already): their pages carry the targets' previews.
fn body_linkers(b: &Built, targets: &BTreeSet<EntryId>) -> Vec<EntryId> {
    let paths = crate::link::refs::EntryPaths::new(&b.site);
    (0..b.site.entries.len())
        .filter(|&id| {
            paths
                .body_links(&b.site.entries[id], &b.links.refs[id])
                .any(|t| targets.contains(&t))
        })
        .collect()
}
