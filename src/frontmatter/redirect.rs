//! The old URLs of `redirect_from`: each checked and normalised once, when the front
//! matter is read, so every later stage (the redirect pages, `_redirects`, collisions)
//! works on one form.

use percent_encoding::percent_decode_str;

/// Why an old URL cannot be redirected, with what to write instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    pub reason: String,
    pub help: &'static str,
}

/// An old URL of `redirect_from` (a site path, under the base path) in its one form:
/// percent-escapes decoded, a folder path ending in `/` (`/old/path` → `/old/path/`), a
/// path ending in `.html` or `.htm` kept as the file it names. Refused: anything but a
/// site path (`https://…`, `//host/…`, `old/`), a query or fragment (`?`, `#`), an empty
/// segment (`//`), `.` or `..` segments, backslashes, control characters, an encoded `/`
/// and escapes that are not UTF-8; checked after decoding, so `%2e%2e` is `..`.
pub fn redirect_path(raw: &str) -> Result<String, Refused> {
    let refuse = |reason: String, help: &'static str| Err(Refused { reason, help });
    const SITE_PATH: &str = "write the old URL's path, such as `/glossary/old-name/`";
    if !raw.starts_with('/') || raw.starts_with("//") {
        return refuse(format!("`{raw}` is not a path of this site"), SITE_PATH);
    }
    let lower = raw.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") {
        return refuse(
            format!("`{raw}` holds an encoded `/` or `\\`"),
            "write the path's folders with plain `/`",
        );
    }
    let Ok(path) = percent_decode_str(raw).decode_utf8() else {
        return refuse(
            format!("`{raw}` holds percent-escapes that are not UTF-8"),
            SITE_PATH,
        );
    };
    if path.contains(['?', '#']) {
        return refuse(
            format!("`{raw}` has a query or fragment (`?`, `#`)"),
            "a static redirect page answers a path only; write the path without them",
        );
    }
    if path.chars().any(|c| c == '\\' || c.is_control()) {
        return refuse(
            format!("`{raw}` holds a backslash or a control character"),
            SITE_PATH,
        );
    }
    let inner = path[1..].strip_suffix('/').unwrap_or(&path[1..]);
    if !inner.is_empty()
        && inner
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == "..")
    {
        return refuse(
            format!("`{raw}` has an empty, `.` or `..` segment"),
            "write the path as the browser shows it, without `//`, `./` or `../`",
        );
    }
    let last = inner.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
    let file = last.ends_with(".html") || last.ends_with(".htm");
    if path.ends_with('/') || file {
        Ok(path.into_owned())
    } else {
        Ok(format!("{path}/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_get_a_slash_files_stay_files() {
        let ok = |s: &str| redirect_path(s).unwrap();
        assert_eq!(ok("/old/path"), "/old/path/");
        assert_eq!(ok("/old/path/"), "/old/path/");
        assert_eq!(ok("/old/page.html"), "/old/page.html");
        assert_eq!(ok("/OLD.HTM"), "/OLD.HTM");
        assert_eq!(ok("/feed.xml"), "/feed.xml/");
        assert_eq!(ok("/"), "/");
        assert_eq!(ok("/caf%C3%A9"), "/café/");
        assert_eq!(ok("/a b"), "/a b/");
    }

    #[test]
    fn refusals_say_why() {
        for (raw, why) in [
            ("old/", "not a path"),
            ("https://old.example/x/", "not a path"),
            ("//host/x/", "not a path"),
            ("/a/../b/", "`..`"),
            ("/a/%2e%2e/b/", "`..`"),
            ("/a/./b/", "`.`"),
            ("/a//b/", "empty"),
            ("/a/?page=2", "query"),
            ("/a/#top", "fragment"),
            ("/a%3Fb/", "query"),
            ("/a%2Fb/", "encoded"),
            ("/a\\b/", "backslash"),
            ("/a\nb/", "control"),
            ("/%FF/", "UTF-8"),
        ] {
            let e = redirect_path(raw).unwrap_err();
            assert!(e.reason.contains(why), "{raw}: {}", e.reason);
        }
    }

    proptest::proptest! {
        #[test]
        fn normal_forms_are_safe_and_stable(raw in "/[a-zA-Z0-9./%?#\\\\ é-]{0,24}") {
            if let Ok(path) = redirect_path(&raw) {
                proptest::prop_assert!(path.starts_with('/'));
                proptest::prop_assert!(!path.contains("//") && !path.contains(['?', '#', '\\']));
                let trimmed = path.trim_end_matches('/');
                proptest::prop_assert!(trimmed.split('/').skip(1).all(|s| s != "." && s != ".."));
                let lower = path.to_ascii_lowercase();
                proptest::prop_assert!(
                    path.ends_with('/') || lower.ends_with(".html") || lower.ends_with(".htm")
                );
                // Normalising again changes nothing (a decoded `%` is escaped again first).
                let again = path.replace('%', "%25");
                proptest::prop_assert_eq!(redirect_path(&again), Ok(path));
            }
        }
    }
}
