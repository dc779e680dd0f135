//! A burst of `/api/search` requests against a running `glossa serve`, for
//! `benches/serve.py`: N requests from C concurrent clients (threads, each keeping one
//! HTTP/1.1 connection alive as browsers do), the queries of a file in turn. Prints the latency p50, p99 and
//! max as the clients see them, requests per second and errors.
//!
//!     serve_burst PORT QUERIES_FILE [REQUESTS=1000] [CLIENTS=50] [--vary-limit]
//!
//! With `--vary-limit` the n-th request asks for `limit=1 + (n / queries) % 50`, so no two
//! requests ask the same question and none is answered from serve's cache.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A kept-alive connection: a writer and a buffered reader on the same socket.
type Conn = (TcpStream, BufReader<TcpStream>);

/// One request on a kept-alive connection (opened when there is none); the status and
/// the body's length.
fn get(conn: &mut Option<Conn>, port: u16, path: &str) -> std::io::Result<(u16, usize)> {
    if conn.is_none() {
        let s = TcpStream::connect(("127.0.0.1", port))?;
        s.set_read_timeout(Some(Duration::from_secs(30)))?;
        s.set_nodelay(true)?;
        let r = BufReader::new(s.try_clone()?);
        *conn = Some((s, r));
    }
    let (w, r) = conn.as_mut().expect("connected");
    let result = (|| {
        write!(w, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")?;
        let mut status = 0;
        let mut length = None;
        let mut line = String::new();
        loop {
            line.clear();
            if r.read_line(&mut line)? == 0 {
                return Err(std::io::Error::other("connection closed"));
            }
            let l = line.trim_end().to_ascii_lowercase();
            if l.is_empty() {
                break;
            }
            if l.starts_with("http/1.1 ") {
                status = l.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
            } else if let Some(v) = l.strip_prefix("content-length:") {
                length = v.trim().parse().ok();
            }
        }
        let length: usize = length.ok_or_else(|| std::io::Error::other("no content-length"))?;
        let mut body = vec![0u8; length];
        r.read_exact(&mut body)?;
        Ok((status, length))
    })();
    if result.is_err() {
        *conn = None;
    }
    result
}

fn encode(q: &str) -> String {
    q.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: serve_burst PORT QUERIES_FILE [REQUESTS] [CLIENTS] [--vary-limit]");
        std::process::exit(2);
    }
    let port: u16 = args[1].parse().expect("port");
    let text = std::fs::read_to_string(&args[2]).expect("queries file");
    let requests: usize = args.get(3).map_or(1000, |a| a.parse().expect("requests"));
    let clients: usize = args.get(4).map_or(50, |a| a.parse().expect("clients"));
    let vary = args.get(5).is_some_and(|a| a == "--vary-limit");
    let paths: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|q| format!("/api/search?q={}", encode(q)))
        .collect();
    let path = |i: usize| {
        let p = &paths[i % paths.len()];
        if vary {
            format!("{p}&limit={}", 1 + (i / paths.len()) % 50)
        } else {
            p.clone()
        }
    };
    let next = AtomicUsize::new(0);
    let errors = AtomicUsize::new(0);
    let start = Instant::now();
    let mut latencies: Vec<f64> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..clients)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    let mut conn = None;
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= requests {
                            return mine;
                        }
                        let t = Instant::now();
                        match get(&mut conn, port, &path(i)) {
                            Ok((200, n)) if n > 0 => {}
                            _ => {
                                errors.fetch_add(1, Ordering::Relaxed);
                            }
                        }
                        mine.push(t.elapsed().as_secs_f64() * 1000.0);
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let wall = start.elapsed().as_secs_f64();
    latencies.sort_by(f64::total_cmp);
    let at = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    println!(
        "{requests} requests, {clients} clients, {} queries: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms, {:.0} requests/s, {} errors",
        paths.len(),
        at(0.5),
        at(0.99),
        latencies[latencies.len() - 1],
        requests as f64 / wall,
        errors.load(Ordering::Relaxed)
    );
}
