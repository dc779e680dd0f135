//! `glossa search`: a query read, planned and run on the tantivy index.
//!
//! **Syntax.** Words, and phrases in double quotes (`"funding rate"`, also with “curly”
//! quotes). A quote left open is an error. Words are analysed like the content; a word
//! repeated (or with the stem of an earlier one) counts once.
//!
//! **Plan.** Common words ([`STOP_WORDS`](super::stop::STOP_WORDS)) are left out when the query has other words
//! or a phrase. A word whose stem is in the index is searched as that stem. A word that
//! is not, with five letters or more, is replaced by up to three similar words of the site
//! (see [`fuzzy`]) searched with a lower weight. A phrase must occur as written.
//!
//! **Scoring.** Each word is one tantivy query: its stems in every searched field, each a
//! BM25 term query boosted by the field's `[search.boosts]` weight (times the typo weight
//! for corrections), summed. A document's score is the sum of its words' scores, in query
//! order, then of its phrases' words. A phrase is a filter (tantivy phrase queries, one per
//! field): documents must hold every phrase and, when there is none, at least one word.
//! Documents *named* by the query (its [name key](engine::name_key), a corrected word
//! taken as its first replacement, equals the key of the title or of an alias) come
//! before all others; then the best score first, ties in site order. The browser
//! computes the same sums from the same statistics and the same name keys; it has no
//! word positions, so it checks a phrase exactly only when it is (part of) a name (the
//! index lists where those occur), and otherwise requires its words in one field.
//!
//! The steps, one module each: [`parse`] reads the query, [`plan`] makes its clauses,
//! [`run`] runs them on the index, [`snippet`] cuts each result's snippet. The results
//! are data (serializable as `--json` prints them); the binary prints them for a reader.

mod parse;
mod plan;
mod run;
mod snippet;

pub use parse::{parse, Parsed, QueryError};
pub use plan::Correction;
pub use run::Facets;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use tantivy::{Score, Searcher, TantivyDocument};

use super::analysis::Analyzer;
use super::browser::Vocabulary;
use super::engine::{self, Opened};
use super::layout::{index_dir, SEARCH_DIR, TANTIVY_DIR};
use super::settings::Field;
use crate::error::{Error, Result};
use crate::model::Kind;
use run::Ranked;

/// Options of a search.
#[derive(Clone, Debug)]
pub struct SearchOptions {
    pub kind: Option<Kind>,
    /// Only entries of this area (its slug; an area counts as its own).
    pub area: Option<String>,
    pub limit: usize,
}

/// One result.
#[derive(Clone, Debug, Serialize)]
pub struct Hit {
    pub rank: usize,
    pub score: f32,
    pub id: String,
    pub kind: Kind,
    pub title: String,
    pub url: String,
    pub path: String,
    /// Whether the query is the document's title or one of its aliases (such documents
    /// come first).
    pub exact: bool,
    /// Plain text around the best match (or the description).
    pub snippet: String,
    /// Byte ranges of `snippet` that matched, `[start, end)`.
    pub highlights: Vec<[usize; 2]>,
}

/// What a search found.
#[derive(Clone, Debug, Serialize)]
pub struct Results {
    pub query: String,
    /// Documents that matched (before `limit`).
    pub total: usize,
    pub results: Vec<Hit>,
    pub corrections: Vec<Correction>,
    /// Matches of each kind (under the area filter) and of each area (under the kind
    /// filter).
    pub facets: Facets,
    /// When nothing matched: the site's words closest to the query's words not found
    /// (see [`fuzzy::suggestions`](super::fuzzy::suggestions)), to search instead.
    pub suggestions: Vec<String>,
    /// When nothing matched: the URL of the site's A–Z index (`glossa search` fills it
    /// in from the site's configuration for its text output; not in the JSON, which
    /// `/api/search` repeats byte for byte).
    #[serde(skip)]
    pub glossary: Option<String>,
}

/// Runs `query` on the index of the site at `root`.
pub fn search(root: &Path, query: &str, options: &SearchOptions) -> Result<Results> {
    let dir = index_dir(root);
    let Some(opened) = engine::open(&dir.join(TANTIVY_DIR))? else {
        return Err(Error::NoIndex(dir));
    };
    let reader = opened.index.reader().map_err(Error::index)?;
    search_in(
        &opened,
        &reader.searcher(),
        &Vocabulary::new(dir.join(SEARCH_DIR)),
        query,
        options,
    )
}

/// Runs `query` on an index already opened (`glossa serve` opens it once); `vocabulary`
/// is the browser index's, which the typo corrections read.
pub fn search_in(
    opened: &Opened,
    searcher: &Searcher,
    vocabulary: &Vocabulary,
    query: &str,
    options: &SearchOptions,
) -> Result<Results> {
    ANALYZER.with_borrow_mut(|analyzer| {
        let parsed = parse(query, analyzer).map_err(|e| Error::Query(e.to_string()))?;
        let plan = plan::make(&parsed, opened, searcher, vocabulary, analyzer)?;
        let filter = run::Filter {
            kind: options.kind.map(engine::kind_id),
            area: options.area.clone(),
        };
        let found = run::run(&plan, opened, searcher, &filter, options.limit)?;
        let stems = snippet::snippet_terms(&plan.clauses);
        let hits = found
            .ranked
            .iter()
            .enumerate()
            .map(|(i, ranked)| hit(i + 1, ranked, &stems, opened, searcher, analyzer))
            .collect::<Result<Vec<_>>>()?;
        let suggestions = if found.total == 0 {
            plan::suggestions(&plan, vocabulary)?
        } else {
            Vec::new()
        };
        Ok(Results {
            query: query.to_string(),
            total: found.total,
            results: hits,
            corrections: plan.corrections,
            facets: found.facets,
            suggestions,
            glossary: None,
        })
    })
}

thread_local! {
    /// The analysis of this thread's searches, whose stems it remembers: snippets analyse
    /// whole bodies, and a site has far fewer distinct words than words (`glossa serve`
    /// searches on a pool of threads, so each keeps its memory between queries).
    static ANALYZER: std::cell::RefCell<Analyzer> = std::cell::RefCell::new(Analyzer::new());
}

/// A result with its stored fields and snippet.
fn hit(
    rank: usize,
    ranked: &Ranked,
    stems: &BTreeMap<String, Score>,
    opened: &Opened,
    searcher: &Searcher,
    analyzer: &mut Analyzer,
) -> Result<Hit> {
    let f = &opened.fields;
    let doc: TantivyDocument = searcher.doc(ranked.address).map_err(Error::index)?;
    // As `engine::stored_text`, borrowed.
    let text = |field| {
        doc.get_first(field)
            .and_then(|v| tantivy::schema::Value::as_str(&v))
            .unwrap_or_default()
    };
    let (snippet, highlights) = snippet::snippet(
        text(f.text[Field::Body as usize]),
        text(f.text[Field::Description as usize]),
        stems,
        opened.meta.settings.snippet_length,
        analyzer,
    );
    Ok(Hit {
        rank,
        score: ranked.score,
        id: text(f.id).to_string(),
        kind: Kind::parse(text(f.kind)).unwrap_or(Kind::Term),
        title: text(f.text[Field::Title as usize]).to_string(),
        url: text(f.url).to_string(),
        path: text(f.path).to_string(),
        exact: ranked.exact,
        snippet,
        highlights,
    })
}
