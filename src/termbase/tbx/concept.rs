//! One TBX concept as it is read (its language sections, definitions, notes, subject
//! fields, cross-references, transactions), then as a [`Record`].

use std::collections::BTreeMap;

use crate::model::Kind;
use crate::termbase::{body_text, one_line, Item, Record, Ref, Translation};

/// What a text-bearing element gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Target {
    Term,
    Definition,
    Subject,
    Note,
    /// `ref type="crossReference"` with its `target` id.
    Ref(Option<String>),
    /// `xref` with its URL.
    Xref(String),
    /// `transac type="transactionType"`: origination or modification.
    Transac,
    Date,
    /// `transacNote type="responsibility"`.
    Responsibility,
    /// `admin type="source"`.
    Source,
}

/// What an element holds, when glossa reads it.
pub(super) fn target(name: &str, attrs: &BTreeMap<String, String>) -> Option<Target> {
    let kind = attrs.get("type").map(String::as_str).unwrap_or("");
    Some(match (name, kind) {
        ("term", _) => Target::Term,
        ("descrip", "definition") => Target::Definition,
        ("descrip", "subjectField") => Target::Subject,
        ("note", _) => Target::Note,
        ("ref", "crossReference") => Target::Ref(attrs.get("target").cloned()),
        ("xref", "externalCrossReference") => Target::Xref(attrs.get("target").cloned()?),
        ("transac", "transactionType") => Target::Transac,
        ("date", _) => Target::Date,
        ("transacNote", "responsibility") => Target::Responsibility,
        ("admin", "source") => Target::Source,
        _ => return None,
    })
}

/// Elements that only group others (their contents are read).
pub(super) fn is_container(name: &str) -> bool {
    matches!(
        name,
        "termSec"
            | "tig"
            | "ntig"
            | "termGrp"
            | "descripGrp"
            | "transacGrp"
            | "adminGrp"
            | "termNoteGrp"
    )
}

/// `termNote partOfSpeech`: an element with its type, for messages.
pub(super) fn category(name: &str, attrs: &BTreeMap<String, String>) -> String {
    match attrs.get("type") {
        Some(t) => format!("{name} {t}"),
        None => name.to_string(),
    }
}

/// A language section.
#[derive(Debug, Default)]
pub(super) struct Lang {
    pub(super) lang: String,
    terms: Vec<String>,
    definitions: Vec<String>,
    notes: Vec<String>,
}

impl Lang {
    pub(super) fn new(lang: String) -> Lang {
        Lang {
            lang,
            ..Lang::default()
        }
    }
}

/// A concept being read.
#[derive(Debug, Default)]
pub(super) struct Concept {
    line: usize,
    id: Option<String>,
    pub(super) langs: Vec<Lang>,
    /// Concept-level definitions and notes.
    definitions: Vec<String>,
    notes: Vec<String>,
    subjects: Vec<String>,
    related: Vec<Ref>,
    /// The transaction being read (`origination`, `modification`), and the dates found.
    transac: String,
    date: Option<String>,
    updated: Option<String>,
    author: Option<String>,
    source: Option<String>,
    /// Why the concept is refused (a text over the cell limit).
    pub(super) too_big: Option<String>,
}

impl Concept {
    pub(super) fn new(line: usize, id: Option<String>) -> Concept {
        Concept {
            line,
            id,
            ..Concept::default()
        }
    }

    /// Where the concept starts.
    pub(super) fn line(&self) -> usize {
        self.line
    }

    /// Puts an element's text where it goes (`lang`: the language section it is in).
    pub(super) fn put(&mut self, target: Target, text: String, lang: Option<usize>) {
        let line = one_line(&text);
        let lang = lang.and_then(|i| self.langs.get_mut(i));
        match (target, lang) {
            (Target::Term, Some(l)) if !line.is_empty() => l.terms.push(line),
            (Target::Definition, Some(l)) if !line.is_empty() => l.definitions.push(line),
            (Target::Definition, None) if !line.is_empty() => self.definitions.push(line),
            (Target::Note, l) => {
                let body = body_text(&text);
                if !body.is_empty() {
                    match l {
                        Some(l) => l.notes.push(body),
                        None => self.notes.push(body),
                    }
                }
            }
            (Target::Subject, _) if !line.is_empty() => self.subjects.push(line),
            (Target::Ref(id), _) => {
                let name = if line.is_empty() {
                    id.clone().unwrap_or_default()
                } else {
                    line
                };
                if !name.is_empty() {
                    self.related.push(Ref { id, name });
                }
            }
            (Target::Xref(url), _) => self.related.push(Ref::name(entry_of(&url).unwrap_or(line))),
            (Target::Transac, _) => self.transac = line,
            (Target::Date, _) if !line.is_empty() => match self.transac.as_str() {
                "modification" => self.updated = self.updated.take().or(Some(line)),
                _ => self.date = self.date.take().or(Some(line)),
            },
            (Target::Responsibility, _) if self.transac != "modification" && !line.is_empty() => {
                self.author.get_or_insert(line);
            }
            (Target::Source, None) if !line.is_empty() => {
                self.source.get_or_insert(line);
            }
            _ => {}
        }
    }
}

