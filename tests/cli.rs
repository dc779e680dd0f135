//! End-to-end tests of the `glossa` binary on fixture sites written to temporary folders.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Copies a fixture site into a fresh temporary folder.
fn site(name: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture(name), tmp.path());
    tmp
}

fn copy_tree(from: &Path, to: &Path) {
    for item in walkdir::WalkDir::new(from) {
        let item = item.unwrap();
        let target = to.join(item.path().strip_prefix(from).unwrap());
        if item.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(item.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    common::files_under(dir)
        .into_iter()
        .map(|(rel, e)| (rel, std::fs::read(e.path()).unwrap()))
        .collect()
}

fn glossa(root: &Path) -> Command {
    let mut cmd = Command::cargo_bin("glossa").unwrap();
    cmd.arg("--root").arg(root);
    cmd
}

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref())
        .unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

/// The JSON-LD blocks of an HTML page, parsed.
fn jsonld(html: &str) -> Vec<serde_json::Value> {
    let open = "<script type=\"application/ld+json\">";
    html.split(open)
        .skip(1)
        .map(|rest| {
            let json = &rest[..rest.find("</script>").expect("closed script")];
            serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"))
        })
        .collect()
}

#[test]
fn build_writes_every_page_kind() {
    let tmp = site("basic");
    glossa(tmp.path())
        .arg("build")
        .assert()
        .success()
        .stderr(predicate::str::is_match(
            r"built 5 entries \(2 terms, 2 definitions, 1 areas\) → \d+ pages, \d+ files, \d+ links, 0 warnings, 0 errors in \d+ ms",
        )
        .unwrap());
    let out = tmp.path().join("public");
    for file in [
        "index.html",
        "term/index.html",
        "definition/index.html",
        "area/index.html",
        "term/liquidation/index.html",
        "term/mark-price/index.html",
        "definition/index-price/index.html",
        "area/risk/index.html",
        "area/risk/page/2/index.html",
        "glossary/index.html",
        "search/index.html",
        "404.html",
        "sitemap.xml",
        "atom.xml",
        "robots.txt",
        "style.css",
        "favicon.svg",
        "images/liquidation.svg",
    ] {
        assert!(out.join(file).is_file(), "missing {file}");
    }
    assert!(
        !out.join("definition/unfinished").exists(),
        "drafts are left out"
    );
    assert!(!out.join("area/risk/page/3").exists());

    let area = read(out.join("area/risk/index.html"));
    assert!(area.contains("What is the Mechanism of Risk?"));
    assert!(
        area.contains("href=\"/area/risk/page/2/\""),
        "pagination links to page 2"
    );
    let sitemap = read(out.join("sitemap.xml"));
    assert!(sitemap.contains("<loc>https://fixture.test/term/liquidation/</loc>"));
    assert!(sitemap.contains("<lastmod>2026-02-01</lastmod>"));
    assert!(!sitemap.contains("404.html"));
    let feed = read(out.join("atom.xml"));
    assert!(
        feed.contains("<id>https://fixture.test/term/liquidation/</id>")
            || feed.contains("https://fixture.test/term/liquidation/")
    );
    assert!(feed.contains("2026-02-01T00:00:00Z"));
    assert!(read(out.join("robots.txt")).contains("Sitemap: https://fixture.test/sitemap.xml"));
}

#[test]
fn drafts_are_built_on_request() {
    let tmp = site("basic");
    glossa(tmp.path())
        .args(["build", "--drafts"])
        .assert()
        .success();
    assert!(tmp
        .path()
        .join("public/definition/unfinished/index.html")
        .is_file());
}

#[test]
fn related_is_both_ways_and_areas_collect_members() {
    let tmp = site("basic");
    glossa(tmp.path()).arg("build").assert().success();
    let out = tmp.path().join("public");
    // bankruptcy-price names liquidation; liquidation's page lists it back.
    let liquidation = read(out.join("term/liquidation/index.html"));
    assert!(liquidation.contains("href=\"/definition/bankruptcy-price/\""));
    assert!(
        liquidation.contains("href=\"/area/risk/\""),
        "appears in its area"
    );
    // The area holds members from its own `related` and from members' `areas`.
    let all: String =
        read(out.join("area/risk/index.html")) + &read(out.join("area/risk/page/2/index.html"));
    for member in [
        "term/liquidation",
        "term/mark-price",
        "definition/index-price",
        "definition/bankruptcy-price",
    ] {
        assert!(all.contains(&format!("href=\"/{member}/\"")), "{member}");
    }
}

#[test]
fn pages_snapshot() {
    let tmp = site("basic");
    glossa(tmp.path()).arg("build").assert().success();
    let out = tmp.path().join("public");
    for (name, file) in [
        ("home", "index.html"),
        ("term", "term/liquidation/index.html"),
        ("term_yaml", "term/mark-price/index.html"),
        ("definition", "definition/index-price/index.html"),
        ("area", "area/risk/index.html"),
        ("area_page_2", "area/risk/page/2/index.html"),
    ] {
        let html = read(out.join(file));
        insta::assert_snapshot!(format!("{name}_html"), html);
        insta::assert_json_snapshot!(format!("{name}_jsonld"), jsonld(&html));
    }
}

#[test]
fn builds_are_deterministic() {
    let tmp = site("basic");
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    glossa(tmp.path())
        .arg("build")
        .arg("-o")
        .arg(&a)
        .assert()
        .success();
    glossa(tmp.path())
        .arg("build")
        .arg("-o")
        .arg(&b)
        .assert()
        .success();
    let (ta, tb) = (tree(&a), tree(&b));
    assert!(ta.len() > 15);
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (k, v) in &ta {
        assert!(v == &tb[k], "{k} differs between two builds");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_intact() {
    let tmp = site("basic");
    glossa(tmp.path()).arg("build").assert().success();
    let out = tmp.path().join("public");
    let before = tree(&out);
    std::fs::write(
        tmp.path().join("content/terms/broken.md"),
        "+++\ntitle = \"Broken\"\ndate = 2026-02-30\n+++\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("content/terms/liquidation.md"),
        "+++\ntitle = \"Changed\"\n+++\n",
    )
    .unwrap();
    glossa(tmp.path())
        .arg("build")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("content/terms/broken.md:3:"))
        .stderr(predicate::str::contains("left unchanged"));
    assert_eq!(
        tree(&out),
        before,
        "public/ must be byte-for-byte unchanged"
    );
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folder removed: {leftovers:?}"
    );
}

#[test]
fn every_bad_input_is_reported_with_file_and_line_and_the_rest_still_builds() {
    let tmp = site("basic");
    let terms = tmp.path().join("content/terms");
    let write = |name: &str, text: &[u8]| std::fs::write(terms.join(name), text).unwrap();
    write(
        "malformed.md",
        b"+++\ntitle = \"Unclosed\ndate = 2026-01-01\n+++\n",
    );
    write("no-title.md", b"+++\ndescription = \"no title\"\n+++\n");
    write(
        "bad-date.md",
        b"+++\ntitle = \"Bad date\"\ndate = \"yesterday\"\n+++\n",
    );
    write(
        "bad-slug.md",
        b"+++\ntitle = \"Bad slug\"\nslug = \"../../etc/passwd\"\n+++\n",
    );
    write(
        "bad-kind.md",
        b"+++\ntitle = \"Bad kind\"\nkind = \"essay\"\n+++\n",
    );
    write("binary.md", b"+++\ntitle = \"\xff\xfe\"\n+++\n");
    write("unclosed.md", b"+++\ntitle = \"Never closed\"\n");
    std::fs::write(
        tmp.path().join("content/stray.md"),
        "+++\ntitle = \"Stray\"\n+++\n",
    )
    .unwrap();
    let assert = glossa(tmp.path()).arg("build").assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    for expected in [
        "content/terms/malformed.md:2:",
        "content/terms/no-title.md:2:",
        "missing `title`",
        "content/terms/bad-date.md:3:",
        "not a valid date",
        "content/terms/bad-slug.md:3:",
        "invalid slug",
        "content/terms/bad-kind.md:3:",
        "unknown kind `essay`",
        "content/terms/binary.md",
        "not valid UTF-8",
        "content/terms/unclosed.md:1:",
        "never closed",
        "content/stray.md",
        "cannot tell this entry's kind",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
    // The good entries were still rendered (into staging): the summary counts them.
    assert!(stderr.contains("failed: 5 entries"), "{stderr}");
    assert!(
        !tmp.path().join("public").exists(),
        "no output without a successful build"
    );
    assert!(!stderr.contains("panicked"));
}

#[test]
fn unknown_config_key_names_the_key_and_line() {
    let tmp = site("basic");
    let config = read(tmp.path().join("glossa.toml"));
    std::fs::write(
        tmp.path().join("glossa.toml"),
        format!("{config}\n[links]\nmax_links = 4\n"),
    )
    .unwrap();
    glossa(tmp.path())
        .arg("build")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "unknown configuration key `max_links`",
        ))
        .stderr(predicate::str::contains("glossa.toml:10:"));
}

