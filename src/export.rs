//! Export: the whole site's schema.org metadata in one document, and the search documents
//! for a search engine.
//!
//! The nodes are exactly those the pages carry (the same builders make both), gathered in
//! page order and deduplicated by `@id`: when two pages describe the same node (the
//! `DefinedTermSet` on home and on the A–Z index, or on each letter's page of a split
//! A–Z index), the properties are merged: lists are joined (items already there are not
//! repeated), and otherwise the first page's value wins.

use std::collections::{HashMap, HashSet};
use std::io::Write;

use serde_json::{Map, Value};

use crate::index::documents::SearchDoc;
use crate::plan::Page;
use crate::schema::{self, SchemaContext};

/// Output formats of `export schema`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaFormat {
    /// One `{"@context", "@graph": […]}` document.
    Graph,
    /// One node per line, each with its `@context`.
    Ndjson,
}

/// Output formats of `export search`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SearchFormat {
    /// One document a line (Quickwit, Meilisearch, `jq`).
    Plain,
    /// An action line then the document, for the OpenSearch/Elasticsearch `_bulk` API.
    Bulk,
}

/// Writes search documents as NDJSON. In `Bulk` form each document is preceded by
/// `{"index":{"_id":…}}` (no `_index`: post to `/<index>/_bulk`).
pub fn write_search(
    docs: &[SearchDoc],
    format: SearchFormat,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    for doc in docs {
        if format == SearchFormat::Bulk {
            let action = serde_json::json!({ "index": { "_id": doc.id } });
            serde_json::to_writer(&mut *out, &action)?;
            writeln!(out)?;
        }
        serde_json::to_writer(&mut *out, doc)?;
        writeln!(out)?;
    }
    Ok(())
}

/// Every node of every page, deduplicated by `@id`, in page order.
pub fn schema_nodes(ctx: &SchemaContext<'_>, pages: &[Page]) -> Vec<Map<String, Value>> {
    let mut nodes: Vec<Map<String, Value>> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    // The items of each list merged into so far (by node and property), as JSON text.
    let mut listed: HashMap<(usize, String), HashSet<String>> = HashMap::new();
    for page in pages {
        for node in ctx.page_nodes(page) {
            let Ok(Value::Object(map)) = serde_json::to_value(&node) else {
                continue;
            };
            match by_id.get(node.id()) {
                Some(&i) => {
                    for (k, v) in map {
                        match (nodes[i].get_mut(&k), v) {
                            (Some(Value::Array(have)), Value::Array(more)) => {
                                let seen = listed
                                    .entry((i, k))
                                    .or_insert_with(|| have.iter().map(Value::to_string).collect());
                                for item in more {
                                    if seen.insert(item.to_string()) {
                                        have.push(item);
                                    }
                                }
                            }
                            (Some(_), _) => {}
                            (None, v) => {
                                nodes[i].insert(k, v);
                            }
                        }
                    }
                }
                None => {
                    by_id.insert(node.id().to_string(), nodes.len());
                    nodes.push(map);
                }
            }
        }
    }
    nodes
}

/// Writes the nodes in the chosen format.
pub fn write_schema(
    nodes: Vec<Map<String, Value>>,
    format: SchemaFormat,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        SchemaFormat::Graph => {
            let mut doc = Map::new();
            doc.insert("@context".into(), Value::String(schema::CONTEXT.into()));
            doc.insert(
                "@graph".into(),
                Value::Array(nodes.into_iter().map(Value::Object).collect()),
            );
            serde_json::to_writer_pretty(&mut *out, &Value::Object(doc))?;
            writeln!(out)
        }
        SchemaFormat::Ndjson => {
            for node in nodes {
                let mut line = Map::with_capacity(node.len() + 1);
                line.insert("@context".into(), Value::String(schema::CONTEXT.into()));
                line.extend(node);
                serde_json::to_writer(&mut *out, &Value::Object(line))?;
                writeln!(out)?;
            }
            Ok(())
        }
    }
}
