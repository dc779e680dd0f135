//! Serving: content types, 404s and redirects, methods, traversal attempts, bursts of clients, a taken port, Ctrl-C.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::{common, copy_dir, fixture, get, request, Server, WAIT};

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
