//! The files for machines: `llms.txt` (the llms.txt proposal's shape: H1, blockquote,
//! sections of `- [Title](url): description` links) and each entry's markdown copy
//! (`term/x/index.md`) with the automatic links as absolute links, named by the page's
//! `rel="alternate"` link; links to them pass the link check; `[machines]` turns them off.

mod common;

use std::path::Path;

fn build(site: &Path) {
    common::run_glossa(["--root", site.to_str().unwrap(), "build", "-q"]);
}

fn read(site: &Path, rel: &str) -> String {
    std::fs::read_to_string(site.join("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn llms_txt_indexes_the_site_by_kind_with_absolute_links() {
    let site = common::fixture_site("machines");
    build(site.path());
    let text = read(site.path(), "llms.txt");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "# Harbour Glossary");
    assert_eq!(lines[1], "");
    assert_eq!(
        lines[2],
        "> Words of a small harbour: berths, tides and the boats that use them."
    );
    // Sections in this order, each entry once, in title order, to its markdown copy.
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle}:\n{text}"))
    };
    assert!(at("## Areas") < at("## Terms"));
    assert!(at("## Terms") < at("## Definitions"));
    assert!(at("## Definitions") < at("## Optional"));
    assert!(text.contains(
        "- [Berth](https://harbour.test/docs/term/berth/index.md): A boat's assigned place alongside a quay or pontoon.\n"
    ));
    assert!(at("[Berth]") < at("[Draught]"));
    assert!(text.contains(
        "- [Mooring](https://harbour.test/docs/area/mooring/index.md): Where boats stay and how they are held there.\n"
    ));
    // Brackets in a description are text, not a link.
    assert!(text.contains("The office that assigns each [berth] and collects the dues."));
    assert!(text.contains("- [JSON API](https://harbour.test/docs/api/terms.json)"));
    let links = text.matches("](https://harbour.test/docs/").count();
    assert_eq!(
        links,
        5 + 3,
        "five entries and three optional links:\n{text}"
    );
}

#[test]
fn a_markdown_copy_keeps_the_body_with_absolute_links() {
    let site = common::fixture_site("machines");
    build(site.path());
    let md = read(site.path(), "term/berth/index.md");
    assert!(md.starts_with(
        "# Berth\n\n> A boat's assigned place alongside a quay or pontoon.\n\nTerm in [Harbour Glossary](https://harbour.test/docs/) · page: <https://harbour.test/docs/term/berth/> · updated 2025-04-10 · also: slip\n\n"
    ), "{md}");
    // The automatic link the page has ("tide table"), as an absolute link.
    let page = read(site.path(), "term/berth/index.html");
    assert!(page.contains(r#"<a href="/docs/definition/tide-table/">tide table</a>"#));
    assert!(
        md.contains("[tide table](https://harbour.test/docs/definition/tide-table/)"),
        "{md}"
    );
    // Written links: relative, reference, an anchor, an image, an e-mail.
    for link in [
        "(https://harbour.test/docs/definition/harbour-office/)",
        "(https://harbour.test/docs/area/mooring/)",
        "(https://harbour.test/docs/term/berth/#waiting)",
        "![Pontoon plan](https://harbour.test/docs/images/berth.svg)",
        "<office@harbour.test>",
    ] {
        assert!(md.contains(link), "{link} in:\n{md}");
    }
    assert!(!md.contains("<!--more-->"), "{md}");
    assert!(
        !md.contains("[rules]:"),
        "no reference definitions left:\n{md}"
    );
    assert!(md.contains("## Booking") && md.contains("## Waiting"));
    assert!(md.contains(
        "## Related\n\n- [Tide Table](https://harbour.test/docs/definition/tide-table/index.md)"
    ));
    assert!(md
        .contains("## Appears in\n\n- [Mooring](https://harbour.test/docs/area/mooring/index.md)"));
    // A table survives as a table; an area lists its entries.
    let draught = read(site.path(), "term/draught/index.md");
    assert!(
        draught.contains("|Dinghy|0.3 m|") || draught.contains("| Dinghy | 0.3 m |"),
        "{draught}"
    );
    let area = read(site.path(), "area/mooring/index.md");
    assert!(area.contains("## Entries\n\n- [Berth]"), "{area}");
    assert!(area.contains("## What is a Berth For?"), "{area}");
}

#[test]
fn pages_name_their_copy_and_links_to_copies_pass_the_check() {
    let site = common::fixture_site("machines");
    build(site.path());
    let page = read(site.path(), "term/berth/index.html");
    assert!(page.contains(
        r#"<link rel="alternate" type="text/markdown" title="Berth (markdown)" href="/docs/term/berth/index.md">"#
    ), "{page}");
    let area = read(site.path(), "area/mooring/index.html");
    assert!(area.contains(r#"href="/docs/area/mooring/index.md""#));
    let home = read(site.path(), "index.html");
    assert!(!home.contains("text/markdown"));
    // A body linking to llms.txt and a copy: no broken link.
    std::fs::write(
        site.path().join("content/definitions/copies.md"),
        "+++\ntitle = \"Copies\"\ndescription = \"Where the copies are.\"\n+++\nSee [the index](/llms.txt) and [a copy](/term/berth/index.md).\n",
    )
    .unwrap();
    let out = common::glossa()
        .args(["--root", site.path().to_str().unwrap(), "check"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("broken-link"), "{stderr}");
}

#[test]
fn machines_settings_turn_them_off() {
    let site = common::fixture_site("machines");
    let config = site.path().join("glossa.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[machines]\nllms_txt = false\nmarkdown = false\n");
    std::fs::write(&config, text).unwrap();
    build(site.path());
    let public = site.path().join("public");
    assert!(!public.join("llms.txt").exists());
    assert!(!public.join("term/berth/index.md").exists());
    assert!(public.join("term/berth/index.html").is_file());
    let page = read(site.path(), "term/berth/index.html");
    assert!(!page.contains("text/markdown"));
}

#[test]
fn a_site_s_own_llms_txt_replaces_the_generated_one() {
    let site = common::fixture_site("machines");
    std::fs::write(
        site.path().join("static/llms.txt"),
        "# Mine\n\n> Curated by hand.\n",
    )
    .unwrap();
    build(site.path());
    assert_eq!(
        read(site.path(), "llms.txt"),
        "# Mine\n\n> Curated by hand.\n"
    );
    assert!(site.path().join("public/term/berth/index.md").is_file());
}
