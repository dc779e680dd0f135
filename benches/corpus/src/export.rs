//! The same corpus as exported pages of a live glossary site (glossa's FORMAT.md §2): what
//! `glossa import` reads.
//!
//! - areas: `area/<slug>.txt` with the area's questions and its first [`PAGE_ITEMS`] related
//!   items; an area with more continues on resource pages (`area/<slug>-resource-<N>.txt`,
//!   URL `/area/<slug>/resource/<N>/`) that repeat the first question and list the next items;
//! - terms: `term/<slug>.txt`, metadata lines, a hero image line, the article in H2 sections
//!   with an inline link to each of the term's areas;
//! - definitions: `definition/<slug>.txt`, the title repeated as an H2, the text, a bullet
//!   list of links to related definitions and a `## Glossary` of its areas;
//! - every page ends with its JSON-LD (`BreadcrumbList`, `FAQPage`, `CollectionPage` with
//!   `hasPart`, `Article`) and its `**Original URL:**` line.
//!
//! About one term or definition in twelve has no page of its own ([`exported`]): it is only
//! seen as a related item, as pages of a real export point outside the export.

use std::io::{self, Write};
use std::path::Path;

use crate::body::Content;
use crate::date::Day;
use crate::plan::{Corpus, Entry, Kind};
use crate::rng::{Rng, Stream};
use crate::{site_title, Output};

/// Where the exported site lived.
pub const ORIGIN: &str = "https://bench.example";

/// Related items on an area's page (and on each resource page).
pub const PAGE_ITEMS: usize = 12;

const SEP: &str = "⎊";

/// Per-entry facts of the export that the plan does not hold: whether it has a page, its
/// publication instant and its image. Drawn from the entry's own stream, so they do not
/// depend on the order entries are written in.
#[derive(Clone, Debug)]
pub struct Facts {
    pub exported: bool,
    pub published: String,
    pub modified: String,
    pub image: Image,
    /// Areas only: whether the related list carries description lines.
    pub descriptions: bool,
}

#[derive(Clone, Debug)]
pub struct Image {
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub caption: String,
}

pub fn facts(corpus: &Corpus, id: usize) -> Facts {
    let e = &corpus.entries[id];
    let mut rng = Rng::new(corpus.seed, Stream::Export, id as u64);
    let exported = e.kind == Kind::Area || !rng.percent(8);
    let at = |rng: &mut Rng, day: Day| {
        format!(
            "{day}T{:02}:{:02}:{:02}+00:00",
            rng.below(24),
            rng.below(60),
            rng.below(60)
        )
    };
    let published = at(&mut rng, e.date);
    let modified = match e.updated {
        Some(u) => at(&mut rng, u),
        // Touched minutes after publishing: same day, later time.
        None => {
            let (h, m, s) = (&published[11..13], &published[14..16], &published[17..19]);
            let minutes = h.parse::<usize>().unwrap_or(0) * 60 + m.parse::<usize>().unwrap_or(0);
            let later = (minutes + rng.range(1, 30)).min(23 * 60 + 59);
            format!("{}T{:02}:{:02}:{s}+00:00", e.date, later / 60, later % 60)
        }
    };
    let (width, height) = if rng.percent(50) {
        (2400, 1350)
    } else {
        (1600, 900)
    };
    const SHAPES: &[&str] = &[
        "A lattice of glass rods",
        "Two interlocking rings",
        "A spiral of thin ribbons",
        "A stack of translucent plates",
        "A field of small cubes",
        "A single curved blade",
    ];
    const LIGHTS: &[&str] = &[
        "lit in teal against a dark ground",
        "in amber and white on deep blue",
        "glowing green at its centre",
        "under a cold grey light",
        "casting long shadows to the left",
    ];
    let caption = format!(
        "{} {}, an abstract picture of {}.",
        rng.pick(SHAPES),
        rng.pick(LIGHTS),
        e.title.to_lowercase()
    );
    Facts {
        exported,
        published,
        modified,
        image: Image {
            url: format!(
                "https://media.bench.example/{}/{}.jpg",
                e.kind.section(),
                e.slug
            ),
            width,
            height,
            caption,
        },
        descriptions: !rng.percent(20),
    }
}

/// Whether the entry has a page in the export.
pub fn exported(facts: &[Facts], id: usize) -> bool {
    facts[id].exported
}

