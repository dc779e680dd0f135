//! Edits while serving: incremental and full rebuilds, reload events, errors until fixed, a settled site equal to a build.

use std::path::Path;

use crate::{common, identities, wait_until, Server};

#[test]
fn an_edit_rebuilds_its_page_and_dependents_only_and_reloads() {
    let s = Server::start();
    let events = s.events();
    assert_eq!(events.next("hello").as_deref(), Some("ok"));
    let before = identities(&s.out());
    let text = s.read("content/terms/margin.md").replace(
        "Margin is the deposit",
        "Margin, freshly edited, is the deposit",
    );
    s.edit("content/terms/margin.md", &text);
    assert!(
        wait_until(|| s.text("/term/margin/").contains("freshly edited")),
        "the page never changed; stderr:\n{}",
        s.stderr()
    );
    let reload = events.next("reload").expect("a reload event");
    assert!(reload.contains("\"/term/margin/\""), "{reload}");
    let after = identities(&s.out());
    let changed: Vec<&String> = after
        .keys()
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert!(changed.contains(&&"term/margin/index.html".to_string()));
    // A body edit changes nothing other pages show: every other file is untouched.
    for path in [
        "term/funding-rate/index.html",
        "definition/spot-index/index.html",
        "area/markets/index.html",
        "index.html",
        "glossary/index.html",
        "style.css",
        "sitemap.xml",
    ] {
        assert_eq!(
            before.get(path),
            after.get(path),
            "{path} was rewritten; changed: {changed:?}; stderr:\n{}",
            s.stderr()
        );
    }
    // Its page and its markdown copy.
    assert_eq!(
        changed,
        ["term/margin/index.html", "term/margin/index.md"],
        "only the edited page: {changed:?}"
    );

    // A new description shows wherever the entry's card does, and nowhere else.
    let before = after;
    let text = s
        .read("content/terms/margin.md")
        .replace("Collateral set aside", "Funds set aside");
    s.edit("content/terms/margin.md", &text);
    assert!(wait_until(|| s
        .text("/area/risk/")
        .contains("Funds set aside")));
    // The edited page first, then the pages that list it.
    let reload = events.next("reload").expect("a reload event");
    assert!(reload.contains("\"/term/margin/\""), "{reload}");
    let reload = events
        .next_with("reload", |d| d.contains("\"/area/risk/\""))
        .expect("a reload event for the pages listing it");
    assert!(!reload.contains("\"/term/margin/\""), "{reload}");
    let after = identities(&s.out());
    // Exactly the files that show the card were rewritten: none is left stale, and no
    // file that does not show it was touched.
    let mut rewritten = 0;
    for (path, id) in &after {
        let text = std::fs::read_to_string(s.out().join(path)).unwrap_or_default();
        assert!(!text.contains("Collateral set aside"), "{path} is stale");
        if before.get(path) != Some(id) {
            assert!(text.contains("Funds set aside"), "{path} was rewritten");
            rewritten += 1;
        }
    }
    assert!(rewritten >= 5, "{rewritten}");
    assert_eq!(before.get("style.css"), after.get("style.css"));
    assert_eq!(
        before.get("area/markets/index.html"),
        after.get("area/markets/index.html")
    );
    for page in ["/definition/collateral/", "/glossary/", "/"] {
        assert!(s.text(page).contains("Funds set aside"), "{page}");
    }
    assert!(s.text("/atom.xml").contains("Funds set aside"));
    // A rebuild writes its files, then logs.
    assert!(
        wait_until(|| s.stderr().contains("incremental rebuild")),
        "{}",
        s.stderr()
    );
}

/// A page whose body links to an entry in its own words (no automatic link, no list)
/// carries that entry's link preview: a new description of the entry rewrites the page
/// in the incremental rebuild itself (not only when See also settles later).
#[test]
fn a_new_description_reaches_the_previews_of_pages_whose_bodies_link_to_it() {
    let s = Server::start_prepared(&[], |root| {
        let path = root.join("content/terms/liquidation.md");
        let text = std::fs::read_to_string(&path).unwrap()
            + "\nThe [pledged assets](../../definition/collateral/) are sold first.\n";
        std::fs::write(path, text).unwrap();
        // No See also: the body's own link is the page's only link to the entry.
        let config = root.join("glossa.toml");
        let text = std::fs::read_to_string(&config).unwrap() + "\n[links]\nsee_also = 0\n";
        std::fs::write(config, text).unwrap();
    });
    let events = s.events();
    assert!(events.next("hello").is_some());
    let preview = "\"/definition/collateral/\":[\"Collateral\",\"definition\",\"Assets pledged";
    let page = s.text("/term/liquidation/");
    assert!(page.contains(preview), "{page}");
    assert!(!page.contains("href=\"/definition/collateral/\""), "{page}");
    let text = s
        .read("content/definitions/collateral.md")
        .replace("Assets pledged", "Holdings pledged");
    s.edit("content/definitions/collateral.md", &text);
    // The edited page's reload first, then the incremental rebuild's other pages (See
    // also, settled a second after edits pause, reloads after these).
    let own = events
        .next_with("reload", |d| d.contains("\"/definition/collateral/\""))
        .expect("the edited page reloads");
    assert!(!own.contains("\"/term/liquidation/\""), "{own}");
    let rest = events.next("reload").expect("the pages showing it reload");
    assert!(rest.contains("\"/term/liquidation/\""), "{rest}");
    assert!(s
        .text("/term/liquidation/")
        .contains("\"/definition/collateral/\":[\"Collateral\",\"definition\",\"Holdings pledged"));
    for (rel, _) in common::files_under(&s.out()) {
        let text = std::fs::read_to_string(s.out().join(&rel)).unwrap_or_default();
        assert!(!text.contains("Assets pledged"), "{rel} is stale");
    }
    let log = s.stderr();
    assert!(!log.contains("full rebuild"), "{log}");
}

