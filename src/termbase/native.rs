//! A record as the text of a native entry (TOML front matter, then the body), with its
//! references resolved by [`Names`]: related items no entry has are kept under `[extra]`
//! as `related`, other languages under `[extra.translations.<lang>]`, and `source_url`
//! marks the entry as imported (so a later import never takes a hand-written entry for
//! its own). Areas named by no entry are made as stub areas ([`stub_area`]).

use std::fmt::Write as _;

use super::names::Names;
use super::{Record, Translation};
use crate::exported::merge::first_sentence;
use crate::exported::url::Key;
use crate::frontmatter::write::{toml_str, write_extra};
use crate::model::{Date, Kind};

/// An entry's text and the problems found writing it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Written {
    pub text: String,
    /// `decide::richness` of its dates.
    pub richness: u8,
    pub warnings: Vec<String>,
}

/// The native entry for `r`, which will be `key`; `source` is its `source_url` when the
/// record has none.
pub fn entry(r: &Record, key: &Key, names: &Names, source: &str) -> Written {
    let mut warnings = Vec::new();
    let mut out = String::with_capacity(r.body.len() + 512);
    out.push_str("+++\n");
    let _ = writeln!(out, "title = {}", toml_str(&r.title));
    let description = match r.description.is_empty() {
        true => first_sentence(&r.body),
        false => r.description.clone(),
    };
    if !description.is_empty() {
        let _ = writeln!(out, "description = {}", toml_str(&description));
    }
    let mut richness = 0;
    for (name, raw) in [("date", &r.date), ("updated", &r.updated)] {
        let Some(raw) = raw else { continue };
        match Date::parse(raw) {
            Some(d) => {
                richness += if d.instant.is_some() { 2 } else { 1 };
                let _ = writeln!(out, "{name} = {}", d.iso());
            }
            None => warnings.push(format!(
                "`{name}` `{raw}` is no date (YYYY-MM-DD or RFC 3339); left out"
            )),
        }
    }
    if let Some(a) = &r.author {
        let _ = writeln!(out, "author = {}", toml_str(a));
    }
    list(&mut out, "aliases", &aliases(&r.title, &r.aliases));
    let mut extra = r.extra.clone();
    let (related, unresolved) = related(r, key, names);
    list(&mut out, "related", &related);
    if !unresolved.is_empty() {
        warnings.push(format!(
            "`related` names {} that no entry has ({}); kept under [extra] as `related`",
            plural(unresolved.len(), "item", "items"),
            unresolved.join(", ")
        ));
        let mut kept = match extra.remove("related") {
            Some(toml::Value::Array(a)) => a,
            _ => Vec::new(),
        };
        kept.extend(unresolved.into_iter().map(toml::Value::String));
        extra.insert("related".into(), toml::Value::Array(kept));
    }
    let areas: Vec<String> = areas(r, key, names);
    list(&mut out, "areas", &areas);
    if r.stub {
        out.push_str("stub = true\n");
        if key.kind == Kind::Area {
            out.push_str("autolink_target = false\n");
        }
    }
    let source = r.source_url.as_deref().unwrap_or(source);
    let _ = writeln!(out, "source_url = {}", toml_str(source));
    if !r.translations.is_empty() {
        let langs = r
            .translations
            .iter()
            .map(|(lang, t)| (lang.clone(), toml::Value::Table(translation(t))))
            .collect();
        extra.insert("translations".into(), toml::Value::Table(langs));
    }
    write_extra(&mut out, extra);
    out.push_str("+++\n");
    if !r.body.is_empty() {
        out.push_str(&r.body);
        out.push('\n');
    }
    Written {
        text: out,
        richness,
        warnings,
    }
}

/// The aliases worth writing: not the title, each once.
fn aliases(title: &str, all: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in all {
        if !a.eq_ignore_ascii_case(title) && !out.iter().any(|o| o.eq_ignore_ascii_case(a)) {
            out.push(a.clone());
        }
    }
    out
}

