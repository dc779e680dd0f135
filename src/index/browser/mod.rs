//! The static, sharded index the browser searches: files under `search/` in the build.
//!
//! A query fetches `index.json` once, then only the shards its words need:
//!
//! | file | holds |
//! | --- | --- |
//! | `index.json` | counts, field boosts and token totals, tantivy's field-norm table, where every postings shard begins (the shortest start of its first key that sorts after the shard before), the first prefix (tail) of every vocabulary (tail) shard, typo settings, stop words |
//! | `norms.bin` | one byte per document: its body length as tantivy's field-norm id |
//! | `p/<n>.bin` | postings shards: keys in order, each with, per field, its document frequency and `(document, frequency[, field-norm id])` entries; for name keys the documents named and where the key occurs as a phrase |
//! | `v/<n>.bin` | vocabulary shards: one line per prefix, `prefix rest rest…`: the site's words (not stemmed) by their first two letters, most frequent first, for typo tolerance |
//! | `t/<n>.bin` | the same words by their last two letters, one line per tail, `tail rest rest…` (`rest` the word without its tail), for typos in the first letters |
//! | `areas.bin` | the area facet: JSON `{areas: [slug…], titles: [title…], docs: [[area number…] per document]}`, fetched by the search page only |
//! | `d/<n>.bin` | document shards: JSON `[title, slug, excerpt]` for a run of documents (slug `""` when it is the title in lower case with hyphens) |
//!
//! Every file but `index.json` is gzip-compressed by glossa (the script inflates it with
//! the browser's `DecompressionStream`, or takes it as it is when the host already did), so
//! what a query costs does not depend on the host's compression settings.
//!
//! Documents are numbered in site order (kind, then slug), so a kind is a range of
//! numbers and entries whose titles share a first word share a document shard. Shard
//! sizes grow with the square root of the index, so the number of files does too; a
//! common word bigger than a shard gets a shard of its own, so that the words around it
//! cost less.
//!
//! ## Keys
//!
//! The postings shards hold *keys*: every term, every name key (see
//! [`name_key`](super::engine::name_key): a title's or an alias's terms joined by
//! spaces), and the runs of name terms checked as phrases (see `engine::runs_of`). A key of one term is stored
//! as itself; a key of several after its *anchor*, its first term that is not the stem of
//! a stop word (else its first), as `anchor\tkey` (see [`stored_key`]), so it sorts right
//! after the anchor term and is usually in a shard the query fetches anyway (a term
//! bigger than a shard is alone in its shard; the keys anchored on it follow in the
//! next).
//!
//! ## Postings shard format
//!
//! All integers are LEB128 varints. A shard is the number of keys, then per key: the
//! number of bytes it shares with the previous stored key, the length and bytes of the
//! rest (UTF-8), the byte length of its block, and the block: a bit mask (bit *i* < 4 for
//! field *i* of `fields`, bit 4 for names, bit 5 for a phrase), then per present field
//! the document frequency and that many entries `gap·2 + (tf > 1)`, followed by `tf − 2`
//! when `tf > 1`, followed (for every field but `body`, whose norms are in `norms.bin`)
//! by one byte of field-norm id; then, with bit 4, the number of documents the key names
//! (its title or an alias has this key) and their gaps; then, with bit 5, the number of
//! documents where the key occurs as a phrase in a searched field (tantivy's phrase
//! query, the one `glossa search` runs) and their gaps. `gap` is the difference from the
//! previous document number (from 0 for the first).
//!
//! The scores the script computes from these numbers are tantivy's BM25, in 32-bit
//! floats, so both surfaces rank alike.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use tantivy::fieldnorm::FieldNormReader;

mod read;
mod vocabulary;

pub use read::{vocabulary_group, Group, Vocabulary};

use super::documents::{excerpt, SearchDoc};
use super::fuzzy;
use super::settings::{Field, Settings};
use super::stop::{stop_stems, STOP_WORDS};
use super::terms::{utf16_cmp, KeyRecord, Terms};
use crate::error::{Error, Result};
use crate::model::Kind;

/// Version of the file formats, checked by the script.
pub const FORMAT: u32 = 3;

