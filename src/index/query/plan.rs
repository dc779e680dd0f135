//! The plan of a query: each word's stems with their weights (the exact stem when the
//! index has it; else, for a long enough word, up to three similar words of the site, see
//! [`fuzzy`]), stop words left out when there are other words, each phrase's stems, and
//! the query's name key.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use tantivy::{Searcher, Term};

use super::parse::Parsed;
use crate::error::{Error, Result};
use crate::index::analysis::Analyzer;
use crate::index::browser::Vocabulary;
use crate::index::engine::Opened;
use crate::index::fuzzy;
use crate::index::stop::is_stop_word;

/// A mistyped word and the words of the site searched instead.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Correction {
    pub word: String,
    pub replacements: Vec<String>,
}

/// A stem searched for, with its weight (below 1 for a correction).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Weighted {
    pub stem: String,
    pub weight: f32,
}

/// One part of the plan: a word's stems with their weights, or a phrase's stems.
#[derive(Clone, Debug)]
pub(super) enum Clause {
    Word(Vec<Weighted>),
    Phrase(Vec<String>),
}

/// What a query is run as.
#[derive(Clone, Debug, Default)]
pub(super) struct Plan {
    pub clauses: Vec<Clause>,
    pub corrections: Vec<Correction>,
    /// The query's name key: every word in order, a corrected word as its first
    /// replacement.
    pub key: String,
    /// The words not in the index that were long enough to correct, in query order.
    pub missing: Vec<String>,
}

/// The plan of `parsed` on an index.
pub(super) fn make(
    parsed: &Parsed,
    opened: &Opened,
    searcher: &Searcher,
    vocabulary: &Vocabulary,
    analyzer: &mut Analyzer,
) -> Result<Plan> {
    let mut plan = Plan::default();
    let mut seen = HashSet::new();
    // A corrected word's stem → its first replacement's stem, for the name key.
    let mut replaced: HashMap<String, String> = HashMap::new();
    let drop_stop_words =
        !parsed.phrases.is_empty() || parsed.words.iter().any(|w| !is_stop_word(w));
    for word in &parsed.words {
        if drop_stop_words && is_stop_word(word) {
            continue;
        }
        let stem = analyzer.stem(word).to_string();
        if !seen.insert(stem.clone()) {
            continue;
        }
        if in_index(&stem, opened, searcher)? {
            plan.clauses
                .push(Clause::Word(vec![Weighted { stem, weight: 1.0 }]));
            continue;
        }
        if fuzzy::max_distance(word).is_some() {
            plan.missing.push(word.clone());
        }
        let (stems, correction) = correct(word, &stem, vocabulary, analyzer)?;
        if let Some(first) = stems.first() {
            replaced.insert(stem.clone(), first.stem.clone());
        }
        plan.corrections.extend(correction);
        plan.clauses.push(Clause::Word(stems));
    }
    for phrase in &parsed.phrases {
        let stems = phrase
            .iter()
            .map(|w| analyzer.stem(w).to_string())
            .collect();
        plan.clauses.push(Clause::Phrase(stems));
    }
    let key: Vec<String> = parsed
        .all
        .iter()
        .map(|w| {
            let stem = analyzer.stem(w).to_string();
            replaced.get(&stem).cloned().unwrap_or(stem)
        })
        .collect();
    plan.key = key.join(" ");
    Ok(plan)
}

/// The words suggested when `plan` found nothing (see [`fuzzy::suggestions`]).
pub(super) fn suggestions(plan: &Plan, vocabulary: &Vocabulary) -> Result<Vec<String>> {
    let mut groups = Vec::new();
    for word in &plan.missing {
        let head = vocabulary.group(fuzzy::prefix(word))?;
        let tails = vocabulary.tail_group(fuzzy::tail(word))?;
        groups.push((word.as_str(), head, tails));
    }
    let words: Vec<(&str, &[String], &[String])> = groups
        .iter()
        .map(|(w, h, t)| (*w, &h[..], &t[..]))
        .collect();
    Ok(fuzzy::suggestions(&words)
        .into_iter()
        .map(String::from)
        .collect())
}

/// Whether a searched field of the index holds `stem`.
fn in_index(stem: &str, opened: &Opened, searcher: &Searcher) -> Result<bool> {
    for f in &opened.meta.settings.fields {
        let term = Term::from_field_text(opened.fields.text[*f as usize], stem);
        if searcher.doc_freq(&term).map_err(Error::index)? > 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The stems searched instead of `word` (whose `stem` the index does not hold): those of
/// up to [`fuzzy::MAX_EXPANSIONS`] similar words of the site, weighed by distance; and
/// the correction to report, when there are some.
fn correct(
    word: &str,
    stem: &str,
    vocabulary: &Vocabulary,
    analyzer: &mut Analyzer,
) -> Result<(Vec<Weighted>, Option<Correction>)> {
    let prefix = fuzzy::prefix(word).to_string();
    if fuzzy::max_distance(word).is_none() {
        return Ok((Vec::new(), None));
    }
    let head = vocabulary.group(&prefix)?;
    let tails = vocabulary.tail_group(fuzzy::tail(word))?;
    let mut stems: Vec<Weighted> = Vec::new();
    let mut replacements = Vec::new();
    for (candidate, d) in fuzzy::candidates(word, &head, &tails) {
        let s = analyzer.stem(candidate).to_string();
        if s == stem || stems.iter().any(|t| t.stem == s) {
            continue;
        }
        stems.push(Weighted {
            stem: s,
            weight: fuzzy::weight(d),
        });
        replacements.push(candidate.to_string());
        if stems.len() == fuzzy::MAX_EXPANSIONS {
            break;
        }
    }
    let correction = (!replacements.is_empty()).then(|| Correction {
        word: word.to_string(),
        replacements,
    });
    Ok((stems, correction))
}
