//! Finding a site's titles and aliases in lower-cased text, word by word.
//!
//! Automatic links only ever start and end on word boundaries, so a name can only start
//! where a word starts. [`Matcher`] therefore hashes the words of a text and looks each
//! one up among the first words of the names: one probe of a small table per word, where
//! an automaton over every byte of every name takes a step per byte through a structure
//! that grows with the site (at 100,000 entries, far past the processor's caches). A word
//! that starts a name is followed word by word (each longer prefix is one more look-up)
//! for as long as some name goes on.
//!
//! It finds exactly what an overlapping Aho-Corasick search over the same names finds,
//! kept to matches whose both ends are on word boundaries (a property test compares the
//! two). Names that do not start with a word character (`.eth`, `$GAS`) cannot be found
//! from word starts; they, and a name whose hash would collide with another's, are
//! searched with such an automaton, built from those names only (none, in most sites).

use aho_corasick::{AhoCorasick, MatchKind};
use rustc_hash::FxHashMap;

use crate::flat_map::{hash, BitSet, FlatMap};

/// Characters that make up words for matching: a mention may not have one on either side.
/// Hyphens count, so `margin` is never found inside `cross-margin`.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// Every name, findable by its words.
#[derive(Clone, Debug, Default)]
pub struct Matcher {
    /// The names, lower-cased; a match reports its index here.
    names: Vec<String>,
    /// Prefixes of names that end where a word ends, by hash: first words here (a small
    /// table, probed once per word of text) …
    firsts: FlatMap<Node>,
    /// … and longer prefixes here (probed only while a name goes on).
    longer: FlatMap<Node>,
    /// The hashes of [`Matcher::firsts`] and of [`Matcher::longer`], as bits: asked before
    /// the tables, so a word that starts no name (most rare words) or does not go on with
    /// one is turned away by a table that stays in cache, not a slot in main memory.
    first_bits: BitSet,
    longer_bits: BitSet,
    /// The names that are a prefix followed by characters that are not word characters
    /// only (`c++`), by the prefix's hash.
    tails: FxHashMap<u64, Vec<u32>>,
    /// The names the words cannot find, and the index of each in `names`.
    fallback: Option<(AhoCorasick, Vec<u32>)>,
}

/// What is known of one prefix of names.
#[derive(Clone, Copy, Debug)]
struct Node {
    /// A name that has the prefix (to tell a hash collision at build time), or [`NONE`]
    /// in a node not filled yet.
    witness: u32,
    /// The name that is exactly the prefix, or [`NONE`].
    name: u32,
    /// Whether a longer name goes on past the prefix with another word.
    more: bool,
    /// Whether some names are the prefix and a tail (see [`Matcher::tails`]).
    tails: bool,
}

const NONE: u32 = u32::MAX;

impl Default for Node {
    fn default() -> Self {
        Node {
            witness: NONE,
            name: NONE,
            more: false,
            tails: false,
        }
    }
}

/// A [`BitSet`] of the hashes of `table`, `per_key` places per key.
fn bits_of(table: &FlatMap<Node>, per_key: usize) -> BitSet {
    let mut bits = BitSet::with_places(table.len() * per_key);
    for (h, _) in table.iter() {
        bits.insert(h);
    }
    bits
}

/// The end of the run of word characters starting at `i`.
fn word_end(text: &str, mut i: usize) -> usize {
    let b = text.as_bytes();
    while i < b.len() {
        if b[i] < 0x80 {
            if !(b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'-') {
                break;
            }
            i += 1;
        } else {
            match text[i..].chars().next() {
                Some(c) if is_word_char(c) => i += c.len_utf8(),
                _ => break,
            }
        }
    }
    i
}

/// The start of the next word at or after `i` (the text's length when none).
fn word_start(text: &str, mut i: usize) -> usize {
    let b = text.as_bytes();
    while i < b.len() {
        if b[i] < 0x80 {
            if b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'-' {
                break;
            }
            i += 1;
        } else {
            match text[i..].chars().next() {
                Some(c) if is_word_char(c) => break,
                Some(c) => i += c.len_utf8(),
                None => break,
            }
        }
    }
    i
}

