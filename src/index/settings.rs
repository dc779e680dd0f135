//! What a search covers: the text fields of a search document and the `[search]` settings
//! an index is built with.

use serde::{Deserialize, Serialize};

use super::documents::SearchDoc;
use crate::config::SearchConfig;

/// The text fields of a search document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    Title = 0,
    Aliases = 1,
    Description = 2,
    Body = 3,
}

impl Field {
    pub const COUNT: usize = 4;
    pub const ALL: [Field; Field::COUNT] = [
        Field::Title,
        Field::Aliases,
        Field::Description,
        Field::Body,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Aliases => "aliases",
            Field::Description => "description",
            Field::Body => "body",
        }
    }

    pub fn parse(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The field's values in a document (several for aliases, followed by the name
    /// variants' new words, which are indexed with them).
    pub fn values(self, doc: &SearchDoc) -> Vec<&str> {
        match self {
            Field::Title => vec![&doc.title],
            Field::Aliases => doc
                .aliases
                .iter()
                .map(String::as_str)
                .chain(Some(doc.variant_words.as_str()).filter(|w| !w.is_empty()))
                .collect(),
            Field::Description => vec![&doc.description],
            Field::Body => vec![&doc.body],
        }
    }
}

/// The `[search]` settings an index is built with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Searched fields, in [`Field::ALL`] order.
    pub fields: Vec<Field>,
    /// Weights by field, in [`Field::ALL`] order.
    pub boosts: [f32; Field::COUNT],
    pub snippet_length: usize,
}

impl Settings {
    pub fn from_config(c: &SearchConfig) -> Self {
        let mut fields: Vec<Field> = c.fields.iter().filter_map(|f| Field::parse(f)).collect();
        fields.sort();
        fields.dedup();
        let b = &c.boosts;
        Settings {
            fields,
            boosts: [b.title, b.aliases, b.description, b.body],
            snippet_length: c.snippet_length,
        }
    }

    pub fn boost(&self, field: Field) -> f32 {
        self.boosts[field as usize]
    }
}
