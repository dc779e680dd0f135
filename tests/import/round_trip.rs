//! The round trip: the built area pages carry JSON-LD equivalent to the export's.

use std::collections::{BTreeMap, BTreeSet};

use glossa::model::Date;

use serde_json::Value;

use super::{common, empty_site, fixtures, import, read, BASE_URL, EXPORT_ORIGIN};

/// The ```json blocks of an exported page.
fn export_blocks(text: &str) -> Vec<Value> {
    text.split("```json\n")
        .skip(1)
        .filter_map(|rest| serde_json::from_str(&rest[..rest.find("```")?]).ok())
        .collect()
}

/// The JSON-LD blocks of a built page.
fn page_blocks(html: &str) -> Vec<Value> {
    let open = "<script type=\"application/ld+json\">";
    html.split(open)
        .skip(1)
        .map(|rest| serde_json::from_str(&rest[..rest.find("</script>").unwrap()]).unwrap())
        .collect()
}

fn of_type<'a>(blocks: &'a [Value], ty: &str) -> Vec<&'a Value> {
    blocks.iter().filter(|b| b["@type"] == ty).collect()
}

/// The path of a URL on either site (`https://riskbook.example/term/x/` → `/term/x/`).
fn path_of(url: &str) -> String {
    for origin in [EXPORT_ORIGIN, BASE_URL.trim_end_matches('/')] {
        if let Some(p) = url.strip_prefix(origin) {
            return p.to_string();
        }
    }
    panic!("{url} is on neither site")
}

fn instant(s: &Value) -> Option<time::OffsetDateTime> {
    Date::parse(s.as_str()?)?.instant
}

/// What a hasPart item says, in a form both sides share: headline, dates (as instants),
/// image (URL, pixel sizes, caption).
#[derive(Debug, PartialEq)]
struct Part {
    headline: String,
    published: Option<time::OffsetDateTime>,
    modified: Option<time::OffsetDateTime>,
    image: Option<(String, Option<u64>, Option<u64>, String)>,
}

fn pixels(v: &Value) -> Option<u64> {
    v.as_u64()
        .or_else(|| v["value"].as_u64())
        .or_else(|| v.as_str()?.trim_end_matches("px").parse().ok())
}

fn part(v: &Value) -> Part {
    let image = v.get("image").map(|i| {
        (
            i["url"].as_str().unwrap_or_default().to_string(),
            pixels(&i["width"]),
            pixels(&i["height"]),
            i["caption"].as_str().unwrap_or_default().to_string(),
        )
    });
    Part {
        headline: v["headline"].as_str().unwrap_or_default().to_string(),
        published: instant(&v["datePublished"]),
        modified: instant(&v["dateModified"]),
        image,
    }
}

/// The export's view of an area spread over `files`: breadcrumb (position, path, name),
/// questions with answers, and hasPart items by path.
#[allow(clippy::type_complexity)]
fn export_area(
    files: &[&str],
) -> (
    Vec<(u64, String, String)>,
    Vec<(String, String)>,
    BTreeMap<String, Part>,
) {
    let mut crumbs = Vec::new();
    let mut faq: Vec<(String, String)> = Vec::new();
    let mut parts = BTreeMap::new();
    for (n, f) in files.iter().enumerate() {
        let blocks = export_blocks(&read(fixtures().join(f)));
        if n == 0 {
            let list = of_type(&blocks, "BreadcrumbList")[0];
            for item in list["itemListElement"].as_array().unwrap() {
                crumbs.push((
                    item["position"].as_u64().unwrap(),
                    path_of(item["item"].as_str().unwrap()),
                    item["name"].as_str().unwrap().to_string(),
                ));
            }
        }
        for page in of_type(&blocks, "FAQPage") {
            for q in page["mainEntity"].as_array().unwrap() {
                let name = q["name"].as_str().unwrap().to_string();
                if !faq.iter().any(|(n, _)| *n == name) {
                    faq.push((
                        name,
                        q["acceptedAnswer"]["text"].as_str().unwrap().to_string(),
                    ));
                }
            }
        }
        for c in of_type(&blocks, "CollectionPage") {
            for p in c["hasPart"].as_array().unwrap() {
                parts
                    .entry(path_of(p["url"].as_str().unwrap()))
                    .or_insert_with(|| part(p));
            }
        }
    }
    (crumbs, faq, parts)
}

