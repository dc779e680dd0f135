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

use serde::{Deserialize, Serialize};

use crate::markdown::Question as BodyQuestion;
use crate::model::{Entry, EntryId, Image, Kind, Links, Site};
use crate::plan::{self, Page, PageKind, Urls};

pub const CONTEXT: &str = "https://schema.org";

/// A top-level node. Every node struct carries its own `@type` (so the same struct serves
/// top-level and nested), which is why this enum is untagged; reading one dispatches on
/// `@type`.
// Nodes are built, serialized and dropped one page at a time: their size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Node {
    BreadcrumbList(BreadcrumbList),
    WebSite(WebSite),
    DefinedTermSet(DefinedTermSet),
    DefinedTerm(DefinedTerm),
    Article(Article),
    CollectionPage(CollectionPage),
    FaqPage(FaqPage),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let value = serde_json::Value::deserialize(deserializer)?;
        let kind = value
            .get("@type")
            .and_then(|t| t.as_str())
            .unwrap_or_default()
            .to_string();
        let node = match kind.as_str() {
            "BreadcrumbList" => serde_json::from_value(value).map(Node::BreadcrumbList),
            "WebSite" => serde_json::from_value(value).map(Node::WebSite),
            "DefinedTermSet" => serde_json::from_value(value).map(Node::DefinedTermSet),
            "DefinedTerm" => serde_json::from_value(value).map(Node::DefinedTerm),
            "Article" => serde_json::from_value(value).map(Node::Article),
            "CollectionPage" => serde_json::from_value(value).map(Node::CollectionPage),
            "FAQPage" => serde_json::from_value(value).map(Node::FaqPage),
            other => return Err(D::Error::custom(format!("unsupported @type `{other}`"))),
        };
        node.map_err(D::Error::custom)
    }
}

impl Node {
    /// The node's `@id`.
    pub fn id(&self) -> &str {
        match self {
            Node::BreadcrumbList(n) => &n.id,
            Node::WebSite(n) => &n.id,
            Node::DefinedTermSet(n) => &n.id,
            Node::DefinedTerm(n) => &n.id,
            Node::Article(n) => &n.id,
            Node::CollectionPage(n) => &n.id,
            Node::FaqPage(n) => &n.id,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "@type", rename = "BreadcrumbList")]
pub struct BreadcrumbList {
    #[serde(rename = "@id")]
    pub id: String,
    #[serde(rename = "itemListElement")]
    pub items: Vec<ListItem>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "@type", rename = "ListItem")]
pub struct ListItem {
    pub position: u32,
    pub name: String,
    pub item: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "@type", rename = "WebSite")]
pub struct WebSite {
    #[serde(rename = "@id")]
    pub id: String,
    pub name: String,
    pub url: String,
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub description: String,
    #[serde(rename = "inLanguage")]
    pub in_language: String,
    pub publisher: Organization,
    #[serde(rename = "potentialAction")]
    pub potential_action: SearchAction,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "@type", rename = "SearchAction")]
pub struct SearchAction {
    pub target: EntryPoint,
    #[serde(rename = "query-input")]
    pub query_input: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "@type", rename = "EntryPoint")]
pub struct EntryPoint {
    #[serde(rename = "urlTemplate")]
    pub url_template: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "@type", rename = "Organization")]
pub struct Organization {
    pub name: String,
    pub url: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "@type", rename = "Person")]
pub struct Person {
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "@type", rename = "ImageObject")]
pub struct ImageObject {
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub width: Option<Pixels>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub height: Option<Pixels>,
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub caption: String,
}

/// A length in pixels. schema.org ranges `width`/`height` over `Distance` or
/// `QuantitativeValue`, so a bare number is not valid; `E37` is UN/CEFACT's code for pixel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "@type", rename = "QuantitativeValue")]
pub struct Pixels {
    pub value: u32,
    #[serde(rename = "unitCode")]
    pub unit_code: String,
}

impl Pixels {
    pub fn new(value: u32) -> Self {
        Pixels {
            value,
            unit_code: "E37".into(),
        }
    }
}

/// The site's glossary; nested in a `DefinedTerm` it carries only `@id`, `name`, `url`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "@type", rename = "DefinedTermSet")]
pub struct DefinedTermSet {
    #[serde(rename = "@id")]
    pub id: String,
    pub name: String,
    pub url: String,
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub description: String,
    #[serde(
        rename = "hasDefinedTerm",
        skip_serializing_if = "Vec::is_empty",
        default
    )]
    pub has_defined_term: Vec<DefinedTerm>,
}

/// A term of the glossary: a definition page's subject, what a term's `Article` is
/// `about`, or an item of the `DefinedTermSet`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(tag = "@type", rename = "DefinedTerm")]
pub struct DefinedTerm {
    #[serde(rename = "@id")]
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub description: String,
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub url: String,
    #[serde(
        rename = "alternateName",
        skip_serializing_if = "Vec::is_empty",
        default
    )]
    pub alternate_name: Vec<String>,
    #[serde(
        rename = "inDefinedTermSet",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub in_defined_term_set: Option<Box<DefinedTermSet>>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub image: Option<ImageObject>,
}

