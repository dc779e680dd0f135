//! `glossa serve`, driven from outside: the real binary on an ephemeral port
//! (`--port 0`) serving a temporary copy of `tests/fixtures/serve`, talked to over raw
//! HTTP/1.1 sockets (so that no client normalises `..` away).
//!
//! Waits are bounded polls (at most [`WAIT`]); nothing here asserts on timing.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The longest any poll waits.
const WAIT: Duration = Duration::from_secs(10);

fn fixture() -> PathBuf {
    common::repo_root().join("tests/fixtures/serve")
}

fn copy_dir(from: &Path, to: &Path) {
    for item in walkdir::WalkDir::new(from) {
        let item = item.unwrap();
        let rel = item.path().strip_prefix(from).unwrap();
        if rel.starts_with(".glossa") || rel.starts_with("public") {
            continue;
        }
        let target = to.join(rel);
        if item.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(item.path(), &target).unwrap();
        }
    }
}

/// A running `glossa serve`, killed when dropped (also when a test fails).
struct Server {
    child: Child,
    port: u16,
    root: PathBuf,
    stderr: Arc<Mutex<String>>,
    _tmp: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Serves a fresh copy of the fixture site.
    fn start() -> Server {
        Self::start_with(&[])
    }

    fn start_with(extra: &[&str]) -> Server {
        Self::start_prepared(extra, |_| {})
    }

    /// Serves a fresh copy of the fixture site, changed by `prepare` (given its root)
    /// before the server starts.
    fn start_prepared(extra: &[&str], prepare: impl FnOnce(&Path)) -> Server {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        copy_dir(&fixture(), &root);
        prepare(&root);
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("glossa"))
            .arg("--root")
            .arg(&root)
            .args(["serve", "--port", "0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn glossa serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&stderr);
        let mut err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let (tx, rx) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                let _ = tx.send(line);
            }
        });
        let mut server = Server {
            child,
            port: 0,
            root,
            stderr,
            _tmp: tmp,
        };
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("no `serving on` line; stderr:\n{}", server.stderr()));
        let port = line
            .strip_prefix("serving on http://127.0.0.1:")
            .and_then(|rest| rest.trim_end_matches('/').parse().ok())
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
        server.port = port;
        server
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn out(&self) -> PathBuf {
        self.root.join(".glossa/serve/public")
    }

    fn get(&self, path: &str) -> Reply {
        get(self.port, path)
    }

    fn text(&self, path: &str) -> String {
        let r = self.get(path);
        assert_eq!(r.status, 200, "GET {path}: {}", r.text());
        r.text()
    }

    /// Replaces a file of the site the way editors do: a temporary file renamed over it.
    fn edit(&self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        let tmp = path.with_file_name(format!(
            ".{}.tmp",
            path.file_name().unwrap().to_string_lossy()
        ));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap()
    }

    /// Opens the event stream.
    fn events(&self) -> Events {
        Events::open(self.port)
    }
}

/// An HTTP response.
struct Reply {
    status: u16,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> &str {
        self.headers.get(name).map(String::as_str).unwrap_or("")
    }
}

/// Sends `raw` as is and reads the whole response (the request must close the
/// connection).
fn request(port: u16, raw: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream.write_all(raw).unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    parse_reply(&bytes)
}