fn url(e: &Entry) -> String {
    format!("{ORIGIN}/{}/{}/", e.kind.section(), e.slug)
}

/// Each area's members (its own related list, then the entries naming it), no repeats.
pub fn members(corpus: &Corpus) -> Vec<Vec<usize>> {
    let mut members: Vec<Vec<usize>> = corpus
        .entries
        .iter()
        .map(|e| {
            if e.kind == Kind::Area {
                e.related.clone()
            } else {
                Vec::new()
            }
        })
        .collect();
    for (id, e) in corpus.entries.iter().enumerate() {
        for &a in &e.areas {
            if !members[a].contains(&id) {
                members[a].push(id);
            }
        }
    }
    members
}

/// What every page needs to know about the others.
pub struct Shared<'a> {
    pub corpus: &'a Corpus,
    pub facts: &'a [Facts],
    pub descriptions: &'a [String],
    pub members: &'a [Vec<usize>],
}

/// Writes the pages of entry `id` (none when it is not exported).
pub(crate) fn entry(
    shared: &Shared<'_>,
    id: usize,
    content: &Content,
    root: &Path,
    out: &mut Output,
) -> io::Result<()> {
    let e = &shared.corpus.entries[id];
    if !shared.facts[id].exported {
        return Ok(());
    }
    let dir = root.join(e.kind.section());
    match e.kind {
        Kind::Area => {
            let members = &shared.members[id];
            let pages = members.len().div_ceil(PAGE_ITEMS).max(1);
            for page in 1..=pages {
                let items =
                    &members[(page - 1) * PAGE_ITEMS..(page * PAGE_ITEMS).min(members.len())];
                let name = if page == 1 {
                    format!("{}.txt", e.slug)
                } else {
                    format!("{}-resource-{page}.txt", e.slug)
                };
                let text = area_page(shared, id, content, page, items);
                out.write(&dir.join(name), |w| w.write_all(text.as_bytes()), page == 1)?;
            }
            Ok(())
        }
        Kind::Term => {
            let text = term_page(shared, id, content);
            out.write(
                &dir.join(format!("{}.txt", e.slug)),
                |w| w.write_all(text.as_bytes()),
                true,
            )
        }
        Kind::Definition => {
            let text = definition_page(shared, id, content);
            out.write(
                &dir.join(format!("{}.txt", e.slug)),
                |w| w.write_all(text.as_bytes()),
                true,
            )
        }
    }
}

/// The questions of an area body: (question, answer markdown).
fn questions(body: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for block in body.split("\n## ").skip(1) {
        let (q, a) = block.split_once('\n').unwrap_or((block, ""));
        out.push((q.trim().to_string(), a.trim().to_string()));
    }
    out
}

/// Markdown to the plain text a FAQ answer carries.
fn plain(s: &str) -> String {
    s.replace("**", "").replace('`', "")
}

fn first_sentence(s: &str) -> &str {
    match s.find(". ") {
        Some(i) => &s[..=i],
        None => s,
    }
}

