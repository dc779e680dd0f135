//! Times the search index build (tantivy, then the browser shards) of a site, from
//! scratch, several times: `cargo run --release --example index_timing -- ROOT [RUNS]`.
//! Used by `benches/search.sh`.

use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().expect("usage: index_timing ROOT [RUNS]"));
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let linked = glossa::load_and_link(&root, &glossa::LoadOptions::default()).unwrap();
    let pages = glossa::plan::plan(&linked.site, &linked.links);
    let settings = glossa::index::Settings::from_config(&linked.site.config.search);
    let mut totals = Vec::new();
    for _ in 0..runs {
        let tmp = tempfile::tempdir().unwrap();
        let start = Instant::now();
        let docs = glossa::index::documents::documents(&linked.site, &pages);
        let prepared = glossa::index::prepare(tmp.path(), &docs, &settings).unwrap();
        let total = start.elapsed();
        assert!(prepared.rebuilt);
        eprintln!("index build {:.0} ms", total.as_secs_f64() * 1000.0);
        totals.push(total);
    }
    totals.sort();
    let median: Duration = totals[totals.len() / 2];
    println!("index_build_ms {:.0}", median.as_secs_f64() * 1000.0);
}