fn parse_reply(bytes: &[u8]) -> Reply {
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(bytes)));
    let head = String::from_utf8_lossy(&bytes[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let headers: BTreeMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = bytes[end + 4..].to_vec();
    if headers
        .get("transfer-encoding")
        .is_some_and(|v| v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Reply {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = data.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&data[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[eol + 2..eol + 2 + size]);
        data = &data[eol + 2 + size + 2..];
    }
}

fn get(port: u16, path: &str) -> Reply {
    request(
        port,
        format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

/// Polls `f` until it holds or [`WAIT`] passes.
fn wait_until(mut f: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < WAIT {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    f()
}

/// A server-sent event stream, read on its own thread.
struct Events {
    rx: mpsc::Receiver<(String, String)>,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .write_all(b"GET /__glossa/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
            .unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stream);
            let (mut name, mut data) = (String::new(), Vec::<String>::new());
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                // Chunk-size lines of the chunked body carry no colon and are skipped;
                // the event lines themselves arrive whole.
                let l = line.trim_end_matches(['\r', '\n']).to_string();
                line.clear();
                if let Some(v) = l.strip_prefix("event:") {
                    name = v.trim().to_string();
                } else if let Some(v) = l.strip_prefix("data:") {
                    data.push(v.strip_prefix(' ').unwrap_or(v).to_string());
                } else if l.is_empty() && !name.is_empty() {
                    if tx.send((name.clone(), data.join("\n"))).is_err() {
                        break;
                    }
                    name.clear();
                    data.clear();
                }
            }
        });
        Events { rx }
    }

    /// The data of the next event named `name` (others are skipped), within [`WAIT`].
    fn next(&self, name: &str) -> Option<String> {
        self.next_with(name, |_| true)
    }

    /// The data of the next event named `name` whose data passes `f`.
    fn next_with(&self, name: &str, f: impl Fn(&str) -> bool) -> Option<String> {
        let deadline = Instant::now() + WAIT;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.rx.recv_timeout(left) {
                Ok((n, data)) if n == name && f(&data) => return Some(data),
                Ok(_) => continue,
                Err(_) => return None,
            }
        }
        None
    }
}

/// (inode, mtime in ns) of every file under `dir`, by relative path.
fn identities(dir: &Path) -> BTreeMap<String, (u64, i128)> {
    use std::os::unix::fs::MetadataExt;
    common::files_under(dir)
        .into_iter()
        .map(|(rel, e)| {
            let m = e.metadata().unwrap();
            (
                rel,
                (
                    m.ino(),
                    m.mtime() as i128 * 1_000_000_000 + m.mtime_nsec() as i128,
                ),
            )
        })
        .collect()
}

#[test]
fn serves_pages_feeds_and_assets_with_their_types() {
    let s = Server::start();
    let home = s.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(home.header("content-type"), "text/html; charset=utf-8");
    assert_eq!(home.header("x-content-type-options"), "nosniff");
    let html = home.text();
    assert!(html.contains("Serve Fixture"));
    assert!(
        html.contains("window.glossaServe"),
        "the reload script is injected"
    );
    // Links point at the local server.
    assert!(html.contains(&format!("http://127.0.0.1:{}/", s.port)));
    let term = s.text("/term/margin/");
    assert!(term.contains("Margin is the deposit"));
    for (path, ty) in [
        ("/style.css", "text/css; charset=utf-8"),
        ("/favicon.svg", "image/svg+xml"),
        ("/atom.xml", "xml"),
        ("/sitemap.xml", "xml"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/search.js", "javascript"),
    ] {
        let r = s.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert!(
            r.header("content-type").contains(ty),
            "{path}: {:?}",
            r.headers
        );
    }
    // Misses get the site's 404 page.
    let miss = s.get("/term/nothing-here/");
    assert_eq!(miss.status, 404);
    assert!(miss.text().contains("Page not found"));
    assert_eq!(miss.header("content-type"), "text/html; charset=utf-8");
    // A folder without its slash is redirected.
    let r = s.get("/term/margin");
    assert_eq!(r.status, 308);
    assert_eq!(r.header("location"), "/term/margin/");
    // Only GET and HEAD, and no bodies.
    let head = request(
        s.port,
        b"HEAD /term/margin/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    let post = request(
        s.port,
        b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc",
    );
    assert_eq!(post.status, 405);
    let body = request(
        s.port,
        b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
    );
    assert_eq!(body.status, 413);
}

#[test]
fn build_output_never_carries_the_serve_script() {
    let s = Server::start();
    let public = s.root.join("public");
    common::run_glossa([
        "--root".as_ref(),
        s.root.as_os_str(),
        "build".as_ref(),
        "-q".as_ref(),
    ]);
    let mut pages = 0;
    for e in walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.path().extension().is_some_and(|x| x == "html") {
            let html = std::fs::read_to_string(e.path()).unwrap();
            assert!(
                !html.contains("glossaServe") && !html.contains("__glossa"),
                "{} carries the serve script",
                e.path().display()
            );
            pages += 1;
        }
    }
    assert!(pages > 10);
    // Serve's own pages do, and they live apart from the build's.
    let served = std::fs::read_to_string(s.out().join("term/margin/index.html")).unwrap();
    assert!(served.contains("/__glossa/events"));
}

