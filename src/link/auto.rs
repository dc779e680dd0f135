//! Automatic links: in every body, the first mention of another entry's title or alias
//! links to that entry.
//!
//! One [`Matcher`] holds every title and alias of the site (lower-cased), built once per
//! build; it finds them word by word, so scanning costs one look-up per word of text
//! whatever the number of titles. It runs over the pulldown-cmark event stream, so it only
//! ever sees prose: never headings, code, existing links, image alt text or raw HTML.
//!
//! Matching rules:
//! - the names are titles and aliases with the plural and possessive forms of their last
//!   word, matched case-insensitively (Unicode lower-casing on both sides), except acronyms
//!   and names with capitals inside a word, which match only as written (see
//!   [`super::names`]);
//! - never inside template syntax another generator left in the text (`{{< … >}}`,
//!   `{% … %}`: see [`crate::leftover`]);
//! - on word boundaries: the characters on either side of a mention must not be letters,
//!   digits, `_` or `-`, and never inside a file name, host or path (`kubernetes.mp4`,
//!   `kubernetes.io`, `api/pods`). Hyphens count as part of a word, so `margin` never
//!   matches inside `cross-margin` or `margin-based` (a hyphenated title such as
//!   `Mark-to-Model` still matches as a whole);
//! - longest match wins: at each position the longest title or alias claims the text, even
//!   when it is not linked (it names the page itself, or was linked earlier), so
//!   `maintenance margin` is never linked as `margin`;
//! - at most one link per target, never to the page itself, at most
//!   `[links] max_per_page` per page, titles shorter than `[links] min_title_length` ignored;
//! - a lower-cased title or alias shared by two entries is ambiguous and never linked
//!   (`glossa check` reports it).

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::matcher::Matcher;
use super::names::{Around, Choice};
use super::refs::EntryPaths;
use crate::model::{BodyRefs, Entry, EntryId, Mention, Site};

/// The site-wide matcher of names and what each name links to.
#[derive(Clone, Debug, Default)]
pub struct AutoLinker {
    matcher: Option<Matcher>,
    /// What each name links to, by how the text writes it.
    choices: Vec<Choice>,
    max_per_page: usize,
    /// Which entries a body links to itself.
    paths: Option<EntryPaths>,
    /// Lower-cased titles or aliases naming several entries (never linked).
    pub ambiguous: Vec<(String, Vec<EntryId>)>,
    /// Names an area shares with one other entry, which gets the links.
    pub shadowed: Vec<(String, EntryId, Vec<EntryId>)>,
}

/// The auto-linking state of one page.
#[derive(Clone, Debug)]
pub struct PageLinks {
    pub page: EntryId,
    /// The links made so far, in order.
    pub mentions: Vec<Mention>,
    /// Pieces of prose seen so far.
    texts: u32,
    /// Whether the text so far ends a sentence (or nothing was written yet in its block).
    sentence: bool,
    /// Buffers reused from one piece of text to the next.
    scratch: Scratch,
}

/// Which events of a body are prose that may carry an automatic link: text outside
/// headings, links, images, code blocks and `<a …>` anchors written as raw HTML.
#[derive(Debug, Default)]
struct Prose {
    /// Depth of headings, links, images, code blocks.
    skip: usize,
    /// Depth of raw-HTML anchors.
    raw_anchor: usize,
}

impl Prose {
    /// Follows `event`; whether it is a piece of prose.
    fn admits(&mut self, event: &Event<'_>) -> bool {
        match event {
            Event::Start(
                Tag::Heading { .. } | Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_),
            ) => self.skip += 1,
            Event::End(TagEnd::Heading(_) | TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                self.skip = self.skip.saturating_sub(1)
            }
            Event::InlineHtml(html) | Event::Html(html) => {
                let (opens, closes) = raw_anchors(html);
                self.raw_anchor = (self.raw_anchor + opens).saturating_sub(closes);
            }
            Event::Text(_) => return self.skip == 0 && self.raw_anchor == 0,
            _ => {}
        }
        false
    }
}

#[derive(Clone, Debug, Default)]
struct Scratch {
    /// The text lower-cased.
    lower: String,
    /// Each byte of `lower` → the byte of the text it came from (empty for ASCII text).
    map: Vec<usize>,
    /// Matches on word boundaries: start, end, name (then the entry it links to).
    candidates: Vec<(usize, usize, u32)>,
}

