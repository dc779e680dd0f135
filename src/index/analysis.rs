//! The one analysis every search surface uses: split on anything that is not a letter or a
//! digit, lower-case, fold to ASCII, stem with the English Snowball stemmer.
//!
//! The steps are tantivy's own (`SimpleTokenizer`, `LowerCaser`, `AsciiFoldingFilter`,
//! `Stemmer(Language::English)`), registered on the index as [`ANALYZER`], so indexing,
//! queries and snippets all go through exactly this pipeline. The browser script
//! (`static/search.js`) implements the same four steps by hand; a test runs it with node
//! over every word of the example site and of a generated corpus and compares.
//!
//! Every step works on one token at a time, so analysing a text equals splitting it into
//! *words* (the first three steps) and stemming each word. Typo tolerance relies on
//! that: it compares the words a reader typed with the words of the site, then searches
//! for their stems.

use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::ThreadId;

use compact_str::CompactString;
use rustc_hash::FxHashMap;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, SimpleTokenizer, Stemmer, TextAnalyzer,
    Token, TokenFilter, TokenStream, Tokenizer,
};

use crate::flat_map::FlatMap;

/// The name the analyzer is registered under on the tantivy index.
pub const ANALYZER: &str = "glossa_en";

/// tantivy drops tokens longer than this many bytes when indexing (`MAX_TOKEN_LEN`);
/// statistics computed outside tantivy drop them too.
pub const MAX_TOKEN_BYTES: usize = u16::MAX as usize - 5;

/// The analysis, as tantivy's four steps. Queries and snippets use this.
pub fn text_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// The same analysis for indexing, registered as [`ANALYZER`]: the stemmer's answers are
/// remembered ([`StemMemo`]), since a site has far fewer distinct words than words, and
/// every distinct word met is noted in `seen` (the vocabulary for typo tolerance).
pub fn indexing_analyzer(seen: Option<Seen>, runs: Option<Arc<Runs>>) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(StemMemo {
            memos: seen.map(|Seen(memos)| memos),
            runs,
        })
        .build()
}

/// Most terms in a run.
pub const MAX_RUN_TERMS: usize = 6;

/// Runs of terms (phrases of 2 to [`MAX_RUN_TERMS`] terms) to find while indexing, and
/// the texts they were found in: the indexing analyzers see every text's terms in order,
/// so finding phrases costs one look-up per term rather than a second pass. A run matches
/// consecutive tokens of one text, as a tantivy phrase query matches positions of one
/// field value.
///
/// Two consecutive terms of runs are common (titles are made of a site's common words),
/// and the pairs that end a run are as many as the runs, so the look-up of a pair is kept
/// cheap: a bit per pair hash ([`Runs::maybe`], a small table that stays in cache) rules
/// out nearly every pair that ends no run; a pair that passes reads one slot of a flat
/// table and then its runs, stored side by side.
#[derive(Debug, Default)]
pub struct Runs {
    /// Number of every term of the runs.
    ids: FxHashMap<String, u32>,
    /// Bits, one set for the hash of each pair of terms that ends a run.
    maybe: Vec<u64>,
    /// Last two terms ([`pair`]) → the range of `endings` of the runs that end with them.
    ends: FlatMap<(u32, u32)>,
    /// Runs by their last two terms: the run's number and the range of `before` holding
    /// its terms before those.
    endings: Vec<(u32, u32, u32)>,
    before: Vec<u32>,
    /// (hash of the text, run) for every run found in a text.
    found: Mutex<Vec<(u64, u32)>>,
}

/// Not a term of any run.
const NO_RUN: u32 = u32::MAX;

/// The key of two consecutive terms.
fn pair(prev: u32, term: u32) -> u64 {
    (u64::from(prev) << 32) | u64::from(term)
}

