//! Link destinations, as written in a body, resolved to what they point at: a path of the
//! site, a place on the same page, another site's URL, or nothing glossa can check.
//!
//! Resolution follows what the browser does with the rendered page's link: a site-absolute
//! destination (`/term/x/`) gets the base path as rendering gives it (`/docs/term/x/`, see
//! [`crate::markdown`]), a relative one (`../x/`, `img.png`) is read from the page's own
//! URL, and dot segments are removed as browsers remove them (also `%2e` ones), never going
//! above the host's root. What is left must lie under the base path to be the site's.
//! Full URLs of the site's own host and base path count as its own paths.
//!
//! A leaf: the link check ([`crate::linkcheck`]) reads every body link with it, and render
//! ([`crate::render`]) finds the entries a body links to for its link previews.

use percent_encoding::percent_decode_str;

/// What a destination points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A path of the site, relative to its root (`term/x/`, `images/a.svg`, `` for home),
    /// percent-decoded, and the fragment (`#risks` as `risks`) when there is one.
    Internal {
        path: String,
        fragment: Option<String>,
    },
    /// `#id` alone: a place on the page the link is on.
    Here(String),
    /// An `http(s)` URL outside the site, without its fragment.
    External(String),
    /// Nothing glossa can check: an empty link, `#`, another scheme (`mailto:`, `tel:`).
    Skip,
}

/// The site's own address: what makes a URL or a path its own.
#[derive(Clone, Debug)]
pub struct Origin {
    /// `host:port`, lower-cased (the port the scheme implies when none is written).
    host: String,
    /// The base URL's path: starts and ends with `/`.
    base_path: String,
}

impl Origin {
    /// The origin of `base_url` (as checked by the configuration: absolute http(s)).
    pub fn new(base_url: &str) -> Origin {
        let url = url::Url::parse(base_url).ok();
        let host = url.as_ref().map(host_key).unwrap_or_default();
        let mut base_path = url.map_or_else(|| "/".to_string(), |u| u.path().to_string());
        if !base_path.ends_with('/') {
            base_path.push('/');
        }
        Origin { host, base_path }
    }

    /// The base path, `/` or `/docs/`.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// What `dest`, written in the body of the page at `page_rel` (`term/x/`; `` for what
    /// is read from the site's root, as front-matter images are), points at.
    pub fn resolve(&self, dest: &str, page_rel: &str) -> Target {
        let dest = dest.trim();
        let (rest, fragment) = match dest.split_once('#') {
            Some((rest, fragment)) => (rest, Some(fragment)),
            None => (dest, None),
        };
        if rest.is_empty() {
            return match fragment {
                Some(f) if !f.is_empty() => Target::Here(decode(f)),
                _ => Target::Skip,
            };
        }
        let fragment = fragment.filter(|f| !f.is_empty()).map(decode);
        if let Some(url) = rest.strip_prefix("//") {
            return self.absolute(&format!("https://{url}"), fragment);
        }
        if has_scheme(rest) {
            return self.absolute(rest, fragment);
        }
        let path = rest.split('?').next().unwrap_or("");
        let full = if let Some(path) = path.strip_prefix('/') {
            format!("{}{path}", self.base_path)
        } else {
            let page = page_rel.trim_start_matches('/');
            let dir = &page[..page.rfind('/').map_or(0, |i| i + 1)];
            match path {
                "" => format!("{}{page}", self.base_path),
                _ => format!("{}{dir}{path}", self.base_path),
            }
        };
        self.internal(&normalize(&full), fragment)
    }

    /// An absolute URL: the site's own when its host and base path are, else external.
    fn absolute(&self, url: &str, fragment: Option<String>) -> Target {
        let scheme = url.split(':').next().unwrap_or("").to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Target::Skip;
        }
        if self.other_host(&scheme, url) {
            return Target::External(url.to_string());
        }
        let Ok(parsed) = url::Url::parse(url) else {
            return Target::External(url.to_string());
        };
        if host_key(&parsed) == self.host {
            if let Target::Internal { path, .. } = self.internal(parsed.path(), None) {
                return Target::Internal { path, fragment };
            }
        }
        Target::External(url.to_string())
    }

    /// Whether `url` (of `scheme`) plainly names another host, read without parsing it
    /// (most links to other sites); unusual forms are left to the URL parser.
    fn other_host(&self, scheme: &str, url: &str) -> bool {
        let Some(rest) = url
            .get(scheme.len() + 3..)
            .filter(|_| url[scheme.len()..].starts_with("://"))
        else {
            return false;
        };
        let authority = rest.split(['/', '?', '#', '\\']).next().unwrap_or("");
        // A name alone (no port, user or encoding), as almost every link writes it.
        let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-');
        if authority.is_empty() || !authority.chars().all(plain) {
            return false;
        }
        let port = if scheme == "https" { 443 } else { 80 };
        format!("{}:{port}", authority.to_ascii_lowercase()) != self.host
    }

    /// A normalized URL path of the host: the site's own path when under the base path.
    fn internal(&self, full: &str, fragment: Option<String>) -> Target {
        let rel = match full.strip_prefix(self.base_path.as_str()) {
            Some(rel) => rel,
            None if format!("{full}/") == self.base_path => "",
            None => return Target::Skip,
        };
        Target::Internal {
            path: decode_path(rel),
            fragment,
        }
    }
}

/// `host:port` of a URL, lower-cased.
fn host_key(url: &url::Url) -> String {
    let host = url.host_str().unwrap_or("").to_ascii_lowercase();
    match url.port_or_known_default() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    }
}

