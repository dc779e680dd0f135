//! The tantivy index: its schema, writing it, opening it.
//!
//! Text fields (title, aliases, description, body) are analysed with [`ANALYZER`], with
//! frequencies and positions (for phrases) and stored (for results and snippets). `ord`
//! is the document's position in site order, the tie-breaker every surface uses; `kind`
//! is also kept as a number for filtering. The settings the index was built with (the
//! searched fields, boosts, snippet length) and the content hash travel in the commit
//! payload of tantivy's `meta.json`, so `glossa search` needs nothing but the index.
//! `names` holds the [`name_key`] of the title and of every alias (when searched with a
//! weight above zero), one raw token each: a query that is exactly a document's name
//! ranks that document first.

use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::schema::{
    IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, STORED, STRING,
};
use tantivy::{doc, Index, IndexWriter, TantivyDocument};

use rustc_hash::FxHashMap;

use super::analysis::{self, Seen, ANALYZER};
use super::documents::SearchDoc;
use super::{Field, Settings};
use crate::error::{Error, Result};
use crate::model::Kind;

/// What the commit payload holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// Changes when the content, the settings or glossa's version change.
    pub hash: String,
    pub settings: Settings,
    pub docs: usize,
}

/// Field handles of the schema.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    pub text: [tantivy::schema::Field; Field::COUNT],
    pub id: tantivy::schema::Field,
    pub kind: tantivy::schema::Field,
    pub kind_id: tantivy::schema::Field,
    pub ord: tantivy::schema::Field,
    pub url: tantivy::schema::Field,
    pub path: tantivy::schema::Field,
    /// The document's names (title and aliases, when searched) as [`name_key`]s: one raw
    /// token each, for exact-name matches.
    pub names: tantivy::schema::Field,
}

/// Name of the `ord` fast field.
pub const ORD: &str = "ord";
/// Name of the `kind_id` fast field.
pub const KIND_ID: &str = "kind_id";
/// Name of the field of name keys.
pub const NAMES: &str = "names";

/// The key of a name (a title or an alias) or of a query: its terms joined by single
/// spaces (`"Margin Calls"` → `"margin call"`), empty when it has none. A query whose key
/// is a document's name key names that document. The script computes the same keys.
pub fn name_key(analyzer: &mut analysis::Analyzer, text: &str) -> String {
    analyzer.terms(text).join(" ")
}

pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let fast = NumericOptions::default().set_fast().set_stored();
    let fields = Fields {
        text: Field::ALL.map(|f| b.add_text_field(f.name(), text.clone())),
        id: b.add_text_field("id", STRING | STORED),
        kind: b.add_text_field("kind", STRING | STORED),
        kind_id: b.add_u64_field(KIND_ID, fast.clone()),
        ord: b.add_u64_field(ORD, fast),
        url: b.add_text_field("url", STORED),
        path: b.add_text_field("path", STORED),
        names: b.add_text_field(NAMES, STRING),
    };
    (b.build(), fields)
}

pub fn kind_id(kind: Kind) -> u64 {
    Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0) as u64
}

fn tantivy_error(dir: &Path, e: tantivy::TantivyError) -> Error {
    Error::Index(format!("{}: {e}", dir.display()))
}

/// Writes the index of `docs` into the empty folder `dir`; returns every distinct word
/// the analysis met, with its stem.
pub fn write(dir: &Path, docs: &[SearchDoc], meta: &Meta) -> Result<FxHashMap<String, String>> {
    let err = |e| tantivy_error(dir, e);
    let (schema, f) = schema();
    let index = Index::create_in_dir(dir, schema).map_err(err)?;
    let seen = Seen::default();
    index
        .tokenizers()
        .register(ANALYZER, analysis::indexing_analyzer(Some(seen.clone())));
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 4);
    // The budget is a ceiling (memory is taken as needed); a large one keeps a site in
    // one segment per thread, so nothing is merged afterwards.
    let mut writer: IndexWriter = index
        .writer_with_num_threads(threads, threads * 100_000_000)
        .map_err(err)?;
    let mut analyzer = analysis::Analyzer::new();
    // Names count when their field is searched and weighs something.
    let searched = &meta.settings.fields;
    for (ord, d) in docs.iter().enumerate() {
        let mut document = doc!(
            f.text[Field::Title as usize] => d.title.as_str(),
            f.text[Field::Description as usize] => d.description.as_str(),
            f.text[Field::Body as usize] => d.body.as_str(),
            f.id => d.id.as_str(),
            f.kind => d.kind.as_str(),
            f.kind_id => kind_id(d.kind),
            f.ord => ord as u64,
            f.url => d.url.as_str(),
            f.path => d.path.as_str(),
        );
        for alias in &d.aliases {
            document.add_text(f.text[Field::Aliases as usize], alias);
        }
        for field in [Field::Title, Field::Aliases] {
            if !searched.contains(&field) || meta.settings.boost(field) <= 0.0 {
                continue;
            }
            for name in field.values(d) {
                let key = name_key(&mut analyzer, name);
                if !key.is_empty() {
                    document.add_text(f.names, key);
                }
            }
        }
        writer.add_document(document).map_err(err)?;
    }
    let payload = serde_json::to_string(meta).map_err(|e| Error::Index(e.to_string()))?;
    let mut commit = writer.prepare_commit().map_err(err)?;
    commit.set_payload(&payload);
    commit.commit().map_err(err)?;
    writer.wait_merging_threads().map_err(err)?;
    Ok(seen.take())
}

/// Registers the analysis on an index (needed after every open).
pub fn register(index: &Index) {
    index
        .tokenizers()
        .register(ANALYZER, analysis::indexing_analyzer(None));
}

/// An opened index.
pub struct Opened {
    pub index: Index,
    pub fields: Fields,
    pub meta: Meta,
}

/// Opens the index in `dir`; `Ok(None)` when there is none (or an unreadable one).
pub fn open(dir: &Path) -> Result<Option<Opened>> {
    if !dir.join("meta.json").is_file() {
        return Ok(None);
    }
    let index = Index::open_in_dir(dir).map_err(|e| tantivy_error(dir, e))?;
    let Some(meta) = read_meta(&index) else {
        return Ok(None);
    };
    register(&index);
    let (_, fields) = schema();
    Ok(Some(Opened {
        index,
        fields,
        meta,
    }))
}

/// The payload of the last commit, if it is ours.
fn read_meta(index: &Index) -> Option<Meta> {
    let metas = index.load_metas().ok()?;
    serde_json::from_str(metas.payload.as_deref()?).ok()
}

/// The meta of the index in `dir` without opening it fully (for the rebuild check).
pub fn stored_meta(dir: &Path) -> Option<Meta> {
    let text = std::fs::read_to_string(dir.join("meta.json")).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    serde_json::from_str(value.get("payload")?.as_str()?).ok()
}

/// The first text value of `field` in a stored document.
pub fn stored_text(doc: &TantivyDocument, field: tantivy::schema::Field) -> String {
    use tantivy::schema::Value;
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}
