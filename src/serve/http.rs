//! HTTP: the serve folder's files, the reload channel and `/api/search`, with axum on
//! tokio.
//!
//! | route | answer |
//! | --- | --- |
//! | `GET /api/search?q=&kind=&area=&limit=` | the JSON of `glossa search --json` (`q` ≤ 1 KiB, `area` an area's slug, `limit` 1–50, default 10) |
//! | `GET /__glossa/events` | server-sent events: `hello` or `build-error` at once, then `reload`, `build-error`, `build-ok` |
//! | `GET` anything else | a file under the serve folder (`dir/` → `dir/index.html`), else `404.html` with status 404 |
//!
//! Paths are checked before the file system sees them: percent-decoded once, then `..`,
//! `.`, empty segments (`//`), backslashes, NUL and encoded slashes are refused (400),
//! hidden names are not served, and the file found is canonicalized and must still be
//! inside the canonical serve folder (no symlink leads out). Only `GET` and `HEAD` are
//! answered (405 otherwise) and no request may carry a body (413).

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use percent_encoding::percent_decode_str;
use tokio::sync::{broadcast, watch};

use super::search::Searchable;
use crate::error::Error;
use crate::index::query::SearchOptions;
use crate::model::Kind;

/// The longest `q` accepted by `/api/search`, in bytes.
pub const MAX_QUERY: usize = 1024;
/// The most results `/api/search` returns.
pub const MAX_LIMIT: usize = 50;
/// The longest request target accepted (path and query), in bytes.
pub const MAX_URI: usize = 4096;

/// What browsers are told.
#[derive(Clone, Debug)]
pub enum Notice {
    /// Files changed: URL paths of the pages (`all` when a shared file such as the
    /// style sheet changed, or very many pages did).
    Reload { paths: Vec<String>, all: bool },
    /// The last change has errors (plain text, as printed in the terminal).
    Error(String),
    /// The errors are fixed.
    Ok,
}

/// What the handlers share with the rebuild loop.
pub struct Shared {
    /// The serve folder, canonical.
    pub dir: PathBuf,
    pub notices: broadcast::Sender<Notice>,
    /// The current errors, when the last change had some.
    pub status: RwLock<Option<String>>,
    pub search: RwLock<Option<Arc<Searchable>>>,
    pub shutdown: watch::Receiver<bool>,
}

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/api/search", get(api_search))
        .route("/__glossa/events", get(events))
        .fallback(files)
        .with_state(shared)
}

fn has_body(headers: &HeaderMap) -> bool {
    headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get(header::CONTENT_LENGTH)
            .is_some_and(|v| v.as_bytes() != b"0")
}

fn plain(status: StatusCode, text: &str) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        format!("{text}\n"),
    )
        .into_response()
}

fn json(status: StatusCode, body: String) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

fn json_error(status: StatusCode, message: &str) -> Response {
    json(
        status,
        format!("{}\n", serde_json::json!({ "error": message })),
    )
}

/// Refuses what no handler takes: long targets and request bodies.
fn refuse(headers: &HeaderMap, uri: &Uri) -> Option<Response> {
    let target = uri.path_and_query().map_or(0, |p| p.as_str().len());
    if target > MAX_URI {
        return Some(plain(StatusCode::URI_TOO_LONG, "request target too long"));
    }
    if has_body(headers) {
        return Some(plain(
            StatusCode::PAYLOAD_TOO_LARGE,
            "requests may not carry a body",
        ));
    }
    None
}

