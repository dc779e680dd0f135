//! `glossa search`: a query read, planned and run on the tantivy index.
//!
//! **Syntax.** Words, and phrases in double quotes (`"funding rate"`, also with “curly”
//! quotes). A quote left open is an error. Words are analysed like the content; a word
//! repeated (or with the stem of an earlier one) counts once.
//!
//! **Plan.** Common words ([`STOP_WORDS`](super::stop::STOP_WORDS)) are left out when the query has other words
//! or a phrase. A word whose stem is in the index is searched as that stem. A word that
//! is not, with five letters or more, is replaced by up to three similar words of the site
//! (see [`fuzzy`]) searched with a lower weight. A phrase must occur as written.
//!
//! **Scoring.** Each word is one tantivy query: its stems in every searched field, each a
//! BM25 term query boosted by the field's `[search.boosts]` weight (times the typo weight
//! for corrections), summed. A document's score is the sum of its words' scores, in query
//! order, then of its phrases' words. A phrase is a filter (tantivy phrase queries, one per
//! field): documents must hold every phrase and, when there is none, at least one word.
//! Documents *named* by the query (its [name key](engine::name_key), a corrected word
//! taken as its first replacement, equals the key of the title or of an alias) come
//! before all others; then the best score first, ties in site order. The browser
//! computes the same sums from the same statistics and the same name keys; it has no
//! word positions, so it checks a phrase exactly only when it is (part of) a name (the
//! index lists where those occur), and otherwise requires its words in one field.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use serde::Serialize;
use tantivy::query::{BooleanQuery, BoostQuery, EnableScoring, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Score, Searcher, SegmentOrdinal, TantivyDocument, Term};

use super::analysis::{Analyzer, Stems};
use super::browser::Vocabulary;
use super::engine::{self, Opened, KIND_ID, ORD};
use super::layout::{index_dir, SEARCH_DIR, TANTIVY_DIR};
use super::settings::Field;
use super::stop::is_stop_word;
use super::{documents, fuzzy};
use crate::error::{Error, Result};
use crate::model::Kind;

/// A query as written: its words and phrases, analysed but not stemmed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    pub words: Vec<String>,
    pub phrases: Vec<Vec<String>>,
    /// Every word in query order, inside quotes or not.
    pub all: Vec<String>,
}

/// Why a query cannot be run.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("a quote is not closed: close it or remove it (phrases go in \"double quotes\")")]
    UnclosedQuote,
    #[error("nothing to search for: the query has no letters or digits")]
    Empty,
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„')
}

/// Reads a query.
pub fn parse(query: &str, analyzer: &mut Analyzer) -> Result<Parsed, QueryError> {
    let mut parsed = Parsed::default();
    let mut in_phrase = false;
    let mut start = 0;
    let mut segment = |text: &str, phrase: bool, parsed: &mut Parsed| {
        let words: Vec<String> = analyzer.words(text).into_iter().map(|w| w.text).collect();
        parsed.all.extend(words.iter().cloned());
        if phrase {
            if !words.is_empty() {
                parsed.phrases.push(words);
            }
        } else {
            parsed.words.extend(words);
        }
    };
    for (i, c) in query.char_indices() {
        if is_quote(c) {
            segment(&query[start..i], in_phrase, &mut parsed);
            in_phrase = !in_phrase;
            start = i + c.len_utf8();
        }
    }
    if in_phrase {
        return Err(QueryError::UnclosedQuote);
    }
    segment(&query[start..], false, &mut parsed);
    if parsed.words.is_empty() && parsed.phrases.is_empty() {
        return Err(QueryError::Empty);
    }
    Ok(parsed)
}

/// Options of a search.
#[derive(Clone, Debug)]
pub struct SearchOptions {
    pub kind: Option<Kind>,
    pub limit: usize,
}

/// One result.
#[derive(Clone, Debug, Serialize)]
pub struct Hit {
    pub rank: usize,
    pub score: f32,
    pub id: String,
    pub kind: Kind,
    pub title: String,
    pub url: String,
    pub path: String,
    /// Whether the query is the document's title or one of its aliases (such documents
    /// come first).
    pub exact: bool,
    /// Plain text around the best match (or the description).
    pub snippet: String,
    /// Byte ranges of `snippet` that matched, `[start, end)`.
    pub highlights: Vec<[usize; 2]>,
}

/// A mistyped word and the words of the site searched instead.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Correction {
    pub word: String,
    pub replacements: Vec<String>,
}

