//! The entries references resolve against: every imported page by its names (slug, file
//! name, `id`, title, slug value), by its old URLs (stated URL, `aliases`/`redirect_from`
//! paths) and by its file path, each mapped to its new URL.

use std::collections::{HashMap, HashSet};

use super::names::{is_bundle, stem, Page};
use super::Input;
use crate::exported::url::Key;
use crate::frontmatter::slugify;

/// Who an entry is to references.
#[derive(Clone, Debug)]
pub(crate) struct Target {
    pub(crate) key: Key,
    pub(crate) title: String,
}

impl Target {
    /// The entry's new URL, `/definition/pod/`.
    pub(crate) fn url(&self) -> String {
        self.key.path()
    }
}

/// Every imported entry by the names references use.
#[derive(Debug, Default)]
pub(crate) struct Targets {
    pub(crate) list: Vec<Target>,
    by_name: HashMap<String, usize>,
    by_url: HashMap<String, usize>,
    /// `root:path` without extension, lower-cased.
    by_path: HashMap<String, usize>,
    new_urls: HashSet<String>,
    /// The pages whose bundle sits in another page's bundle folder, by that page.
    children: HashMap<usize, Vec<usize>>,
}

/// A URL or path as compared: no host, query, fragment, `index.html`, `.html` or trailing
/// slash; lower-cased.
pub(crate) fn normalize_url(url: &str) -> String {
    let url = url.trim();
    let url = match url.find("://") {
        Some(at) => {
            let rest = &url[at + 3..];
            rest.find('/').map_or("/", |p| &rest[p..])
        }
        None => url,
    };
    let url = url.split(['#', '?']).next().unwrap_or("");
    let url = url.strip_suffix("index.html").unwrap_or(url);
    let url = url.strip_suffix(".html").unwrap_or(url);
    let url = url.trim_end_matches('/');
    crate::text::lowercase(url)
}

impl Targets {
    pub(crate) fn new(pages: &[Page], inputs: &[Input]) -> Targets {
        let mut t = Targets::default();
        let folders: HashMap<(usize, &str), usize> = pages
            .iter()
            .enumerate()
            .filter(|(_, p)| is_bundle(&inputs[p.input].rel))
            .filter_map(|(i, p)| {
                let input = &inputs[p.input];
                Some(((input.root, input.rel.rsplit_once('/')?.0), i))
            })
            .collect();
        for (&(root, folder), &i) in &folders {
            let parent = folder.rsplit_once('/').map(|(parent, _)| parent);
            if let Some(&p) = parent.and_then(|parent| folders.get(&(root, parent))) {
                t.children.entry(p).or_default().push(i);
            }
        }
        for (i, p) in pages.iter().enumerate() {
            let input = &inputs[p.input];
            t.list.push(Target {
                key: p.key.clone(),
                title: p.title.clone(),
            });
            t.new_urls.insert(p.key.path());
            let mut names = vec![
                p.key.slug.clone(),
                file_name(input, &folders),
                p.title.clone(),
            ];
            names.extend(p.fields.names.iter().cloned());
            if let Some(v) = &p.fields.slug {
                names.push(v.trim_matches('/').to_string());
                if let Some((_, tail)) = v.trim_matches('/').split_once('/') {
                    names.push(tail.to_string());
                }
            }
            for n in names {
                t.by_name.entry(name_key(&n)).or_insert(i);
            }
            let urls = p.old_url.iter().chain(&p.fields.redirect_from);
            for u in urls {
                t.by_url.entry(normalize_url(u)).or_insert(i);
            }
            let path = input
                .rel
                .rsplit_once('.')
                .map_or(input.rel.as_str(), |(b, _)| b);
            t.by_path
                .entry(format!("{}:{}", input.root, crate::text::lowercase(path)))
                .or_insert(i);
            if is_bundle(&input.rel) {
                let folder = path.rsplit_once('/').map_or("", |(f, _)| f);
                t.by_path
                    .entry(format!("{}:{}", input.root, crate::text::lowercase(folder)))
                    .or_insert(i);
            }
        }
        t
    }

    /// The entry a name means: its slug, file name, `id`, title or slug value
    /// (case-insensitive; `_` and `-` count as spaces).
    pub(crate) fn name(&self, name: &str) -> Option<&Target> {
        let key = name_key(name);
        self.by_name
            .get(&key)
            .or_else(|| self.by_name.get(&name_key(&slugify(name))))
            .map(|&i| &self.list[i])
    }

