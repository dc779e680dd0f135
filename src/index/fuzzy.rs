//! Typo tolerance: which words of the site a word that is not in the index may mean.
//!
//! A query word whose stem occurs nowhere in the index, and that has at least
//! [`MIN_LETTERS`] letters, is compared with the site's words (lower-cased and folded,
//! not stemmed) that begin with the same two letters (its *head* group) or end with the
//! same two letters (its *tail* group): those within edit distance 1 (2 for words of
//! [`LONG_LETTERS`] letters or more, counting a swap of two neighbours as one edit) stand
//! in for it. One edit never changes both the first two and the last two letters of a
//! word of four letters or more, so every word one edit away is in one of the two groups,
//! wherever the typo is (`deamonset` → `daemonset`, `ajxa` → `ajax`). Candidates are
//! ranked by distance, then head group before tail group, then by how many documents hold
//! them; their stems, at most [`MAX_EXPANSIONS`] of them, are searched with a lower
//! weight ([`weight`]).
//!
//! Because only words missing from the index are expanded, an exact match of a word
//! always wins over typo matches for it: there are never both. The browser script does
//! the same steps over the same vocabulary files, so both surfaces correct a typo alike.

/// Words shorter than this are never corrected.
pub const MIN_LETTERS: usize = 4;
/// From this length on, two edits are allowed.
pub const LONG_LETTERS: usize = 9;
/// Most stems a mistyped word is expanded to.
pub const MAX_EXPANSIONS: usize = 3;
/// Most words suggested when a query finds nothing.
pub const MAX_SUGGESTIONS: usize = 5;
/// Letters a candidate shares with the typed word, at the start (head group) or at the
/// end (tail group).
pub const PREFIX_LETTERS: usize = 2;

/// The edits allowed for a word, or `None` when it is too short to correct.
pub fn max_distance(word: &str) -> Option<usize> {
    let n = word.chars().count();
    if n < MIN_LETTERS {
        None
    } else if n < LONG_LETTERS {
        Some(1)
    } else {
        Some(2)
    }
}

/// How much a match through a candidate at `distance` counts, relative to an exact one.
pub fn weight(distance: usize) -> f32 {
    if distance <= 1 {
        0.5
    } else {
        0.25
    }
}

/// The vocabulary group a word belongs to: its first [`PREFIX_LETTERS`] characters.
pub fn prefix(word: &str) -> &str {
    match word.char_indices().nth(PREFIX_LETTERS) {
        Some((i, _)) => &word[..i],
        None => word,
    }
}

/// The tail group a word belongs to: its last [`PREFIX_LETTERS`] characters.
pub fn tail(word: &str) -> &str {
    let n = word.chars().count();
    match word.char_indices().nth(n.saturating_sub(PREFIX_LETTERS)) {
        Some((i, _)) => &word[i..],
        None => word,
    }
}

