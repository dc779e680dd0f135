//! The bundled example site (the repository root): its links all resolve and every term
//! gets a sensible "See also".

use std::path::Path;

use assert_cmd::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Titles listed in the section headed `heading` of a page.
fn section(html: &str, heading: &str) -> Vec<String> {
    let Some(start) = html.find(&format!("<h3>{heading}</h3>")) else {
        return Vec::new();
    };
    let rest = &html[start..];
    let end = rest.find("</ul>").unwrap_or(rest.len());
    rest[..end]
        .split("<a href=\"")
        .skip(1)
        .map(|s| s[s.find('>').unwrap() + 1..s.find("</a>").unwrap()].to_string())
        .collect()
}

#[test]
fn example_site_has_no_problems() {
    Command::cargo_bin("glossa")
        .unwrap()
        .arg("--root")
        .arg(root())
        .arg("check")
        .assert()
        .code(0);
}

#[test]
fn every_term_gets_a_sensible_see_also() {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    Command::cargo_bin("glossa")
        .unwrap()
        .arg("--root")
        .arg(root())
        .arg("build")
        .arg("-o")
        .arg(&public)
        .assert()
        .success();
    let mut terms = 0;
    for item in std::fs::read_dir(public.join("term")).unwrap() {
        let page = item.unwrap().path().join("index.html");
        if !page.is_file() || page.parent().unwrap().ends_with("page") {
            continue;
        }
        terms += 1;
        let html = std::fs::read_to_string(&page).unwrap();
        let see_also = section(&html, "See also");
        let related = section(&html, "Related");
        assert!(!see_also.is_empty(), "{} has no See also", page.display());
        assert!(see_also.len() <= 5);
        for s in &see_also {
            assert!(
                !related.contains(s),
                "{}: {s} is in Related and See also",
                page.display()
            );
        }
    }
    assert!(terms >= 20);
    let see = |slug: &str| {
        section(
            &std::fs::read_to_string(public.join(format!("term/{slug}/index.html"))).unwrap(),
            "See also",
        )
    };
    // Entries that share their subject, not just vocabulary.
    assert!(
        see("mark-price").contains(&"Time-Weighted Average Price".to_string()),
        "{:?}",
        see("mark-price")
    );
    assert!(
        see("liquidation")
            .iter()
            .any(|t| t == "Health Factor" || t == "Insurance Fund"),
        "{:?}",
        see("liquidation")
    );
}
