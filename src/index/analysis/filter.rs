//! The indexing analyzer's last step, as a tantivy token filter: it stems each token
//! through a remembered [`Stems`] (equal to tantivy's `Stemmer(Language::English)`) and,
//! when asked, notes the words met for the vocabulary ([`Seen`]) and finds the [`Runs`]
//! (phrases of names) in each text. Each job is done by its own module; this one only
//! plugs them into tantivy's token streams.

use std::sync::{Arc, MutexGuard, PoisonError};

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use super::runs::{RunWindow, Runs};
use super::stems::Stems;
use super::vocabulary::{Memo, Memos, Seen};

/// The filter: without noting, each copy has a memory of its own, gone with the copy (a
/// query's analyzer remembers nothing past the query); noting, the copies share one
/// memory per thread (see [`Memos`]).
#[derive(Clone)]
pub struct IndexingFilter {
    memos: Option<Memos>,
    runs: Option<Arc<Runs>>,
}

impl IndexingFilter {
    pub fn new(seen: Option<Seen>, runs: Option<Arc<Runs>>) -> Self {
        IndexingFilter {
            memos: seen.map(|s| s.memos()),
            runs,
        }
    }
}

impl TokenFilter for IndexingFilter {
    type Tokenizer<T: Tokenizer> = IndexingTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> IndexingTokenizer<T> {
        IndexingTokenizer {
            inner: tokenizer,
            memos: self.memos,
            memo: None,
            runs: self.runs,
        }
    }
}

/// The tokenizer before the filter, with the filter's state.
#[derive(Clone)]
pub struct IndexingTokenizer<T> {
    inner: T,
    /// The memories shared by the copies, when noting words.
    memos: Option<Memos>,
    /// The memory of this copy: of the thread it first ran on when noting, else its own.
    memo: Option<Memo>,
    runs: Option<Arc<Runs>>,
}

impl<T: Tokenizer> Tokenizer for IndexingTokenizer<T> {
    type TokenStream<'a> = IndexingStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        let memos = &self.memos;
        let memo = self.memo.get_or_insert_with(|| match memos {
            Some(memos) => memos.of_this_thread(),
            None => Memo::default(),
        });
        IndexingStream {
            tail: self.inner.token_stream(text),
            stems: memo.lock().unwrap_or_else(PoisonError::into_inner),
            note: memos.is_some(),
            runs: self.runs.as_deref().map(|r| (r, RunWindow::default())),
            text,
        }
    }
}

/// The tokens of one text, stemmed.
pub struct IndexingStream<'a, S> {
    tail: S,
    stems: MutexGuard<'a, Stems>,
    /// Whether to note new words.
    note: bool,
    /// The runs to find, and those found in this text so far.
    runs: Option<(&'a Runs, RunWindow)>,
    text: &'a str,
}

impl<S: TokenStream> TokenStream for IndexingStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            if let Some((runs, mut window)) = self.runs.take() {
                window.finish(runs, self.text);
            }
            return false;
        }
        let token = self.tail.token_mut();
        let runs = self.runs.as_ref().map(|(r, _)| *r);
        let term = self.stems.stem_token(&mut token.text, self.note, runs);
        if let Some((runs, window)) = &mut self.runs {
            window.push(runs, term);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}