#[test]
fn hostile_text_stays_text() {
    let tmp = site("hostile");
    glossa(tmp.path()).arg("build").assert().success();
    let out = tmp.path().join("public");
    for (name, bytes) in tree(&out) {
        if !name.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let theme_script = "<script src=\"/search.js\" data-base=\"/\" defer></script>";
        assert_eq!(
            html.matches(theme_script).count(),
            1,
            "{name}: the search script"
        );
        let scripts = html.matches("<script").count() - 1;
        let ld = html
            .matches("<script type=\"application/ld+json\">")
            .count();
        assert_eq!(
            scripts, ld,
            "{name}: only JSON-LD scripts besides search.js"
        );
        assert_eq!(
            html.matches("</script>").count() - 1,
            ld,
            "{name}: no script is closed early"
        );
        assert!(!html.contains("<img src=x"), "{name}: injected image");
        assert!(
            !html.contains("<div onclick"),
            "{name}: raw HTML passed through"
        );
        assert!(!html.contains("javascript:"), "{name}: script URL");
        assert!(!html.contains("<!-- "), "{name}: comment opened by content");
        for block in jsonld(&html) {
            let text = block.to_string();
            assert!(
                !text.contains("onerror=alert(1)") || text.contains("<img src=x onerror=alert(1)>")
            );
        }
    }
    let page = read(out.join("term/payload/index.html"));
    assert!(
        page.contains("&lt;&#x2F;script&gt;") || page.contains("&lt;/script&gt;"),
        "title shown as text"
    );
    let blocks = jsonld(&page);
    let article = blocks.iter().find(|b| b["@type"] == "Article").unwrap();
    assert_eq!(
        article["headline"],
        "</script><script>alert('t')</script> <!-- \"quoted\" & <img src=x onerror=alert(1)>"
    );
}

