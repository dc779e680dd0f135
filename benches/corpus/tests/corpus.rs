//! End-to-end checks of generated corpora.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use glossa_corpus::{counts, generate, Formats, Options, DEFINITION_BYTES, TERM_BYTES};

const BOTH: Formats = Formats {
    native: true,
    hugo: true,
    export: false,
};

const EXPORT: Formats = Formats {
    native: false,
    hugo: false,
    export: true,
};

fn write(dir: &Path, n: usize, seed: u64, formats: Formats) {
    let options = Options {
        n,
        seed,
        out: dir.to_path_buf(),
        formats,
    };
    generate(&options).expect("generate");
}

/// Every file under `root`, by path relative to it.
fn files(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_path_buf();
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// FNV-1a over every (path, contents) pair in path order.
fn tree_hash(root: &Path) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (path, bytes) in files(root) {
        let path = path.to_string_lossy().replace('\\', "/");
        for &b in path.as_bytes().iter().chain([0u8].iter()).chain(&bytes) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

fn valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// The parts of a native entry the tests look at.
#[derive(Debug)]
struct Parsed {
    title: String,
    date: String,
    updated: Option<String>,
    aliases: Vec<String>,
    related: Vec<String>,
    areas: Vec<String>,
    body: String,
}

fn string_list(value: &str) -> Vec<String> {
    let inner = value
        .strip_prefix('[')
        .and_then(|v| v.strip_suffix(']'))
        .unwrap_or_else(|| panic!("not a list: {value}"));
    inner
        .split(", ")
        .filter(|s| !s.is_empty())
        .map(|s| s.trim_matches('"').to_string())
        .collect()
}

fn parse(text: &str) -> Parsed {
    let rest = text.strip_prefix("+++\n").expect("front matter opens");
    let (front, body) = rest.split_once("+++\n").expect("front matter closes");
    let mut parsed = Parsed {
        title: String::new(),
        date: String::new(),
        updated: None,
        aliases: Vec::new(),
        related: Vec::new(),
        areas: Vec::new(),
        body: body.to_string(),
    };
    for line in front.lines() {
        let (key, value) = line.split_once(" = ").expect("key = value");
        match key {
            "title" => parsed.title = value.trim_matches('"').to_string(),
            "date" => parsed.date = value.to_string(),
            "updated" => parsed.updated = Some(value.to_string()),
            "aliases" => parsed.aliases = string_list(value),
            "related" => parsed.related = string_list(value),
            "areas" => parsed.areas = string_list(value),
            "description" => assert!(value.ends_with(".\""), "{value}"),
            other => panic!("unexpected key {other}"),
        }
    }
    parsed
}

/// kind folder → slug → entry.
fn native_entries(site: &Path) -> BTreeMap<&'static str, BTreeMap<String, Parsed>> {
    let mut out = BTreeMap::new();
    for kind in ["areas", "terms", "definitions"] {
        let mut entries = BTreeMap::new();
        for entry in fs::read_dir(site.join("content").join(kind)).unwrap() {
            let path = entry.unwrap().path();
            let slug = path.file_stem().unwrap().to_string_lossy().to_string();
            assert_eq!(path.extension().unwrap(), "md");
            let text = fs::read_to_string(&path).unwrap();
            entries.insert(slug, parse(&text));
        }
        out.insert(kind, entries);
    }
    out
}

#[test]
fn same_seed_gives_identical_output_and_another_seed_does_not() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let c = tempfile::tempdir().unwrap();
    write(a.path(), 200, 7, BOTH);
    write(b.path(), 200, 7, BOTH);
    write(c.path(), 200, 8, BOTH);
    assert_eq!(files(a.path()).len(), files(b.path()).len());
    assert_eq!(tree_hash(a.path()), tree_hash(b.path()));
    assert_ne!(tree_hash(a.path()), tree_hash(c.path()));
    // Regenerating into the same folder replaces the earlier output exactly.
    write(a.path(), 200, 8, BOTH);
    assert_eq!(tree_hash(a.path()), tree_hash(c.path()));
}