#[test]
fn new_entries_titles_and_static_files_rebuild_in_full() {
    let s = Server::start();
    let events = s.events();
    assert!(events.next("hello").is_some());
    s.edit(
        "content/definitions/haircut.md",
        "+++\ntitle = \"Haircut\"\ndescription = \"A discount on collateral.\"\ndate = 2026-01-11\nrelated = [\"collateral\"]\n+++\nA haircut lowers the value counted for margin.\n",
    );
    assert!(wait_until(|| s.get("/definition/haircut/").status == 200));
    // Related both ways, and listed on the A–Z index. The new page can be served
    // before the pages that list it are rewritten: wait for those too.
    assert!(wait_until(|| s
        .text("/definition/collateral/")
        .contains("/definition/haircut/")));
    assert!(wait_until(|| s.text("/glossary/").contains("Haircut")));
    // Removing it removes its page.
    std::fs::remove_file(s.root.join("content/definitions/haircut.md")).unwrap();
    assert!(wait_until(|| s.get("/definition/haircut/").status == 404));
    assert!(!s.out().join("definition/haircut").exists());
    // A static folder created while serving is watched, and served.
    s.edit("static/notes/hello.txt", "hello from static\n");
    assert!(wait_until(|| s.get("/notes/hello.txt").status == 200));
    assert_eq!(s.text("/notes/hello.txt"), "hello from static\n");
    // A template override applies to every page.
    let base = std::fs::read_to_string(common::repo_root().join("templates/404.html")).unwrap();
    s.edit(
        "templates/404.html",
        &base.replace(
            "Sorry, we couldn’t find that page.",
            "This page is nowhere to be found.",
        ),
    );
    assert!(wait_until(|| s
        .get("/missing/")
        .text()
        .contains("nowhere to be found")));
    assert!(
        wait_until(|| s.stderr().contains("full rebuild")),
        "{}",
        s.stderr()
    );
}

