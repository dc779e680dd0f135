//! The quality of automatic links, measured: precision and recall of the links the real
//! binary makes on labelled prose.
//!
//! `tests/fixtures/autolink/` holds two small glossaries of our own writing in the shapes
//! that mislead a naive linker: acronyms beside ordinary words (`REST` and "the rest",
//! `TURN` and "turn to"), names that are everyday words (`Key`, `Service`, `Index`,
//! `Spread`, `Event`), plurals and possessives, disambiguation pages (`Node`, `Position`),
//! and tag areas that must not draw links. Every mention that should be linked is written
//! `⟦text|slug⟧` (the first mention of each target on a page); `⟦text|⟧` marks a mention
//! that must not be. Links the author wrote (`[text](/term/x/)`) are expected as written,
//! and no automatic link may go where one of them goes. The markers are stripped, the site
//! is built, and every link of every page's body is compared with the labels: a link not
//! labelled is a false positive, a label without its link a miss.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use scraper::{Html, Selector};

/// The expected links of one page: (text, slug) in order.
type Labels = Vec<(String, String)>;

/// Copies `fixture` into a temporary site with the markers stripped; returns the site
/// and each page's labels, keyed by `kind/slug`.
fn strip(fixture: &Path) -> (tempfile::TempDir, BTreeMap<String, Labels>) {
    let dir = tempfile::tempdir().unwrap();
    let mut labels = BTreeMap::new();
    for (rel, entry) in common::files_under(fixture) {
        let to = dir.path().join(&rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        let text = std::fs::read_to_string(entry.path()).unwrap();
        if !rel.ends_with(".md") {
            std::fs::write(&to, text).unwrap();
            continue;
        }
        let (plain, mut found) = unmark(&text);
        // Links the author wrote are expected as written.
        found.extend(explicit(&plain));
        std::fs::write(&to, plain).unwrap();
        let kind = match rel.split('/').nth(1) {
            Some("terms") => "term",
            Some("definitions") => "definition",
            _ => "area",
        };
        let slug = rel.rsplit('/').next().unwrap().trim_end_matches(".md");
        labels.insert(format!("{kind}/{slug}"), found);
    }
    (dir, labels)
}

/// The text without its `⟦text|slug⟧` markers, and the labelled links (not the `⟦text|⟧`
/// ones).
fn unmark(text: &str) -> (String, Labels) {
    let (mut plain, mut found) = (String::new(), Vec::new());
    let mut rest = text;
    while let Some(open) = rest.find('⟦') {
        plain.push_str(&rest[..open]);
        let close = rest[open..].find('⟧').expect("an unclosed marker") + open;
        let (shown, slug) = rest[open + '⟦'.len_utf8()..close]
            .split_once('|')
            .expect("a marker without `|`");
        plain.push_str(shown);
        if !slug.is_empty() {
            found.push((shown.replace('\n', " "), slug.to_string()));
        }
        rest = &rest[close + '⟧'.len_utf8()..];
    }
    plain.push_str(rest);
    (plain, found)
}

/// The links written in markdown as `[text](/kind/slug/)`, as (text, slug).
fn explicit(markdown: &str) -> Labels {
    let mut found = Vec::new();
    let mut rest = markdown;
    while let Some(at) = rest.find("](") {
        let text = rest[..at].rsplit('[').next().unwrap_or_default();
        let dest = &rest[at + 2..rest[at..].find(')').map_or(rest.len(), |e| at + e)];
        let slug = dest
            .split('#')
            .next()
            .unwrap_or_default()
            .trim_end_matches('/');
        found.push((
            text.replace('\n', " "),
            slug.rsplit('/').next().unwrap().to_string(),
        ));
        rest = &rest[at + 2..];
    }
    found
}

/// The links in the body of each built page, as (text, slug).
fn built_links(out: &Path, page: &str) -> Labels {
    let html = std::fs::read_to_string(out.join(page).join("index.html"))
        .unwrap_or_else(|e| panic!("{page}: {e}"));
    let doc = Html::parse_document(&html);
    let links = Selector::parse("div.content a").unwrap();
    doc.select(&links)
        .map(|a| {
            let href = a.value().attr("href").unwrap_or_default();
            let slug = href.trim_end_matches('/').rsplit('/').next().unwrap();
            let text = a.text().collect::<String>().replace('\n', " ");
            (text, slug.to_string())
        })
        .collect()
}

struct Score {
    right: usize,
    made: usize,
    expected: usize,
    errors: Vec<String>,
}

fn score(fixture: &str) -> Score {
    let (site, labels) = strip(
        &common::repo_root()
            .join("tests/fixtures/autolink")
            .join(fixture),
    );
    common::run_glossa(["build", "--root", site.path().to_str().unwrap()]);
    let out = site.path().join("public");
    let mut s = Score {
        right: 0,
        made: 0,
        expected: 0,
        errors: Vec::new(),
    };
    for (page, expected) in &labels {
        let made = built_links(&out, page);
        s.made += made.len();
        s.expected += expected.len();
        for link in &made {
            if expected.contains(link) {
                s.right += 1;
            } else {
                s.errors.push(format!("{page}: wrong link {link:?}"));
            }
        }
        for label in expected.iter().filter(|l| !made.contains(l)) {
            s.errors.push(format!("{page}: missed {label:?}"));
        }
    }
    s
}

#[test]
fn automatic_links_are_precise_and_find_most_mentions() {
    let (mut right, mut made, mut expected) = (0, 0, 0);
    for fixture in ["cloud", "derivatives"] {
        let s = score(fixture);
        println!(
            "{fixture}: {} links made, {} right, {} labelled",
            s.made, s.right, s.expected
        );
        for e in &s.errors {
            println!("  {e}");
        }
        (right, made, expected) = (right + s.right, made + s.made, expected + s.expected);
    }
    let precision = right as f64 / made as f64;
    let recall = right as f64 / expected as f64;
    println!("precision {precision:.3}, recall {recall:.3} ({right} right of {made} made, {expected} labelled)");
    assert!(expected >= 100, "{expected} labelled mentions");
    assert!(precision >= 0.95, "precision {precision:.3}");
    assert!(recall >= 0.85, "recall {recall:.3}");
}

#[test]
fn markers_are_read_as_written() {
    let (plain, labels) = unmark("A ⟦pod|pod⟧ and ⟦the rest|⟧ of ⟦two\nwords|x⟧.");
    assert_eq!(plain, "A pod and the rest of two\nwords.");
    assert_eq!(
        explicit("See [the pod](/definition/pod/#a) and [x](../y/)."),
        [
            ("the pod".to_string(), "pod".to_string()),
            ("x".to_string(), "y".to_string())
        ]
    );
    assert_eq!(
        labels,
        [
            ("pod".to_string(), "pod".to_string()),
            ("two words".to_string(), "x".to_string())
        ]
    );
}
