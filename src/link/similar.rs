//! "See also": entries similar by text, for entries with few explicit relations.
//!
//! Each term and definition becomes a tf-idf vector over its stems (title ×3, aliases ×2,
//! description ×1.5, body ×1; lower-cased, stop words and one-letter words dropped,
//! English Snowball stems; counted in the link stage's one pass over each body, see
//! [`Counter::count_entry`]), cut to its 32 heaviest terms (the MoreLikeThis idea: a
//! document's distinctive words stand for it) and normalised. Similarity is the cosine of
//! those vectors, found through an inverted index over the cut vectors, so each entry only
//! meets entries sharing one of its distinctive words; a stem shared by more than
//! [`MAX_POSTINGS`] entries keeps the ones it weighs most in, so the cost stays linear in
//! the number of entries. Ties are broken by slug; the result is deterministic.

use rayon::prelude::*;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;

use crate::flat_map::{hash, FlatMap, SlotNumber};
use crate::model::{Entry, EntryId, Kind, Site};

/// Terms kept per document.
const TOP_TERMS: usize = 32;

/// Entries kept per stem in the inverted index (those the stem weighs most in).
const MAX_POSTINGS: usize = 128;

const STOP_WORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
    "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
    "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "even",
    "every", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here",
    "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just",
    "less", "may", "me", "might", "more", "most", "much", "must", "my", "no", "nor", "not", "now",
    "of", "off", "on", "once", "one", "only", "or", "other", "our", "ours", "out", "over", "own",
    "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs",
    "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "two",
    "under", "until", "up", "us", "use", "used", "uses", "very", "was", "we", "were", "what",
    "when", "where", "which", "while", "who", "whom", "why", "will", "with", "within", "without",
    "would", "you", "your", "yours",
];

/// Weighted stem counts of one text, keyed by the stem's 64-bit hash (collisions among a
/// few hundred thousand stems are vanishingly unlikely), so no shared vocabulary is needed
/// and texts are counted in parallel. Each stem once, in no particular order: counted in
/// a map the counter reuses, then kept as a list of exactly its length (every entry's
/// counts are held until "See also" is found).
pub type StemCounts = Vec<(u64, f32)>;

/// Counts the stems of texts: lower-cased words of two characters or more, stop words
/// dropped, English Snowball stems. Keep one per thread: it remembers each word's stem
/// (by the word's hash), since most words repeat.
pub struct Counter {
    stemmer: Stemmer,
    /// Word key ([`word_key`]) → stem hash; stop words map to [`STOP`], so one look-up
    /// decides both. Flat: a rare word's look-up reads one slot.
    stems: FlatMap<u64>,
    /// A lower-cased word, reused.
    lower: String,
    /// The counts of the text being counted, reused (cleared, its room kept).
    counts: FxHashMap<u64, f32>,
}

/// What a stop word's stem hash is in [`Counter::stems`] (a stem hashing to it is moved).
const STOP: u64 = 0;

impl Default for Counter {
    fn default() -> Self {
        Counter {
            stemmer: Stemmer::create(Algorithm::English),
            stems: {
                let mut stems = FlatMap::with_capacity(STOP_WORDS.len());
                for w in STOP_WORDS {
                    stems.insert(word_key(w), STOP);
                }
                stems
            },
            lower: String::new(),
            counts: FxHashMap::default(),
        }
    }
}

thread_local! {
    /// Each thread's counter, kept between tasks (and builds), so a word is stemmed once
    /// per thread rather than once per task.
    static COUNTER: std::cell::RefCell<Counter> = std::cell::RefCell::new(Counter::default());
}

impl Counter {
    /// What "See also" reads of an entry: the stems of its `body` text ×1, title ×3,
    /// aliases ×2 and description ×1.5.
    pub fn count_entry(&mut self, entry: &Entry, body: &str) -> StemCounts {
        let mut counts = std::mem::take(&mut self.counts);
        counts.clear();
        self.add(body, 1.0, &mut counts);
        self.add(&entry.title, 3.0, &mut counts);
        for alias in &entry.aliases {
            self.add(alias, 2.0, &mut counts);
        }
        self.add(&entry.description, 1.5, &mut counts);
        let list = counts.iter().map(|(&stem, &n)| (stem, n)).collect();
        self.counts = counts;
        list
    }

