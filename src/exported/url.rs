//! Export URLs to entry keys, safely.
//!
//! An entry is keyed by its URL path: `/term/<slug>/`, `/definition/<slug>/`,
//! `/area/<slug>/` (and `/area/<slug>/resource/<N>/` for an area's continuation pages).
//! The slug is the only part of a URL that ever reaches a file name, so it is checked here
//! on the path *as written*, before any normalisation could hide a trick: `.` and `..`
//! segments, percent-encoded slashes, dots or backslashes (`%2F`, `%2e%2e`, `%5C`), raw
//! backslashes, NUL bytes and non-HTTP URLs are rejected with the reason; what is left must
//! be a valid slug ([`frontmatter::is_valid_slug`]) or slugify to one.

use std::fmt;

use serde::Serialize;

use crate::frontmatter;
use crate::model::Kind;

/// What an entry is known by: its kind and slug (its URL path).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Key {
    pub kind: Kind,
    pub slug: String,
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.kind, self.slug)
    }
}

impl Key {
    /// `/term/<slug>/`.
    pub fn path(&self) -> String {
        format!("/{}/{}/", self.kind, self.slug)
    }
}

/// What a URL points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// An entry's page.
    Entry(Key),
    /// Page `N` (from 2) of an area: `/area/<slug>/resource/<N>/`.
    Resource(Key, u32),
    /// Anything else on an HTTP(S) site (home, kind index, author page, image…).
    Other,
}

/// A parsed URL: where it points and the host it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    pub target: Target,
    /// Lower-cased `scheme://host[:port]`.
    pub origin: String,
    /// Whether the slug had to be slugified (it was not a valid slug as written).
    pub normalized: bool,
}

/// Reads an absolute `http(s)` URL. `Err` holds why it is refused.
pub fn parse(url: &str) -> Result<Parsed, String> {
    let url = url.trim();
    if url.is_empty() {
        return Err("empty URL".into());
    }
    if url.contains('\\') {
        return Err("a backslash in the URL".into());
    }
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("control characters or spaces in the URL".into());
    }
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return Err("not an absolute http(s) URL".into());
    };
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..host_end];
    if host.is_empty() || host.contains('@') || host.contains('%') {
        return Err("no usable host".into());
    }
    let scheme = if lower.starts_with("https://") {
        "https"
    } else {
        "http"
    };
    let origin = format!("{scheme}://{}", host.to_ascii_lowercase());
    let path = &rest[host_end..];
    let path = &path[..path.find(['?', '#']).unwrap_or(path.len())];
    // "/a/b/" → ["a", "b"]: one leading and one trailing slash are the only empty segments.
    let trimmed = path.strip_prefix('/').unwrap_or(path);
    let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed);
    let inner: Vec<&str> = if trimmed.is_empty() {
        Vec::new()
    } else {
        trimmed.split('/').collect()
    };
    let mut segments = Vec::with_capacity(inner.len());
    for seg in &inner {
        segments.push(segment(seg)?);
    }
    let (target, normalized) = match segments.as_slice() {
        [kind, slug] => match exact_kind(kind) {
            Some(kind) => {
                let (slug, normalized) = slug_of(slug)?;
                (Target::Entry(Key { kind, slug }), normalized)
            }
            None => (Target::Other, false),
        },
        [area, slug, resource, n] if area == "area" && resource == "resource" => {
            let (slug, normalized) = slug_of(slug)?;
            let n: u32 = n
                .parse()
                .map_err(|_| format!("`{n}` is not a resource page number"))?;
            let key = Key {
                kind: Kind::Area,
                slug,
            };
            if n <= 1 {
                (Target::Entry(key), normalized)
            } else {
                (Target::Resource(key, n), normalized)
            }
        }
        _ => (Target::Other, false),
    };
    Ok(Parsed {
        target,
        origin,
        normalized,
    })
}

/// The kind a URL's path names, if it is an entry or resource page (for the reader's guess).
pub fn kind_of(url: &str) -> Option<Kind> {
    match parse(url).ok()?.target {
        Target::Entry(k) | Target::Resource(k, _) => Some(k.kind),
        Target::Other => None,
    }
}

fn exact_kind(s: &str) -> Option<Kind> {
    match s {
        "term" => Some(Kind::Term),
        "definition" => Some(Kind::Definition),
        "area" => Some(Kind::Area),
        _ => None,
    }
}