#[test]
fn an_edit_rebuilds_its_page_and_dependents_only_and_reloads() {
    let s = Server::start();
    let events = s.events();
    assert_eq!(events.next("hello").as_deref(), Some("ok"));
    let before = identities(&s.out());
    let text = s.read("content/terms/margin.md").replace(
        "Margin is the deposit",
        "Margin, freshly edited, is the deposit",
    );
    s.edit("content/terms/margin.md", &text);
    assert!(
        wait_until(|| s.text("/term/margin/").contains("freshly edited")),
        "the page never changed; stderr:\n{}",
        s.stderr()
    );
    let reload = events.next("reload").expect("a reload event");
    assert!(reload.contains("\"/term/margin/\""), "{reload}");
    let after = identities(&s.out());
    let changed: Vec<&String> = after
        .keys()
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert!(changed.contains(&&"term/margin/index.html".to_string()));
    // A body edit changes nothing other pages show: every other file is untouched.
    for path in [
        "term/funding-rate/index.html",
        "definition/spot-index/index.html",
        "area/markets/index.html",
        "index.html",
        "glossary/index.html",
        "style.css",
        "sitemap.xml",
    ] {
        assert_eq!(
            before.get(path),
            after.get(path),
            "{path} was rewritten; changed: {changed:?}; stderr:\n{}",
            s.stderr()
        );
    }
    // Its page and its markdown copy.
    assert_eq!(
        changed,
        ["term/margin/index.html", "term/margin/index.md"],
        "only the edited page: {changed:?}"
    );

    // A new description shows wherever the entry's card does, and nowhere else.
    let before = after;
    let text = s
        .read("content/terms/margin.md")
        .replace("Collateral set aside", "Funds set aside");
    s.edit("content/terms/margin.md", &text);
    assert!(wait_until(|| s
        .text("/area/risk/")
        .contains("Funds set aside")));
    // The edited page first, then the pages that list it.
    let reload = events.next("reload").expect("a reload event");
    assert!(reload.contains("\"/term/margin/\""), "{reload}");
    let reload = events
        .next_with("reload", |d| d.contains("\"/area/risk/\""))
        .expect("a reload event for the pages listing it");
    assert!(!reload.contains("\"/term/margin/\""), "{reload}");
    let after = identities(&s.out());
    // Exactly the files that show the card were rewritten: none is left stale, and no
    // file that does not show it was touched.
    let mut rewritten = 0;
    for (path, id) in &after {
        let text = std::fs::read_to_string(s.out().join(path)).unwrap_or_default();
        assert!(!text.contains("Collateral set aside"), "{path} is stale");
        if before.get(path) != Some(id) {
            assert!(text.contains("Funds set aside"), "{path} was rewritten");
            rewritten += 1;
        }
    }
    assert!(rewritten >= 5, "{rewritten}");
    assert_eq!(before.get("style.css"), after.get("style.css"));
    assert_eq!(
        before.get("area/markets/index.html"),
        after.get("area/markets/index.html")
    );
    for page in ["/definition/collateral/", "/glossary/", "/"] {
        assert!(s.text(page).contains("Funds set aside"), "{page}");
    }
    assert!(s.text("/atom.xml").contains("Funds set aside"));
    // A rebuild writes its files, then logs.
    assert!(
        wait_until(|| s.stderr().contains("incremental rebuild")),
        "{}",
        s.stderr()
    );
}