    /// Words remembered at most; past that the memory starts over.
    const LIMIT: usize = 1 << 20;

    /// Runs `f` with this thread's counter.
    pub fn with<T>(f: impl FnOnce(&mut Counter) -> T) -> T {
        COUNTER.with(|c| match c.try_borrow_mut() {
            Ok(mut counter) => f(&mut counter),
            // Only if `f` itself asked again: a fresh counter is as correct, just slower.
            Err(_) => f(&mut Counter::default()),
        })
    }

    /// Adds `weight` to `counts` for each stem of `text`.
    pub fn add(&mut self, text: &str, weight: f32, counts: &mut FxHashMap<u64, f32>) {
        for (word, ascii_key) in words(text) {
            // ASCII words (nearly all) were lower-cased as they were hashed; others are
            // lower-cased first.
            let ascii = ascii_key.is_some();
            let key = ascii_key.unwrap_or_else(|| {
                self.lower.clear();
                self.lower.extend(word.chars().flat_map(char::to_lowercase));
                word_key(&self.lower)
            });
            let stem = match self.stems.get(key) {
                Some(STOP) => continue,
                Some(h) => h,
                None => {
                    if self.stems.len() >= Self::LIMIT {
                        self.stems = Counter::default().stems;
                    }
                    if ascii {
                        self.lower.clear();
                        self.lower
                            .extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
                    }
                    let h = match hash(self.stemmer.stem(&self.lower).as_bytes()) {
                        STOP => STOP + 1,
                        h => h,
                    };
                    self.stems.insert(key, h);
                    h
                }
            };
            *counts.entry(stem).or_insert(0.0) += weight;
        }
    }
}

/// The key of a word in [`Counter::stems`]: the [`hash`] of its bytes with ASCII
/// letters lower-cased (so `Margin` and `margin` share it).
fn word_key(word: &str) -> u64 {
    if !word.bytes().any(|b| b.is_ascii_uppercase()) {
        return hash(word.as_bytes());
    }
    lowered_key(word)
}

/// [`word_key`] of a word that has ASCII capitals.
fn lowered_key(word: &str) -> u64 {
    let mut lower = [0u8; 64];
    if let Some(room) = lower.get_mut(..word.len()) {
        room.copy_from_slice(word.as_bytes());
        room.make_ascii_lowercase();
        return hash(room);
    }
    hash(word.to_ascii_lowercase().as_bytes())
}