/// What a search found.
#[derive(Clone, Debug, Serialize)]
pub struct Results {
    pub query: String,
    /// Documents that matched (before `limit`).
    pub total: usize,
    pub results: Vec<Hit>,
    pub corrections: Vec<Correction>,
}

impl Results {
    /// The results for a reader: rank, title and kind, URL, snippet; on a terminal
    /// (`color`) titles in bold and matches in bold yellow.
    pub fn write_text(&self, out: &mut dyn std::io::Write, color: bool) -> std::io::Result<()> {
        let (bold, mark, dim, reset) = if color {
            ("\x1b[1m", "\x1b[1;33m", "\x1b[2m", "\x1b[0m")
        } else {
            ("", "", "", "")
        };
        for c in &self.corrections {
            let replacements: Vec<String> =
                c.replacements.iter().map(|r| format!("“{r}”")).collect();
            writeln!(
                out,
                "{dim}“{}” not found; searched for {}{reset}",
                c.word,
                replacements.join(", ")
            )?;
        }
        for hit in &self.results {
            writeln!(
                out,
                "{}. {bold}{}{reset} ({})",
                hit.rank,
                hit.title,
                hit.kind.as_str()
            )?;
            writeln!(out, "   {dim}{}{reset}", hit.url)?;
            let mut snippet = String::new();
            let mut at = 0;
            for [start, end] in &hit.highlights {
                snippet.push_str(&hit.snippet[at..*start]);
                snippet.push_str(mark);
                snippet.push_str(&hit.snippet[*start..*end]);
                snippet.push_str(reset);
                at = *end;
            }
            snippet.push_str(&hit.snippet[at..]);
            if !snippet.is_empty() {
                writeln!(out, "   {snippet}")?;
            }
        }
        if self.total > self.results.len() {
            writeln!(
                out,
                "{dim}{} of {} results; --limit shows more{reset}",
                self.results.len(),
                self.total
            )?;
        }
        Ok(())
    }
}

/// One part of the plan: a word's stems with their weights, or a phrase's stems.
#[derive(Clone, Debug)]
enum Clause {
    Word(Vec<(String, f32)>),
    Phrase(Vec<String>),
}

/// Runs `query` on the index of the site at `root`.
pub fn search(root: &Path, query: &str, options: &SearchOptions) -> Result<Results> {
    let dir = index_dir(root);
    let Some(opened) = engine::open(&dir.join(TANTIVY_DIR))? else {
        return Err(Error::NoIndex(dir));
    };
    let reader = opened
        .index
        .reader()
        .map_err(|e| Error::Index(e.to_string()))?;
    search_in(
        &opened,
        &reader.searcher(),
        &Vocabulary::new(dir.join(SEARCH_DIR)),
        query,
        options,
    )
}

