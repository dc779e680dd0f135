//! Hostile termbase files give clear errors (file and line) or skipped records with the
//! reason, never a panic, and nothing written when the file cannot be read: unbalanced
//! quotes, a 50 MB cell, bytes that are not UTF-8, XML entity expansion ("billion
//! laughs"), external entities (never resolved), broken JSON and XML.

mod common;

use std::path::{Path, PathBuf};

fn site() -> tempfile::TempDir {
    common::site_with_config("title = \"Hostile\"\n")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Runs an import of `file` that must fail: its stderr (nothing written, no panic).
fn refused(file: &Path, extra: &[&str]) -> String {
    let site = site();
    let mut args = vec![file.to_str().unwrap()];
    args.extend(extra);
    let (ok, _, err) = common::run_import(site.path(), &args);
    assert!(!ok, "{} was imported", file.display());
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        !site.path().join("content").exists()
            || common::files_under(&site.path().join("content")).is_empty(),
        "something was written"
    );
    err
}

#[test]
fn an_unbalanced_quote_names_its_line_and_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "q.csv",
        b"title,description\nMargin,Collateral.\n\"Funding rate,Paid every eight hours.\nBasis,The gap.\n",
    );
    let err = refused(&csv, &[]);
    assert!(
        err.contains(&format!(
            "{}:3: a quote (\") opened here is never closed",
            csv.display()
        )),
        "{err}"
    );
    assert!(err.contains("nothing was imported"), "{err}");
}

#[test]
fn a_50_mb_cell_skips_its_row_and_names_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"title,description,body\nSmall,Fine.,ok\nBig,Huge.,\"".to_vec();
    bytes.extend(std::iter::repeat_n(b'x', 50 * 1024 * 1024));
    bytes.extend(b"\"\nAfter,Still read.,\n");
    let csv = write(dir.path(), "big.csv", &bytes);
    let site = site();
    let report = common::import_ok(site.path(), &[csv.to_str().unwrap()]);
    assert!(
        report.contains(&format!(
            "{}:3: row 3, column `body`: a cell of 52.4 MB over the 1 MiB limit of a cell",
            csv.display()
        )),
        "{report}"
    );
    assert!(site.path().join("content/definitions/small.md").exists());
    assert!(site.path().join("content/definitions/after.md").exists());
    assert!(!site.path().join("content/definitions/big.md").exists());
    // The same in JSON and TBX.
    let huge = "y".repeat(2 * 1024 * 1024);
    let json = write(
        dir.path(),
        "big.json",
        format!("[{{\"title\": \"Big\", \"body\": \"{huge}\"}}, {{\"title\": \"Fine\"}}]")
            .as_bytes(),
    );
    let report = common::import_ok(site.path(), &[json.to_str().unwrap()]);
    assert!(
        report.contains("record 1, key `body`: a string of 2.1 MB"),
        "{report}"
    );
    let tbx = write(
        dir.path(),
        "big.tbx",
        format!("<tbx xml:lang=\"en\"><text><body><conceptEntry id=\"a\"><langSec xml:lang=\"en\"><note>{huge}</note><termSec><term>Big</term></termSec></langSec></conceptEntry></body></text></tbx>").as_bytes(),
    );
    let report = common::import_ok(site.path(), &[tbx.to_str().unwrap()]);
    assert!(
        report.contains("conceptEntry `a`: a `note` of 2.1 MB"),
        "{report}"
    );
}

#[test]
fn files_that_are_not_utf8_are_refused_at_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let latin1 = write(dir.path(), "l.csv", b"title\nMargin\nCaf\xe9 au lait\n");
    let err = refused(&latin1, &[]);
    assert!(err.contains(&format!("{}:3:", latin1.display())), "{err}");
    assert!(err.contains("not UTF-8"), "{err}");
    let utf16 = write(
        dir.path(),
        "w.csv",
        b"\xff\xfet\x00i\x00t\x00l\x00e\x00\n\x00",
    );
    assert!(refused(&utf16, &[]).contains("UTF-16"));
    let tbx = write(
        dir.path(),
        "l.tbx",
        b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<tbx/>",
    );
    assert!(refused(&tbx, &[]).contains("UTF-8 only"));
}

