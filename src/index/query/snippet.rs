//! Snippets: the best fragment of a result's body (or description) for the query's stems,
//! as tantivy's `SnippetGenerator` chooses it (reproduced with remembered stems), made to
//! read on one line; the description's excerpt when nothing matches.

use std::collections::BTreeMap;
use std::ops::Range;

use tantivy::Score;

use super::plan::Clause;
use crate::index::analysis::{Analyzer, Stems};
use crate::index::documents;

/// The stems a snippet highlights, with their weights (a fragment's score is the sum of
/// its matches' weights).
pub(super) fn snippet_terms(clauses: &[Clause]) -> BTreeMap<String, Score> {
    let mut stems = BTreeMap::new();
    for c in clauses {
        match c {
            Clause::Word(s) => stems.extend(s.iter().map(|w| (w.stem.clone(), w.weight))),
            Clause::Phrase(s) => stems.extend(s.iter().map(|t| (t.clone(), 1.0))),
        }
    }
    stems
}

/// The snippet of a result whose body and description are `body` and `description`, and
/// its highlighted byte ranges: the best fragment of the body for `stems`, else of the
/// description, else the description's excerpt (no highlights).
pub(super) fn snippet(
    body: &str,
    description: &str,
    stems: &BTreeMap<String, Score>,
    length: usize,
    analyzer: &mut Analyzer,
) -> (String, Vec<[usize; 2]>) {
    for source in [body, description] {
        if let Some((range, highlighted)) = best_fragment(source, stems, length, analyzer) {
            return tidy(source, range, &highlighted);
        }
    }
    (documents::excerpt(description, body, length), Vec::new())
}

/// A fragment of a text: its score, byte range and matches (byte ranges in the text).
struct Fragment {
    score: Score,
    start: usize,
    stop: usize,
    highlighted: Vec<Range<usize>>,
}

/// The best fragment of `text` for `stems` (at most `max_bytes` long, cut at word
/// boundaries): its byte range and its matches' byte ranges within it; `None` when no word
/// of `text` has one of the stems. The fragments and the choice are those of tantivy's
/// `SnippetGenerator` (`snippet`, with [`text_analyzer`](crate::index::analysis::text_analyzer)), whose output
/// this reproduces exactly: the text is cut into fragments as its words come, each ending
/// where the next word would pass `max_bytes` from its start; the fragment with the
/// highest sum of weights wins, the first one on ties.
///
/// Words are found as tantivy's `SimpleTokenizer` finds them (runs of alphanumeric
/// characters), but only those that may have one of the stems are analysed: the English
/// stemmer only rewrites the end of a word (a word with a leading apostrophe aside, which
/// the tokenizer never gives), so a word beginning with an ASCII letter or digit has a stem
/// beginning with it lower-cased. Their stems come from `analyzer`, which remembers them.
fn best_fragment(
    text: &str,
    stems: &BTreeMap<String, Score>,
    max_bytes: usize,
    analyzer: &mut Analyzer,
) -> Option<(Range<usize>, Vec<Range<usize>>)> {
    let new = |start| Fragment {
        score: 0.0,
        start,
        stop: start,
        highlighted: Vec::new(),
    };
    // `Iterator::max_by` as tantivy uses it: a later fragment wins unless the best so far
    // compares greater (by score, then the earlier start).
    let better = |best: &Fragment, next: &Fragment| {
        let by_score = best
            .score
            .partial_cmp(&next.score)
            .unwrap_or(std::cmp::Ordering::Equal);
        by_score.then((next.start, next.stop).cmp(&(best.start, best.stop)))
            != std::cmp::Ordering::Greater
    };
    let mut best: Option<Fragment> = None;
    let keep = |fragment: Fragment, best: &mut Option<Fragment>| {
        if fragment.score > 0.0 && best.as_ref().is_none_or(|b| better(b, &fragment)) {
            *best = Some(fragment);
        }
    };
    // The ASCII bytes the stems begin with.
    let mut firsts = [false; 128];
    for stem in stems.keys() {
        if let Some(&b) = stem.as_bytes().first().filter(|b| b.is_ascii()) {
            firsts[b as usize] = true;
        }
    }
    let mut word = String::new();
    let mut fragment = new(0);
    each_word_range(text, |from, to| {
        if to - fragment.start > max_bytes {
            keep(std::mem::replace(&mut fragment, new(from)), &mut best);
        }
        fragment.stop = to;
        let raw = &text[from..to];
        let first = raw.as_bytes()[0];
        if first.is_ascii_alphanumeric() && !firsts[first.to_ascii_lowercase() as usize] {
            return;
        }
        let weight = word_weight(raw, stems, &mut word, analyzer);
        if let Some(weight) = weight {
            fragment.score += weight;
            fragment.highlighted.push(from..to);
        }
    });
    keep(fragment, &mut best);
    let best = best?;
    if best.highlighted.is_empty() {
        return None;
    }
    let highlighted = best
        .highlighted
        .iter()
        .map(|r| r.start - best.start..r.end - best.start)
        .collect();
    Some((best.start..best.stop, highlighted))
}

