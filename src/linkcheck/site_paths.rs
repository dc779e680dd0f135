//! Every path a build of the site will have, before anything is written: what links are
//! checked against, by `glossa build` and `glossa check` alike.
//!
//! [`site_paths`] lists each source of paths on one line; a new kind of output is one more
//! line there.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::frontmatter::suggest;
use crate::index::layout::SEARCH_DIR;
use crate::model::EntryId;
use crate::plan::{Page, PageKind};
use crate::render::Files;

/// The paths of a built site (relative to its root), as files: a page `term/x/` is its
/// file `term/x/index.html`.
#[derive(Debug, Default)]
pub struct SitePaths {
    /// Every file, with the entry whose body the page shows (for its anchors).
    files: FxHashMap<String, Option<EntryId>>,
    /// Folders whose files are only known once built (the search index's): any path
    /// inside one exists.
    folders: Vec<String>,
    /// The names to suggest from, made when the first broken link asks.
    near: OnceLock<Neighbours>,
}

/// Every page and file name by its folder, the first two characters of its name, and
/// whether it is a page (`term/pod/`: `term/`, `po`, `pod`): a broken link is compared with
/// the few that share these, not with the whole site (a site with thousands of broken links
/// stays fast).
type Neighbours = FxHashMap<(String, String, bool), Vec<String>>;

/// The first two characters of a name (its first alone when it has one).
fn start(name: &str) -> String {
    name.chars().take(2).collect()
}

/// A path split for suggestions: its folder (with the final slash), its name (a page's
/// folder name, a file's name), whether it is a page.
fn split_name(path: &str) -> (&str, &str, bool) {
    let page = path.is_empty() || path.ends_with('/');
    let trimmed = path.strip_suffix('/').unwrap_or(path);
    let at = trimmed.rfind('/').map_or(0, |i| i + 1);
    (&trimmed[..at], &trimmed[at..], page)
}

/// What a path is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    /// A page showing an entry's body: its anchors are known.
    Entry(EntryId),
    /// Any other page or file: its anchors are not checked.
    Other,
}

/// The paths a build with `pages` (from [`crate::plan::plan`]) and `files`
/// (from [`crate::render::files`]) writes.
pub fn site_paths(pages: &[Page], files: &Files) -> SitePaths {
    let mut paths = SitePaths::default();
    // Pages: home, kind indexes, entries, area pages, the A–Z pages, search, 404.
    for page in pages {
        paths.add_page(&page.rel, shown_entry(page));
    }
    // The sitemap (and its numbered files), atom.xml, robots.txt.
    for name in crate::render::feed_files(pages) {
        paths.add_file(name);
    }
    // The browser search index.
    paths.add_folder(SEARCH_DIR);
    // The theme's static files, the site's `static/` and the files of page bundles.
    for name in files.statics.keys() {
        paths.add_file(name.clone());
    }
    // Redirect pages of old URLs, and the `_redirects` file listing them.
    for redirect in &files.redirects {
        paths.add_file(redirect.output());
    }
    if !files.redirects.is_empty() {
        paths.add_file(crate::redirect::REDIRECTS_FILE.to_string());
    }
    // The JSON API: the list, and one file per entry.
    for name in &files.api {
        paths.add_file(name.clone());
    }
    // `llms.txt` and the entries' markdown copies.
    for name in &files.machine {
        paths.add_file(name.clone());
    }
    // Sharing images, icons and the web app manifest.
    for name in files.rasters.keys() {
        paths.add_file(name.clone());
    }
    paths
}

/// The entry whose body a page shows: an entry's page, an area's first page.
fn shown_entry(page: &Page) -> Option<EntryId> {
    match page.kind {
        PageKind::Entry(id) | PageKind::Area { id, page: 1 } => Some(id),
        _ => None,
    }
}

/// `term/x/index.html` for the page `term/x/` (`index.html` for home); other files as
/// they are.
fn page_file(rel: &str) -> String {
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    }
}

