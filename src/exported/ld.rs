//! The JSON-LD of exported pages, read leniently.
//!
//! [`crate::schema`] holds what glossa *writes*: strict structs, every required field
//! present, sizes as `QuantitativeValue`s. Exports are messier: bare-number (or string)
//! image widths, an `author` that is a `Person` with a `url` (or a plain string, or a
//! list), `image` as an object, a URL string or a list, `hasPart` as one object or a list,
//! headlines carrying the site's suffix. These structs read all of that with serde, through
//! deserializers that never fail on a wrong shape: a field that cannot be understood is left
//! empty, so one odd value never costs the rest of the block.
//!
//! A block holds one node, a list of nodes, or an `@graph`; [`nodes`] flattens them and
//! dispatches on `@type` into [`LdNode`].

use serde::de::{DeserializeOwned, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One node of a JSON-LD block, by `@type`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "@type")]
pub enum LdNode {
    BreadcrumbList(LdBreadcrumbList),
    #[serde(rename = "FAQPage")]
    FaqPage(LdFaqPage),
    CollectionPage(LdCollectionPage),
    /// `Article` and its kin (`BlogPosting`, `TechArticle`, `NewsArticle`, `WebPage`).
    Article(LdArticle),
    DefinedTerm(LdArticle),
    /// Any other type, kept by name only.
    Other {
        name: String,
    },
}