#[test]
fn unsafe_html_passes_raw_html_when_enabled() {
    let tmp = site("hostile");
    let config = read(tmp.path().join("glossa.toml"));
    std::fs::write(
        tmp.path().join("glossa.toml"),
        format!("{config}\n[markdown]\nunsafe_html = true\n"),
    )
    .unwrap();
    glossa(tmp.path()).arg("build").assert().success();
    assert!(read(tmp.path().join("public/term/payload/index.html"))
        .contains("<div onclick=\"alert(5)\">raw</div>"));
}

#[test]
fn base_url_with_a_path_prefixes_every_link() {
    let tmp = site("basic");
    glossa(tmp.path())
        .args(["build", "--base-url", "https://x.test/docs"])
        .assert()
        .success();
    let html = read(tmp.path().join("public/term/liquidation/index.html"));
    assert!(
        html.contains("<link rel=\"canonical\" href=\"https://x.test/docs/term/liquidation/\">")
    );
    assert!(html.contains("href=\"/docs/style.css\""));
    assert!(html.contains("src=\"/docs/images/liquidation.svg\""));
    assert!(
        !html.contains("href=\"/term/"),
        "no link escapes the sub-path"
    );
    assert!(
        html.contains("<a href=\"/docs/term/mark-price/\">mark price</a>"),
        "auto-links get the base path once"
    );
}

#[test]
fn root_is_found_upward_from_a_subfolder() {
    let tmp = site("basic");
    Command::cargo_bin("glossa")
        .unwrap()
        .current_dir(tmp.path().join("content/terms"))
        .arg("build")
        .assert()
        .success();
    assert!(tmp.path().join("public/index.html").is_file());
}

