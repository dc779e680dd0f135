//! The names an entry is found by in prose: its title and aliases, each also in the
//! English forms of its last word, and whether each must be written in its own case.
//!
//! - **Word forms** (`[links] word_forms`, on by default): the plural of a name's last word
//!   (`pod` → `pods`; `index` → `indexes`; `proxy` →
//!   `proxies`; `margin call` → `margin calls`). Only regular inflections are made; a
//!   form that is another entry's own name is left to that entry, and a form two entries
//!   share is dropped (neither is linked by it; their own names still are).
//! - **Case**: a name written with a capital after the first letter of a word (`REST`,
//!   `TURN`, `ConfigMap`, `JavaScript`, `iPhone`) is an acronym or a product name: such a
//!   word matches only as written (its forms too: `ConfigMaps`), so `the rest of it` never
//!   links `REST`; the other words of the name take any case (`DOM nodes` links `DOM Node`). Any other name (`margin`, `Maintenance Margin`) matches in any case. An entry
//!   overrides the rule with `link_case = "exact"` or `"any"`.
//! - **Longer names**: a capitalised name (not an acronym) right before another capitalised
//!   word is a word of a longer name (`Container Runtime Interface`) and is not linked.
//! - **Everyday words** (`[links] everyday_words`, on by default on English sites): a name
//!   that is one frequent English word ([`super::everyday`]: `Key`, `Service`, `Order`,
//!   at or above `[links] everyday_zipf`) links only where the text writes it capitalised
//!   in mid-sentence (`create a Service`, not `the service` nor `Service` opening a
//!   sentence), nor after a capitalised word in mid-sentence, even over small words
//!   (`Infrastructure as a Service`: the head of a longer name); longer names (`Service Account`) and rarer words
//!   (`margin`) are not concerned. `link_case = "any"` opts an entry out, `"exact"` matches as written.
//!
//! - **Targets**: an entry is never linked to when it sets `autolink_target = false`, is a
//!   disambiguation page (`disambiguation = true`), or its kind is not in `[links]
//!   target_kinds`; `link_names` limits the names prose links it by. When an area and one
//!   other entry share a name, the entry gets the links (`check` reports it).
//!
//! [`names`] gives the patterns (lower-cased, for the [`super::matcher::Matcher`]) with the
//! entry each links to and, when case matters, the form the text must show exactly.

use rustc_hash::FxHashMap;

use crate::model::{EntryId, Kind, LinkCase, Site};
use crate::text::lowercase;

/// Every findable name of a site.
#[derive(Debug, Default)]
pub struct Names {
    /// Lower-cased, distinct: what the matcher searches for.
    pub patterns: Vec<String>,
    /// What each pattern links to, by how the text writes it.
    pub choices: Vec<Choice>,
    /// Lower-cased titles or aliases naming several entries (never linked).
    pub ambiguous: Vec<(String, Vec<EntryId>)>,
    /// Names shared by areas and one other entry, which gets the links.
    pub shadowed: Vec<(String, EntryId, Vec<EntryId>)>,
}

/// The entries one lower-cased pattern can link to: those whose name must be written
/// in its own case (each with that writing, and whether every letter counts or only the
/// words with capitals inside), else the one that takes any case.
#[derive(Clone, Debug, Default)]
pub struct Choice {
    pub exact: Vec<(String, EntryId, bool)>,
    pub any: Option<EntryId>,
    /// `any` is an everyday word: it needs a capital, in mid-sentence.
    pub capital: bool,
}

impl Choice {
    /// The entry `written` (the text as it appears) links to, if any, where `around` says
    /// what is on either side of it.
    pub fn target(&self, written: &str, around: Around) -> Option<EntryId> {
        let capitalised = written.chars().next().is_some_and(char::is_uppercase);
        // A capitalised name right before another capitalised word modifies it: the
        // mention is a word of a longer name (`Container Runtime Interface`). Not so for
        // an acronym, which names its own thing (`REST API`).
        let acronym = !written.chars().any(char::is_lowercase);
        if capitalised && around.capital_next && !acronym {
            return None;
        }
        let named =
            || !self.capital || (!around.sentence_start && !around.capital_before && capitalised);
        self.exact
            .iter()
            .find(|(form, _, strict)| same_writing(form, written, *strict))
            .map(|&(_, id, _)| id)
            .or(self.any.filter(|_| named()))
    }

    /// Whether some writing of the pattern may link (else the pattern only claims text).
    pub fn links_anything(&self) -> bool {
        self.any.is_some() || !self.exact.is_empty()
    }
}