/// Whether `start..end` of `text` has no word character on either side.
pub fn on_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
}

impl Matcher {
    /// A matcher of `names` (lower-cased, distinct, not empty).
    pub fn new(names: Vec<String>) -> Matcher {
        let mut m = Matcher {
            names,
            ..Matcher::default()
        };
        let mut fallback = Vec::new();
        for id in 0..m.names.len() {
            if !m.add(id as u32) {
                fallback.push(id as u32);
            }
        }
        if !fallback.is_empty() {
            // Building only fails past internal size limits far beyond any glossary;
            // then these few names are simply never found.
            let automaton = AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(fallback.iter().map(|&id| &m.names[id as usize]))
                .ok();
            m.fallback = automaton.map(|a| (a, fallback));
        }
        m.first_bits = bits_of(&m.firsts, 32);
        m.longer_bits = bits_of(&m.longer, 16);
        m
    }

    /// Adds name `id` to the word tables; false when it must go to the automaton (it does
    /// not start with a word character, or a prefix's hash collides with another's).
    fn add(&mut self, id: u32) -> bool {
        let name = self.names[id as usize].clone();
        if name.is_empty() {
            return true;
        }
        if word_start(&name, 0) != 0 {
            return false;
        }
        // Checked first, so that a name going to the automaton leaves the tables as they were.
        let mut prefixes = Vec::new();
        let mut at = 0;
        loop {
            let end = word_end(&name, at);
            let next = word_start(&name, end);
            prefixes.push((hash(&name.as_bytes()[..end]), end, next));
            if next >= name.len() {
                break;
            }
            at = next;
        }
        for (i, &(h, end, _)) in prefixes.iter().enumerate() {
            let table = if i == 0 { &self.firsts } else { &self.longer };
            if let Some(node) = table.get(h) {
                let witness = &self.names[node.witness as usize];
                if witness.get(..end) != Some(&name[..end]) {
                    return false;
                }
            }
        }
        let last = prefixes.len() - 1;
        for (i, &(h, end, next)) in prefixes.iter().enumerate() {
            let table = if i == 0 {
                &mut self.firsts
            } else {
                &mut self.longer
            };
            let node = table.entry(h);
            if node.witness == NONE {
                node.witness = id;
            }
            if i < last {
                node.more = true;
            } else if end == name.len() {
                node.name = id;
            } else {
                // Only characters that are not word characters follow the last word.
                debug_assert_eq!(next, name.len());
                node.tails = true;
                self.tails.entry(h).or_default().push(id);
            }
        }
        true
    }

    /// Every occurrence of every name in `text` (lower-cased as the names were) whose both
    /// ends are on word boundaries, as (start, end, name), pushed onto `out` in no order.
    pub fn find(&self, text: &str, out: &mut Vec<(usize, usize, u32)>) {
        let bytes = text.as_bytes();
        if !self.firsts.is_empty() {
            let mut start = word_start(text, 0);
            while start < text.len() {
                let end = word_end(text, start);
                let h = hash(&bytes[start..end]);
                if !self.first_bits.may_hold(h) {
                    start = word_start(text, end);
                    continue;
                }
                if let Some(node) = self.firsts.get(h) {
                    self.follow(text, start, end, h, node, out);
                }
                start = word_start(text, end);
            }
        }
        if let Some((automaton, ids)) = &self.fallback {
            for m in automaton.find_overlapping_iter(text) {
                if on_boundaries(text, m.start(), m.end()) {
                    out.push((m.start(), m.end(), ids[m.pattern().as_usize()]));
                }
            }
        }
    }

