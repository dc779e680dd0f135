//! Name variants: the other ways readers write a name, indexed as hidden aliases so that a
//! query written one way finds a name written another, with the same analysis and BM25 on
//! every surface (the browser reads them from the same postings).
//!
//! For each title and alias:
//!
//! - **split**: a word with capitals inside is cut where a lower-case letter meets a capital
//!   (`ConfigMap` → `config map`), before the last capital of a run of capitals followed by
//!   two lower-case letters or more (`HTTPServer` → `http server`), and before the digits
//!   that end a word of two letters or more (`HTTP2` → `http 2`);
//! - **joined**: in a name of two to [`MAX_JOINED_WORDS`] words, written with spaces or
//!   with punctuation between them, each two neighbouring words written as one (`HTTP/2` →
//!   `http2`, `e-tag` → `etag`, `Node.js` → `nodejs`, `Config Map` → `configmap`,
//!   `Dead-Letter Queue` → `deadletter queue` and `dead letterqueue`), and all of them as
//!   one word (`deadletterqueue`); `ConfigMap`'s split `config map` joined back is the title
//!   itself.
//!
//! A variant is text of lower-cased, ASCII-folded words separated by spaces (analysed again
//! by the indexing analyzer); a variant that is already one of the names (as words) is not
//! repeated. Each variant's name key names the entry; only the variants' words that are
//! not words of the names are indexed ([`new_words`]), so that a name's own words do not
//! count twice. Queries need nothing more: `config map` holds the terms of the variant
//! `config map` and its key is that variant's name key.

use super::{run, word_analyzer};

/// Most words a name may have to be joined into one.
pub const MAX_JOINED_WORDS: usize = 4;
/// Longest joined variant, in bytes.
const MAX_JOINED_BYTES: usize = 48;

/// The variants of `names` (a title and its aliases), in order, none repeated.
pub fn variants<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut analyzer = word_analyzer();
    let mut known: Vec<String> = Vec::new();
    let mut out: Vec<String> = Vec::new();
    let names: Vec<&str> = names.into_iter().collect();
    for name in &names {
        known.push(run(&mut analyzer, name).join(" "));
    }
    for name in &names {
        let words = run(&mut analyzer, name);
        let split = run(&mut analyzer, &split_words(name));
        let split = (split != words).then(|| split.join(" "));
        for candidate in joined(&words).into_iter().chain(split) {
            // Analysed once more, as the indexing analyzer will: folding can give a capital
            // (`ⱻ` → `E`) that lower-casing before it did not see.
            let candidate = run(&mut analyzer, &candidate).join(" ");
            if !known.contains(&candidate) && !out.contains(&candidate) {
                out.push(candidate);
            }
        }
    }
    out
}

/// The words of `variants` that are not words of `names`, each once, separated by
/// spaces: the text indexed with the aliases.
pub fn new_words<'a>(names: impl IntoIterator<Item = &'a str>, variants: &[String]) -> String {
    let mut analyzer = word_analyzer();
    let old: Vec<String> = names
        .into_iter()
        .flat_map(|n| run(&mut analyzer, n))
        .collect();
    let mut out: Vec<&str> = Vec::new();
    for w in variants.iter().flat_map(|v| v.split(' ')) {
        if !old.iter().any(|o| o == w) && !out.contains(&w) {
            out.push(w);
        }
    }
    out.join(" ")
}

/// A name of 2 to [`MAX_JOINED_WORDS`] words with each two neighbours joined, then with
/// all of them joined (when that is another variant).
fn joined(words: &[String]) -> Vec<String> {
    let n = words.len();
    if !(2..=MAX_JOINED_WORDS).contains(&n) || words.concat().len() > MAX_JOINED_BYTES {
        return Vec::new();
    }
    let mut out: Vec<String> = (0..n - 1)
        .map(|i| {
            let mut parts: Vec<String> = words[..i].to_vec();
            parts.push(format!("{}{}", words[i], words[i + 1]));
            parts.extend_from_slice(&words[i + 2..]);
            parts.join(" ")
        })
        .collect();
    if n > 2 {
        out.push(words.concat());
    }
    out
}

