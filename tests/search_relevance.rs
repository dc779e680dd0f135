//! The relevance set: `tests/fixtures/relevance/queries.tsv` lists queries over the
//! fixture glossary `tests/fixtures/relevance` (names with capitals inside and punctuated
//! names written apart, joined or hyphenated, plurals, typos at every position of a word,
//! questions, concepts described without the name), each with the entry that must come
//! first. `glossa search` and the browser's search page (headless Chromium, driven by
//! `tests/js/search-relevance.mjs`) must each put it first for at least 95% of the
//! names (with plurals and questions) and of the typos, and among the first three for
//! at least 90% of the concepts.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// One line of the set.
struct Case {
    kind: String,
    query: String,
    /// `kind/slug` of the entry that must come first.
    want: String,
}

fn cases() -> Vec<Case> {
    let path = common::repo_root().join("tests/fixtures/relevance/queries.tsv");
    let text = std::fs::read_to_string(&path).unwrap();
    let cases: Vec<Case> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let parts: Vec<&str> = l.split('\t').collect();
            assert_eq!(parts.len(), 3, "{}: {l}", path.display());
            Case {
                kind: parts[0].to_string(),
                query: parts[1].to_string(),
                want: parts[2].to_string(),
            }
        })
        .collect();
    assert!(cases.len() >= 60, "{}", cases.len());
    cases
}

/// The rank group a kind of query is held to: `(group, top n, share required)`.
fn group(kind: &str) -> (&'static str, usize, f64) {
    match kind {
        "name" | "plural" | "question" => ("names", 1, 0.95),
        "typo" => ("typos", 1, 0.95),
        "concept" => ("concepts", 3, 0.90),
        other => panic!("unknown kind of query {other}"),
    }
}

/// Checks the share of each group found within its top n, given the paths of the first
/// results of each case (`/kind/slug/`); returns a report of the misses.
fn score(surface: &str, cases: &[Case], tops: &[Vec<String>]) -> String {
    let mut groups: BTreeMap<&str, (usize, usize, f64)> = BTreeMap::new();
    let mut misses = String::new();
    for (case, top) in cases.iter().zip(tops) {
        let (name, n, share) = group(&case.kind);
        let want = format!("/{}/", case.want);
        let hit = top.iter().take(n).any(|p| p.ends_with(&want));
        let g = groups.entry(name).or_insert((0, 0, share));
        g.0 += 1;
        g.1 += usize::from(hit);
        if !hit {
            misses.push_str(&format!(
                "  {surface} {}: {:?} → {top:?}\n",
                case.query, case.want
            ));
        }
    }
    let mut report = String::new();
    for (name, (total, found, share)) in &groups {
        report.push_str(&format!("{surface} {name}: {found}/{total}\n"));
        assert!(
            *found as f64 >= share * *total as f64,
            "{surface}: {name} {found}/{total} below {share}\n{misses}"
        );
    }
    eprint!("{report}{misses}");
    report
}

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let site = common::fixture_site("relevance");
    let public = site.path().join("public");
    let out = common::run_glossa([
        "--root".as_ref(),
        site.path().as_os_str(),
        "build".as_ref(),
        "-q".as_ref(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (site, public)
}

fn cli_top(root: &Path, query: &str) -> Vec<String> {
    let out = common::run_glossa([
        "--root".as_ref(),
        root.as_os_str(),
        "search".as_ref(),
        "--json".as_ref(),
        "--limit".as_ref(),
        "3".as_ref(),
        query.as_ref(),
    ]);
    assert!(
        out.status.success(),
        "{query}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_cli_finds_what_readers_type() {
    let cases = cases();
    let (site, _public) = built();
    let tops: Vec<Vec<String>> = cases
        .iter()
        .map(|c| cli_top(site.path(), &c.query))
        .collect();
    score("cli", &cases, &tops);
}

#[test]
fn the_browser_finds_what_readers_type() {
    let js = common::ensure_node_tools();
    let cases = cases();
    let (site, public) = built();
    let list = site.path().join("queries.txt");
    let queries: Vec<&str> = cases.iter().map(|c| c.query.as_str()).collect();
    std::fs::write(&list, queries.join("\n") + "\n").unwrap();
    let out = Command::new(common::require_node())
        .arg(js.join("search-relevance.mjs"))
        .arg(&public)
        .arg(&list)
        .output()
        .expect("failed to run node tests/js/search-relevance.mjs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), cases.len());
    let tops: Vec<Vec<String>> = lines
        .iter()
        .zip(&cases)
        .map(|(l, c)| {
            assert_eq!(l["q"], c.query.as_str());
            l["top"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h.as_str().unwrap().to_string())
                .collect()
        })
        .collect();
    score("browser", &cases, &tops);
    // The same first result as the CLI for every query.
    for (case, top) in cases.iter().zip(&tops) {
        let cli = cli_top(site.path(), &case.query);
        assert_eq!(
            top.first()
                .map(|h| h.trim_start_matches("https://relevance.example.test")),
            cli.first().map(String::as_str),
            "{}: browser {top:?}, cli {cli:?}",
            case.query
        );
    }
}

/// `glossa search --area` and `--kind` filter, and the facets count the matches of each
/// kind under the area filter and of each area under the kind filter.
#[test]
fn facets_count_kinds_and_areas_and_filter() {
    let (site, _public) = built();
    let json = |args: &[&str]| -> Value {
        let mut all: Vec<&std::ffi::OsStr> = vec![
            "--root".as_ref(),
            site.path().as_os_str(),
            "search".as_ref(),
            "--json".as_ref(),
        ];
        all.extend(args.iter().map(std::ffi::OsStr::new));
        let out = common::run_glossa(all);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let all = json(&["web"]);
    let kinds = &all["facets"]["kinds"];
    let sum: u64 = kinds
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(sum, all["total"].as_u64().unwrap(), "{all}");
    let security = all["facets"]["areas"]["security"].as_u64().unwrap();
    let only = json(&["web", "--area", "security"]);
    assert_eq!(only["total"].as_u64().unwrap(), security, "{only}");
    for hit in only["results"].as_array().unwrap() {
        let path = hit["path"].as_str().unwrap();
        let slug = path.trim_end_matches('/').rsplit('/').next().unwrap();
        let kind = hit["kind"].as_str().unwrap();
        let file = site.path().join(format!("content/{kind}s/{slug}.md"));
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.contains("\"security\"") || slug == "security",
            "{path} is not in the area"
        );
    }
    // The area counts keep their totals under the area filter; the kinds follow it.
    assert_eq!(only["facets"]["areas"], all["facets"]["areas"]);
    let defs = json(&["web", "--area", "security", "--kind", "definition"]);
    assert_eq!(
        defs["total"], only["facets"]["kinds"]["definition"],
        "{defs}"
    );
    let none = json(&["web", "--area", "no-such-area"]);
    assert_eq!(none["total"], 0);
    // A reader sees the counts.
    let out = common::run_glossa([
        "--root".as_ref(),
        site.path().as_os_str(),
        "search".as_ref(),
        "web".as_ref(),
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("areas (--area): "), "{text}");
    assert!(text.contains(&format!("security {security}")), "{text}");
}
