//! Criterion micro-benchmarks of the build's hot stages on a generated corpus:
//! load, link (auto-links + See also), markdown (bodies with their auto-links), templates
//! (every page through Tera), index (tantivy + browser shards) and the up-to-date check.
//!
//!     cargo bench --bench stages                      # 1,000 entries
//!     GLOSSA_BENCH_N=10000 cargo bench --bench stages -- link
//!
//! The corpus comes from `glossa-corpus` (seed 42), written once into a temporary folder.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use glossa::{index, link, load, manifest, plan, render, LoadOptions};

fn corpus() -> (tempfile::TempDir, usize) {
    let n: usize = std::env::var("GLOSSA_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let tmp = tempfile::tempdir().expect("temporary folder");
    glossa_corpus::generate(&glossa_corpus::Options {
        n,
        seed: 42,
        out: tmp.path().to_path_buf(),
        formats: glossa_corpus::Formats {
            native: true,
            ..Default::default()
        },
    })
    .expect("corpus");
    (tmp, n)
}

fn stages(c: &mut Criterion) {
    let (tmp, n) = corpus();
    let root = tmp.path().join("native");
    let options = LoadOptions::default();
    let mut group = c.benchmark_group(format!("stages/{n}"));
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(if n > 2000 { 20 } else { 5 }));

    group.bench_function("load", |b| {
        b.iter(|| black_box(load::load(&root, &options).unwrap()))
    });
    let site = load::load(&root, &options).unwrap().site;
    group.bench_function("link", |b| b.iter(|| black_box(link::link(&site))));
    let (links, _) = link::link(&site);
    group.bench_function("markdown", |b| {
        b.iter(|| black_box(render::render_bodies(&site, &links)))
    });
    let pages = plan::plan(&site, &links);
    let renderer = render::Renderer::new(&site, &links).unwrap();
    group.bench_function("templates", |b| {
        b.iter(|| {
            for page in &pages {
                black_box(renderer.render_page(page).unwrap());
            }
        })
    });
    let settings = index::Settings::from_config(&site.config.search);
    group.bench_function("index", |b| {
        b.iter(|| {
            let state = tempfile::tempdir().unwrap();
            let docs = index::documents::documents(&site, &pages);
            black_box(index::prepare(state.path(), &docs, &settings).unwrap())
        })
    });
    let out = tmp.path().join("public");
    group.bench_function("fingerprint", |b| {
        b.iter(|| black_box(manifest::fingerprint(&root, &out, &options).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
