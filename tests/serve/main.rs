//! `glossa serve`, driven from outside: the real binary on an ephemeral port
//! (`--port 0`) serving a temporary copy of `tests/fixtures/serve`, talked to over raw
//! HTTP/1.1 sockets (so that no client normalises `..` away).
//!
//! Waits are bounded polls (at most [`WAIT`]); nothing here asserts on timing.

#[path = "../common/mod.rs"]
mod common;

mod api;
mod browser;
mod http;
mod rebuild;

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