/// Runs `query` on an index already opened (`glossa serve` opens it once); `vocabulary`
/// is the browser index's, which the typo corrections read.
pub fn search_in(
    opened: &Opened,
    searcher: &Searcher,
    vocabulary: &Vocabulary,
    query: &str,
    options: &SearchOptions,
) -> Result<Results> {
    ANALYZER.with_borrow_mut(|analyzer| {
        let parsed = parse(query, analyzer).map_err(|e| Error::Query(e.to_string()))?;
        let (clauses, corrections, key) = plan(&parsed, opened, searcher, vocabulary, analyzer)?;
        let (total, ranked) = run(&clauses, &key, opened, searcher, options)?;
        let stems = snippet_terms(&clauses);
        let hits = ranked
            .into_iter()
            .enumerate()
            .map(|(i, (address, score, exact))| {
                hit(
                    i + 1,
                    address,
                    score,
                    exact,
                    &stems,
                    opened,
                    searcher,
                    analyzer,
                )
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Results {
            query: query.to_string(),
            total,
            results: hits,
            corrections,
        })
    })
}

thread_local! {
    /// The analysis of this thread's searches, whose stems it remembers: snippets analyse
    /// whole bodies, and a site has far fewer distinct words than words (`glossa serve`
    /// searches on a pool of threads, so each keeps its memory between queries).
    static ANALYZER: std::cell::RefCell<Analyzer> = std::cell::RefCell::new(Analyzer::new());
}

/// The plan of a query: its clauses, the corrections made, and its name key (every word
/// in order, a corrected word as its first replacement).
fn plan(
    parsed: &Parsed,
    opened: &Opened,
    searcher: &Searcher,
    vocabulary: &Vocabulary,
    analyzer: &mut Analyzer,
) -> Result<(Vec<Clause>, Vec<Correction>, String)> {
    let settings = &opened.meta.settings;
    let in_index = |stem: &str| -> Result<bool> {
        for f in &settings.fields {
            let term = Term::from_field_text(opened.fields.text[*f as usize], stem);
            if searcher
                .doc_freq(&term)
                .map_err(|e| Error::Index(e.to_string()))?
                > 0
            {
                return Ok(true);
            }
        }
        Ok(false)
    };
    let mut clauses = Vec::new();
    let mut corrections = Vec::new();
    let mut seen = HashSet::new();
    // A corrected word's stem → its first replacement's stem, for the name key.
    let mut replaced: HashMap<String, String> = HashMap::new();
    let drop_stop_words =
        !parsed.phrases.is_empty() || parsed.words.iter().any(|w| !is_stop_word(w));
    for word in &parsed.words {
        if drop_stop_words && is_stop_word(word) {
            continue;
        }
        let stem = analyzer.stem(word).to_string();
        if !seen.insert(stem.clone()) {
            continue;
        }
        if in_index(&stem)? {
            clauses.push(Clause::Word(vec![(stem, 1.0)]));
            continue;
        }
        let prefix = fuzzy::prefix(word).to_string();
        if fuzzy::max_distance(word).is_none() {
            clauses.push(Clause::Word(Vec::new()));
            continue;
        }
        let group = vocabulary.group(&prefix)?;
        let mut stems: Vec<(String, f32)> = Vec::new();
        let mut replacements = Vec::new();
        for (candidate, d) in fuzzy::candidates(word, &group) {
            let s = analyzer.stem(candidate).to_string();
            if s == stem || stems.iter().any(|(t, _)| *t == s) {
                continue;
            }
            stems.push((s, fuzzy::weight(d)));
            replacements.push(candidate.to_string());
            if stems.len() == fuzzy::MAX_EXPANSIONS {
                break;
            }
        }
        if let Some((first, _)) = stems.first() {
            replaced.insert(stem.clone(), first.clone());
        }
        if !replacements.is_empty() {
            corrections.push(Correction {
                word: word.clone(),
                replacements,
            });
        }
        clauses.push(Clause::Word(stems));
    }
    for phrase in &parsed.phrases {
        let stems = phrase
            .iter()
            .map(|w| analyzer.stem(w).to_string())
            .collect();
        clauses.push(Clause::Phrase(stems));
    }
    let key: Vec<String> = parsed
        .all
        .iter()
        .map(|w| {
            let stem = analyzer.stem(w).to_string();
            replaced.get(&stem).cloned().unwrap_or(stem)
        })
        .collect();
    Ok((clauses, corrections, key.join(" ")))
}

/// The tantivy query of a word: each of its stems in every searched field, as BM25 term
/// queries boosted by the field's weight times the stem's.
fn word_query(stems: &[(String, f32)], opened: &Opened) -> Box<dyn Query> {
    let settings = &opened.meta.settings;
    let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (stem, weight) in stems {
        for f in &settings.fields {
            let term = Term::from_field_text(opened.fields.text[*f as usize], stem);
            let q = TermQuery::new(term, IndexRecordOption::WithFreqs);
            let boost = settings.boost(*f) * weight;
            parts.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), boost))));
        }
    }
    Box::new(BooleanQuery::new(parts))
}

