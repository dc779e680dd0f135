//! Browser search in a real headless Chromium (Debian's `chromium`, driven by
//! playwright-core from `tests/js`): the example site, the same at a sub-path base URL,
//! and a generated corpus are built, served by a local static server, and queried by
//! typing into the search box (`tests/js/search-browser.mjs`). Checked here:
//!
//! - agreement with `glossa search` over a fixed list of queries per site (typos, other
//!   word forms, several words, aliases, rare words, exact titles, phrases that are
//!   names, common words): the same first result and at least four of the first five;
//! - bytes fetched per query (script included) within 100 KB;
//! - `/search/?q=…`, the kind filter, the header box, links under a sub-path;
//! - pages and the search page's message with JavaScript disabled; no script errors.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

/// The query of the `/search/?q=`, kind filter and header box checks.
const PAGE_QUERY: &str = "mark price";

const EXAMPLE_QUERIES: &[&str] = &[
    // other word forms
    "liquidated",
    "liquidating positions",
    "deleveraging",
    "collateralized loans",
    "hedging",
    // typos
    "liquidaton",
    "colateral",
    "levarage",
    "perpetaul swap",
    "oracel",
    "stablecion",
    "slipage",
    "insurence fund",
    "maintenence margin",
    "bankrupcy price",
    // several words
    "margin call",
    "funding rate payment",
    "mark price index",
    "health factor liquidation threshold",
    "open interest",
    "cross margin mode",
    "flash loan attack",
    // aliases
    "gearing",
    "clawback",
    "TWAP",
    "ADL",
    "price feed",
    "perp",
    "liquidator bot",
    "shortfall",
    "lot size",
    // rare words
    "altcoin",
    "algorithmic",
    "accrual",
    "aggregators",
    "abruptly",
    // exact titles, ranked first though other entries score higher
    "liquidation",
    "Margin",
    "funding rate",
    // phrases that are names or parts of names (checked exactly in the browser)
    "\"initial margin\"",
    "\"funding rate\" payment",
    "\"mark price\"",
    "\"liquidation price\" oracle",
    "\"weighted average\"",
    // common words beside others
    "what is a liquidation",
    "the insurance fund",
];

const CORPUS_QUERIES: &[&str] = &[
    // titles and several words
    "snempraur auction",
    "cap funding",
    "solvency seaxcre",
    "partial liquidation vault",
    "batch circuit",
    "alpha peg oracle",
    "basis perpetual counterparty",
    "volatility bankruptcy liability",
    "index auction interest",
    "haircut bid",
    "oracle spread",
    // aliases
    "premium zyltsarn framework",
    "quote keepers",
    "delta convexity auction ratio",
    "option funding framework",
    "reference interests",
    "OSP",
    "DCA",
    // rare words
    "zyrnspykswek",
    "moustkoxvond",
    "bliostkax",
    "feskvolt",
    "staststas",
    // typos
    "snempruar",
    "seaxcr",
    "zyltsran",
    "moustkoxvnd",
    "liquidaiton",
    "volatilty",
    "counterpary",
    // other word forms
    "auctions",
    "liquidated",
    "hedging",
    "staked",
    "oracles",
    // exact titles and phrases that are names
    "attack",
    "auction ask",
    "\"alpha vault\"",
    "\"arbitrage buffer\" default",
    "\"atomic buffer\"",
    "what is an arbitrage buffer",
];

fn run_glossa(args: &[&std::ffi::OsStr]) -> Vec<u8> {
    common::run_glossa(args).stdout
}

/// Builds the site at `root` into `out` with `base_url`.
fn build(root: &Path, out: &Path, base_url: &str) {
    run_glossa(&[
        "--root".as_ref(),
        root.as_os_str(),
        "build".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
        "--base-url".as_ref(),
        base_url.as_ref(),
    ]);
}

/// The first five result paths of `glossa search` (paths relative to the base path).
fn cli_top5(root: &Path, query: &str, base_path: &str) -> Vec<String> {
    let out = run_glossa(&[
        "--root".as_ref(),
        root.as_os_str(),
        "search".as_ref(),
        "--json".as_ref(),
        "--limit".as_ref(),
        "5".as_ref(),
        query.as_ref(),
    ]);
    let v: Value = serde_json::from_slice(&out).unwrap();
    v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let path = r["path"].as_str().unwrap();
            path.strip_prefix(base_path).unwrap_or(path).to_string()
        })
        .collect()
}