fn area_page(
    shared: &Shared<'_>,
    id: usize,
    content: &Content,
    page: usize,
    items: &[usize],
) -> String {
    let corpus = shared.corpus;
    let e = &corpus.entries[id];
    let facts = &shared.facts[id];
    let site = site_title();
    let mut s = String::with_capacity(16 * 1024);
    let suffix = if page == 1 {
        site.to_string()
    } else {
        format!("Resource {page}")
    };
    s.push_str(&format!(
        "# {} {SEP} Area {SEP} {suffix}\n\n---\n\n",
        e.title
    ));
    let all = questions(&content.body);
    // Resource pages repeat the first question, as real exports do.
    let qs: Vec<&(String, String)> = if page == 1 {
        all.iter().collect()
    } else {
        all.iter().take(1).collect()
    };
    for (q, a) in &qs {
        s.push_str(&format!("## {q}\n\n{a}\n\n"));
    }
    s.push_str("\n---\n\n");
    for &m in items {
        let me = &corpus.entries[m];
        s.push_str(&format!("## [{}]({})\n\n", me.title, url(me)));
        if facts.descriptions {
            s.push_str(&decorated(me.kind, &shared.descriptions[m]));
            s.push_str("\n\n");
        }
    }
    s.push_str("---\n\n## Raw Schema Data\n\n");
    let page_url = if page == 1 {
        url(e)
    } else {
        format!("{}resource/{page}/", url(e))
    };
    s.push_str(&json_block(&breadcrumbs("Area", "area", e)));
    let faq: Vec<String> = qs
        .iter()
        .map(|(q, a)| {
            format!(
                "{{\"@type\":\"Question\",\"name\":{},\"acceptedAnswer\":{{\"@type\":\"Answer\",\"text\":{}}}}}",
                json(q),
                json(&plain(a))
            )
        })
        .collect();
    s.push_str(&json_block(&format!(
        "{{\"@context\":\"https://schema.org\",\"@type\":\"FAQPage\",\"mainEntity\":[{}]}}",
        faq.join(",")
    )));
    let parts: Vec<String> = items.iter().map(|&m| article(shared, m)).collect();
    let facet_text = all
        .first()
        .map(|(_, a)| plain(first_sentence(a)))
        .unwrap_or_default();
    s.push_str(&json_block(&format!(
        "{{\"@context\":\"https://schema.org\",\"@type\":\"CollectionPage\",\"headline\":{},\"description\":{},\"url\":{},\"publisher\":{{\"@type\":\"Organization\",\"name\":{}}},\"hasPart\":[{}],\"image\":{{\"@type\":\"ImageObject\",\"url\":{}}}}}",
        json(&format!("{} {SEP} Area {SEP} {suffix}", e.title)),
        json(&format!("Mechanism {SEP} {facet_text}")),
        json(&page_url),
        json(site),
        parts.join(","),
        json(&facts.image.url)
    )));
    s.push_str(&format!("\n---\n\n**Original URL:** {page_url}\n"));
    s
}

/// `Meaning ⎊ … ⎊ Term` for terms, `… ⎊ Term` for definitions (as real exports write it).
fn decorated(kind: Kind, description: &str) -> String {
    match kind {
        Kind::Term => format!("Meaning {SEP} {description} {SEP} Term"),
        _ => format!("{description} {SEP} Term"),
    }
}

/// A `hasPart` Article for entry `m`.
fn article(shared: &Shared<'_>, m: usize) -> String {
    let e = &shared.corpus.entries[m];
    let f = &shared.facts[m];
    format!(
        "{{\"@type\":\"Article\",\"@id\":{u},\"url\":{u},\"headline\":{},\"description\":{},\"datePublished\":{},\"dateModified\":{},\"author\":{{\"@type\":\"Person\",\"name\":{},\"url\":{}}},\"image\":{}}}",
        json(&e.title),
        json(&decorated(e.kind, &shared.descriptions[m])),
        json(&f.published),
        json(&f.modified),
        json(site_title()),
        json(&format!("{ORIGIN}/author/bench/")),
        image_json(&f.image),
        u = json(&url(e)),
    )
}

fn image_json(i: &Image) -> String {
    format!(
        "{{\"@type\":\"ImageObject\",\"url\":{},\"width\":{},\"height\":{},\"caption\":{}}}",
        json(&i.url),
        i.width,
        i.height,
        json(&i.caption)
    )
}

fn breadcrumbs(label: &str, section: &str, e: &Entry) -> String {
    format!(
        "{{\"@context\":\"https://schema.org\",\"@type\":\"BreadcrumbList\",\"itemListElement\":[{},{},{}]}}",
        crumb(1, "Home", &format!("{ORIGIN}/")),
        crumb(2, label, &format!("{ORIGIN}/{section}/")),
        crumb(3, &e.title, &url(e))
    )
}

fn crumb(position: u32, name: &str, item: &str) -> String {
    format!(
        "{{\"@type\":\"ListItem\",\"position\":{position},\"name\":{},\"item\":{}}}",
        json(name),
        json(item)
    )
}

/// A JSON value pretty enough for a page: the export indents its JSON-LD.
fn json_block(compact: &str) -> String {
    format!("```json\n{}\n```\n\n", indent_json(compact))
}

/// Re-indents compact JSON (strings are left alone) with four spaces, as exports do.
fn indent_json(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("    ");
        }
    };
    for c in compact.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                depth += 1;
                newline(&mut out, depth);
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c => out.push(c),
        }
    }
    out
}

