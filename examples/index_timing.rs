use std::time::Instant;
fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let linked = glossa::load_and_link(&root, &glossa::LoadOptions::default()).unwrap();
    let pages = glossa::plan::plan(&linked.site, &linked.links);
    let t = Instant::now();
    let docs = glossa::index::documents::documents(&linked.site, &pages);
    eprintln!("documents {:?}", t.elapsed());
    let settings = glossa::index::Settings::from_config(&linked.site.config.search);
    let t = Instant::now();
    let hash = glossa::index::content_hash(&docs, &settings);
    eprintln!("hash {:?}", t.elapsed());
    let t = Instant::now();
    let terms = glossa::index::terms::count(&docs, &settings.fields);
    eprintln!("terms {:?}", t.elapsed());
    let tmp = tempfile::tempdir().unwrap();
    let t = Instant::now();
    glossa::index::browser::write(&tmp.path().join("s"), &docs, &terms, &settings, &hash).unwrap();
    eprintln!("browser write {:?}", t.elapsed());
    let t = Instant::now();
    std::fs::create_dir_all(tmp.path().join("t")).unwrap();
    let meta = glossa::index::engine::Meta {
        hash,
        settings: settings.clone(),
        docs: docs.len(),
    };
    glossa::index::engine::write(&tmp.path().join("t"), &docs, &meta).unwrap();
    eprintln!("tantivy write {:?}", t.elapsed());
}
