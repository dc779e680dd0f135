//! Runs: the phrases of names (2 to [`MAX_RUN_TERMS`] terms) found while indexing.
//!
//! The indexing analyzers see every text's terms in order, so finding phrases costs one
//! look-up per term rather than a second pass: [`RunWindow`] keeps the run numbers of a
//! text's last terms, and [`Runs::find`] names the runs the window ends with. A run
//! matches consecutive tokens of one text, as a tantivy phrase query matches positions of
//! one field value.

use std::sync::Mutex;

use rustc_hash::FxHashMap;

use crate::flat_map::{hash, BitSet, FlatMap};

/// Most terms in a run.
pub const MAX_RUN_TERMS: usize = 6;

/// The number of a term among the terms of the runs, or [`RunTerm::NONE`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunTerm(u32);

impl RunTerm {
    /// Not a term of any run.
    pub const NONE: RunTerm = RunTerm(u32::MAX);
}

impl Default for RunTerm {
    fn default() -> Self {
        RunTerm::NONE
    }
}

/// Runs of terms to find while indexing, and the texts they were found in.
///
/// Two consecutive terms of runs are common (titles are made of a site's common words),
/// and the pairs that end a run are as many as the runs, so the look-up of a pair is kept
/// cheap: a bit per pair hash (`maybe`, a small [`BitSet`] that stays in cache) rules out
/// nearly every pair that ends no run; a pair that passes reads one slot of a flat table
/// and then its runs, stored side by side.
#[derive(Debug, Default)]
pub struct Runs {
    /// Number of every term of the runs.
    ids: FxHashMap<String, u32>,
    /// Set for the hash of each pair of terms that ends a run.
    maybe: BitSet,
    /// Last two terms ([`pair`]) → the range of `endings` of the runs that end with them.
    ends: FlatMap<(u32, u32)>,
    /// Runs by their last two terms.
    endings: Vec<Ending>,
    /// The terms of the runs before their last two, run after run.
    before: Vec<u32>,
    /// Every run found in a text.
    found: Mutex<Vec<Found>>,
}

/// A run, by its last two terms: its number and the range of [`Runs::before`] holding its
/// terms before those.
#[derive(Clone, Copy, Debug)]
struct Ending {
    run: u32,
    start: u32,
    len: u32,
}

/// A run found in a text: the text's [`hash`] and the run's number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    pub text: u64,
    pub run: u32,
}

/// The key of two consecutive terms.
fn pair(prev: u32, term: u32) -> u64 {
    (u64::from(prev) << 32) | u64::from(term)
}

impl Runs {
    /// The runs `keys` (terms joined by spaces, 2 to [`MAX_RUN_TERMS`] of them), numbered
    /// in order.
    pub fn new(keys: &[String]) -> Runs {
        let mut runs = Runs::default();
        let mut by_end: Vec<(u64, u32, Vec<u32>)> = Vec::new();
        for (i, key) in keys.iter().enumerate() {
            let terms: Vec<u32> = key
                .split(' ')
                .map(|t| {
                    let next = runs.ids.len() as u32;
                    *runs.ids.entry(t.to_string()).or_insert(next)
                })
                .collect();
            if terms.len() < 2 || terms.len() > MAX_RUN_TERMS {
                continue;
            }
            let n = terms.len();
            by_end.push((
                pair(terms[n - 2], terms[n - 1]),
                i as u32,
                terms[..n - 2].to_vec(),
            ));
        }
        // Grouped by pair, in the order the runs were given.
        by_end.sort_by_key(|&(key, run, _)| (key, run));
        runs.maybe = BitSet::with_places((by_end.len() * 8).max(1 << 12));
        runs.ends = FlatMap::with_capacity(by_end.len());
        for (key, run, before) in by_end {
            runs.maybe.insert(key);
            let at = runs.endings.len() as u32;
            let range = runs.ends.entry(key);
            if range.1 == 0 {
                *range = (at, at);
            }
            range.1 = at + 1;
            let start = runs.before.len() as u32;
            runs.before.extend(&before);
            runs.endings.push(Ending {
                run,
                start,
                len: before.len() as u32,
            });
        }
        runs
    }