    /// From the prefix `start..end` (hash `h`, `node`), the names it is or begins (each
    /// longer prefix hashed whole).
    fn follow(
        &self,
        text: &str,
        start: usize,
        mut end: usize,
        mut h: u64,
        mut node: Node,
        out: &mut Vec<(usize, usize, u32)>,
    ) {
        let bytes = text.as_bytes();
        loop {
            if node.name != NONE && self.names[node.name as usize].as_bytes() == &bytes[start..end]
            {
                out.push((start, end, node.name));
            }
            if node.tails {
                for &id in self.tails.get(&h).into_iter().flatten() {
                    let name = &self.names[id as usize];
                    let stop = start + name.len();
                    if bytes[start..].starts_with(name.as_bytes())
                        && text.is_char_boundary(stop)
                        && on_boundaries(text, start, stop)
                    {
                        out.push((start, stop, id));
                    }
                }
            }
            if !node.more {
                return;
            }
            let next = word_start(text, end);
            if next >= text.len() {
                return;
            }
            let next_end = word_end(text, next);
            h = hash(&bytes[start..next_end]);
            if !self.longer_bits.may_hold(h) {
                return;
            }
            match self.longer.get(h) {
                Some(n) => (node, end) = (n, next_end),
                None => return,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What an overlapping Aho-Corasick search over the names finds on word boundaries.
    fn reference(names: &[String], text: &str) -> Vec<(usize, usize, u32)> {
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(names)
            .unwrap();
        let mut found: Vec<(usize, usize, u32)> = automaton
            .find_overlapping_iter(text)
            .filter(|m| on_boundaries(text, m.start(), m.end()))
            .map(|m| (m.start(), m.end(), m.pattern().as_usize() as u32))
            .collect();
        found.sort_unstable();
        found
    }

    fn matched(names: &[String], text: &str) -> Vec<(usize, usize, u32)> {
        let mut found = Vec::new();
        Matcher::new(names.to_vec()).find(text, &mut found);
        found.sort_unstable();
        found
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn finds_names_by_their_words_on_boundaries_only() {
        let n = names(&[
            "margin",
            "maintenance margin",
            "maintenance margin threshold",
            "c++",
            ".eth",
            "mark-to-model",
            "x, y",
        ]);
        let text = "maintenance margin threshold; cross-margin, margining, c++ and c+, \
                    mark-to-model not mark-to-modelling, x, y and x,  y; a .eth name";
        let found = matched(&n, text);
        assert_eq!(found, reference(&n, text));
        let names_found: Vec<&str> = found.iter().map(|m| n[m.2 as usize].as_str()).collect();
        assert_eq!(
            names_found,
            [
                "maintenance margin",
                "maintenance margin threshold",
                "margin",
                "c++",
                "mark-to-model",
                "x, y",
                ".eth"
            ]
        );
    }

    #[test]
    fn a_name_whose_hash_collides_still_is_found() {
        // Forced through the automaton, as a colliding name would be.
        let mut m = Matcher::new(names(&["basis"]));
        m.names.push("spread".into());
        m.fallback = Some((AhoCorasick::new(["spread"]).unwrap(), vec![1]));
        let mut found = Vec::new();
        m.find("basis spread", &mut found);
        found.sort_unstable();
        assert_eq!(found, vec![(0, 5, 0), (6, 12, 1)]);
    }

    proptest::proptest! {
        #[test]
        fn finds_what_an_automaton_finds_on_boundaries(
            pattern_parts in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(vec![
                    "a", "b", "ab", "é", "i̇", "-", "_", " ", "  ", ", ", "+", ".", "1", "ß",
                ]), 1..5),
                1..8,
            ),
            text_parts in proptest::collection::vec(proptest::sample::select(vec![
                "a", "b", "ab", "é", "i̇", "-", "_", " ", "  ", ", ", "+", ".", "1", "ß", "\u{307}",
            ]), 0..40),
        ) {
            let mut n: Vec<String> = pattern_parts.iter().map(|p| p.concat()).collect();
            n.sort();
            n.dedup();
            let text = text_parts.concat();
            proptest::prop_assert_eq!(matched(&n, &text), reference(&n, &text));
        }
    }
}