impl PageLinks {
    pub fn new(page: EntryId) -> Self {
        PageLinks {
            page,
            mentions: Vec::new(),
            texts: 0,
            sentence: true,
            scratch: Scratch::default(),
        }
    }
}

impl AutoLinker {
    /// Builds the matcher from every entry's title and aliases (nothing when
    /// `[links] autolink` is off).
    pub fn new(site: &Site) -> Self {
        let config = &site.config.links;
        if !config.autolink {
            return AutoLinker::default();
        }
        let names = super::names::names(site);
        let matcher = (!names.patterns.is_empty()).then(|| Matcher::new(names.patterns));
        AutoLinker {
            matcher,
            choices: names.choices,
            max_per_page: config.max_per_page,
            paths: Some(EntryPaths::new(site)),
            ambiguous: names.ambiguous,
            shadowed: names.shadowed,
        }
    }

    /// Passes a body's events to `emit`, with links inserted into prose (see [`Prose`]),
    /// each to the destination `href` gives for its entry; records them in `page`.
    pub fn apply<'a>(
        &self,
        events: impl Iterator<Item = Event<'a>>,
        page: &mut PageLinks,
        href: impl Fn(EntryId) -> CowStr<'a>,
        mut emit: impl FnMut(Event<'a>),
    ) {
        let mut prose = Prose::default();
        for event in lines_joined(events) {
            let before = page.sentence;
            page.sentence = sentence_after(&event, before);
            if prose.admits(&event) {
                if let Event::Text(text) = &event {
                    let from = page.mentions.len();
                    self.find(text, before, page);
                    page.texts += 1;
                    if page.mentions.len() > from {
                        split(text, &page.mentions[from..], &href, &mut emit);
                        continue;
                    }
                }
            }
            emit(event);
        }
    }

    /// Drops the automatic links of `entry`'s body to entries its body links to itself
    /// (`refs`): the author chose where that link goes.
    pub fn drop_explicit(&self, entry: &Entry, refs: &BodyRefs, mentions: &mut Vec<Mention>) {
        let Some(paths) = &self.paths else {
            return;
        };
        if mentions.is_empty() || refs.links.is_empty() {
            return;
        }
        let linked: Vec<EntryId> = paths.body_links(entry, refs).collect();
        mentions.retain(|m| !linked.contains(&m.target));
    }

    /// Finds the mentions in `text` to link and records them in `page`; `sentence` says
    /// whether the text before it ended a sentence.
    fn find(&self, text: &str, sentence: bool, page: &mut PageLinks) {
        let Some(matcher) = &self.matcher else {
            return;
        };
        if page.mentions.len() >= self.max_per_page {
            return;
        }
        let Scratch {
            lower,
            map,
            candidates,
        } = &mut page.scratch;
        lower_with_map(text, lower, map);
        // Candidates on word boundaries, then leftmost-longest without overlaps.
        candidates.clear();
        matcher.find(lower, candidates);
        let choices = &self.choices;
        let target = |start: usize, end: usize, name: u32| {
            let (start, end) = (map_back(map, start), map_back(map, end));
            let written = text.get(start..end)?;
            let around = Around {
                sentence_start: opens_sentence(&text[..start], sentence),
                capital_next: text[end..]
                    .trim_start()
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase),
                capital_before: capital_before(&text[..start], sentence),
            };
            choices[name as usize].target(written, around)
        };
        // Each candidate's name becomes the entry it links to (or it goes).
        candidates.retain_mut(|(start, end, name)| {
            let found = (whole_chars(map, *start, *end)
                && !in_token(text, map_back(map, *start), map_back(map, *end)))
            .then(|| target(*start, *end, *name))
            .flatten();
            if let Some(id) = found {
                *name = id as u32;
            }
            found.is_some()
        });
        if text.contains("{{") || text.contains("{%") {
            let templates = crate::leftover::spans(text);
            candidates.retain(|&(start, end, _)| {
                let (start, end) = (map_back(map, start), map_back(map, end));
                !templates.iter().any(|t| start < t.end && t.start < end)
            });
        }
        if candidates.is_empty() {
            return;
        }
        candidates.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut claimed_to = 0;
        for &(start, end, target) in candidates.iter() {
            if start < claimed_to {
                continue;
            }
            claimed_to = end;
            let target = target as EntryId;
            if target == page.page
                || page.mentions.iter().any(|m| m.target == target)
                || page.mentions.len() >= self.max_per_page
            {
                continue;
            }
            page.mentions.push(Mention {
                piece: page.texts,
                start: map_back(map, start) as u32,
                end: map_back(map, end) as u32,
                target,
            });
        }
    }
}