/// The weight of the stem of `raw` (a word of a text) in `stems`, if it is there: the
/// word as the analysis gives it (lower-cased, folded), then its stem, which tantivy looks
/// up lower-cased (a no-op on lower-case ASCII). `word` is room for the word, reused.
fn word_weight(
    raw: &str,
    stems: &BTreeMap<String, Score>,
    word: &mut String,
    analyzer: &mut Analyzer,
) -> Option<Score> {
    let mut weight = None;
    let mut weigh = |word: &str, memo: &mut Stems| {
        weight = memo.with_stem(word, |stem| {
            if stem
                .bytes()
                .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
            {
                stems.get(stem).copied()
            } else {
                stems.get(&stem.to_lowercase()).copied()
            }
        });
    };
    if raw.is_ascii() {
        word.clear();
        word.push_str(raw);
        word.make_ascii_lowercase();
        weigh(word, &mut analyzer.stems);
    } else {
        analyzer.each_word(raw, |token, memo| weigh(&token.text, memo));
    }
    weight
}

/// Calls `f` with the byte range of every word of `text` as tantivy's `SimpleTokenizer`
/// cuts them: the runs of alphanumeric characters.
fn each_word_range(text: &str, mut f: impl FnMut(usize, usize)) {
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(from)) => {
                f(from, i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        f(from, text.len());
    }
}