/// For each entry, up to `n` similar terms or definitions, best first, skipping `exclude`
/// (the entry's explicit relations). `counts` are each entry's weighted stem counts
/// ([`Counter::count_entry`]). Areas get none.
pub fn similar(
    site: &Site,
    counts: &[StemCounts],
    exclude: &[Vec<EntryId>],
    n: usize,
) -> Vec<Vec<EntryId>> {
    let count = site.entries.len();
    if n == 0 || count < 2 {
        return vec![Vec::new(); count];
    }
    let candidate = |id: EntryId| site.entries[id].kind != Kind::Area;

    let none = StemCounts::default();
    let tfs: Vec<&StemCounts> = (0..count)
        .map(|id| if candidate(id) { &counts[id] } else { &none })
        .collect();
    let df: FlatMap<u32> = tfs
        .par_iter()
        .fold(FlatMap::default, |mut df, tf| {
            for &(stem, _) in tf.iter() {
                *df.entry(stem) += 1;
            }
            df
        })
        .reduce(FlatMap::default, |a, b| {
            let (mut a, b) = if a.len() >= b.len() { (a, b) } else { (b, a) };
            for (stem, n) in b.iter() {
                *a.entry(stem) += n;
            }
            a
        });
    let docs = tfs.iter().filter(|tf| !tf.is_empty()).count().max(1) as f32;

    // Each document's heaviest stems, normalised (ties broken by stem hash, so the cut is
    // deterministic), each stem by its number in `df`.
    let vectors: Vec<Vec<(SlotNumber, f32)>> = tfs
        .par_iter()
        .map(|tf| {
            let mut v: Vec<(u64, SlotNumber, f32)> = tf
                .iter()
                .filter_map(|&(w, f)| {
                    let (number, df) = df.get_numbered(w)?;
                    let x = (1.0 + f.ln()) * (docs / df as f32).ln();
                    (df > 1 && x > 0.0).then_some((w, number, x))
                })
                .collect();
            let order = |a: &(u64, SlotNumber, f32), b: &(u64, SlotNumber, f32)| {
                b.2.total_cmp(&a.2).then(a.0.cmp(&b.0))
            };
            if v.len() > TOP_TERMS {
                v.select_nth_unstable_by(TOP_TERMS, order);
                v.truncate(TOP_TERMS);
            }
            v.sort_by(order);
            let norm = v.iter().map(|(_, _, x)| x * x).sum::<f32>().sqrt();
            let norm = if norm > 0.0 { norm } else { 1.0 };
            v.iter().map(|&(_, number, x)| (number, x / norm)).collect()
        })
        .collect();
    let postings = Postings::new(&vectors, df.numbers());

    (0..count)
        .into_par_iter()
        .map_init(
            || vec![0f32; count],
            |scores, id| {
                if !candidate(id) {
                    return Vec::new();
                }
                let mut touched = Vec::new();
                for &(w, x) in &vectors[id] {
                    for &(other, y) in postings.list(w) {
                        let other = other as EntryId;
                        if scores[other] == 0.0 {
                            touched.push(other);
                        }
                        scores[other] += x * y;
                    }
                }
                let mut ranked: Vec<(EntryId, f32)> = touched
                    .iter()
                    .map(|&o| (o, std::mem::take(&mut scores[o])))
                    .filter(|&(o, s)| o != id && s > 0.0 && !exclude[id].contains(&o))
                    .collect();
                let order = |a: &(EntryId, f32), b: &(EntryId, f32)| {
                    b.1.total_cmp(&a.1)
                        .then_with(|| site.entries[a.0].slug.cmp(&site.entries[b.0].slug))
                };
                if ranked.len() > n {
                    ranked.select_nth_unstable_by(n, order);
                    ranked.truncate(n);
                }
                ranked.sort_by(order);
                // From a slice, not `into_iter`: collecting in place would keep the
                // capacity of every candidate in each short result.
                ranked.iter().map(|&(o, _)| o).collect()
            },
        )
        .collect()
}

/// The inverted index over the cut vectors: for each stem number, the entries holding the
/// stem among their distinctive words with its weight there, in site order; all lists in
/// one array. A stem among the distinctive words of more than [`MAX_POSTINGS`] entries keeps
/// only the entries it weighs most in: it says little about any pair, and each entry holding
/// it reads its whole list.
struct Postings {
    /// Entry and weight, list after list.
    items: Vec<(u32, f32)>,
    /// Where the list of stem number `n` starts in `items` (`starts[n + 1]` is where the
    /// next one starts); a list is read up to [`MAX_POSTINGS`] long.
    starts: Vec<u32>,
}

impl Postings {
    fn new(vectors: &[Vec<(SlotNumber, f32)>], numbers: usize) -> Postings {
        let mut starts = vec![0u32; numbers + 1];
        for &(w, _) in vectors.iter().flatten() {
            starts[w.index() + 1] += 1;
        }
        for n in 1..starts.len() {
            starts[n] += starts[n - 1];
        }
        let mut next = starts.clone();
        let mut items = vec![(0u32, 0f32); starts[numbers] as usize];
        for (id, v) in vectors.iter().enumerate() {
            for &(w, x) in v {
                let at = &mut next[w.index()];
                items[*at as usize] = (id as u32, x);
                *at += 1;
            }
        }
        drop(next);
        // The long lists, cut in parallel: each to its heaviest entries, then back in site
        // order.
        let mut long: Vec<&mut [(u32, f32)]> = Vec::new();
        let mut rest = items.as_mut_slice();
        let mut at = 0;
        for w in starts.windows(2) {
            let (start, end) = (w[0] as usize, w[1] as usize);
            if end - start > MAX_POSTINGS {
                let (_, tail) = std::mem::take(&mut rest).split_at_mut(start - at);
                let (list, tail) = tail.split_at_mut(end - start);
                long.push(list);
                rest = tail;
                at = end;
            }
        }
        long.par_iter_mut().for_each(|list| {
            list.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            list[..MAX_POSTINGS].sort_by_key(|&(id, _)| id);
        });
        Postings { items, starts }
    }