#[test]
fn round_trip_area_jsonld_matches_the_export() {
    let site = empty_site();
    import(site.path(), &[]).success();
    let public = site.path().join("public");
    common::glossa()
        .arg("--root")
        .arg(site.path())
        .args(["build", "--base-url", BASE_URL])
        .assert()
        .success();
    for (slug, files) in [
        (
            "funding-rates",
            &[
                "area-funding-rates.txt",
                "area-funding-rates-resource-2.txt",
            ][..],
        ),
        ("collateral-haircuts", &["area-collateral-haircuts.txt"][..]),
    ] {
        let (crumbs, faq, parts) = export_area(files);
        // Every page of the area (page_size is 4, so it is paginated).
        let mut built_parts = BTreeMap::new();
        let mut built_faq = Vec::new();
        let mut built_crumbs = Vec::new();
        let mut page = 1;
        loop {
            let file = if page == 1 {
                public.join(format!("area/{slug}/index.html"))
            } else {
                public.join(format!("area/{slug}/page/{page}/index.html"))
            };
            if !file.is_file() {
                break;
            }
            let blocks = page_blocks(&read(&file));
            if page == 1 {
                for item in of_type(&blocks, "BreadcrumbList")[0]["itemListElement"]
                    .as_array()
                    .unwrap()
                {
                    built_crumbs.push((
                        item["position"].as_u64().unwrap(),
                        path_of(item["item"].as_str().unwrap()),
                        item["name"].as_str().unwrap().to_string(),
                    ));
                }
                for q in of_type(&blocks, "FAQPage")[0]["mainEntity"]
                    .as_array()
                    .unwrap()
                {
                    built_faq.push((
                        q["name"].as_str().unwrap().to_string(),
                        q["acceptedAnswer"]["text"].as_str().unwrap().to_string(),
                    ));
                }
            }
            for p in of_type(&blocks, "CollectionPage")[0]["hasPart"]
                .as_array()
                .unwrap()
            {
                built_parts.insert(path_of(p["url"].as_str().unwrap()), part(p));
            }
            page += 1;
        }
        if slug == "funding-rates" {
            assert!(page > 2, "{slug}: expected the area to span several pages");
        }

        // Same trail: the same URLs at the same positions. The kind index is named
        // "Areas" by glossa (its page is titled so) where the export says "Area".
        assert_eq!(crumbs.len(), built_crumbs.len(), "{slug}");
        for (e, b) in crumbs.iter().zip(&built_crumbs) {
            assert_eq!((e.0, &e.1), (b.0, &b.1), "{slug}: breadcrumb");
            if e.0 != 2 {
                assert_eq!(e.2, b.2, "{slug}: breadcrumb name");
            } else {
                assert_eq!((e.2.as_str(), b.2.as_str()), ("Area", "Areas"));
            }
        }
        assert_eq!(faq, built_faq, "{slug}: questions and answers");
        assert_eq!(
            parts.keys().collect::<BTreeSet<_>>(),
            built_parts.keys().collect::<BTreeSet<_>>(),
            "{slug}: hasPart URLs"
        );
        for (path, p) in &parts {
            assert_eq!(p, &built_parts[path], "{slug}: hasPart {path}");
        }
    }

    // The disagreeing page: the markdown's questions are kept, not the JSON-LD's.
    let oracle = page_blocks(&read(public.join("area/oracle-lag/index.html")));
    let questions: Vec<&str> = of_type(&oracle, "FAQPage")[0]["mainEntity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        questions,
        [
            "What is the Mechanism of Oracle Lag?",
            "What is the Risk of Oracle Lag?"
        ]
    );
    let collection = of_type(&oracle, "CollectionPage")[0];
    assert_eq!(collection["name"], "Oracle Lag");
    let headlines: BTreeSet<&str> = collection["hasPart"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["headline"].as_str().unwrap())
        .collect();
    assert_eq!(
        headlines,
        ["Heartbeat Interval", "Price Oracle", "Stale Price"].into()
    );

    // The hostile page: its title is text in HTML and in JSON-LD.
    let html = read(public.join("area/hostile-area/index.html"));
    // Only JSON-LD scripts and the link previews' data (it lists members), besides the
    // theme's own scripts; none closed early.
    let theme = html.matches("<script src=\"/search.js\"").count()
        + html.matches("<script src=\"/previews.js\"").count();
    let previews = html
        .matches("<script type=\"application/json\" id=\"glossa-previews\">")
        .count();
    assert_eq!((theme, previews), (2, 1));
    assert_eq!(
        html.matches("<script").count() - theme - previews,
        html.matches("<script type=\"application/ld+json\">")
            .count()
    );
    assert_eq!(
        html.matches("</script>").count(),
        html.matches("<script").count()
    );
    assert!(
        !html.contains("<b>Bold</b>") && !html.contains("<iframe"),
        "raw HTML passed through"
    );
    let hostile = page_blocks(&html);
    assert_eq!(
        of_type(&hostile, "CollectionPage")[0]["name"],
        "</script><script>alert('area')</script> <!-- Hostile <b>Area</b>"
    );
}