#[test]
fn refuses_to_replace_a_folder_that_is_not_a_build() {
    let tmp = site("basic");
    let out = tmp.path().join("mine");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("thesis.txt"), "precious").unwrap();
    glossa(tmp.path())
        .arg("build")
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("refusing to replace"));
    assert_eq!(read(out.join("thesis.txt")), "precious");
}

#[test]
fn init_scaffolds_a_site_that_builds_and_refuses_non_empty_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new-site");
    Command::cargo_bin("glossa")
        .unwrap()
        .arg("init")
        .arg(&dir)
        .assert()
        .success();
    assert!(dir.join("glossa.toml").is_file());
    glossa(&dir)
        .arg("build")
        .assert()
        .success()
        .stderr(predicate::str::contains("0 warnings"));
    assert!(dir.join("public/area/margin/index.html").is_file());

    Command::cargo_bin("glossa")
        .unwrap()
        .arg("init")
        .arg(&dir)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not empty"));
    Command::cargo_bin("glossa")
        .unwrap()
        .args(["init", "--force"])
        .arg(&dir)
        .assert()
        .success();
}

#[test]
fn new_writes_a_draft_at_the_right_path() {
    let tmp = site("basic");
    glossa(tmp.path())
        .args(["new", "term", "Funding Rate (Perpetuals)"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "content/terms/funding-rate-perpetuals.md",
        ));
    let text = read(tmp.path().join("content/terms/funding-rate-perpetuals.md"));
    assert!(text.contains("title = \"Funding Rate (Perpetuals)\""));
    assert!(text.contains("draft = true"));
    glossa(tmp.path())
        .args(["new", "area", "Oracles"])
        .assert()
        .success();
    glossa(tmp.path())
        .args(["new", "definition", "Index Price"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists"));
    glossa(tmp.path())
        .args(["build", "--drafts"])
        .assert()
        .success();
    assert!(tmp
        .path()
        .join("public/term/funding-rate-perpetuals/index.html")
        .is_file());
    let area = read(tmp.path().join("public/area/oracles/index.html"));
    assert_eq!(
        jsonld(&area)
            .iter()
            .filter(|b| b["@type"] == "FAQPage")
            .count(),
        1,
        "new areas have FAQ questions"
    );
}

#[test]
fn export_schema_graph_and_ndjson() {
    let tmp = site("basic");
    let assert = glossa(tmp.path())
        .args(["export", "schema"])
        .assert()
        .success();
    let graph: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(graph["@context"], "https://schema.org");
    let nodes = graph["@graph"].as_array().unwrap();
    let ids: Vec<&str> = nodes.iter().map(|n| n["@id"].as_str().unwrap()).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "deduplicated by @id");
    let types = |t: &str| nodes.iter().filter(|n| n["@type"] == t).count();
    assert_eq!(types("WebSite"), 1);
    assert_eq!(types("DefinedTermSet"), 1);
    assert_eq!(types("Article"), 2);
    assert_eq!(types("DefinedTerm"), 2);
    assert_eq!(types("FAQPage"), 1);
    let set = nodes
        .iter()
        .find(|n| n["@type"] == "DefinedTermSet")
        .unwrap();
    assert_eq!(
        set["hasDefinedTerm"].as_array().unwrap().len(),
        4,
        "merged from home and the A–Z page"
    );
    assert!(set["description"].is_string());

    // The export holds exactly the nodes the pages carry.
    glossa(tmp.path()).arg("build").assert().success();
    let page = read(tmp.path().join("public/term/liquidation/index.html"));
    let article = jsonld(&page)
        .into_iter()
        .find(|b| b["@type"] == "Article")
        .unwrap();
    let exported = nodes.iter().find(|n| n["@id"] == article["@id"]).unwrap();
    let mut on_page = article.clone();
    on_page.as_object_mut().unwrap().remove("@context");
    assert_eq!(exported, &on_page);

    let file = tmp.path().join("schema.ndjson");
    glossa(tmp.path())
        .args(["export", "schema", "--format", "ndjson", "-o"])
        .arg(&file)
        .assert()
        .success();
    let lines: Vec<serde_json::Value> = read(&file)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), nodes.len());
    assert!(lines.iter().all(|l| l["@context"] == "https://schema.org"));
}