    /// The number of `stem` among the terms of the runs.
    pub fn term(&self, stem: &str) -> RunTerm {
        self.ids.get(stem).map_or(RunTerm::NONE, |&id| RunTerm(id))
    }

    /// The runs that end with the last two terms of `window`, when the terms before them
    /// are there too; pushed onto `found`.
    fn find(&self, window: &[u32; MAX_RUN_TERMS], found: &mut Vec<u32>) {
        let (prev, term) = (window[MAX_RUN_TERMS - 2], window[MAX_RUN_TERMS - 1]);
        if prev == RunTerm::NONE.0 || term == RunTerm::NONE.0 {
            return;
        }
        let key = pair(prev, term);
        if !self.maybe.may_hold(key) {
            return;
        }
        let Some((from, to)) = self.ends.get(key) else {
            return;
        };
        for e in &self.endings[from as usize..to as usize] {
            let before = &self.before[e.start as usize..(e.start + e.len) as usize];
            if window[MAX_RUN_TERMS - 2 - before.len()..MAX_RUN_TERMS - 2] == *before {
                found.push(e.run);
            }
        }
    }

    /// Every run found, in no order.
    pub fn take_found(&self) -> Vec<Found> {
        self.found
            .lock()
            .map(|mut f| std::mem::take(&mut *f))
            .unwrap_or_default()
    }
}

/// The runs found in one text as its terms come: the run numbers of its last terms.
pub struct RunWindow {
    /// Run numbers of the last terms, the latest last.
    window: [u32; MAX_RUN_TERMS],
    /// Runs found in this text.
    found: Vec<u32>,
}

impl Default for RunWindow {
    fn default() -> Self {
        RunWindow {
            window: [RunTerm::NONE.0; MAX_RUN_TERMS],
            found: Vec::new(),
        }
    }
}

impl RunWindow {
    /// Takes the text's next term and notes the runs it ends.
    pub fn push(&mut self, runs: &Runs, term: RunTerm) {
        let w = &mut self.window;
        w.copy_within(1.., 0);
        w[MAX_RUN_TERMS - 1] = term.0;
        runs.find(w, &mut self.found);
    }

    /// At the end of `text`: adds the runs found in it to `runs`' list.
    pub fn finish(&mut self, runs: &Runs, text: &str) {
        if self.found.is_empty() {
            return;
        }
        let text_hash = hash(text.as_bytes());
        if let Ok(mut all) = runs.found.lock() {
            all.extend(self.found.drain(..).map(|run| Found {
                text: text_hash,
                run,
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// `Runs::find` against the plain check: a run is found when the window's last
        /// terms are its terms. Few distinct terms, so runs share endings and prefixes.
        #[test]
        fn runs_found_are_the_runs_the_window_ends_with(
            runs in proptest::collection::hash_set(
                proptest::collection::vec(0u32..5, 2..=MAX_RUN_TERMS), 1..60,
            ),
            texts in proptest::collection::vec(proptest::collection::vec(0u32..6, 0..40), 1..8),
        ) {
            let keys: Vec<String> = runs
                .iter()
                .map(|r| r.iter().map(|t| format!("t{t}")).collect::<Vec<_>>().join(" "))
                .collect();
            let index = Runs::new(&keys);
            // Term 5 is in no run: the window keeps RunTerm::NONE for it.
            let id = |t: u32| index.term(&format!("t{t}"));
            for text in &texts {
                let mut window = RunWindow::default();
                for (i, &t) in text.iter().enumerate() {
                    window.found.clear();
                    window.push(&index, id(t));
                    let mut found = window.found.clone();
                    found.sort_unstable();
                    let expected: Vec<u32> = keys
                        .iter()
                        .zip(&runs)
                        .enumerate()
                        .filter(|(_, (_, r))| text[..=i].ends_with(r))
                        .map(|(n, _)| n as u32)
                        .collect();
                    proptest::prop_assert_eq!(found, expected);
                }
            }
        }
    }
}
