//! Link: turn the slugs entries name into a graph of [`Links`].
//!
//! - `related` works both ways: if A names B, both pages list the other.
//! - An area's members are the entries that name it in `areas` and the non-area entries the
//!   area names in its own `related`; those entries "appear in" the area.
//! - Unknown, ambiguous or misdirected slugs are reported as warnings (with the nearest slug
//!   as a suggestion) and skipped.
//!
//! - [`auto`] links the first mention of another entry's title or alias in each body;
//!   those links count as backlinks too.
//! - [`similar`] fills "See also" with entries similar by text, for entries with few
//!   explicit relations.
//!
//! Bodies are parsed once here (events only, no HTML) to find the automatic links and the
//! plain text the similarity pass reads; rendering puts the links found back in place
//! from [`Links::mentions`] (see [`auto::replay`]).

use std::collections::HashMap;

pub mod auto;
pub mod everyday;
pub mod matcher;
pub mod names;
pub mod refs;
pub mod similar;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use rayon::prelude::*;

use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::frontmatter::suggest;
use crate::model::{BodyRefs, EntryId, Kind, Links, Mention, Site, SlugRef};

/// Looks entries up by slug, optionally qualified by kind.
pub struct SlugIndex<'a> {
    by_slug: HashMap<&'a str, Vec<EntryId>>,
    /// Every slug, sorted, for suggestions.
    sorted: Vec<&'a str>,
    site: &'a Site,
}

/// What a slug reference resolved to.
pub enum Resolved {
    Found(EntryId),
    Unknown,
    /// The bare slug names entries of several kinds.
    Ambiguous(Vec<Kind>),
}

impl<'a> SlugIndex<'a> {
    pub fn new(site: &'a Site) -> Self {
        let mut by_slug: HashMap<&str, Vec<EntryId>> = HashMap::with_capacity(site.entries.len());
        for (id, e) in site.entries.iter().enumerate() {
            by_slug.entry(e.slug.as_str()).or_default().push(id);
        }
        let mut sorted: Vec<&str> = by_slug.keys().copied().collect();
        sorted.sort_unstable();
        SlugIndex {
            by_slug,
            sorted,
            site,
        }
    }

    pub fn resolve(&self, r: &SlugRef) -> Resolved {
        let Some(ids) = self.by_slug.get(r.slug.as_str()) else {
            return Resolved::Unknown;
        };
        match r.kind {
            Some(kind) => ids
                .iter()
                .find(|&&id| self.site.entries[id].kind == kind)
                .map_or(Resolved::Unknown, |&id| Resolved::Found(id)),
            None if ids.len() == 1 => Resolved::Found(ids[0]),
            None => Resolved::Ambiguous(ids.iter().map(|&id| self.site.entries[id].kind).collect()),
        }
    }

    /// The existing slug closest to `slug`, for "did you mean".
    pub fn nearest(&self, slug: &str) -> Option<&'a str> {
        // Jaro-Winkler above 0.8 needs lengths within a factor of about two.
        let close = |s: &&str| s.len() * 2 >= slug.len() && slug.len() * 2 >= s.len();
        suggest(slug, self.sorted.iter().copied().filter(close))
    }
}

/// Builds the link graph and reports slugs that do not resolve.
pub fn link(site: &Site) -> (Links, Vec<Diagnostic>) {
    let linked = link_with_counts(site);
    (linked.links, linked.diagnostics)
}

/// Everything the link stage found, with what `glossa serve` keeps to link an edited
/// body again.
pub struct Linked {
    pub links: Links,
    pub diagnostics: Vec<Diagnostic>,
    /// Each body's stem counts (what "See also" reads).
    pub counts: Vec<similar::StemCounts>,
    /// The site's automatic linker (its ambiguous names moved to [`Links::ambiguous`]).
    pub linker: auto::AutoLinker,
}