impl Runs {
    /// The runs `keys` (terms joined by spaces, 2 to [`MAX_RUN_TERMS`] of them), numbered
    /// in order.
    pub fn new(keys: &[String]) -> Runs {
        let mut runs = Runs::default();
        let mut by_end: Vec<(u64, u32, Vec<u32>)> = Vec::new();
        for (i, key) in keys.iter().enumerate() {
            let terms: Vec<u32> = key
                .split(' ')
                .map(|t| {
                    let next = runs.ids.len() as u32;
                    *runs.ids.entry(t.to_string()).or_insert(next)
                })
                .collect();
            if terms.len() < 2 || terms.len() > MAX_RUN_TERMS {
                continue;
            }
            let n = terms.len();
            by_end.push((
                pair(terms[n - 2], terms[n - 1]),
                i as u32,
                terms[..n - 2].to_vec(),
            ));
        }
        // Grouped by pair, in the order the runs were given.
        by_end.sort_by_key(|&(key, run, _)| (key, run));
        runs.maybe = vec![0; (by_end.len() * 8).next_power_of_two().max(1 << 12) / 64];
        runs.ends = FlatMap::with_capacity(by_end.len());
        for (key, run, before) in by_end {
            let bit = runs.bit(key);
            runs.maybe[bit / 64] |= 1 << (bit % 64);
            let at = runs.endings.len() as u32;
            let range = runs.ends.entry(key);
            if range.1 == 0 {
                *range = (at, at);
            }
            range.1 = at + 1;
            let start = runs.before.len() as u32;
            runs.before.extend(&before);
            runs.endings.push((run, start, before.len() as u32));
        }
        runs
    }

    /// The bit of `maybe` for a pair's key.
    fn bit(&self, key: u64) -> usize {
        (key.wrapping_mul(0xff51_afd7_ed55_8ccd) >> 40) as usize & (self.maybe.len() * 64 - 1)
    }

    /// The runs that end with the last two terms of `window`, when the terms before them
    /// are there too; pushed onto `found`.
    fn find(&self, window: &[u32; MAX_RUN_TERMS], found: &mut Vec<u32>) {
        let (prev, term) = (window[MAX_RUN_TERMS - 2], window[MAX_RUN_TERMS - 1]);
        if prev == NO_RUN || term == NO_RUN {
            return;
        }
        let key = pair(prev, term);
        let bit = self.bit(key);
        if self.maybe[bit / 64] & (1 << (bit % 64)) == 0 {
            return;
        }
        let Some((from, to)) = self.ends.get(key) else {
            return;
        };
        for &(run, start, len) in &self.endings[from as usize..to as usize] {
            let before = &self.before[start as usize..(start + len) as usize];
            if window[MAX_RUN_TERMS - 2 - before.len()..MAX_RUN_TERMS - 2] == *before {
                found.push(run);
            }
        }
    }

    /// (hash of the text, run) for every run found, in no order.
    pub fn take_found(&self) -> Vec<(u64, u32)> {
        self.found
            .lock()
            .map(|mut f| std::mem::take(&mut *f))
            .unwrap_or_default()
    }
}

/// The hash [`Runs`] names a text by, and [`Stems`] a word by.
pub fn text_hash(text: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    text.hash(&mut h);
    h.finish()
}

/// The distinct words (lower-cased, folded) the indexing analyzers met, with their stems:
/// the memories of one indexing analyzer, one per thread (see [`StemMemo`]), each noting the
/// words it stems.
#[derive(Clone, Default)]
pub struct Seen(Memos);

impl Seen {
    /// Every word met, with its stem, in byte order.
    pub fn take(&self) -> Vec<(String, String)> {
        let mut words: Vec<(String, String)> = Vec::new();
        for memo in self.0.all() {
            let mut stems = memo.lock().unwrap_or_else(PoisonError::into_inner);
            words.extend(
                std::mem::take(&mut stems.noted)
                    .into_iter()
                    .map(|(w, s)| (w.into_string(), s.into_string())),
            );
        }
        words.sort_unstable();
        words.dedup_by(|a, b| a.0 == b.0);
        words
    }
}

/// One memory of stems per thread ([`Stems`]), shared by every copy of one indexing
/// analyzer: tantivy copies an analyzer for each field of each segment it writes, and the
/// copies on one thread share its memory, so a word is stemmed once per thread rather
/// than once per field and segment.
#[derive(Clone, Default)]
struct Memos(Arc<Mutex<Vec<(ThreadId, Memo)>>>);

/// The memory of one thread.
type Memo = Arc<Mutex<Stems>>;

impl Memos {
    /// The memory of the calling thread.
    fn of_this_thread(&self) -> Memo {
        let id = std::thread::current().id();
        let mut all = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, memo)) = all.iter().find(|(t, _)| *t == id) {
            return memo.clone();
        }
        let memo = Arc::new(Mutex::new(Stems::default()));
        all.push((id, memo.clone()));
        memo
    }

    fn all(&self) -> Vec<Memo> {
        let all = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        all.iter().map(|(_, memo)| memo.clone()).collect()
    }
}