/// Optimal string alignment distance between `a` and `b` (insertions, deletions,
/// substitutions, swaps of neighbours), or `None` when it exceeds `max`.
pub fn distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let w = b.len() + 1;
    // Three rows: two back (for swaps), one back, current.
    let mut rows = vec![0usize; 3 * w];
    for (j, cell) in rows[w..2 * w].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        let (back2, rest) = rows.split_at_mut(w);
        let (back1, cur) = rest.split_at_mut(w);
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (back1[j] + 1).min(cur[j - 1] + 1).min(back1[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(back2[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        if row_min > max {
            return None;
        }
        rows.rotate_left(w);
    }
    // After the last rotation the final row sits in the middle third.
    let d = rows[2 * w - 1];
    (d <= max).then_some(d)
}

/// The words of `word`'s head group then of its tail group (each in stored order: most
/// frequent first; a tail word with the same head is in the head group already) within
/// the allowed distance of `word`, closest first; `word` itself is not a candidate.
pub fn candidates<'a>(
    word: &str,
    head: &'a [String],
    tails: &'a [String],
) -> Vec<(&'a str, usize)> {
    match max_distance(word) {
        Some(max) => within(word, max, head, tails),
        None => Vec::new(),
    }
}

/// The edits allowed for a suggestion (when a query finds nothing): a third of the word's
/// letters, at least two.
pub fn loose_distance(word: &str) -> usize {
    (word.chars().count() / 3).max(2)
}

/// The words suggested for `words` (mistyped words of a query that found nothing) with
/// their head and tail groups: each word's candidates within [`loose_distance`], closest
/// first (then in query order, then as [`candidates`] orders them), each once, at most
/// [`MAX_SUGGESTIONS`].
pub fn suggestions<'a>(words: &[(&str, &'a [String], &'a [String])]) -> Vec<&'a str> {
    let mut all: Vec<(usize, usize, usize, &str)> = Vec::new();
    for (i, (word, head, tails)) in words.iter().enumerate() {
        let found = within(word, loose_distance(word), head, tails);
        all.extend(
            found
                .into_iter()
                .enumerate()
                .map(|(pos, (w, d))| (d, i, pos, w)),
        );
    }
    all.sort_unstable();
    let mut out: Vec<&str> = Vec::new();
    for (_, _, _, w) in all {
        if !out.contains(&w) && out.len() < MAX_SUGGESTIONS {
            out.push(w);
        }
    }
    out
}

/// The words of the head group, then of the tail group, within `max` edits of `word`.
fn within<'a>(
    word: &str,
    max: usize,
    head: &'a [String],
    tails: &'a [String],
) -> Vec<(&'a str, usize)> {
    let typed: Vec<char> = word.chars().collect();
    let start = prefix(word);
    let mut found: Vec<(usize, usize, &str)> = Vec::new();
    let mut buf: Vec<char> = Vec::new();
    let tails = tails.iter().filter(|w| prefix(w) != start);
    for (pos, candidate) in head.iter().chain(tails).enumerate() {
        if candidate == word {
            continue;
        }
        buf.clear();
        buf.extend(candidate.chars());
        if let Some(d) = distance(&typed, &buf, max) {
            found.push((d, pos, candidate));
        }
    }
    found.sort_unstable();
    found.into_iter().map(|(d, _, w)| (w, d)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(a: &str, b: &str) -> Option<usize> {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        distance(&a, &b, 2)
    }

    #[test]
    fn distances() {
        assert_eq!(d("margin", "margin"), Some(0));
        assert_eq!(d("margn", "margin"), Some(1));
        assert_eq!(d("mragin", "margin"), Some(1), "a swap is one edit");
        assert_eq!(d("liquidaton", "liquidation"), Some(1));
        assert_eq!(d("liqiudaton", "liquidation"), Some(2));
        assert_eq!(d("collateral", "bilateral"), None);
        assert_eq!(d("", "ab"), Some(2));
        assert_eq!(d("abc", ""), None);
    }

    #[test]
    fn allowed_edits_grow_with_length() {
        assert_eq!(max_distance("mar"), None);
        assert_eq!(max_distance("marg"), Some(1));
        assert_eq!(max_distance("margn"), Some(1));
        assert_eq!(max_distance("collatral"), Some(2));
        assert_eq!(max_distance("éclat"), Some(1), "letters, not bytes");
    }

    #[test]
    fn candidates_are_ranked_by_distance_then_stored_order() {
        let group: Vec<String> = ["margins", "marin", "margin", "margined"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            candidates("margn", &group, &[]),
            [("marin", 1), ("margin", 1)],
            "same distance: stored (frequency) order"
        );
        assert!(candidates("mar", &group, &[]).is_empty());
        assert_eq!(prefix("margin"), "ma");
        assert_eq!(prefix("é"), "é");
        assert_eq!(tail("margin"), "in");
        assert_eq!(tail("é"), "é");
        assert_eq!(tail("brûlé"), "lé");
    }

    #[test]
    fn suggestions_are_looser_closest_first_and_few() {
        let head: Vec<String> = ["sharding", "shard", "shadow"].map(String::from).to_vec();
        let tails: Vec<String> = vec!["hashing".into()];
        assert_eq!(
            suggestions(&[("shxrdinq", &head, &tails)]),
            ["sharding"],
            "two edits in eight letters"
        );
        assert_eq!(loose_distance("shxrdinq"), 2);
        assert_eq!(loose_distance("abcdefghijkl"), 4);
        assert!(suggestions(&[]).is_empty());
    }

    #[test]
    fn a_typo_in_the_first_letters_is_found_by_the_tail_group() {
        let head: Vec<String> = vec!["deployment".into()];
        let tails: Vec<String> = ["daemonset", "deset", "statefulset"]
            .map(String::from)
            .to_vec();
        assert_eq!(candidates("deamonset", &head, &tails), [("daemonset", 1)]);
        let ajax: Vec<String> = vec!["ajax".into(), "ajaxx".into()];
        assert_eq!(candidates("jaax", &[], &ajax), [("ajax", 1)]);
        assert_eq!(
            candidates("ajxa", &ajax, &[]),
            [("ajax", 1)],
            "four letters: one edit"
        );
        assert!(
            candidates("ajxa", &[], &ajax).is_empty(),
            "a tail word with the same head is the head group's"
        );
    }
}
