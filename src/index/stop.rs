//! The stop words: common English words a query leaves out when it has others, and their
//! stems, which the indexing side needs too (the runs of name terms checked as phrases,
//! the anchors of the browser index's keys) and the browser index lists for the script.

use super::analysis::Analyzer;

/// Common English words (Lucene's English stop words and question words) that a query
/// drops when it has other words or a phrase: they are in nearly every document, so they
/// would match everything while barely changing the ranking. Phrases and names keep them.
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "do", "does", "for", "from", "how",
    "if", "in", "into", "is", "it", "no", "not", "of", "on", "or", "such", "that", "the", "their",
    "then", "there", "these", "they", "this", "to", "was", "what", "when", "where", "which", "who",
    "why", "will", "with",
];

/// Whether `word` (lower-cased, folded) is one of the [`STOP_WORDS`].
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

/// The stems of the [`STOP_WORDS`].
pub fn stop_stems() -> Vec<String> {
    let mut analyzer = Analyzer::new();
    STOP_WORDS
        .iter()
        .map(|w| analyzer.stem(w).to_string())
        .collect()
}
