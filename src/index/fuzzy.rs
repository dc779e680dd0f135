//! Typo tolerance: which words of the site a word that is not in the index may mean.
//!
//! A query word whose stem occurs nowhere in the index, and that has at least
//! [`MIN_LETTERS`] letters, is compared with the site's words (lower-cased and folded,
//! not stemmed) that begin with the same two letters: those within edit distance 1
//! (2 for words of [`LONG_LETTERS`] letters or more, counting a swap of two neighbours as
//! one edit) stand in for it. Candidates are ranked by distance, then by how many
//! documents hold them; their stems, at most [`MAX_EXPANSIONS`] of them, are searched
//! with a lower weight ([`weight`]).
//!
//! Because only words missing from the index are expanded, an exact match of a word
//! always wins over typo matches for it: there are never both. The browser script does
//! the same steps over the same vocabulary files, so both surfaces correct a typo alike.

/// Words shorter than this are never corrected.
pub const MIN_LETTERS: usize = 5;
/// From this length on, two edits are allowed.
pub const LONG_LETTERS: usize = 9;
/// Most stems a mistyped word is expanded to.
pub const MAX_EXPANSIONS: usize = 3;
/// Letters a candidate shares with the typed word, at the start.
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

/// The words of `group` (in their stored order: most frequent first) within the allowed
/// distance of `word`, closest first; `word` itself is not a candidate.
pub fn candidates<'a>(word: &str, group: &'a [String]) -> Vec<(&'a str, usize)> {
    let Some(max) = max_distance(word) else {
        return Vec::new();
    };
    let typed: Vec<char> = word.chars().collect();
    let mut found: Vec<(usize, usize, &str)> = Vec::new();
    let mut buf: Vec<char> = Vec::new();
    for (pos, candidate) in group.iter().enumerate() {
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
        assert_eq!(max_distance("marg"), None);
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
            candidates("margn", &group),
            [("marin", 1), ("margin", 1)],
            "same distance: stored (frequency) order"
        );
        assert!(candidates("marg", &group).is_empty());
        assert_eq!(prefix("margin"), "ma");
        assert_eq!(prefix("é"), "é");
    }
}