/// The example site's sources (its own `.glossa/index` must not be touched by tests).
fn copy_example_site(to: &Path) {
    let example = common::repo_root();
    for item in walkdir::WalkDir::new(&example)
        .into_iter()
        .filter_entry(|e| {
            e.depth() != 1
                || ["content", "static", "templates", "glossa.toml"]
                    .contains(&e.file_name().to_str().unwrap_or(""))
        })
    {
        let item = item.unwrap();
        let target = to.join(item.path().strip_prefix(&example).unwrap());
        if item.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(item.path(), &target).unwrap();
        }
    }
}

/// `glossa search --json --limit N` for `query`: `(path, score, exact)` of each hit, and
/// the total, and the whole answer.
fn cli_scores(root: &Path, query: &str, limit: usize) -> (Vec<(String, f64, bool)>, u64, Value) {
    let out = run_glossa(&[
        "--root".as_ref(),
        root.as_os_str(),
        "search".as_ref(),
        "--json".as_ref(),
        "--limit".as_ref(),
        limit.to_string().as_ref(),
        query.as_ref(),
    ]);
    let v: Value = serde_json::from_slice(&out).unwrap();
    let hits = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["path"].as_str().unwrap().to_string(),
                r["score"].as_f64().unwrap(),
                r["exact"].as_bool().unwrap(),
            )
        })
        .collect();
    (hits, v["total"].as_u64().unwrap(), v)
}

/// Queries that find nothing: the suggestions agree.
const NOTHING: &[&str] = &["liquxxxxtion", "marxxn", "colxxxeral oraxxx", "zzmarqin"];

/// Phrases that are no name: without word positions the browser finds every document
/// `glossa search` finds, and may find more (the words in one field, apart).
const LOOSE_PHRASES: &[&str] = &[
    "\"the position\"",
    "\"price mark\"",
    "\"margin of\"",
    "\"of the\"",
];

/// The browser's engine run in node gives the CLI's results with the CLI's scores: the
/// same BM25 from the same statistics, in 32-bit floats (ties broken alike), the same
/// names first. Every title and alias of the example site finds its entry first.
#[test]
fn the_browser_engine_scores_like_tantivy() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("example");
    copy_example_site(&root);
    let public = tmp.path().join("public");
    build(&root, &public, "https://example.test/");
    // Every name of the site, with the path of its entry.
    let exported = run_glossa(&[
        "--root".as_ref(),
        root.as_os_str(),
        "export".as_ref(),
        "search".as_ref(),
    ]);
    let mut names: Vec<(String, String)> = Vec::new();
    for line in String::from_utf8(exported).unwrap().lines() {
        let doc: Value = serde_json::from_str(line).unwrap();
        let path = doc["path"].as_str().unwrap().to_string();
        names.push((doc["title"].as_str().unwrap().to_string(), path.clone()));
        for alias in doc["aliases"].as_array().unwrap() {
            names.push((alias.as_str().unwrap().to_string(), path.clone()));
        }
    }
    assert!(names.len() > 60, "{names:?}");
    let mut queries: Vec<&str> = EXAMPLE_QUERIES
        .iter()
        .copied()
        .chain([
            "the",
            "a margin of the",
            "a margin of the position",
            "price",
            "liquidation of collateral",
            "\"price\"",
        ])
        .chain(NOTHING.iter().copied())
        .collect();
    queries.extend(names.iter().map(|(n, _)| n.as_str()));
    // Names of several words as phrases: the browser's lists of where they occur (found
    // while indexing) equal tantivy's phrase queries.
    let quoted: Vec<String> = names
        .iter()
        .filter(|(n, _)| n.contains(' '))
        .map(|(n, _)| format!("\"{n}\""))
        .collect();
    assert!(quoted.len() > 30, "{quoted:?}");
    queries.extend(quoted.iter().map(String::as_str));
    queries.extend(LOOSE_PHRASES);
    let list = tmp.path().join("queries.txt");
    std::fs::write(&list, queries.join("\n") + "\n").unwrap();
    let out = Command::new(common::require_node())
        .arg(common::js_dir().join("search-node.mjs"))
        .arg(public.join("search"))
        .arg(&list)
        .output()
        .expect("failed to run node tests/js/search-node.mjs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    assert_eq!(lines.len(), queries.len());
    let mut compared = 0;
    let mut facets_compared = 0;
    for (line, query) in lines.iter().zip(&queries) {
        let js: Value = serde_json::from_str(line).unwrap();
        if LOOSE_PHRASES.contains(query) {
            let (cli, total, _) = cli_scores(&root, query, 1000);
            let all: Vec<&str> = js["all"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap())
                .collect();
            assert!(js["total"].as_u64().unwrap() >= total, "{query}");
            for (path, _, _) in &cli {
                assert!(
                    all.contains(&path.as_str()),
                    "{query}: {path} not in {all:?}"
                );
            }
            continue;
        }
        let (cli, total, full) = cli_scores(&root, query, 10);
        assert_eq!(js["total"].as_u64().unwrap(), total, "{query}: totals");
        if EXAMPLE_QUERIES.contains(query) || NOTHING.contains(query) {
            // The facets and the suggestions too.
            assert_eq!(js["facets"], full["facets"], "{query}: facets");
            assert_eq!(
                js["suggestions"], full["suggestions"],
                "{query}: suggestions"
            );
            facets_compared += 1;
        }
        let js: Vec<(String, f64, bool)> = js["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h["path"].as_str().unwrap().to_string(),
                    h["score"].as_f64().unwrap(),
                    h["exact"].as_bool().unwrap(),
                )
            })
            .collect();
        assert_eq!(js.len(), cli.len(), "{query}");
        for ((jp, js, je), (cp, cs, ce)) in js.iter().zip(&cli) {
            assert_eq!(jp, cp, "{query}: js {js:?} cli {cli:?}");
            assert_eq!(je, ce, "{query}: {jp} named");
            assert!(
                (js - cs).abs() <= 1e-5 * cs.abs().max(1.0),
                "{query}: {jp} {js} vs {cs}"
            );
            compared += 1;
        }
    }
    assert!(compared > 400, "{compared}");
    assert!(facets_compared > 45, "{facets_compared}");
    // A name finds its entry first (or among the first, when entries share it).
    for (name, path) in &names {
        let (cli, _, _) = cli_scores(&root, name, 10);
        let named: Vec<&str> = cli
            .iter()
            .take_while(|h| h.2)
            .map(|h| h.0.as_str())
            .collect();
        assert!(named.contains(&path.as_str()), "{name}: {cli:?}");
    }
}