/// [`link`], also giving each body's stem counts and the automatic linker, which
/// `glossa serve` keeps to recompute automatic links and "See also" after edits.
pub fn link_with_counts(site: &Site) -> Linked {
    // The name matcher and the explicit relations do not depend on each other.
    let (mut linker, explicit) = rayon::join(|| auto::AutoLinker::new(site), || explicit(site));
    let Explicit {
        related,
        members,
        appears_in,
        by_title,
        rank,
        diagnostics,
    } = explicit;
    let scans: Vec<Scan> = site
        .entries
        .par_iter()
        .enumerate()
        .map_init(String::new, |text, (id, e)| {
            similar::Counter::with(|counter| scan_body(&linker, id, e, counter, text))
        })
        .collect();
    let n = scans.len();
    let (mut mentions, mut counts, mut refs) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for scan in scans {
        mentions.push(scan.mentions);
        counts.push(scan.counts);
        refs.push(scan.refs);
    }

    let see_also = see_also(site, &counts, &related, &appears_in);
    let (by_kind, by_letter) = groups(site, &by_title);
    let auto = mentions.iter().map(|m| targets(m)).collect();
    let mut links = Links {
        by_title,
        by_kind,
        by_letter,
        related,
        appears_in,
        members,
        see_also,
        auto,
        mentions,
        backlinks: Vec::new(),
        link_count: 0,
        ambiguous: std::mem::take(&mut linker.ambiguous),
        shadowed: std::mem::take(&mut linker.shadowed),
        refs,
    };
    count_backlinks(&mut links, &rank);
    Linked {
        links,
        diagnostics,
        counts,
        linker,
    }
}

/// "See also" of every entry from the bodies' stem `counts`, leaving out its explicit
/// relations; none for entries with many of those.
pub fn see_also(
    site: &Site,
    counts: &[similar::StemCounts],
    related: &[Vec<EntryId>],
    appears_in: &[Vec<EntryId>],
) -> Vec<Vec<EntryId>> {
    let config = &site.config.links;
    let exclude: Vec<Vec<EntryId>> = related
        .iter()
        .zip(appears_in)
        .map(|(r, a)| r.iter().chain(a).copied().collect())
        .collect();
    let mut see_also = similar::similar(site, counts, &exclude, config.see_also);
    for (id, list) in see_also.iter_mut().enumerate() {
        if related[id].len() >= config.see_also_max_related {
            list.clear();
        }
    }
    see_also
}

/// Fills `backlinks` and `link_count` from the other lists; `rank` is each entry's
/// position in title order.
///
/// Every list is rendered as links on its owner's page; a page's backlinks are the
/// pages whose lists or bodies link to it.
pub fn count_backlinks(links: &mut Links, rank: &[u32]) {
    let mut back: Vec<Vec<EntryId>> = vec![Vec::new(); rank.len()];
    let mut link_count = 0;
    for lists in [
        &links.related,
        &links.members,
        &links.appears_in,
        &links.see_also,
        &links.auto,
    ] {
        for (from, targets) in lists.iter().enumerate() {
            link_count += targets.len();
            for &to in targets {
                back[to].push(from);
            }
        }
    }
    back.par_iter_mut().for_each(|list| {
        list.sort_unstable_by_key(|&id| rank[id]);
        list.dedup();
    });
    links.backlinks = back;
    links.link_count = link_count;
}

/// The lists written in front matter, resolved and ordered by title: related (both
/// ways), area members and the areas each entry appears in.
struct Explicit {
    related: Vec<Vec<EntryId>>,
    members: Vec<Vec<EntryId>>,
    appears_in: Vec<Vec<EntryId>>,
    by_title: Vec<EntryId>,
    /// Each entry's position in `by_title`.
    rank: Vec<u32>,
    diagnostics: Vec<Diagnostic>,
}

/// The entry `r` (in field `field` of entry `id`) names, or the warning's message and help.
fn resolve_target(
    index: &SlugIndex,
    id: EntryId,
    r: &SlugRef,
    field: &str,
) -> Result<EntryId, (String, Option<String>)> {
    match index.resolve(r) {
        Resolved::Found(t) if t == id => Err((
            format!("`{field}` names the entry itself (`{}`)", r.slug),
            None,
        )),
        Resolved::Found(t) => Ok(t),
        Resolved::Unknown => {
            let help = index
                .nearest(&r.slug)
                .map(|s| format!("did you mean `{s}`?"));
            Err((format!("unknown slug `{}` in `{field}`", r.slug), help))
        }
        Resolved::Ambiguous(kinds) => {
            let options: Vec<String> = kinds.iter().map(|k| format!("`{k}/{}`", r.slug)).collect();
            Err((
                format!(
                    "slug `{}` in `{field}` names entries of several kinds",
                    r.slug
                ),
                Some(format!("write {}", options.join(" or "))),
            ))
        }
    }
}