/// What [`AutoLinker::apply`] gives for a body's `events`, from the `mentions` it
/// recorded on the same events: the links are put back in place without searching, each
/// to the destination `href` gives for its entry.
pub fn replay<'a>(
    events: impl Iterator<Item = Event<'a>>,
    mentions: &[Mention],
    href: impl Fn(EntryId) -> CowStr<'a>,
    mut emit: impl FnMut(Event<'a>),
) {
    let mut prose = Prose::default();
    let mut texts = 0u32;
    let mut rest = mentions;
    for event in lines_joined(events) {
        if prose.admits(&event) {
            let n = rest.iter().take_while(|m| m.piece == texts).count();
            texts += 1;
            if let (Event::Text(text), true) = (&event, n > 0) {
                let (these, others) = rest.split_at(n);
                rest = others;
                if these.iter().all(|m| fits(text, m)) {
                    split(text, these, &href, &mut emit);
                    continue;
                }
            }
        }
        emit(event);
    }
}

/// `events` with each run of text and soft line breaks as one piece of text (a break as
/// `\n`, which renders as the break did), so a name wrapped over two lines of the source
/// (`margin⏎calls`) is found. Pieces without a break stay borrowed.
fn lines_joined<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    let mut events = events.peekable();
    std::iter::from_fn(move || {
        let mut text = match events.next()? {
            Event::Text(text) => text,
            Event::SoftBreak => CowStr::Borrowed("\n"),
            other => return Some(other),
        };
        while let Some(Event::Text(_) | Event::SoftBreak) = events.peek() {
            let mut joined = text.into_string();
            match events.next() {
                Some(Event::Text(more)) => joined.push_str(&more),
                _ => joined.push('\n'),
            }
            text = CowStr::from(joined);
        }
        Some(Event::Text(text))
    })
}

/// Emits `text` with links around the `found` mentions; pieces of borrowed text stay
/// borrowed.
fn split<'a>(
    text: &CowStr<'a>,
    found: &[Mention],
    href: &impl Fn(EntryId) -> CowStr<'a>,
    emit: &mut impl FnMut(Event<'a>),
) {
    let piece = |range: Range<usize>| match text {
        CowStr::Borrowed(s) => CowStr::Borrowed(&s[range]),
        other => CowStr::from(other[range].to_string()),
    };
    let mut at = 0;
    for m in found {
        let range = m.start as usize..m.end as usize;
        if range.start > at {
            emit(Event::Text(piece(at..range.start)));
        }
        emit(Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url: href(m.target),
            title: CowStr::Borrowed(""),
            id: CowStr::Borrowed(""),
        }));
        at = range.end;
        emit(Event::Text(piece(range)));
        emit(Event::End(TagEnd::Link));
    }
    if at < text.len() {
        emit(Event::Text(piece(at..text.len())));
    }
}

/// Whether a recorded mention still lies on character boundaries of `text` (it always
/// does for the text it was found in).
fn fits(text: &str, m: &Mention) -> bool {
    let (start, end) = (m.start as usize, m.end as usize);
    start < end && text.is_char_boundary(start) && text.is_char_boundary(end)
}

/// Whether the text at `start..end` is part of a file name, host, path or address rather
/// than a word of prose: `kubernetes.mp4`, `kubernetes.io`, `docs/pods`, `pods/log`,
/// `admin@pod`.
fn in_token(text: &str, start: usize, end: usize) -> bool {
    let mut after = text[end..].chars();
    let mut before = text[..start].chars().rev();
    let (a1, a2) = (after.next(), after.next());
    let (b1, b2) = (before.next(), before.next());
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    (matches!(a1, Some('.' | '/' | '@' | '\\')) && word(a2))
        || matches!(b1, Some('/' | '@' | '\\'))
        || (b1 == Some('.') && word(b2))
}

