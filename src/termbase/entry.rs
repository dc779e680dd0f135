//! A site's entries as records, for `glossa export terms`: what the import reads back as
//! the same entries. Related items are written as front matter writes them (`slug`,
//! `kind/slug`), and the names kept under `[extra] related` (no entry had them) join
//! them, so they are looked for again; `[extra.translations]` become other languages.
//! For TBX, related items carry the concept id they target (`term-margin`) and areas
//! their titles (subject fields are words, not slugs).

use std::collections::HashMap;

use super::{Format, Record, Ref, Translation};
use crate::exported::url::Key;
use crate::model::{Entry, Kind, SlugRef};

/// The records of `entries` (in their order).
pub fn records(entries: &[Entry], format: Format) -> Vec<Record> {
    let mut by_slug: HashMap<&str, Vec<&Entry>> = HashMap::new();
    for e in entries {
        by_slug.entry(e.slug.as_str()).or_default().push(e);
    }
    let find = |r: &SlugRef| -> Option<&Entry> {
        let found = by_slug.get(r.slug.as_str())?;
        match r.kind {
            Some(k) => found.iter().find(|e| e.kind == k).copied(),
            None => found.iter().min_by_key(|e| e.kind).copied(),
        }
    };
    entries.iter().map(|e| record(e, format, &find)).collect()
}

/// The concept id of an entry in TBX: `term-margin`.
pub fn concept_id(kind: Kind, slug: &str) -> String {
    format!("{kind}-{slug}")
}

fn record<'a>(e: &Entry, format: Format, find: &dyn Fn(&SlugRef) -> Option<&'a Entry>) -> Record {
    let tbx = format == Format::Tbx;
    let mut related: Vec<Ref> = e
        .related
        .iter()
        .map(|r| {
            let written = match r.kind {
                Some(k) => Key {
                    kind: k,
                    slug: r.slug.clone(),
                }
                .to_string(),
                None => r.slug.clone(),
            };
            match find(r).filter(|_| tbx) {
                Some(t) => Ref {
                    id: Some(concept_id(t.kind, &t.slug)),
                    name: t.title.clone(),
                },
                None => Ref::name(written),
            }
        })
        .collect();
    let mut extra = e.extra.clone();
    if let Some(toml::Value::Array(kept)) = extra.get("related") {
        if kept.iter().all(toml::Value::is_str) {
            related.extend(kept.iter().filter_map(|v| v.as_str()).map(Ref::name));
            extra.remove("related");
        }
    }
    let translations = match extra.remove("translations") {
        Some(toml::Value::Table(langs)) => langs
            .iter()
            .filter_map(|(lang, t)| Some((lang.clone(), translation(t.as_table()?))))
            .filter(|(_, t)| !t.is_empty())
            .collect(),
        Some(other) => {
            extra.insert("translations".into(), other);
            Default::default()
        }
        None => Default::default(),
    };
    let areas = e
        .areas
        .iter()
        .map(|a| match find(a).filter(|_| tbx) {
            Some(area) => area.title.clone(),
            None => a.slug.clone(),
        })
        .collect();
    Record {
        line: 0,
        id: Some(concept_id(e.kind, &e.slug)),
        kind: Some(e.kind),
        slug: Some(e.slug.clone()),
        title: e.title.clone(),
        description: e.description.clone(),
        body: super::body_text(&e.body),
        aliases: e.aliases.clone(),
        related,
        areas,
        date: e.date.map(|d| d.iso()),
        updated: e.updated.map(|d| d.iso()),
        author: e.author.clone(),
        source_url: e.source_url.clone(),
        stub: e.stub,
        extra,
        translations,
    }
}

fn translation(t: &toml::Table) -> Translation {
    let text = |k: &str| t.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
    Translation {
        title: text("title"),
        aliases: t
            .get("aliases")
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default(),
        description: text("description"),
        body: text("body"),
    }
}
