//! What a body links to and the anchors it has ([`BodyRefs`]), noted while the link stage
//! reads the body (see [`crate::markdown::events_noting`]), so the link check
//! ([`crate::linkcheck`]) never parses a body again.
//!
//! Links and images are noted with where their destination is written; heading ids are
//! made by the same [`HeadingIds`] rendering uses (explicit `{#id}`, else the anchor of the
//! heading's text, reserved ids avoided, repeats numbered), footnote ids by
//! [`footnote_id`].

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

use rustc_hash::FxHashMap;

use crate::destination::{Origin, Target};
use crate::markdown::{footnote_id, push_text, HeadingIds};
use crate::model::{BodyLink, BodyRefs, Entry, EntryId, Site};

/// Every entry's page by its path relative to the site's root (`term/x/`), and the site's
/// origin: which entries a body's links go to, as its page resolves them. The auto-linker
/// (no automatic link where the author linked), the link previews and serve use it.
#[derive(Clone, Debug)]
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
                .map(|(id, e)| (e.rel_url(), id))
                .collect(),
        }
    }

    /// The entries `entry`'s body links to (links, not images; `refs` are its body's), as
    /// its page resolves them, in the body's order (repeats kept).
    pub fn body_links<'a>(
        &'a self,
        entry: &Entry,
        refs: &'a BodyRefs,
    ) -> impl Iterator<Item = EntryId> + 'a {
        let page = entry.rel_url();
        refs.links.iter().filter(|l| !l.image).filter_map(move |l| {
            match self.origin.resolve(&l.dest, &page) {
                Target::Internal { path, .. } => self.entry(&path),
                _ => None,
            }
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

/// Notes one body's links and anchors, event by event.
pub struct Collector<'b> {
    body: &'b str,
    refs: BodyRefs,
    ids: HeadingIds,
    /// The heading being read: its explicit id and its text so far.
    heading: Option<(Option<String>, String)>,
}

impl<'b> Collector<'b> {
    pub fn new(body: &'b str) -> Self {
        Collector {
            body,
            refs: BodyRefs::default(),
            ids: HeadingIds::default(),
            heading: None,
        }
    }

    /// Follows one event of the body, with its byte range.
    pub fn note(&mut self, event: &Event<'_>, range: Range<usize>) {
        if let Event::End(TagEnd::Heading(_)) = event {
            if let Some((explicit, text)) = self.heading.take() {
                let id = self.ids.next(explicit.as_deref(), &text);
                self.refs.ids.push(id.into());
            }
        } else if let Some((_, text)) = self.heading.as_mut() {
            push_text(event, text, ' ');
        }
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                self.heading = Some((id.as_deref().map(str::to_string), String::new()));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.refs.ids.push(footnote_id(label).as_ref().into());
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if *link_type != LinkType::Email => self.link(dest_url, *link_type, range, false),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                ..
            }) => self.link(dest_url, *link_type, range, true),
            _ => {}
        }
    }

    fn link(&mut self, dest: &str, link_type: LinkType, range: Range<usize>, image: bool) {
        let span = dest_span(self.body, dest, link_type, range);
        self.refs.links.push(BodyLink {
            dest: dest.into(),
            span: span.start as u32..span.end as u32,
            image,
        });
    }

    /// What the body linked to, and its anchors.
    pub fn finish(self) -> BodyRefs {
        self.refs
    }
}

/// The links and anchors of `body` read on their own (the link stage notes them in the
/// pass it makes anyway; this is for tools and tests).
pub fn body_refs(body: &str) -> BodyRefs {
    let mut collector = Collector::new(body);
    crate::markdown::events_noting(body, |e, range| collector.note(e, range)).for_each(drop);
    collector.finish()
}

/// Where `dest` is written in the link at `range` of `body`: the destination itself when
/// the link holds it as written (inline links and autolinks), else the link up to its
/// first line's end (a reference link, or a destination with escapes).
fn dest_span(body: &str, dest: &str, link_type: LinkType, range: Range<usize>) -> Range<usize> {
    let start = range.start.min(body.len());
    let end = range.end.clamp(start, body.len());
    let Some(written) = body.get(start..end) else {
        return start..start;
    };
    let inline = matches!(link_type, LinkType::Inline | LinkType::Autolink);
    if inline && !dest.is_empty() {
        if let Some(at) = written.rfind(dest) {
            return start + at..start + at + dest.len();
        }
    }
    let line = written.find('\n').unwrap_or(written.len());
    start..start + line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(body: &str) -> BodyRefs {
        body_refs(body)
    }

    #[test]
    fn links_images_and_their_destinations() {
        let body = "See [pods](/definition/pod/ \"t\") and ![x](img.png).\n\n<https://a.test/x>\n\n[ref][r]\n\n[r]: ../x/\n";
        let r = refs(body);
        let dests: Vec<&str> = r.links.iter().map(|l| &*l.dest).collect();
        assert_eq!(
            dests,
            ["/definition/pod/", "img.png", "https://a.test/x", "../x/"]
        );
        let at = |i: usize| &body[r.links[i].span.start as usize..r.links[i].span.end as usize];
        assert_eq!(at(0), "/definition/pod/");
        assert_eq!(at(1), "img.png");
        assert!(r.links[1].image);
        assert_eq!(at(2), "https://a.test/x");
        assert_eq!(at(3), "[ref][r]");
    }

    #[test]
    fn heading_ids_are_the_rendered_ones() {
        let body = "## Risks\n\n## Risks\n\n## Main\n\n## Custom {#own}\n\nx[^n]\n\n[^n]: note\n";
        let rendered = crate::markdown::render(
            body,
            &crate::markdown::RenderOptions {
                base_path: "/",
                unsafe_html: false,
            },
        );
        let mut expected: Vec<String> = rendered.headings.iter().map(|h| h.id.clone()).collect();
        expected.push("fn-n".into());
        let ids: Vec<String> = refs(body).ids.iter().map(|s| s.to_string()).collect();
        assert_eq!(ids, expected);
        assert_eq!(ids, ["risks", "risks-1", "main-1", "own", "fn-n"]);
        assert!(rendered.html.contains("id=\"fn-n\""), "{}", rendered.html);
    }
}