/// The contents of `index.json`.
#[derive(Debug, Serialize)]
struct IndexJson<'a> {
    format: u32,
    hash: &'a str,
    docs: usize,
    /// First document number of each kind (term, definition, area), then the count.
    kinds: [usize; 4],
    /// Names of all fields, in the order of field numbers.
    fields: [&'static str; Field::COUNT],
    /// Searched fields (numbers).
    searched: Vec<usize>,
    boosts: [f32; Field::COUNT],
    tokens: [u64; Field::COUNT],
    fieldnorms: Vec<u32>,
    norms: bool,
    postings: Vec<String>,
    vocab: Vec<String>,
    /// The first tail of every tail shard.
    tails: Vec<String>,
    chunk: usize,
    fuzzy: FuzzyJson,
    /// Words a query leaves out when it has others.
    stop: &'static [&'static str],
}

#[derive(Debug, Serialize)]
struct FuzzyJson {
    min: usize,
    long: usize,
    max: usize,
    prefix: usize,
    weights: [f32; 2],
    /// Most words suggested when a query finds nothing.
    suggest: usize,
}

/// What was written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub files: usize,
    pub bytes: u64,
}

/// Writes the browser index of `docs` (counted into `terms`) into the folder `dir`.
pub fn write(
    dir: &Path,
    docs: &[SearchDoc],
    terms: &Terms,
    settings: &Settings,
    hash: &str,
) -> Result<Written> {
    let mut out = Output::new(dir);
    let keys = stored_keys(terms);
    let shards = cut_shards(&keys);
    let postings = write_postings(&mut out, &keys, &shards)?;
    let norms = settings.fields.contains(&Field::Body);
    if norms {
        let bytes: Vec<u8> = terms
            .norms
            .iter()
            .map(|n| n[Field::Body as usize])
            .collect();
        out.gzip("norms.bin", &bytes)?;
    }
    let (vocab, tails) = vocabulary::write(&mut out, terms)?;
    let chunk = write_documents(&mut out, docs, settings.snippet_length)?;
    write_areas(&mut out, docs)?;
    let mut kinds = [0usize; 4];
    for (i, kind) in Kind::ALL.iter().enumerate() {
        kinds[i + 1] = kinds[i] + docs.iter().filter(|d| d.kind == *kind).count();
    }
    let index = IndexJson {
        format: FORMAT,
        hash,
        docs: docs.len(),
        kinds,
        fields: Field::ALL.map(Field::name),
        searched: settings.fields.iter().map(|f| *f as usize).collect(),
        boosts: Field::ALL.map(|f| settings.boost(f)),
        tokens: terms.total_tokens,
        fieldnorms: (0..=255u8).map(FieldNormReader::id_to_fieldnorm).collect(),
        norms,
        postings,
        vocab,
        tails,
        chunk,
        fuzzy: FuzzyJson {
            min: fuzzy::MIN_LETTERS,
            long: fuzzy::LONG_LETTERS,
            max: fuzzy::MAX_EXPANSIONS,
            prefix: fuzzy::PREFIX_LETTERS,
            weights: [fuzzy::weight(1), fuzzy::weight(2)],
            suggest: fuzzy::MAX_SUGGESTIONS,
        },
        stop: STOP_WORDS,
    };
    let json = serde_json::to_vec(&index).map_err(|e| Error::index_message(e.to_string()))?;
    out.file("index.json", &json)?;
    out.finish()
}

/// Every key as stored ([`stored_key`]) with its encoded block, in stored order. A key
/// of several terms is stored after its anchor term (`anchor\tkey`), with which it is
/// fetched.
struct StoredKeys {
    keys: Vec<String>,
    blocks: Vec<Vec<u8>>,
}

impl StoredKeys {
    /// Bytes key `i` takes in a shard, about.
    fn size(&self, i: usize) -> usize {
        self.keys[i].len() + self.blocks[i].len() + 4
    }
}