async fn api_search(State(s): State<Arc<Shared>>, headers: HeaderMap, uri: Uri) -> Response {
    if let Some(r) = refuse(&headers, &uri) {
        return r;
    }
    let mut q = None;
    let mut kind = None;
    let mut area = None;
    let mut limit = 10;
    for (key, value) in url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()) {
        match key.as_ref() {
            "q" => q = Some(value.into_owned()),
            "kind" if value.is_empty() => kind = None,
            "area" => area = (!value.is_empty()).then(|| value.into_owned()),
            "kind" => match Kind::parse(&value) {
                Some(k) => kind = Some(k),
                None => {
                    return json_error(
                        StatusCode::BAD_REQUEST,
                        "`kind` must be term, definition or area",
                    )
                }
            },
            "limit" => match value.parse::<usize>() {
                Ok(n) if n >= 1 => limit = n.min(MAX_LIMIT),
                _ => {
                    return json_error(
                        StatusCode::BAD_REQUEST,
                        "`limit` must be a whole number from 1 to 50",
                    )
                }
            },
            _ => {}
        }
    }
    let Some(q) = q else {
        return json_error(StatusCode::BAD_REQUEST, "`q` is missing");
    };
    if q.len() > MAX_QUERY {
        return json_error(
            StatusCode::URI_TOO_LONG,
            &format!("`q` is longer than {MAX_QUERY} bytes"),
        );
    }
    let search = s.search.read().ok().and_then(|g| g.clone());
    let Some(search) = search else {
        return json_error(
            StatusCode::SERVICE_UNAVAILABLE,
            "the search index is not ready",
        );
    };
    let options = SearchOptions { kind, area, limit };
    match search.search_json(&q, &options).await {
        Ok(body) => json(StatusCode::OK, body.to_string()),
        Err(Error::Query(m)) => json_error(StatusCode::BAD_REQUEST, &m),
        Err(e) => json_error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

/// Text safe for an SSE data field (line breaks are sent as separate `data:` lines).
fn event(name: &str, data: &str) -> Event {
    Event::default()
        .event(name)
        .data(data.replace("\r\n", "\n").replace('\r', "\n"))
}

fn notice_event(n: &Notice) -> Event {
    match n {
        Notice::Reload { paths, all } => event(
            "reload",
            &serde_json::json!({ "paths": paths, "all": all }).to_string(),
        ),
        Notice::Error(text) => event("build-error", text),
        Notice::Ok => event("build-ok", "ok"),
    }
}

async fn events(State(s): State<Arc<Shared>>, headers: HeaderMap, uri: Uri) -> Response {
    if let Some(r) = refuse(&headers, &uri) {
        return r;
    }
    let rx = s.notices.subscribe();
    let first = match s.status.read().ok().and_then(|g| g.clone()) {
        Some(text) => event("build-error", &text),
        None => event("hello", "ok"),
    };
    let shutdown = s.shutdown.clone();
    let stream = futures_util::stream::unfold(
        (Some(first), rx, shutdown),
        |(first, mut rx, mut shutdown)| async move {
            if let Some(e) = first {
                return Some((Ok::<_, Infallible>(e), (None, rx, shutdown)));
            }
            if *shutdown.borrow() {
                return None;
            }
            tokio::select! {
                n = rx.recv() => {
                    let e = match n {
                        Ok(n) => notice_event(&n),
                        // Missed notices: reload to be safe.
                        Err(broadcast::error::RecvError::Lagged(_)) => notice_event(&Notice::Reload {
                            paths: Vec::new(),
                            all: true,
                        }),
                        Err(broadcast::error::RecvError::Closed) => return None,
                    };
                    Some((Ok(e), (None, rx, shutdown)))
                }
                _ = shutdown.changed() => None,
            }
        },
    );
    let mut response = Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    File(PathBuf),
    /// A folder asked for without its trailing slash.
    Redirect(String),
    NotFound,
    /// A path that tries to leave the folder or is malformed.
    Bad,
}

/// Resolves a raw request path (as sent, still percent-encoded) inside `root`, which
/// must be canonical.
pub fn resolve(root: &Path, raw: &str) -> Target {
    if !raw.starts_with('/') {
        return Target::Bad;
    }
    let lower = raw.to_ascii_lowercase();
    if ["%2f", "%5c", "%00"].iter().any(|e| lower.contains(e)) {
        return Target::Bad;
    }
    let Ok(decoded) = percent_decode_str(raw).decode_utf8() else {
        return Target::Bad;
    };
    if decoded.contains(['\0', '\\']) {
        return Target::Bad;
    }
    let segments: Vec<&str> = decoded[1..].split('/').collect();
    let last = segments.len() - 1;
    let mut path = root.to_path_buf();
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "" if i == last => path.push("index.html"),
            "" | "." | ".." => return Target::Bad,
            s if s.starts_with('.') => return Target::NotFound,
            s => path.push(s),
        }
    }
    let Ok(found) = std::fs::canonicalize(&path) else {
        return Target::NotFound;
    };
    if !found.starts_with(root) {
        return Target::NotFound;
    }
    if found.is_dir() {
        return Target::Redirect(format!("{raw}/"));
    }
    if found.is_file() {
        Target::File(found)
    } else {
        Target::NotFound
    }
}