/// The analysis without its last step: lower-cased, ASCII-folded words.
pub fn word_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// tantivy's English stemmer applied to single words, remembering its answers.
///
/// A site's rare words outgrow the processor's caches, so a look-up of one is a trip to
/// main memory, and every trip counts: each word is remembered in one 32-byte slot of an
/// open-addressing table ([`Slot`]) that holds the word and its stem (as the part of the
/// word it keeps and up to three bytes it adds, which fits nearly every English stem), so
/// a look-up reads one slot and nothing else. Longer words and odd stems go to a second,
/// ordinary table.
#[derive(Clone)]
pub struct Stems {
    stemmer: TextAnalyzer,
    /// Slots, a power of two of them (or none yet); at most half are used.
    slots: Vec<Slot>,
    /// Slots in use.
    used: usize,
    /// Words that do not fit a slot → stem and number among the terms of runs.
    others: FxHashMap<CompactString, (CompactString, u32)>,
    /// Words met for the first time and their stems, when asked to note them.
    noted: Vec<(CompactString, CompactString)>,
    /// The last stem asked for.
    stem: String,
}

/// A word, its stem and the stem's number among the terms of runs, in one half of a
/// cache line.
#[derive(Clone, Copy, Default)]
#[repr(C, align(32))]
struct Slot {
    /// The high half of the word's hash, with the lowest bit set; 0 when the slot is free.
    tag: u32,
    /// The stem's number among the terms of runs, or [`NO_RUN`].
    run_term: u32,
    len: u8,
    /// The stem is `word[..keep]` followed by `add[..added]`.
    keep: u8,
    added: u8,
    add: [u8; 3],
    word: [u8; SLOT_WORD],
}

/// The longest word a slot holds.
const SLOT_WORD: usize = 18;

impl Slot {
    fn word(&self) -> &[u8] {
        &self.word[..usize::from(self.len)]
    }

    /// The stem's bytes past what it keeps of the word.
    fn added(&self) -> &[u8] {
        &self.add[..usize::from(self.added)]
    }

    /// A slot for `word` and `stem`, when they fit one.
    fn new(tag: u32, word: &str, stem: &str, run_term: u32) -> Option<Slot> {
        let mut keep = word
            .bytes()
            .zip(stem.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        // On a character boundary, so that both parts are text.
        while !word.is_char_boundary(keep) {
            keep -= 1;
        }
        let add = &stem.as_bytes()[keep..];
        if word.len() > SLOT_WORD || add.len() > 3 {
            return None;
        }
        let mut slot = Slot {
            tag,
            run_term,
            len: word.len() as u8,
            keep: keep as u8,
            added: add.len() as u8,
            ..Slot::default()
        };
        slot.word[..word.len()].copy_from_slice(word.as_bytes());
        slot.add[..add.len()].copy_from_slice(add);
        Some(slot)
    }
}

impl Default for Stems {
    fn default() -> Self {
        Stems {
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::English))
                .build(),
            slots: Vec::new(),
            used: 0,
            others: FxHashMap::default(),
            noted: Vec::new(),
            stem: String::new(),
        }
    }
}

/// Where a word is remembered.
enum Place {
    Slot(usize),
    Other,
}

impl Stems {
    /// Words remembered at most; past that the memory starts over.
    const LIMIT: usize = 1 << 20;

    /// The stem of one word (as [`word_analyzer`] gives it).
    pub fn stem(&mut self, word: &str) -> &str {
        self.stem_noting(word, false, None);
        &self.stem
    }

    /// `f` of the stem of one word (as [`word_analyzer`] gives it): one look-up for a word
    /// met before.
    pub fn with_stem<R>(&mut self, word: &str, f: impl FnOnce(&str) -> R) -> R {
        self.stem_noting(word, false, None);
        f(&self.stem)
    }

    /// Puts the stem of one word into `token` (which holds the word) and gives the stem's
    /// number among the terms of `runs`; a word met for the first time is noted when
    /// `note` is set.
    fn stem_token(&mut self, token: &mut String, note: bool, runs: Option<&Runs>) -> u32 {
        match self.place(token, note, runs) {
            Place::Slot(i) => {
                let slot = &self.slots[i];
                token.truncate(usize::from(slot.keep));
                token.push_str(std::str::from_utf8(slot.added()).unwrap_or_default());
                slot.run_term
            }
            Place::Other => {
                let (stem, run_term) = &self.others[token.as_str()];
                let run_term = *run_term;
                token.clear();
                token.push_str(stem);
                run_term
            }
        }
    }

