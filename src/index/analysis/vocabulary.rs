//! The vocabulary the indexing analyzers note: the distinct words they met, with their
//! stems, kept in the stem memories ([`Stems`]) of the threads that met them, one memory
//! per thread shared by every copy tantivy makes of the analyzer.

use std::sync::{Arc, Mutex, PoisonError};
use std::thread::ThreadId;

use super::stems::Stems;

/// The distinct words (lower-cased, folded) the indexing analyzers met, with their stems:
/// the memories of one indexing analyzer, one per thread (see [`Memos`]), each noting the
/// words it stems.
#[derive(Clone, Default)]
pub struct Seen(Memos);

impl Seen {
    /// The memories the analyzer's copies stem with.
    pub(super) fn memos(&self) -> Memos {
        self.0.clone()
    }

    /// Every word met, with its stem, in byte order.
    pub fn take(&self) -> Vec<(String, String)> {
        let mut words: Vec<(String, String)> = Vec::new();
        for memo in self.0.all() {
            let mut stems = memo.lock().unwrap_or_else(PoisonError::into_inner);
            words.extend(
                std::mem::take(&mut stems.noted)
                    .into_iter()
                    .map(|(w, s)| (w.into_string(), s.into_string())),
            );
        }
        words.sort_unstable();
        words.dedup_by(|a, b| a.0 == b.0);
        words
    }
}

/// One memory of stems per thread ([`Stems`]), shared by every copy of one indexing
/// analyzer: tantivy copies an analyzer for each field of each segment it writes, and the
/// copies on one thread share its memory, so a word is stemmed once per thread rather
/// than once per field and segment.
#[derive(Clone, Default)]
pub(super) struct Memos(Arc<Mutex<Vec<(ThreadId, Memo)>>>);

/// The memory of one thread.
pub(super) type Memo = Arc<Mutex<Stems>>;

impl Memos {
    /// The memory of the calling thread.
    pub(super) fn of_this_thread(&self) -> Memo {
        let id = std::thread::current().id();
        let mut all = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, memo)) = all.iter().find(|(t, _)| *t == id) {
            return memo.clone();
        }
        let memo = Arc::new(Mutex::new(Stems::default()));
        all.push((id, memo.clone()));
        memo
    }

    fn all(&self) -> Vec<Memo> {
        let all = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        all.iter().map(|(_, memo)| memo.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{indexing_analyzer, run};
    use super::*;

    #[test]
    fn copies_share_one_memory_per_thread_and_note_each_word_once() {
        let seen = Seen::default();
        let analyzer = indexing_analyzer(Some(seen.clone()), None);
        std::thread::scope(|s| {
            for _ in 0..2 {
                s.spawn(|| {
                    // As tantivy does: a copy per field and per segment.
                    let (mut a, mut b) = (analyzer.clone(), analyzer.clone());
                    assert_eq!(run(&mut a, "Margin margins"), ["margin", "margin"]);
                    assert_eq!(run(&mut b, "margins, oracle"), ["margin", "oracl"]);
                });
            }
        });
        assert_eq!(seen.0.all().len(), 2, "one memory per thread");
        let words = seen.take();
        let expected = [
            ("margin", "margin"),
            ("margins", "margin"),
            ("oracle", "oracl"),
        ];
        assert_eq!(words, expected.map(|(w, s)| (w.to_string(), s.to_string())));
    }
}
