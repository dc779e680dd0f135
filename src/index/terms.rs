//! The site's terms counted the way tantivy counts them, for the browser index.
//!
//! For every searched field: which documents hold each term and how often, each
//! document's length in tokens and the field's total; and the vocabulary of words (before
//! stemming) with the number of documents holding each, for typo tolerance. A test checks
//! these numbers against the tantivy index built from the same documents, so the browser
//! scores with exactly tantivy's statistics.
//!
//! Documents are analysed in parallel runs, each with its own dictionary of words and
//! stems (numbers, not strings, in the hot loop); the runs' dictionaries are merged at the
//! end.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::analysis::{Analyzer, MAX_TOKEN_BYTES};
use super::documents::SearchDoc;
use super::Field;

/// One term's postings in one field: `(document, term frequency)`, by document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldPostings {
    pub field: Field,
    pub docs: Vec<(u32, u32)>,
}

/// The inverted index of the searched fields.
#[derive(Debug, Default)]
pub struct Terms {
    pub docs: usize,
    /// Every term with its postings per field (fields in [`Field::ALL`] order), terms in
    /// UTF-16 order (how JavaScript compares strings).
    pub postings: Vec<(String, Vec<FieldPostings>)>,
    /// Tokens per document per field (indexed by `Field as usize`).
    pub lengths: Vec<[u32; Field::COUNT]>,
    /// Tokens per field over all documents.
    pub total_tokens: [u64; Field::COUNT],
    /// Vocabulary words (see [`is_vocabulary_word`]) with the number of documents holding
    /// them, in UTF-16 order.
    pub words: Vec<(String, u32)>,
}

/// One document's `(stem, field, frequency)` triples and its field lengths.
type DocCounts = (Vec<(u32, Field, u32)>, [u32; Field::COUNT]);

/// A run of documents analysed with one dictionary.
#[derive(Default)]
struct Run {
    /// Word → (word number, stem number) in this run.
    words: FxHashMap<String, (u32, u32)>,
    word_docs: Vec<u32>,
    word_text: Vec<String>,
    stems: FxHashMap<String, u32>,
    stem_text: Vec<String>,
    /// Per document: `(stem, field, frequency)` and lengths.
    docs: Vec<DocCounts>,
}

/// Counts the terms of `docs` in `fields`.
pub fn count(docs: &[SearchDoc], fields: &[Field]) -> Terms {
    let threads = rayon::current_num_threads().max(1);
    let per_run = docs.len().div_ceil(threads * 2).max(64);
    let runs: Vec<Run> = docs
        .par_chunks(per_run)
        .map(|chunk| analyse_run(chunk, fields))
        .collect();

    // Merge the dictionaries: global stem numbers, then every posting.
    let mut stem_ids: FxHashMap<&str, u32> = FxHashMap::default();
    let mut stems: Vec<&str> = Vec::new();
    let maps: Vec<Vec<u32>> = runs
        .iter()
        .map(|run| {
            run.stem_text
                .iter()
                .map(|s| {
                    *stem_ids.entry(s.as_str()).or_insert_with(|| {
                        stems.push(s);
                        stems.len() as u32 - 1
                    })
                })
                .collect()
        })
        .collect();
    let mut lists: Vec<Vec<FieldPostings>> = vec![Vec::new(); stems.len()];
    let mut lengths = Vec::with_capacity(docs.len());
    let mut total_tokens = [0u64; Field::COUNT];
    let mut doc = 0u32;
    for (run, map) in runs.iter().zip(&maps) {
        for (terms, lens) in &run.docs {
            for (i, n) in lens.iter().enumerate() {
                total_tokens[i] += u64::from(*n);
            }
            lengths.push(*lens);
            for &(stem, field, tf) in terms {
                let lists = &mut lists[map[stem as usize] as usize];
                match lists.last_mut() {
                    Some(p) if p.field == field => p.docs.push((doc, tf)),
                    _ => match lists.iter_mut().find(|p| p.field == field) {
                        Some(p) => p.docs.push((doc, tf)),
                        None => lists.push(FieldPostings {
                            field,
                            docs: vec![(doc, tf)],
                        }),
                    },
                }
            }
            doc += 1;
        }
    }
    let mut postings: Vec<(String, Vec<FieldPostings>)> = stems
        .into_iter()
        .zip(lists)
        .map(|(s, mut l)| {
            l.sort_by_key(|p| p.field);
            (s.to_string(), l)
        })
        .collect();
    postings.par_sort_unstable_by(|a, b| utf16_cmp(&a.0, &b.0));

    let mut word_docs: FxHashMap<&str, u32> = FxHashMap::default();
    for run in &runs {
        for (w, n) in run.word_text.iter().zip(&run.word_docs) {
            *word_docs.entry(w.as_str()).or_default() += n;
        }
    }
    let mut words: Vec<(String, u32)> = word_docs
        .into_iter()
        .filter(|(w, _)| is_vocabulary_word(w))
        .map(|(w, n)| (w.to_string(), n))
        .collect();
    words.par_sort_unstable_by(|a, b| utf16_cmp(&a.0, &b.0));
    Terms {
        docs: docs.len(),
        postings,
        lengths,
        total_tokens,
        words,
    }
}

fn analyse_run(docs: &[SearchDoc], fields: &[Field]) -> Run {
    let mut analyzer = Analyzer::new();
    let mut run = Run::default();
    let mut ids: Vec<u32> = Vec::new();
    let mut seen: Vec<u32> = Vec::new();
    for doc in docs {
        let mut terms = Vec::new();
        let mut lengths = [0u32; Field::COUNT];
        seen.clear();
        for &field in fields {
            ids.clear();
            for text in field.values(doc) {
                let Run {
                    words,
                    word_docs,
                    word_text,
                    stems,
                    stem_text,
                    ..
                } = &mut run;
                analyzer.each_word(text, |t, stemmer| {
                    let (word, stem) = match words.get(t.text.as_str()) {
                        Some(&pair) => pair,
                        None => {
                            let s = stemmer.stem(&t.text);
                            let stem = match stems.get(s) {
                                Some(&n) => n,
                                None => {
                                    let n = stem_text.len() as u32;
                                    stems.insert(s.to_string(), n);
                                    stem_text.push(s.to_string());
                                    n
                                }
                            };
                            let word = word_text.len() as u32;
                            word_text.push(t.text.clone());
                            word_docs.push(0);
                            words.insert(t.text.clone(), (word, stem));
                            (word, stem)
                        }
                    };
                    if stem_text[stem as usize].len() <= MAX_TOKEN_BYTES {
                        ids.push(stem);
                    }
                    seen.push(word);
                });
            }
            lengths[field as usize] = ids.len() as u32;
            ids.sort_unstable();
            let mut i = 0;
            while i < ids.len() {
                let j = ids[i..]
                    .iter()
                    .position(|x| *x != ids[i])
                    .map_or(ids.len(), |p| i + p);
                terms.push((ids[i], field, (j - i) as u32));
                i = j;
            }
        }
        seen.sort_unstable();
        seen.dedup();
        for w in &seen {
            run.word_docs[*w as usize] += 1;
        }
        run.docs.push((terms, lengths));
    }
    run
}

/// Whether a word goes into the vocabulary for typo tolerance: at least three letters
/// (a corrected word has five or more and at most two edits), at most 64 bytes, and
/// nothing that would break the vocabulary files' line format.
pub fn is_vocabulary_word(w: &str) -> bool {
    w.chars().nth(2).is_some() && w.len() <= 64 && !w.chars().any(|c| c.is_whitespace())
}

/// Compares two strings by UTF-16 code units, as JavaScript's `<` does.
pub fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}
