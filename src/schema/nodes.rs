//! The schema.org node types, each a struct that carries its own `@type`.

use serde::{Deserialize, Serialize};

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
