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
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{
    IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, STORED, STRING,
};
use tantivy::{doc, Index, IndexWriter, TantivyDocument, Term};

use rustc_hash::{FxHashMap, FxHashSet};

use std::sync::Arc;

use super::analysis::{self, Runs, Seen, ANALYZER, MAX_RUN_TERMS};
use super::documents::SearchDoc;
use super::settings::{Field, Settings};
use super::stop::stop_stems;
use crate::error::{Error, Result};
use crate::flat_map::hash;
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
    /// The slugs of the document's areas, one raw token each (the area facet).
    pub area: tantivy::schema::Field,
}

/// Name of the `ord` fast field.
pub const ORD: &str = "ord";
/// Name of the `kind_id` fast field.
pub const KIND_ID: &str = "kind_id";
/// Name of the field of name keys.
pub const NAMES: &str = "names";
/// Name of the field of area slugs.
pub const AREA: &str = "area";

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
        area: b.add_text_field(AREA, STRING),
    };
    (b.build(), fields)
}

pub fn kind_id(kind: Kind) -> u64 {
    kind.index() as u64
}

fn tantivy_error(dir: &Path, e: tantivy::TantivyError) -> Error {
    Error::index_in(dir, e)
}

/// What indexing learnt beside the index.
#[derive(Debug, Default)]
pub struct Written {
    /// Every distinct word the analysis met, with its stem, in byte order.
    pub words: Vec<(String, String)>,
    /// The runs of name terms checked as phrases (see `runs_of`), with the documents where
    /// each occurs as a phrase in a searched field (in site order): what a tantivy phrase
    /// query over the searched fields finds.
    pub runs: Vec<(String, Vec<u32>)>,
}