/// `text` with a space inserted where a word changes case or ends in digits (see the
/// module's documentation).
pub fn split_words(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    // Letters since the start of the current run of letters.
    let mut letters = 0;
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let after = chars.get(i + 2).copied();
        let cut = match prev {
            Some(p) if p.is_lowercase() && c.is_uppercase() => true,
            Some(p) if p.is_uppercase() && c.is_uppercase() => {
                next.is_some_and(char::is_lowercase) && after.is_some_and(char::is_lowercase)
            }
            Some(p) if p.is_alphabetic() && c.is_ascii_digit() => {
                letters >= 2
                    && chars[i..]
                        .iter()
                        .take_while(|c| c.is_alphanumeric())
                        .all(char::is_ascii_digit)
            }
            _ => false,
        };
        if cut {
            out.push(' ');
        }
        letters = if c.is_alphabetic() { letters + 1 } else { 0 };
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(names: &[&str]) -> Vec<String> {
        variants(names.iter().copied())
    }

    #[test]
    fn a_variant_is_what_the_analysis_makes_of_it() {
        // Lower-cased, then folded to a capital: the variant is analysed again.
        assert_eq!(v(&["ⱻⴰ0"]), ["eⴰ 0"]);
    }

    #[test]
    fn capitals_inside_are_split_and_punctuation_joined() {
        assert_eq!(v(&["ConfigMap"]), ["config map"]);
        assert_eq!(v(&["StatefulSet"]), ["stateful set"]);
        assert_eq!(v(&["HTTP/2"]), ["http2"]);
        assert_eq!(v(&["e-tag"]), ["etag"]);
        assert_eq!(v(&["Node.js"]), ["nodejs"]);
        assert_eq!(v(&["Config Map"]), ["configmap"]);
        assert_eq!(v(&["HTTPServer"]), ["http server"]);
        assert_eq!(v(&["HTTP2"]), ["http 2"]);
        assert_eq!(
            v(&["CustomResourceDefinition"]),
            ["custom resource definition"]
        );
        assert_eq!(
            v(&["Dead-Letter Queue"]),
            ["deadletter queue", "dead letterqueue", "deadletterqueue"]
        );
    }

    proptest::proptest! {
        /// Any title: no panic; every variant is lower-cased words separated by single
        /// spaces (as the analysis gives them), none repeated, none equal to a name.
        #[test]
        fn variants_are_analysed_words(title in "\\PC{0,40}", alias in "[A-Za-z0-9./ -]{0,20}") {
            let names = [title.as_str(), alias.as_str()];
            let vs = variants(names);
            let mut analyzer = word_analyzer();
            for v in &vs {
                proptest::prop_assert_eq!(run(&mut analyzer, v).join(" "), v.clone());
                proptest::prop_assert!(!names.iter().any(|n| run(&mut analyzer, n).join(" ") == *v));
            }
            let mut sorted = vs.clone();
            sorted.sort();
            sorted.dedup();
            proptest::prop_assert_eq!(sorted.len(), vs.len());
            let _ = new_words(names, &vs);
        }
    }

    #[test]
    fn only_new_words_are_indexed() {
        let names = ["Pod Disruption Budget", "PDB"];
        let vs = v(&names);
        assert_eq!(
            new_words(names, &vs),
            "poddisruption disruptionbudget poddisruptionbudget"
        );
        assert_eq!(new_words(["ConfigMap"], &v(&["ConfigMap"])), "config map");
    }

    #[test]
    fn nothing_is_repeated_or_invented() {
        assert!(v(&["Margin"]).is_empty());
        assert!(v(&["k8s", "kubectl", "x86"]).is_empty());
        assert_eq!(v(&["IPv6"]), ["ipv 6"]);
        assert_eq!(v(&["ConfigMap", "config map"]), Vec::<String>::new());
        assert!(v(&["a b c d e"]).is_empty(), "five words are not joined");
        assert_eq!(v(&["Crème-Brûlée"]), ["cremebrulee"]);
    }
}
