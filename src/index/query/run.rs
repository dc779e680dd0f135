//! A plan run on the tantivy index: each word one BM25 query (its stems in every searched
//! field, boosted), summed per document in query order, then each phrase's words; a
//! phrase is a filter (tantivy phrase queries); documents named by the query's key first,
//! then the best score, ties in site order.

use tantivy::query::{BooleanQuery, BoostQuery, EnableScoring, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Score, Searcher, SegmentOrdinal, Term};

use super::plan::{Clause, Plan, Weighted};
use crate::error::{Error, Result};
use crate::index::engine::{self, Opened, KIND_ID, ORD};

/// A document found, ranked.
#[derive(Clone, Copy, Debug)]
pub(super) struct Ranked {
    pub address: DocAddress,
    pub score: Score,
    /// Whether the query is one of its names.
    pub exact: bool,
}

/// What is known of a document while the clauses are run.
#[derive(Clone, Copy, Debug)]
struct Matched {
    address: DocAddress,
    score: Score,
    /// Words it matched.
    words: u32,
    /// Phrases it holds.
    phrases: u32,
}

/// A document that passed the filters, with its place in site order.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    ord: u64,
    found: Ranked,
}

/// What [`run`] found: how many documents match, and the first of them in order.
pub(super) struct Found {
    pub total: usize,
    pub ranked: Vec<Ranked>,
}

/// How many documents match `plan`, and the first `limit` of them (of the kind `kind`,
/// when set): named ones first, then best first, ties in site order.
pub(super) fn run(
    plan: &Plan,
    opened: &Opened,
    searcher: &Searcher,
    kind: Option<u64>,
    limit: usize,
) -> Result<Found> {
    let scored = score(&plan.clauses, opened, searcher, kind)?;
    let named = named(&plan.key, opened, searcher, kind)?;
    let phrases = plan
        .clauses
        .iter()
        .filter(|c| matches!(c, Clause::Phrase(_)))
        .count() as u32;
    let mut ranked: Vec<Candidate> = scored
        .into_iter()
        .enumerate()
        .filter_map(|(ord, found)| {
            let m = found?;
            let ord = ord as u64;
            (m.phrases == phrases && (phrases > 0 || m.words > 0)).then(|| Candidate {
                ord,
                found: Ranked {
                    address: m.address,
                    score: m.score,
                    exact: named.binary_search(&ord).is_ok(),
                },
            })
        })
        .collect();
    let total = ranked.len();
    // Ords are distinct, so this order is total: the first `limit` are the same however
    // the rest is ordered.
    let order = |a: &Candidate, b: &Candidate| {
        b.found
            .exact
            .cmp(&a.found.exact)
            .then(b.found.score.total_cmp(&a.found.score))
            .then(a.ord.cmp(&b.ord))
    };
    if limit < ranked.len() {
        ranked.select_nth_unstable_by(limit, order);
        ranked.truncate(limit);
    }
    ranked.sort_unstable_by(order);
    Ok(Found {
        total,
        ranked: ranked.into_iter().map(|c| c.found).collect(),
    })
}