/// What surrounds a mention: how a capital there reads.
#[derive(Clone, Copy, Debug, Default)]
pub struct Around {
    /// The mention opens a sentence (its capital says nothing).
    pub sentence_start: bool,
    /// The next word is capitalised: a capitalised mention is then a word inside a longer
    /// name (`Domain Name System`, `Cloud Service Providers`), English putting a name's
    /// head last.
    pub capital_next: bool,
    /// A capitalised word in mid-sentence comes before, maybe over small words (`as a`,
    /// `of the`): an everyday word is then the head of a longer name (`Infrastructure as
    /// a Service`, `Bank of England`).
    pub capital_before: bool,
}

/// One way of writing a name, before patterns are grouped.
struct Form {
    target: EntryId,
    exact: Option<String>,
    /// `exact` is to be matched letter for letter (`link_case = "exact"`), not only in
    /// the words with capitals inside.
    strict: bool,
    /// An everyday word: links only capitalised in mid-sentence.
    capital: bool,
    /// A made form (a plural) rather than a title or alias as written.
    made: bool,
}

/// The names of `site`'s entries (titles and aliases of at least `[links]
/// min_title_length` characters), with their forms.
pub fn names(site: &Site) -> Names {
    let config = &site.config.links;
    let everyday = config.everyday_words && is_english(&site.config.language);
    let mut by_pattern: FxHashMap<String, Vec<Form>> = FxHashMap::default();
    for (id, e) in site.entries.iter().enumerate() {
        if !e.autolink_target
            || e.disambiguation
            || !config.target_kinds.iter().any(|k| k == e.kind.as_str())
        {
            continue;
        }
        let all: Vec<&String> = std::iter::once(&e.title).chain(&e.aliases).collect();
        let chosen = match &e.link_names {
            Some(names) => names.iter().collect(),
            None => all,
        };
        for name in chosen {
            let name = name.trim();
            if name.chars().count() < config.min_title_length.max(1) {
                continue;
            }
            let exact = match e.link_case {
                LinkCase::Exact => true,
                LinkCase::Any => false,
                LinkCase::Auto => needs_exact_case(name),
            };
            let capital = e.link_case == LinkCase::Auto
                && !exact
                && everyday
                && super::everyday::is_everyday(name, config.everyday_zipf);
            let mut add = |written: String, made: bool| {
                let forms = by_pattern.entry(lowercase(&written)).or_default();
                let exact = exact.then_some(written);
                if !forms.iter().any(|f| {
                    f.target == id && f.made == made && f.exact == exact && f.capital == capital
                }) {
                    forms.push(Form {
                        target: id,
                        exact,
                        strict: e.link_case == LinkCase::Exact,
                        capital,
                        made,
                    });
                }
            };
            add(name.to_string(), false);
            if config.word_forms {
                for form in word_forms(name) {
                    add(form, true);
                }
            }
        }
    }
    let mut out = Names::default();
    let mut by_pattern: Vec<(String, Vec<Form>)> = by_pattern.into_iter().collect();
    by_pattern.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (pattern, forms) in by_pattern {
        let mut choice = Choice::default();
        let (exact, any): (Vec<Form>, Vec<Form>) =
            forms.into_iter().partition(|f| f.exact.is_some());
        let mut writings: Vec<(&str, bool)> = exact
            .iter()
            .filter_map(|f| Some((f.exact.as_deref()?, f.strict)))
            .collect();
        writings.sort_unstable();
        writings.dedup();
        for (writing, strict) in writings {
            let same = exact
                .iter()
                .filter(|f| f.exact.as_deref() == Some(writing) && f.strict == strict);
            match unique(same, &pattern, site, &mut out) {
                Some(id) => choice.exact.push((writing.to_string(), id, strict)),
                None => continue,
            }
        }
        choice.any = unique(any.iter(), &pattern, site, &mut out);
        if let Some(id) = choice.any {
            // The forms that gave `id` (its names as written, when it has some here).
            let mine = || any.iter().filter(|f| f.target == id);
            let written = mine().any(|f| !f.made);
            choice.capital = mine().filter(|f| !written || !f.made).all(|f| f.capital);
        }
        if choice.links_anything() {
            out.patterns.push(pattern);
            out.choices.push(choice);
        }
    }
    out
}

