//! `glossa search` and `glossa export search` on the `search` fixture (tests/fixtures/search),
//! through the real binary: ranking, boosts from the configuration, typo tolerance, phrases,
//! `--kind`, `--limit`, snippets, the JSON schema, messages, rebuilds and export formats.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search")
}

/// The fixture copied into a fresh folder, built.
fn built_site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for item in walkdir::WalkDir::new(fixture()) {
        let item = item.unwrap();
        let target = tmp
            .path()
            .join(item.path().strip_prefix(fixture()).unwrap());
        if item.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(item.path(), &target).unwrap();
        }
    }
    glossa(tmp.path()).arg("build").assert().success();
    tmp
}

fn glossa(root: &Path) -> Command {
    let mut cmd = Command::cargo_bin("glossa").unwrap();
    cmd.arg("--root").arg(root);
    cmd
}

/// `glossa search --json` output.
fn search(root: &Path, args: &[&str]) -> Value {
    let out = glossa(root)
        .arg("search")
        .args(args)
        .arg("--json")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

/// Result ids, in rank order.
fn ids(results: &Value) -> Vec<String> {
    results["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

fn position(ids: &[String], id: &str) -> usize {
    ids.iter()
        .position(|i| i == id)
        .unwrap_or_else(|| panic!("{id} not in {ids:?}"))
}

#[test]
fn a_title_match_ranks_above_a_body_match() {
    let site = built_site();
    let found = ids(&search(site.path(), &["haircut"]));
    assert_eq!(found[0], "term-haircut", "{found:?}");
    // `Collateral Valuation` says "haircut" six times, but only in its body.
    assert!(
        position(&found, "definition-haircut-schedule")
            < position(&found, "term-collateral-valuation"),
        "{found:?}"
    );
    // An alias counts like a title.
    let found = ids(&search(site.path(), &["collateral discount"]));
    assert_eq!(found[0], "term-haircut", "{found:?}");
}

/// `(id, score, exact)` of each result.
fn scored(results: &Value) -> Vec<(String, f64, bool)> {
    results["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["score"].as_f64().unwrap(),
                r["exact"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[test]
fn an_exact_title_or_alias_ranks_first() {
    let site = built_site();
    // `Margin Call` says "margin" in its title, description and body and scores higher
    // than `Margin`, whose title is the query.
    let found = scored(&search(site.path(), &["margin"]));
    assert_eq!(found[0].0, "definition-margin", "{found:?}");
    assert!(found[0].2 && found[1..].iter().all(|h| !h.2), "{found:?}");
    assert!(
        found[0].1 < found[1].1,
        "first by name, not by score: {found:?}"
    );
    // Every title and alias, in any case and word form, names its entry.
    for (query, id) in [
        ("Margin", "definition-margin"),
        ("margins", "definition-margin"),
        ("margin call", "term-margin-call"),
        ("Margin Calls", "term-margin-call"),
        ("maintenance call", "term-margin-call"),
        ("\"margin call\"", "term-margin-call"),
        ("collateral", "area-collateral"),
        ("Collateral Valuation", "term-collateral-valuation"),
        ("collateral discount", "term-haircut"),
        ("haircut schedule", "definition-haircut-schedule"),
        ("volatility", "definition-volatility"),
        ("rehypothecation", "definition-rehypothecation"),
        // a corrected word counts as its first replacement
        ("haircut schedlue", "definition-haircut-schedule"),
        ("volatilty", "definition-volatility"),
    ] {
        let found = scored(&search(site.path(), &[query]));
        assert_eq!(found[0].0, id, "{query}: {found:?}");
        assert!(found[0].2, "{query}: {found:?}");
    }
    // Only the whole name counts: more or fewer words are ranked by score alone.
    for query in ["margin call collateral", "call", "schedule"] {
        let found = scored(&search(site.path(), &[query]));
        assert!(found.iter().all(|h| !h.2), "{query}: {found:?}");
    }
    // The kind filter keeps its order.
    let found = scored(&search(site.path(), &["margin", "--kind", "term"]));
    assert_eq!(found[0].0, "term-margin-call", "{found:?}");
}

#[test]
fn common_words_are_left_out_beside_others() {
    let site = built_site();
    let plain = search(site.path(), &["haircut"]);
    for query in ["the haircut", "what is a haircut", "haircut of the"] {
        let found = search(site.path(), &[query]);
        assert_eq!(found["total"], plain["total"], "{query}");
        assert_eq!(ids(&found), ids(&plain), "{query}");
    }
    // Alone, they are searched.
    let found = search(site.path(), &["the"]);
    assert!(found["total"].as_u64().unwrap() > 3, "{found}");
    // In a phrase they count.
    let found = ids(&search(site.path(), &["\"the broker\""]));
    assert!(found.contains(&"term-margin-call".to_string()), "{found:?}");
    assert!(!found.contains(&"term-haircut".to_string()), "{found:?}");
}

#[test]
fn boosts_come_from_the_configuration() {
    let site = built_site();
    let config = site.path().join("glossa.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("title = 4.0", "title = 0.0")
            .replace("aliases = 3.0", "aliases = 0.0")
            .replace("description = 1.5", "description = 0.0"),
    )
    .unwrap();
    glossa(site.path()).arg("build").assert().success();
    let found = ids(&search(site.path(), &["haircut"]));
    assert_eq!(
        found[0], "term-collateral-valuation",
        "with only the body weighed, the body that repeats the word wins: {found:?}"
    );
    // Leaving a field out of `[search] fields` makes it unsearchable.
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("[search]\n", "[search]\nfields = [\"title\"]\n"),
    )
    .unwrap();
    glossa(site.path()).arg("build").assert().success();
    let found = search(site.path(), &["crater"]);
    assert_eq!(found["total"], 0, "crater is only in a body: {found}");
}

#[test]
fn typos_are_forgiven_and_exact_matches_win() {
    let site = built_site();
    let found = search(site.path(), &["rehypothecaton"]);
    assert_eq!(ids(&found), ["definition-rehypothecation"]);
    assert_eq!(
        found["corrections"],
        serde_json::json!([{"word": "rehypothecaton", "replacements": ["rehypothecation"]}])
    );
    // Two edits for long words, one for shorter ones, none below four letters.
    assert_eq!(
        ids(&search(site.path(), &["rehypothekaton"]))[0],
        "definition-rehypothecation"
    );
    assert_eq!(
        ids(&search(site.path(), &["volatilty"]))[0],
        "definition-volatility"
    );
    assert_eq!(search(site.path(), &["volatlty"])["total"], 0);
    assert_eq!(search(site.path(), &["cxt"])["total"], 0);
    let four = search(site.path(), &["crat"]);
    assert_eq!(four["corrections"][0]["word"], "crat", "{four}");
    // "crater" is in the index: only the entry that has it, never the one with "crate".
    let found = search(site.path(), &["crater"]);
    assert_eq!(ids(&found), ["term-collateral-valuation"]);
    assert_eq!(found["corrections"], serde_json::json!([]));
    // A word in another form is the same word, not a typo.
    let found = search(site.path(), &["haircuts"]);
    assert_eq!(ids(&found)[0], "term-haircut");
    assert_eq!(found["corrections"], serde_json::json!([]));
}

#[test]
fn phrases_must_occur_as_written() {
    let site = built_site();
    let words = ids(&search(site.path(), &["margin call"]));
    assert!(words.contains(&"term-collateral-valuation".to_string()));
    let phrase = ids(&search(site.path(), &["\"margin call\""]));
    assert_eq!(phrase[0], "term-margin-call");
    assert!(phrase.contains(&"term-haircut".to_string()));
    assert!(
        !phrase.contains(&"term-collateral-valuation".to_string()),
        "has both words, apart: {phrase:?}"
    );
    let curly = ids(&search(site.path(), &["“margin call”"]));
    assert_eq!(curly, phrase);
}

#[test]
fn kind_and_limit() {
    let site = built_site();
    let found = search(site.path(), &["collateral", "--kind", "definition"]);
    let results = found["results"].as_array().unwrap();
    assert!(!results.is_empty());
    assert!(results.iter().all(|r| r["kind"] == "definition"), "{found}");
    let found = search(site.path(), &["collateral", "--limit", "2"]);
    assert_eq!(found["results"].as_array().unwrap().len(), 2);
    assert!(found["total"].as_u64().unwrap() > 2);
}

#[test]
fn snippets_highlight_the_matches() {
    let site = built_site();
    let found = search(site.path(), &["crater"]);
    let hit = &found["results"][0];
    let snippet = hit["snippet"].as_str().unwrap();
    let highlights = hit["highlights"].as_array().unwrap();
    assert!(!highlights.is_empty(), "{hit}");
    for h in highlights {
        let (a, b) = (
            h[0].as_u64().unwrap() as usize,
            h[1].as_u64().unwrap() as usize,
        );
        assert_eq!(snippet[a..b].to_lowercase(), "crater", "{snippet}");
    }
    assert!(!snippet.contains('\n'), "one line: {snippet}");
    // A stem match is highlighted in its written form.
    let found = search(site.path(), &["lending"]);
    let first = &found["results"][0];
    let snippet = first["snippet"].as_str().unwrap();
    let h = &first["highlights"][0];
    let word = &snippet[h[0].as_u64().unwrap() as usize..h[1].as_u64().unwrap() as usize];
    assert!(word.to_lowercase().starts_with("lend"), "{word}");
    // Piped, the text output has no colour codes; the match is plain.
    glossa(site.path())
        .args(["search", "crater"])
        .assert()
        .success()
        .stdout(predicate::str::contains("1. Collateral Valuation (term)"))
        .stdout(predicate::str::contains(
            "https://search.test/term/collateral-valuation/",
        ))
        .stdout(predicate::str::contains("The crater left"))
        .stdout(predicate::str::contains("\u{1b}[").not());
}

#[test]
fn json_output_schema() {
    let site = built_site();
    let found = search(site.path(), &["collateral valuation"]);
    let top: Vec<&str> = found
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        top,
        [
            "corrections",
            "facets",
            "query",
            "results",
            "suggestions",
            "total"
        ]
    );
    assert_eq!(found["suggestions"], serde_json::json!([]));
    assert_eq!(found["query"], "collateral valuation");
    for (i, r) in found["results"].as_array().unwrap().iter().enumerate() {
        let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "exact",
                "highlights",
                "id",
                "kind",
                "path",
                "rank",
                "score",
                "snippet",
                "title",
                "url"
            ]
        );
        assert_eq!(r["rank"], i + 1);
        assert!(r["score"].as_f64().unwrap() > 0.0);
        assert!(["term", "definition", "area"].contains(&r["kind"].as_str().unwrap()));
        let url = r["url"].as_str().unwrap();
        assert!(
            url.starts_with("https://search.test/") && url.ends_with(r["path"].as_str().unwrap())
        );
    }
}

#[test]
fn clear_messages() {
    let site = built_site();
    glossa(site.path())
        .args(["search", "zeppelin"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Every entry, A–Z: http"))
        .stderr(predicate::str::contains("no results for “zeppelin”"));
    // Nothing found for a typo too far from every word: the closest words are suggested.
    let found = search(site.path(), &["rehypotxxcaton"]);
    assert_eq!(found["total"], 0, "{found}");
    assert_eq!(found["suggestions"], serde_json::json!(["rehypothecation"]));
    assert!(found.get("glossary").is_none(), "{found}");
    glossa(site.path())
        .args(["search", "\"margin call"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "invalid query: a quote is not closed",
        ));
    glossa(site.path())
        .args(["search", "?!"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nothing to search for"));
    let empty = tempfile::tempdir().unwrap();
    glossa(empty.path())
        .args(["search", "haircut"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("run `glossa build` first"));
}

/// The content hash kept in the index's commit payload.
fn index_hash(root: &Path) -> String {
    let meta = std::fs::read_to_string(root.join(".glossa/index/tantivy/meta.json")).unwrap();
    let meta: Value = serde_json::from_str(&meta).unwrap();
    let payload: Value = serde_json::from_str(meta["payload"].as_str().unwrap()).unwrap();
    payload["hash"].as_str().unwrap().to_string()
}

#[test]
fn the_index_is_rebuilt_only_when_content_changes() {
    let site = built_site();
    let hash = index_hash(site.path());
    let meta = site.path().join(".glossa/index/tantivy/meta.json");
    let written = std::fs::metadata(&meta).unwrap().modified().unwrap();
    glossa(site.path())
        .args(["build", "-v"])
        .assert()
        .success()
        .stderr(predicate::str::contains("search index unchanged"));
    assert_eq!(
        std::fs::metadata(&meta).unwrap().modified().unwrap(),
        written
    );
    assert!(site.path().join("public/search/index.json").is_file());

    // A failed build leaves the index as it was.
    let entry = site.path().join("content/definitions/volatility.md");
    let text = std::fs::read_to_string(&entry).unwrap();
    std::fs::write(&entry, text.replace("swings", "zigzags")).unwrap();
    std::fs::write(
        site.path().join("content/terms/broken.md"),
        "+++\ntitle = \"Broken\"\ndate = 2026-02-30\n+++\n",
    )
    .unwrap();
    glossa(site.path()).arg("build").assert().code(1);
    assert_eq!(index_hash(site.path()), hash);
    assert_eq!(search(site.path(), &["zigzags"])["total"], 0);

    std::fs::remove_file(site.path().join("content/terms/broken.md")).unwrap();
    glossa(site.path())
        .args(["build", "-v"])
        .assert()
        .success()
        .stderr(predicate::str::contains("search index rebuilt"));
    assert_ne!(index_hash(site.path()), hash);
    assert_eq!(
        ids(&search(site.path(), &["zigzags"])),
        ["definition-volatility"]
    );
    let mut leftovers: Vec<_> = std::fs::read_dir(site.path().join(".glossa"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    leftovers.sort();
    // The index and the cache of sharing cards; no temporary folder.
    assert_eq!(
        leftovers,
        ["build.json", "cards", "index"],
        "no temporary folders left"
    );
}

/// The documents of `export search` (plain form).
fn exported(root: &Path, format: &str) -> String {
    let out = glossa(root)
        .args(["export", "search", "--format", format])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

/// Checks one search document against the schema in the README, and the engines' rules:
/// Meilisearch ids are `[A-Za-z0-9_-]{1,511}`; OpenSearch/Elasticsearch reserve fields
/// starting with `_`.
fn check_document(doc: &Value) {
    let obj = doc.as_object().expect("a document is a JSON object");
    for key in obj.keys() {
        assert!(!key.starts_with('_'), "reserved field {key}");
    }
    for key in [
        "id",
        "kind",
        "slug",
        "title",
        "description",
        "body",
        "url",
        "path",
    ] {
        assert!(obj[key].is_string(), "{key} in {doc}");
    }
    assert!(obj["aliases"].is_array());
    let id = obj["id"].as_str().unwrap();
    assert!(
        !id.is_empty()
            && id.len() <= 511
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
        "{id}"
    );
    assert_eq!(
        id,
        format!(
            "{}-{}",
            obj["kind"].as_str().unwrap(),
            obj["slug"].as_str().unwrap()
        )
    );
    assert!(["term", "definition", "area"].contains(&obj["kind"].as_str().unwrap()));
}

#[test]
fn export_search_plain_is_one_document_a_line() {
    let site = built_site();
    let text = exported(site.path(), "plain");
    assert!(text.ends_with('\n'));
    let docs: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(docs.len(), 8);
    docs.iter().for_each(check_document);
    let haircut = docs.iter().find(|d| d["id"] == "term-haircut").unwrap();
    assert_eq!(
        haircut["aliases"],
        serde_json::json!(["collateral discount"])
    );
    assert_eq!(haircut["url"], "https://search.test/term/haircut/");
    assert!(haircut["body"]
        .as_str()
        .unwrap()
        .starts_with("A lender that accepts"));
    assert!(!haircut["body"].as_str().unwrap().contains('*'));
    // The same documents the index holds: every title is searchable, and finds its
    // entry first.
    for d in &docs {
        let found = ids(&search(site.path(), &[d["title"].as_str().unwrap()]));
        assert_eq!(found[0], d["id"].as_str().unwrap(), "{found:?}");
    }
}

#[test]
fn export_search_bulk_is_action_and_document_pairs() {
    let site = built_site();
    let text = exported(site.path(), "bulk");
    // The _bulk API: newline-delimited, ending with a newline, action line then source.
    assert!(text.ends_with('\n'));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 16);
    for pair in lines.chunks(2) {
        let action: Value = serde_json::from_str(pair[0]).unwrap();
        let doc: Value = serde_json::from_str(pair[1]).unwrap();
        let action = action.as_object().unwrap();
        assert_eq!(action.len(), 1, "one action per line");
        let meta = action["index"].as_object().expect("an index action");
        assert_eq!(meta.keys().collect::<Vec<_>>(), ["_id"]);
        assert_eq!(meta["_id"], doc["id"]);
        check_document(&doc);
    }
    // -o writes the same bytes to a file.
    let file = site.path().join("bulk.ndjson");
    glossa(site.path())
        .args(["export", "search", "--format", "bulk", "-o"])
        .arg(&file)
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(file).unwrap(), text);
}