/// Past `[pagination] glossary_split` entries the A–Z index is a letter bar and one page
/// per letter, each page's JSON-LD naming only the terms it lists, and the export joining
/// them; home lists only the largest areas.
#[test]
fn a_large_glossary_gets_a_page_per_letter_and_home_the_largest_areas() {
    let tmp = site("basic");
    let config = tmp.path().join("glossa.toml");
    let text = read(&config).replace("page_size = 2", "page_size = 2\nglossary_split = 3");
    std::fs::write(&config, text).unwrap();
    // Thirteen more areas, each with one member named in `related`, so that the fixture's
    // `Risk` (three members) is the largest and one small area is left off home.
    for i in 0..13 {
        std::fs::write(
            tmp.path().join(format!("content/areas/zone-{i:02}.md")),
            format!(
                "+++\ntitle = \"Zone {i:02}\"\ndescription = \"Zone {i:02}.\"\nrelated = [\"liquidation\"]\n+++\nA zone.\n"
            ),
        )
        .unwrap();
    }
    glossa(tmp.path()).arg("build").assert().success();
    let out = tmp.path().join("public");

    let root = read(out.join("glossary/index.html"));
    for letter in ["b", "i", "l", "m", "r", "z"] {
        assert!(
            root.contains(&format!("href=\"/glossary/{letter}/\"")),
            "{letter}: {root}"
        );
        assert!(out.join(format!("glossary/{letter}/index.html")).is_file());
    }
    assert!(
        !out.join("glossary/a").exists(),
        "no page for an empty letter"
    );
    assert!(!root.contains("az-list"), "the letter bar lists no entries");
    let of_type = |html: &str, t: &str| {
        jsonld(html)
            .into_iter()
            .find(|b| b["@type"] == t)
            .unwrap_or_else(|| panic!("a {t}"))
    };
    let set = |html: &str| of_type(html, "DefinedTermSet");
    assert!(set(&root).get("hasDefinedTerm").is_none(), "{root}");

    let l = read(out.join("glossary/l/index.html"));
    assert!(l.contains("<h1>A–Z index: L</h1>"), "{l}");
    assert!(l.contains("href=\"/term/liquidation/\""));
    assert!(
        !l.contains("href=\"/term/mark-price/\""),
        "only L's entries"
    );
    assert!(l.contains("href=\"/glossary/l/\" aria-current=\"page\""));
    let terms = set(&l)["hasDefinedTerm"].clone();
    assert_eq!(terms.as_array().unwrap().len(), 1, "{terms}");
    assert_eq!(terms[0]["name"], "Liquidation");
    let crumbs = of_type(&l, "BreadcrumbList");
    let names: Vec<&str> = crumbs["itemListElement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Home", "A–Z index", "L"]);
    assert!(read(out.join("sitemap.xml")).contains("<loc>https://fixture.test/glossary/l/</loc>"));

    // The export's set is every letter's terms together.
    let assert = glossa(tmp.path())
        .args(["export", "schema"])
        .assert()
        .success();
    let graph: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let set = graph["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["@type"] == "DefinedTermSet")
        .unwrap();
    assert_eq!(set["hasDefinedTerm"].as_array().unwrap().len(), 4);

    let home = read(out.join("index.html"));
    assert!(home.contains("href=\"/area/risk/\""), "the largest area");
    assert!(home.contains("href=\"/area/zone-10/\""));
    assert!(
        !home.contains("href=\"/area/zone-12/\""),
        "past twelve, the smallest (last by title in a tie) are left to /area/"
    );
}

