//! Front-matter keys of other generators into glossa's.
//!
//! A key glossa knows is read as it is; a key [`crate::frontmatter::KEY_MAP`] maps
//! (`short_description` → `description`, `tags` → `areas`, `lastmod` → `updated`, …) is
//! read as its glossa key; a few depend on the generator:
//!
//! - Hugo's and Zola's `aliases` are old URLs: site paths go to `redirect_from`, other
//!   values are synonyms (`aliases`). Jekyll's `redirect_from` are old URLs too.
//! - `url` and `permalink` state the page's own old URL (also a slug source), and so does a
//!   Docusaurus or MDN `slug` holding a path.
//! - `id` names the page for Docusaurus (a slug source); elsewhere it is kept under
//!   `[extra]` and only used to resolve references (`term_id="…"`).
//! - `taxonomies` (Zola's table of lists) and `tags`/`categories` become areas.
//! - `weight` and every key glossa does not know go under `[extra]`, never dropped.
//!
//! Empty values are absent. Every key read as another is noted for the report.

use toml::Value;

use super::{Note, Shape};
use crate::frontmatter::mapped_key;
use crate::model::{Date, Kind};

/// What a page's front matter says, in glossa's terms.
#[derive(Clone, Debug, Default)]
pub(crate) struct Fields {
    pub(crate) title: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) aliases: Vec<String>,
    pub(crate) tags: Vec<String>,
    /// What names the entry (`slug`, `url`, `permalink`, Docusaurus `id`): maybe a path.
    pub(crate) slug: Option<String>,
    /// The page's own old URL, where the source states it (a site path).
    pub(crate) own_url: Option<String>,
    pub(crate) redirect_from: Vec<String>,
    /// Other names references may use (`id`).
    pub(crate) names: Vec<String>,
    pub(crate) date: Option<Date>,
    pub(crate) updated: Option<Date>,
    pub(crate) draft: bool,
    /// A page listing the meanings of its title (`disambiguation`, MDN's
    /// `page-type: glossary-disambiguation` or tag `Disambiguation`).
    pub(crate) disambiguation: bool,
    pub(crate) kind: Option<Kind>,
    pub(crate) author: Option<String>,
    pub(crate) related: Vec<String>,
    pub(crate) extra: toml::Table,
    /// `(source key, glossa key)`, or `[extra]` for a key kept aside.
    pub(crate) mapped: Vec<(String, String)>,
    pub(crate) notes: Vec<Note>,
}

/// Where a key's value goes.
enum To {
    Title,
    Description,
    Aliases,
    Areas,
    Date,
    Updated,
    Slug,
    Related,
    Author,
    Extra,
}

/// Reads a page's front-matter `table`; `line` gives the line a top-level key is on.
pub(crate) fn map(shape: Shape, table: toml::Table, line: &dyn Fn(&str) -> usize) -> Fields {
    let mut f = Fields::default();
    // glossa's own keys first, then stated URLs, then the rest: `slug` wins over
    // `permalink` over `id`, `description` over `summary`.
    let mut entries: Vec<(String, Value)> = table.into_iter().collect();
    entries.sort_by_key(|(k, _)| {
        if crate::frontmatter::KEYS.contains(&k.as_str()) {
            0
        } else if k == "permalink" || k == "url" {
            1
        } else {
            2
        }
    });
    for (key, value) in entries {
        if is_empty(&value) {
            continue;
        }
        let lower = key.to_ascii_lowercase();
        match lower.as_str() {
            "aliases" if matches!(shape, Shape::Hugo | Shape::Zola) => {
                f.old_urls(&key, &value, true);
            }
            "redirect_from" => f.old_urls(&key, &value, false),
            "url" | "permalink" => {
                let v = text(&value);
                if v.starts_with('/') && !v.starts_with("//") && f.own_url.is_none() {
                    f.own_url = Some(v.clone());
                    f.mapped.push((key.clone(), "redirect_from".into()));
                }
                f.set(To::Slug, &key, value, line);
            }
            "slug" if matches!(shape, Shape::Docusaurus | Shape::Mdn) => {
                let v = text(&value);
                if v.trim_matches('/').contains('/') || v.starts_with('/') {
                    f.own_url = Some(v.clone());
                    f.mapped.push((key.clone(), "redirect_from".into()));
                }
                f.set(To::Slug, &key, value, line);
            }
            "id" if shape != Shape::Docusaurus => {
                f.names.push(text(&value));
                f.keep(&key, value);
            }
            "draft" => match value.as_bool().or_else(|| text(&value).parse().ok()) {
                Some(d) => f.draft = d,
                None => f.keep(&key, value),
            },
            "disambiguation" => match value.as_bool() {
                Some(d) => f.disambiguation = d,
                None => f.keep(&key, value),
            },
            "page-type" if text(&value) == "glossary-disambiguation" => {
                f.disambiguation = true;
                f.mapped.push((key, "disambiguation".into()));
            }
            "kind" => match Kind::parse(&text(&value)) {
                Some(k) => f.kind = Some(k),
                None => f.keep(&key, value),
            },
            "taxonomies" => match value {
                Value::Table(t) => {
                    for (_, v) in t {
                        f.tags.extend(strings(&v));
                    }
                    f.mapped.push((key, "areas".into()));
                }
                other => f.keep(&key, other),
            },
            "extra" | "params" => match value {
                Value::Table(t) => {
                    f.extra.extend(t);
                    f.mapped.push((key, "[extra]".into()));
                }
                other => f.keep(&key, other),
            },
            _ => {
                let to = match lower.as_str() {
                    "title" => To::Title,
                    "description" => To::Description,
                    "aliases" => To::Aliases,
                    "areas" => To::Areas,
                    "date" => To::Date,
                    "updated" => To::Updated,
                    "slug" => To::Slug,
                    "related" => To::Related,
                    "author" => To::Author,
                    _ => target(&key),
                };
                f.set(to, &key, value, line);
            }
        }
    }
    f.aliases.dedup();
    f.tags.dedup();
    // MDN's older pages say it with a tag: the page lists meanings, it is no topic.
    if shape == Shape::Mdn {
        let before = f.tags.len();
        f.tags.retain(|t| !t.eq_ignore_ascii_case("disambiguation"));
        f.disambiguation |= f.tags.len() < before;
    }
    f
}