fn stored_keys(terms: &Terms) -> StoredKeys {
    let stop_stems = stop_stems();
    let mut order: Vec<(String, usize)> = terms
        .postings
        .iter()
        .enumerate()
        .map(|(i, (key, _))| (stored_key(key, &stop_stems), i))
        .collect();
    order.sort_by(|a, b| utf16_cmp(&a.0, &b.0));
    let blocks: Vec<Vec<u8>> = order
        .par_iter()
        .map(|(_, i)| encode(&terms.postings[*i].1, &terms.norms))
        .collect();
    StoredKeys {
        keys: order.into_iter().map(|(key, _)| key).collect(),
        blocks,
    }
}

/// A postings shard: a range of the stored keys, its size, and whether it holds one key
/// too big for a shard.
#[derive(Clone, Copy, Debug)]
struct Shard {
    start: usize,
    end: usize,
    bytes: usize,
    alone: bool,
}

/// The postings shards, of about `target` bytes each. A term bigger than a shard (a
/// common word) gets one of its own, so that its neighbours are fetched without it; a
/// small run of keys left before one joins the shard before it.
fn cut_shards(keys: &StoredKeys) -> Vec<Shard> {
    let order = &keys.keys;
    let total: usize = (0..order.len()).map(|i| keys.size(i)).sum();
    let target = shard_target(total, 8 * 1024, 4.8);
    let mut ranges: Vec<Shard> = Vec::new();
    let shard = |start, end, bytes, alone| Shard {
        start,
        end,
        bytes,
        alone,
    };
    let mut start = 0;
    let mut size = 0;
    let mut term_at = 0; // the last term (not a key of several terms) met
    for (i, key) in order.iter().enumerate() {
        let bytes = keys.size(i);
        if bytes > target {
            if i > start {
                ranges.push(shard(start, i, size, false));
            }
            ranges.push(shard(i, i + 1, bytes, true));
            (start, size) = (i + 1, 0);
            continue;
        }
        // A big term that would overfill a half-full shard starts the next one.
        if size >= target / 2 && size + bytes > target + target / 2 && !key.contains('\t') {
            ranges.push(shard(start, i, size, false));
            (start, size) = (i, 0);
        }
        if !key.contains('\t') {
            term_at = i;
        }
        size += bytes;
        // Cut when full, but not between a term and the keys anchored on it (unless the
        // shard holds twice its size).
        let with_term = term_at >= start
            && order
                .get(i + 1)
                .is_some_and(|next| anchor(next) == anchor(&order[term_at]));
        if size >= target && (!with_term || size >= 2 * target) {
            ranges.push(shard(start, i + 1, size, false));
            (start, size) = (i + 1, 0);
        }
    }
    if start < order.len() {
        ranges.push(shard(start, order.len(), size, false));
    }
    let mut shards: Vec<Shard> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match shards.last_mut() {
            Some(last) if !last.alone && !range.alone && range.bytes < target / 4 => {
                last.end = range.end;
                last.bytes += range.bytes;
            }
            _ => shards.push(range),
        }
    }
    shards
}

/// Writes the postings shards `p/<n>.bin`; the start of each (see [`separator`]).
fn write_postings(out: &mut Output, keys: &StoredKeys, shards: &[Shard]) -> Result<Vec<String>> {
    let order = &keys.keys;
    let mut firsts = Vec::with_capacity(shards.len());
    let mut bytes_out: Vec<u8> = Vec::new();
    for (n, s) in shards.iter().enumerate() {
        firsts.push(match s.start.checked_sub(1) {
            Some(last) => separator(&order[last], &order[s.start]).to_string(),
            None => order[s.start].clone(),
        });
        bytes_out.clear();
        put_varint(&mut bytes_out, (s.end - s.start) as u64);
        let mut prev: &[u8] = &[];
        for (key, block) in order[s.start..s.end]
            .iter()
            .zip(&keys.blocks[s.start..s.end])
        {
            let bytes = key.as_bytes();
            let shared = prev.iter().zip(bytes).take_while(|(a, b)| a == b).count();
            put_varint(&mut bytes_out, shared as u64);
            put_varint(&mut bytes_out, (bytes.len() - shared) as u64);
            bytes_out.extend_from_slice(&bytes[shared..]);
            put_varint(&mut bytes_out, block.len() as u64);
            bytes_out.extend_from_slice(block);
            prev = bytes;
        }
        out.gzip(&format!("p/{n}.bin"), &bytes_out)?;
    }
    Ok(firsts)
}

