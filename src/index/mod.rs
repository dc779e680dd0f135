//! Index: full-text search over the site, beside render.
//!
//! ```text
//! Site + plan ──► documents ──► engine   tantivy index in <root>/.glossa/index/tantivy
//!                                 └─► terms ──► browser  static shards in
//!                                     (read back)        <root>/.glossa/index/search,
//!                                                        copied into the build's search/
//! query ──► parse ──► plan (exact stems, typo corrections via fuzzy) ──► tantivy BM25 ──► hits
//! ```
//!
//! - [`analysis`] is the one analysis (tokenize, lower-case, fold to ASCII, stem) that
//!   indexing, queries, snippets and the browser script all apply;
//! - [`documents`] turns entries into search documents, also for `glossa export search`;
//! - [`engine`] writes and opens the tantivy index; [`query`] runs `glossa search` on it;
//! - [`terms`] reads the terms and statistics back from the tantivy index, and [`browser`]
//!   writes them as the sharded static index that `static/search.js` reads; [`fuzzy`] is
//!   the typo tolerance both surfaces share;
//! - [`settings`] holds the fields and the `[search]` settings, [`stop`] the stop words
//!   (both sides use them), [`layout`] where the index lives.
//!
//! Submodules depend on each other one way only: `layout`, `documents`, `fuzzy`,
//! `analysis` depend on no other; `settings` on `documents`; `stop` on `analysis`;
//! `engine` on `analysis`, `documents`, `settings`, `stop`; `terms` on `engine`,
//! `settings`; `browser` on `documents`, `fuzzy`, `settings`, `stop`, `terms`; `query` on
//! all of those but `terms`. This file uses them and none uses it.
//!
//! The index is rebuilt only when the documents or the search settings changed (a hash
//! of both is kept in the tantivy commit payload). A new index is written into a
//! temporary folder beside the current one and swapped in only when the build succeeds,
//! so it is never seen half-written.

pub mod analysis;
pub mod browser;
pub mod documents;
pub mod engine;
pub mod fuzzy;
pub mod layout;
pub mod query;
pub mod settings;
pub mod stop;
pub mod terms;

pub use layout::{index_dir, state_dir, INDEX_DIR, SEARCH_DIR, TANTIVY_DIR};
pub use settings::{Field, Settings};

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::write::Staging;
use documents::SearchDoc;

/// The name of a new index's folder, beside [`INDEX_DIR`] until it is swapped in.
const NEW_INDEX_PREFIX: &str = ".index.new-";

/// The content hash of the site's current index, when there is a whole one.
pub fn current_hash(root: &Path) -> Option<String> {
    let dir = index_dir(root);
    if !dir.join(SEARCH_DIR).join("index.json").is_file() {
        return None;
    }
    engine::stored_meta(&dir.join(TANTIVY_DIR)).map(|m| m.hash)
}

/// The index for one build: the current one when nothing changed, else a new one in a
/// temporary folder until [`Prepared::commit`].
pub struct Prepared {
    target: PathBuf,
    fresh: Option<tempfile::TempDir>,
    /// Whether the index had to be rebuilt.
    pub rebuilt: bool,
    pub docs: usize,
    /// The content hash of the documents and settings ([`content_hash`]).
    pub hash: String,
}

/// Makes sure an index of `docs` with `settings` exists (reusing the current one when
/// its hash matches), without replacing the current one yet.
pub fn prepare(root: &Path, docs: &[SearchDoc], settings: &Settings) -> Result<Prepared> {
    prepare_in(index_dir(root), docs, settings)
}

/// [`prepare`] for an index kept in `target` (holding `tantivy/` and `search/`) rather
/// than in the site's [`INDEX_DIR`].
pub fn prepare_in(target: PathBuf, docs: &[SearchDoc], settings: &Settings) -> Result<Prepared> {
    let hash = content_hash(docs, settings);
    let parent = target.parent().unwrap_or(Path::new("."));
    crate::scratch::remove_leftovers(parent, NEW_INDEX_PREFIX);
    let current = engine::stored_meta(&target.join(TANTIVY_DIR));
    if current.is_some_and(|m| m.hash == hash)
        && target.join(SEARCH_DIR).join("index.json").is_file()
    {
        return Ok(Prepared {
            target,
            fresh: None,
            rebuilt: false,
            docs: docs.len(),
            hash,
        });
    }
    std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
    let fresh = crate::scratch::dir_in(parent, NEW_INDEX_PREFIX)?;
    let meta = engine::Meta {
        hash: hash.clone(),
        settings: settings.clone(),
        docs: docs.len(),
    };
    let tantivy_dir = fresh.path().join(TANTIVY_DIR);
    let search_dir = fresh.path().join(SEARCH_DIR);
    std::fs::create_dir_all(&tantivy_dir).map_err(|e| Error::write(&tantivy_dir, e))?;
    let seen = engine::write(&tantivy_dir, docs, &meta)?;
    let terms = terms::read(&tantivy_dir, &settings.fields, seen)?;
    browser::write(&search_dir, docs, &terms, settings, &hash)?;
    Ok(Prepared {
        target,
        fresh: Some(fresh),
        rebuilt: true,
        docs: docs.len(),
        hash,
    })
}

impl Prepared {
    fn dir(&self) -> &Path {
        match &self.fresh {
            Some(t) => t.path(),
            None => &self.target,
        }
    }

    /// Copies the browser index into the build's `search/` folder; returns the number of
    /// files.
    pub fn copy_into(&self, staging: &Staging) -> Result<usize> {
        let from = self.dir().join(SEARCH_DIR);
        let mut files = 0;
        for item in walkdir::WalkDir::new(&from).sort_by_file_name() {
            let item = item.map_err(|e| {
                Error::read(
                    &from,
                    e.into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("loop")),
                )
            })?;
            if !item.file_type().is_file() {
                continue;
            }
            let rel = item.path().strip_prefix(&from).unwrap_or(item.path());
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            staging.copy(&format!("{SEARCH_DIR}/{rel}"), item.path())?;
            files += 1;
        }
        Ok(files)
    }

    /// Puts a new index in place of the current one.
    pub fn commit(self) -> Result<()> {
        let Some(fresh) = self.fresh else {
            return Ok(());
        };
        crate::write::swap_in(&fresh.keep(), &self.target)
    }
}

/// A hash of everything the index depends on: glossa's version, the formats, the
/// settings and every document.
pub fn content_hash(docs: &[SearchDoc], settings: &Settings) -> String {
    let mut h = std::hash::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    browser::FORMAT.hash(&mut h);
    serde_json::to_string(settings)
        .unwrap_or_default()
        .hash(&mut h);
    docs.hash(&mut h);
    format!("{:016x}", h.finish())
}