/// The glossa key another generator's `key` maps to ([`mapped_key`]).
fn target(key: &str) -> To {
    match mapped_key(key) {
        Some("title") => To::Title,
        Some("description") => To::Description,
        Some("aliases") => To::Aliases,
        Some("areas") => To::Areas,
        Some("date") => To::Date,
        Some("updated") => To::Updated,
        Some("slug") => To::Slug,
        Some("related") => To::Related,
        Some("author") => To::Author,
        _ => To::Extra,
    }
}

impl Fields {
    fn set(&mut self, to: To, key: &str, value: Value, line: &dyn Fn(&str) -> usize) {
        let name = match to {
            To::Title => fill(&mut self.title, &value).then_some("title"),
            To::Description => fill(&mut self.description, &value).then_some("description"),
            To::Slug => fill(&mut self.slug, &value).then_some("slug"),
            To::Author => {
                let joined = strings(&value).join(", ");
                (self.author.is_none() && !joined.is_empty())
                    .then(|| self.author = Some(joined))
                    .map(|()| "author")
            }
            To::Aliases => {
                self.aliases.extend(strings(&value));
                Some("aliases")
            }
            To::Areas => {
                self.tags.extend(strings(&value));
                Some("areas")
            }
            To::Related => {
                self.related.extend(strings(&value));
                Some("related")
            }
            To::Date | To::Updated => {
                let slot = if matches!(to, To::Date) {
                    &mut self.date
                } else {
                    &mut self.updated
                };
                match (slot.is_none(), date(&value)) {
                    (true, Some(d)) => {
                        *slot = Some(d);
                        Some(if matches!(to, To::Date) {
                            "date"
                        } else {
                            "updated"
                        })
                    }
                    (true, None) => {
                        self.notes.push(Note {
                            line: line(key),
                            message: format!(
                                "`{key}` is not a date glossa reads (`{}`); kept under [extra]",
                                text(&value)
                            ),
                        });
                        None
                    }
                    (false, _) => None,
                }
            }
            To::Extra => None,
        };
        match name {
            Some(to) if !key.eq_ignore_ascii_case(to) => {
                self.mapped.push((key.to_string(), to.to_string()));
            }
            Some(_) => {}
            None => self.keep(key, value),
        }
    }

    /// Keeps `key` under `[extra]` (and notes it for the report).
    fn keep(&mut self, key: &str, value: Value) {
        self.extra.insert(key.to_string(), value);
        self.mapped.push((key.to_string(), "[extra]".into()));
    }

    /// Old URLs: site paths go to `redirect_from`; other values are synonyms when
    /// `synonyms_too` (Hugo's and Zola's `aliases`), else kept under `[extra]`.
    fn old_urls(&mut self, key: &str, value: &Value, synonyms_too: bool) {
        let (mut paths, mut names) = (0, 0);
        for v in strings(value) {
            if v.starts_with('/') && !v.starts_with("//") {
                self.redirect_from.push(v);
                paths += 1;
            } else if synonyms_too {
                self.aliases.push(v);
                names += 1;
            } else {
                let kept = self
                    .extra
                    .entry(key.to_string())
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(a) = kept {
                    a.push(Value::String(v));
                }
                names += 1;
            }
        }
        if paths > 0 && key != "redirect_from" {
            self.mapped.push((key.to_string(), "redirect_from".into()));
        }
        if names > 0 {
            let to = if synonyms_too { "aliases" } else { "[extra]" };
            if !key.eq_ignore_ascii_case(to) {
                self.mapped.push((key.to_string(), to.into()));
            }
        }
    }
}