/// A page whose body links to an entry in its own words (no automatic link, no list)
/// carries that entry's link preview: a new description of the entry rewrites the page
/// in the incremental rebuild itself (not only when See also settles later).
#[test]
fn a_new_description_reaches_the_previews_of_pages_whose_bodies_link_to_it() {
    let s = Server::start_prepared(&[], |root| {
        let path = root.join("content/terms/liquidation.md");
        let text = std::fs::read_to_string(&path).unwrap()
            + "\nThe [pledged assets](../../definition/collateral/) are sold first.\n";
        std::fs::write(path, text).unwrap();
        // No See also: the body's own link is the page's only link to the entry.
        let config = root.join("glossa.toml");
        let text = std::fs::read_to_string(&config).unwrap() + "\n[links]\nsee_also = 0\n";
        std::fs::write(config, text).unwrap();
    });
    let events = s.events();
    assert!(events.next("hello").is_some());
    let preview = "\"/definition/collateral/\":[\"Collateral\",\"definition\",\"Assets pledged";
    let page = s.text("/term/liquidation/");
    assert!(page.contains(preview), "{page}");
    assert!(!page.contains("href=\"/definition/collateral/\""), "{page}");
    let text = s
        .read("content/definitions/collateral.md")
        .replace("Assets pledged", "Holdings pledged");
    s.edit("content/definitions/collateral.md", &text);
    // The edited page's reload first, then the incremental rebuild's other pages (See
    // also, settled a second after edits pause, reloads after these).
    let own = events
        .next_with("reload", |d| d.contains("\"/definition/collateral/\""))
        .expect("the edited page reloads");
    assert!(!own.contains("\"/term/liquidation/\""), "{own}");
    let rest = events.next("reload").expect("the pages showing it reload");
    assert!(rest.contains("\"/term/liquidation/\""), "{rest}");
    assert!(s
        .text("/term/liquidation/")
        .contains("\"/definition/collateral/\":[\"Collateral\",\"definition\",\"Holdings pledged"));
    for (rel, _) in common::files_under(&s.out()) {
        let text = std::fs::read_to_string(s.out().join(&rel)).unwrap_or_default();
        assert!(!text.contains("Assets pledged"), "{rel} is stale");
    }
    let log = s.stderr();
    assert!(!log.contains("full rebuild"), "{log}");
}

#[test]
fn new_entries_titles_and_static_files_rebuild_in_full() {
    let s = Server::start();
    let events = s.events();
    assert!(events.next("hello").is_some());
    s.edit(
        "content/definitions/haircut.md",
        "+++\ntitle = \"Haircut\"\ndescription = \"A discount on collateral.\"\ndate = 2026-01-11\nrelated = [\"collateral\"]\n+++\nA haircut lowers the value counted for margin.\n",
    );
    assert!(wait_until(|| s.get("/definition/haircut/").status == 200));
    // Related both ways, and listed on the A–Z index. The new page can be served
    // before the pages that list it are rewritten: wait for those too.
    assert!(wait_until(|| s
        .text("/definition/collateral/")
        .contains("/definition/haircut/")));
    assert!(wait_until(|| s.text("/glossary/").contains("Haircut")));
    // Removing it removes its page.
    std::fs::remove_file(s.root.join("content/definitions/haircut.md")).unwrap();
    assert!(wait_until(|| s.get("/definition/haircut/").status == 404));
    assert!(!s.out().join("definition/haircut").exists());
    // A static folder created while serving is watched, and served.
    s.edit("static/notes/hello.txt", "hello from static\n");
    assert!(wait_until(|| s.get("/notes/hello.txt").status == 200));
    assert_eq!(s.text("/notes/hello.txt"), "hello from static\n");
    // A template override applies to every page.
    let base = std::fs::read_to_string(common::repo_root().join("templates/404.html")).unwrap();
    s.edit(
        "templates/404.html",
        &base.replace(
            "Sorry, we couldn’t find that page.",
            "This page is nowhere to be found.",
        ),
    );
    assert!(wait_until(|| s
        .get("/missing/")
        .text()
        .contains("nowhere to be found")));
    assert!(
        wait_until(|| s.stderr().contains("full rebuild")),
        "{}",
        s.stderr()
    );
}