    /// The pages in the bundle folder of the page at `rel` of root `root` (`node/dom/` for
    /// `node/index.md`), by title.
    pub(crate) fn children(&self, root: usize, rel: &str) -> Vec<&Target> {
        let path = rel.rsplit_once('.').map_or(rel, |(base, _)| base);
        let key = format!("{root}:{}", crate::text::lowercase(path));
        let Some(i) = self.by_path.get(&key) else {
            return Vec::new();
        };
        let mut out: Vec<&Target> = self
            .children
            .get(i)
            .map_or(Vec::new(), |c| c.iter().map(|&c| &self.list[c]).collect());
        out.sort_by(|a, b| {
            a.title
                .cmp(&b.title)
                .then_with(|| a.key.slug.cmp(&b.key.slug))
        });
        out
    }

    /// The entry an old URL (or site path) is.
    pub(crate) fn url(&self, url: &str) -> Option<&Target> {
        self.by_url.get(&normalize_url(url)).map(|&i| &self.list[i])
    }

    /// The entry a file path means, relative to the page `from` (`rel` of root `root`):
    /// `../x.md`, `x/`, `x/index.md`. With `anywhere`, also by its last segments (Zola's
    /// `@/` paths and Jekyll's `{% link %}` are relative to a content folder above).
    pub(crate) fn path(
        &self,
        root: usize,
        from: &str,
        link: &str,
        anywhere: bool,
    ) -> Option<&Target> {
        let link = link.split(['#', '?']).next().unwrap_or("");
        let base = if link.starts_with('/') || anywhere {
            String::new()
        } else {
            from.rsplit_once('/')
                .map_or(String::new(), |(d, _)| format!("{d}/"))
        };
        let mut parts: Vec<&str> = Vec::new();
        let joined = format!("{base}{}", link.trim_start_matches('/'));
        for seg in joined.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                s => parts.push(s),
            }
        }
        let mut path = parts.join("/");
        for ext in [".md", ".mdx", ".markdown", ".html"] {
            if let Some(p) = path.strip_suffix(ext) {
                path = p.to_string();
                break;
            }
        }
        let path = path.strip_suffix("/_index").unwrap_or(&path);
        let path = crate::text::lowercase(path);
        let mut candidate = path.as_str();
        loop {
            if let Some(&i) = self.by_path.get(&format!("{root}:{candidate}")) {
                return Some(&self.list[i]);
            }
            match candidate.split_once('/') {
                Some((_, rest)) if anywhere => candidate = rest,
                _ => return None,
            }
        }
    }

    /// Whether `url` is already an imported entry's new URL.
    pub(crate) fn is_new_url(&self, url: &str) -> bool {
        self.new_urls
            .contains(url.split(['#', '?']).next().unwrap_or(""))
    }
}

/// A name as compared: lower-cased, `_` and `-` as spaces, spaces collapsed.
/// The name a page's file gives it: its stem (`pod` for `pod.md` or `pod/index.md`), but
/// the folder path for a bundle inside another page's bundle (`node/dom` for
/// `node/dom/index.md` beside `node/index.md`): MDN's "DOM" is another page than "Node/DOM".
fn file_name(input: &Input, folders: &HashMap<(usize, &str), usize>) -> String {
    let folder = match input.rel.rsplit_once('/') {
        Some((folder, _)) if is_bundle(&input.rel) => folder,
        _ => return stem(&input.rel),
    };
    match folder.rsplit_once('/') {
        Some((parent, _)) if folders.contains_key(&(input.root, parent)) => folder.to_string(),
        _ => stem(&input.rel),
    }
}

fn name_key(name: &str) -> String {
    crate::text::lowercase(name)
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_compare_loosely() {
        assert_eq!(
            normalize_url("https://x.test/Glossary/Pod/index.html#a"),
            "/glossary/pod"
        );
        assert_eq!(normalize_url("/g/pod/"), "/g/pod");
    }

    #[test]
    fn names_compare_loosely() {
        assert_eq!(name_key("Cross-site_scripting"), "cross site scripting");
        assert_eq!(name_key("  Node/DOM "), "node/dom");
    }
}