    /// The stem of one word into `self.stem` and its number among the terms of `runs`.
    fn stem_noting(&mut self, word: &str, note: bool, runs: Option<&Runs>) -> u32 {
        let mut stem = std::mem::take(&mut self.stem);
        stem.clear();
        stem.push_str(word);
        let run_term = self.stem_token(&mut stem, note, runs);
        self.stem = stem;
        run_term
    }

    /// Where `word` is remembered, after stemming and remembering it if it was not.
    fn place(&mut self, word: &str, note: bool, runs: Option<&Runs>) -> Place {
        if word.len() <= SLOT_WORD {
            let hash = text_hash(word);
            let tag = (hash >> 32) as u32 | 1;
            if !self.slots.is_empty() {
                let mask = self.slots.len() - 1;
                let mut i = hash as usize & mask;
                loop {
                    let slot = &self.slots[i];
                    if slot.tag == 0 {
                        break;
                    }
                    if slot.tag == tag && slot.word() == word.as_bytes() {
                        return Place::Slot(i);
                    }
                    i = (i + 1) & mask;
                }
            }
            let (stem, run_term) = self.stem_new(word, note, runs);
            return match Slot::new(tag, word, &stem, run_term) {
                Some(slot) => Place::Slot(self.insert(hash, slot)),
                None => self.insert_other(word, stem, run_term),
            };
        }
        if self.others.contains_key(word) {
            return Place::Other;
        }
        let (stem, run_term) = self.stem_new(word, note, runs);
        self.insert_other(word, stem, run_term)
    }

    /// Remembers a word that does not fit a slot.
    fn insert_other(&mut self, word: &str, stem: CompactString, run_term: u32) -> Place {
        if self.others.len() >= Self::LIMIT {
            self.others.clear();
        }
        self.others.insert(word.into(), (stem, run_term));
        Place::Other
    }

    /// Stems a word met for the first time (noting it when asked).
    fn stem_new(&mut self, word: &str, note: bool, runs: Option<&Runs>) -> (CompactString, u32) {
        let mut stream = self.stemmer.token_stream(word);
        let stem = if stream.advance() {
            CompactString::from(stream.token().text.as_str())
        } else {
            CompactString::default()
        };
        if note {
            self.noted.push((word.into(), stem.clone()));
        }
        let run_term = runs
            .and_then(|r| r.ids.get(stem.as_str()).copied())
            .unwrap_or(NO_RUN);
        (stem, run_term)
    }

    /// Puts a new `slot` (for a word hashing to `hash`) in the table, growing it (or,
    /// past [`Stems::LIMIT`] words, starting over) as needed; where it went.
    fn insert(&mut self, hash: u64, slot: Slot) -> usize {
        if (self.used + 1) * 2 > self.slots.len() {
            if self.used >= Self::LIMIT {
                self.slots.iter_mut().for_each(|s| *s = Slot::default());
                self.used = 0;
            } else {
                let size = (self.slots.len() * 2).max(1 << 12);
                let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
                for s in old.into_iter().filter(|s| s.tag != 0) {
                    let h = text_hash(std::str::from_utf8(s.word()).unwrap_or_default());
                    self.put(h, s);
                }
            }
        }
        self.used += 1;
        self.put(hash, slot)
    }

    fn put(&mut self, hash: u64, slot: Slot) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        while self.slots[i].tag != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = slot;
        i
    }
}

/// A token filter equal to tantivy's `Stemmer(Language::English)`, through [`Stems`];
/// optionally noting the words it meets (then with one memory per thread, see [`Memos`])
/// and the [`Runs`] it finds. Without noting, each copy has a memory of its own, gone with
/// the copy: a query's analyzer remembers nothing past the query.
#[derive(Clone)]
pub struct StemMemo {
    memos: Option<Memos>,
    runs: Option<Arc<Runs>>,
}

impl TokenFilter for StemMemo {
    type Tokenizer<T: Tokenizer> = StemMemoFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StemMemoFilter<T> {
        StemMemoFilter {
            inner: tokenizer,
            memos: self.memos,
            memo: None,
            runs: self.runs,
        }
    }
}

#[derive(Clone)]
pub struct StemMemoFilter<T> {
    inner: T,
    /// The memories shared by the copies, when noting words.
    memos: Option<Memos>,
    /// The memory of this copy: of the thread it first ran on when noting, else its own.
    memo: Option<Memo>,
    runs: Option<Arc<Runs>>,
}

