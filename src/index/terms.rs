//! The site's terms as the tantivy index holds them, read back for the browser index.
//!
//! For every searched field: which documents hold each term and how often, each
//! document's field-norm id and the field's token total, exactly as tantivy's BM25 uses
//! them (they are read from the index just written, so the browser scores with tantivy's
//! own statistics by construction); and the vocabulary of words before stemming, for
//! typo tolerance, each weighed by how many documents hold its stem.
//!
//! Besides terms, the index holds *name keys* ([`engine::name_key`]: the terms of a title
//! or an alias joined by spaces). For each, the documents it names; and for each name of
//! two to six terms and each run of two terms or more of one (`"initi margin"` in
//! *Initial Margin Requirement*), the documents where it occurs as a phrase in
//! a searched field, as found while indexing ([`Runs`](super::analysis::Runs)): what the
//! phrase query `glossa search` runs finds, so the browser can check phrases that are
//! names without word positions.

use std::path::Path;
use std::sync::Arc;

use tantivy::postings::Postings;
use tantivy::postings::TermInfo;
use tantivy::schema::IndexRecordOption;
use tantivy::termdict::TermMerger;
use tantivy::{DocSet, Index, InvertedIndexReader, SegmentReader, TERMINATED};

use super::engine::{self, ORD};
use super::settings::Field;
use crate::error::{Error, Result};

/// One term's postings in one field: `(document, term frequency)`, by document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldPostings {
    pub field: Field,
    pub docs: Vec<(u32, u32)>,
}

/// Everything the index knows under one key: a term's postings per field (fields in
/// [`Field::ALL`] order), and for a name key the documents it names and (two terms or
/// more) the documents holding it as a phrase. Document lists are in site order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyRecord {
    pub fields: Vec<FieldPostings>,
    pub names: Vec<u32>,
    pub phrase: Option<Vec<u32>>,
}

/// The inverted index of the searched fields, documents numbered in site order.
#[derive(Debug, Default)]
pub struct Terms {
    pub docs: usize,
    /// Every term and name key with its record, in UTF-16 order (how JavaScript compares
    /// strings). A key of several terms holds spaces, so it never equals a term.
    pub postings: Vec<(String, KeyRecord)>,
    /// tantivy's field-norm id of every document in every field (by `Field as usize`).
    pub norms: Vec<[u8; Field::COUNT]>,
    /// Tokens per field over all documents.
    pub total_tokens: [u64; Field::COUNT],
    /// Vocabulary words (see [`is_vocabulary_word`]) whose stem is searchable, with the
    /// largest document frequency of that stem in a searched field; in UTF-16 order.
    pub words: Vec<(String, u32)>,
}

/// An error of tantivy's that is not a `TantivyError`.
fn io_error(e: std::io::Error) -> Error {
    Error::index_message(e.to_string())
}

/// Where a term dictionary merged by [`read`] comes from: a searched field or the name
/// keys, of one segment.
#[derive(Clone, Copy)]
enum Source {
    Field(usize, Field),
    Names(usize),
}

/// The index's segments, opened for reading: every term dictionary to merge, the
/// statistics, and where each segment's documents are in site order.
struct Segments {
    docs: usize,
    norms: Vec<[u8; Field::COUNT]>,
    total_tokens: [u64; Field::COUNT],
    /// Each segment's documents → their place in site order.
    ords: Vec<Vec<u32>>,
    /// A source per inverted index, side by side.
    sources: Vec<Source>,
    inverted: Vec<Arc<InvertedIndexReader>>,
}

/// Reads the searched `fields` of the tantivy index in `dir`, with what [`engine::write`]
/// learnt: every word the analysis met, with its stem, and where the runs of names occur.
///
/// The term dictionaries of every field and segment are merged in key order (with the
/// runs, sorted alike), so each key's record is made once, from all its sources at once.
pub fn read(dir: &Path, fields: &[Field], written: engine::Written) -> Result<Terms> {
    let engine::Written { words: seen, runs } = written;
    let index = Index::open_in_dir(dir).map_err(Error::index)?;
    engine::register(&index);
    let reader = index.reader().map_err(Error::index)?;
    let searcher = reader.searcher();
    let segments = open_segments(searcher.segment_readers(), fields)?;
    let mut postings = merge(&segments, runs)?;
    let mut words = vocabulary_words(&postings, seen);
    // Byte order is UTF-16 order but for characters past U+FFFF against U+E000..U+FFFF.
    postings.sort_by(|a, b| utf16_cmp(&a.0, &b.0));
    words.sort_by(|a, b| utf16_cmp(&a.0, &b.0));
    Ok(Terms {
        docs: segments.docs,
        postings,
        norms: segments.norms,
        total_tokens: segments.total_tokens,
        words,
    })
}

