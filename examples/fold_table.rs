//! Prints the ASCII-folding table of `static/search.js` (`FOLD`): for every character
//! that can occur in a lower-cased token, what tantivy's `AsciiFoldingFilter` turns it
//! into, grouped by result. Run `cargo run --example fold_table` after a tantivy upgrade;
//! the analyzer agreement test fails when the table in the script is out of date.

use std::collections::BTreeMap;

use tantivy::tokenizer::{AsciiFoldingFilter, RawTokenizer, TextAnalyzer};

fn main() {
    let mut fold = TextAnalyzer::builder(RawTokenizer::default())
        .filter(AsciiFoldingFilter)
        .build();
    let mut by_result: BTreeMap<String, String> = BTreeMap::new();
    let mut seen = std::collections::BTreeSet::new();
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        if !c.is_alphanumeric() {
            continue;
        }
        for d in c.to_lowercase() {
            if d.is_ascii() || !seen.insert(d) {
                continue;
            }
            let s = d.to_string();
            let mut stream = fold.token_stream(&s);
            stream.advance();
            let folded = stream.token().text.clone();
            if folded != s {
                by_result.entry(folded).or_default().push(d);
            }
        }
    }
    println!("{}", serde_json::to_string(&by_result).unwrap());
}
