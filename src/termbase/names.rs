//! What the names in a termbase's records refer to: every entry the site will have (the
//! records' and those already in `content/`) by key, slug, title and (TBX) concept id, so
//! a related cell (`margin`, `term/margin`, `Maintenance margin`, a crossReference's
//! target) or an area cell (`risk`, `Risk management`) finds its entry, and references
//! are written the way the loader reads them (`kind/slug` for a slug two kinds share).

use std::collections::{HashMap, HashSet};

use super::Ref;
use crate::exported::url::Key;
use crate::frontmatter::{is_valid_slug, slugify};
use crate::model::Kind;
use crate::text::lowercase;

/// Every entry by key, slug, title and concept id.
#[derive(Debug, Default)]
pub struct Names {
    keys: HashSet<Key>,
    kinds: HashMap<String, Vec<Kind>>,
    titles: HashMap<String, Vec<Key>>,
    ids: HashMap<String, Key>,
}

impl Names {
    /// An entry called `title` (and, in a TBX file, `id`).
    pub fn add(&mut self, key: &Key, title: &str, id: Option<&str>) {
        if let Some(id) = id {
            self.ids
                .entry(id.to_string())
                .or_insert_with(|| key.clone());
        }
        if !self.keys.insert(key.clone()) {
            return;
        }
        let kinds = self.kinds.entry(key.slug.clone()).or_default();
        kinds.push(key.kind);
        kinds.sort();
        let t = self.titles.entry(lowercase(title.trim())).or_default();
        if !t.contains(key) {
            t.push(key.clone());
        }
    }

    pub fn contains(&self, key: &Key) -> bool {
        self.keys.contains(key)
    }

    /// The entry a related item names: its concept id, `kind/slug`, a slug (of a term, else
    /// a definition, else an area when several kinds have it), a title, or a name whose
    /// slug is an entry's.
    pub fn related(&self, r: &Ref) -> Option<Key> {
        if let Some(key) = r.id.as_ref().and_then(|id| self.ids.get(id)) {
            return Some(key.clone());
        }
        let name = r.name.trim();
        if let Some((kind, slug)) = name.split_once('/') {
            let key = Key {
                kind: Kind::parse(kind)?,
                slug: slug.to_string(),
            };
            return self.keys.contains(&key).then_some(key);
        }
        let by_slug = |slug: &str| {
            let kind = *self.kinds.get(slug)?.first()?;
            Some(Key {
                kind,
                slug: slug.to_string(),
            })
        };
        if is_valid_slug(name) {
            if let Some(key) = by_slug(name) {
                return Some(key);
            }
        }
        if let Some(keys) = self.titles.get(&lowercase(name)) {
            return keys.iter().min_by_key(|k| k.kind).cloned();
        }
        by_slug(&slugify(name))
    }

    /// The area an area cell names: its slug, its title, or a name whose slug is an area's.
    pub fn area(&self, name: &str) -> Option<Key> {
        let name = name.trim();
        let area = |slug: &str| Key {
            kind: Kind::Area,
            slug: slug.to_string(),
        };
        let slug = name.strip_prefix("area/").unwrap_or(name);
        if is_valid_slug(slug) && self.keys.contains(&area(slug)) {
            return Some(area(slug));
        }
        let titled = self
            .titles
            .get(&lowercase(name))
            .and_then(|keys| keys.iter().find(|k| k.kind == Kind::Area));
        if let Some(key) = titled {
            return Some(key.clone());
        }
        let key = area(&slugify(name));
        self.keys.contains(&key).then_some(key)
    }

    /// How front matter refers to `key`: its slug, or `kind/slug` when several kinds
    /// share the slug.
    pub fn reference(&self, key: &Key) -> String {
        match self.kinds.get(&key.slug) {
            Some(kinds) if kinds.len() > 1 => key.to_string(),
            _ => key.slug.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(kind: Kind, slug: &str) -> Key {
        Key {
            kind,
            slug: slug.into(),
        }
    }

    #[test]
    fn names_find_their_entries() {
        let mut n = Names::default();
        n.add(&key(Kind::Term, "margin"), "Margin", None);
        n.add(&key(Kind::Area, "margin"), "Margin topics", None);
        n.add(
            &key(Kind::Definition, "funding-rate"),
            "Funding rate",
            Some("c7"),
        );
        n.add(&key(Kind::Area, "risk-management"), "Risk management", None);
        let find = |s: &str| n.related(&Ref::name(s));
        assert_eq!(find("margin"), Some(key(Kind::Term, "margin")));
        assert_eq!(find("area/margin"), Some(key(Kind::Area, "margin")));
        assert_eq!(
            find("FUNDING RATE"),
            Some(key(Kind::Definition, "funding-rate"))
        );
        assert_eq!(
            find("Funding-Rate!"),
            Some(key(Kind::Definition, "funding-rate"))
        );
        assert_eq!(find("term/funding-rate"), None);
        assert_eq!(find("nothing"), None);
        let by_id = Ref {
            id: Some("c7".into()),
            name: "whatever".into(),
        };
        assert_eq!(
            n.related(&by_id),
            Some(key(Kind::Definition, "funding-rate"))
        );
        assert_eq!(
            n.area("Risk Management"),
            Some(key(Kind::Area, "risk-management"))
        );
        assert_eq!(n.area("margin"), Some(key(Kind::Area, "margin")));
        assert_eq!(n.area("Margin topics"), Some(key(Kind::Area, "margin")));
        assert_eq!(n.area("Funding rate"), None);
        assert_eq!(n.reference(&key(Kind::Term, "margin")), "term/margin");
        assert_eq!(
            n.reference(&key(Kind::Definition, "funding-rate")),
            "funding-rate"
        );
    }
}
