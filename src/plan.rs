//! The site map: which pages a site has, their URLs and their output files.
//!
//! Render, export and index all read the same [`Page`] list, so the HTML, the JSON-LD
//! export and the search documents always agree on what exists and where.

use crate::config::Config;
use crate::letter::{letter_slug, LETTERS};
use crate::model::{Entry, EntryId, Kind, Links, Site};

/// Builds URLs from the configured base URL.
#[derive(Clone, Debug)]
pub struct Urls {
    /// Absolute, ends with `/`.
    pub base_url: String,
    /// Path part of the base URL, starts and ends with `/`.
    pub base_path: String,
}

impl Urls {
    pub fn new(config: &Config) -> Self {
        Urls {
            base_url: config.base_url.clone(),
            base_path: config.base_path(),
        }
    }

    /// Site-absolute path for a root-relative URL (`term/x/` → `/docs/term/x/`).
    pub fn path(&self, rel: &str) -> String {
        format!("{}{}", self.base_path, rel)
    }

    /// Full URL for a root-relative URL.
    pub fn permalink(&self, rel: &str) -> String {
        format!("{}{}", self.base_url, rel)
    }

    /// A URL written in content (an image, say) as the path to use in HTML and the full
    /// URL to use in metadata. Site-absolute (`/images/a.svg`) and relative
    /// (`images/a.svg`) URLs are both read from the site root; `//host/x` and `http(s)://`
    /// URLs are kept.
    pub fn resolve(&self, url: &str) -> (String, String) {
        if url.starts_with("http://") || url.starts_with("https://") {
            (url.to_string(), url.to_string())
        } else if url.starts_with("//") {
            (url.to_string(), format!("https:{url}"))
        } else {
            let rel = url.trim_start_matches('/');
            (self.path(rel), self.permalink(rel))
        }
    }

    /// `term/<slug>/`, `definition/<slug>/`, `area/<slug>/`.
    pub fn entry_rel(entry: &Entry) -> String {
        entry.rel_url()
    }

    /// An area's page `n` (1-based): `area/<slug>/` then `area/<slug>/page/<n>/`.
    pub fn area_page_rel(entry: &Entry, page: usize) -> String {
        if page <= 1 {
            Self::entry_rel(entry)
        } else {
            format!("area/{}/page/{page}/", entry.slug)
        }
    }

    /// The A–Z index (`glossary/`) or one letter's page of it (`glossary/a/`, …,
    /// `glossary/other/`).
    pub fn glossary_rel(letter: Option<usize>) -> String {
        match letter {
            None => GLOSSARY_REL.into(),
            Some(slot) => format!("{GLOSSARY_REL}{}/", letter_slug(slot)),
        }
    }

    /// A kind index's page `n`: `term/`, `term/page/2/`, …
    pub fn kind_index_rel(kind: Kind, page: usize) -> String {
        if page <= 1 {
            format!("{}/", kind.as_str())
        } else {
            format!("{}/page/{page}/", kind.as_str())
        }
    }
}

pub const GLOSSARY_REL: &str = "glossary/";

/// Whether the A–Z index has a page per letter (past `[pagination] glossary_split`
/// entries).
pub fn glossary_split(site: &Site) -> bool {
    let split = site.config.pagination.glossary_split;
    split > 0 && site.entries.len() > split
}

pub const SEARCH_REL: &str = "search/";
pub const NOT_FOUND_REL: &str = "404.html";

/// What a page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PageKind {
    Home,
    /// A term's or definition's page.
    Entry(EntryId),
    /// Page `page` (1-based) of an area.
    Area {
        id: EntryId,
        page: usize,
    },
    /// Page `page` of the list of all entries of a kind.
    KindIndex {
        kind: Kind,
        page: usize,
    },
    /// The A–Z index: every entry on one page, or past `[pagination] glossary_split`
    /// entries the letter bar (`letter: None`) and one page per letter (`Some(slot)`, see
    /// [`letter_slot`](crate::letter::letter_slot)).
    Glossary {
        letter: Option<usize>,
    },
    Search,
    NotFound,
}

/// One page of the site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    pub kind: PageKind,
    /// Root-relative URL (`term/x/`, `404.html`, `` for home).
    pub rel: String,
}

impl Page {
    /// The file the page is written to, relative to the output folder.
    pub fn output(&self) -> String {
        if self.rel.is_empty() {
            "index.html".into()
        } else if self.rel.ends_with('/') {
            format!("{}index.html", self.rel)
        } else {
            self.rel.clone()
        }
    }
}

/// The title of page `page` (1-based) of a paged list: `Terms`, then `Terms (page 2)`, …
pub fn paged_title(title: &str, page: usize) -> String {
    if page > 1 {
        format!("{title} (page {page})")
    } else {
        title.to_string()
    }
}

/// Number of pages needed for `n` items at `size` a page (at least one).
pub fn page_count(n: usize, size: usize) -> usize {
    n.div_ceil(size.max(1)).max(1)
}

/// The `page`-th slice (1-based) of `items`.
pub fn page_slice<T>(items: &[T], page: usize, size: usize) -> &[T] {
    let size = size.max(1);
    let start = (page.saturating_sub(1) * size).min(items.len());
    &items[start..(start + size).min(items.len())]
}

/// Every page of the site, in a fixed order: home, kind indexes, entries, glossary, search, 404.
pub fn plan(site: &Site, links: &Links) -> Vec<Page> {
    let size = site.config.pagination.page_size;
    let mut pages = vec![Page {
        kind: PageKind::Home,
        rel: String::new(),
    }];
    for kind in Kind::ALL {
        for page in 1..=page_count(site.count(kind), size) {
            pages.push(Page {
                kind: PageKind::KindIndex { kind, page },
                rel: Urls::kind_index_rel(kind, page),
            });
        }
    }
    for (id, e) in site.entries.iter().enumerate() {
        if e.kind == Kind::Area {
            for page in 1..=page_count(links.members[id].len(), size) {
                pages.push(Page {
                    kind: PageKind::Area { id, page },
                    rel: Urls::area_page_rel(e, page),
                });
            }
        } else {
            pages.push(Page {
                kind: PageKind::Entry(id),
                rel: Urls::entry_rel(e),
            });
        }
    }
    pages.push(Page {
        kind: PageKind::Glossary { letter: None },
        rel: GLOSSARY_REL.into(),
    });
    if glossary_split(site) {
        for slot in (0..LETTERS).filter(|&s| !links.by_letter[s].is_empty()) {
            pages.push(Page {
                kind: PageKind::Glossary { letter: Some(slot) },
                rel: Urls::glossary_rel(Some(slot)),
            });
        }
    }
    pages.push(Page {
        kind: PageKind::Search,
        rel: SEARCH_REL.into(),
    });
    pages.push(Page {
        kind: PageKind::NotFound,
        rel: NOT_FOUND_REL.into(),
    });
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging() {
        assert_eq!(page_count(0, 30), 1);
        assert_eq!(page_count(30, 30), 1);
        assert_eq!(page_count(31, 30), 2);
        let items: Vec<_> = (0..7).collect();
        assert_eq!(page_slice(&items, 3, 3), &[6]);
        assert_eq!(page_slice(&items, 4, 3), &[] as &[i32]);
    }

    #[test]
    fn outputs() {
        let p = |rel: &str| {
            Page {
                kind: PageKind::Home,
                rel: rel.into(),
            }
            .output()
        };
        assert_eq!(p(""), "index.html");
        assert_eq!(p("term/x/"), "term/x/index.html");
        assert_eq!(p("404.html"), "404.html");
    }
}