impl<T: Tokenizer> Tokenizer for StemMemoFilter<T> {
    type TokenStream<'a> = StemMemoStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        let memos = &self.memos;
        let memo = self.memo.get_or_insert_with(|| match memos {
            Some(memos) => memos.of_this_thread(),
            None => Memo::default(),
        });
        StemMemoStream {
            tail: self.inner.token_stream(text),
            stems: memo.lock().unwrap_or_else(PoisonError::into_inner),
            note: memos.is_some(),
            runs: self.runs.as_deref(),
            text,
            window: [NO_RUN; MAX_RUN_TERMS],
            found: Vec::new(),
            done: false,
        }
    }
}

pub struct StemMemoStream<'a, S> {
    tail: S,
    stems: MutexGuard<'a, Stems>,
    note: bool,
    runs: Option<&'a Runs>,
    text: &'a str,
    /// Run numbers of the last terms, the latest last.
    window: [u32; MAX_RUN_TERMS],
    /// Runs found in this text.
    found: Vec<u32>,
    done: bool,
}

impl<S: TokenStream> TokenStream for StemMemoStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            if let (Some(runs), false) = (self.runs, self.done) {
                self.done = true;
                if !self.found.is_empty() {
                    let hash = text_hash(self.text);
                    if let Ok(mut all) = runs.found.lock() {
                        all.extend(self.found.iter().map(|&r| (hash, r)));
                    }
                }
            }
            return false;
        }
        let token = self.tail.token_mut();
        let id = self.stems.stem_token(&mut token.text, self.note, self.runs);
        if let Some(runs) = self.runs {
            let w = &mut self.window;
            w.copy_within(1.., 0);
            w[MAX_RUN_TERMS - 1] = id;
            runs.find(w, &mut self.found);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// A word of a text and where it was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Lower-cased and ASCII-folded.
    pub text: String,
    /// Byte range in the analysed text.
    pub start: usize,
    pub end: usize,
}

/// The analysis in two steps: words, then their stems.
#[derive(Clone)]
pub struct Analyzer {
    words: TextAnalyzer,
    pub stems: Stems,
}

impl Default for Analyzer {
    fn default() -> Self {
        Self::new()
    }
}

impl Analyzer {
    pub fn new() -> Self {
        Analyzer {
            words: word_analyzer(),
            stems: Stems::default(),
        }
    }

    /// Calls `f` with each word of `text`, in order, and the stems.
    pub fn each_word(&mut self, text: &str, mut f: impl FnMut(&Token, &mut Stems)) {
        let mut stream = self.words.token_stream(text);
        while stream.advance() {
            f(stream.token(), &mut self.stems);
        }
    }

    /// The words of `text`.
    pub fn words(&mut self, text: &str) -> Vec<Word> {
        let mut out = Vec::new();
        self.each_word(text, |t, _| {
            out.push(Word {
                text: t.text.clone(),
                start: t.offset_from,
                end: t.offset_to,
            })
        });
        out
    }

    /// The stem of one word (as [`Analyzer::words`] gives it).
    pub fn stem(&mut self, word: &str) -> &str {
        self.stems.stem(word)
    }

    /// The terms of `text`: its words' stems, as the index holds them.
    pub fn terms(&mut self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.each_word(text, |t, stems| {
            let stem = stems.stem(&t.text);
            if stem.len() <= MAX_TOKEN_BYTES {
                out.push(stem.to_string());
            }
        });
        out
    }
}

