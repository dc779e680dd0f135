//! `glossa import` of sheets, JSON and TBX, and `glossa export terms`, on the real binary:
//! each format's fixture (messy cells, duplicates, unknown names, a BOM, other languages)
//! imported into a small site that then checks and builds; round trips (an export imported
//! into a copy of the site gives the same files); the safety of the export import
//! (idempotent, `--dry-run`, `--force`, hand-written entries kept); TBX output checked
//! against the TBX-Basic dialect's rules.

mod common;
mod tbx_basic;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    common::repo_root()
        .join("tests/fixtures/termbase")
        .join(name)
}

fn fixture_arg(name: &str) -> String {
    format!("tests/fixtures/termbase/{name}")
}

fn desk_site() -> tempfile::TempDir {
    common::fixture_site("termbase/site")
}

/// Every file under `content/` with its bytes.
fn content(site: &Path) -> BTreeMap<String, String> {
    common::files_under(&site.join("content"))
        .into_iter()
        .map(|(rel, e)| (rel, std::fs::read_to_string(e.path()).unwrap()))
        .collect()
}

fn read(site: &Path, rel: &str) -> String {
    std::fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The line of the first `needle` in a fixture.
fn line_of(name: &str, needle: &str) -> u64 {
    common::line_col(&std::fs::read_to_string(fixture(name)).unwrap(), needle).0
}

/// `glossa export terms --format <format>` of a site, as text.
fn export(site: &Path, format: &str) -> String {
    let out = common::run_glossa([
        "--root",
        site.to_str().unwrap(),
        "export",
        "terms",
        "--format",
        format,
    ]);
    String::from_utf8(out.stdout).unwrap()
}

/// `glossa check --format json`: no error (warnings are expected: orphans, stubs…).
fn check_has_no_errors(site: &Path) -> Value {
    let out = common::glossa()
        .args([
            "--root",
            site.to_str().unwrap(),
            "check",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["errors"], 0, "{doc:#}");
    doc
}

fn build(site: &Path) {
    common::run_glossa(["--root", site.to_str().unwrap(), "build", "-q"]);
}

#[test]
fn csv_with_messy_cells_imports_checks_and_builds() {
    let site = desk_site();
    let hand_written = read(site.path(), "content/definitions/maintenance-margin.md");
    let report = common::import_ok(site.path(), &[&fixture_arg("desk.csv")]);
    let csv = fixture_arg("desk.csv");
    assert!(
        report.contains("records (rows, objects, concepts)"),
        "{report}"
    );
    let im = read(site.path(), "content/definitions/initial-margin.md");
    for line in [
        "title = \"Initial margin\"",
        "description = \"The collateral a trader posts before a leveraged position may open.\"",
        "date = 2025-03-04",
        "aliases = [\"IM\", \"opening margin\"]",
        "related = [\"maintenance-margin\", \"liquidation\"]",
        "areas = [\"risk-management\"]",
        "source_url = \"csv:desk.csv\"",
        "part_of_speech = \"noun\"",
        "[extra.translations.fr]",
        "title = \"Marge initiale\"",
    ] {
        assert!(im.contains(line), "{line} not in\n{im}");
    }
    // The hand-written entry is kept, with the reason.
    assert_eq!(
        read(site.path(), "content/definitions/maintenance-margin.md"),
        hand_written
    );
    assert!(report.contains("a hand-written entry exists"), "{report}");
    // A quoted multi-line body with quotes, sections and a list; an alias that is the title.
    let perp = read(site.path(), "content/terms/perpetual-futures.md");
    assert!(
        perp.contains("aliases = [\"perps\", \"perpetual swap\"]\n"),
        "{perp}"
    );
    assert!(
        perp.contains("\"longs\" and \"shorts\" pay each other"),
        "{perp}"
    );
    assert!(perp.contains("## Risks\n\n- Leverage"), "{perp}");
    assert!(
        perp.contains("areas = [\"perpetuals\", \"risk-management\"]"),
        "{perp}"
    );
    // Duplicate titles and a row without a term: skipped with file:line and why.
    let dup = line_of("desk.csv", "Entered twice");
    let first = line_of("desk.csv", "Funding rate,definition,\"A payment");
    assert!(
        report.contains(&format!(
            "{csv}:{dup}: `definition/funding-rate` (“Funding rate”) is already given by {csv}:{first}"
        )),
        "{report}"
    );
    let untitled = line_of("desk.csv", "A row whose term");
    assert!(
        report.contains(&format!("{csv}:{untitled}: row 8: no title")),
        "{report}"
    );
    // An unknown related slug is kept, a bad date left out: warnings with their line.
    let fund = read(site.path(), "content/definitions/insurance-fund.md");
    assert!(fund.contains("related = [\"liquidation\"]"), "{fund}");
    let extra = &fund[fund.find("[extra]").expect("an [extra] table")..];
    assert!(
        extra.contains("\nrelated = [\"bankruptcy-price\"]"),
        "{fund}"
    );
    // No kind cell: the body's length decides; a subject field no entry has is a stub area.
    assert!(site
        .path()
        .join("content/definitions/auto-deleveraging.md")
        .exists());
    let area = read(site.path(), "content/areas/perpetuals.md");
    assert!(
        area.contains("stub = true\nautolink_target = false\n"),
        "{area}"
    );
    check_has_no_errors(site.path());
    build(site.path());
    let page = read(site.path(), "public/term/perpetual-futures/index.html");
    assert!(page.contains("Perpetual futures"));
    let api: Value = serde_json::from_str(&read(site.path(), "public/api/terms.json")).unwrap();
    assert!(api["entries"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["id"] == "definition/initial-margin"));
}

#[test]
fn csv_problems_are_warnings_at_their_row() {
    let site = desk_site();
    let csv = fixture_arg("desk.csv");
    common::import_ok(site.path(), &[&csv]);
    let liq = read(site.path(), "content/terms/liquidation.md");
    assert!(!liq.contains("date ="), "{liq}");
    let out = common::glossa()
        .current_dir(common::repo_root())
        .args([
            "--root",
            site.path().to_str().unwrap(),
            "import",
            "-v",
            &csv,
        ])
        .output()
        .unwrap();
    let verbose = String::from_utf8_lossy(&out.stdout);
    let bad_date = line_of("desk.csv", "Liquidation,term");
    assert!(
        verbose.contains(&format!(
            "{csv}:{bad_date}: `date` `some time in spring` is no date"
        )),
        "{verbose}"
    );
}

#[test]
fn tsv_with_mapped_columns() {
    let site = desk_site();
    let tsv = fixture_arg("team.tsv");
    let report = common::import_ok(site.path(), TEAM);
    let oi = read(site.path(), "content/definitions/open-interest.md");
    assert!(oi.contains("aliases = [\"OI\"]"), "{oi}");
    assert!(
        oi.contains("team_notes = \"Not the same as volume;\\tsee the FAQ.\""),
        "{oi}"
    );
    assert!(oi.contains("areas = [\"market-data\"]"), "{oi}");
    let bp = read(site.path(), "content/definitions/bankruptcy-price.md");
    assert!(bp.contains("areas = [\"risk-management\"]"), "{bp}");
    assert!(
        site.path().join("content/areas/market-data.md").exists(),
        "{report}"
    );
    check_has_no_errors(site.path());
    // A bad --map is refused by the command line.
    let (ok, _, err) = common::run_import(site.path(), &[&tsv, "--map", "Gloss=gloss"]);
    assert!(!ok && err.contains("no field"), "{err}");
}

#[test]
fn json_records_keep_their_types_and_bad_ones_are_skipped() {
    let site = desk_site();
    let json = fixture_arg("desk.json");
    let report = common::import_ok(site.path(), &[&json]);
    let book = read(site.path(), "content/definitions/order-book.md");
    for line in [
        "aliases = [\"book\", \"depth\"]",
        "areas = [\"market-data\", \"trading\"]",
        "owner = \"market-data team\"",
        "public = true",
        "[extra.review]\nby = \"Ana\"\nrounds = 2",
        "aliases = [\"carnet\"]",
    ] {
        assert!(book.contains(line), "{line} not in\n{book}");
    }
    // Names no entry has are kept under [extra] (no `related` in front matter).
    assert!(book.contains("[extra]\nowner = \"market-data team\"\npublic = true\nrelated = [\"Mark price\", \"slippage-v0\"]"), "{book}");
    assert!(!book.contains("\nrelated = [\"slippage"), "{book}");
    let slip = read(site.path(), "content/definitions/slippage.md");
    assert!(
        slip.contains("aliases = [\"price slippage\"]\nrelated = [\"order-book\"]"),
        "{slip}"
    );
    assert!(
        slip.contains("updated = 2025-06-03T12:00:00+02:00"),
        "{slip}"
    );
    let broken = line_of("desk.json", "Broken record");
    assert!(
        report.contains(&format!("{json}:{broken}: record 3: not valid JSON")),
        "{report}"
    );
    let number = line_of("desk.json", "  42,");
    assert!(
        report.contains(&format!("{json}:{number}: record 4 is not an object")),
        "{report}"
    );
    assert!(report.contains("is already given by"), "{report}");
    assert!(report.contains("record 7: no title"), "{report}");
    let lev = read(site.path(), "content/definitions/leverage.md");
    assert!(!lev.contains("date ="), "{lev}");
    check_has_no_errors(site.path());
    build(site.path());
}

#[test]
fn tbx_concepts_become_entries_with_their_languages() {
    let site = desk_site();
    let tbx = fixture_arg("desk.tbx");
    let report = common::import_ok(site.path(), &[&tbx]);
    let pm = read(site.path(), "content/definitions/portfolio-margin.md");
    for line in [
        "title = \"Portfolio margin\"",
        "description = \"Margin shared by every position of an account, so that gains on one can keep another open.\"",
        "date = 2025-02-01",
        "updated = 2025-03-15T08:00:00Z",
        "author = \"Desk editors\"",
        "aliases = [\"Cross-collateral margin\"]",
        "related = [\"liquidation-price\"]",
        "areas = [\"risk-management\"]",
        "related = [\"cross margin\"]",
        "[extra.translations.de]\ntitle = \"Portfolio-Margin\"",
        "[extra.translations.fr]\ndescription = \"Marge partagée par toutes les positions d'un compte.\"\ntitle = \"Marge de portefeuille\"",
    ] {
        assert!(pm.contains(line), "{line} not in\n{pm}");
    }
    // en-GB is the site's language; a long definition is the body.
    let lp = read(site.path(), "content/definitions/liquidation-price.md");
    assert!(lp.contains("aliases = [\"liq. price\"]"), "{lp}");
    assert!(lp.contains("description = \"The mark price at which a position's margin reaches the maintenance margin, and the liquidation engine takes it over.\""), "{lp}");
    assert!(lp.contains("+++\nThe mark price at which"), "{lp}");
    let bt = read(site.path(), "content/definitions/basis-trade.md");
    assert!(bt.contains("to earn the basis & little else."), "{bt}");
    assert!(
        bt.contains("+++\nPopular when funding rates are high.\n\nThe position"),
        "{bt}"
    );
    let german = line_of("desk.tbx", "id=\"c104\"");
    assert!(
        report.contains(&format!(
            "{tbx}:{german}: conceptEntry `c104`: no term in the site's language `en` (it has de)"
        )),
        "{report}"
    );
    let second = line_of("desk.tbx", "id=\"c106\"");
    assert!(
        report.contains(&format!("{tbx}:{second}: `definition/hedging`")),
        "{report}"
    );
    assert!(read(site.path(), "content/areas/trading-strategies.md").contains("stub = true"));
    let out = common::glossa()
        .current_dir(common::repo_root())
        .args([
            "--root",
            site.path().to_str().unwrap(),
            "import",
            "-v",
            &tbx,
        ])
        .output()
        .unwrap();
    let verbose = String::from_utf8_lossy(&out.stdout);
    assert!(
        verbose.contains("left out (glossa has no field for them): termNote administrativeStatus (1), termNote partOfSpeech (2), termNote termType (1)"),
        "{verbose}"
    );
    check_has_no_errors(site.path());
    build(site.path());
}

/// Imports `file` into a copy of the site, exports it as `format`, imports that export into
/// another copy: the same export, and (`exact`) the same files.
fn round_trip(file: &str, format: &str, ext: &str, exact: bool) {
    let a = desk_site();
    common::import_ok(a.path(), &[&fixture_arg(file)]);
    let exported = export(a.path(), format);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("export.{ext}"));
    std::fs::write(&path, &exported).unwrap();
    let b = desk_site();
    let mut args = vec![path.to_str().unwrap().to_string()];
    if ext == "txt" {
        args.extend(["--format".into(), format.into()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let report = common::import_ok(b.path(), &args);
    let (ca, cb) = (content(a.path()), content(b.path()));
    assert_eq!(
        ca.keys().collect::<Vec<_>>(),
        cb.keys().collect::<Vec<_>>(),
        "{report}"
    );
    for (rel, text) in ca.iter().filter(|_| exact) {
        // TBX has no place for `stub`: areas made for subject fields come back as areas.
        if format == "tbx" && text.contains("stub = true") {
            continue;
        }
        assert_eq!(text, &cb[rel], "{format}: {rel} differs\n{report}");
    }
    assert_eq!(
        export(b.path(), format),
        exported,
        "{format}: the exports differ"
    );
}

#[test]
fn round_trips() {
    round_trip("desk.csv", "csv", "csv", true);
    round_trip("desk.csv", "tsv", "txt", true);
    round_trip("desk.json", "json", "json", true);
    round_trip("desk.csv", "json", "json", true);
    round_trip("desk.json", "csv", "csv", false);
    round_trip("desk.tbx", "tbx", "tbx", true);
    // TBX has no place for [extra] (but translations and related): the same TBX again.
    round_trip("desk.csv", "tbx", "tbx", false);
}

/// `team.tsv` and the `--map` options it needs.
const TEAM: &[&str] = &[
    "tests/fixtures/termbase/team.tsv",
    "--map",
    "Headword EN=title",
    "--map",
    "Gloss=description",
    "--map",
    "Also called=aliases",
    "--map",
    "topic=areas",
];

#[test]
fn importing_twice_changes_nothing_and_dry_run_writes_nothing() {
    let desk = |name: &str| vec![fixture_arg(name)];
    let team: Vec<String> = TEAM.iter().map(|s| s.to_string()).collect();
    for args in [desk("desk.csv"), desk("desk.json"), desk("desk.tbx"), team] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let file = args[0];
        let site = desk_site();
        let before = content(site.path());
        let dry = common::import_ok(site.path(), &[&args[..], &["--dry-run"]].concat());
        assert!(
            dry.contains("would import") && dry.contains("dry run"),
            "{dry}"
        );
        assert_eq!(content(site.path()), before, "{file}: --dry-run wrote");
        common::import_ok(site.path(), &args);
        let after = content(site.path());
        assert!(after.len() > before.len(), "{file}: nothing imported");
        let again = common::import_ok(site.path(), &args);
        assert_eq!(
            content(site.path()),
            after,
            "{file}: the second import changed files"
        );
        assert!(
            again.contains("made       0 terms, 0 definitions, 0 areas"),
            "{again}"
        );
        assert!(
            again.contains("stubs      0 terms, 0 definitions, 0 areas"),
            "{again}"
        );
    }
}

#[test]
fn force_replaces_a_hand_written_entry() {
    let site = desk_site();
    common::import_ok(site.path(), &[&fixture_arg("desk.csv"), "--force"]);
    let mm = read(site.path(), "content/definitions/maintenance-margin.md");
    assert!(mm.contains("source_url = \"csv:desk.csv\""), "{mm}");
    assert!(mm.contains("When equity falls under it"), "{mm}");
}

#[test]
fn tbx_export_keeps_the_tbx_basic_rules() {
    let site = desk_site();
    common::import_ok(site.path(), &[&fixture_arg("desk.csv")]);
    common::import_ok(site.path(), &[&fixture_arg("desk.tbx")]);
    let tbx = export(site.path(), "tbx");
    let problems = tbx_basic::problems(&tbx);
    assert!(problems.is_empty(), "{problems:#?}\n{tbx}");
    // The rules catch what they are for.
    let broken = tbx
        .replacen("type=\"TBX-Basic\"", "type=\"TBX-Default\"", 1)
        .replacen(
            "<descrip type=\"definition\">",
            "<descrip type=\"usageNote\">",
            1,
        )
        .replacen("target=\"", "target=\"nowhere-", 1);
    let found = tbx_basic::problems(&broken);
    assert!(found.len() >= 3, "{found:#?}");
}

#[test]
fn tbx_export_snapshot() {
    let site = desk_site();
    common::import_ok(site.path(), TEAM);
    insta::assert_snapshot!("termbase_export_tbx", export(site.path(), "tbx"));
}

#[test]
fn export_to_a_file_takes_its_format_from_the_extension() {
    let site = desk_site();
    common::import_ok(site.path(), &[&fixture_arg("desk.json")]);
    let out = site.path().join("all.json");
    common::run_glossa([
        "--root",
        site.path().to_str().unwrap(),
        "export",
        "terms",
        "-o",
        out.to_str().unwrap(),
    ]);
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let items = doc.as_array().unwrap();
    assert_eq!(items.len(), content(site.path()).len());
    assert!(items
        .iter()
        .any(|i| i["slug"] == "order-book" && i["extra"]["review"]["rounds"] == 2));
}