/// One path segment, percent-decoded, refused when it could move out of its folder.
fn segment(raw: &str) -> Result<String, String> {
    if raw.is_empty() {
        return Err("an empty path segment (`//`)".into());
    }
    if raw == "." || raw == ".." {
        return Err(format!("a `{raw}` path segment tries to leave the folder"));
    }
    let decoded = percent_decode(raw).ok_or_else(|| format!("bad percent-encoding in `{raw}`"))?;
    let leaves = |what: &str| Err(format!("{what} in `{raw}` tries to leave the folder"));
    if decoded.contains('\0') {
        // Not a way out of the folder: a NUL cuts a file name short on most systems.
        return Err(format!("an encoded NUL byte (`%00`) in `{raw}`"));
    }
    if decoded.contains('/') {
        return leaves("an encoded slash (`%2F`)");
    }
    if decoded.contains('\\') {
        return leaves("an encoded backslash (`%5C`)");
    }
    if decoded == "." || decoded == ".." || decoded.starts_with("..") {
        return leaves(&format!("an encoded `{decoded}`"));
    }
    Ok(decoded)
}

fn slug_of(decoded: &str) -> Result<(String, bool), String> {
    if frontmatter::is_valid_slug(decoded) {
        return Ok((decoded.to_string(), false));
    }
    let slug = frontmatter::slugify(decoded);
    if slug.is_empty() || !frontmatter::is_valid_slug(&slug) {
        return Err(format!("`{decoded}` cannot be made into a slug"));
    }
    Ok((slug, true))
}

/// Strict percent-decoding to UTF-8; `None` on a malformed escape or invalid UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(kind: Kind, slug: &str) -> Target {
        Target::Entry(Key {
            kind,
            slug: slug.into(),
        })
    }

    #[test]
    fn entry_urls() {
        let p = parse("https://G.test/term/basis-trade/").unwrap();
        assert_eq!(p.target, key(Kind::Term, "basis-trade"));
        assert_eq!(p.origin, "https://g.test");
        assert_eq!(
            parse("http://g.test/definition/mark-price?x=1#y")
                .unwrap()
                .target,
            key(Kind::Definition, "mark-price")
        );
        assert_eq!(
            parse("https://g.test/area/funding/resource/2/")
                .unwrap()
                .target,
            Target::Resource(
                Key {
                    kind: Kind::Area,
                    slug: "funding".into()
                },
                2
            )
        );
        let p = parse("https://g.test/term/Crème%20Brûlée/").unwrap();
        assert_eq!(p.target, key(Kind::Term, "creme-brulee"));
        assert!(p.normalized);
        for other in [
            "https://g.test/",
            "https://g.test/area/",
            "https://g.test/author/ann/",
            "https://g.test/wp-content/x.jpg",
            "https://g.test/terms/x/",
        ] {
            assert_eq!(parse(other).unwrap().target, Target::Other, "{other}");
        }
    }

    #[test]
    fn traversal_is_refused() {
        for bad in [
            "https://g.test/term/../../etc/passwd",
            "https://g.test/term/%2e%2e/x/",
            "https://g.test/term/%2E%2E%2Fetc/",
            "https://g.test/term/a%2Fb/",
            "https://g.test/term/a%5Cb/",
            "https://g.test/term/..%2f..%2fetc/",
            "https://g.test/term\\..\\x/",
            "https://g.test/term//x/",
            "https://g.test/term/./x/",
            "https://g.test/term/%00/",
            "https://g.test/term/%zz/",
            "/etc/passwd",
            "file:///etc/passwd",
            "term/x/",
            "javascript:alert(1)",
            "https://g.test/term/%E2%80%A6/",
            "https:///term/x/",
        ] {
            assert!(parse(bad).is_err(), "{bad} accepted: {:?}", parse(bad));
        }
    }

    #[test]
    fn each_refusal_says_why() {
        for (bad, why) in [
            (
                "https://g.test/term/%00/",
                "an encoded NUL byte (`%00`) in `%00`",
            ),
            ("https://g.test/term/a%00b/", "an encoded NUL byte"),
            (
                "https://g.test/term/a%2Fb/",
                "an encoded slash (`%2F`) in `a%2Fb` tries to leave the folder",
            ),
            (
                "https://g.test/term/a%5Cb/",
                "an encoded backslash (`%5C`) in `a%5Cb`",
            ),
            (
                "https://g.test/term/%2e%2e/x/",
                "an encoded `..` in `%2e%2e` tries to leave the folder",
            ),
            (
                "https://g.test/term/../x/",
                "a `..` path segment tries to leave the folder",
            ),
            ("https://g.test/term\\x/", "a backslash in the URL"),
            (
                "https://g.test/term/a\u{1}b/",
                "control characters or spaces in the URL",
            ),
        ] {
            let err = parse(bad).unwrap_err();
            assert!(err.contains(why), "{bad}: {err}");
        }
        assert!(!parse("https://g.test/term/%00/")
            .unwrap_err()
            .contains("slash"));
    }
}