/// Runs a tantivy analyzer over `text`.
pub fn run(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_then_stems_equal_the_full_analysis() {
        let text = "Liquidations cascade: Ärger über Crème-brûlée, ﬁnancial MARGINS, \
                    2.5x leverage; the oracle's prices were repriced";
        let mut a = Analyzer::new();
        let reference = run(&mut text_analyzer(), text);
        assert_eq!(a.terms(text), reference);
        let seen = Seen::default();
        let mut indexing = indexing_analyzer(Some(seen.clone()), None);
        assert_eq!(run(&mut indexing, text), reference);
        assert_eq!(run(&mut indexing, text), reference, "remembered stems");
        let words = seen.take();
        assert!(words.is_sorted(), "{words:?}");
        assert!(words.contains(&("liquidations".into(), "liquid".into())));
        assert_eq!(
            words.len(),
            a.words(text)
                .iter()
                .map(|w| &w.text)
                .collect::<std::collections::HashSet<_>>()
                .len()
        );
        assert_eq!(
            run(&mut text_analyzer(), "Liquidations cascading margins"),
            ["liquid", "cascad", "margin"]
        );
    }

    #[test]
    fn copies_share_one_memory_per_thread_and_note_each_word_once() {
        let seen = Seen::default();
        let analyzer = indexing_analyzer(Some(seen.clone()), None);
        std::thread::scope(|s| {
            for _ in 0..2 {
                s.spawn(|| {
                    // As tantivy does: a copy per field and per segment.
                    let (mut a, mut b) = (analyzer.clone(), analyzer.clone());
                    assert_eq!(run(&mut a, "Margin margins"), ["margin", "margin"]);
                    assert_eq!(run(&mut b, "margins, oracle"), ["margin", "oracl"]);
                });
            }
        });
        assert_eq!(seen.0.all().len(), 2, "one memory per thread");
        let words = seen.take();
        let expected = [
            ("margin", "margin"),
            ("margins", "margin"),
            ("oracle", "oracl"),
        ];
        assert_eq!(words, expected.map(|(w, s)| (w.to_string(), s.to_string())));
    }

    /// What tantivy's own stemmer makes of one word.
    fn reference_stem(word: &str) -> String {
        let mut stemmer = TextAnalyzer::builder(RawTokenizer::default())
            .filter(Stemmer::new(Language::English))
            .build();
        run(&mut stemmer, word).concat()
    }

    #[test]
    fn remembers_every_kind_of_word_and_grows() {
        let odd = [
            "generalizations",       // a long stem kept from the word
            "dying",                 // a stem that adds to what it keeps
            "internationalizations", // longer than a slot's word
            "ἀρχαία",                // not ASCII, nor foldable
            "ωmega",
            "a",
        ];
        // Enough words to grow the table several times.
        let many: Vec<String> = (0..20_000).map(|i| format!("w{i}ing")).collect();
        let mut stems = Stems::default();
        for _ in 0..2 {
            for w in odd.iter().copied().chain(many.iter().map(String::as_str)) {
                assert_eq!(stems.stem(w), reference_stem(w), "{w}");
            }
        }
        assert_eq!(stems.used + stems.others.len(), odd.len() + many.len());
        assert!(stems.others.contains_key("internationalizations"));
    }

    proptest::proptest! {
        #[test]
        fn remembered_stems_are_the_stemmer_s(words in proptest::collection::vec(
            "[a-zéßøάω]{1,24}", 1..50,
        )) {
            let mut stems = Stems::default();
            for w in words.iter().chain(&words) {
                proptest::prop_assert_eq!(stems.stem(w), reference_stem(w));
            }
        }
    }

    proptest::proptest! {
        /// `Runs::find` against the plain check: a run is found when the window's last
        /// terms are its terms. Few distinct terms, so runs share endings and prefixes.
        #[test]
        fn runs_found_are_the_runs_the_window_ends_with(
            runs in proptest::collection::hash_set(
                proptest::collection::vec(0u32..5, 2..=MAX_RUN_TERMS), 1..60,
            ),
            texts in proptest::collection::vec(proptest::collection::vec(0u32..6, 0..40), 1..8),
        ) {
            let keys: Vec<String> = runs
                .iter()
                .map(|r| r.iter().map(|t| format!("t{t}")).collect::<Vec<_>>().join(" "))
                .collect();
            let index = Runs::new(&keys);
            // Term 5 is in no run: the window keeps NO_RUN for it.
            let id = |t: u32| index.ids.get(&format!("t{t}")).copied().unwrap_or(NO_RUN);
            for text in &texts {
                let mut window = [NO_RUN; MAX_RUN_TERMS];
                for (i, &t) in text.iter().enumerate() {
                    window.copy_within(1.., 0);
                    window[MAX_RUN_TERMS - 1] = id(t);
                    let mut found = Vec::new();
                    index.find(&window, &mut found);
                    found.sort_unstable();
                    let expected: Vec<u32> = keys
                        .iter()
                        .zip(&runs)
                        .enumerate()
                        .filter(|(_, (_, r))| text[..=i].ends_with(r))
                        .map(|(n, _)| n as u32)
                        .collect();
                    proptest::prop_assert_eq!(found, expected);
                }
            }
        }
    }

    #[test]
    fn words_are_lower_cased_and_folded() {
        let mut a = Analyzer::new();
        let words: Vec<String> = a
            .words("Crème Brûlée, ÆON!")
            .into_iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(words, ["creme", "brulee", "aeon"]);
        let w = &a.words("  Crème")[0];
        assert_eq!((w.start, w.end), (2, 8));
    }
}
