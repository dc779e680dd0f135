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
//!   the typo tolerance both surfaces share.
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
pub mod query;
pub mod terms;

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::config::SearchConfig;
use crate::error::{Error, Result};
use crate::write::Staging;
use documents::SearchDoc;

/// Where a site's index lives, relative to its root.
pub const INDEX_DIR: &str = ".glossa/index";
/// The name of a new index's folder, beside [`INDEX_DIR`] until it is swapped in.
const NEW_INDEX_PREFIX: &str = ".index.new-";
/// The tantivy index, inside [`INDEX_DIR`].
pub const TANTIVY_DIR: &str = "tantivy";
/// The browser index: inside [`INDEX_DIR`], and the folder it is copied to in a build.
pub const SEARCH_DIR: &str = "search";

/// The index folder of the site at `root`.
pub fn index_dir(root: &Path) -> PathBuf {
    root.join(INDEX_DIR)
}

/// The folder of glossa's own state at `root` (the index, the build manifest).
pub fn state_dir(root: &Path) -> PathBuf {
    index_dir(root)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| root.to_path_buf())
}

/// The content hash of the site's current index, when there is a whole one.
pub fn current_hash(root: &Path) -> Option<String> {
    let dir = index_dir(root);
    if !dir.join(SEARCH_DIR).join("index.json").is_file() {
        return None;
    }
    engine::stored_meta(&dir.join(TANTIVY_DIR)).map(|m| m.hash)
}

/// The text fields of a search document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    Title = 0,
    Aliases = 1,
    Description = 2,
    Body = 3,
}

impl Field {
    pub const COUNT: usize = 4;
    pub const ALL: [Field; Field::COUNT] = [
        Field::Title,
        Field::Aliases,
        Field::Description,
        Field::Body,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Aliases => "aliases",
            Field::Description => "description",
            Field::Body => "body",
        }
    }

    pub fn parse(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The field's values in a document (several for aliases).
    pub fn values(self, doc: &SearchDoc) -> Vec<&str> {
        match self {
            Field::Title => vec![&doc.title],
            Field::Aliases => doc.aliases.iter().map(String::as_str).collect(),
            Field::Description => vec![&doc.description],
            Field::Body => vec![&doc.body],
        }
    }
}

/// The `[search]` settings an index is built with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Searched fields, in [`Field::ALL`] order.
    pub fields: Vec<Field>,
    /// Weights by field, in [`Field::ALL`] order.
    pub boosts: [f32; Field::COUNT],
    pub snippet_length: usize,
}

impl Settings {
    pub fn from_config(c: &SearchConfig) -> Self {
        let mut fields: Vec<Field> = c.fields.iter().filter_map(|f| Field::parse(f)).collect();
        fields.sort();
        fields.dedup();
        let b = &c.boosts;
        Settings {
            fields,
            boosts: [b.title, b.aliases, b.description, b.body],
            snippet_length: c.snippet_length,
        }
    }

    pub fn boost(&self, field: Field) -> f32 {
        self.boosts[field as usize]
    }
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
