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
    let mut out = Vec::new();
    let at =
        |id: EntryId, code: &'static str, message: String, span: Option<std::ops::Range<usize>>| {
            let e = &site.entries[id];
            let source = &site.sources[e.source];
            Diagnostic::warning(code, message, &source.path)
                .with_source(&source.text, Some(span.unwrap_or(0..0)))
        };
    let describe = |id: EntryId| {
        let e = &site.entries[id];
        format!(
            "{}/{} ({})",
            e.kind,
            e.slug,
            site.sources[e.source].path.display()
        )
    };

    let mut titles: HashMap<String, Vec<EntryId>> = HashMap::new();
    for (id, e) in site.entries.iter().enumerate() {
        titles.entry(lowercase(&e.title)).or_default().push(id);
    }
    let max = site.config.check.max_description_length;
    for (id, e) in site.entries.iter().enumerate() {
        let same = &titles[&lowercase(&e.title)];
        if same[0] != id {
            out.push(
                at(
                    id,
                    "duplicate-title",
                    format!("duplicate title `{}`", e.title),
                    e.spans.title.clone(),
                )
                .with_label("another entry has this title")
                .with_help(format!("also the title of {}", describe(same[0]))),
            );
        }
        for (alias, span) in e.aliases.iter().zip(&e.spans.aliases) {
            if let Some(owners) = titles.get(&lowercase(alias)) {
                if let Some(&other) = owners.iter().find(|&&o| o != id) {
                    out.push(
                        at(
                            id,
                            "alias-clash",
                            format!("alias `{alias}` is the title of another entry"),
                            span.clone(),
                        )
                        .with_label("clashes with a title")
                        .with_help(format!(
                            "{} is titled `{}`",
                            describe(other),
                            site.entries[other].title
                        )),
                    );
                }
            }
        }
        let chars = e.description.chars().count();
        if chars > max {
            out.push(
                at(
                    id,
                    "long-description",
                    format!("description is {chars} characters long (over {max})"),
                    e.spans.description.clone(),
                )
                .with_label("shown in lists and meta tags")
                .with_help("keep it to one sentence"),
            );
        }
        if links.backlinks[id].is_empty() {
            out.push(
                at(id, "orphan", format!("no page links to `{}`", e.title), e.spans.title.clone())
                    .with_label("orphan")
                    .with_help(
                        "name it in another entry's `related` or `areas`, or mention its title in a body",
                    ),
            );
        }
        if e.kind == Kind::Area && links.members[id].is_empty() {
            out.push(
                at(
                    id,
                    "empty-area",
                    format!("area `{}` has no entries", e.title),
                    e.spans.title.clone(),
                )
                .with_help("list members in its `related`, or name it in entries' `areas`"),
            );
        }
    }

    // A name shared by several entries is never auto-linked; a title shared is reported
    // above as a duplicate, so only names that are nobody's title are reported here.
    for (name, ids) in &links.ambiguous {
        if titles.contains_key(name) {
            continue;
        }
        let Some(&last) = ids.last() else { continue };
        let span = alias_span(&site.entries[last], name);
        let others: Vec<String> = ids[..ids.len() - 1].iter().map(|&o| describe(o)).collect();
        out.push(
            at(
                last,
                "ambiguous-autolink",
                format!("alias `{name}` names several entries, so it is never auto-linked"),
                span,
            )
            .with_label("ambiguous")
            .with_help(format!("also an alias of {}", others.join(", "))),
        );
    }
    out
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