/// Whether `s` starts with a URL scheme (`https:`, `mailto:`).
fn has_scheme(s: &str) -> bool {
    let Some((scheme, _)) = s.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// A path percent-decoded segment by segment; a decoded `/` stays `%2F`, so decoding never
/// makes new segments.
fn decode_path(path: &str) -> String {
    if !path.contains('%') {
        return path.to_string();
    }
    path.split('/')
        .map(|segment| decode(segment).replace('/', "%2F"))
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether a segment is `.` (also written `%2e`), as the URL standard reads it.
fn is_dot(segment: &str) -> bool {
    segment == "." || segment.eq_ignore_ascii_case("%2e")
}

/// Whether a segment is `..` (also written `.%2e`, `%2e.`, `%2e%2e`).
fn is_dot_dot(segment: &str) -> bool {
    matches!(segment.len(), 2 | 4 | 6)
        && matches!(
            segment.to_ascii_lowercase().as_str(),
            ".." | ".%2e" | "%2e." | "%2e%2e"
        )
}

/// A URL path (from the host's root) with its dot segments removed, as browsers do: `..`
/// never goes above `/`. Always starts with `/`; a path ending in a dot segment ends with `/`.
pub fn normalize(path: &str) -> String {
    let rest = path.strip_prefix('/').unwrap_or(path);
    if !rest.split('/').any(|s| is_dot(s) || is_dot_dot(s)) {
        return format!("/{rest}");
    }
    let mut out: Vec<&str> = Vec::new();
    let mut dir = false;
    for segment in rest.split('/') {
        if is_dot(segment) {
            dir = true;
        } else if is_dot_dot(segment) {
            out.pop();
            dir = true;
        } else {
            out.push(segment);
            dir = false;
        }
    }
    let mut normal = format!("/{}", out.join("/"));
    if dir && !normal.ends_with('/') {
        normal.push('/');
    }
    normal
}

#[cfg(test)]
mod tests {
    use super::*;

    fn internal(path: &str, fragment: Option<&str>) -> Target {
        Target::Internal {
            path: path.into(),
            fragment: fragment.map(str::to_string),
        }
    }

    #[test]
    fn paths_of_the_site() {
        let o = Origin::new("https://x.test/docs/");
        let r = |dest: &str| o.resolve(dest, "term/a/");
        assert_eq!(r("/term/b/"), internal("term/b/", None));
        assert_eq!(r("/term/b/#risks"), internal("term/b/", Some("risks")));
        assert_eq!(r("../b/"), internal("term/b/", None));
        assert_eq!(r("../../definition/c/"), internal("definition/c/", None));
        assert_eq!(r("img.png"), internal("term/a/img.png", None));
        assert_eq!(r("?q=1"), internal("term/a/", None));
        assert_eq!(r("/search/?q=margin"), internal("search/", None));
        assert_eq!(r("/my%20file.pdf"), internal("my file.pdf", None));
        assert_eq!(r("/docs/term/b/"), internal("docs/term/b/", None));
        assert_eq!(
            r("https://X.test/docs/term/b/#x"),
            internal("term/b/", Some("x"))
        );
        assert_eq!(r("//x.test/docs/"), internal("", None));
        assert_eq!(r("https://x.test/docs"), internal("", None));
        assert_eq!(r("#risks"), Target::Here("risks".into()));
    }

    #[test]
    fn other_places() {
        let o = Origin::new("https://x.test/docs/");
        let r = |dest: &str| o.resolve(dest, "term/a/");
        assert_eq!(r(""), Target::Skip);
        assert_eq!(r("#"), Target::Skip);
        assert_eq!(r("mailto:a@x.test"), Target::Skip);
        assert_eq!(r("/../../etc/passwd"), Target::Skip);
        assert_eq!(r("../../../other/"), Target::Skip);
        assert_eq!(
            r("https://x.test/blog/#top"),
            Target::External("https://x.test/blog/".into())
        );
        assert_eq!(
            r("http://x.test:8080/docs/"),
            Target::External("http://x.test:8080/docs/".into())
        );
        assert_eq!(
            r("//cdn.test/a.js"),
            Target::External("https://cdn.test/a.js".into())
        );
    }

    #[test]
    fn hosts_read_without_parsing_agree_with_the_parser() {
        let o = Origin::new("https://x.test/docs/");
        for url in [
            "https://x.test/docs/a",
            "https://X.TEST/docs/a",
            "http://x.test/docs/a",
            "https://x.test:443/docs/a",
            "https://x.test./docs/a",
            "https://y.test/docs/a",
            "https://user@x.test/docs/a",
            "https://x.test?q",
            "https://x.test#f",
        ] {
            let scheme = url.split(':').next().unwrap();
            let parsed = host_key(&url::Url::parse(url).unwrap()) != o.host;
            assert!(!o.other_host(scheme, url) || parsed, "{url}");
        }
    }

    #[test]
    fn dot_segments_never_leave_the_root() {
        assert_eq!(normalize("/a/b/../c"), "/a/c");
        assert_eq!(normalize("/a/./b/."), "/a/b/");
        assert_eq!(normalize("/../../x"), "/x");
        assert_eq!(normalize("/a/%2E%2e/b"), "/b");
        assert_eq!(normalize("/a//b/"), "/a//b/");
        assert_eq!(normalize("/.."), "/");
        assert_eq!(decode_path("a%2F..%2Fb/c%20d"), "a%2F..%2Fb/c d");
    }
}
