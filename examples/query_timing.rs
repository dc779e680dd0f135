//! Times single searches on a built site's index, in process, as `glossa serve` runs a
//! query it has not cached: `cargo run --release --example query_timing -- ROOT QUERIES
//! [ROUNDS=5]` (ROOT may also be an index folder, such as `.glossa/serve/index`). Prints each query's median time and the median over all queries; the
//! index is opened once, every round runs every query of the file (one per line, `#`
//! comments skipped) once more, nothing is cached between runs by glossa itself.

use std::time::Instant;

use glossa::index::browser::Vocabulary;
use glossa::index::engine;
use glossa::index::query::{search_in, SearchOptions};

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: query_timing ROOT QUERIES [ROUNDS]";
    let root = std::path::PathBuf::from(args.next().expect(usage));
    let queries = std::fs::read_to_string(args.next().expect(usage)).expect("queries file");
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let queries: Vec<&str> = queries
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    // A site's root, or an index folder itself (`.glossa/serve/index`).
    let dir = if root.join(glossa::index::TANTIVY_DIR).is_dir() {
        root.clone()
    } else {
        glossa::index::index_dir(&root)
    };
    let opened = engine::open(&dir.join(glossa::index::TANTIVY_DIR))
        .expect("index")
        .expect("an index (run glossa build)");
    let reader = opened.index.reader().expect("reader");
    let searcher = reader.searcher();
    let vocabulary = Vocabulary::new(dir.join(glossa::index::SEARCH_DIR));
    let options = SearchOptions {
        kind: None,
        area: None,
        limit: 10,
    };
    let mut times = vec![Vec::new(); queries.len()];
    for _ in 0..rounds {
        for (i, q) in queries.iter().enumerate() {
            let start = Instant::now();
            let results = search_in(&opened, &searcher, &vocabulary, q, &options).expect("search");
            let json = serde_json::to_string_pretty(&results).expect("json");
            std::hint::black_box(json);
            times[i].push(start.elapsed().as_secs_f64() * 1000.0);
        }
    }
    let mut medians = Vec::new();
    for (q, t) in queries.iter().zip(&mut times) {
        t.sort_by(f64::total_cmp);
        let m = t[t.len() / 2];
        medians.push(m);
        println!("{m:7.3} ms  {q}");
    }
    let total: f64 = medians.iter().sum();
    medians.sort_by(f64::total_cmp);
    println!(
        "median {:.3} ms, max {:.3} ms, sum {:.1} ms over {} queries",
        medians[medians.len() / 2],
        medians[medians.len() - 1],
        total,
        queries.len()
    );
}