impl LdNode {
    /// The URL a node gives for its page: a CollectionPage's `url` (else its `@id`), an
    /// article's link, a breadcrumb list's last item.
    pub fn page_url(&self) -> Option<&str> {
        match self {
            LdNode::CollectionPage(c) => Some(if c.url.is_empty() { &c.id } else { &c.url }),
            LdNode::Article(a) | LdNode::DefinedTerm(a) => Some(a.link()),
            LdNode::BreadcrumbList(b) => b.items.last().map(|i| i.item.as_str()),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LdBreadcrumbList {
    #[serde(rename = "itemListElement", deserialize_with = "list")]
    pub items: Vec<LdListItem>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LdListItem {
    #[serde(deserialize_with = "number")]
    pub position: Option<u64>,
    #[serde(deserialize_with = "text")]
    pub name: String,
    /// The crumb's URL (`item` is a URL string or an object with `@id`/`url`).
    #[serde(deserialize_with = "url_or_object")]
    pub item: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LdFaqPage {
    #[serde(rename = "mainEntity", deserialize_with = "list")]
    pub questions: Vec<LdQuestion>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LdQuestion {
    #[serde(deserialize_with = "text")]
    pub name: String,
    #[serde(rename = "acceptedAnswer", deserialize_with = "answer")]
    pub answer: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LdCollectionPage {
    #[serde(rename = "@id", deserialize_with = "text")]
    pub id: String,
    #[serde(deserialize_with = "text")]
    pub url: String,
    #[serde(deserialize_with = "text")]
    pub headline: String,
    #[serde(deserialize_with = "text")]
    pub name: String,
    #[serde(deserialize_with = "text")]
    pub description: String,
    #[serde(rename = "datePublished", deserialize_with = "text")]
    pub date_published: String,
    #[serde(rename = "dateModified", deserialize_with = "text")]
    pub date_modified: String,
    #[serde(deserialize_with = "one")]
    pub publisher: Option<LdPerson>,
    #[serde(deserialize_with = "one")]
    pub image: Option<LdImage>,
    #[serde(rename = "hasPart", deserialize_with = "list")]
    pub has_part: Vec<LdArticle>,
}

/// An `Article` (a term's page, or an item of `hasPart`), also used for `DefinedTerm`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LdArticle {
    #[serde(rename = "@id", deserialize_with = "text")]
    pub id: String,
    #[serde(deserialize_with = "text")]
    pub url: String,
    #[serde(deserialize_with = "text")]
    pub headline: String,
    #[serde(deserialize_with = "text")]
    pub name: String,
    #[serde(deserialize_with = "text")]
    pub description: String,
    #[serde(rename = "datePublished", deserialize_with = "text")]
    pub date_published: String,
    #[serde(rename = "dateModified", deserialize_with = "text")]
    pub date_modified: String,
    #[serde(deserialize_with = "one")]
    pub author: Option<LdPerson>,
    #[serde(deserialize_with = "one")]
    pub publisher: Option<LdPerson>,
    #[serde(deserialize_with = "one")]
    pub image: Option<LdImage>,
}

impl LdArticle {
    /// `url`, else `@id`.
    pub fn link(&self) -> &str {
        if self.url.trim().is_empty() {
            &self.id
        } else {
            &self.url
        }
    }

    /// `headline`, else `name`.
    pub fn title(&self) -> &str {
        if self.headline.trim().is_empty() {
            &self.name
        } else {
            &self.headline
        }
    }
}

/// A `Person` or `Organization` (an author or publisher); a bare string is its name.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LdPerson {
    #[serde(deserialize_with = "text")]
    pub name: String,
    #[serde(deserialize_with = "text")]
    pub url: String,
}

/// An `ImageObject`; a bare string is its URL. Sizes may be numbers, numeric strings
/// (`"3850"`, `"3850px"`) or `QuantitativeValue`s.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LdImage {
    #[serde(deserialize_with = "url_or_object")]
    pub url: String,
    #[serde(deserialize_with = "dimension")]
    pub width: Option<u32>,
    #[serde(deserialize_with = "dimension")]
    pub height: Option<u32>,
    #[serde(deserialize_with = "text")]
    pub caption: String,
}

/// The nodes of one parsed block: a node, a list of nodes, or an `@graph`.
pub fn nodes(value: Value) -> Vec<LdNode> {
    let mut out = Vec::new();
    flatten(value, &mut out, 0);
    out
}

fn flatten(value: Value, out: &mut Vec<LdNode>, depth: usize) {
    if depth > 4 {
        return;
    }
    match value {
        Value::Array(items) => {
            for v in items {
                flatten(v, out, depth + 1);
            }
        }
        Value::Object(mut map) => {
            if let Some(graph) = map.remove("@graph") {
                flatten(graph, out, depth + 1);
                if !map.contains_key("@type") {
                    return;
                }
            }
            out.push(node(Value::Object(map)));
        }
        _ => {}
    }
}

fn node(value: Value) -> LdNode {
    let name = type_name(&value);
    match name.as_str() {
        "BreadcrumbList" => LdNode::BreadcrumbList(lenient(value)),
        "FAQPage" => LdNode::FaqPage(lenient(value)),
        "CollectionPage" => LdNode::CollectionPage(lenient(value)),
        "Article" | "BlogPosting" | "TechArticle" | "NewsArticle" | "WebPage" => {
            LdNode::Article(lenient(value))
        }
        "DefinedTerm" => LdNode::DefinedTerm(lenient(value)),
        _ => LdNode::Other { name },
    }
}

/// `@type` as a string (the first one when it is a list).
fn type_name(value: &Value) -> String {
    match value.get("@type") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(a)) => a
            .iter()
            .find_map(|t| t.as_str())
            .unwrap_or_default()
            .to_string(),
        _ => String::new(),
    }
}

/// Deserializes `T` from a value whose shape is already known to be an object; the field
/// deserializers accept anything, so this only fails on a non-object, giving the default.
fn lenient<T: DeserializeOwned + Default>(value: Value) -> T {
    serde_json::from_value(value).unwrap_or_default()
}

fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(a) => a.iter().find_map(value_text),
        Value::Object(o) => o.get("@value").and_then(value_text),
        Value::Null => None,
    }
}

/// Any scalar as text; a list gives its first scalar; anything else is empty.
fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(value_text(&v).unwrap_or_default())
}

/// A whole number, from a number or a numeric string.
fn number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(match v {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < 1e15)
                .map(|f| f as u64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}

/// A pixel size: `3850`, `"3850"`, `"3850px"`, `{"@type":"QuantitativeValue","value":3850}`.
fn dimension<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(pixels(&v))
}

fn pixels(v: &Value) -> Option<u32> {
    let n = match v {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().trim_end_matches("px").trim().parse().ok()?,
        Value::Object(o) => return o.get("value").and_then(pixels),
        Value::Array(a) => return a.first().and_then(pixels),
        _ => return None,
    };
    (n.fract() == 0.0 && (1.0..=100_000.0).contains(&n)).then_some(n as u32)
}

/// A URL written as a string or as an object with `@id` or `url`.
fn url_or_object<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(url_of(&v))
}

fn url_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Object(o) => o
            .get("@id")
            .or_else(|| o.get("url"))
            .map(url_of)
            .unwrap_or_default(),
        Value::Array(a) => a.first().map(url_of).unwrap_or_default(),
        _ => String::new(),
    }
}

