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
//!
//! The parts: [`stems`] remembers the stemmer's answers; [`vocabulary`] keeps the words
//! the indexing analyzers met; [`runs`] finds the phrases of names while indexing;
//! [`filter`] plugs the three into tantivy as the indexing analyzer's last step;
//! [`variants`] gives the other ways a name is written (indexed as hidden aliases).

mod filter;
pub mod runs;
pub mod stems;
pub mod variants;
pub mod vocabulary;

pub use filter::IndexingFilter;
pub use runs::{Runs, MAX_RUN_TERMS};
pub use stems::Stems;
pub use vocabulary::Seen;

use std::sync::Arc;

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer, Token,
    TokenStream,
};

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
/// remembered ([`Stems`]), since a site has far fewer distinct words than words; every
/// distinct word met is noted in `seen` (the vocabulary for typo tolerance) and the
/// `runs` found are listed (see [`IndexingFilter`]).
pub fn indexing_analyzer(seen: Option<Seen>, runs: Option<Arc<Runs>>) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(IndexingFilter::new(seen, runs))
        .build()
}

/// The analysis without its last step: lower-cased, ASCII-folded words.
pub fn word_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
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