/// Sets `slot` from `value` when it is empty; whether it did.
fn fill(slot: &mut Option<String>, value: &Value) -> bool {
    let v = text(value);
    if slot.is_some() || v.is_empty() || matches!(value, Value::Table(_) | Value::Array(_)) {
        return false;
    }
    *slot = Some(v);
    true
}

/// A value as one line of text (trimmed; YAML's folded `>` ends in a newline).
pub(crate) fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.trim().to_string(),
        Value::Datetime(d) => d.to_string(),
        Value::Array(a) => a.iter().map(text).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// A value as a list of non-empty strings (a single value is a list of one).
pub(crate) fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::Array(a) => a.iter().flat_map(strings).collect(),
        Value::Table(_) => Vec::new(),
        v => {
            let t = text(v);
            if t.is_empty() {
                Vec::new()
            } else {
                vec![t]
            }
        }
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.iter().all(is_empty),
        Value::Table(t) => t.is_empty(),
        _ => false,
    }
}

/// A date as glossa reads it, also Jekyll's `2019-01-31 10:00:00 +0000`.
fn date(value: &Value) -> Option<Date> {
    let s = text(value);
    Date::parse(&s).or_else(|| {
        let (datetime, zone) = s.rsplit_once(' ')?;
        let sign = zone.strip_prefix(['+', '-'])?;
        if sign.len() != 4 || !sign.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let iso = format!(
            "{}{}{}:{}",
            datetime.replacen(' ', "T", 1),
            &zone[..1],
            &sign[..2],
            &sign[2..]
        );
        Date::parse(&iso)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(shape: Shape, toml_text: &str) -> Fields {
        map(shape, toml::from_str(toml_text).unwrap(), &|_| 1)
    }

    #[test]
    fn common_keys_map_and_the_rest_is_kept() {
        let f = fields(
            Shape::Hugo,
            r#"title = "Pod"
short_description = "A group of containers.\n"
aka = ["pods"]
tags = ["core-object"]
full_link = "/docs/pod/"
weight = 3
lastmod = "2020-01-02"
date = "2019-01-31 10:00:00 +0000"
id = "pod"
"#,
        );
        assert_eq!(f.title.as_deref(), Some("Pod"));
        assert_eq!(f.description.as_deref(), Some("A group of containers."));
        assert_eq!(f.aliases, ["pods"]);
        assert_eq!(f.tags, ["core-object"]);
        assert_eq!(f.updated.unwrap().ymd(), "2020-01-02");
        assert_eq!(f.date.unwrap().iso(), "2019-01-31T10:00:00Z");
        assert_eq!(f.names, ["pod"]);
        for k in ["full_link", "weight", "id"] {
            assert!(f.extra.contains_key(k), "{k}");
        }
        let has = |from: &str, to: &str| f.mapped.iter().any(|(a, b)| a == from && b == to);
        assert!(has("short_description", "description"));
        assert!(has("aka", "aliases"));
        assert!(has("tags", "areas"));
        assert!(has("weight", "[extra]"));
        assert!(!f.mapped.iter().any(|(a, _)| a == "title"));
    }

    #[test]
    fn aliases_are_old_urls_for_hugo_and_zola() {
        let f = fields(Shape::Hugo, "aliases = [\"/old/pod/\", \"pods\"]\n");
        assert_eq!(f.redirect_from, ["/old/pod/"]);
        assert_eq!(f.aliases, ["pods"]);
        let f = fields(Shape::Docusaurus, "aliases = [\"/old/pod/\"]\n");
        assert_eq!(f.aliases, ["/old/pod/"]);
        let f = fields(
            Shape::Jekyll,
            "redirect_from = \"/g/old/\"\npermalink = \"/g/pod/\"\n",
        );
        assert_eq!(f.redirect_from, ["/g/old/"]);
        assert_eq!(f.own_url.as_deref(), Some("/g/pod/"));
    }

    #[test]
    fn taxonomies_and_empty_values() {
        let f = fields(
            Shape::Zola,
            "title = \"\"\n[taxonomies]\ntags = [\"risk\"]\ncategories = [\"markets\"]\n[extra]\nx = 1\n",
        );
        assert_eq!(f.title, None);
        assert_eq!(f.tags, ["markets", "risk"]);
        assert_eq!(f.extra["x"].as_integer(), Some(1));
    }

    #[test]
    fn unreadable_dates_are_kept_with_a_note() {
        let f = fields(Shape::Hugo, "date = \"last spring\"\n");
        assert!(f.date.is_none());
        assert_eq!(f.extra["date"].as_str(), Some("last spring"));
        assert!(f.notes[0].message.contains("not a date"));
    }
}