#[test]
fn entities_are_refused_before_anything_is_expanded_or_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut laughs =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE tbx [\n  <!ENTITY lol \"lol\">\n");
    for i in 1..=9 {
        let refs = format!(
            "&lol{};",
            if i == 1 {
                String::new()
            } else {
                (i - 1).to_string()
            }
        );
        laughs.push_str(&format!("  <!ENTITY lol{i} \"{}\">\n", refs.repeat(10)));
    }
    laughs.push_str("]>\n<tbx xml:lang=\"en\"><text><body><conceptEntry id=\"a\"><langSec xml:lang=\"en\"><termSec><term>&lol9;</term></termSec></langSec></conceptEntry></body></text></tbx>\n");
    let file = write(dir.path(), "laughs.tbx", laughs.as_bytes());
    let err = refused(&file, &[]);
    assert!(
        err.contains(&format!(
            "{}:2: the DOCTYPE declares entities",
            file.display()
        )),
        "{err}"
    );
    let secret = write(dir.path(), "secret.txt", b"TOP-SECRET-VALUE");
    let xxe = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE tbx [<!ENTITY s SYSTEM \"file://{}\">]>\n<tbx xml:lang=\"en\"><text><body><conceptEntry id=\"a\"><langSec xml:lang=\"en\"><termSec><term>&s;</term></termSec></langSec></conceptEntry></body></text></tbx>\n",
        secret.display()
    );
    let file = write(dir.path(), "xxe.tbx", xxe.as_bytes());
    let err = refused(&file, &[]);
    assert!(
        err.contains("never expands entities") && !err.contains("TOP-SECRET"),
        "{err}"
    );
    // An entity used without a declaration is no better.
    let undeclared = "<tbx xml:lang=\"en\"><text><body>\n<conceptEntry id=\"a\"><langSec xml:lang=\"en\"><termSec><term>&s;</term></termSec></langSec></conceptEntry></body></text></tbx>\n";
    let file = write(dir.path(), "u.tbx", undeclared.as_bytes());
    assert!(refused(&file, &[]).contains(&format!("{}:2: `&s;`", file.display())));
}

#[test]
fn broken_json_and_xml_stop_at_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let open = write(
        dir.path(),
        "open.json",
        b"[\n  {\"title\": \"Margin\"},\n  {\"title\": \"Basis\"\n",
    );
    assert!(refused(&open, &[]).contains(&format!("{}:3: the array is not closed", open.display())));
    let object = write(dir.path(), "o.json", b"{\"title\": \"Margin\"}");
    assert!(refused(&object, &[]).contains("an array of objects"));
    let deep = format!(
        "[{}{}, {{\"title\": \"Fine\"}}]",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let deep = write(dir.path(), "deep.json", deep.as_bytes());
    let site = site();
    let report = common::import_ok(site.path(), &[deep.to_str().unwrap()]);
    assert!(report.contains("record 1: not valid JSON"), "{report}");
    assert!(site.path().join("content/definitions/fine.md").exists());
    let xml = write(
        dir.path(),
        "bad.tbx",
        b"<tbx>\n<text>\n<body>\n</text>\n</tbx>\n",
    );
    let err = refused(&xml, &[]);
    assert!(
        err.contains(&format!("{}:4: not well-formed XML", xml.display())),
        "{err}"
    );
    let html = write(dir.path(), "page.tbx", b"<html><body>hi</body></html>");
    assert!(refused(&html, &[]).contains("the root element is <html>"));
    let nothing = write(dir.path(), "empty.csv", b"");
    assert!(refused(&nothing, &[]).contains("no header row"));
    let untitled = write(dir.path(), "x.csv", b"foo,bar\n1,2\n");
    assert!(refused(&untitled, &[]).contains("no column holds the title"));
}

#[test]
fn mixing_termbases_with_other_inputs_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(dir.path(), "t.csv", b"title\nMargin\n");
    let site = site();
    let (ok, _, err) = common::run_import(
        site.path(),
        &[csv.to_str().unwrap(), dir.path().to_str().unwrap()],
    );
    assert!(!ok && err.contains("on their own"), "{err}");
}

/// A cell whose text holds a line `+++` (the TOML fence) is written so that the
/// front matter still ends where it should: the entry is read back with the cell's text
/// whole (found by the `csv_reader` fuzz target).
#[test]
fn a_fence_inside_a_cell_stays_inside_its_value() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "fence.csv",
        b"title,desk notes,body\nPerpetual futures,\"kept\n+++\nthen '''x'''\",A future with no expiry.\n",
    );
    let site = site();
    common::import_ok(site.path(), &[csv.to_str().unwrap()]);
    let text =
        std::fs::read_to_string(site.path().join("content/definitions/perpetual-futures.md"))
            .unwrap();
    assert!(
        text.contains(r#"desk_notes = "kept\n+++\nthen '''x'''""#),
        "{text}"
    );
    let out = common::glossa()
        .current_dir(site.path())
        .args(["check"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("0 errors"), "{err}");
    common::glossa()
        .current_dir(site.path())
        .arg("build")
        .assert()
        .success();
    let page = std::fs::read_to_string(
        site.path()
            .join("public/definition/perpetual-futures/index.html"),
    )
    .unwrap();
    assert!(page.contains("A future with no expiry."));
}