/// How many documents match, and the first `options.limit` of them (of `options.kind`)
/// with their scores and whether `key` is one of their names: those first, then best
/// first, ties in site order.
fn run(
    clauses: &[Clause],
    key: &str,
    opened: &Opened,
    searcher: &Searcher,
    options: &SearchOptions,
) -> Result<(usize, Vec<Ranked>)> {
    let kind = options.kind.map(engine::kind_id);
    let each = |query: &dyn Query, f: &mut dyn FnMut(DocAddress, u64, Score)| {
        each_match(searcher, query, kind, f)
    };
    // By ord: (address, score, words matched, phrases matched). A document's ord is its
    // place in site order, below the number of documents.
    let documents: u32 = searcher.segment_readers().iter().map(|r| r.max_doc()).sum();
    let mut docs: Vec<Option<Matched>> = vec![None; documents as usize];
    let mut out_of_range = None;
    // Adds a word's scores (or a phrase's word's, when not `word`).
    let mut add = |docs: &mut Vec<Option<Matched>>, query: &dyn Query, word: bool| {
        each(query, &mut |address, ord, score| {
            let Some(slot) = docs.get_mut(ord as usize) else {
                out_of_range = Some(ord);
                return;
            };
            let entry = slot.get_or_insert((address, 0.0, 0, 0));
            entry.1 += score;
            if word {
                entry.2 += 1;
            }
        })
    };
    // Words first, then each phrase's words: the order the scores are summed in.
    for clause in clauses {
        if let Clause::Word(stems) = clause {
            if !stems.is_empty() {
                add(&mut docs, &*word_query(stems, opened), true)?;
            }
        }
    }
    let mut phrases = 0;
    for clause in clauses {
        if let Clause::Phrase(stems) = clause {
            phrases += 1;
            for stem in stems {
                add(
                    &mut docs,
                    &*word_query(&[(stem.clone(), 1.0)], opened),
                    false,
                )?;
            }
            let stems: Vec<&str> = stems.iter().map(String::as_str).collect();
            let filter =
                engine::phrase_query(&stems, &opened.meta.settings.fields, &opened.fields.text);
            each(&*filter, &mut |_, ord, _| {
                if let Some(Some(entry)) = docs.get_mut(ord as usize) {
                    entry.3 += 1;
                }
            })?;
        }
    }
    if let Some(ord) = out_of_range {
        return Err(Error::Index(format!("document number {ord} out of range")));
    }
    let mut named = Vec::new();
    if !key.is_empty() {
        let term = Term::from_field_text(opened.fields.names, key);
        let q = TermQuery::new(term, IndexRecordOption::Basic);
        each(&q, &mut |_, ord, _| named.push(ord))?;
        named.sort_unstable();
    }
    let mut ranked: Vec<(u64, DocAddress, Score, bool)> = docs
        .into_iter()
        .enumerate()
        .filter_map(|(ord, found)| {
            let (address, score, words, p) = found?;
            let ord = ord as u64;
            (p == phrases && (phrases > 0 || words > 0))
                .then(|| (ord, address, score, named.binary_search(&ord).is_ok()))
        })
        .collect();
    let total = ranked.len();
    // Ords are distinct, so this order is total: the first `limit` are the same however
    // the rest is ordered.
    let order = |a: &(u64, DocAddress, Score, bool), b: &(u64, DocAddress, Score, bool)| {
        b.3.cmp(&a.3).then(b.2.total_cmp(&a.2)).then(a.0.cmp(&b.0))
    };
    if options.limit < ranked.len() {
        ranked.select_nth_unstable_by(options.limit, order);
        ranked.truncate(options.limit);
    }
    ranked.sort_unstable_by(order);
    Ok((
        total,
        ranked.into_iter().map(|(_, a, s, e)| (a, s, e)).collect(),
    ))
}

/// A result: its address, score, and whether the query is one of its names.
type Ranked = (DocAddress, Score, bool);

/// A document matched: its address, score, words and phrases matched.
type Matched = (DocAddress, Score, u32, u32);

/// Calls `f` with every live document `query` matches (of the kind `kind`, when set): its
/// address, `ord` and BM25 score, as a tantivy collector would be given them.
fn each_match(
    searcher: &Searcher,
    query: &dyn Query,
    kind: Option<u64>,
    f: &mut dyn FnMut(DocAddress, u64, Score),
) -> Result<()> {
    let err = |e: tantivy::TantivyError| Error::Index(e.to_string());
    let weight = query
        .weight(EnableScoring::enabled_from_searcher(searcher))
        .map_err(err)?;
    for (segment, reader) in searcher.segment_readers().iter().enumerate() {
        let ords = reader.fast_fields().u64(ORD).map_err(err)?;
        let kinds = match kind {
            Some(want) => Some((reader.fast_fields().u64(KIND_ID).map_err(err)?, want)),
            None => None,
        };
        let alive = reader.alive_bitset();
        weight
            .for_each(reader, &mut |doc, score| {
                if alive.is_some_and(|a| !a.is_alive(doc)) {
                    return;
                }
                if let Some((kinds, want)) = &kinds {
                    if kinds.first(doc).unwrap_or(u64::MAX) != *want {
                        return;
                    }
                }
                let ord = ords.first(doc).unwrap_or(u64::MAX);
                f(DocAddress::new(segment as SegmentOrdinal, doc), ord, score);
            })
            .map_err(err)?;
    }
    Ok(())
}

