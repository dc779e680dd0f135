//! Redirects: each old URL of an entry's `redirect_from` (normalised when the front matter
//! was read, [`crate::frontmatter::redirect_path`]) becomes a static redirect page
//! (`old/path/index.html`, rendered from `redirect.html`) and a line of `_redirects`
//! (the Netlify and Cloudflare Pages format), unless it would take a page or file of the
//! site, or another entry claims it: each of those is a `redirect-collision` error at the
//! old URL in front matter, and that redirect is left out.
//!
//! Redirects are not pages of the [`plan`](crate::plan): no sitemap, feed, search or
//! JSON-LD lists them.

use std::collections::{HashMap, HashSet};

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

use crate::diagnostics::{Code, Diagnostic};
use crate::model::{EntryId, Site};
use crate::plan::{Page, Urls};

/// The redirect rules file for Netlify and Cloudflare Pages.
pub const REDIRECTS_FILE: &str = "_redirects";

/// One old URL of an entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redirect {
    /// The old URL's path, normalised (`/old/path/`, `/old.html`), under the base path.
    pub from: String,
    /// The entry it leads to.
    pub entry: EntryId,
}

impl Redirect {
    /// The file its page is written to: `old/path/index.html`, `old.html`.
    pub fn output(&self) -> String {
        output(&self.from)
    }
}

/// The file the redirect page of the old URL path `from` is written to.
pub fn output(from: &str) -> String {
    let rel = from.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    }
}

/// The redirects of `site` (by old URL), given its `pages` and the other `files` it
/// writes (static and bundle files, by output path), and a `redirect-collision` error for
/// each old URL left out: one that is a page or file of the site, or needs a folder where
/// the site has a file (or the reverse), or that an earlier entry (in kind and slug order)
/// already claims.
pub fn resolve<'a>(
    site: &Site,
    pages: &[Page],
    files: impl IntoIterator<Item = &'a str>,
) -> (Vec<Redirect>, Vec<Diagnostic>) {
    if site.entries.iter().all(|e| e.redirect_from.is_empty()) {
        return (Vec::new(), Vec::new());
    }
    let mut taken: HashMap<String, String> = pages
        .iter()
        .map(|p| (p.output(), format!("the page `/{}`", p.rel)))
        .collect();
    for f in files {
        taken
            .entry(f.to_string())
            .or_insert_with(|| format!("the file `/{f}`"));
    }
    let mut folders: HashSet<String> = HashSet::new();
    for file in taken.keys() {
        folders.extend(ancestors(file).map(str::to_string));
    }
    let mut redirects: Vec<Redirect> = Vec::new();
    let mut claimed: HashMap<String, EntryId> = HashMap::new();
    let mut problems = Vec::new();
    for (id, e) in site.entries.iter().enumerate() {
        for (i, from) in e.redirect_from.iter().enumerate() {
            let file = output(from);
            let problem = if let Some(&other) = claimed.get(&file) {
                let o = &site.entries[other];
                let whose = match other == id {
                    true => "this entry".to_string(),
                    false => format!("{} `{}`", o.kind, o.slug),
                };
                Some((
                    format!("old URL `{from}` already redirects to {whose}"),
                    TWICE,
                ))
            } else if let Some(what) = taken.get(&file) {
                Some((format!("old URL `{from}` is {what}"), TAKEN))
            } else if let Some(a) = ancestors(&file).find(|a| taken.contains_key(*a)) {
                Some((
                    format!("old URL `{from}` needs a folder where the site has the file `/{a}`"),
                    TAKEN,
                ))
            } else if folders.contains(&file) {
                Some((
                    format!("old URL `{from}` is a folder of the site (`/{file}/…`)"),
                    TAKEN,
                ))
            } else {
                None
            };
            match problem {
                Some((message, help)) => {
                    let source = &site.sources[e.source];
                    let span = e.spans.redirect_from.get(i).cloned().flatten();
                    problems.push(
                        Diagnostic::error(Code::RedirectCollision, message, &source.path)
                            .with_source(&source.text, span)
                            .with_label("old URL")
                            .with_help(help),
                    );
                }
                None => {
                    folders.extend(ancestors(&file).map(str::to_string));
                    taken.insert(file.clone(), format!("the redirect `{from}`"));
                    claimed.insert(file, id);
                    redirects.push(Redirect {
                        from: from.clone(),
                        entry: id,
                    });
                }
            }
        }
    }
    redirects.sort_by(|a, b| a.from.cmp(&b.from));
    (redirects, problems)
}

const TAKEN: &str =
    "a redirect page would replace what the site has there; remove this old URL from `redirect_from`";
const TWICE: &str = "an old URL leads to one page: keep it in one entry's `redirect_from`, once";

/// The folders holding the output file `file`, outermost first (`a/b/c` → `a`, `a/b`).
fn ancestors(file: &str) -> impl Iterator<Item = &str> {
    file.match_indices('/').map(move |(i, _)| &file[..i])
}

/// What `_redirects` escapes in an old URL: controls, spaces, `%`, quotes and brackets (and
/// every non-ASCII byte), so each rule is one line of ASCII.
const ESCAPED: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'%')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// `_redirects`: one `/old/path/ /term/x/ 301` line per redirect, base path applied.
pub fn rules(site: &Site, redirects: &[Redirect], urls: &Urls) -> String {
    let mut out = String::new();
    for r in redirects {
        let from = urls.path(r.from.trim_start_matches('/'));
        let to = urls.path(&Urls::entry_rel(&site.entries[r.entry]));
        out.push_str(&format!(
            "{} {to} 301\n",
            utf8_percent_encode(&from, ESCAPED)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_and_ancestors() {
        assert_eq!(output("/old/path/"), "old/path/index.html");
        assert_eq!(output("/old.html"), "old.html");
        assert_eq!(output("/"), "index.html");
        let a: Vec<&str> = ancestors("a/b/index.html").collect();
        assert_eq!(a, ["a", "a/b"]);
    }
}