/// A term's page, and every entry listed in a `CollectionPage`'s `hasPart`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(tag = "@type", rename = "Article")]
pub struct Article {
    #[serde(rename = "@id", skip_serializing_if = "String::is_empty", default)]
    pub id: String,
    pub url: String,
    pub headline: String,
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub description: String,
    #[serde(
        rename = "datePublished",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub date_published: Option<String>,
    #[serde(
        rename = "dateModified",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub date_modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub author: Option<Person>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub publisher: Option<Organization>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub image: Option<ImageObject>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub about: Option<DefinedTerm>,
    #[serde(
        rename = "inLanguage",
        skip_serializing_if = "String::is_empty",
        default
    )]
    pub in_language: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "@type", rename = "CollectionPage")]
pub struct CollectionPage {
    #[serde(rename = "@id")]
    pub id: String,
    pub url: String,
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub description: String,
    #[serde(
        rename = "inLanguage",
        skip_serializing_if = "String::is_empty",
        default
    )]
    pub in_language: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub publisher: Option<Organization>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub image: Option<ImageObject>,
    #[serde(rename = "hasPart", skip_serializing_if = "Vec::is_empty", default)]
    pub has_part: Vec<Article>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "@type", rename = "FAQPage")]
pub struct FaqPage {
    #[serde(rename = "@id")]
    pub id: String,
    pub url: String,
    pub name: String,
    #[serde(rename = "mainEntity")]
    pub main_entity: Vec<Question>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "@type", rename = "Question")]
pub struct Question {
    pub name: String,
    #[serde(rename = "acceptedAnswer")]
    pub accepted_answer: Answer,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "@type", rename = "Answer")]
pub struct Answer {
    pub text: String,
}

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