/// Writes `areas.bin`: every area slug (in order) with its title, and each document's
/// areas by number.
fn write_areas(out: &mut Output, docs: &[SearchDoc]) -> Result<()> {
    #[derive(Serialize)]
    struct Areas<'a> {
        areas: Vec<&'a str>,
        titles: Vec<&'a str>,
        docs: Vec<Vec<usize>>,
    }
    let mut areas: Vec<&str> = docs
        .iter()
        .flat_map(|d| d.areas.iter().map(String::as_str))
        .collect();
    areas.sort_unstable();
    areas.dedup();
    let titles = areas
        .iter()
        .map(|slug| {
            docs.iter()
                .find(|d| d.kind == Kind::Area && d.slug == *slug)
                .map_or(*slug, |d| d.title.as_str())
        })
        .collect();
    let number = |slug: &String| areas.binary_search(&slug.as_str()).unwrap_or(0);
    let docs = docs
        .iter()
        .map(|d| d.areas.iter().map(number).collect())
        .collect();
    let json = serde_json::to_vec(&Areas {
        areas: areas.clone(),
        titles,
        docs,
    })
    .map_err(|e| Error::index_message(e.to_string()))?;
    out.gzip("areas.bin", &json)
}

/// Writes the document shards `d/<n>.bin`; the number of documents in each.
fn write_documents(out: &mut Output, docs: &[SearchDoc], snippet_length: usize) -> Result<usize> {
    let chunk = chunk_size(docs.len());
    for (n, run) in docs.chunks(chunk).enumerate() {
        let rows: Vec<[String; 3]> = run
            .iter()
            .map(|d| {
                let slug = if title_slug(&d.title) == d.slug {
                    String::new()
                } else {
                    d.slug.clone()
                };
                [
                    d.title.clone(),
                    slug,
                    excerpt(&d.description, &d.body, snippet_length),
                ]
            })
            .collect();
        let json = serde_json::to_vec(&rows).map_err(|e| Error::index_message(e.to_string()))?;
        out.gzip(&format!("d/{n}.bin"), &json)?;
    }
    Ok(chunk)
}

/// The part of a stored key before its tab: the term it is anchored on.
fn anchor(stored: &str) -> &str {
    stored.split('\t').next().unwrap_or(stored)
}

/// The shortest start of `first` that still sorts after `last` (`last < first`): enough
/// to tell the shard that begins with `first` from the one before.
fn separator<'a>(last: &str, first: &'a str) -> &'a str {
    first
        .char_indices()
        .map(|(i, c)| &first[..i + c.len_utf8()])
        .find(|p| utf16_cmp(p, last) == std::cmp::Ordering::Greater)
        .unwrap_or(first)
}

/// Where a key is stored in the postings shards: a term as itself; a key of several terms
/// after its anchor, the first of its terms that is not the stem of a stop word (else its
/// first): `anchor\tkey`. A query fetches its words' shards anyway, so the names and
/// phrases it looks up are usually in a shard it already has.
pub fn stored_key(key: &str, stop_stems: &[String]) -> String {
    if !key.contains(' ') {
        return key.to_string();
    }
    let anchor = key
        .split(' ')
        .find(|t| !stop_stems.iter().any(|s| s == t))
        .unwrap_or_else(|| key.split(' ').next().unwrap_or(key));
    format!("{anchor}\t{key}")
}

/// Bytes a shard aims at: `factor · √total`, at least `min`.
fn shard_target(total: usize, min: usize, factor: f64) -> usize {
    ((total as f64).sqrt() * factor).max(min as f64) as usize
}

/// Documents per document shard: about `√n / 4`, at least 8.
fn chunk_size(n: usize) -> usize {
    (((n as f64).sqrt() / 4.0).ceil() as usize).max(8)
}