/// The term dictionaries of the searched `fields` and of the name keys in every segment,
/// with the field norms and token totals.
fn open_segments(segments: &[SegmentReader], fields: &[Field]) -> Result<Segments> {
    let (_, handles) = engine::schema();
    let docs: usize = segments.iter().map(|s| s.max_doc() as usize).sum();
    let mut out = Segments {
        docs,
        norms: vec![[0u8; Field::COUNT]; docs],
        total_tokens: [0u64; Field::COUNT],
        ords: Vec::with_capacity(segments.len()),
        sources: Vec::new(),
        inverted: Vec::new(),
    };
    for (s, segment) in segments.iter().enumerate() {
        let ord_column = segment.fast_fields().u64(ORD).map_err(Error::index)?;
        let segment_ords: Vec<u32> = (0..segment.max_doc())
            .map(|d| ord_column.first(d).unwrap_or(0) as u32)
            .collect();
        for &field in fields {
            let handle = handles.text[field as usize];
            let fieldnorms = segment
                .get_fieldnorms_reader(handle)
                .map_err(Error::index)?;
            for (doc, &ord) in segment_ords.iter().enumerate() {
                out.norms[ord as usize][field as usize] = fieldnorms.fieldnorm_id(doc as u32);
            }
            let field_index = segment.inverted_index(handle).map_err(Error::index)?;
            out.total_tokens[field as usize] += field_index.total_num_tokens();
            out.sources.push(Source::Field(s, field));
            out.inverted.push(field_index);
        }
        out.sources.push(Source::Names(s));
        let names = segment
            .inverted_index(handles.names)
            .map_err(Error::index)?;
        out.inverted.push(names);
        out.ords.push(segment_ords);
    }
    Ok(out)
}

/// Every key of the term dictionaries and every run, in byte order, with its record.
fn merge(segments: &Segments, runs: Vec<(String, Vec<u32>)>) -> Result<Vec<(String, KeyRecord)>> {
    let streams = segments
        .inverted
        .iter()
        .map(|i| i.terms().stream())
        .collect::<std::io::Result<Vec<_>>>()
        .map_err(io_error)?;
    let mut merger = TermMerger::new(streams);
    let mut runs = runs.into_iter().peekable();
    let mut postings: Vec<(String, KeyRecord)> = Vec::new();
    let mut next_term = merger.advance();
    loop {
        // The smaller of the next term and the next run (a run alone when it is not a term).
        let run_first = match (next_term, runs.peek()) {
            (false, None) => break,
            (false, Some(_)) => true,
            (true, Some((run, _))) => run.as_bytes() < merger.key(),
            (true, None) => false,
        };
        if run_first {
            if let Some((run, docs)) = runs.next() {
                postings.push((
                    run,
                    KeyRecord {
                        phrase: Some(docs),
                        ..KeyRecord::default()
                    },
                ));
            }
            continue;
        }
        let key = String::from_utf8_lossy(merger.key()).into_owned();
        let mut record = record_of(segments, merger.current_segment_ords_and_term_infos())?;
        record.phrase = runs.next_if(|(run, _)| *run == key).map(|(_, docs)| docs);
        postings.push((key, record));
        next_term = merger.advance();
    }
    Ok(postings)
}

/// The record of the merger's current key, from where each source has it.
fn record_of(
    segments: &Segments,
    infos: impl Iterator<Item = (usize, TermInfo)>,
) -> Result<KeyRecord> {
    let mut lists: [Vec<(u32, u32)>; Field::COUNT] = Default::default();
    let mut names = Vec::new();
    for (i, info) in infos {
        let inverted = &segments.inverted[i];
        match segments.sources[i] {
            Source::Field(s, field) => {
                let mut list = inverted
                    .read_postings_from_terminfo(&info, IndexRecordOption::WithFreqs)
                    .map_err(io_error)?;
                let out = &mut lists[field as usize];
                let mut doc = list.doc();
                while doc != TERMINATED {
                    out.push((segments.ords[s][doc as usize], list.term_freq()));
                    doc = list.advance();
                }
            }
            Source::Names(s) => {
                let mut list = inverted
                    .read_postings_from_terminfo(&info, IndexRecordOption::Basic)
                    .map_err(io_error)?;
                let mut doc = list.doc();
                while doc != TERMINATED {
                    names.push(segments.ords[s][doc as usize]);
                    doc = list.advance();
                }
            }
        }
    }
    let fields = Field::ALL
        .into_iter()
        .zip(lists)
        .filter(|(_, docs)| !docs.is_empty())
        .map(|(field, mut docs)| {
            docs.sort_unstable();
            FieldPostings { field, docs }
        })
        .collect();
    names.sort_unstable();
    names.dedup();
    Ok(KeyRecord {
        fields,
        names,
        phrase: None,
    })
}

/// The vocabulary words of `seen` (word, stem) whose stem is searchable, each with the
/// largest document frequency of its stem in a searched field; `postings` in byte order.
fn vocabulary_words(
    postings: &[(String, KeyRecord)],
    seen: Vec<(String, String)>,
) -> Vec<(String, u32)> {
    let df = |stem: &str| {
        let i = postings
            .binary_search_by(|(key, _)| key.as_str().cmp(stem))
            .ok()?;
        let df = postings[i].1.fields.iter().map(|l| l.docs.len()).max()?;
        Some(df as u32)
    };
    seen.into_iter()
        .filter(|(w, _)| is_vocabulary_word(w))
        .filter_map(|(w, stem)| df(&stem).map(|df| (w, df)))
        .collect()
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
