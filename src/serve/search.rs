//! The search index of `glossa serve`: built once at start, then updated document by
//! document.
//!
//! It lives in `.glossa/serve/index/` (its URLs are the local server's, so it is not the
//! build's `.glossa/index/`). At start it is written like a build's (tantivy and the
//! browser files whose vocabulary the typo corrections read); afterwards a changed entry's
//! document is deleted by id and added again, and the reader shared with the HTTP side is
//! reloaded after the commit. Answers are cached per index generation; a new query is
//! searched once however many ask it at the same time, at most one search per core runs
//! at once, and the vocabulary the typo corrections read is read once. Until tantivy
//! merges segments, deleted documents still count in the BM25 statistics, and words new
//! since the start are not offered as typo corrections; restarting `glossa serve`
//! rebuilds the index exactly (each update marks the index as stale for that).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tantivy::{IndexReader, IndexWriter, ReloadPolicy, Term};
use tokio::sync::{OnceCell, Semaphore};

use crate::error::{Error, Result};
use crate::index::analysis::Analyzer;
use crate::index::browser::Vocabulary;
use crate::index::documents::SearchDoc;
use crate::index::engine::{self, Opened};
use crate::index::query::{self, Results, SearchOptions};
use crate::index::{self, Settings};
use crate::model::Kind;

/// A query with its kind and area filters and its limit.
type AnswerKey = (String, Option<Kind>, Option<String>, usize);

/// What the HTTP side searches: an opened index and a reader reloaded after updates,
/// with the JSON answers of recent queries (forgotten whenever the index changes).
pub struct Searchable {
    opened: Opened,
    reader: IndexReader,
    /// The browser index's vocabulary (for typo corrections), read once.
    vocabulary: Vocabulary,
    cache: Mutex<Cache>,
    /// Searches running at once: at most one per core, so that a burst of new queries
    /// is answered one after another rather than all of them late.
    running: Semaphore,
}

/// Answers by (query, kind, limit), valid for one generation of the index. Each is a cell
/// filled once: requests for a query being answered wait for that answer rather than
/// computing it again (a burst of clients asking one new query costs one search).
#[derive(Default)]
struct Cache {
    generation: u64,
    answers: HashMap<AnswerKey, Arc<OnceCell<Answer>>>,
}

/// A JSON answer, or an error (`true` for an invalid query) and its message.
type Answer = std::result::Result<Arc<str>, (bool, String)>;

/// Answers kept at most; past that the cache starts over.
const CACHE_LIMIT: usize = 1024;

impl Searchable {
    fn new(opened: Opened, reader: IndexReader, search_dir: PathBuf) -> Searchable {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Searchable {
            opened,
            reader,
            vocabulary: Vocabulary::new(search_dir),
            cache: Mutex::default(),
            running: Semaphore::new(cores),
        }
    }

    /// The same search as `glossa search` on this index.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<Results> {
        query::search_in(
            &self.opened,
            &self.reader.searcher(),
            &self.vocabulary,
            query,
            options,
        )
    }

    /// [`Searchable::search`] as the JSON `glossa search --json` prints. A query not
    /// answered yet is searched on a blocking thread once a core is free; requests for it
    /// meanwhile wait for that answer without holding a thread.
    pub async fn search_json(
        self: &Arc<Self>,
        query: &str,
        options: &SearchOptions,
    ) -> Result<Arc<str>> {
        let key = (
            query.to_string(),
            options.kind,
            options.area.clone(),
            options.limit,
        );
        let cell = {
            let mut cache = self.cache.lock().map_err(|_| poisoned())?;
            if !cache.answers.contains_key(&key) && cache.answers.len() >= CACHE_LIMIT {
                cache.answers.clear();
            }
            // Cleared by `forget` when the index changes: an answer being computed then
            // still reaches the requests waiting for it, and is not kept.
            Arc::clone(cache.answers.entry(key).or_default())
        };
        let answer = cell
            .get_or_try_init(|| async {
                let _permit = self
                    .running
                    .acquire()
                    .await
                    .map_err(|e| Error::index_message(e.to_string()))?;
                let me = Arc::clone(self);
                let (query, options) = (query.to_string(), options.clone());
                // A search that panicked is not kept: the next request tries again.
                tokio::task::spawn_blocking(move || me.answer(&query, &options))
                    .await
                    .map_err(|e| Error::index_message(e.to_string()))
            })
            .await?;
        match answer {
            Ok(json) => Ok(Arc::clone(json)),
            Err((true, m)) => Err(Error::Query(m.clone())),
            Err((false, m)) => Err(Error::index_message(m.clone())),
        }
    }

    /// The answer to a query: its JSON, or why there is none.
    fn answer(&self, query: &str, options: &SearchOptions) -> Answer {
        let results = self.search(query, options).map_err(|e| match e {
            Error::Query(m) => (true, m),
            Error::Index { message, .. } => (false, message),
            e => (false, e.to_string()),
        })?;
        let mut json =
            serde_json::to_string_pretty(&results).map_err(|e| (false, e.to_string()))?;
        json.push('\n');
        Ok(Arc::from(json))
    }

    /// Forgets every answer (after the reader was reloaded).
    fn forget(&self) {
        if let Ok(mut cache) = self.cache.lock() {
            cache.generation += 1;
            cache.answers.clear();
        }
    }
}

fn poisoned() -> Error {
    Error::index_message("search cache lock poisoned")
}

