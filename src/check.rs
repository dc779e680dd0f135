//! `glossa check`: every problem in a site at once, without writing anything.
//!
//! Loading and linking already report broken files and slugs; this adds the checks that
//! look at the site as a whole: duplicate titles, aliases that clash with another title,
//! ambiguous auto-link names, over-long descriptions, orphans (no page links to them) and
//! areas with no entries. `[check.levels]` in `glossa.toml` sets any problem's level
//! (`error`, `warning` or `allow`) by its code.

use std::collections::HashMap;

use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Entry, EntryId, Kind, Links, Site};
use crate::text::lowercase;

/// The whole-site checks, in entry order.
pub fn problems(site: &Site, links: &Links) -> Vec<Diagnostic> {
    let mut titles: HashMap<String, Vec<EntryId>> = HashMap::new();
    for (id, e) in site.entries.iter().enumerate() {
        titles.entry(lowercase(&e.title)).or_default().push(id);
    }
    let mut checks = Checks {
        site,
        links,
        titles,
        out: Vec::new(),
    };
    for id in 0..site.entries.len() {
        checks.names(id);
        checks.description(id);
        checks.reach(id);
    }
    checks.ambiguous();
    checks.shadowed();
    checks.out
}

/// The checks' shared state: the site, its links, its titles (lower-cased) and the
/// problems found so far.
struct Checks<'a> {
    site: &'a Site,
    links: &'a Links,
    titles: HashMap<String, Vec<EntryId>>,
    out: Vec<Diagnostic>,
}

impl Checks<'_> {
    /// A warning at `span` of entry `id`'s file.
    fn at(
        &self,
        id: EntryId,
        code: Code,
        message: String,
        span: Option<std::ops::Range<usize>>,
    ) -> Diagnostic {
        let e = &self.site.entries[id];
        let source = &self.site.sources[e.source];
        Diagnostic::warning(code, message, &source.path)
            .with_source(&source.text, Some(span.unwrap_or(0..0)))
    }

    /// `kind/slug (path)` of entry `id`, for help texts.
    fn describe(&self, id: EntryId) -> String {
        let e = &self.site.entries[id];
        format!(
            "{}/{} ({})",
            e.kind,
            e.slug,
            self.site.sources[e.source].path.display()
        )
    }

    /// A title another entry has first; an alias that is another entry's title.
    fn names(&mut self, id: EntryId) {
        let e = &self.site.entries[id];
        let same = &self.titles[&lowercase(&e.title)];
        if same[0] != id {
            let d = self
                .at(
                    id,
                    Code::DuplicateTitle,
                    format!("duplicate title `{}`", e.title),
                    e.spans.title.clone(),
                )
                .with_label("another entry has this title")
                .with_help(format!("also the title of {}", self.describe(same[0])));
            self.out.push(d);
        }
        for (alias, span) in e.aliases.iter().zip(&e.spans.aliases) {
            let other = self
                .titles
                .get(&lowercase(alias))
                .and_then(|owners| owners.iter().find(|&&o| o != id).copied());
            if let Some(other) = other {
                let d = self
                    .at(
                        id,
                        Code::AliasClash,
                        format!("alias `{alias}` is the title of another entry"),
                        span.clone(),
                    )
                    .with_label("clashes with a title")
                    .with_help(format!(
                        "{} is titled `{}`",
                        self.describe(other),
                        self.site.entries[other].title
                    ));
                self.out.push(d);
            }
        }
    }

    /// A description over `[check] max_description_length`.
    fn description(&mut self, id: EntryId) {
        let e = &self.site.entries[id];
        let max = self.site.config.check.max_description_length;
        let chars = e.description.chars().count();
        if chars > max {
            let d = self
                .at(
                    id,
                    Code::LongDescription,
                    format!("description is {chars} characters long (over {max})"),
                    e.spans.description.clone(),
                )
                .with_label("shown in lists and meta tags")
                .with_help("keep it to one sentence");
            self.out.push(d);
        }
    }

    /// An entry no page links to; an area with no entries.
    fn reach(&mut self, id: EntryId) {
        let e = &self.site.entries[id];
        if self.links.backlinks[id].is_empty() {
            let d = self
                .at(id, Code::Orphan, format!("no page links to `{}`", e.title), e.spans.title.clone())
                .with_label("orphan")
                .with_help(
                    "name it in another entry's `related` or `areas`, or mention its title in a body",
                );
            self.out.push(d);
        }
        if e.kind == Kind::Area && self.links.members[id].is_empty() {
            let d = self
                .at(
                    id,
                    Code::EmptyArea,
                    format!("area `{}` has no entries", e.title),
                    e.spans.title.clone(),
                )
                .with_help("list members in its `related`, or name it in entries' `areas`");
            self.out.push(d);
        }
    }

    /// A name an area shares with one other entry links to that entry.
    fn shadowed(&mut self) {
        for (name, entry, areas) in &self.links.shadowed {
            for &area in areas {
                let span = self.site.entries[area].spans.title.clone();
                let d = self
                    .at(
                        area,
                        Code::ShadowedName,
                        format!(
                            "`{name}` also names {}, so automatic links go there",
                            self.describe(*entry)
                        ),
                        span,
                    )
                    .with_label("shared name")
                    .with_help(
                        "rename one of them, or set `link_names` to choose which names link where",
                    );
                self.out.push(d);
            }
        }
    }

    /// A name shared by several entries is never auto-linked; a title shared is reported
    /// as a duplicate, so only names that are nobody's title are reported here.
    fn ambiguous(&mut self) {
        for (name, ids) in &self.links.ambiguous {
            if self.titles.contains_key(name) {
                continue;
            }
            let Some(&last) = ids.last() else { continue };
            let span = alias_span(&self.site.entries[last], name);
            let others: Vec<String> = ids[..ids.len() - 1]
                .iter()
                .map(|&o| self.describe(o))
                .collect();
            let d = self
                .at(
                    last,
                    Code::AmbiguousAutolink,
                    format!("alias `{name}` names several entries, so it is never auto-linked"),
                    span,
                )
                .with_label("ambiguous")
                .with_help(format!("also an alias of {}", others.join(", ")));
            self.out.push(d);
        }
    }
}

fn alias_span(entry: &Entry, lowered: &str) -> Option<std::ops::Range<usize>> {
    entry
        .aliases
        .iter()
        .zip(&entry.spans.aliases)
        .find(|(a, _)| lowercase(a) == lowered)
        .and_then(|(_, s)| s.clone())
}