#[test]
fn mix_counts_are_exact() {
    for n in [10, 200, 1234] {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), n, 3, BOTH);
        let (areas, terms, definitions) = counts(n);
        assert_eq!(areas, n / 10);
        assert_eq!(terms, n * 6 / 10);
        assert_eq!(areas + terms + definitions, n);
        let native = native_entries(&dir.path().join("native"));
        assert_eq!(native["areas"].len(), areas, "n={n}");
        assert_eq!(native["terms"].len(), terms, "n={n}");
        assert_eq!(native["definitions"].len(), definitions, "n={n}");
        for (section, want) in [
            ("area", areas),
            ("term", terms),
            ("definition", definitions),
        ] {
            let got = fs::read_dir(dir.path().join("hugo/content").join(section))
                .unwrap()
                .filter(|e| e.as_ref().unwrap().file_name() != "_index.md")
                .count();
            assert_eq!(got, want, "hugo {section}, n={n}");
        }
    }
}

#[test]
fn links_resolve_slugs_are_valid_and_sizes_are_in_range() {
    for seed in [1, 2, 3] {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            200,
            seed,
            Formats {
                native: true,
                hugo: false,
                export: false,
            },
        );
        let native = native_entries(&dir.path().join("native"));
        let mut all: BTreeSet<&str> = BTreeSet::new();
        let mut titles = BTreeSet::new();
        for entries in native.values() {
            for (slug, e) in entries {
                assert!(valid_slug(slug), "invalid slug {slug:?}");
                assert!(all.insert(slug), "slug {slug} used by two kinds");
                assert!(
                    titles.insert(e.title.to_lowercase()),
                    "duplicate title {}",
                    e.title
                );
                let words = e.title.split(' ').count();
                assert!((1..=4).contains(&words), "title {:?}", e.title);
            }
        }
        let areas = &native["areas"];
        for (kind, entries) in &native {
            for (slug, e) in entries {
                for r in &e.related {
                    assert!(all.contains(r.as_str()), "{slug}: unknown related {r}");
                    assert_ne!(r, slug, "{slug} names itself");
                }
                let unique: BTreeSet<_> = e.related.iter().collect();
                assert_eq!(unique.len(), e.related.len(), "{slug}: repeated related");
                for a in &e.areas {
                    assert!(areas.contains_key(a), "{slug}: unknown area {a}");
                }
                if *kind == "areas" {
                    assert!(e.areas.is_empty());
                    assert!((5..=15).contains(&e.related.len()), "{slug}");
                    assert!(e.related.iter().all(|r| !areas.contains_key(r)));
                    let questions: Vec<&str> =
                        e.body.lines().filter(|l| l.starts_with("## ")).collect();
                    assert_eq!(
                        questions,
                        [
                            format!("## What is the Mechanism of {}?", e.title),
                            format!("## How is {} Calculated?", e.title),
                            format!("## What are the Consequences of {}?", e.title),
                        ]
                    );
                } else {
                    assert!((1..=2).contains(&e.areas.len()), "{slug}");
                    assert!((2..=8).contains(&e.related.len()), "{slug}");
                }
                let len = e.body.len();
                match *kind {
                    "terms" => {
                        assert!(
                            (TERM_BYTES.0..=TERM_BYTES.1).contains(&len),
                            "term {slug}: {len} bytes"
                        );
                        assert!(e.body.matches("\n## ").count() >= 3, "{slug}");
                        assert!(e.body.contains("\n- **"), "{slug}: no list");
                        assert!(e.body.contains("\n| --- |"), "{slug}: no table");
                    }
                    "definitions" => {
                        assert!(
                            (DEFINITION_BYTES.0..=DEFINITION_BYTES.1).contains(&len),
                            "definition {slug}: {len} bytes"
                        );
                        assert!(!e.body.contains("## "), "{slug}");
                    }
                    _ => {}
                }
            }
        }
    }
}

