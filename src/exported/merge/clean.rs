//! Cleaning of export decoration and small text helpers: `Meaning ⎊ … ⎊ Term` around
//! descriptions, the site suffix on headlines, facet prefixes (`Liquidation ⎊ …`) on area
//! descriptions; first sentences for descriptions; titles from slugs; placeholder
//! descriptions.

use crate::exported::ld::LdNode;
use crate::exported::reader::ExportPage;
use crate::exported::url::{self, Key};
use crate::markdown;
use crate::model::Kind;

/// Names the page gives its site: its H1 suffix and the publishers in its JSON-LD.
pub(super) fn site_names(page: &ExportPage) -> Vec<String> {
    let mut names = page.suffix.clone();
    for (_, node) in page.nodes() {
        let publisher = match node {
            LdNode::CollectionPage(c) => c.publisher.as_ref(),
            LdNode::Article(a) | LdNode::DefinedTerm(a) => a.publisher.as_ref(),
            _ => None,
        };
        if let Some(p) = publisher {
            names.push(p.name.trim().to_string());
        }
    }
    names
}

/// `basis-trade` → `Basis Trade`.
pub(super) fn title_from_slug(slug: &str) -> String {
    slug.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether two texts say the same thing (whitespace and case aside).
pub(super) fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

/// A value short enough to quote in a message: at most 80 characters.
pub(super) fn shorten(s: &str) -> String {
    if s.chars().count() <= 80 {
        s.to_string()
    } else {
        ellipsis(s, 77, false)
    }
}

/// A description without export decoration: `Meaning ⎊ … ⎊ Term` → `…`, and a facet prefix
/// (`Liquidation ⎊ …`, `Mechanism ⎊ …`) removed. `⎊` inside the sentence is kept.
pub fn clean_description(s: &str) -> String {
    let mut s = s.trim();
    loop {
        let before = s;
        for label in Kind::ALL.map(Kind::label) {
            if let Some(rest) = s.strip_suffix(label) {
                if let Some(rest) = rest.trim_end().strip_suffix('⎊') {
                    s = rest.trim_end();
                }
            }
        }
        if s == before {
            break;
        }
    }
    if let Some((head, rest)) = s.split_once('⎊') {
        let head = head.trim();
        // A facet is one to three capitalised words ("Liquidation", "Risk Management").
        let words: Vec<&str> = head.split_whitespace().collect();
        let is_prefix = head.eq_ignore_ascii_case("Meaning")
            || ((1..=3).contains(&words.len())
                && head.len() <= 40
                && words.iter().all(|w| {
                    w.chars().next().is_some_and(char::is_uppercase)
                        && w.chars().all(|c| c.is_alphanumeric() || c == '-')
                }));
        if is_prefix && !rest.trim().is_empty() {
            s = rest.trim();
        }
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A headline without the export's suffixes: `Title ⎊ Area ⎊ Site` → `Title`, and a site
/// name (one of the page's H1 suffix segments) dropped from the end.
pub fn clean_headline(s: &str, site_suffix: &[String]) -> String {
    let segments: Vec<&str> = s.split('⎊').map(str::trim).collect();
    let end = segments
        .iter()
        .skip(1)
        .position(|seg| {
            Kind::ALL.iter().any(|k| k.label() == *seg) || site_suffix.iter().any(|x| x == seg)
        })
        .map_or(segments.len(), |p| p + 1);
    segments[..end].join(" ⎊ ").trim().to_string()
}

/// A one-sentence description from markdown: the first sentence of its first paragraph
/// (headings and image text skipped; at most about 300 characters).
pub fn first_sentence(markdown: &str) -> String {
    use pulldown_cmark::{Event, Tag, TagEnd};
    // The inline events of the first paragraph with text, image text left out.
    let mut events = Vec::new();
    let (mut in_para, mut in_image) = (false, 0usize);
    for e in pulldown_cmark::Parser::new(markdown) {
        match e {
            Event::Start(Tag::Paragraph) => in_para = true,
            Event::End(TagEnd::Paragraph) => {
                in_para = false;
                if !markdown::plain_text(&events).trim().is_empty() {
                    break;
                }
                events.clear();
            }
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::SoftBreak | Event::HardBreak if in_para => events.push(e),
            Event::Text(_) | Event::Code(_) if in_para && in_image == 0 => events.push(e),
            _ => {}
        }
    }
    let para = markdown::plain_text(&events)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let end = para
        .match_indices(". ")
        .map(|(i, _)| i)
        .find(|&i| i >= 20)
        .map(|i| i + 1);
    let s = match end {
        Some(e) => para[..e].to_string(),
        None => para,
    };
    if s.chars().count() > 300 {
        ellipsis(&s, 300, true)
    } else {
        s
    }
}

/// The first `keep` characters of `s` and `…`; with `at_word`, cut back to the last space
/// among them (when there is one).
pub(super) fn ellipsis(s: &str, keep: usize, at_word: bool) -> String {
    let cut: String = s.chars().take(keep).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if at_word => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{cut}…")
}

/// The description of an entry nothing describes: what it is and where it came from.
pub(super) fn placeholder_description(key: &Key, title: &str, source_url: &str) -> String {
    let host = url::parse(source_url).ok().map(|p| {
        p.origin
            .split_once("://")
            .map_or(p.origin.clone(), |(_, h)| h.to_string())
    });
    match host {
        Some(host) => format!(
            "{title}: a {} imported from {host}, where its own page was not part of the export.",
            key.kind
        ),
        None => format!("{title}: an imported {} without a description.", key.kind),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_decoration() {
        assert_eq!(
            clean_description("Meaning ⎊ Funding moves with the premium. ⎊ Term"),
            "Funding moves with the premium."
        );
        assert_eq!(
            clean_description("The gap ⎊ in prose ⎊ stays. ⎊ Definition"),
            "The gap ⎊ in prose ⎊ stays."
        );
        assert_eq!(
            clean_description("Liquidation ⎊ Forced closure, when margin runs out."),
            "Forced closure, when margin runs out."
        );
        assert_eq!(
            clean_description("A long sentence, with commas ⎊ and a dash."),
            "A long sentence, with commas ⎊ and a dash."
        );
        assert_eq!(clean_description("Plain."), "Plain.");
        let site = vec!["Example Glossary".to_string()];
        assert_eq!(
            clean_headline("Funding ⎊ Area ⎊ Example Glossary", &site),
            "Funding"
        );
        assert_eq!(
            clean_headline("Funding ⎊ Example Glossary", &site),
            "Funding"
        );
        assert_eq!(clean_headline("A ⎊ B", &site), "A ⎊ B");
        assert_eq!(
            first_sentence("The **basis** is [spot](https://x/) minus futures. More text."),
            "The basis is spot minus futures."
        );
        assert_eq!(
            first_sentence(
                "## Essence\n\n![alt](x.jpg)\n\n**Keepers** close positions for a fee. They watch."
            ),
            "Keepers close positions for a fee."
        );
    }
}