#[test]
fn bundle_files_and_redirects_follow_their_edits() {
    let s = Server::start();
    let events = s.events();
    assert!(events.next("hello").is_some());
    // A bundle made while serving: its entry and its file.
    s.edit(
        "content/terms/basis/chart.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    );
    s.edit(
        "content/terms/basis/index.md",
        "+++\ntitle = \"Basis\"\ndescription = \"Futures minus spot.\"\n+++\n![Basis over time](chart.svg)\n",
    );
    assert!(wait_until(|| s.get("/term/basis/chart.svg").status == 200));
    assert!(wait_until(|| s
        .text("/term/basis/")
        .contains("src=\"chart.svg\"")));
    // A changed bundle file is served changed.
    let changed = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"2\"/>\n";
    s.edit("content/terms/basis/chart.svg", changed);
    assert!(wait_until(
        || s.get("/term/basis/chart.svg").text() == changed
    ));
    // An old URL added to the entry gets its redirect page.
    s.edit(
        "content/terms/basis/index.md",
        "+++\ntitle = \"Basis\"\ndescription = \"Futures minus spot.\"\nredirect_from = [\"/old/basis/\"]\n+++\nBody.\n",
    );
    assert!(wait_until(|| s.get("/old/basis/").status == 200));
    assert!(s.text("/old/basis/").contains("url=/term/basis/"));
    assert!(wait_until(|| s
        .text("/_redirects")
        .contains("/old/basis/ /term/basis/ 301")));
}

#[test]
fn a_broken_edit_keeps_the_last_good_page_and_shows_the_error_until_fixed() {
    let s = Server::start();
    let events = s.events();
    assert!(events.next("hello").is_some());
    let good = s.read("content/terms/margin.md");
    let broken = good.replace("date = 2026-01-10", "date = 2026-02-30\nbody_text = 1");
    s.edit(
        "content/terms/margin.md",
        &broken.replace("the deposit", "the broken deposit"),
    );
    let error = events.next("build-error").expect("an error event");
    assert!(error.contains("content/terms/margin.md"), "{error}");
    assert!(error.contains("error["), "rustc-style: {error}");
    assert!(
        !error.contains('\u{1b}'),
        "no ANSI colours in the browser: {error}"
    );
    // The terminal shows it too, and the last good page is still served.
    assert!(
        wait_until(|| s.stderr().contains("2026-02-30")),
        "{}",
        s.stderr()
    );
    let page = s.text("/term/margin/");
    assert!(page.contains("Margin is the deposit") && !page.contains("broken deposit"));
    // A page opened now learns about the error at once.
    let late = s.events();
    let shown = late.next("build-error").expect("the error, on connecting");
    assert!(shown.contains("content/terms/margin.md"));
    // Other edits wait for the fix (the site keeps its last good state)...
    s.edit(
        "content/definitions/collateral.md",
        &s.read("content/definitions/collateral.md")
            .replace("haircut", "discount"),
    );
    assert!(events.next("build-error").is_some());
    assert!(s.text("/definition/collateral/").contains("haircut"));
    // ...and the fix applies everything and clears the error.
    s.edit(
        "content/terms/margin.md",
        &good.replace("the deposit", "the mended deposit"),
    );
    assert!(events.next("build-ok").is_some(), "{}", s.stderr());
    assert!(wait_until(|| s
        .text("/term/margin/")
        .contains("mended deposit")));
    assert!(wait_until(|| s
        .text("/definition/collateral/")
        .contains("discount")));
    let fresh = s.events();
    assert_eq!(fresh.next("hello").as_deref(), Some("ok"));
}

/// A served page without the serve script, as `glossa build` writes it.
fn without_serve_script(html: &str) -> String {
    let start = html.find("\n  <script>\n// glossa serve");
    match start {
        Some(start) => {
            let end = html[start..].find("</script>").unwrap() + start + "</script>".len();
            format!("{}{}", &html[..start], &html[end..])
        }
        None => html.to_string(),
    }
}

/// Files that differ between the serve folder and a build (serve script set aside).
fn differences(served: &Path, built: &Path) -> Vec<String> {
    let mut differ = Vec::new();
    let files = |dir: &Path| -> Vec<String> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            // The build's marker lists what it wrote; serve's folder is its own.
            .filter(|rel| !rel.starts_with("search/") && rel != ".glossa-output")
            .collect()
    };
    let (a, b) = (files(served), files(built));
    for rel in a.iter().filter(|r| !b.contains(r)) {
        differ.push(format!("only served: {rel}"));
    }
    for rel in b.iter().filter(|r| !a.contains(r)) {
        differ.push(format!("only built: {rel}"));
    }
    for rel in a.iter().filter(|r| b.contains(r)) {
        let s = std::fs::read(served.join(rel)).unwrap();
        let t = std::fs::read(built.join(rel)).unwrap();
        // Pages carry the serve script; other files (PNGs too) are compared as bytes.
        let s = match rel.ends_with(".html") {
            true => without_serve_script(&String::from_utf8_lossy(&s)).into_bytes(),
            false => s,
        };
        if s != t {
            differ.push(rel.clone());
        }
    }
    differ
}

#[test]
fn after_incremental_edits_settle_the_site_is_what_a_full_build_gives() {
    let s = Server::start();
    let events = s.events();
    assert!(events.next("hello").is_some());
    let base = format!("http://127.0.0.1:{}/", s.port);
    let build = |out: &Path| {
        common::run_glossa([
            "--root".as_ref(),
            s.root.as_os_str(),
            "--base-url".as_ref(),
            base.as_ref(),
            "-q".as_ref(),
            "build".as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
        ]);
    };
    let tmp = tempfile::tempdir().unwrap();
    build(&tmp.path().join("start"));
    assert_eq!(
        differences(&s.out(), &tmp.path().join("start")),
        Vec::<String>::new()
    );
    // Edits that keep every entry's links: new mentions (automatic links and backlinks
    // change), new words (See also changes), a new description and dates.
    let margin = s
        .read("content/terms/margin.md")
        .replace("Collateral set aside", "Cash or tokens set aside")
        .replace(
            "date = 2026-01-10",
            "date = 2026-01-12\nupdated = 2026-02-02",
        )
        + "\nA funding rate against the spot index moves perpetual prices and payments.\n";
    s.edit("content/terms/margin.md", &margin);
    let spot = s.read("content/definitions/spot-index.md")
        + "\nThe index feeds margin and liquidation engines of leveraged positions.\n";
    s.edit("content/definitions/spot-index.md", &spot);
    let risk = s.read("content/areas/risk.md").replace(
        "Positions are closed when their equity runs out.",
        "Positions are closed when their equity runs out, with a funding rate twist.",
    );
    s.edit("content/areas/risk.md", &risk);
    let out = tmp.path().join("after");
    build(&out);
    assert!(
        wait_until(|| differences(&s.out(), &out).is_empty()),
        "{:?}\n{}",
        differences(&s.out(), &out),
        s.stderr()
    );
    // The settle writes its files, then logs: the line may come just after the files.
    assert!(
        wait_until(|| s.stderr().contains("see also brought up to date")),
        "{}",
        s.stderr()
    );
    let log = s.stderr();
    assert!(!log.contains("full rebuild"), "{log}");
    assert!(log.contains("incremental rebuild"), "{log}");
}