    /// The (cut) list of stem number `w`.
    fn list(&self, w: SlotNumber) -> &[(u32, f32)] {
        let (start, end) = (self.starts[w.index()], self.starts[w.index() + 1]);
        let len = (end - start).min(MAX_POSTINGS as u32);
        &self.items[start as usize..(start + len) as usize]
    }
}

/// Words of text: runs of letters and digits, two characters or more, not all digits;
/// each with its [`word_key`] when it is ASCII (whether it has capitals is learnt in the
/// same pass). ASCII is
/// classified byte by byte; other characters are decoded and asked.
fn words(text: &str) -> impl Iterator<Item = (&str, Option<u64>)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || loop {
        // Skip to the start of a word.
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if b.is_ascii_alphanumeric() {
                    break;
                }
                i += 1;
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                if c.is_alphanumeric() {
                    break;
                }
                i += c.len_utf8();
            }
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        let (mut ascii, mut digits, mut upper) = (true, true, false);
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if !b.is_ascii_alphanumeric() {
                    break;
                }
                digits &= b.is_ascii_digit();
                upper |= b.is_ascii_uppercase();
                i += 1;
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                if !c.is_alphanumeric() {
                    break;
                }
                (ascii, digits) = (false, false);
                i += c.len_utf8();
            }
        }
        if i - start > 1 && !digits {
            let word = &text[start..i];
            // As `word_key`, knowing already whether the word has capitals.
            let key = match (ascii, upper) {
                (false, _) => None,
                (true, false) => Some(hash(word.as_bytes())),
                (true, true) => Some(lowered_key(word)),
            };
            return Some((word, key));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::link::auto::tests::entry;
    use crate::model::SourceFile;
    use std::sync::Arc;

    #[test]
    fn words_split_on_anything_but_letters_and_digits() {
        let w: Vec<(&str, Option<u64>)> = words("Protocol’s 24h café—naïve, x 2026 a1").collect();
        let keys = |w: &str| w.is_ascii().then(|| word_key(w));
        let want = ["Protocol", "24h", "café", "naïve", "a1"];
        assert_eq!(w, want.map(|w| (w, keys(w))));
        assert_eq!(word_key("Margin"), word_key("margin"));
    }

    #[test]
    fn finds_the_entry_sharing_distinctive_words() {
        let entries = vec![
            entry(Kind::Term, "funding-rate", "Funding Rate", &[]),
            entry(Kind::Term, "premium-index", "Premium Index", &[]),
            entry(Kind::Term, "oracle", "Oracle", &[]),
            entry(Kind::Term, "twap", "TWAP", &[]),
            entry(Kind::Area, "perps", "Perps", &[]),
        ];
        let site = Site {
            root: Default::default(),
            config: Config::default(),
            entries,
            sources: vec![SourceFile {
                path: "x.md".into(),
                text: Arc::from(""),
            }],
            home_intro: None,
            kind_intros: Default::default(),
        };
        let texts = [
            "Longs pay shorts a periodic payment derived from the premium of the perpetual over the index.".to_string(),
            "The premium index measures how far the perpetual trades above its index, feeding the periodic payment.".to_string(),
            "An oracle reports an external price on chain; a medianizer combines reporters.".to_string(),
            "A time-weighted average of the oracle price resists a one-block manipulation of the reporters.".to_string(),
            "perpetual premium index oracle".to_string(),
        ];
        let bodies = || -> Vec<StemCounts> {
            let mut counter = Counter::default();
            texts
                .iter()
                .zip(&site.entries)
                .map(|(t, e)| counter.count_entry(e, t))
                .collect()
        };
        let exclude = vec![Vec::new(); 5];
        let s = similar(&site, &bodies(), &exclude, 2);
        assert_eq!(s[0][0], 1, "{s:?}");
        assert_eq!(s[2][0], 3, "{s:?}");
        assert!(s[4].is_empty(), "areas get no See also");
        assert!(
            s.iter().flatten().all(|&id| id != 4),
            "areas are never suggested"
        );
        let exclude = vec![vec![1], vec![], vec![], vec![], vec![]];
        assert!(
            !similar(&site, &bodies(), &exclude, 2)[0].contains(&1),
            "related entries excluded"
        );
    }
}