fn explicit(site: &Site) -> Explicit {
    let n = site.entries.len();
    let index = SlugIndex::new(site);
    let mut diagnostics = Vec::new();
    // Lists are gathered with repeats, then ordered and deduplicated once.
    let mut related: Vec<Vec<EntryId>> = vec![Vec::new(); n];
    let mut members: Vec<Vec<EntryId>> = vec![Vec::new(); n];
    let mut appears_in: Vec<Vec<EntryId>> = vec![Vec::new(); n];

    for (id, entry) in site.entries.iter().enumerate() {
        let source = &site.sources[entry.source];
        let mut warn = |r: &SlugRef, message: String, help: Option<String>| {
            let d = Diagnostic::warning(Code::BrokenLink, message, &source.path)
                .with_source(&source.text, r.span.clone());
            diagnostics.push(match help {
                Some(h) => d.with_help(h),
                None => d,
            });
        };
        let target = |r: &SlugRef, field: &str| resolve_target(&index, id, r, field);
        for r in &entry.related {
            let t = match target(r, "related") {
                Ok(t) => t,
                Err((message, help)) => {
                    warn(r, message, help);
                    continue;
                }
            };
            if entry.kind == Kind::Area && site.entries[t].kind != Kind::Area {
                members[id].push(t);
                appears_in[t].push(id);
            } else {
                related[id].push(t);
                related[t].push(id);
            }
        }
        for r in &entry.areas {
            // `areas` can only name areas, so a bare slug shared with a term means the area.
            let as_area = SlugRef {
                kind: r.kind.or(Some(Kind::Area)),
                ..r.clone()
            };
            let found = match index.resolve(&as_area) {
                Resolved::Found(t) if t != id => Ok(t),
                _ => target(r, "areas"),
            };
            let t = match found {
                Ok(t) => t,
                Err((message, help)) => {
                    warn(r, message, help);
                    continue;
                }
            };
            if site.entries[t].kind != Kind::Area {
                let kind = site.entries[t].kind;
                warn(
                    r,
                    format!("`{}` in `areas` is a {kind}, not an area", r.slug),
                    None,
                );
            } else if entry.kind == Kind::Area {
                related[id].push(t);
                related[t].push(id);
            } else {
                members[t].push(id);
                appears_in[id].push(t);
            }
        }
    }

    let by_title = title_order(site);
    let mut rank = vec![0u32; n];
    for (r, &id) in by_title.iter().enumerate() {
        rank[id] = r as u32;
    }
    let order = |mut ids: Vec<EntryId>| {
        ids.sort_unstable_by_key(|&id| rank[id]);
        ids.dedup();
        ids
    };
    Explicit {
        related: related.into_iter().map(order).collect(),
        members: members.into_iter().map(order).collect(),
        appears_in: appears_in.into_iter().map(order).collect(),
        by_title,
        rank,
        diagnostics,
    }
}

/// What one pass over a body finds.
pub struct Scan {
    /// Its automatic links, in order.
    pub mentions: Vec<Mention>,
    /// The entry's stem counts, for "See also".
    pub counts: similar::StemCounts,
    /// The links written in it and its anchors, for the link check.
    pub refs: BodyRefs,
}

/// One pass over a body: its automatic-link targets (in order), the entry's stem counts
/// for "See also" (its body's plain text, code left out, with its title, aliases and
/// description), and the links and anchors the link check reads. `text` is a buffer
/// reused between bodies.
pub fn scan_body(
    linker: &auto::AutoLinker,
    id: EntryId,
    entry: &crate::model::Entry,
    counter: &mut similar::Counter,
    text: &mut String,
) -> Scan {
    let mut page = auto::PageLinks::new(id);
    text.clear();
    let mut in_code = false;
    let mut collect = |event: Event<'_>| match event {
        Event::Start(Tag::CodeBlock(_)) => in_code = true,
        Event::End(TagEnd::CodeBlock) => in_code = false,
        Event::Text(t) if !in_code => {
            text.push_str(&t);
            text.push(' ');
        }
        Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
        _ => {}
    };
    let mut refs = refs::Collector::new(&entry.body);
    let mut note = |e: &Event<'_>, range| refs.note(e, range);
    let events = crate::markdown::events_noting(&entry.body, &mut note);
    if entry.autolink {
        // Only the text is read here: the links need no destination.
        linker.apply(events, &mut page, |_| CowStr::Borrowed(""), &mut collect);
    } else {
        events.for_each(&mut collect);
    }
    let refs = refs.finish();
    linker.drop_explicit(entry, &refs, &mut page.mentions);
    Scan {
        mentions: page.mentions,
        counts: counter.count_entry(entry, text),
        refs,
    }
}