/// The slug the script derives from an ASCII title (lower case, runs of anything but
/// letters and digits as one hyphen); empty for other titles.
fn title_slug(title: &str) -> String {
    if !title.is_ascii() {
        return String::new();
    }
    let mut slug = String::with_capacity(title.len());
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// Bit of the postings block mask for the documents a name key names.
const NAMES_BIT: u8 = 1 << 4;
/// Bit of the postings block mask for the documents holding a name run as a phrase.
const PHRASE_BIT: u8 = 1 << 5;

/// A key's block: per present field, its postings; then the documents it names; then
/// the documents holding it as a phrase.
fn encode(record: &KeyRecord, norms: &[[u8; Field::COUNT]]) -> Vec<u8> {
    let mut b = Vec::new();
    let mut mask = record
        .fields
        .iter()
        .fold(0u8, |m, p| m | (1 << p.field as u8));
    if !record.names.is_empty() {
        mask |= NAMES_BIT;
    }
    if record.phrase.is_some() {
        mask |= PHRASE_BIT;
    }
    b.push(mask);
    for p in &record.fields {
        put_varint(&mut b, p.docs.len() as u64);
        let mut prev = 0u32;
        for &(doc, tf) in &p.docs {
            let gap = u64::from(doc - prev);
            prev = doc;
            put_varint(&mut b, gap * 2 + u64::from(tf > 1));
            if tf > 1 {
                put_varint(&mut b, u64::from(tf - 2));
            }
            if p.field != Field::Body {
                b.push(norms[doc as usize][p.field as usize]);
            }
        }
    }
    let names = (!record.names.is_empty()).then_some(&record.names[..]);
    for docs in [names, record.phrase.as_deref()].into_iter().flatten() {
        put_varint(&mut b, docs.len() as u64);
        let mut prev = 0u32;
        for &doc in docs {
            put_varint(&mut b, u64::from(doc - prev));
            prev = doc;
        }
    }
    b
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Files for the search folder, collected, then compressed and written in parallel.
struct Output<'a> {
    dir: &'a Path,
    /// Path, bytes, whether to gzip them.
    pending: Vec<(String, Vec<u8>, bool)>,
    counts: BTreeMap<&'static str, usize>,
}

impl<'a> Output<'a> {
    fn new(dir: &'a Path) -> Self {
        Output {
            dir,
            pending: Vec::new(),
            counts: BTreeMap::new(),
        }
    }

    /// The next number for a file in `folder`.
    fn count(&mut self, folder: &'static str) -> usize {
        let n = self.counts.entry(folder).or_default();
        *n += 1;
        *n - 1
    }

    /// Adds a file to be written gzip-compressed.
    fn gzip(&mut self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.pending.push((rel.to_string(), bytes.to_vec(), true));
        Ok(())
    }

    /// Adds a file to be written as it is.
    fn file(&mut self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.pending.push((rel.to_string(), bytes.to_vec(), false));
        Ok(())
    }

    fn finish(self) -> Result<Written> {
        let dir = self.dir;
        let mut folders: Vec<PathBuf> = self
            .pending
            .iter()
            .filter_map(|(rel, _, _)| dir.join(rel).parent().map(Path::to_path_buf))
            .collect();
        folders.sort();
        folders.dedup();
        for folder in folders {
            std::fs::create_dir_all(&folder).map_err(|e| Error::write(&folder, e))?;
        }
        let sizes = self
            .pending
            .par_iter()
            .map(|(rel, bytes, gzip)| {
                use std::io::Write;
                let path = dir.join(rel);
                let data = if *gzip {
                    let mut gz = flate2::write::GzEncoder::new(
                        Vec::with_capacity(bytes.len() / 2),
                        flate2::Compression::new(4),
                    );
                    gz.write_all(bytes)
                        .and_then(|()| gz.finish())
                        .map_err(|e| Error::write(&path, e))?
                } else {
                    bytes.clone()
                };
                std::fs::write(&path, &data).map_err(|e| Error::write(&path, e))?;
                Ok(data.len() as u64)
            })
            .collect::<Result<Vec<u64>>>()?;
        Ok(Written {
            files: sizes.len(),
            bytes: sizes.iter().sum(),
        })
    }
}
