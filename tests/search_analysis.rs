//! The browser script's analysis (`static/search.js`, run with node) gives exactly the
//! terms the Rust side (tantivy's analyzer) gives: for every word of the example site
//! (`content/`, as written and as indexed), every word of a generated corpus, every letter
//! and digit of Unicode, and generated words that walk every rule of the stemmer.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use glossa::index::analysis;
use glossa::index::documents::documents;

/// Every whitespace-separated word of the site at `root`: in its source files and in its
/// search documents (what the index sees after markdown).
fn site_words(root: &Path, into: &mut BTreeSet<String>) {
    for file in common::files_with_ext(&root.join("content"), &["md"]) {
        let text = std::fs::read_to_string(&file).unwrap();
        into.extend(text.split_whitespace().map(str::to_string));
    }
    let linked = glossa::load_and_link(root, &glossa::LoadOptions::default()).unwrap();
    let pages = glossa::plan::plan(&linked.site, &linked.links);
    for doc in documents(&linked.site, &pages) {
        let texts = [&doc.title, &doc.description, &doc.body]
            .into_iter()
            .chain(&doc.aliases);
        for text in texts {
            into.extend(text.split_whitespace().map(str::to_string));
        }
    }
}

/// Words built from stems and suffixes that reach every step of the English stemmer
/// (and its exceptions), deterministic.
fn stemmer_words() -> Vec<String> {
    const PREFIXES: &[&str] = &[
        "", "gener", "commun", "arsen", "emerg", "inter", "later", "organ", "past", "univers",
        "succ", "proc", "exc", "even", "cann", "inn", "earr", "herr", "out", "sky", "ski", "news",
        "howe", "d", "l", "t", "y", "ye", "ya", "ly",
    ];
    const MIDDLE: &[u8] = b"aeiouybcdlmnrstgpwxhkfjvz";
    const SUFFIXES: &[&str] = &[
        "", "s", "es", "ies", "ied", "ed", "eed", "ing", "ingly", "edly", "eedly", "ly", "li",
        "ational", "tional", "ization", "ation", "ator", "izer", "alism", "aliti", "iviti",
        "biliti", "fulness", "ousness", "iveness", "ogist", "ogi", "bli", "abli", "alli", "fulli",
        "lessli", "ousli", "entli", "icate", "ative", "alize", "iciti", "ical", "ful", "ness",
        "ic", "ance", "ence", "able", "ible", "ate", "ive", "ize", "iti", "al", "ism", "ion",
        "sion", "tion", "er", "ous", "ant", "ent", "ment", "ement", "e", "l", "ll", "y", "us",
        "ss", "sses", "bb", "dd", "at", "bl", "iz", "yy", "ying",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) % n as u64) as usize
    };
    (0..60_000)
        .map(|_| {
            let mut w = PREFIXES[next(PREFIXES.len())].to_string();
            for _ in 0..next(8) {
                w.push(MIDDLE[next(MIDDLE.len())] as char);
            }
            w.push_str(SUFFIXES[next(SUFFIXES.len())]);
            w
        })
        .collect()
}

/// Analyses `lines` with the browser script.
fn js_terms(lines: &[String]) -> Vec<Option<Vec<String>>> {
    let js = common::js_dir();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("lines.txt");
    let mut text = lines.join("\n");
    text.push('\n');
    std::fs::write(&input, text).unwrap();
    let out = Command::new(common::require_node())
        .arg(js.join("analyze.mjs"))
        .arg(&input)
        .output()
        .expect("failed to run node tests/js/analyze.mjs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = String::from_utf8(out.stdout).unwrap();
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Compares both sides on `lines`; returns how many were compared.
fn agree(what: &str, lines: &[String]) -> usize {
    let js = js_terms(lines);
    assert_eq!(js.len(), lines.len(), "{what}: one answer per line");
    let mut rust = analysis::text_analyzer();
    let mut compared = 0;
    let mut differences = Vec::new();
    for (line, js) in lines.iter().zip(js) {
        let Some(js) = js else { continue };
        compared += 1;
        let expected = analysis::run(&mut rust, line);
        if expected != js {
            differences.push(format!("{line:?}: rust {expected:?}, js {js:?}"));
        }
    }
    assert!(
        differences.is_empty(),
        "{what}: {} of {} differ, e.g.\n{}",
        differences.len(),
        lines.len(),
        differences[..differences.len().min(20)].join("\n")
    );
    compared
}

#[test]
fn every_word_of_the_example_site() {
    let mut words = BTreeSet::new();
    site_words(&common::repo_root(), &mut words);
    assert!(words.len() > 3000, "{}", words.len());
    let words: Vec<String> = words.into_iter().collect();
    agree("example site", &words);
}

#[test]
fn every_word_of_a_generated_corpus() {
    let dir = tempfile::tempdir().unwrap();
    glossa_corpus::generate(&glossa_corpus::Options {
        n: 1000,
        seed: 42,
        out: dir.path().to_path_buf(),
        formats: glossa_corpus::Formats {
            native: true,
            hugo: false,
            export: false,
        },
    })
    .unwrap();
    let mut words = BTreeSet::new();
    site_words(&dir.path().join("native"), &mut words);
    assert!(words.len() > 20_000, "{}", words.len());
    let words: Vec<String> = words.into_iter().collect();
    agree("generated corpus", &words);
}

#[test]
fn every_letter_and_digit_of_unicode() {
    let chars: Vec<String> = (0..=0x10FFFFu32)
        .filter_map(char::from_u32)
        .filter(|c| c.is_alphanumeric())
        .map(|c| c.to_string())
        .collect();
    let compared = agree("characters", &chars);
    // Both sides know nearly all of them; a few very new ones may be unknown to node.
    assert!(
        compared * 100 >= chars.len() * 97,
        "{compared} of {}",
        chars.len()
    );
}

#[test]
fn every_rule_of_the_stemmer() {
    agree("generated words", &stemmer_words());
}
