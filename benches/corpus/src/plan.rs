//! The corpus plan: every entry's kind, title, slug, aliases, dates and links, decided up front
//! from one seeded stream. Bodies are written later, each from its own stream.

use std::collections::HashSet;

use crate::date::{Day, FIRST, LAST};
use crate::rng::{Rng, Stream};
use crate::words::{capitalize, domain_title_words, Lexicon, Zipf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Area,
    Term,
    Definition,
}

impl Kind {
    /// The folder under glossa's `content/`.
    pub fn native_dir(self) -> &'static str {
        match self {
            Kind::Area => "areas",
            Kind::Term => "terms",
            Kind::Definition => "definitions",
        }
    }

    /// The Hugo section (and URL segment: `/term/<slug>/`, as in glossa).
    pub fn section(self) -> &'static str {
        match self {
            Kind::Area => "area",
            Kind::Term => "term",
            Kind::Definition => "definition",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Entry {
    pub kind: Kind,
    pub title: String,
    pub slug: String,
    /// Indexes into the title vocabulary.
    pub words: Vec<usize>,
    pub date: Day,
    pub updated: Option<Day>,
    pub aliases: Vec<String>,
    /// Entry ids.
    pub related: Vec<usize>,
    /// Entry ids of areas (empty on areas).
    pub areas: Vec<usize>,
}

pub struct Corpus {
    pub n: usize,
    pub seed: u64,
    pub entries: Vec<Entry>,
    pub zipf: Zipf,
}

/// How many entries of each kind: areas = n/10, terms = n*6/10, definitions = the rest.
pub fn counts(n: usize) -> (usize, usize, usize) {
    let areas = n / 10;
    let terms = n * 6 / 10;
    (areas, terms, n - areas - terms)
}

/// Slugs that would clash with other files or URLs: `index.md` is a page bundle in Hugo, and
/// `/term/page/` is where kind indexes paginate in both generators.
const RESERVED_SLUGS: &[&str] = &["index", "page"];

/// Alias suffixes: "maintenance margin requirement" for "Maintenance Margin".
const ALIAS_SUFFIXES: &[&str] = &[
    "rate",
    "model",
    "mechanism",
    "requirement",
    "ratio",
    "process",
    "system",
    "rule",
    "level",
    "check",
    "schedule",
    "framework",
];

/// Cumulative weights for sampling with a binary search.
struct Cumulative(Vec<u64>);

impl Cumulative {
    fn new(weights: impl IntoIterator<Item = u64>) -> Self {
        let mut total = 0;
        Cumulative(
            weights
                .into_iter()
                .map(|w| {
                    total += w;
                    total
                })
                .collect(),
        )
    }

    fn sample(&self, rng: &mut Rng) -> usize {
        let total = *self.0.last().expect("weights are not empty");
        let r = ((u128::from(rng.next_u64()) * u128::from(total)) >> 64) as u64;
        self.0.partition_point(|&c| c <= r)
    }
}

pub fn plan(n: usize, seed: u64) -> Corpus {
    assert!(n >= 10, "a corpus needs at least 10 entries (one area)");
    let mut vrng = Rng::new(seed, Stream::Vocabulary, 0);
    let mut lexicon = Lexicon::new();

    // Title vocabulary: the domain words, Zipf-weighted so the central ones recur, plus
    // generated words (about 15% of the weight) so that any n has enough unique titles.
    let mut title_words = domain_title_words();
    let domain_len = title_words.len();
    let pseudo = (n / 8).max(40);
    for _ in 0..pseudo {
        title_words.push(capitalize(&lexicon.pseudo_word(&mut vrng)));
    }
    let domain_weights: Vec<u64> = (0..domain_len as u64)
        .map(|r| 1_000_000 / (r + 8))
        .collect();
    let domain_total: u64 = domain_weights.iter().sum();
    let pseudo_weight = (domain_total * 15 / 85 / pseudo as u64).max(1);
    let word_dist = Cumulative::new(
        domain_weights
            .into_iter()
            .chain(std::iter::repeat_n(pseudo_weight, pseudo)),
    );
    let zipf = Zipf::new(&mut lexicon, &mut vrng, (n * 10).max(2_000));

    let mut rng = Rng::new(seed, Stream::Plan, 0);
    let (n_areas, n_terms, _) = counts(n);
    let kinds = (0..n).map(|i| {
        if i < n_areas {
            Kind::Area
        } else if i < n_areas + n_terms {
            Kind::Term
        } else {
            Kind::Definition
        }
    });

    // Titles, unique by slug (so slugs are unique across kinds as well).
    let mut taken: HashSet<String> = HashSet::new();
    let mut entries: Vec<Entry> = Vec::with_capacity(n);
    for kind in kinds {
        let count_weights: &[usize] = match kind {
            Kind::Area => &[15, 55, 30, 0],
            _ => &[8, 47, 35, 10],
        };
        let mut attempt = 0;
        let words = loop {
            attempt += 1;
            let mut len = rng.weighted(count_weights) + 1;
            if attempt > 20 {
                len = len.max(3);
            }
            let mut words: Vec<usize> = Vec::with_capacity(len);
            while words.len() < len {
                let w = word_dist.sample(&mut rng);
                if !words.contains(&w) {
                    words.push(w);
                }
            }
            let slug = slug_of(words.iter().map(|&w| title_words[w].as_str()));
            if !RESERVED_SLUGS.contains(&slug.as_str()) && taken.insert(slug) {
                break words;
            }
        };
        let title = words
            .iter()
            .map(|&w| title_words[w].as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let slug = slug_of(words.iter().map(|&w| title_words[w].as_str()));
        let date = Day(FIRST.0 + rng.below((LAST.0 - FIRST.0 + 1) as usize) as i64);
        let updated = (rng.percent(40) && date < LAST)
            .then(|| Day(date.0 + rng.range(1, (LAST.0 - date.0) as usize) as i64));
        entries.push(Entry {
            kind,
            title,
            slug,
            words,
            date,
            updated,
            aliases: Vec::new(),
            related: Vec::new(),
            areas: Vec::new(),
        });
    }

    // Aliases: unique (case-insensitively) among every title and alias, and never a body word
    // (an acronym such as "ALL" would otherwise match all over the text).
    let mut names: HashSet<String> = entries.iter().map(|e| e.title.to_lowercase()).collect();
    names.extend(zipf.words.iter().cloned());
    for e in &mut entries {
        if !rng.percent(45) {
            continue;
        }
        let want = if rng.percent(75) { 1 } else { 2 };
        for _ in 0..want * 4 {
            if e.aliases.len() == want {
                break;
            }
            let alias = alias_for(&mut rng, e, &title_words);
            if let Some(a) = alias {
                if names.insert(a.to_lowercase()) {
                    e.aliases.push(a);
                }
            }
        }
    }

    // Which entries carry each title word (for "realistic" links between similar entries).
    let mut by_word: Vec<Vec<usize>> = vec![Vec::new(); title_words.len()];
    let mut areas_by_word: Vec<Vec<usize>> = vec![Vec::new(); title_words.len()];
    for (id, e) in entries.iter().enumerate() {
        for &w in &e.words {
            by_word[w].push(id);
            if e.kind == Kind::Area {
                areas_by_word[w].push(id);
            }
        }
    }
    let n_members = n - n_areas;
    for id in 0..n {
        let words = entries[id].words.clone();
        let pick_similar = |rng: &mut Rng, index: &[Vec<usize>]| -> Option<usize> {
            let list = &index[*rng.pick(&words)];
            (!list.is_empty()).then(|| *rng.pick(list))
        };
        if entries[id].kind == Kind::Area {
            // 5–15 member terms and definitions.
            let want = rng.range(5, 15).min(n_members);
            let mut related = Vec::with_capacity(want);
            while related.len() < want {
                let candidate = match rng.percent(50) {
                    true => pick_similar(&mut rng, &by_word),
                    false => None,
                }
                .filter(|&c| entries[c].kind != Kind::Area)
                .unwrap_or_else(|| n_areas + rng.below(n_members));
                if !related.contains(&candidate) {
                    related.push(candidate);
                }
            }
            entries[id].related = related;
            continue;
        }
        // 1–2 areas, preferring one that shares a title word.
        let want = if rng.percent(60) { 1 } else { 2 }.min(n_areas);
        let mut areas = Vec::with_capacity(want);
        while areas.len() < want {
            let candidate = match rng.percent(55) {
                true => pick_similar(&mut rng, &areas_by_word),
                false => None,
            }
            .unwrap_or_else(|| rng.below(n_areas));
            if !areas.contains(&candidate) {
                areas.push(candidate);
            }
        }
        // 2–8 related entries of any kind, about half sharing a title word.
        let want = rng.range(2, 8);
        let mut related = Vec::with_capacity(want);
        let mut tries = 0;
        while related.len() < want && tries < 200 {
            tries += 1;
            let candidate = match rng.percent(55) {
                true => pick_similar(&mut rng, &by_word),
                false => None,
            }
            .unwrap_or_else(|| rng.below(n));
            if candidate != id && !related.contains(&candidate) && !areas.contains(&candidate) {
                related.push(candidate);
            }
        }
        entries[id].areas = areas;
        entries[id].related = related;
    }

    Corpus {
        n,
        seed,
        entries,
        zipf,
    }
}

/// Lower-case, hyphen-joined: the file name glossa and Hugo both derive the URL from.
pub fn slug_of<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    words
        .into_iter()
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

/// One candidate alias: an acronym, the title plus a suffix, a plural or "b of a".
fn alias_for(rng: &mut Rng, e: &Entry, title_words: &[String]) -> Option<String> {
    let words: Vec<&str> = e.words.iter().map(|&w| title_words[w].as_str()).collect();
    let lower = e.title.to_lowercase();
    match rng.below(4) {
        0 if words.len() >= 2 => Some(
            words
                .iter()
                .filter_map(|w| w.chars().next())
                .map(|c| c.to_ascii_uppercase())
                .collect(),
        ),
        1 => {
            let suffix = rng.pick(ALIAS_SUFFIXES);
            (!lower.ends_with(suffix)).then(|| format!("{lower} {suffix}"))
        }
        2 => plural(&lower),
        3 if words.len() == 2 => Some(format!(
            "{} of {}",
            words[1].to_lowercase(),
            words[0].to_lowercase()
        )),
        _ => None,
    }
}

/// "perpetual swaps", "liquidity penalties"; `None` when the title looks plural already.
fn plural(lower: &str) -> Option<String> {
    if lower.ends_with('s') || lower.ends_with('x') {
        None
    } else if let Some(stem) = lower
        .strip_suffix('y')
        .filter(|s| !s.ends_with(['a', 'e', 'o', 'u']))
    {
        Some(format!("{stem}ies"))
    } else {
        Some(format!("{lower}s"))
    }
}