#[test]
fn hugo_site_carries_the_same_entries() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), 100, 5, BOTH);
    let native = native_entries(&dir.path().join("native"));
    let hugo = dir.path().join("hugo");
    for layout in [
        "_default/baseof.html",
        "_default/single.html",
        "_default/list.html",
        "area/single.html",
        "index.html",
        "404.html",
    ] {
        assert!(hugo.join("layouts").join(layout).is_file(), "{layout}");
    }
    let config = fs::read_to_string(hugo.join("hugo.toml")).unwrap();
    assert!(config.contains("disableKinds = [\"taxonomy\", \"term\"]"));
    assert!(config.contains("baseURL = \"https://bench.example/\""));
    for (kind, section) in [
        ("areas", "area"),
        ("terms", "term"),
        ("definitions", "definition"),
    ] {
        for (slug, e) in &native[kind] {
            let text = fs::read_to_string(
                hugo.join("content")
                    .join(section)
                    .join(format!("{slug}.md")),
            )
            .unwrap();
            let (front, body) = text[4..].split_once("+++\n").unwrap();
            assert_eq!(body, e.body, "{section}/{slug}");
            assert!(front.contains(&format!("title = \"{}\"", e.title)));
            assert!(front.contains("related_paths = [\"/"), "{section}/{slug}");
        }
    }
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("native")).unwrap();
    fs::write(dir.path().join("native/keep.txt"), "mine").unwrap();
    let err = generate(&Options {
        n: 10,
        seed: 1,
        out: dir.path().to_path_buf(),
        formats: BOTH,
    })
    .unwrap_err();
    assert!(
        err.to_string().contains("not written by glossa-corpus"),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("native/keep.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn cli_writes_the_export_format() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_glossa-corpus"))
        .args(["--n", "30", "--seed", "1", "--format", "export", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("export/area").is_dir());
    assert!(!dir.path().join("native").exists());
    assert!(!dir.path().join("hugo").exists());
}

/// The related URLs of an exported area page, and its question headings.
fn area_parts(text: &str) -> (Vec<String>, Vec<String>) {
    let mut urls = Vec::new();
    let mut questions = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("## [") {
            let url = rest.rsplit_once("](").unwrap().1.trim_end_matches(')');
            urls.push(url.to_string());
        } else if let Some(q) = line.strip_prefix("## ").filter(|q| q.ends_with('?')) {
            questions.push(q.to_string());
        }
    }
    (urls, questions)
}

#[test]
fn export_pages_follow_the_format_and_are_deterministic() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let c = tempfile::tempdir().unwrap();
    write(a.path(), 300, 4, EXPORT);
    write(b.path(), 300, 4, EXPORT);
    write(c.path(), 300, 5, EXPORT);
    assert_eq!(tree_hash(a.path()), tree_hash(b.path()));
    assert_ne!(tree_hash(a.path()), tree_hash(c.path()));

    let root = a.path().join("export");
    let pages: BTreeMap<PathBuf, Vec<u8>> = files(&root)
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    let (areas, terms, definitions) = counts(300);
    let in_dir = |d: &str| pages.keys().filter(|p| p.starts_with(d)).count();
    let resource_pages = pages
        .keys()
        .filter(|p| p.to_string_lossy().contains("-resource-"))
        .count();
    assert!(resource_pages > 0, "no area has resource pages");
    assert_eq!(in_dir("area"), areas + resource_pages);
    // Some terms and definitions have no page: related items point outside the export.
    let missing = terms + definitions - in_dir("term") - in_dir("definition");
    assert!(
        (1..(terms + definitions) / 5).contains(&missing),
        "{missing} entries without a page"
    );

    let mut linked = BTreeSet::new();
    let mut outside = 0;
    for (path, bytes) in &pages {
        let text = String::from_utf8(bytes.clone()).unwrap();
        let first = text.lines().next().unwrap();
        let section = path.iter().next().unwrap().to_string_lossy().into_owned();
        let label = match section.as_str() {
            "area" => "Area",
            "term" => "Term",
            _ => "Definition",
        };
        assert!(
            first.starts_with("# ") && first.contains(&format!(" ⎊ {label}")),
            "{path:?}: {first}"
        );
        assert!(text.contains("\n## Raw Schema Data\n"), "{path:?}");
        let last = text.lines().last().unwrap();
        let url = last.strip_prefix("**Original URL:** ").unwrap();
        assert!(
            url.starts_with(&format!("https://bench.example/{section}/")) && url.ends_with('/'),
            "{path:?}: {url}"
        );
        let blocks = if section == "area" { 3 } else { 2 };
        let schema = &text[text.find("\n## Raw Schema Data\n").unwrap()..];
        assert_eq!(schema.matches("```json\n").count(), blocks, "{path:?}");
        assert_eq!(schema.matches("\n```\n").count(), blocks, "{path:?}");
        if section == "area" {
            let (urls, questions) = area_parts(&text);
            assert!(!questions.is_empty(), "{path:?}");
            assert!(urls.len() <= glossa_corpus::export::PAGE_ITEMS, "{path:?}");
            for u in urls {
                let rel = u
                    .strip_prefix("https://bench.example/")
                    .unwrap()
                    .trim_end_matches('/');
                if !pages.contains_key(&PathBuf::from(format!("{rel}.txt"))) {
                    outside += 1;
                }
                linked.insert(u);
            }
            if path.to_string_lossy().contains("-resource-") {
                let n = path
                    .to_string_lossy()
                    .rsplit('-')
                    .next()
                    .unwrap()
                    .trim_end_matches(".txt")
                    .to_string();
                assert!(first.ends_with(&format!("⎊ Resource {n}")), "{first}");
                assert!(url.ends_with(&format!("/resource/{n}/")), "{url}");
            }
        }
    }
    assert!(outside > 0, "no related item points outside the export");
    assert!(linked.len() > outside);
}