#[test]
fn bundle_files_and_redirects_follow_their_edits() {
    let s = Server::start();
    let events = s.events();
    assert!(events.next("hello").is_some());
    // A bundle made while serving: its entry and its file.
    s.edit(
        "content/terms/basis/chart.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    );
    s.edit(
        "content/terms/basis/index.md",
        "+++\ntitle = \"Basis\"\ndescription = \"Futures minus spot.\"\n+++\n![Basis over time](chart.svg)\n",
    );
    assert!(wait_until(|| s.get("/term/basis/chart.svg").status == 200));
    assert!(wait_until(|| s
        .text("/term/basis/")
        .contains("src=\"chart.svg\"")));
    // A changed bundle file is served changed.
    let changed = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"2\"/>\n";
    s.edit("content/terms/basis/chart.svg", changed);
    assert!(wait_until(
        || s.get("/term/basis/chart.svg").text() == changed
    ));
    // An old URL added to the entry gets its redirect page.
    s.edit(
        "content/terms/basis/index.md",
        "+++\ntitle = \"Basis\"\ndescription = \"Futures minus spot.\"\nredirect_from = [\"/old/basis/\"]\n+++\nBody.\n",
    );
    assert!(wait_until(|| s.get("/old/basis/").status == 200));
    assert!(s.text("/old/basis/").contains("url=/term/basis/"));
    assert!(wait_until(|| s
        .text("/_redirects")
        .contains("/old/basis/ /term/basis/ 301")));
}

#[test]
fn a_broken_edit_keeps_the_last_good_page_and_shows_the_error_until_fixed() {
    let s = Server::start();
    let events = s.events();
    assert!(events.next("hello").is_some());
    let good = s.read("content/terms/margin.md");
    let broken = good.replace("date = 2026-01-10", "date = 2026-02-30\nbody_text = 1");
    s.edit(
        "content/terms/margin.md",
        &broken.replace("the deposit", "the broken deposit"),
    );
    let error = events.next("build-error").expect("an error event");
    assert!(error.contains("content/terms/margin.md"), "{error}");
    assert!(error.contains("error["), "rustc-style: {error}");
    assert!(
        !error.contains('\u{1b}'),
        "no ANSI colours in the browser: {error}"
    );
    // The terminal shows it too, and the last good page is still served.
    assert!(
        wait_until(|| s.stderr().contains("2026-02-30")),
        "{}",
        s.stderr()
    );
    let page = s.text("/term/margin/");
    assert!(page.contains("Margin is the deposit") && !page.contains("broken deposit"));
    // A page opened now learns about the error at once.
    let late = s.events();
    let shown = late.next("build-error").expect("the error, on connecting");
    assert!(shown.contains("content/terms/margin.md"));
    // Other edits wait for the fix (the site keeps its last good state)...
    s.edit(
        "content/definitions/collateral.md",
        &s.read("content/definitions/collateral.md")
            .replace("haircut", "discount"),
    );
    assert!(events.next("build-error").is_some());
    assert!(s.text("/definition/collateral/").contains("haircut"));
    // ...and the fix applies everything and clears the error.
    s.edit(
        "content/terms/margin.md",
        &good.replace("the deposit", "the mended deposit"),
    );
    assert!(events.next("build-ok").is_some(), "{}", s.stderr());
    assert!(wait_until(|| s
        .text("/term/margin/")
        .contains("mended deposit")));
    assert!(wait_until(|| s
        .text("/definition/collateral/")
        .contains("discount")));
    let fresh = s.events();
    assert_eq!(fresh.next("hello").as_deref(), Some("ok"));
}

/// `glossa search --json` on an index built for the same base URL.
fn cli_search(root: &Path, args: &[&str]) -> String {
    let out = common::run_glossa(
        ["--root", root.to_str().unwrap(), "search", "--json"]
            .iter()
            .chain(args),
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn api_search_answers_as_glossa_search_json_does() {
    let s = Server::start();
    let base = format!("http://127.0.0.1:{}/", s.port);
    common::run_glossa([
        "--root",
        s.root.to_str().unwrap(),
        "--base-url",
        &base,
        "-q",
        "build",
    ]);
    for (query, args, extra) in [
        ("margin", vec!["margin"], ""),
        ("position", vec!["position", "--limit", "2"], "&limit=2"),
        (
            "spot index",
            vec!["spot index", "--kind", "definition"],
            "&kind=definition",
        ),
        ("\"spot index\"", vec!["\"spot index\""], ""),
        ("liquidaton", vec!["liquidaton"], ""),
        ("nothingmatches", vec!["nothingmatches"], ""),
    ] {
        let q: String =
            percent_encoding::utf8_percent_encode(query, percent_encoding::NON_ALPHANUMERIC)
                .to_string();
        let r = s.get(&format!("/api/search?q={q}{extra}"));
        assert_eq!(r.status, 200, "{query}: {}", r.text());
        assert_eq!(r.header("content-type"), "application/json");
        assert_eq!(r.text(), cli_search(&s.root, &args), "{query}");
    }
    // Bounded: query length, result count; invalid input is a 4xx with a message.
    let long = "a".repeat(2000);
    let r = s.get(&format!("/api/search?q={long}"));
    assert_eq!(r.status, 414, "{}", r.text());
    let r = s.get("/api/search?q=margin&limit=1000");
    assert_eq!(r.status, 200);
    let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert!(v["results"].as_array().unwrap().len() <= 50);
    for bad in [
        "/api/search",
        "/api/search?q=%22open",
        "/api/search?q=margin&kind=planet",
        "/api/search?q=margin&limit=0",
        "/api/search?q=margin&limit=x",
    ] {
        let r = s.get(bad);
        assert_eq!(r.status, 400, "{bad}: {}", r.text());
        let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        assert!(v["error"].is_string(), "{bad}");
    }
    let huge = format!("/{}", "x".repeat(5000));
    assert_eq!(s.get(&huge).status, 414);
}

#[test]
fn an_edit_reaches_api_search() {
    let s = Server::start();
    let text = s.read("content/definitions/spot-index.md")
        + "\nVenues include the zyzzyvanian exchange.\n";
    s.edit("content/definitions/spot-index.md", &text);
    assert!(wait_until(|| {
        let v: serde_json::Value =
            serde_json::from_slice(&s.get("/api/search?q=zyzzyvanian").body).unwrap();
        v["results"][0]["id"] == "definition-spot-index"
    }));
}

#[test]
fn traversal_attempts_never_leave_the_output_folder() {
    let s = Server::start();
    let secret = "TOP-SECRET-7f3a";
    std::fs::write(s.root.join("secret.txt"), secret).unwrap();
    std::fs::write(s.root.join(".glossa/serve/secret.txt"), secret).unwrap();
    std::os::unix::fs::symlink(s.root.join("secret.txt"), s.out().join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(&s.root, s.out().join("leak-dir")).unwrap();
    let targets = [
        "/../secret.txt",
        "/../../secret.txt",
        "/term/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/.%2e/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/term%2f..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "//etc/passwd",
        "/%2fetc/passwd",
        "/etc/passwd",
        "/%00/etc/passwd",
        "/leak.txt",
        "/leak-dir/secret.txt",
        "/leak-dir/glossa.toml",
        "/leak-dir/",
        "http://127.0.0.1/../secret.txt",
        "/%252e%252e/secret.txt",
    ];
    for target in targets {
        let r = request(
            s.port,
            format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        );
        assert!(
            r.status == 400 || r.status == 404,
            "{target}: status {}",
            r.status
        );
        let body = r.text();
        assert!(!body.contains(secret), "{target} leaked the secret");
        assert!(!body.contains("root:x:0:0"), "{target} leaked /etc/passwd");
        assert!(!body.contains("base_url"), "{target} leaked glossa.toml");
    }
}

#[test]
fn a_burst_of_1000_requests_from_50_clients_all_succeed() {
    let s = Server::start();
    let port = s.port;
    let paths = [
        "/",
        "/term/margin/",
        "/api/search?q=margin",
        "/style.css",
        "/api/search?q=spot%20index&kind=definition",
        "/area/risk/",
        "/api/search?q=liquidaton",
        "/glossary/",
    ];
    let failures: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..50)
            .map(|client| {
                scope.spawn(move || {
                    let mut failed = Vec::new();
                    for i in 0..20 {
                        let path = paths[(client + i) % paths.len()];
                        let r = get(port, path);
                        if r.status != 200 || r.body.is_empty() {
                            failed.push(format!("{path}: {}", r.status));
                        }
                    }
                    failed
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(failures.is_empty(), "{failures:?}");
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture(), tmp.path());
    let out = common::glossa()
        .arg("--root")
        .arg(tmp.path())
        .args(["serve", "--port", &port.to_string()])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "port {port} on 127.0.0.1 is in use; pass --port N or --port 0"
        )),
        "{stderr}"
    );
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let mut s = Server::start();
    let events = s.events();
    assert!(events.next("hello").is_some());
    let status = Command::new("kill")
        .args(["-INT", &s.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let start = Instant::now();
    let code = loop {
        if let Some(status) = s.child.try_wait().unwrap() {
            break status.code();
        }
        assert!(start.elapsed() < WAIT, "still running after Ctrl-C");
        std::thread::sleep(Duration::from_millis(25));
    };
    assert_eq!(code, Some(0), "{}", s.stderr());
}

#[test]
fn an_open_page_reloads_after_an_edit_in_headless_chromium() {
    let js = common::ensure_node_tools();
    let s = Server::start();
    let file = s.root.join("content/terms/margin.md");
    let good = s.read("content/terms/margin.md");
    let spec = serde_json::json!({
        "base": format!("http://127.0.0.1:{}/", s.port),
        "page": "/term/margin/",
        "file": file,
        "from": "Margin is the deposit",
        "to": "Margin, edited while open in Chromium, is the deposit",
        "broken": good.replace("title = \"Margin\"", "title = "),
        "search": "margin",
    });
    let dir = tempfile::tempdir().unwrap();
    let spec_path = dir.path().join("spec.json");
    std::fs::write(&spec_path, spec.to_string()).unwrap();
    let out = Command::new(common::require_node())
        .arg(js.join("serve-reload.mjs"))
        .arg(&spec_path)
        .output()
        .expect("failed to run node tests/js/serve-reload.mjs");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "no report ({e}); stderr:\n{}\nserver:\n{}",
            String::from_utf8_lossy(&out.stderr),
            s.stderr()
        )
    });
    assert_eq!(report["errors"], serde_json::json!([]), "{report:#}");
    assert_eq!(report["reloaded"], true, "{report:#}");
    assert_eq!(report["loads"], 1, "one reload: {report:#}");
    let overlay = report["overlay"].as_str().unwrap_or_default();
    assert!(overlay.contains("content/terms/margin.md"), "{report:#}");
    let body = report["bodyWhileBroken"].as_str().unwrap_or_default();
    assert!(body.contains("edited while open in Chromium"), "{report:#}");
    assert_eq!(report["overlayCleared"], true, "{report:#}");
    // The search page asks /api/search and fetches no static index shards.
    let results: Vec<&str> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(results.first(), Some(&"/term/margin/"), "{report:#}");
    let fetched: Vec<&str> = report["fetched"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(fetched.contains(&"/api/search"), "{fetched:?}");
    assert!(
        !fetched
            .iter()
            .any(|p| p.starts_with("/search/") && p.len() > "/search/".len()),
        "{fetched:?}"
    );
}

/// A served page without the serve script, as `glossa build` writes it.
fn without_serve_script(html: &str) -> String {
    let start = html.find("\n  <script>\n// glossa serve");
    match start {
        Some(start) => {
            let end = html[start..].find("</script>").unwrap() + start + "</script>".len();
            format!("{}{}", &html[..start], &html[end..])
        }
        None => html.to_string(),
    }
}

/// Files that differ between the serve folder and a build (serve script set aside).
fn differences(served: &Path, built: &Path) -> Vec<String> {
    let mut differ = Vec::new();
    let files = |dir: &Path| -> Vec<String> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            // The build's marker lists what it wrote; serve's folder is its own.
            .filter(|rel| !rel.starts_with("search/") && rel != ".glossa-output")
            .collect()
    };
    let (a, b) = (files(served), files(built));
    for rel in a.iter().filter(|r| !b.contains(r)) {
        differ.push(format!("only served: {rel}"));
    }
    for rel in b.iter().filter(|r| !a.contains(r)) {
        differ.push(format!("only built: {rel}"));
    }
    for rel in a.iter().filter(|r| b.contains(r)) {
        let s = std::fs::read(served.join(rel)).unwrap();
        let t = std::fs::read(built.join(rel)).unwrap();
        // Pages carry the serve script; other files (PNGs too) are compared as bytes.
        let s = match rel.ends_with(".html") {
            true => without_serve_script(&String::from_utf8_lossy(&s)).into_bytes(),
            false => s,
        };
        if s != t {
            differ.push(rel.clone());
        }
    }
    differ
}

#[test]
fn after_incremental_edits_settle_the_site_is_what_a_full_build_gives() {
    let s = Server::start();
    let events = s.events();
    assert!(events.next("hello").is_some());
    let base = format!("http://127.0.0.1:{}/", s.port);
    let build = |out: &Path| {
        common::run_glossa([
            "--root".as_ref(),
            s.root.as_os_str(),
            "--base-url".as_ref(),
            base.as_ref(),
            "-q".as_ref(),
            "build".as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
        ]);
    };
    let tmp = tempfile::tempdir().unwrap();
    build(&tmp.path().join("start"));
    assert_eq!(
        differences(&s.out(), &tmp.path().join("start")),
        Vec::<String>::new()
    );
    // Edits that keep every entry's links: new mentions (automatic links and backlinks
    // change), new words (See also changes), a new description and dates.
    let margin = s
        .read("content/terms/margin.md")
        .replace("Collateral set aside", "Cash or tokens set aside")
        .replace(
            "date = 2026-01-10",
            "date = 2026-01-12\nupdated = 2026-02-02",
        )
        + "\nA funding rate against the spot index moves perpetual prices and payments.\n";
    s.edit("content/terms/margin.md", &margin);
    let spot = s.read("content/definitions/spot-index.md")
        + "\nThe index feeds margin and liquidation engines of leveraged positions.\n";
    s.edit("content/definitions/spot-index.md", &spot);
    let risk = s.read("content/areas/risk.md").replace(
        "Positions are closed when their equity runs out.",
        "Positions are closed when their equity runs out, with a funding rate twist.",
    );
    s.edit("content/areas/risk.md", &risk);
    let out = tmp.path().join("after");
    build(&out);
    assert!(
        wait_until(|| differences(&s.out(), &out).is_empty()),
        "{:?}\n{}",
        differences(&s.out(), &out),
        s.stderr()
    );
    // The settle writes its files, then logs: the line may come just after the files.
    assert!(
        wait_until(|| s.stderr().contains("see also brought up to date")),
        "{}",
        s.stderr()
    );
    let log = s.stderr();
    assert!(!log.contains("full rebuild"), "{log}");
    assert!(log.contains("incremental rebuild"), "{log}");
}

#[test]
fn removing_every_entry_empties_api_search_and_adding_one_back_fills_it() {
    let s = Server::start();
    let found = |q: &str| -> usize {
        let v: serde_json::Value =
            serde_json::from_slice(&s.get(&format!("/api/search?q={q}")).body).unwrap();
        v["results"].as_array().map_or(0, Vec::len)
    };
    assert!(found("margin") > 0);
    let mut removed = Vec::new();
    for kind in ["terms", "definitions", "areas"] {
        for item in std::fs::read_dir(s.root.join("content").join(kind)).unwrap() {
            let path = item.unwrap().path();
            removed.push((path.clone(), std::fs::read_to_string(&path).unwrap()));
            std::fs::remove_file(path).unwrap();
        }
    }
    assert!(
        wait_until(|| found("margin") == 0 && found("liquidation") == 0),
        "removed entries are still found"
    );
    assert_eq!(s.get("/term/margin/").status, 404);
    let (path, text) = removed
        .iter()
        .find(|(p, _)| p.ends_with("terms/margin.md"))
        .unwrap();
    std::fs::write(path, text).unwrap();
    assert!(
        wait_until(|| found("margin") == 1),
        "an entry added back is found"
    );
    let v: serde_json::Value =
        serde_json::from_slice(&s.get("/api/search?q=liquidation").body).unwrap();
    let ids: Vec<&str> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(ids.iter().all(|id| *id == "term-margin"), "{ids:?}");
}

#[test]
fn the_json_api_is_served_and_follows_edits() {
    let s = Server::start();
    let list = s.get("/api/terms.json");
    assert_eq!(list.status, 200);
    assert!(
        list.header("content-type").contains("json"),
        "{:?}",
        list.headers
    );
    let doc: serde_json::Value = serde_json::from_slice(&list.body).unwrap();
    let margin = &doc["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "term/margin")
        .unwrap()["url"];
    assert_eq!(*margin, format!("http://127.0.0.1:{}/term/margin/", s.port));
    let text = s
        .read("content/terms/margin.md")
        .replace("Collateral set aside", "Funds set aside");
    s.edit("content/terms/margin.md", &text);
    assert!(
        wait_until(
            || s.text("/api/term/margin.json").contains("Funds set aside")
                && s.text("/api/terms.json").contains("Funds set aside")
        ),
        "the API never changed; stderr:\n{}",
        s.stderr()
    );
}