/// The Content-Type of a file, with a charset for text.
pub fn content_type(path: &Path) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let text = mime.type_() == mime_guess::mime::TEXT
        || matches!(
            mime.subtype().as_str(),
            "javascript" | "json" | "xml" | "atom+xml"
        )
        || mime.suffix().is_some_and(|s| s == "xml" || s == "json");
    if text && mime.get_param("charset").is_none() {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

async fn files(
    State(s): State<Arc<Shared>>,
    method: Method,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    if let Some(r) = refuse(&headers, &uri) {
        return r;
    }
    let dir = s.dir.clone();
    let raw = uri.path().to_string();
    let target = tokio::task::spawn_blocking(move || resolve(&dir, &raw))
        .await
        .unwrap_or(Target::NotFound);
    match target {
        Target::File(path) => match tokio::fs::read(&path).await {
            Ok(bytes) => file_response(StatusCode::OK, &path, bytes),
            Err(_) => not_found(&s).await,
        },
        Target::Redirect(to) => match HeaderValue::from_str(&to) {
            Ok(location) => {
                let mut r = plain(StatusCode::PERMANENT_REDIRECT, &to);
                r.headers_mut().insert(header::LOCATION, location);
                r
            }
            Err(_) => plain(StatusCode::BAD_REQUEST, "bad path"),
        },
        Target::NotFound => not_found(&s).await,
        Target::Bad => plain(StatusCode::BAD_REQUEST, "bad path"),
    }
}

fn file_response(status: StatusCode, path: &Path, bytes: Vec<u8>) -> Response {
    let mut r = (status, Body::from(bytes)).into_response();
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&content_type(path)) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

async fn not_found(s: &Shared) -> Response {
    let page = s.dir.join(crate::plan::NOT_FOUND_REL);
    match tokio::fs::read(&page).await {
        Ok(bytes) => file_response(StatusCode::NOT_FOUND, &page, bytes),
        Err(_) => plain(StatusCode::NOT_FOUND, "not found"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(tmp.path()).unwrap().join("site");
        std::fs::create_dir_all(root.join("term/a")).unwrap();
        std::fs::write(root.join("index.html"), "home").unwrap();
        std::fs::write(root.join("term/a/index.html"), "a").unwrap();
        std::fs::write(tmp.path().join("secret"), "s").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(tmp.path().join("secret"), root.join("leak")).unwrap();
        assert_eq!(resolve(&root, "/"), Target::File(root.join("index.html")));
        assert_eq!(
            resolve(&root, "/term/a/"),
            Target::File(root.join("term/a/index.html"))
        );
        assert_eq!(
            resolve(&root, "/term/a"),
            Target::Redirect("/term/a/".into())
        );
        for bad in [
            "/../secret",
            "/%2e%2e/secret",
            "/%2E%2E/secret",
            "/term/..%2fsecret",
            "/term%2f..%2f..%2fsecret",
            "//etc/passwd",
            "/term/./a/",
            "/a\\b",
            "/%5c..%5csecret",
            "/a%00b",
            "relative",
        ] {
            assert_eq!(resolve(&root, bad), Target::Bad, "{bad}");
        }
        for missing in ["/leak", "/nothing", "/.hidden", "/term/b/"] {
            assert_eq!(resolve(&root, missing), Target::NotFound, "{missing}");
        }
    }

    #[test]
    fn content_types_name_a_charset_for_text() {
        assert_eq!(
            content_type(Path::new("a/index.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("style.css")),
            "text/css; charset=utf-8"
        );
        assert!(content_type(Path::new("search.js")).contains("javascript"));
        assert_eq!(
            content_type(Path::new("favicon.svg")),
            "image/svg+xml; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("x.webp")), "image/webp");
        // The files for machines and sharing.
        assert_eq!(
            content_type(Path::new("term/x/index.md")),
            "text/markdown; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("llms.txt")),
            "text/plain; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("site.webmanifest")),
            "application/manifest+json; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("og/term/x.png")), "image/png");
    }
}