/// The writing side, kept by the rebuild loop.
pub struct SearchIndex {
    dir: PathBuf,
    settings: Settings,
    opened: Opened,
    writer: IndexWriter,
    reader: IndexReader,
    /// The handle the HTTP side searches through.
    handle: Arc<Searchable>,
    /// Document ids in site order, and each one's content hash.
    ids: Vec<String>,
    hashes: HashMap<String, u64>,
}

fn doc_hash(d: &SearchDoc) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    d.hash(&mut h);
    h.finish()
}

fn err(e: tantivy::TantivyError) -> Error {
    Error::index(e)
}

impl SearchIndex {
    /// Writes (or reuses, when nothing changed since the last session) the index of
    /// `docs` in `dir`, and opens it.
    pub fn build(dir: &Path, docs: &[SearchDoc], settings: &Settings) -> Result<Self> {
        index::prepare_in(dir.to_path_buf(), docs, settings)?.commit()?;
        let tantivy_dir = dir.join(index::TANTIVY_DIR);
        let opened = engine::open(&tantivy_dir)?
            .ok_or_else(|| Error::index_message(format!("{}: no index", tantivy_dir.display())))?;
        let writer = opened
            .index
            .writer_with_num_threads(1, 32_000_000)
            .map_err(err)?;
        let reader = opened
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(err)?;
        let handle = Arc::new(Searchable::new(
            Opened {
                index: opened.index.clone(),
                fields: opened.fields,
                meta: opened.meta.clone(),
            },
            reader.clone(),
            dir.join(index::SEARCH_DIR),
        ));
        Ok(SearchIndex {
            dir: dir.to_path_buf(),
            settings: settings.clone(),
            opened,
            writer,
            reader,
            handle,
            ids: docs.iter().map(|d| d.id.clone()).collect(),
            hashes: docs.iter().map(|d| (d.id.clone(), doc_hash(d))).collect(),
        })
    }

    /// The handle for searching, sharing this index's reader.
    pub fn searchable(&self) -> Arc<Searchable> {
        Arc::clone(&self.handle)
    }

    /// Brings the index up to `docs` (every document of the site, in site order);
    /// returns how many documents were written, or `None` when the settings changed and
    /// the index was rebuilt (take a new [`SearchIndex::searchable`]).
    pub fn update(self, docs: &[SearchDoc], settings: &Settings) -> Result<(Self, Option<usize>)> {
        if *settings != self.settings {
            let dir = self.dir.clone();
            drop(self); // releases the writer's lock before the folder is replaced
            return Ok((SearchIndex::build(&dir, docs, settings)?, None));
        }
        let mut me = self;
        let n = me.apply(docs)?;
        Ok((me, Some(n)))
    }

    /// Replaces the given documents of entries already in the index (those whose
    /// content changed); returns how many were written.
    pub fn replace(&mut self, docs: &[SearchDoc]) -> Result<usize> {
        let mut analyzer = Analyzer::new();
        let mut written = 0;
        for d in docs {
            let Some(ord) = self.ids.iter().position(|id| *id == d.id) else {
                continue;
            };
            written += usize::from(self.replace_one(d, ord, &mut analyzer)?);
        }
        self.commit(written)
    }

    /// Adds the document of `d`, at `ord` in site order, with its name keys.
    fn add(&mut self, d: &SearchDoc, ord: usize, analyzer: &mut Analyzer) -> Result<()> {
        let names = engine::names_of(d, &self.settings, analyzer);
        self.writer
            .add_document(engine::document(&self.opened.fields, d, ord, &names))
            .map_err(err)?;
        Ok(())
    }

    /// Replaces the document of `d` when its content changed; whether it did.
    fn replace_one(&mut self, d: &SearchDoc, ord: usize, analyzer: &mut Analyzer) -> Result<bool> {
        let h = doc_hash(d);
        if self.hashes.get(&d.id) == Some(&h) {
            return Ok(false);
        }
        self.writer
            .delete_term(Term::from_field_text(self.opened.fields.id, &d.id));
        self.add(d, ord, analyzer)?;
        self.hashes.insert(d.id.clone(), h);
        Ok(true)
    }

    fn commit(&mut self, written: usize) -> Result<usize> {
        if written == 0 {
            return Ok(0);
        }
        // An empty hash never matches, so the next session rebuilds the index exactly.
        let meta = engine::Meta {
            hash: String::new(),
            settings: self.settings.clone(),
            docs: self.ids.len(),
        };
        engine::commit(&mut self.writer, &meta).map_err(err)?;
        self.reader.reload().map_err(err)?;
        self.handle.forget();
        Ok(written)
    }

    /// Replaces the documents that changed (all of them when the list of entries did).
    pub fn apply(&mut self, docs: &[SearchDoc]) -> Result<usize> {
        let mut analyzer = Analyzer::new();
        let same_list =
            docs.len() == self.ids.len() && docs.iter().zip(&self.ids).all(|(d, id)| d.id == *id);
        let mut written = 0;
        if same_list {
            for (ord, d) in docs.iter().enumerate() {
                written += usize::from(self.replace_one(d, ord, &mut analyzer)?);
            }
        } else {
            self.writer.delete_all_documents().map_err(err)?;
            for (ord, d) in docs.iter().enumerate() {
                self.add(d, ord, &mut analyzer)?;
            }
            self.ids = docs.iter().map(|d| d.id.clone()).collect();
            self.hashes = docs.iter().map(|d| (d.id.clone(), doc_hash(d))).collect();
            // The deletions must be committed even when no document is left.
            written = docs.len().max(1);
        }
        self.commit(written)
    }
}