struct Site {
    name: &'static str,
    root: PathBuf,
    public: PathBuf,
    prefix: &'static str,
    queries: &'static [&'static str],
    term: &'static str,
}

fn spec(sites: &[Site]) -> Value {
    let sites: Vec<Value> = sites
        .iter()
        .map(|s| {
            json!({
                "name": s.name,
                "dir": s.public,
                "prefix": s.prefix,
                "queries": s.queries.iter().map(|q| json!({"q": q})).collect::<Vec<_>>(),
                "page": {"q": PAGE_QUERY, "kind": "definition"},
                "term": s.term,
            })
        })
        .collect();
    json!({ "sites": sites })
}

#[test]
fn browser_search_agrees_with_the_cli_and_stays_small() {
    let js = common::ensure_node_tools();
    assert!(
        Path::new("/usr/bin/chromium").is_file(),
        "/usr/bin/chromium is missing: `apt-get install -y chromium chromium-driver` (see .ci/run)"
    );
    let tmp = tempfile::Builder::new()
        .prefix("search-browser-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap();
    let example_copy = tmp.path().join("example");
    copy_example_site(&example_copy);
    let corpus = tmp.path().join("corpus");
    glossa_corpus::generate(&glossa_corpus::Options {
        n: 1000,
        seed: 42,
        out: corpus.clone(),
        formats: glossa_corpus::Formats {
            native: true,
            hugo: false,
            export: false,
        },
    })
    .unwrap();
    let sub = tmp.path().join("example-sub");
    std::fs::create_dir_all(&sub).unwrap();
    let sites = [
        Site {
            name: "example",
            root: example_copy.clone(),
            public: tmp.path().join("example-public"),
            prefix: "/",
            queries: EXAMPLE_QUERIES,
            term: "term/liquidation/",
        },
        Site {
            name: "example under /docs/",
            root: example_copy.clone(),
            public: tmp.path().join("example-docs-public"),
            prefix: "/docs/",
            queries: &["liquidaton", "margin call", "TWAP"],
            term: "term/liquidation/",
        },
        Site {
            name: "corpus",
            root: corpus.join("native"),
            public: tmp.path().join("corpus-public"),
            prefix: "/",
            queries: CORPUS_QUERIES,
            term: "term/wrapped/",
        },
    ];
    let mut expected: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
    for site in &sites {
        build(
            &site.root,
            &site.public,
            &format!("https://example.test{}", site.prefix),
        );
        for q in site.queries.iter().chain([&PAGE_QUERY]) {
            expected.insert((site.name, q), cli_top5(&site.root, q, site.prefix));
        }
    }

    let spec_file = tmp.path().join("spec.json");
    std::fs::write(
        &spec_file,
        serde_json::to_vec_pretty(&spec(&sites)).unwrap(),
    )
    .unwrap();
    let out = Command::new(common::require_node())
        .arg(js.join("search-browser.mjs"))
        .arg(&spec_file)
        .current_dir(&js)
        .output()
        .expect("failed to run node tests/js/search-browser.mjs");
    assert!(
        out.status.success(),
        "the browser driver failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "unreadable report ({e}):\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });

    let mut problems = Vec::new();
    let mut lines = Vec::new();
    for (site, result) in sites.iter().zip(report["sites"].as_array().unwrap()) {
        let prefix = site.prefix;
        let mut agreed = 0;
        for q in result["queries"].as_array().unwrap() {
            let query = q["q"].as_str().unwrap();
            let browser: Vec<String> = q["top"]
                .as_array()
                .unwrap()
                .iter()
                .take(5)
                .map(|h| {
                    let h = h.as_str().unwrap();
                    if !h.starts_with(prefix) {
                        problems.push(format!("{}: {query}: link {h} outside {prefix}", site.name));
                    }
                    h.strip_prefix(prefix).unwrap_or(h).to_string()
                })
                .collect();
            let typed: Vec<&str> = q["typed"]
                .as_array()
                .unwrap()
                .iter()
                .take(5)
                .map(|h| h.as_str().unwrap())
                .collect();
            let entered: Vec<&str> = q["top"]
                .as_array()
                .unwrap()
                .iter()
                .take(5)
                .map(|h| h.as_str().unwrap())
                .collect();
            if typed != entered {
                problems.push(format!(
                    "{}: {query:?} typed key by key gives {typed:?}, entered at once {entered:?}",
                    site.name
                ));
            }
            let cli = &expected[&(site.name, query)];
            let shared = cli.iter().filter(|p| browser.contains(p)).count();
            let needed = if cli.len() >= 5 { 4 } else { cli.len() };
            let same_first = cli.first() == browser.first();
            if cli.is_empty() || !same_first || shared < needed {
                problems.push(format!(
                    "{}: {query:?}: cli {cli:?}\n    browser {browser:?}",
                    site.name
                ));
            } else {
                agreed += 1;
            }
            let transfer = q["transfer"].as_u64().unwrap();
            if transfer > 100 * 1024 {
                problems.push(format!(
                    "{}: {query:?} fetched {transfer} bytes: {}",
                    site.name, q["files"]
                ));
            }
            lines.push(format!(
                "{:<22} {:<36} {:>6} B ({:>6} B decoded) warm {:?} ms",
                site.name, query, transfer, q["decoded"], q["warm_ms"]
            ));
        }
        lines.push(format!("{}: {agreed} queries agree", site.name));

        let c = &result["checks"];
        let base = prefix;
        let first_mark = format!("{base}{}", expected[&(site.name, PAGE_QUERY)][0]);
        if c["qparam"]["value"] != PAGE_QUERY || c["qparam"]["top"][0] != first_mark.as_str() {
            problems.push(format!("{}: /search/?q= {}", site.name, c["qparam"]));
        }
        let badges = c["kind"]["badges"].as_array().unwrap();
        if c["kind"]["selected"] != "definition"
            || badges.is_empty()
            || badges.iter().any(|b| b != "Definition")
        {
            problems.push(format!("{}: kind filter {}", site.name, c["kind"]));
        }
        let header = &c["header"];
        if header["visible"] != true
            || header["top"][0] != first_mark.as_str()
            || header["marked"].as_u64().unwrap_or(0) == 0
            || header["more"] != format!("{base}search/?q=mark%20price").as_str()
            || header["submitted"][0] != first_mark.as_str()
        {
            problems.push(format!("{}: header box {header}", site.name));
        }
        let nojs = &c["nojs"];
        if nojs["notice"] != true
            || nojs["az"] != format!("{base}glossary/").as_str()
            || nojs["term_title"].as_str().unwrap_or("").is_empty()
            || nojs["header_form"] != format!("{base}search/").as_str()
        {
            problems.push(format!("{}: without JavaScript {nojs}", site.name));
        }
    }
    let errors = report["errors"].as_array().unwrap();
    if !errors.is_empty() {
        problems.push(format!("script errors: {errors:?}"));
    }
    eprintln!("{}", lines.join("\n"));
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(
        EXAMPLE_QUERIES.len() >= 30 && CORPUS_QUERIES.len() >= 30,
        "the agreement lists hold 30+ queries each"
    );
}