/// References to the related entries found (not `key` itself, each once), and the names
/// of those not found.
fn related(r: &Record, key: &Key, names: &Names) -> (Vec<String>, Vec<String>) {
    let (mut found, mut missing) = (Vec::new(), Vec::new());
    for x in &r.related {
        match names.related(x) {
            Some(k) if k == *key => {}
            Some(k) => {
                let reference = names.reference(&k);
                if !found.contains(&reference) {
                    found.push(reference);
                }
            }
            None if !missing.contains(&x.name) => missing.push(x.name.clone()),
            None => {}
        }
    }
    (found, missing)
}

/// The slugs of the areas named (every name has one: those no entry had were made).
fn areas(r: &Record, key: &Key, names: &Names) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in &r.areas {
        let slug = match names.area(name) {
            Some(k) => k.slug,
            None => crate::frontmatter::slugify(name),
        };
        let own = key.kind == Kind::Area && key.slug == slug;
        if !slug.is_empty() && !own && !out.contains(&slug) {
            out.push(slug);
        }
    }
    out
}

fn translation(t: &Translation) -> toml::Table {
    let mut table = toml::Table::new();
    let mut put = |k: &str, v: toml::Value| {
        table.insert(k.to_string(), v);
    };
    if !t.title.is_empty() {
        put("title", toml::Value::String(t.title.clone()));
    }
    if !t.aliases.is_empty() {
        let items = t.aliases.iter().cloned().map(toml::Value::String).collect();
        put("aliases", toml::Value::Array(items));
    }
    if !t.description.is_empty() {
        put("description", toml::Value::String(t.description.clone()));
    }
    if !t.body.is_empty() {
        put("body", toml::Value::String(t.body.clone()));
    }
    table
}

/// The area made for an area name no entry has: a stub drawing no automatic links (a
/// subject field names a broad topic, and prose mentioning the word means the word).
pub fn stub_area(title: &str, source: &str) -> String {
    let mut out = String::from("+++\n");
    let _ = writeln!(out, "title = {}", toml_str(title));
    let _ = writeln!(
        out,
        "description = {}",
        toml_str(&format!(
            "Entries filed under “{title}” in the imported glossary."
        ))
    );
    out.push_str("stub = true\nautolink_target = false\n");
    let _ = writeln!(out, "source_url = {}", toml_str(source));
    out.push_str("+++\n");
    out
}

fn list(out: &mut String, key: &str, items: &[String]) {
    if !items.is_empty() {
        let items: Vec<String> = items.iter().map(|i| toml_str(i)).collect();
        let _ = writeln!(out, "{key} = [{}]", items.join(", "));
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::termbase::Ref;

    #[test]
    fn references_resolve_and_the_rest_is_kept() {
        let key = |kind, slug: &str| Key {
            kind,
            slug: slug.into(),
        };
        let mut names = Names::default();
        names.add(&key(Kind::Term, "margin"), "Margin", None);
        names.add(&key(Kind::Definition, "basis"), "Basis", None);
        names.add(&key(Kind::Area, "risk"), "Risk", None);
        let mut r = Record {
            title: "Margin".into(),
            body: "Collateral held.\n\nMore text.".into(),
            aliases: vec!["margin".into(), "IM".into(), "im".into()],
            related: vec![Ref::name("Basis"), Ref::name("margin"), Ref::name("Ghost")],
            areas: vec!["RISK".into(), "New topic".into()],
            date: Some("2026-13-01".into()),
            ..Record::default()
        };
        r.translations.insert(
            "fr".into(),
            Translation {
                title: "Marge".into(),
                ..Default::default()
            },
        );
        let w = entry(&r, &key(Kind::Term, "margin"), &names, "csv:t.csv");
        assert_eq!(
            w.text,
            "+++\ntitle = \"Margin\"\ndescription = \"Collateral held.\"\naliases = [\"IM\"]\nrelated = [\"basis\"]\nareas = [\"risk\", \"new-topic\"]\nsource_url = \"csv:t.csv\"\n[extra]\nrelated = [\"Ghost\"]\n\n[extra.translations.fr]\ntitle = \"Marge\"\n+++\nCollateral held.\n\nMore text.\n"
        );
        assert_eq!(w.warnings.len(), 2, "{:?}", w.warnings);
        let parsed = crate::frontmatter::split(&w.text).unwrap();
        assert!(parsed.body.starts_with("Collateral"));
    }
}
