//! The link check: every link and image written in an entry's body (and its front-matter
//! image), resolved against the pages and files the build will have; with
//! `check --external`, the links to other sites fetched over HTTP.
//!
//! ```text
//! link stage: one parse of each body ──► Links::refs: each body's links (destination and
//!                                        where it is written) and its anchors (heading
//!                                        and footnote ids, as rendering makes them)
//! plan ──► pages ──► site_paths: pages, feeds, the search index's folder, static files
//!                         │
//! check (this file): each destination resolved (crate::destination: base path, relative paths,
//!   dot segments, the site's own full URLs), looked up in the site's paths, its #anchor
//!   among the target page's ids ──► broken-link, broken-anchor (warnings by default)
//! external/ (check --external): http(s) destinations deduplicated, a cache of successes
//!   in .glossa/, worker threads with per-host limits and retries ──► external-link,
//!   external-redirect
//! ```
//!
//! Nothing here parses a body again: what the link stage noted is enough. `glossa build`
//! and `glossa check` run the same [`check`] on the same [`site_paths`].

use std::ops::Range;

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic};
use crate::error::Result;
use crate::frontmatter::suggest;
use crate::markdown::RESERVED_IDS;
use crate::model::{BodyRefs, Entry, EntryId, Links, Site};
use crate::plan::{Page, Urls};

pub mod external;
pub mod site_paths;

pub use crate::destination::{Origin, Target};
pub use site_paths::{site_paths, Found, SitePaths};

/// The broken links and anchors of every body, in entry order.
pub fn check(
    site: &Site,
    links: &Links,
    pages: &[Page],
    files: &crate::render::Files,
) -> Result<Vec<Diagnostic>> {
    let paths = site_paths(pages, files);
    let checker = Checker {
        site,
        links,
        paths: &paths,
        origin: Origin::new(&site.config.base_url),
    };
    Ok((0..site.entries.len())
        .into_par_iter()
        .flat_map_iter(|id| checker.entry(id))
        .collect())
}

/// A problem with one link, before it is placed in its file.
struct Problem {
    code: Code,
    message: String,
    help: Option<String>,
}

struct Checker<'a> {
    site: &'a Site,
    links: &'a Links,
    paths: &'a SitePaths,
    origin: Origin,
}

impl Checker<'_> {
    /// The problems of entry `id`'s links, in the order they are written.
    fn entry(&self, id: EntryId) -> Vec<Diagnostic> {
        let e = &self.site.entries[id];
        let Some(refs) = self.links.refs.get(id) else {
            return Vec::new();
        };
        let page = Urls::entry_rel(e);
        let mut out = Vec::new();
        if let Some(image) = &e.image {
            if let Some(problem) = self.problem(&image.url, "", refs, true) {
                out.push(place(
                    self.site,
                    e,
                    problem,
                    front_matter_span(self.site, e, &image.url),
                ));
            }
        }
        for link in &refs.links {
            if let Some(problem) = self.problem(&link.dest, &page, refs, link.image) {
                let span = link.span.start as usize..link.span.end as usize;
                out.push(place(self.site, e, problem, body_span(self.site, e, span)));
            }
        }
        out
    }

    /// What is wrong with a link to `dest` on the page at `page_rel` with anchors `own`.
    fn problem(&self, dest: &str, page_rel: &str, own: &BodyRefs, image: bool) -> Option<Problem> {
        match self.origin.resolve(dest, page_rel) {
            Target::Here(id) => (!has_id(own, &id)).then(|| anchor(dest, own, &id, "this page")),
            Target::Internal { path, fragment } => match self.paths.find(&path) {
                None => Some(self.missing(dest, &path, image)),
                Some(Found::Entry(target)) => {
                    let ids = self.links.refs.get(target)?;
                    let id = fragment.filter(|f| !has_id(ids, f))?;
                    Some(anchor(dest, ids, &id, "that page"))
                }
                Some(Found::Other) => None,
            },
            Target::External(_) | Target::Skip => None,
        }
    }

    /// A link to a path the site does not have, with the likely fix.
    fn missing(&self, dest: &str, path: &str, image: bool) -> Problem {
        let last = path.rsplit('/').next().unwrap_or("");
        let message = if image {
            format!("image `{dest}`: no such file")
        } else if last.contains('.') {
            format!("link to `{dest}`: no such file")
        } else {
            format!("link to `{dest}`: no such page")
        };
        let base = &self.origin.base_path()[1..];
        let doubled = path
            .strip_prefix(base)
            .filter(|rest| !base.is_empty() && self.paths.find(rest).is_some());
        let help = match doubled {
            Some(rest) => Some(format!(
                "site-absolute links get the base path `/{base}` added: write `/{rest}`"
            )),
            None => self
                .paths
                .nearest(path)
                .map(|near| format!("did you mean `/{near}`?")),
        };
        Problem {
            code: Code::BrokenLink,
            message,
            help,
        }
    }
}

/// Whether a page with anchors `refs` has the id `id` (a heading's, a footnote's, or one
/// the theme puts on every page).
fn has_id(refs: &BodyRefs, id: &str) -> bool {
    RESERVED_IDS.contains(&id) || refs.ids.iter().any(|own| &**own == id)
}

/// A link to an anchor that `where_` (the page with anchors `refs`) does not have.
fn anchor(dest: &str, refs: &BodyRefs, id: &str, where_: &str) -> Problem {
    let near = suggest(id, refs.ids.iter().map(|s| &**s));
    Problem {
        code: Code::BrokenAnchor,
        message: format!("link to `{dest}`: {where_} has no heading or anchor `#{id}`"),
        help: near.map(|n| format!("did you mean `#{n}`?")),
    }
}

/// The problem as a warning in entry `e`'s file at `span` (a byte range of the file).
fn place(site: &Site, e: &Entry, problem: Problem, span: Option<Range<usize>>) -> Diagnostic {
    let source = &site.sources[e.source];
    let d = Diagnostic::warning(problem.code, problem.message, &source.path)
        .with_source(&source.text, span);
    match problem.help {
        Some(help) => d.with_help(help),
        None => d,
    }
}

/// A byte range of `e`'s body as a range of its file, when the body is the file's text
/// there (an entry read from an exported page has a body of its own making).
pub fn body_span(site: &Site, e: &Entry, span: Range<usize>) -> Option<Range<usize>> {
    let text = &site.sources[e.source].text;
    let at = e.body_offset;
    (text.get(at..at + e.body.len()) == Some(e.body.as_str()))
        .then(|| at + span.start..at + span.end)
}

/// Where `value` is written in `e`'s front matter, if it is written as it is.
pub fn front_matter_span(site: &Site, e: &Entry, value: &str) -> Option<Range<usize>> {
    let text = &site.sources[e.source].text;
    let front = text.get(..e.body_offset.min(text.len()))?;
    let at = front.find(value).filter(|_| !value.is_empty())?;
    Some(at..at + value.len())
}