/// The escaping of [`to_script_json`] on an already serialized JSON text.
pub fn escape_script_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    let mut start = 0;
    for (i, c) in json.char_indices() {
        let escaped = match c {
            '<' => "\\u003c",
            '>' => "\\u003e",
            '&' => "\\u0026",
            '\u{2028}' => "\\u2028",
            '\u{2029}' => "\\u2029",
            _ => continue,
        };
        out.push_str(&json[start..i]);
        out.push_str(escaped);
        start = i + c.len_utf8();
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

impl SchemaContext<'_> {
    fn publisher(&self) -> Organization {
        Organization {
            name: self.site.config.title.clone(),
            url: self.urls.base_url.clone(),
        }
    }

    /// The `DefinedTermSet` as a term's `inDefinedTermSet` names it.
    fn set_ref(&self) -> Option<Box<DefinedTermSet>> {
        Some(Box::new(DefinedTermSet {
            id: self.set_id(),
            name: self.site.config.title.clone(),
            url: self.urls.permalink(plan::GLOSSARY_REL),
            description: String::new(),
            has_defined_term: Vec::new(),
        }))
    }

    fn set_id(&self) -> String {
        format!("{}#set", self.urls.permalink(plan::GLOSSARY_REL))
    }

    fn entry_url(&self, e: &Entry) -> String {
        self.urls.permalink(&Urls::entry_rel(e))
    }

    fn image(&self, image: &Option<Image>) -> Option<ImageObject> {
        image.as_ref().map(|i| ImageObject {
            url: self.urls.resolve(&i.url).1,
            width: i.width.map(Pixels::new),
            height: i.height.map(Pixels::new),
            caption: i.caption.clone(),
        })
    }

    fn author(&self, e: &Entry) -> Person {
        Person {
            name: e
                .author
                .clone()
                .unwrap_or_else(|| self.site.config.author.clone()),
        }
    }

    fn part(&self, id: EntryId) -> Article {
        let e = &self.site.entries[id];
        let url = self.entry_url(e);
        Article {
            // An area's own page is a `CollectionPage` with this URL as its `@id`; listed
            // as a part it stays a blank node rather than a second type for that node.
            id: if e.kind == Kind::Area {
                String::new()
            } else {
                url.clone()
            },
            url,
            headline: e.title.clone(),
            description: e.description.clone(),
            date_published: e.date.map(|d| d.iso()),
            date_modified: e.modified().map(|d| d.iso()),
            image: self.image(&e.image),
            ..Article::default()
        }
    }

    fn collection(
        &self,
        page: &Page,
        name: String,
        description: String,
        ids: &[EntryId],
        image: Option<ImageObject>,
    ) -> Node {
        let url = self.urls.permalink(&page.rel);
        Node::CollectionPage(CollectionPage {
            id: url.clone(),
            url,
            name,
            description,
            in_language: self.site.config.language.clone(),
            publisher: Some(self.publisher()),
            image,
            has_part: ids.iter().map(|&id| self.part(id)).collect(),
        })
    }

    /// The nodes of one page, breadcrumbs first.
    pub fn page_nodes(&self, page: &Page) -> Vec<Node> {
        let site = self.site;
        let config = &site.config;
        let url = self.urls.permalink(&page.rel);
        let trail = breadcrumbs(site, page);
        let mut nodes = vec![Node::BreadcrumbList(BreadcrumbList {
            id: format!("{url}#breadcrumb"),
            items: trail
                .into_iter()
                .enumerate()
                .map(|(i, (name, rel))| ListItem {
                    position: i as u32 + 1,
                    name,
                    item: self.urls.permalink(&rel),
                })
                .collect(),
        })];
        let size = config.pagination.page_size;
        match page.kind {
            PageKind::Home => {
                nodes.push(Node::WebSite(WebSite {
                    id: format!("{}#website", self.urls.base_url),
                    name: config.title.clone(),
                    url: self.urls.base_url.clone(),
                    description: config.description.clone(),
                    in_language: config.language.clone(),
                    publisher: self.publisher(),
                    potential_action: SearchAction {
                        target: EntryPoint {
                            url_template: format!(
                                "{}?q={{search_term_string}}",
                                self.urls.permalink(plan::SEARCH_REL)
                            ),
                        },
                        query_input: "required name=search_term_string".into(),
                    },
                }));
                nodes.push(Node::DefinedTermSet(DefinedTermSet {
                    id: self.set_id(),
                    name: config.title.clone(),
                    url: self.urls.permalink(plan::GLOSSARY_REL),
                    description: config.description.clone(),
                    has_defined_term: Vec::new(),
                }));
            }
            PageKind::Entry(id) => {
                let e = &site.entries[id];
                let term_id = format!("{url}#term");
                match e.kind {
                    Kind::Definition => nodes.push(Node::DefinedTerm(DefinedTerm {
                        id: term_id,
                        name: e.title.clone(),
                        description: e.description.clone(),
                        url,
                        alternate_name: e.aliases.clone(),
                        in_defined_term_set: self.set_ref(),
                        image: self.image(&e.image),
                    })),
                    _ => nodes.push(Node::Article(Article {
                        id: url.clone(),
                        url,
                        headline: e.title.clone(),
                        description: e.description.clone(),
                        date_published: e.date.map(|d| d.iso()),
                        date_modified: e.modified().map(|d| d.iso()),
                        author: Some(self.author(e)),
                        publisher: Some(self.publisher()),
                        image: self.image(&e.image),
                        about: Some(DefinedTerm {
                            id: term_id,
                            name: e.title.clone(),
                            alternate_name: e.aliases.clone(),
                            in_defined_term_set: self.set_ref(),
                            ..DefinedTerm::default()
                        }),
                        in_language: config.language.clone(),
                    })),
                }
            }
            PageKind::Area { id, page: n } => {
                let e = &site.entries[id];
                let members = plan::page_slice(&self.links.members[id], n, size);
                let name = if n > 1 {
                    format!("{} (page {n})", e.title)
                } else {
                    e.title.clone()
                };
                nodes.push(self.collection(
                    page,
                    name,
                    e.description.clone(),
                    members,
                    self.image(&e.image),
                ));
                let questions = &self.questions[id];
                if n == 1 && !questions.is_empty() {
                    nodes.push(Node::FaqPage(FaqPage {
                        id: format!("{url}#faq"),
                        url: url.clone(),
                        name: e.title.clone(),
                        main_entity: questions
                            .iter()
                            .map(|q| Question {
                                name: q.question.clone(),
                                accepted_answer: Answer {
                                    text: q.answer.clone(),
                                },
                            })
                            .collect(),
                    }));
                }
            }
            PageKind::KindIndex { kind, page: n } => {
                let ids = &self.links.by_kind[kind.index()];
                let members = plan::page_slice(ids, n, size);
                let name = if n > 1 {
                    format!("{} (page {n})", kind.plural_label())
                } else {
                    kind.plural_label().to_string()
                };
                let description = kind_intro(kind, &config.title);
                nodes.push(self.collection(page, name, description, members, None));
            }
            PageKind::Glossary { letter } => {
                // The terms this page lists: all, or (split) its letter's, or none.
                let split = plan::glossary_split(site);
                let listed = match (split, letter) {
                    (false, _) => &self.links.by_title[..],
                    (true, Some(slot)) => &self.links.by_letter[slot][..],
                    (true, None) => &[],
                };
                let ids = listed
                    .iter()
                    .copied()
                    .filter(|&i| site.entries[i].kind != Kind::Area);
                nodes.push(Node::DefinedTermSet(DefinedTermSet {
                    id: self.set_id(),
                    name: config.title.clone(),
                    url,
                    description: config.description.clone(),
                    has_defined_term: ids
                        .into_iter()
                        .map(|i| {
                            let e = &site.entries[i];
                            let u = self.entry_url(e);
                            DefinedTerm {
                                id: format!("{u}#term"),
                                name: e.title.clone(),
                                url: u,
                                ..DefinedTerm::default()
                            }
                        })
                        .collect(),
                }));
            }
            PageKind::Search | PageKind::NotFound => {}
        }
        nodes
    }
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