/// The stems a snippet highlights, with their weights (a fragment's score is the sum of
/// its matches' weights).
fn snippet_terms(clauses: &[Clause]) -> BTreeMap<String, Score> {
    let mut stems = BTreeMap::new();
    for c in clauses {
        match c {
            Clause::Word(s) => stems.extend(s.iter().map(|(t, w)| (t.clone(), *w))),
            Clause::Phrase(s) => stems.extend(s.iter().map(|t| (t.clone(), 1.0))),
        }
    }
    stems
}

/// A result with its stored fields and snippet.
#[allow(clippy::too_many_arguments)]
fn hit(
    rank: usize,
    address: DocAddress,
    score: Score,
    exact: bool,
    stems: &BTreeMap<String, Score>,
    opened: &Opened,
    searcher: &Searcher,
    analyzer: &mut Analyzer,
) -> Result<Hit> {
    let f = &opened.fields;
    let doc: TantivyDocument = searcher
        .doc(address)
        .map_err(|e| Error::Index(e.to_string()))?;
    // As `engine::stored_text`, borrowed.
    let text = |field| {
        doc.get_first(field)
            .and_then(|v| tantivy::schema::Value::as_str(&v))
            .unwrap_or_default()
    };
    let kind = Kind::parse(text(f.kind)).unwrap_or(Kind::Term);
    let length = opened.meta.settings.snippet_length;
    let mut snippet = None;
    for field in [Field::Body, Field::Description] {
        let source = text(f.text[field as usize]);
        if let Some((range, highlighted)) = best_fragment(source, stems, length, analyzer) {
            snippet = Some(tidy(source, range, &highlighted));
            break;
        }
    }
    let (snippet, highlights) = snippet.unwrap_or_else(|| {
        let description = text(f.text[Field::Description as usize]);
        let body = text(f.text[Field::Body as usize]);
        (documents::excerpt(description, body, length), Vec::new())
    });
    Ok(Hit {
        rank,
        score,
        id: text(f.id).to_string(),
        kind,
        title: text(f.text[Field::Title as usize]).to_string(),
        url: text(f.url).to_string(),
        path: text(f.path).to_string(),
        exact,
        snippet,
        highlights,
    })
}

/// A fragment of a text: its score, byte range and matches (byte ranges in the text).
struct Fragment {
    score: Score,
    start: usize,
    stop: usize,
    highlighted: Vec<Range<usize>>,
}