/// A JSON string literal.
fn json(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn meta(s: &mut String, e: &Entry, label: &str) {
    s.push_str(&format!(
        "**Published:** {}\n**Author:** {}\n**Categories:** {label}\n\n---\n\n",
        e.date,
        site_title()
    ));
}

fn term_page(shared: &Shared<'_>, id: usize, content: &Content) -> String {
    let corpus = shared.corpus;
    let e = &corpus.entries[id];
    let f = &shared.facts[id];
    let mut s = String::with_capacity(content.body.len() + 4096);
    s.push_str(&format!("# {} {SEP} Term\n\n", e.title));
    meta(&mut s, e, "Term");
    s.push_str(&format!("![{}]({})\n\n", f.image.caption, f.image.url));
    // The first paragraph gets inline links to the term's areas.
    let (intro, rest) = content
        .body
        .split_once("\n\n")
        .unwrap_or((&content.body, ""));
    s.push_str(intro.trim_end());
    for &a in &e.areas {
        let area = &corpus.entries[a];
        s.push_str(&format!(" It is part of [{}]({}).", area.title, url(area)));
    }
    s.push_str("\n\n");
    s.push_str(rest.trim_end());
    s.push_str("\n\n---\n\n## Raw Schema Data\n\n");
    s.push_str(&json_block(&breadcrumbs("Term", "term", e)));
    s.push_str(&json_block(&own_article(shared, id, "Article")));
    s.push_str(&format!("\n---\n\n**Original URL:** {}\n", url(e)));
    s
}

fn own_article(shared: &Shared<'_>, id: usize, ty: &str) -> String {
    let e = &shared.corpus.entries[id];
    let f = &shared.facts[id];
    format!(
        "{{\"@context\":\"https://schema.org\",\"@type\":{},\"headline\":{},\"description\":{},\"url\":{},\"datePublished\":{},\"dateModified\":{},\"author\":{{\"@type\":\"Person\",\"name\":{},\"url\":{}}},\"publisher\":{{\"@type\":\"Organization\",\"name\":{}}},\"image\":{}}}",
        json(ty),
        json(&e.title),
        json(&decorated(e.kind, &shared.descriptions[id])),
        json(&url(e)),
        json(&f.published),
        json(&f.modified),
        json(site_title()),
        json(&format!("{ORIGIN}/author/bench/")),
        json(site_title()),
        image_json(&f.image),
    )
}

fn definition_page(shared: &Shared<'_>, id: usize, content: &Content) -> String {
    let corpus = shared.corpus;
    let e = &corpus.entries[id];
    let mut s = String::with_capacity(content.body.len() + 4096);
    s.push_str(&format!("# {} {SEP} Definition\n\n", e.title));
    meta(&mut s, e, "Definition");
    s.push_str(&format!(
        "## {}\n\n{}\n\n",
        e.title,
        content.body.trim_end()
    ));
    let links: Vec<usize> = e
        .related
        .iter()
        .copied()
        .filter(|&r| corpus.entries[r].kind == Kind::Definition)
        .collect();
    for &r in &links {
        let d = &corpus.entries[r];
        s.push_str(&format!("- [{}]({})\n", d.title, url(d)));
    }
    if !links.is_empty() {
        s.push('\n');
    }
    if !e.areas.is_empty() {
        s.push_str("## Glossary\n\n");
        for &a in &e.areas {
            let area = &corpus.entries[a];
            s.push_str(&format!(
                "### [{}]({})\n\nMechanism {SEP} {}\n\n",
                area.title,
                url(area),
                shared.descriptions[a]
            ));
        }
    }
    s.push_str("---\n\n## Raw Schema Data\n\n");
    s.push_str(&json_block(&breadcrumbs("Definition", "definition", e)));
    s.push_str(&json_block(&own_article(shared, id, "DefinedTerm")));
    s.push_str(&format!("\n---\n\n**Original URL:** {}\n", url(e)));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_escaped_and_indented() {
        assert_eq!(json("a \"b\" \\ \n"), r#""a \"b\" \\ \n""#);
        assert_eq!(
            indent_json(r#"{"a":[1,{"b":"x,{y}"}]}"#),
            "{\n    \"a\": [\n        1,\n        {\n            \"b\": \"x,{y}\"\n        }\n    ]\n}"
        );
    }
}