/// The entries a body's `mentions` link to, in order.
pub fn targets(mentions: &[Mention]) -> Vec<EntryId> {
    mentions.iter().map(|m| m.target).collect()
}

/// The entries of each kind, and under each letter of the A–Z index, in title order.
pub fn groups(site: &Site, by_title: &[EntryId]) -> ([Vec<EntryId>; 3], Vec<Vec<EntryId>>) {
    let mut by_kind: [Vec<EntryId>; 3] = Default::default();
    let mut by_letter = vec![Vec::new(); crate::letter::LETTERS];
    for &id in by_title {
        let e = &site.entries[id];
        by_kind[e.kind.index()].push(id);
        by_letter[crate::letter::letter_slot(&e.title)].push(id);
    }
    (by_kind, by_letter)
}

/// Every entry id, by case-folded title, then slug, then kind.
pub fn title_order(site: &Site) -> Vec<EntryId> {
    let mut ids: Vec<EntryId> = (0..site.entries.len()).collect();
    ids.sort_by_cached_key(|&id| {
        let e = &site.entries[id];
        (e.title.to_lowercase(), e.slug.clone(), e.kind)
    });
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::model::{Entry, SourceFile};
    use std::path::PathBuf;
    use std::sync::Arc;

    fn entry(kind: Kind, slug: &str, related: &[&str], areas: &[&str]) -> Entry {
        let r = |s: &&str| SlugRef {
            kind: None,
            slug: s.to_string(),
            span: None,
        };
        Entry {
            related: related.iter().map(r).collect(),
            areas: areas.iter().map(r).collect(),
            ..Entry::new(kind, slug, slug.to_uppercase())
        }
    }

    fn site(entries: Vec<Entry>) -> Site {
        Site {
            root: PathBuf::new(),
            config: Config::default(),
            entries,
            sources: vec![SourceFile {
                path: "x.md".into(),
                text: Arc::from(""),
            }],
            home_intro: None,
            kind_intros: Default::default(),
        }
    }

    #[test]
    fn related_works_both_ways_and_areas_collect_members() {
        let s = site(vec![
            entry(Kind::Term, "a", &["b", "missing"], &["z"]),
            entry(Kind::Definition, "b", &[], &[]),
            entry(Kind::Term, "c", &[], &[]),
            entry(Kind::Area, "z", &["c"], &[]),
        ]);
        let (links, diags) = link(&s);
        assert_eq!(links.related[0], vec![1]);
        assert_eq!(links.related[1], vec![0]);
        assert_eq!(links.members[3], vec![0, 2]);
        assert_eq!(links.appears_in[0], vec![3]);
        assert_eq!(links.appears_in[2], vec![3]);
        assert_eq!(diags.len(), 1);
        assert!(diags[0].message.contains("unknown slug `missing`"));
        assert!(links.backlinks[3].contains(&0));
    }

    #[test]
    fn areas_must_name_areas() {
        let s = site(vec![
            entry(Kind::Term, "a", &[], &["b"]),
            entry(Kind::Term, "b", &[], &[]),
        ]);
        let (links, diags) = link(&s);
        assert!(links.appears_in[0].is_empty());
        assert!(diags[0].message.contains("is a term, not an area"));
    }

    #[test]
    fn ambiguous_slugs_need_a_kind() {
        let mut a = entry(Kind::Term, "a", &["x"], &[]);
        let s = site(vec![
            a.clone(),
            entry(Kind::Term, "x", &[], &[]),
            entry(Kind::Definition, "x", &[], &[]),
        ]);
        let (_, diags) = link(&s);
        assert!(diags[0].message.contains("several kinds"));
        a.related[0].kind = Some(Kind::Definition);
        let s = site(vec![
            a,
            entry(Kind::Term, "x", &[], &[]),
            entry(Kind::Definition, "x", &[], &[]),
        ]);
        let (links, diags) = link(&s);
        assert!(diags.is_empty());
        assert_eq!(links.related[0], vec![2]);
    }
}
