//! Times the search index build of a site from scratch, several times, and its parts:
//! `cargo run --release --example index_timing -- ROOT [RUNS]`.
//! Prints the median wall and (on Linux) CPU time of each part: the search documents, the
//! tantivy index (`engine::write`), reading its terms back (`terms::read`) and the browser
//! shards (`browser::write`); then `index_build_ms`, the median of the whole, which
//! `benches/search.sh` reads.

use glossa::index::{browser, content_hash, documents, engine, terms};

#[path = "common/timing.rs"]
mod timing;

use timing::timed;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().expect("usage: index_timing ROOT [RUNS]"));
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let linked = glossa::load_and_link(&root, &glossa::LoadOptions::default()).unwrap();
    let pages = glossa::plan::plan(&linked.site, &linked.links);
    let settings = glossa::index::Settings::from_config(&linked.site.config.search);
    let names = ["documents", "engine", "terms", "browser", "whole"];
    let mut times = vec![(Vec::new(), Vec::new()); names.len()];
    let (parts, whole) = times.split_at_mut(4);
    for _ in 0..runs {
        let tmp = tempfile::tempdir().unwrap();
        timed(&mut whole[0], || {
            let docs = timed(&mut parts[0], || documents::documents(&linked.site, &pages));
            let hash = content_hash(&docs, &settings);
            let meta = engine::Meta {
                hash: hash.clone(),
                settings: settings.clone(),
                docs: docs.len(),
            };
            let (tantivy_dir, search_dir) = (tmp.path().join("tantivy"), tmp.path().join("search"));
            std::fs::create_dir_all(&tantivy_dir).unwrap();
            let written = timed(&mut parts[1], || {
                engine::write(&tantivy_dir, &docs, &meta).unwrap()
            });
            let read = timed(&mut parts[2], || {
                terms::read(&tantivy_dir, &settings.fields, written).unwrap()
            });
            timed(&mut parts[3], || {
                browser::write(&search_dir, &docs, &read, &settings, &hash).unwrap()
            });
        });
        let last = whole[0].0.last().copied().unwrap_or_default();
        eprintln!("index build {:.0} ms", last.as_secs_f64() * 1000.0);
    }
    let whole = timing::median_ms(times[4].0.clone());
    timing::print(&names, times);
    println!("index_build_ms {whole:.0}");
}
