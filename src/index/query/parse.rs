//! A query as written: words, and phrases in double quotes (also “curly” ones), analysed
//! (lower-cased, folded) but not stemmed.

use crate::index::analysis::Analyzer;

/// A query as written: its words and phrases, analysed but not stemmed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    pub words: Vec<String>,
    pub phrases: Vec<Vec<String>>,
    /// Every word in query order, inside quotes or not.
    pub all: Vec<String>,
}

/// Why a query cannot be run.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("a quote is not closed: close it or remove it (phrases go in \"double quotes\")")]
    UnclosedQuote,
    #[error("nothing to search for: the query has no letters or digits")]
    Empty,
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„')
}

/// Reads a query.
pub fn parse(query: &str, analyzer: &mut Analyzer) -> Result<Parsed, QueryError> {
    let mut parsed = Parsed::default();
    let mut in_phrase = false;
    let mut start = 0;
    let mut segment = |text: &str, phrase: bool, parsed: &mut Parsed| {
        let words: Vec<String> = analyzer.words(text).into_iter().map(|w| w.text).collect();
        parsed.all.extend(words.iter().cloned());
        if phrase {
            if !words.is_empty() {
                parsed.phrases.push(words);
            }
        } else {
            parsed.words.extend(words);
        }
    };
    for (i, c) in query.char_indices() {
        if is_quote(c) {
            segment(&query[start..i], in_phrase, &mut parsed);
            in_phrase = !in_phrase;
            start = i + c.len_utf8();
        }
    }
    if in_phrase {
        return Err(QueryError::UnclosedQuote);
    }
    segment(&query[start..], false, &mut parsed);
    if parsed.words.is_empty() && parsed.phrases.is_empty() {
        return Err(QueryError::Empty);
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(q: &str) -> Result<Parsed, QueryError> {
        parse(q, &mut Analyzer::new())
    }

    #[test]
    fn words_and_phrases() {
        let q = p("Margin \"funding  rate\" oracle's “mark price”").unwrap();
        assert_eq!(q.words, ["margin", "oracle", "s"]);
        assert_eq!(q.phrases, [vec!["funding", "rate"], vec!["mark", "price"]]);
    }

    #[test]
    fn invalid_queries_are_errors() {
        assert_eq!(p("\"funding rate"), Err(QueryError::UnclosedQuote));
        assert_eq!(p("  -- !! "), Err(QueryError::Empty));
        assert_eq!(p("\"\""), Err(QueryError::Empty));
    }
}
