//! `glossa check --external` against a local HTTP server this test starts on 127.0.0.1 (a
//! thread answering with hand-written HTTP responses): statuses, redirects, retries,
//! timeouts, dropped connections, `Retry-After`, the cache of successes, skip patterns and
//! the per-host limit. Nothing leaves the machine; timeouts are 1 s, so it stays fast.

mod common;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use assert_cmd::Command;

/// What the server saw: each request's method and path, and when.
#[derive(Default)]
struct Seen {
    requests: Mutex<Vec<(String, String, Instant)>>,
    /// Requests to `/queue/…` under way now, and the most at once.
    queue_now: AtomicUsize,
    queue_most: AtomicUsize,
}

impl Seen {
    fn count(&self, path: &str) -> usize {
        let requests = self.requests.lock().unwrap();
        requests.iter().filter(|(_, p, _)| p == path).count()
    }

    fn methods(&self, path: &str) -> Vec<String> {
        let requests = self.requests.lock().unwrap();
        requests
            .iter()
            .filter(|(_, p, _)| p == path)
            .map(|(m, ..)| m.clone())
            .collect()
    }

    fn times(&self, path: &str) -> Vec<Instant> {
        let requests = self.requests.lock().unwrap();
        requests
            .iter()
            .filter(|(_, p, _)| p == path)
            .map(|(.., t)| *t)
            .collect()
    }
}

/// Starts the server on a free port of 127.0.0.1: its port and what it sees. It answers at
/// most 300 connections, each in a thread of its own, and ends with the test process.
fn serve() -> (u16, Arc<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Seen::default());
    let shared = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming().take(300).flatten() {
            let seen = Arc::clone(&shared);
            std::thread::spawn(move || answer(stream, &seen));
        }
    });
    (port, seen)
}

