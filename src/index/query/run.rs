//! A plan run on the tantivy index: each word one BM25 query (its stems in every searched
//! field, boosted), summed per document in query order, then each phrase's words; a
//! phrase is a filter (tantivy phrase queries); documents named by the query's key first,
//! then the best score, ties in site order. The kind and area filters apply after
//! scoring, and the facets count the matches of each kind (under the area filter) and of
//! each area (under the kind filter).

use std::collections::BTreeMap;

use tantivy::query::{BooleanQuery, BoostQuery, EnableScoring, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, Score, Searcher, SegmentOrdinal, Term, TERMINATED};

use super::plan::{Clause, Plan, Weighted};
use crate::error::{Error, Result};
use crate::index::engine::{self, Opened, KIND_ID, ORD};
use crate::model::Kind;

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
    /// Its kind's number ([`engine::kind_id`]).
    kind: u64,
}

/// What a search keeps: documents of one kind, of one area (by slug).
#[derive(Clone, Debug, Default)]
pub(super) struct Filter {
    pub kind: Option<u64>,
    pub area: Option<String>,
}

/// How many matches each kind and each area has (each under the other filter).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Facets {
    /// Kind name → matches (kinds without any left out).
    pub kinds: BTreeMap<String, usize>,
    /// Area slug → matches (areas without any left out).
    pub areas: BTreeMap<String, usize>,
}

/// A document that passed the filters, with its place in site order.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    ord: u64,
    found: Ranked,
}

/// What [`run`] found: how many documents match, the first of them in order, the facets.
pub(super) struct Found {
    pub total: usize,
    pub ranked: Vec<Ranked>,
    pub facets: Facets,
}

/// How many documents match `plan` (and `filter`), and the first `limit` of them: named
/// ones first, then best first, ties in site order; the facets.
pub(super) fn run(
    plan: &Plan,
    opened: &Opened,
    searcher: &Searcher,
    filter: &Filter,
    limit: usize,
) -> Result<Found> {
    let scored = score(&plan.clauses, opened, searcher)?;
    let named = named(&plan.key, opened, searcher)?;
    let areas = areas(opened, searcher)?;
    let in_area: Option<&[u64]> = match &filter.area {
        Some(a) => Some(areas.get(a).map_or(&[][..], Vec::as_slice)),
        None => None,
    };
    let area_ok = |ord: u64| in_area.is_none_or(|list| list.binary_search(&ord).is_ok());
    let kind_ok = |kind: u64| filter.kind.is_none_or(|k| k == kind);
    let phrases = plan
        .clauses
        .iter()
        .filter(|c| matches!(c, Clause::Phrase(_)))
        .count() as u32;
    let matched: Vec<(u64, Matched)> = scored
        .into_iter()
        .enumerate()
        .filter_map(|(ord, found)| {
            let m = found?;
            (m.phrases == phrases && (phrases > 0 || m.words > 0)).then_some((ord as u64, m))
        })
        .collect();
    let facets = facets(&matched, &areas, &area_ok, &kind_ok);
    let mut ranked: Vec<Candidate> = matched
        .into_iter()
        .filter(|(ord, m)| kind_ok(m.kind) && area_ok(*ord))
        .map(|(ord, m)| Candidate {
            ord,
            found: Ranked {
                address: m.address,
                score: m.score,
                exact: named.binary_search(&ord).is_ok(),
            },
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
        facets,
    })
}

/// The facets of the `matched` documents (by ord).
fn facets(
    matched: &[(u64, Matched)],
    areas: &BTreeMap<String, Vec<u64>>,
    area_ok: &dyn Fn(u64) -> bool,
    kind_ok: &dyn Fn(u64) -> bool,
) -> Facets {
    let mut out = Facets::default();
    for (ord, m) in matched {
        if area_ok(*ord) {
            let kind = Kind::ALL
                .get(m.kind as usize)
                .map_or("term", |k| k.as_str());
            *out.kinds.entry(kind.to_string()).or_default() += 1;
        }
    }
    // Kept documents by ord, so that each area's list is read once.
    let size = matched
        .iter()
        .map(|(ord, _)| *ord as usize + 1)
        .max()
        .unwrap_or(0);
    let mut kept = vec![false; size];
    for (ord, m) in matched {
        kept[*ord as usize] = kind_ok(m.kind);
    }
    for (area, ords) in areas {
        let n = ords
            .iter()
            .filter(|&&o| kept.get(o as usize).copied().unwrap_or(false))
            .count();
        if n > 0 {
            out.areas.insert(area.clone(), n);
        }
    }
    out
}

