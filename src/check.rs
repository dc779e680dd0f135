//! `glossa check`: every problem in a site at once, without writing anything.
//!
//! Loading and linking already report broken files and slugs; this adds the checks that
//! look at the site as a whole: duplicate titles, aliases that clash with another title,
//! ambiguous auto-link names, over-long descriptions, orphans (no page links to them) and
//! areas with no entries. `[check.levels]` in `glossa.toml` sets any problem's level
//! (`error`, `warning` or `allow`) by its code.

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{Entry, EntryId, Kind, Links, Site};
use crate::text::lowercase;

/// Every problem code `check` can report, with what it means.
pub const CODES: &[(&str, &str)] = &[
    ("front-matter", "front matter that cannot be read"),
    ("unknown-kind", "an entry whose kind cannot be told"),
    ("invalid-slug", "a slug that cannot be used"),
    ("encoding", "a file that is not UTF-8"),
    ("io", "a file that cannot be read"),
    (
        "duplicate-slug",
        "two entries of one kind with the same slug",
    ),
    (
        "broken-link",
        "a related or areas slug that does not resolve",
    ),
    ("duplicate-title", "two entries with the same title"),
    ("alias-clash", "an alias that is another entry's title"),
    (
        "ambiguous-autolink",
        "an alias shared by several entries, so never auto-linked",
    ),
    ("empty-description", "an entry without a description"),
    (
        "long-description",
        "a description over `[check] max_description_length`",
    ),
    ("orphan", "an entry no other page links to"),
    ("empty-area", "an area with no entries"),
];

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
        code: &'static str,
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
                    "duplicate-title",
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
                        "alias-clash",
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
                    "long-description",
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
                .at(id, "orphan", format!("no page links to `{}`", e.title), e.spans.title.clone())
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
                    "empty-area",
                    format!("area `{}` has no entries", e.title),
                    e.spans.title.clone(),
                )
                .with_help("list members in its `related`, or name it in entries' `areas`");
            self.out.push(d);
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
                    "ambiguous-autolink",
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

/// Applies `[check.levels]`: changes severities and drops `allow`ed problems.
pub fn apply_levels(
    diagnostics: &mut Vec<Diagnostic>,
    levels: &std::collections::BTreeMap<String, Level>,
) {
    diagnostics.retain_mut(|d| match levels.get(d.code.as_ref()) {
        None => true,
        Some(Level::Allow) => false,
        Some(Level::Warning) => {
            d.severity = Severity::Warning;
            true
        }
        Some(Level::Error) => {
            d.severity = Severity::Error;
            true
        }
    });
}

/// Sorts diagnostics by file, line and column, so output is stable.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| d.location.as_ref().map_or((0, 0), |l| (l.line, l.column));
        a.path
            .cmp(&b.path)
            .then(key(a).cmp(&key(b)))
            .then(a.message.cmp(&b.message))
    });
}

/// The level of a problem code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Allow,
    Warning,
    Error,
}