/// Every document a clause matched, by ord (a document's place in site order, below the
/// number of documents): the sum of its scores (words first, then each phrase's words:
/// the order the scores are summed in), its words and phrases matched.
fn score(
    clauses: &[Clause],
    opened: &Opened,
    searcher: &Searcher,
    kind: Option<u64>,
) -> Result<Vec<Option<Matched>>> {
    let documents: u32 = searcher.segment_readers().iter().map(|r| r.max_doc()).sum();
    let mut docs: Vec<Option<Matched>> = vec![None; documents as usize];
    let mut out_of_range = None;
    // Adds a word's scores (or a phrase's word's, when not `word`).
    let mut add = |docs: &mut Vec<Option<Matched>>, query: &dyn Query, word: bool| {
        each_match(searcher, query, kind, &mut |address, ord, score| {
            let Some(slot) = docs.get_mut(ord as usize) else {
                out_of_range = Some(ord);
                return;
            };
            let m = slot.get_or_insert(Matched {
                address,
                score: 0.0,
                words: 0,
                phrases: 0,
            });
            m.score += score;
            if word {
                m.words += 1;
            }
        })
    };
    for clause in clauses {
        if let Clause::Word(stems) = clause {
            if !stems.is_empty() {
                add(&mut docs, &*word_query(stems, opened), true)?;
            }
        }
    }
    for clause in clauses {
        if let Clause::Phrase(stems) = clause {
            for stem in stems {
                let one = [Weighted {
                    stem: stem.clone(),
                    weight: 1.0,
                }];
                add(&mut docs, &*word_query(&one, opened), false)?;
            }
            let stems: Vec<&str> = stems.iter().map(String::as_str).collect();
            let settings = &opened.meta.settings;
            let filter = engine::phrase_query(&stems, &settings.fields, &opened.fields.text);
            each_match(searcher, &*filter, kind, &mut |_, ord, _| {
                if let Some(Some(m)) = docs.get_mut(ord as usize) {
                    m.phrases += 1;
                }
            })?;
        }
    }
    if let Some(ord) = out_of_range {
        return Err(Error::index_message(format!(
            "document number {ord} out of range"
        )));
    }
    Ok(docs)
}

/// The ords of the documents `key` is a name of, in order.
fn named(key: &str, opened: &Opened, searcher: &Searcher, kind: Option<u64>) -> Result<Vec<u64>> {
    let mut named = Vec::new();
    if !key.is_empty() {
        let term = Term::from_field_text(opened.fields.names, key);
        let q = TermQuery::new(term, IndexRecordOption::Basic);
        each_match(searcher, &q, kind, &mut |_, ord, _| named.push(ord))?;
        named.sort_unstable();
    }
    Ok(named)
}

/// The tantivy query of a word: each of its stems in every searched field, as BM25 term
/// queries boosted by the field's weight times the stem's.
fn word_query(stems: &[Weighted], opened: &Opened) -> Box<dyn Query> {
    let settings = &opened.meta.settings;
    let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for Weighted { stem, weight } in stems {
        for f in &settings.fields {
            let term = Term::from_field_text(opened.fields.text[*f as usize], stem);
            let q = TermQuery::new(term, IndexRecordOption::WithFreqs);
            let boost = settings.boost(*f) * weight;
            parts.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), boost))));
        }
    }
    Box::new(BooleanQuery::new(parts))
}

/// Calls `f` with every live document `query` matches (of the kind `kind`, when set): its
/// address, `ord` and BM25 score, as a tantivy collector would be given them.
fn each_match(
    searcher: &Searcher,
    query: &dyn Query,
    kind: Option<u64>,
    f: &mut dyn FnMut(DocAddress, u64, Score),
) -> Result<()> {
    let err = Error::index;
    let weight = query
        .weight(EnableScoring::enabled_from_searcher(searcher))
        .map_err(err)?;
    for (segment, reader) in searcher.segment_readers().iter().enumerate() {
        let ords = reader.fast_fields().u64(ORD).map_err(err)?;
        let kinds = match kind {
            Some(want) => Some((reader.fast_fields().u64(KIND_ID).map_err(err)?, want)),
            None => None,
        };
        let alive = reader.alive_bitset();
        weight
            .for_each(reader, &mut |doc, score| {
                if alive.is_some_and(|a| !a.is_alive(doc)) {
                    return;
                }
                if let Some((kinds, want)) = &kinds {
                    if kinds.first(doc).unwrap_or(u64::MAX) != *want {
                        return;
                    }
                }
                let ord = ords.first(doc).unwrap_or(u64::MAX);
                f(DocAddress::new(segment as SegmentOrdinal, doc), ord, score);
            })
            .map_err(err)?;
    }
    Ok(())
}