/// Every area slug of the index with the ords of its live documents, in order: read
/// straight from the postings (a query per area would cost its scoring setup, and a site
/// has an area per ten entries).
fn areas(opened: &Opened, searcher: &Searcher) -> Result<BTreeMap<String, Vec<u64>>> {
    let io = |e: std::io::Error| Error::index_message(e.to_string());
    let mut out: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for reader in searcher.segment_readers() {
        let ords = reader.fast_fields().u64(ORD).map_err(Error::index)?;
        let alive = reader.alive_bitset();
        let index = reader
            .inverted_index(opened.fields.area)
            .map_err(Error::index)?;
        let mut stream = index.terms().stream().map_err(io)?;
        while stream.advance() {
            let slug = String::from_utf8_lossy(stream.key()).into_owned();
            let list = out.entry(slug).or_default();
            let mut postings = index
                .read_postings_from_terminfo(stream.value(), IndexRecordOption::Basic)
                .map_err(io)?;
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    list.push(ords.first(doc).unwrap_or(u64::MAX));
                }
                doc = postings.advance();
            }
        }
    }
    out.retain(|_, list| !list.is_empty());
    for list in out.values_mut() {
        list.sort_unstable();
    }
    Ok(out)
}

/// Every document a clause matched, by ord (a document's place in site order, below the
/// number of documents): the sum of its scores (words first, then each phrase's words:
/// the order the scores are summed in), its words and phrases matched.
fn score(clauses: &[Clause], opened: &Opened, searcher: &Searcher) -> Result<Vec<Option<Matched>>> {
    let documents: u32 = searcher.segment_readers().iter().map(|r| r.max_doc()).sum();
    let mut docs: Vec<Option<Matched>> = vec![None; documents as usize];
    let mut out_of_range = None;
    // Adds a word's scores (or a phrase's word's, when not `word`).
    let mut add = |docs: &mut Vec<Option<Matched>>, query: &dyn Query, word: bool| {
        each_match(searcher, query, &mut |address, ord, kind, score| {
            let Some(slot) = docs.get_mut(ord as usize) else {
                out_of_range = Some(ord);
                return;
            };
            let m = slot.get_or_insert(Matched {
                address,
                score: 0.0,
                words: 0,
                phrases: 0,
                kind,
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
            each_match(searcher, &*filter, &mut |_, ord, _, _| {
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
fn named(key: &str, opened: &Opened, searcher: &Searcher) -> Result<Vec<u64>> {
    let mut named = Vec::new();
    if !key.is_empty() {
        let term = Term::from_field_text(opened.fields.names, key);
        let q = TermQuery::new(term, IndexRecordOption::Basic);
        each_match(searcher, &q, &mut |_, ord, _, _| named.push(ord))?;
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

/// Calls `f` with every live document `query` matches: its address, `ord`, kind number
/// and BM25 score, as a tantivy collector would be given them.
fn each_match(
    searcher: &Searcher,
    query: &dyn Query,
    f: &mut dyn FnMut(DocAddress, u64, u64, Score),
) -> Result<()> {
    let err = Error::index;
    let weight = query
        .weight(EnableScoring::enabled_from_searcher(searcher))
        .map_err(err)?;
    for (segment, reader) in searcher.segment_readers().iter().enumerate() {
        let ords = reader.fast_fields().u64(ORD).map_err(err)?;
        let kinds = reader.fast_fields().u64(KIND_ID).map_err(err)?;
        let alive = reader.alive_bitset();
        weight
            .for_each(reader, &mut |doc, score| {
                if alive.is_some_and(|a| !a.is_alive(doc)) {
                    return;
                }
                let kind = kinds.first(doc).unwrap_or(u64::MAX);
                let ord = ords.first(doc).unwrap_or(u64::MAX);
                f(
                    DocAddress::new(segment as SegmentOrdinal, doc),
                    ord,
                    kind,
                    score,
                );
            })
            .map_err(err)?;
    }
    Ok(())
}
