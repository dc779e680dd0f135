//! Search documents: what every search surface indexes, one per entry page.
//!
//! A document is built from the [`Site`] and the [`plan`](crate::plan): the entries that
//! have a page, in site order (kind, then slug), each with its title, aliases, description,
//! body as plain text, kind and URL. The tantivy index, the browser index and
//! `glossa export search` all read this one list, so they always agree on what can be
//! found. The JSON form (below) is the schema documented in the README.

use serde::Serialize;

use super::analysis::variants::{new_words, variants};
use crate::markdown;
use crate::model::{Entry, Kind, Site};
use crate::plan::{Page, PageKind, Urls};

/// One searchable entry.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct SearchDoc {
    /// `<kind>-<slug>`: unique (kind names hold no hyphen), and a valid identifier for
    /// OpenSearch, Elasticsearch, Quickwit and Meilisearch.
    pub id: String,
    pub kind: Kind,
    pub slug: String,
    pub title: String,
    pub aliases: Vec<String>,
    /// The other ways the title and aliases are written ([`variants`]): names of the
    /// entry (name keys); not exported.
    #[serde(skip)]
    pub variants: Vec<String>,
    /// Their words that are not words of the title and aliases ([`new_words`]), indexed
    /// with the aliases; not exported.
    #[serde(skip)]
    pub variant_words: String,
    /// The slugs of the areas it belongs to (its own for an area), for the area facet;
    /// not exported.
    #[serde(skip)]
    pub areas: Vec<String>,
    pub description: String,
    /// The body as plain text (markdown removed), blocks separated by blank lines.
    pub body: String,
    /// Absolute URL of the entry's page.
    pub url: String,
    /// Site-absolute path of the page (`/term/x/`, or `/docs/term/x/` under a sub-path).
    pub path: String,
    /// Published, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Last updated, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
}

/// The search documents of a site, in site order (kind, then slug).
pub fn documents(site: &Site, pages: &[Page]) -> Vec<SearchDoc> {
    use rayon::prelude::*;
    let urls = Urls::new(&site.config);
    let unsafe_html = site.config.markdown.unsafe_html;
    let mut ids: Vec<usize> = pages
        .iter()
        .filter_map(|p| match p.kind {
            PageKind::Entry(id) | PageKind::Area { id, page: 1 } => Some(id),
            _ => None,
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids.par_iter()
        .map(|&id| document(&site.entries[id], &urls, unsafe_html))
        .collect()
}

/// The search document of one entry.
pub fn document(e: &Entry, urls: &Urls, unsafe_html: bool) -> SearchDoc {
    let rel = Urls::entry_rel(e);
    let all_names =
        || std::iter::once(e.title.as_str()).chain(e.aliases.iter().map(String::as_str));
    let names = variants(all_names());
    SearchDoc {
        id: format!("{}-{}", e.kind.as_str(), e.slug),
        kind: e.kind,
        slug: e.slug.clone(),
        title: e.title.clone(),
        aliases: e.aliases.clone(),
        variants: names.clone(),
        variant_words: new_words(all_names(), &names),
        areas: areas_of(e),
        description: e.description.clone(),
        body: markdown::to_plain_text(&e.body, unsafe_html),
        url: urls.permalink(&rel),
        path: urls.path(&rel),
        date: e.date.map(|d| d.ymd()),
        updated: e.updated.map(|d| d.ymd()),
    }
}

/// The slugs of the areas `e` belongs to (an area to itself), each once.
fn areas_of(e: &Entry) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if e.kind == Kind::Area {
        out.push(e.slug.clone());
    }
    for a in &e.areas {
        if matches!(a.kind, None | Some(Kind::Area)) && !out.contains(&a.slug) {
            out.push(a.slug.clone());
        }
    }
    out
}

/// The excerpt shown for a document without a better snippet: its description, else the
/// start of its body, whitespace collapsed, cut at a word boundary to `max` characters.
pub fn excerpt(description: &str, body: &str, max: usize) -> String {
    let text = if description.trim().is_empty() {
        body
    } else {
        description
    };
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_cut_at_words() {
        assert_eq!(excerpt("Short one.", "body", 20), "Short one.");
        assert_eq!(excerpt(" ", "The body  text", 20), "The body text");
        assert_eq!(
            excerpt("One two three, four five", "", 16),
            "One two three…"
        );
    }
}
