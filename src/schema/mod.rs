//! schema.org JSON-LD: typed nodes and what each page says about itself.
//!
//! Every node is a Rust struct serialized with serde (never pasted strings). A page gets a
//! `BreadcrumbList` matching its visible breadcrumbs, plus its kind's nodes:
//! home: `WebSite` (with a `SearchAction`) and the `DefinedTermSet`; term: an `Article`
//! about a `DefinedTerm`; definition: a `DefinedTerm` in the set; area: a `CollectionPage`
//! whose `hasPart` lists its entries, and a `FAQPage` of its questions; kind indexes: a
//! `CollectionPage`; the A–Z index: the `DefinedTermSet` with every term.
//!
//! `hasPart` items are `Article`s for every kind of entry: schema.org ranges `hasPart` over
//! `CreativeWork`, which `DefinedTerm` is not.
//!
//! [`to_script_json`] escapes `<`, `>` and `&` so no text can close the `<script>` it sits in.

use serde::Serialize;

use crate::markdown::Question as BodyQuestion;
use crate::model::{Kind, Links, Site};
use crate::plan::{self, Page, PageKind, Urls};

mod nodes;
mod pages;

pub use nodes::*;

pub const CONTEXT: &str = "https://schema.org";

/// A node with its `@context`, as one `<script>` block or NDJSON line carries it.
#[derive(Serialize)]
pub struct WithContext<'a> {
    #[serde(rename = "@context")]
    pub context: &'static str,
    #[serde(flatten)]
    pub node: &'a Node,
}

/// Serializes to JSON that is safe inside `<script type="application/ld+json">`:
/// `<`, `>` and `&` are written as `\u003c`, `\u003e`, `\u0026` (they can only occur
/// inside JSON strings, where the escapes mean the same characters).
pub fn to_script_json<T: Serialize>(value: &T) -> String {
    // Serializing these plain structs cannot fail (no maps with non-string keys).
    let json = serde_json::to_string(value).unwrap_or_else(|_| "{}".into());
    escape_script_json(&json)
}

/// The escaping of [`to_script_json`] on an already serialized JSON text. Read byte by
/// byte (every page's JSON-LD and link previews go through it): `<`, `>`, `&` are ASCII,
/// and U+2028, U+2029 are the only characters encoded `E2 80 A8`, `E2 80 A9`.
pub fn escape_script_json(json: &str) -> String {
    let bytes = json.as_bytes();
    let mut out = String::with_capacity(json.len() + 16);
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (escaped, len) = match bytes[i] {
            b'<' => ("\\u003c", 1),
            b'>' => ("\\u003e", 1),
            b'&' => ("\\u0026", 1),
            0xE2 if bytes.get(i + 1) == Some(&0x80) => match bytes.get(i + 2) {
                Some(0xA8) => ("\\u2028", 3),
                Some(0xA9) => ("\\u2029", 3),
                _ => ("", 0),
            },
            _ => ("", 0),
        };
        if len == 0 {
            i += 1;
            continue;
        }
        // `i` is at a character's first byte: `<`, `>`, `&` or the lead byte above.
        out.push_str(&json[start..i]);
        out.push_str(escaped);
        i += len;
        start = i;
    }
    out.push_str(&json[start..]);
    out
}

/// What the schema builders read.
pub struct SchemaContext<'a> {
    pub site: &'a Site,
    pub links: &'a Links,
    pub urls: &'a Urls,
    /// Each area's questions, indexed by entry id (empty for other kinds).
    pub questions: &'a [Vec<BodyQuestion>],
}

/// A crumb of a page's trail: name and root-relative URL.
pub type Crumb = (String, String);

/// The visible breadcrumb trail of a page (Home › kind index or area › entry).
pub fn breadcrumbs(site: &Site, page: &Page) -> Vec<Crumb> {
    let mut trail = vec![("Home".to_string(), String::new())];
    let kind_crumb = |k: Kind| (k.plural_label().to_string(), Urls::kind_index_rel(k, 1));
    match page.kind {
        PageKind::Home => {}
        PageKind::Entry(id) => {
            let e = &site.entries[id];
            trail.push(kind_crumb(e.kind));
            trail.push((e.title.clone(), page.rel.clone()));
        }
        PageKind::Area { id, page: n } => {
            let e = &site.entries[id];
            trail.push(kind_crumb(Kind::Area));
            trail.push((e.title.clone(), Urls::entry_rel(e)));
            if n > 1 {
                trail.push((format!("Page {n}"), page.rel.clone()));
            }
        }
        PageKind::KindIndex { kind, page: n } => {
            trail.push(kind_crumb(kind));
            if n > 1 {
                trail.push((format!("Page {n}"), page.rel.clone()));
            }
        }
        PageKind::Glossary { letter } => {
            trail.push(("A–Z index".into(), plan::GLOSSARY_REL.into()));
            if let Some(slot) = letter {
                trail.push((crate::letter::letter_label(slot), page.rel.clone()));
            }
        }
        PageKind::Search => trail.push(("Search".into(), page.rel.clone())),
        PageKind::NotFound => trail.push(("Page not found".into(), page.rel.clone())),
    }
    trail
}

/// The one-line introduction of a kind index page.
pub fn kind_intro(kind: Kind, site_title: &str) -> String {
    match kind {
        Kind::Term => format!("Every term in {site_title}: long-form articles, A to Z."),
        Kind::Definition => format!("Every definition in {site_title}: short entries, A to Z."),
        Kind::Area => {
            format!("The topic areas of {site_title}, each with its questions and entries.")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_its_script() {
        let q = Question {
            name: "</script><script>alert(1)</script> <!-- & \"q\"".into(),
            accepted_answer: Answer { text: "a".into() },
        };
        let s = to_script_json(&q);
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(
            back["name"],
            "</script><script>alert(1)</script> <!-- & \"q\""
        );
        assert_eq!(back["@type"], "Question");
    }

    #[test]
    fn line_separators_are_escaped_and_other_characters_kept() {
        let text = "a\u{2028}b\u{2029}c € \u{2027} \u{202A} é <&>";
        let s = escape_script_json(&serde_json::to_string(text).unwrap());
        assert_eq!(
            s,
            "\"a\\u2028b\\u2029c € \u{2027} \u{202A} é \\u003c\\u0026\\u003e\""
        );
        let back: String = serde_json::from_str(&s).unwrap();
        assert_eq!(back, text);
    }

    #[test]
    fn nodes_read_back_by_their_type() {
        let json = r#"{"@type":"FAQPage","@id":"i","url":"u","name":"n","mainEntity":[
            {"@type":"Question","name":"Why?","acceptedAnswer":{"@type":"Answer","text":"So."}}]}"#;
        let node: Node = serde_json::from_str(json).unwrap();
        assert!(
            matches!(&node, Node::FaqPage(f) if f.main_entity[0].accepted_answer.text == "So.")
        );
        let json = r#"{"@type":"Article","@id":"a","url":"u","headline":"h"}"#;
        assert!(matches!(
            serde_json::from_str::<Node>(json).unwrap(),
            Node::Article(_)
        ));
    }

    #[test]
    fn nodes_carry_their_type() {
        let n = Node::FaqPage(FaqPage {
            id: "i".into(),
            url: "u".into(),
            name: "n".into(),
            main_entity: vec![],
        });
        let v = serde_json::to_value(WithContext {
            context: CONTEXT,
            node: &n,
        })
        .unwrap();
        assert_eq!(v["@type"], "FAQPage");
        assert_eq!(v["@context"], CONTEXT);
    }
}