/// A snippet for reading on one line: whitespace runs collapsed to one space (after a
/// period when a line ended without one), `…` where the fragment cuts the text; the
/// highlighted byte ranges follow.
fn tidy(
    text: &str,
    range: std::ops::Range<usize>,
    highlighted: &[std::ops::Range<usize>],
) -> (String, Vec<[usize; 2]>) {
    let mut out = String::new();
    let mut map = Vec::with_capacity(range.len() + 1); // fragment offset → output offset
    if !text[..range.start].trim().is_empty() {
        out.push('…');
    }
    let fragment = &text[range.clone()];
    let (mut space, mut line) = (false, false);
    for (i, c) in fragment.char_indices() {
        map.resize(i + 1, out.len());
        if c.is_whitespace() {
            space = true;
            line |= c == '\n';
            continue;
        }
        if space && !out.is_empty() && !out.ends_with('…') {
            // A heading or a table row ends where a line does: end it like a sentence.
            if line && out.ends_with(char::is_alphanumeric) {
                out.push('.');
            }
            out.push(' ');
        }
        (space, line) = (false, false);
        map[i] = out.len();
        out.push(c);
    }
    map.resize(fragment.len() + 1, out.len());
    let highlights = highlighted
        .iter()
        .map(|r| [map[r.start], map[r.end]])
        .collect();
    if !text[range.end..].trim().is_empty() {
        out.push('…');
    }
    (out, highlights)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_read_on_one_line() {
        let text = "Intro.\n\nThe  haircut\tapplies\n\nMore.";
        let start = text.find("The").unwrap();
        let end = text.find("\n\nMore").unwrap();
        let at = text.find("haircut").unwrap();
        let word = std::ops::Range {
            start: at - start,
            end: at - start + 7,
        };
        let (s, h) = tidy(text, start..end, std::slice::from_ref(&word));
        assert_eq!(s, "…The haircut applies…");
        assert_eq!(&s[h[0][0]..h[0][1]], "haircut");
        let (s, _) = tidy("A heading\n\nText. Done\nhere", 0..26, &[]);
        assert_eq!(s, "A heading. Text. Done. here");
        let (s, _) = tidy("whole", 0..5, &[]);
        assert_eq!(s, "whole");
    }

    /// tantivy's snippet of `text` for `stems`: fragment range and matches, `None` when
    /// nothing matched.
    fn tantivy_snippet(
        text: &str,
        stems: &BTreeMap<String, Score>,
        max: usize,
    ) -> Option<(Range<usize>, Vec<Range<usize>>)> {
        let generator = tantivy::snippet::SnippetGenerator::new(
            stems.clone(),
            crate::index::analysis::text_analyzer(),
            tantivy::schema::Field::from_field_id(0),
            max,
        );
        let s = generator.snippet(text);
        (!s.highlighted().is_empty()).then(|| (s.fragment_range(), s.highlighted().to_vec()))
    }

    /// A small deterministic generator (xorshift).
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    #[test]
    fn fragments_are_tantivys() {
        let pieces = [
            "Liquidations",
            "liquidated",
            "cascade",
            "Margin",
            "MARGINS",
            "the",
            "a",
            "of",
            "Crème",
            "brûlée",
            "Ärger",
            "über",
            "ﬁnancial",
            "Σίσυφος",
            "İstanbul",
            "ʼapos",
            "2.5x",
            "3d",
            "yelling",
            "Yard",
            "skies",
            "dying",
            "ies",
            "aing",
            "oracle's",
            "repriced",
            "hedges",
            "hedging",
            "générale",
            "日本語",
            "x",
            "ΑΣ",
            "Éclair",
        ];
        let gaps = [" ", "  ", ", ", ".\n\n", "\t", "-", " — ", "“", "”, "];
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut analyzer = Analyzer::new();
        let mut found = 0;
        for round in 0..400 {
            let mut text = String::new();
            for _ in 0..rng.below(120) {
                text.push_str(pieces[rng.below(pieces.len())]);
                text.push_str(gaps[rng.below(gaps.len())]);
            }
            let mut stems = BTreeMap::new();
            for _ in 0..1 + rng.below(4) {
                let piece = pieces[rng.below(pieces.len())];
                for term in analyzer.terms(piece) {
                    stems.insert(term, [1.0, 0.5, 0.25][rng.below(3)]);
                }
            }
            let max = [1, 20, 60, 160][round % 4];
            let fragment = best_fragment(&text, &stems, max, &mut analyzer);
            assert_eq!(
                fragment,
                tantivy_snippet(&text, &stems, max),
                "{text:?} {stems:?} {max}"
            );
            found += usize::from(fragment.is_some());
        }
        assert!(found > 300, "{found} texts matched");
    }

    #[test]
    fn stems_begin_as_their_words() {
        let starts = [
            "a", "b", "y", "e", "i", "o", "u", "s", "t", "3", "sk", "dy", "ea",
        ];
        let middles = [
            "", "a", "e", "y", "ll", "nn", "at", "iz", "bl", "ss", "i", "tt",
        ];
        let ends = [
            "", "s", "es", "ies", "ied", "sses", "ed", "edly", "ing", "ingly", "eed", "eedly", "y",
            "ly", "ational", "tional", "enci", "izer", "ator", "alism", "iveness", "ful", "ness",
            "ement", "ment", "ent", "ion", "e", "l", "li", "ogi", "abl", "ibl", "ism",
        ];
        let mut stems = crate::index::analysis::Stems::default();
        for s in starts {
            for m in middles {
                for e in ends {
                    let word = format!("{s}{m}{e}");
                    let stem = stems.stem(&word).to_string();
                    assert_eq!(stem.as_bytes().first(), word.as_bytes().first(), "{word}");
                }
            }
        }
    }
}