/// The best fragment of `text` for `stems` (at most `max_bytes` long, cut at word
/// boundaries): its byte range and its matches' byte ranges within it; `None` when no word
/// of `text` has one of the stems. The fragments and the choice are those of tantivy's
/// `SnippetGenerator` (`snippet`, with [`super::analysis::text_analyzer`]), whose output
/// this reproduces exactly: the text is cut into fragments as its words come, each ending
/// where the next word would pass `max_bytes` from its start; the fragment with the
/// highest sum of weights wins, the first one on ties.
///
/// Words are found as tantivy's `SimpleTokenizer` finds them (runs of alphanumeric
/// characters), but only those that may have one of the stems are analysed: the English
/// stemmer only rewrites the end of a word (a word with a leading apostrophe aside, which
/// the tokenizer never gives), so a word beginning with an ASCII letter or digit has a stem
/// beginning with it lower-cased. Their stems come from `analyzer`, which remembers them.
fn best_fragment(
    text: &str,
    stems: &BTreeMap<String, Score>,
    max_bytes: usize,
    analyzer: &mut Analyzer,
) -> Option<(Range<usize>, Vec<Range<usize>>)> {
    let new = |start| Fragment {
        score: 0.0,
        start,
        stop: start,
        highlighted: Vec::new(),
    };
    // `Iterator::max_by` as tantivy uses it: a later fragment wins unless the best so far
    // compares greater (by score, then the earlier start).
    let better = |best: &Fragment, next: &Fragment| {
        let by_score = best
            .score
            .partial_cmp(&next.score)
            .unwrap_or(std::cmp::Ordering::Equal);
        by_score.then((next.start, next.stop).cmp(&(best.start, best.stop)))
            != std::cmp::Ordering::Greater
    };
    let mut best: Option<Fragment> = None;
    let keep = |fragment: Fragment, best: &mut Option<Fragment>| {
        if fragment.score > 0.0 && best.as_ref().is_none_or(|b| better(b, &fragment)) {
            *best = Some(fragment);
        }
    };
    // The ASCII bytes the stems begin with.
    let mut firsts = [false; 128];
    for stem in stems.keys() {
        if let Some(&b) = stem.as_bytes().first().filter(|b| b.is_ascii()) {
            firsts[b as usize] = true;
        }
    }
    let mut word = String::new();
    let mut fragment = new(0);
    each_word_range(text, |from, to| {
        if to - fragment.start > max_bytes {
            keep(std::mem::replace(&mut fragment, new(from)), &mut best);
        }
        fragment.stop = to;
        let raw = &text[from..to];
        let first = raw.as_bytes()[0];
        if first.is_ascii_alphanumeric() && !firsts[first.to_ascii_lowercase() as usize] {
            return;
        }
        // The word as the analysis gives it (lower-cased, folded), then its stem, which
        // tantivy looks up lower-cased (a no-op on lower-case ASCII).
        let mut weight = None;
        let mut weigh = |word: &str, memo: &mut Stems| {
            weight = memo.with_stem(word, |stem| {
                if stem
                    .bytes()
                    .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
                {
                    stems.get(stem).copied()
                } else {
                    stems.get(&stem.to_lowercase()).copied()
                }
            });
        };
        if raw.is_ascii() {
            word.clear();
            word.push_str(raw);
            word.make_ascii_lowercase();
            weigh(&word, &mut analyzer.stems);
        } else {
            analyzer.each_word(raw, |token, memo| weigh(&token.text, memo));
        }
        if let Some(weight) = weight {
            fragment.score += weight;
            fragment.highlighted.push(from..to);
        }
    });
    keep(fragment, &mut best);
    let best = best?;
    if best.highlighted.is_empty() {
        return None;
    }
    let highlighted = best
        .highlighted
        .iter()
        .map(|r| r.start - best.start..r.end - best.start)
        .collect();
    Some((best.start..best.stop, highlighted))
}

/// Calls `f` with the byte range of every word of `text` as tantivy's `SimpleTokenizer`
/// cuts them: the runs of alphanumeric characters.
fn each_word_range(text: &str, mut f: impl FnMut(usize, usize)) {
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(from)) => {
                f(from, i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        f(from, text.len());
    }
}