/// `kind/slug` when a URL's path is a glossa entry's (`…/term/margin/`).
fn entry_of(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next()?.trim_end_matches('/');
    let (rest, slug) = path.rsplit_once('/')?;
    let named = rest.rsplit('/').next()?;
    let kind = Kind::parse(named).filter(|k| k.as_str() == named)?;
    crate::frontmatter::is_valid_slug(slug).then(|| format!("{kind}/{slug}"))
}

/// The primary language subtag (`en` of `en-US`).
fn primary(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or(tag)
}

/// A concept's kind and slug from an id glossa writes (`term-margin`); an id whose slug
/// part is only digits (`term-0042`) is a number, not a slug.
pub fn key_of_id(id: &str) -> Option<(Kind, String)> {
    let (kind, slug) = id.split_once('-')?;
    let kind = Kind::parse(kind).filter(|k| k.as_str() == kind)?;
    let ok = crate::frontmatter::is_valid_slug(slug) && !slug.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| (kind, slug.to_string()))
}

/// The record of a concept that ended, or why it is left out.
pub(super) fn item(c: Concept, language: &str) -> Item {
    let shown = match &c.id {
        Some(id) => format!("conceptEntry `{}`", one_line(id)),
        None => "a conceptEntry without id".to_string(),
    };
    if let Some(why) = &c.too_big {
        return Item::Skip {
            line: c.line,
            reason: format!("{shown}: {why}"),
        };
    }
    let site = primary(language);
    let (own, others): (Vec<Lang>, Vec<Lang>) =
        c.langs.into_iter().partition(|l| primary(&l.lang) == site);
    let terms: Vec<String> = own.iter().flat_map(|l| l.terms.iter().cloned()).collect();
    let Some(title) = terms.first().cloned() else {
        let mut langs: Vec<&str> = others.iter().map(|l| l.lang.as_str()).collect();
        langs.dedup();
        let reason = if langs.is_empty() {
            format!("{shown}: no term")
        } else {
            format!(
                "{shown}: no term in the site's language `{language}` (it has {}); set `language` in glossa.toml to import it",
                langs.join(", ")
            )
        };
        return Item::Skip {
            line: c.line,
            reason,
        };
    };
    let mut definitions: Vec<String> = own.iter().flat_map(|l| l.definitions.clone()).collect();
    definitions.extend(c.definitions);
    let mut notes: Vec<String> = own.iter().flat_map(|l| l.notes.clone()).collect();
    notes.extend(c.notes);
    let (description, body) = text(definitions, notes);
    let (kind, slug) =
        c.id.as_deref()
            .and_then(key_of_id)
            .map_or((None, None), |(k, s)| (Some(k), Some(s)));
    let mut aliases: Vec<String> = Vec::new();
    for t in terms.into_iter().skip(1) {
        if t != title && !aliases.contains(&t) {
            aliases.push(t);
        }
    }
    Item::Record(Box::new(Record {
        line: c.line,
        id: c.id,
        kind,
        slug,
        title,
        description,
        body,
        aliases,
        related: c.related,
        areas: c.subjects,
        date: c.date,
        updated: c.updated,
        author: c.author,
        source_url: c.source,
        stub: false,
        extra: toml::Table::new(),
        translations: translations(others),
    }))
}

/// Description and body: the first definition is the description (its first sentence
/// when it is long and nothing else makes a body); notes and other definitions are the
/// body.
fn text(definitions: Vec<String>, notes: Vec<String>) -> (String, String) {
    let mut definitions = definitions.into_iter();
    let first = definitions.next().unwrap_or_default();
    let mut body: Vec<String> = notes;
    body.extend(definitions);
    if body.is_empty() && first.chars().count() > LONG_DEFINITION {
        let short = crate::exported::merge::first_sentence(&first);
        return (short, first);
    }
    (first, body.join("\n\n"))
}

/// A definition longer than this many characters (`[check] max_description_length`'s
/// default) with no note becomes the body, its first sentence the description.
const LONG_DEFINITION: usize = 200;

/// Other languages' sections by language tag (sections of one tag joined).
fn translations(others: Vec<Lang>) -> BTreeMap<String, Translation> {
    let mut out: BTreeMap<String, Translation> = BTreeMap::new();
    for l in others {
        if !crate::termbase::fields::is_language_tag(&l.lang) {
            continue;
        }
        let t = out.entry(l.lang).or_default();
        let mut terms = l.terms.into_iter();
        if t.title.is_empty() {
            t.title = terms.next().unwrap_or_default();
        }
        let title = t.title.clone();
        t.aliases.extend(terms.filter(|x| *x != title));
        if t.description.is_empty() {
            t.description = l.definitions.first().cloned().unwrap_or_default();
        }
        if t.body.is_empty() {
            t.body = l.notes.join("\n\n");
        }
    }
    out.retain(|_, t| !t.is_empty());
    out
}