/// The one entry `forms` name (a name as written beats a made form of another entry's
/// name, an entry beats areas); several written names are ambiguous (recorded), several
/// made forms are dropped.
fn unique<'f>(
    forms: impl Iterator<Item = &'f Form> + Clone,
    pattern: &str,
    site: &Site,
    out: &mut Names,
) -> Option<EntryId> {
    let written = forms.clone().any(|f| !f.made);
    let mut ids: Vec<EntryId> = forms
        .filter(|f| !written || !f.made)
        .map(|f| f.target)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    match ids.as_slice() {
        [] => None,
        [id] => Some(*id),
        _ => {
            let is_area = |id: &EntryId| site.entries[*id].kind == Kind::Area;
            let (areas, others): (Vec<EntryId>, Vec<EntryId>) =
                ids.iter().partition(|i| is_area(i));
            if let ([entry], false) = (others.as_slice(), areas.is_empty()) {
                if written && !out.shadowed.iter().any(|(p, _, _)| p == pattern) {
                    out.shadowed.push((pattern.to_string(), *entry, areas));
                }
                return Some(*entry);
            }
            if written && !out.ambiguous.iter().any(|(p, _)| p == pattern) {
                out.ambiguous.push((pattern.to_string(), ids));
            }
            None
        }
    }
}

/// Whether a BCP 47 language tag is English (`en`, `en-GB`).
fn is_english(tag: &str) -> bool {
    let primary = tag.split(['-', '_']).next().unwrap_or("");
    primary.eq_ignore_ascii_case("en")
}

/// Whether the text `written` shows `form` in its case: letter for letter when `strict`,
/// else the words with capitals inside as written and the others in any case (`DOM nodes`
/// writes `DOM Nodes`; `dom nodes` does not).
fn same_writing(form: &str, written: &str, strict: bool) -> bool {
    if strict || form == written {
        return form == written;
    }
    let words = |s: &str| {
        s.split(|c: char| !c.is_alphanumeric())
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let (form, written) = (words(form), words(written));
    form.len() == written.len()
        && form
            .iter()
            .zip(&written)
            .all(|(f, w)| match needs_exact_case(f) {
                true => f == w,
                false => lowercase(f) == lowercase(w),
            })
}

/// Whether a name is an acronym or written with capitals inside a word (`REST`,
/// `ConfigMap`, `iOS`), so it matches only as written.
pub fn needs_exact_case(name: &str) -> bool {
    name.split(|c: char| !c.is_alphanumeric()).any(|word| {
        let mut chars = word.chars();
        chars.next();
        chars.any(char::is_uppercase)
    })
}

/// The made forms of a name: the plural of its last word, in the case the name is written
/// in (`ConfigMap` → `ConfigMaps`). Possessives need none: the apostrophe ends a word, so
/// `pod's` and `pods'` already hold `pod` and `pods` on word boundaries.
pub fn word_forms(name: &str) -> Vec<String> {
    let Some(last) = name.chars().next_back() else {
        return Vec::new();
    };
    if !last.is_alphabetic() {
        return Vec::new();
    }
    let upper = last.is_uppercase() && name.chars().rev().nth(1).is_some_and(char::is_uppercase);
    plural(name, upper).into_iter().collect()
}

/// The regular English plural of a name's last word; `None` when it already looks plural
/// (ends in `s` after a consonant other than `s`, as `Kubernetes`, `Options` do).
fn plural(name: &str, upper: bool) -> Option<String> {
    let lower = lowercase(name);
    let ends = |s: &str| lower.ends_with(s);
    if upper {
        // Acronyms take a lower-case `s`: `APIs`, `CRIs`.
        return Some(format!("{name}s"));
    }
    if ends("ss") || ends("x") || ends("z") || ends("ch") || ends("sh") {
        return Some(format!("{name}es"));
    }
    if ends("s") {
        return None;
    }
    let before_y = lower.chars().rev().nth(1);
    if ends("y") && before_y.is_some_and(|c| !"aeiou".contains(c)) {
        let stem = &name[..name.len() - 1];
        return Some(format!("{stem}ies"));
    }
    Some(format!("{name}s"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_matters_for_acronyms_and_capitals_inside() {
        for name in ["REST", "TURN", "ConfigMap", "JavaScript", "iOS", "HTTP/2"] {
            assert!(needs_exact_case(name), "{name}");
        }
        for name in [
            "margin",
            "Maintenance Margin",
            "Mark-to-Model",
            "Écart",
            "A",
        ] {
            assert!(!needs_exact_case(name), "{name}");
        }
    }

    #[test]
    fn forms_of_the_last_word() {
        let plural = |n: &str| word_forms(n).pop();
        assert_eq!(plural("pod").as_deref(), Some("pods"));
        assert_eq!(plural("Margin Call").as_deref(), Some("Margin Calls"));
        assert_eq!(plural("index").as_deref(), Some("indexes"));
        assert_eq!(plural("proxy").as_deref(), Some("proxies"));
        assert_eq!(plural("key").as_deref(), Some("keys"));
        assert_eq!(plural("API").as_deref(), Some("APIs"));
        assert_eq!(plural("class").as_deref(), Some("classes"));
        assert_eq!(plural("Kubernetes"), None);
        assert!(word_forms("c++").is_empty());
    }
}