/// The name keys of a document: of its title and aliases, when searched with a weight.
pub fn names_of(
    d: &SearchDoc,
    settings: &Settings,
    analyzer: &mut analysis::Analyzer,
) -> Vec<String> {
    let mut keys = Vec::new();
    let searched = |f: Field| settings.fields.contains(&f) && settings.boost(f) > 0.0;
    let title = std::slice::from_ref(&d.title);
    let lists: [(bool, &[String]); 3] = [
        (searched(Field::Title), title),
        (searched(Field::Aliases), &d.aliases),
        // The variants are words of the aliases field: names when it is searched.
        (searched(Field::Aliases), &d.variants),
    ];
    for (on, names) in lists {
        if !on {
            continue;
        }
        for name in names {
            let key = name_key(analyzer, name);
            if !key.is_empty() && !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
    keys
}

/// The runs of consecutive terms worth checking as phrases: every name of 2 to
/// [`MAX_RUN_TERMS`] terms, and every part of 2 terms or more of one (`initi margin` in
/// *Initial Margin Requirement*) that neither begins nor ends with a stop word.
fn runs_of(keys: &[Vec<String>]) -> Vec<String> {
    let stop = stop_stems();
    let mut runs: FxHashSet<&str> = FxHashSet::default();
    for key in keys.iter().flatten() {
        // Byte ranges of its terms.
        let mut terms = Vec::new();
        let mut start = 0;
        for (i, _) in key.match_indices(' ') {
            terms.push((start, i));
            start = i + 1;
        }
        terms.push((start, key.len()));
        if terms.len() < 2 || terms.len() > MAX_RUN_TERMS {
            continue;
        }
        runs.insert(key);
        let is_stop = |t: (usize, usize)| stop.iter().any(|s| *s == key[t.0..t.1]);
        for first in 0..terms.len() {
            for last in first + 1..terms.len() {
                if !is_stop(terms[first]) && !is_stop(terms[last]) {
                    runs.insert(&key[terms[first].0..terms[last].1]);
                }
            }
        }
    }
    let mut runs: Vec<String> = runs.into_iter().map(String::from).collect();
    runs.sort_unstable();
    runs
}

/// Writes the index of `docs` into the empty folder `dir`.
pub fn write(dir: &Path, docs: &[SearchDoc], meta: &Meta) -> Result<Written> {
    let err = |e| tantivy_error(dir, e);
    let (schema, f) = schema();
    let index = Index::create_in_dir(dir, schema).map_err(err)?;
    let seen = Seen::default();
    let mut analyzer = analysis::Analyzer::new();
    let names: Vec<Vec<String>> = docs
        .iter()
        .map(|d| names_of(d, &meta.settings, &mut analyzer))
        .collect();
    let run_keys = runs_of(&names);
    let runs = Arc::new(Runs::new(&run_keys));
    index.tokenizers().register(
        ANALYZER,
        analysis::indexing_analyzer(Some(seen.clone()), Some(runs.clone())),
    );
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 4);
    // The budget is a ceiling (memory is taken as needed); a large one keeps a site in
    // one segment per thread, so nothing is merged afterwards.
    let mut writer: IndexWriter = index
        .writer_with_num_threads(threads, threads * 100_000_000)
        .map_err(err)?;
    for (ord, (d, keys)) in docs.iter().zip(&names).enumerate() {
        writer
            .add_document(document(&f, d, ord, keys))
            .map_err(err)?;
    }
    commit(&mut writer, meta).map_err(err)?;
    writer.wait_merging_threads().map_err(err)?;

    // The texts the runs were found in → the documents (and fields) holding them.
    let found = runs.take_found();
    let mut wanted: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
    for f in &found {
        wanted.entry(f.text).or_default();
    }
    for (ord, d) in docs.iter().enumerate() {
        for field in &meta.settings.fields {
            for text in field.values(d) {
                if let Some(list) = wanted.get_mut(&hash(text.as_bytes())) {
                    list.push(ord as u32);
                }
            }
        }
    }
    let mut lists: Vec<Vec<u32>> = vec![Vec::new(); run_keys.len()];
    for f in found {
        lists[f.run as usize].extend_from_slice(&wanted[&f.text]);
    }
    let runs = run_keys
        .into_iter()
        .zip(lists)
        .map(|(key, mut docs)| {
            docs.sort_unstable();
            docs.dedup();
            (key, docs)
        })
        .collect();
    Ok(Written {
        words: seen.take(),
        runs,
    })
}

/// The tantivy document of a search document; `ord` is its position in site order and
/// `names` its keys for the exact-name tier ([`names_of`]).
pub fn document(f: &Fields, d: &SearchDoc, ord: usize, names: &[String]) -> TantivyDocument {
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
    for alias in Field::Aliases.values(d) {
        document.add_text(f.text[Field::Aliases as usize], alias);
    }
    for key in names {
        document.add_text(f.names, key);
    }
    for area in &d.areas {
        document.add_text(f.area, area);
    }
    document
}

/// The query that finds `stems` as a phrase in any of `fields` (one term: the term), as
/// `glossa search` filters by a phrase.
pub fn phrase_query(
    stems: &[&str],
    fields: &[Field],
    handles: &[tantivy::schema::Field; Field::COUNT],
) -> Box<dyn Query> {
    let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for f in fields {
        let field = handles[*f as usize];
        let terms: Vec<Term> = stems
            .iter()
            .map(|s| Term::from_field_text(field, s))
            .collect();
        let q: Box<dyn Query> = if terms.len() == 1 {
            Box::new(TermQuery::new(terms[0].clone(), IndexRecordOption::Basic))
        } else {
            Box::new(PhraseQuery::new(terms))
        };
        parts.push((Occur::Should, q));
    }
    Box::new(BooleanQuery::new(parts))
}

/// Commits what `writer` holds, with `meta` as the commit payload.
pub fn commit(writer: &mut IndexWriter, meta: &Meta) -> tantivy::Result<()> {
    let payload = serde_json::to_string(meta)
        .map_err(|e| tantivy::TantivyError::InternalError(e.to_string()))?;
    let mut commit = writer.prepare_commit()?;
    commit.set_payload(&payload);
    commit.commit()?;
    Ok(())
}

/// Registers the analysis on an index (needed after every open).
pub fn register(index: &Index) {
    index
        .tokenizers()
        .register(ANALYZER, analysis::indexing_analyzer(None, None));
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
    // An index written by an older glossa (without name keys or areas) is no index to us.
    if index.schema().get_field(AREA).is_err() {
        return Ok(None);
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::DocSetCollector;

    fn doc(ord: usize, title: &str, aliases: &[&str], description: &str, body: &str) -> SearchDoc {
        SearchDoc {
            id: format!("term-{ord}"),
            kind: Kind::Term,
            slug: format!("t{ord}"),
            title: title.to_string(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            variants: Vec::new(),
            variant_words: String::new(),
            areas: Vec::new(),
            description: description.to_string(),
            body: body.to_string(),
            url: String::new(),
            path: String::new(),
            date: None,
            updated: None,
        }
    }

    /// The phrase lists found while indexing are what tantivy's phrase queries find.
    #[test]
    fn runs_found_while_indexing_equal_phrase_queries() {
        let docs = vec![
            doc(
                0,
                "Initial Margin Requirement",
                &["IMR"],
                "The initial margin.",
                "",
            ),
            doc(
                1,
                "Margin",
                &["margin call notice"],
                "",
                "Initial, margin: requirement!",
            ),
            doc(
                2,
                "Call",
                &["margin call"],
                "A margin call.",
                "margin\n\ncall; initial margins requirements",
            ),
            doc(
                3,
                "Notice",
                &["margin", "call notice"],
                "",
                "initial margin margin, then call",
            ),
            doc(
                4,
                "Other",
                &["initial margin", "requirement"],
                "",
                "margin requirement initial",
            ),
        ];
        let settings = Settings {
            fields: Field::ALL.to_vec(),
            boosts: [4.0, 3.0, 1.5, 1.0],
            snippet_length: 100,
        };
        let meta = Meta {
            hash: String::new(),
            settings: settings.clone(),
            docs: docs.len(),
        };
        let tmp = tempfile::tempdir().unwrap();
        let written = write(tmp.path(), &docs, &meta).unwrap();
        let keys: Vec<&str> = written.runs.iter().map(|(k, _)| k.as_str()).collect();
        assert!(keys.contains(&"initi margin requir"), "{keys:?}");
        assert!(keys.contains(&"initi margin"), "{keys:?}");
        assert!(keys.contains(&"margin requir"), "{keys:?}");
        assert!(keys.contains(&"call notic"), "{keys:?}");
        let opened = open(tmp.path()).unwrap().unwrap();
        let searcher = opened.index.reader().unwrap().searcher();
        for (key, found) in &written.runs {
            let stems: Vec<&str> = key.split(' ').collect();
            let query = phrase_query(&stems, &settings.fields, &opened.fields.text);
            let addresses = searcher.search(&*query, &DocSetCollector).unwrap();
            let mut expected: Vec<u32> = addresses
                .into_iter()
                .map(|a| {
                    let d: TantivyDocument = searcher.doc(a).unwrap();
                    stored_text(&d, opened.fields.id)["term-".len()..]
                        .parse()
                        .unwrap()
                })
                .collect();
            expected.sort_unstable();
            assert_eq!(found, &expected, "{key}");
        }
        let margin_call = &written
            .runs
            .iter()
            .find(|(k, _)| k == "margin call")
            .unwrap()
            .1;
        assert_eq!(margin_call, &[1, 2], "not across two aliases, nor apart");
    }
}
