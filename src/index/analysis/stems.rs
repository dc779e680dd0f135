//! The stemmer's answers remembered: tantivy's English stemmer applied to single words,
//! each word stemmed once (a site has far fewer distinct words than words). Stemming a
//! word also gives its stem's number among the terms of the [`Runs`], and notes the words
//! met for the first time when the vocabulary is wanted.

use compact_str::CompactString;
use rustc_hash::FxHashMap;
use tantivy::tokenizer::{Language, RawTokenizer, Stemmer, TextAnalyzer, TokenStream};

use super::runs::{RunTerm, Runs};
use crate::flat_map::{hash, FlatMap};

/// tantivy's English stemmer applied to single words, remembering its answers.
///
/// A site's rare words outgrow the processor's caches, so a look-up of one is a trip to
/// main memory, and every trip counts: each word is remembered in one 32-byte slot of a
/// [`FlatMap`] keyed by the word's [`hash`], whose value ([`Slot`]) holds the word and its
/// stem (as the part of the word it keeps and up to three bytes it adds, which fits nearly
/// every English stem), so a look-up reads one slot and nothing else. Longer words, odd
/// stems and (never seen yet) a word whose hash another has go to a second, ordinary
/// table.
#[derive(Clone)]
pub struct Stems {
    stemmer: TextAnalyzer,
    /// Word hash → its slot.
    slots: FlatMap<Slot>,
    /// Words that do not fit a slot → stem and number among the terms of runs.
    others: FxHashMap<CompactString, (CompactString, RunTerm)>,
    /// Words met for the first time and their stems, when asked to note them.
    pub(super) noted: Vec<(CompactString, CompactString)>,
    /// The last stem asked for.
    stem: String,
}

/// A word, its stem and the stem's number among the terms of runs: with its key, 32 bytes.
#[derive(Clone, Copy, Default)]
struct Slot {
    /// The stem's number among the terms of runs, or [`RunTerm::NONE`].
    run_term: RunTerm,
    len: u8,
    /// The stem is `word[..keep]` followed by `add[..added]`.
    keep: u8,
    added: u8,
    add: [u8; 3],
    word: [u8; SLOT_WORD],
}

/// The longest word a slot holds.
const SLOT_WORD: usize = 14;

impl Slot {
    fn word(&self) -> &[u8] {
        &self.word[..usize::from(self.len)]
    }

    /// The stem's bytes past what it keeps of the word.
    fn added(&self) -> &[u8] {
        &self.add[..usize::from(self.added)]
    }

    /// A slot for `word` and `stem`, when they fit one.
    fn new(word: &str, stem: &str, run_term: RunTerm) -> Option<Slot> {
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
            slots: FlatMap::default(),
            others: FxHashMap::default(),
            noted: Vec::new(),
            stem: String::new(),
        }
    }
}

/// Where a word is remembered.
enum Place {
    Slot(Slot),
    Other,
}

impl Stems {
    /// Words remembered at most; past that the memory starts over.
    const LIMIT: usize = 1 << 20;

    /// The stem of one word (as [`word_analyzer`](super::word_analyzer) gives it).
    pub fn stem(&mut self, word: &str) -> &str {
        self.stem_noting(word, false, None);
        &self.stem
    }

    /// `f` of the stem of one word (as [`word_analyzer`](super::word_analyzer) gives it):
    /// one look-up for a word met before.
    pub fn with_stem<R>(&mut self, word: &str, f: impl FnOnce(&str) -> R) -> R {
        self.stem_noting(word, false, None);
        f(&self.stem)
    }

    /// Puts the stem of one word into `token` (which holds the word) and gives the stem's
    /// number among the terms of `runs`; a word met for the first time is noted when
    /// `note` is set.
    pub(super) fn stem_token(
        &mut self,
        token: &mut String,
        note: bool,
        runs: Option<&Runs>,
    ) -> RunTerm {
        match self.place(token, note, runs) {
            Place::Slot(slot) => {
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
    fn stem_noting(&mut self, word: &str, note: bool, runs: Option<&Runs>) -> RunTerm {
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
            let key = hash(word.as_bytes());
            match self.slots.get(key) {
                Some(slot) if slot.word() == word.as_bytes() => return Place::Slot(slot),
                Some(_) => {} // another word with this hash: an ordinary one
                None => {
                    let (stem, run_term) = self.stem_new(word, note, runs);
                    let Some(slot) = Slot::new(word, &stem, run_term) else {
                        return self.insert_other(word, stem, run_term);
                    };
                    if self.slots.len() >= Self::LIMIT {
                        self.slots.clear();
                    }
                    self.slots.insert(key, slot);
                    return Place::Slot(slot);
                }
            }
        }
        if self.others.contains_key(word) {
            return Place::Other;
        }
        let (stem, run_term) = self.stem_new(word, note, runs);
        self.insert_other(word, stem, run_term)
    }

    /// Remembers a word that does not fit a slot.
    fn insert_other(&mut self, word: &str, stem: CompactString, run_term: RunTerm) -> Place {
        if self.others.len() >= Self::LIMIT {
            self.others.clear();
        }
        self.others.insert(word.into(), (stem, run_term));
        Place::Other
    }

    /// Stems a word met for the first time (noting it when asked).
    fn stem_new(
        &mut self,
        word: &str,
        note: bool,
        runs: Option<&Runs>,
    ) -> (CompactString, RunTerm) {
        let mut stream = self.stemmer.token_stream(word);
        let stem = if stream.advance() {
            CompactString::from(stream.token().text.as_str())
        } else {
            CompactString::default()
        };
        if note {
            self.noted.push((word.into(), stem.clone()));
        }
        let run_term = runs.map_or(RunTerm::NONE, |r| r.term(&stem));
        (stem, run_term)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What tantivy's own stemmer makes of one word.
    pub(crate) fn reference_stem(word: &str) -> String {
        let mut stemmer = TextAnalyzer::builder(RawTokenizer::default())
            .filter(Stemmer::new(Language::English))
            .build();
        super::super::run(&mut stemmer, word).concat()
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
        assert_eq!(
            stems.slots.len() + stems.others.len(),
            odd.len() + many.len()
        );
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
}