/// `acceptedAnswer`: an `Answer` object with `text`, a list of them (the first), or a string.
fn answer<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(answer_text(&v))
}

fn answer_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Object(o) => o.get("text").and_then(value_text).unwrap_or_default(),
        Value::Array(a) => a.first().map(answer_text).unwrap_or_default(),
        _ => String::new(),
    }
}

/// One object (a string becomes the object's main field; a list gives its first object).
fn one<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned + FromText,
{
    let v = Value::deserialize(d)?;
    Ok(one_of(v))
}

fn one_of<T: DeserializeOwned + FromText>(v: Value) -> Option<T> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(T::from_text(s)),
        v @ Value::Object(_) => serde_json::from_value(v).ok(),
        Value::Array(a) => a.into_iter().find_map(one_of),
        _ => None,
    }
}

/// A list of objects; a single object is a list of one; items of the wrong shape are dropped.
fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let v = Value::deserialize(d)?;
    Ok(match v {
        Value::Array(items) => items
            .into_iter()
            .filter(Value::is_object)
            .filter_map(|i| serde_json::from_value(i).ok())
            .collect(),
        v @ Value::Object(_) => serde_json::from_value(v).ok().into_iter().collect(),
        _ => Vec::new(),
    })
}

/// What a bare string means where an object was expected.
pub trait FromText {
    fn from_text(s: String) -> Self;
}

impl FromText for LdPerson {
    fn from_text(name: String) -> Self {
        LdPerson {
            name,
            url: String::new(),
        }
    }
}

impl FromText for LdImage {
    fn from_text(url: String) -> Self {
        LdImage {
            url,
            ..LdImage::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Vec<LdNode> {
        nodes(serde_json::from_str(json).unwrap())
    }

    #[test]
    fn reads_messy_articles() {
        let n = parse(
            r#"{"@type":"CollectionPage","headline":"X ⎊ Area ⎊ Site","hasPart":{"@type":"Article",
            "@id":"https://s.test/term/a/","headline":"A","datePublished":"2026-01-02T03:04:05+00:00",
            "author":{"@type":"Person","name":"Ann","url":"https://s.test/author/ann/"},
            "image":{"@type":"ImageObject","url":"https://s.test/a.jpg","width":"640px",
            "height":{"@type":"QuantitativeValue","value":480},"caption":"c"}},
            "image":"https://s.test/x.jpg"}"#,
        );
        let LdNode::CollectionPage(c) = &n[0] else {
            panic!("{n:?}")
        };
        assert_eq!(c.has_part.len(), 1);
        let a = &c.has_part[0];
        assert_eq!(a.link(), "https://s.test/term/a/");
        assert_eq!(a.author.as_ref().unwrap().name, "Ann");
        let img = a.image.as_ref().unwrap();
        assert_eq!((img.width, img.height), (Some(640), Some(480)));
        assert_eq!(c.image.as_ref().unwrap().url, "https://s.test/x.jpg");
    }

    #[test]
    fn wrong_shapes_are_left_empty() {
        let n = parse(
            r#"[{"@type":"FAQPage","mainEntity":[1,{"@type":"Question","name":"Q?",
            "acceptedAnswer":{"text":"A."}},{"name":["R?"],"acceptedAnswer":"B."}]},
            {"@type":["BreadcrumbList"],"itemListElement":[{"position":"2","name":3,
            "item":{"@id":"https://s.test/area/"}}]},{"@type":"Event"},{"@graph":[{"@type":"Article","headline":7}]}]"#,
        );
        let LdNode::FaqPage(f) = &n[0] else { panic!() };
        assert_eq!(f.questions.len(), 2);
        assert_eq!(f.questions[1].name, "R?");
        assert_eq!(f.questions[1].answer, "B.");
        let LdNode::BreadcrumbList(b) = &n[1] else {
            panic!()
        };
        assert_eq!(b.items[0].position, Some(2));
        assert_eq!(b.items[0].name, "3");
        assert_eq!(b.items[0].item, "https://s.test/area/");
        assert_eq!(
            n[2],
            LdNode::Other {
                name: "Event".into()
            }
        );
        assert!(matches!(&n[3], LdNode::Article(a) if a.headline == "7"));
    }
}