/// Reads one request's head and answers it as its path says.
fn answer(mut stream: TcpStream, seen: &Seen) {
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 8192 {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let head = String::from_utf8_lossy(&head).to_string();
    let mut words = head.split_whitespace();
    let method = words.next().unwrap_or("").to_string();
    let path = words.next().unwrap_or("").to_string();
    let nth = {
        let mut requests = seen.requests.lock().unwrap();
        requests.push((method.clone(), path.clone(), Instant::now()));
        requests.iter().filter(|(_, p, _)| *p == path).count()
    };
    let response = match path.as_str() {
        "/ok" | "/image.png" => "200 OK",
        "/moved" => "301 Moved Permanently\r\nLocation: /ok",
        "/missing" | "/image-missing.png" => "404 Not Found",
        "/error" => "500 Internal Server Error",
        "/flaky" if nth == 1 => "503 Service Unavailable",
        "/flaky" => "200 OK",
        "/busy" if nth == 1 => "429 Too Many Requests\r\nRetry-After: 1",
        "/busy" => "200 OK",
        "/no-head" if method == "HEAD" => "405 Method Not Allowed",
        "/no-head" => "200 OK",
        "/slow" => {
            std::thread::sleep(Duration::from_millis(2500));
            "200 OK"
        }
        // Closed without a word.
        "/reset" => return,
        p if p.starts_with("/queue/") => {
            let now = seen.queue_now.fetch_add(1, Ordering::SeqCst) + 1;
            seen.queue_most.fetch_max(now, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(150));
            seen.queue_now.fetch_sub(1, Ordering::SeqCst);
            "200 OK"
        }
        _ => "404 Not Found",
    };
    let reply = format!("HTTP/1.1 {response}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    stream.write_all(reply.as_bytes()).ok();
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// `glossa check --external --format json` on `root`: the JSON document.
fn check(root: &Path) -> serde_json::Value {
    let out = Command::cargo_bin("glossa")
        .unwrap()
        .arg("--root")
        .arg(root)
        .args(["check", "--external", "--format", "json"])
        .env_remove("http_proxy")
        .env_remove("HTTP_PROXY")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The external problems: URL path → (code, message, line, column, help).
fn external(doc: &serde_json::Value) -> HashMap<String, (String, String, u64, u64, String)> {
    let mut out = HashMap::new();
    for p in doc["problems"].as_array().unwrap() {
        let s = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
        let code = s(&p["code"]);
        if !code.starts_with("external-") {
            continue;
        }
        let message = s(&p["message"]);
        let url = message.split('`').nth(1).unwrap();
        let path = url.splitn(4, '/').nth(3).map(|p| format!("/{p}")).unwrap();
        let loc = &p["location"];
        let n = |v: &serde_json::Value| v.as_u64().unwrap_or(0);
        let row = (
            code,
            message,
            n(&loc["line"]),
            n(&loc["column"]),
            s(&p["help"]),
        );
        assert!(out.insert(path, row).is_none(), "one problem per link here");
    }
    out
}

#[test]
fn statuses_redirects_retries_timeouts_and_the_cache() {
    let (port, seen) = serve();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let config = "base_url = \"https://glossary.test/\"\n\n[check.external]\ntimeout_seconds = 1\nretries = 1\nconcurrency = 8\nper_host = 8\ncache_days = 7\nskip = [\"/skipped/\", \"^https://never\\\\.test/\"]\n";
    write(root, "glossa.toml", config);
    let h = format!("http://127.0.0.1:{port}");
    let entry = format!(
        "+++\ntitle = \"Funding Rate\"\ndescription = \"Periodic payments between longs and shorts.\"\n\
         [image]\nurl = \"{h}/image-missing.png\"\ncaption = \"A funding chart\"\n+++\n\
         Working: [ok]({h}/ok), [again]({h}/ok#part), [flaky]({h}/flaky), [busy]({h}/busy),\n\
         [no head]({h}/no-head), ![picture]({h}/image.png).\n\n\
         Moved: [moved]({h}/moved).\n\n\
         Broken: [missing]({h}/missing), [error]({h}/error), [slow]({h}/slow), [reset]({h}/reset).\n\n\
         Skipped: [skipped]({h}/skipped/x), [never](https://never.test/a).\n"
    );
    write(root, "content/terms/funding-rate.md", &entry);

    let started = Instant::now();
    let doc = check(root);
    let first_run = started.elapsed();
    let problems = external(&doc);
    let at = |needle: &str| common::line_col(&entry, &format!("{h}{needle}"));
    let row = |code: &str, message: String, needle: &str, help: &str| {
        let (line, column) = at(needle);
        (code.to_string(), message, line, column, help.to_string())
    };
    let broken = |path: &str, why: &str| {
        row(
            "external-link",
            format!("link to `{h}{path}`: {why}"),
            path,
            "",
        )
    };
    assert_eq!(problems["/missing"], broken("/missing", "404 Not Found"));
    assert_eq!(
        problems["/error"],
        broken("/error", "500 Internal Server Error (2 tries)")
    );
    assert_eq!(
        problems["/slow"],
        broken("/slow", "no answer within 1 s (2 tries)")
    );
    let (code, message, ..) = &problems["/reset"];
    assert_eq!(code, "external-link");
    assert!(message.ends_with("(2 tries)"), "{message}");
    assert_eq!(
        problems["/moved"],
        row(
            "external-redirect",
            format!("link to `{h}/moved` has moved permanently to `{h}/ok`"),
            "/moved",
            &format!("write `{h}/ok`")
        )
    );
    assert_eq!(
        problems["/image-missing.png"],
        row(
            "external-link",
            format!("image `{h}/image-missing.png`: 404 Not Found"),
            "/image-missing.png",
            ""
        )
    );
    assert_eq!(problems.len(), 6, "{problems:#?}");
    assert_eq!(
        doc["external"],
        serde_json::json!({"urls": 13, "skipped": 2, "cached": 0, "checked": 11, "broken": 5})
    );

    // Asked once per URL (fragments aside), HEAD first, GET when HEAD is refused; skipped
    // URLs never; failures that may pass tried again, `Retry-After` honoured.
    assert_eq!(seen.count("/ok"), 2, "/ok itself and the end of /moved");
    assert_eq!(seen.methods("/no-head"), ["HEAD", "GET"]);
    assert_eq!(seen.count("/flaky"), 2);
    assert_eq!(seen.count("/error"), 2);
    assert_eq!(seen.count("/slow"), 2);
    assert_eq!(seen.count("/reset"), 2);
    assert_eq!(seen.count("/skipped/x"), 0);
    let busy = seen.times("/busy");
    assert_eq!(busy.len(), 2);
    assert!(
        busy[1] - busy[0] >= Duration::from_millis(950),
        "Retry-After: 1 was not honoured"
    );
    assert!(first_run < Duration::from_secs(10), "{first_run:?}");

    // Again: what worked comes from the cache (the redirect still reported), what failed
    // is asked again.
    let before: HashMap<&str, usize> =
        ["/ok", "/moved", "/flaky", "/busy", "/no-head", "/image.png"]
            .iter()
            .map(|p| (*p, seen.count(p)))
            .collect();
    let missing_before = seen.count("/missing");
    let doc = check(root);
    for (path, count) in before {
        assert_eq!(seen.count(path), count, "{path} was asked again");
    }
    assert_eq!(seen.count("/missing"), missing_before + 1);
    assert_eq!(seen.count("/error"), 4);
    let again = external(&doc);
    assert_eq!(again["/moved"], problems["/moved"]);
    assert_eq!(again["/missing"], problems["/missing"]);
    assert_eq!(
        doc["external"],
        serde_json::json!({"urls": 13, "skipped": 2, "cached": 6, "checked": 5, "broken": 5})
    );
    assert!(root.join(".glossa/links.json").is_file());
}

#[test]
fn one_host_gets_at_most_per_host_requests_at_once() {
    let (port, seen) = serve();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let config =
        "[check.external]\ntimeout_seconds = 1\nconcurrency = 4\nper_host = 1\ncache_days = 0\n";
    write(root, "glossa.toml", config);
    let links: String = (1..=4)
        .map(|i| format!("[q{i}](http://127.0.0.1:{port}/queue/{i}) "))
        .chain(["[gone](http://127.0.0.1:{port}/missing)".replace("{port}", &port.to_string())])
        .collect();
    let entry =
        format!("+++\ntitle = \"Queue\"\ndescription = \"Links in a row.\"\n+++\n{links}\n");
    write(root, "content/terms/queue.md", &entry);
    for round in 1..=2 {
        let doc = check(root);
        assert_eq!(doc["external"]["checked"], 5, "{doc}");
        assert_eq!(doc["external"]["cached"], 0, "cache_days = 0 keeps nothing");
        for i in 1..=4 {
            assert_eq!(seen.count(&format!("/queue/{i}")), round);
        }
    }
    assert_eq!(seen.queue_most.load(Ordering::SeqCst), 1);
    assert!(!root.join(".glossa/links.json").exists());
}