/// One of each problem `check` knows, each reported at its line and column in one run.
#[test]
fn check_reports_every_problem_at_once() {
    let assert = glossa(&fixture("problems")).arg("check").assert().code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    for (code, place) in [
        ("empty-area", "content/areas/empty.md:2:10"),
        (
            "duplicate-title",
            "content/definitions/index-price-copy.md:2:10",
        ),
        (
            "alias-clash",
            "content/definitions/index-price-copy.md:4:13",
        ),
        (
            "ambiguous-autolink",
            "content/definitions/index-price-copy.md:4:27",
        ),
        ("empty-description", "content/definitions/lonely.md:3:1"),
        ("orphan", "content/definitions/lonely.md:2:10"),
        ("long-description", "content/definitions/wordy.md:3:16"),
        ("front-matter", "content/terms/broken.md:2:16"),
        ("front-matter", "content/terms/essay.md:3:1"),
        ("broken-link", "content/terms/mark-price.md:5:28"),
        ("broken-link", "content/terms/mark-price.md:6:19"),
        ("duplicate-slug", "content/terms/nested/dup.md:1:1"),
    ] {
        let expected = format!("[{code}]");
        let found = stderr
            .lines()
            .zip(stderr.lines().skip(1))
            .any(|(a, b)| a.contains(&expected) && b.contains(place));
        assert!(found, "{code} at {place} missing in:\n{stderr}");
    }
    assert!(stderr.contains("did you mean `mark-price`?"));
    assert!(stderr.contains("unknown kind `essay`"));
    // A caret under the offending text.
    assert!(stderr.contains("related = [\"index-price\", \"mark-prise\"]"));
    assert!(stderr.contains("^^^^^^^^^^"));
    assert!(stderr.contains("3 errors, 9 warnings"), "{stderr}");
}

#[test]
fn check_json_for_editors_and_levels_from_config() {
    let tmp = site("problems");
    let assert = glossa(tmp.path())
        .args(["check", "--format", "json"])
        .assert()
        .code(2);
    let doc: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(doc["errors"], 3);
    assert_eq!(doc["warnings"], 9);
    let orphan = doc["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "orphan")
        .unwrap();
    assert_eq!(orphan["path"], "content/definitions/lonely.md");
    assert_eq!(orphan["location"]["line"], 2);
    assert_eq!(orphan["location"]["column"], 10);
    assert_eq!(orphan["severity"], "warning");

    let config = read(tmp.path().join("glossa.toml"));
    std::fs::write(
        tmp.path().join("glossa.toml"),
        format!("{config}\n[check.levels]\norphan = \"error\"\nlong-description = \"allow\"\n"),
    )
    .unwrap();
    let assert = glossa(tmp.path())
        .args(["check", "--format", "json"])
        .assert()
        .code(2);
    let doc: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(doc["errors"], 4);
    assert_eq!(doc["warnings"], 7);

    std::fs::write(
        tmp.path().join("glossa.toml"),
        format!("{config}\n[check.levels]\norphans = \"error\"\n"),
    )
    .unwrap();
    glossa(tmp.path())
        .arg("check")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown problem code `orphans`"));
}

#[test]
fn check_is_clean_on_a_clean_site_and_writes_nothing() {
    let tmp = site("basic");
    glossa(tmp.path())
        .arg("check")
        .assert()
        .code(0)
        .stderr(predicate::str::contains("no problems found"));
    assert!(!tmp.path().join("public").exists());
}

/// The binary allocates with mimalloc built to commit arena memory as it is used
/// (`.cargo/config.toml`): committing whole arenas up front puts a 10,000-entry build over
/// its peak-memory target.
#[test]
fn the_allocator_commits_memory_as_it_is_used() {
    let out = Command::cargo_bin("glossa")
        .unwrap()
        .arg("--version")
        .env("MIMALLOC_VERBOSE", "1")
        .env_remove("MIMALLOC_ARENA_EAGER_COMMIT")
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("option 'arena_eager_commit': 0"),
        "mimalloc's options: {stderr}"
    );
}

#[test]
fn every_problem_code_can_be_silenced() {
    let tmp = site("problems");
    let config = read(tmp.path().join("glossa.toml"));
    let levels: String = glossa::diagnostics::Code::ALL
        .iter()
        .map(|c| format!("{c} = \"allow\"\n"))
        .collect();
    std::fs::write(
        tmp.path().join("glossa.toml"),
        format!("{config}\n[check.levels]\n{levels}"),
    )
    .unwrap();
    let assert = glossa(tmp.path())
        .args(["check", "--format", "json"])
        .assert()
        .code(0);
    let doc: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(doc["errors"], 0, "{doc}");
    assert_eq!(doc["warnings"], 0, "{doc}");
}