#[test]
fn cli_writes_native_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_glossa-corpus"))
        .args(["--n", "20", "--seed", "9", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let config = fs::read_to_string(dir.path().join("native/glossa.toml")).unwrap();
    assert!(config.contains("base_url = \"https://bench.example/\""));
    assert!(!dir.path().join("hugo").exists());
}

#[test]
fn dates_aliases_and_mentions_look_like_a_glossary() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        500,
        11,
        Formats {
            native: true,
            hugo: false,
            export: false,
        },
    );
    let native = native_entries(&dir.path().join("native"));
    let entries: Vec<(&str, &Parsed)> = native
        .values()
        .flat_map(|m| m.iter().map(|(s, e)| (s.as_str(), e)))
        .collect();
    let (mut updated, mut with_aliases) = (0, 0);
    let mut names = BTreeSet::new();
    for (slug, e) in &entries {
        assert_eq!(e.date.len(), 10, "{slug}: {}", e.date);
        assert!(
            ("2024-01-01"..="2026-10-31").contains(&e.date.as_str()),
            "{slug}"
        );
        if let Some(u) = &e.updated {
            assert!(
                u.as_str() > e.date.as_str() && u.as_str() <= "2026-10-31",
                "{slug}"
            );
            updated += 1;
        }
        assert!(e.aliases.len() <= 2, "{slug}");
        with_aliases += usize::from(!e.aliases.is_empty());
        for name in std::iter::once(&e.title).chain(&e.aliases) {
            assert!(names.insert(name.to_lowercase()), "{slug}: {name} is taken");
        }
    }
    let pct = |k: usize| k * 100 / entries.len();
    assert!(
        (30..=50).contains(&pct(updated)),
        "updated on {}%",
        pct(updated)
    );
    assert!(
        (35..=60).contains(&pct(with_aliases)),
        "aliases on {}%",
        pct(with_aliases)
    );
    // Term bodies name at least five other entries (in any case) for an auto-linker to find.
    for (slug, e) in &native["terms"] {
        let body = e.body.to_lowercase();
        let found = entries
            .iter()
            .filter(|(other, _)| other != slug)
            .flat_map(|(_, o)| std::iter::once(&o.title).chain(&o.aliases))
            .filter(|name| name.len() >= 4 && body.contains(&name.to_lowercase()))
            .count();
        assert!(found >= 5, "{slug}: {found} mentions");
    }
}