/// Whether a sentence is open after `event`, given whether one was before: a block starts
/// one; text ends one when its last word does (`.`, `!`, `?`, `:`); code does not.
fn sentence_after(event: &Event<'_>, before: bool) -> bool {
    match event {
        Event::Start(
            Tag::Paragraph
            | Tag::Item
            | Tag::TableCell
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition,
        ) => true,
        Event::Text(text) => opens_sentence(text, before),
        Event::Code(_) | Event::InlineMath(_) | Event::FootnoteReference(_) => false,
        _ => before,
    }
}

/// Whether the text after `before` opens a sentence: `before` ends with a sentence's end
/// (opening quotes and brackets aside), or is blank and `sentence` (the state before it).
fn opens_sentence(before: &str, sentence: bool) -> bool {
    let trimmed = before.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '(' | '[' | '“' | '‘' | '«' | '*' | '_')
    });
    match trimmed.chars().next_back() {
        None => sentence,
        Some(c) => matches!(c, '.' | '!' | '?' | ':' | '…' | '。'),
    }
}

/// Small words that join the parts of a longer name (`Infrastructure as a Service`).
const JOINERS: &[&str] = &[
    "a", "an", "and", "as", "de", "for", "in", "of", "on", "the", "to",
];

/// Whether the word before a mention (over [`JOINERS`]) is capitalised and does not open
/// a sentence: `before` is the text of the piece before the mention.
fn capital_before(before: &str, sentence: bool) -> bool {
    let mut rest = before;
    loop {
        let trimmed = rest.trim_end_matches(char::is_whitespace);
        if trimmed.len() == rest.len() && !rest.is_empty() {
            return false; // no space: the mention is glued to something
        }
        let start = trimmed
            .rfind(|c: char| !c.is_alphanumeric())
            .map_or(0, |i| {
                i + trimmed[i..].chars().next().map_or(1, char::len_utf8)
            });
        let word = &trimmed[start..];
        if word.is_empty() {
            return false;
        }
        if JOINERS.contains(&word) {
            rest = &trimmed[..start];
            continue;
        }
        let capital = word.chars().next().is_some_and(char::is_uppercase);
        return capital && !opens_sentence(&trimmed[..start], sentence);
    }
}

/// `<a …>` tags opened and closed in a piece of raw HTML (self-closing ones count as neither).
fn raw_anchors(html: &str) -> (usize, usize) {
    let lower = html.to_ascii_lowercase();
    let mut opens = 0;
    for (i, _) in lower.match_indices("<a") {
        let rest = &lower[i + 2..];
        let tag_end = rest.find('>').unwrap_or(rest.len());
        let boundary = rest
            .chars()
            .next()
            .is_some_and(|c| c == '>' || c.is_ascii_whitespace());
        if boundary && !rest[..tag_end].ends_with('/') {
            opens += 1;
        }
    }
    (opens, lower.matches("</a").count())
}

/// Lower-cases `text` into `lower` (any white space as a space), with `map` from each byte of the result to the byte of
/// `text` it came from (left empty when the two line up byte for byte, as for ASCII).
fn lower_with_map(text: &str, lower: &mut String, map: &mut Vec<usize>) {
    lower.clear();
    map.clear();
    if text.is_ascii() {
        lower.push_str(text);
        lower.make_ascii_lowercase();
        // Byte for byte: line breaks and tabs as spaces (only text joined over lines has them).
        if lower.contains(['\n', '\r', '\t']) {
            let spaced = lower.replace(['\n', '\r', '\t'], " ");
            lower.clear();
            lower.push_str(&spaced);
        }
        return;
    }
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            // Any space between two words of a name is a space (line breaks, NBSP).
            map.push(i);
            lower.push(' ');
            continue;
        }
        for l in c.to_lowercase() {
            for _ in 0..l.len_utf8() {
                map.push(i);
            }
            lower.push(l);
        }
    }
    map.push(text.len());
}

/// Whether a match in the lower-cased text covers whole characters of the original (a
/// character can lower-case to several, as `İ` does).
fn whole_chars(map: &[usize], start: usize, end: usize) -> bool {
    map.is_empty() || ((start == 0 || map[start - 1] != map[start]) && map[end - 1] != map[end])
}

fn map_back(map: &[usize], i: usize) -> usize {
    if map.is_empty() {
        i
    } else {
        map[i]
    }
}

#[cfg(test)]
pub(crate) mod tests;