impl SitePaths {
    /// A page at `rel` (`term/x/`, `404.html`, `` for home), showing `entry`'s body.
    pub fn add_page(&mut self, rel: &str, entry: Option<EntryId>) {
        self.files.insert(page_file(rel), entry);
    }

    /// A file at `rel` (`style.css`, `images/a.svg`).
    pub fn add_file(&mut self, rel: impl Into<String>) {
        self.files.entry(rel.into()).or_insert(None);
    }

    /// A folder any path inside which exists (`search`).
    pub fn add_folder(&mut self, rel: &str) {
        self.folders.push(format!("{}/", rel.trim_end_matches('/')));
    }

    /// What `path` (relative to the root, decoded, no query or fragment) is, if the site
    /// has it: a file, a page by its folder (`term/x/`), or a page's folder written without
    /// its final slash (`term/x`), which static hosts redirect to the folder.
    pub fn find(&self, path: &str) -> Option<Found> {
        let found = |entry: &Option<EntryId>| entry.map_or(Found::Other, Found::Entry);
        if let Some(entry) = self.files.get(path) {
            return Some(found(entry));
        }
        let page = if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            format!("{path}/index.html")
        };
        if let Some(entry) = self.files.get(&page) {
            return Some(found(entry));
        }
        self.folders
            .iter()
            .any(|f| path.starts_with(f.as_str()))
            .then_some(Found::Other)
    }

    /// The site's path closest to `path` (a page as its folder, `definition/pod/`), for
    /// "did you mean": a page for a page (a path without a `.` in its last segment), a file
    /// for a file, in the same folder, its name starting with the same two characters.
    pub fn nearest(&self, path: &str) -> Option<String> {
        let near = self.near.get_or_init(|| self.neighbours());
        let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        let (folder, name, _) = split_name(path);
        let page = !last.contains('.');
        let names = near.get(&(folder.to_string(), start(name), page))?;
        let close = |n: &&str| n.len() * 2 >= name.len() && name.len() * 2 >= n.len();
        let best = suggest(name, names.iter().map(String::as_str).filter(close))?;
        Some(format!("{folder}{best}{}", if page { "/" } else { "" }))
    }

    fn neighbours(&self) -> Neighbours {
        let mut near = Neighbours::default();
        for file in self.files.keys() {
            let path = match file.strip_suffix("index.html") {
                Some(dir) if dir.is_empty() || dir.ends_with('/') => dir,
                _ => file.as_str(),
            };
            let (folder, name, page) = split_name(path);
            let key = (folder.to_string(), start(name), page);
            near.entry(key).or_default().push(name.to_string());
        }
        for names in near.values_mut() {
            names.sort_unstable();
        }
        near
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_files_and_folders() {
        let mut paths = SitePaths::default();
        paths.add_page("", None);
        paths.add_page("term/pod/", Some(3));
        paths.add_page("404.html", None);
        paths.add_file("images/a.svg");
        paths.add_folder("search");
        assert_eq!(paths.find(""), Some(Found::Other));
        assert_eq!(paths.find("index.html"), Some(Found::Other));
        assert_eq!(paths.find("term/pod/"), Some(Found::Entry(3)));
        assert_eq!(paths.find("term/pod"), Some(Found::Entry(3)));
        assert_eq!(paths.find("term/pod/index.html"), Some(Found::Entry(3)));
        assert_eq!(paths.find("images/a.svg"), Some(Found::Other));
        assert_eq!(paths.find("search/p/1.bin"), Some(Found::Other));
        assert_eq!(paths.find("term/podd/"), None);
        assert_eq!(paths.find("images/"), None);
        let near = |p: &str| paths.nearest(p);
        assert_eq!(near("term/podd/").as_deref(), Some("term/pod/"));
        assert_eq!(near("term/podd").as_deref(), Some("term/pod/"));
        assert_eq!(near("images/a.svgg").as_deref(), Some("images/a.svg"));
        assert_eq!(near("term/pod/a.svg"), None, "a file is no page");
        assert_eq!(near("term/zod/"), None, "names starting alike only");
    }
}