/// A snippet for reading on one line: whitespace runs collapsed to one space (after a
/// period when a line ended without one), `…` where the fragment cuts the text; the
/// highlighted byte ranges follow.
fn tidy(
    text: &str,
    range: std::ops::Range<usize>,
    highlighted: &[std::ops::Range<usize>],
) -> (String, Vec<[usize; 2]>) {
    let mut out = String::new();
    let mut map = Vec::with_capacity(range.len() + 1); // fragment offset → output offset
    if !text[..range.start].trim().is_empty() {
        out.push('…');
    }
    let fragment = &text[range.clone()];
    let (mut space, mut line) = (false, false);
    for (i, c) in fragment.char_indices() {
        map.resize(i + 1, out.len());
        if c.is_whitespace() {
            space = true;
            line |= c == '\n';
            continue;
        }
        if space && !out.is_empty() && !out.ends_with('…') {
            // A heading or a table row ends where a line does: end it like a sentence.
            if line && out.ends_with(char::is_alphanumeric) {
                out.push('.');
            }
            out.push(' ');
        }
        (space, line) = (false, false);
        map[i] = out.len();
        out.push(c);
    }
    map.resize(fragment.len() + 1, out.len());
    let highlights = highlighted
        .iter()
        .map(|r| [map[r.start], map[r.end]])
        .collect();
    if !text[range.end..].trim().is_empty() {
        out.push('…');
    }
    (out, highlights)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_read_on_one_line() {
        let text = "Intro.\n\nThe  haircut\tapplies\n\nMore.";
        let start = text.find("The").unwrap();
        let end = text.find("\n\nMore").unwrap();
        let at = text.find("haircut").unwrap();
        let word = std::ops::Range {
            start: at - start,
            end: at - start + 7,
        };
        let (s, h) = tidy(text, start..end, std::slice::from_ref(&word));
        assert_eq!(s, "…The haircut applies…");
        assert_eq!(&s[h[0][0]..h[0][1]], "haircut");
        let (s, _) = tidy("A heading\n\nText. Done\nhere", 0..26, &[]);
        assert_eq!(s, "A heading. Text. Done. here");
        let (s, _) = tidy("whole", 0..5, &[]);
        assert_eq!(s, "whole");
    }

    /// tantivy's snippet of `text` for `stems`: fragment range and matches, `None` when
    /// nothing matched.
    fn tantivy_snippet(
        text: &str,
        stems: &BTreeMap<String, Score>,
        max: usize,
    ) -> Option<(Range<usize>, Vec<Range<usize>>)> {
        let generator = tantivy::snippet::SnippetGenerator::new(
            stems.clone(),
            crate::index::analysis::text_analyzer(),
            tantivy::schema::Field::from_field_id(0),
            max,
        );
        let s = generator.snippet(text);
        (!s.highlighted().is_empty()).then(|| (s.fragment_range(), s.highlighted().to_vec()))
    }

    /// A small deterministic generator (xorshift).
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    #[test]
    fn fragments_are_tantivys() {
        let pieces = [
            "Liquidations",
            "liquidated",
            "cascade",
            "Margin",
            "MARGINS",
            "the",
            "a",
            "of",
            "Crème",
            "brûlée",
            "Ärger",
            "über",
            "ﬁnancial",
            "Σίσυφος",
            "İstanbul",
            "ʼapos",
            "2.5x",
            "3d",
            "yelling",
            "Yard",
            "skies",
            "dying",
            "ies",
            "aing",
            "oracle's",
            "repriced",
            "hedges",
            "hedging",
            "générale",
            "日本語",
            "x",
            "ΑΣ",
            "Éclair",
        ];
        let gaps = [" ", "  ", ", ", ".\n\n", "\t", "-", " — ", "“", "”, "];
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut analyzer = Analyzer::new();
        let mut found = 0;
        for round in 0..400 {
            let mut text = String::new();
            for _ in 0..rng.below(120) {
                text.push_str(pieces[rng.below(pieces.len())]);
                text.push_str(gaps[rng.below(gaps.len())]);
            }
            let mut stems = BTreeMap::new();
            for _ in 0..1 + rng.below(4) {
                let piece = pieces[rng.below(pieces.len())];
                for term in analyzer.terms(piece) {
                    stems.insert(term, [1.0, 0.5, 0.25][rng.below(3)]);
                }
            }
            let max = [1, 20, 60, 160][round % 4];
            let fragment = best_fragment(&text, &stems, max, &mut analyzer);
            assert_eq!(
                fragment,
                tantivy_snippet(&text, &stems, max),
                "{text:?} {stems:?} {max}"
            );
            found += usize::from(fragment.is_some());
        }
        assert!(found > 300, "{found} texts matched");
    }

    #[test]
    fn stems_begin_as_their_words() {
        let starts = [
            "a", "b", "y", "e", "i", "o", "u", "s", "t", "3", "sk", "dy", "ea",
        ];
        let middles = [
            "", "a", "e", "y", "ll", "nn", "at", "iz", "bl", "ss", "i", "tt",
        ];
        let ends = [
            "", "s", "es", "ies", "ied", "sses", "ed", "edly", "ing", "ingly", "eed", "eedly", "y",
            "ly", "ational", "tional", "enci", "izer", "ator", "alism", "iveness", "ful", "ness",
            "ement", "ment", "ent", "ion", "e", "l", "li", "ogi", "abl", "ibl", "ism",
        ];
        let mut stems = crate::index::analysis::Stems::default();
        for s in starts {
            for m in middles {
                for e in ends {
                    let word = format!("{s}{m}{e}");
                    let stem = stems.stem(&word).to_string();
                    assert_eq!(stem.as_bytes().first(), word.as_bytes().first(), "{word}");
                }
            }
        }
    }

    fn p(q: &str) -> Result<Parsed, QueryError> {
        parse(q, &mut Analyzer::new())
    }

    #[test]
    fn words_and_phrases() {
        let q = p("Margin \"funding  rate\" oracle's “mark price”").unwrap();
        assert_eq!(q.words, ["margin", "oracle", "s"]);
        assert_eq!(q.phrases, [vec!["funding", "rate"], vec!["mark", "price"]]);
    }

    #[test]
    fn invalid_queries_are_errors() {
        assert_eq!(p("\"funding rate"), Err(QueryError::UnclosedQuote));
        assert_eq!(p("  -- !! "), Err(QueryError::Empty));
        assert_eq!(p("\"\""), Err(QueryError::Empty));
    }
}
