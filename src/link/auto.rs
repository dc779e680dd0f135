//! Automatic links: in every body, the first mention of another entry's title or alias
//! links to that entry.
//!
//! One [`Matcher`] holds every title and alias of the site (lower-cased), built once per
//! build; it finds them word by word, so scanning costs one look-up per word of text
//! whatever the number of titles. It runs over the pulldown-cmark event stream, so it only
//! ever sees prose: never headings, code, existing links, image alt text or raw HTML.
//!
//! Matching rules:
//! - case-insensitive (Unicode lower-casing on both sides);
//! - on word boundaries: the characters on either side of a mention must not be letters,
//!   digits, `_` or `-`. Hyphens count as part of a word, so `margin` never matches inside
//!   `cross-margin` or `margin-based` (a hyphenated title such as `Mark-to-Model` still
//!   matches as a whole);
//! - longest match wins: at each position the longest title or alias claims the text, even
//!   when it is not linked (it names the page itself, or was linked earlier), so
//!   `maintenance margin` is never linked as `margin`;
//! - at most one link per target, never to the page itself, at most
//!   `[links] max_per_page` per page, titles shorter than `[links] min_title_length` ignored;
//! - a lower-cased title or alias shared by two entries is ambiguous and never linked
//!   (`glossa check` reports it).

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::matcher::Matcher;
use crate::model::{EntryId, Mention, Site};
use crate::text::lowercase;

/// The site-wide matcher of names and what each name links to.
#[derive(Clone, Debug, Default)]
pub struct AutoLinker {
    matcher: Option<Matcher>,
    /// The entry each name links to.
    targets: Vec<EntryId>,
    max_per_page: usize,
    /// Lower-cased titles or aliases naming several entries (never linked).
    pub ambiguous: Vec<(String, Vec<EntryId>)>,
}

/// The auto-linking state of one page.
#[derive(Clone, Debug)]
pub struct PageLinks {
    pub page: EntryId,
    /// The links made so far, in order.
    pub mentions: Vec<Mention>,
    /// Pieces of prose seen so far.
    texts: u32,
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
    /// Matches on word boundaries: start, end, name.
    candidates: Vec<(usize, usize, u32)>,
}

impl PageLinks {
    pub fn new(page: EntryId) -> Self {
        PageLinks {
            page,
            mentions: Vec::new(),
            texts: 0,
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
        let mut by_pattern: BTreeMap<String, Vec<EntryId>> = BTreeMap::new();
        for (id, e) in site.entries.iter().enumerate() {
            for name in std::iter::once(&e.title).chain(&e.aliases) {
                let pattern = lowercase(name.trim());
                if pattern.chars().count() < config.min_title_length.max(1) {
                    continue;
                }
                let ids = by_pattern.entry(pattern).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        let mut patterns = Vec::with_capacity(by_pattern.len());
        let mut targets = Vec::with_capacity(by_pattern.len());
        let mut ambiguous = Vec::new();
        for (pattern, ids) in by_pattern {
            if ids.len() == 1 {
                patterns.push(pattern);
                targets.push(ids[0]);
            } else {
                ambiguous.push((pattern, ids));
            }
        }
        let matcher = (!patterns.is_empty()).then(|| Matcher::new(patterns));
        AutoLinker {
            matcher,
            targets,
            max_per_page: config.max_per_page,
            ambiguous,
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
        for event in events {
            if prose.admits(&event) {
                if let Event::Text(text) = &event {
                    let from = page.mentions.len();
                    self.find(text, page);
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

    /// Finds the mentions in `text` to link and records them in `page`.
    fn find(&self, text: &str, page: &mut PageLinks) {
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
        candidates.retain(|&(start, end, _)| whole_chars(map, start, end));
        if candidates.is_empty() {
            return;
        }
        candidates.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut claimed_to = 0;
        for &(start, end, name) in candidates.iter() {
            if start < claimed_to {
                continue;
            }
            claimed_to = end;
            let target = self.targets[name as usize];
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
    for event in events {
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

/// Lower-cases `text` into `lower`, with `map` from each byte of the result to the byte of
/// `text` it came from (left empty when the two line up byte for byte, as for ASCII).
fn lower_with_map(text: &str, lower: &mut String, map: &mut Vec<usize>) {
    lower.clear();
    map.clear();
    if text.is_ascii() {
        lower.push_str(text);
        lower.make_ascii_lowercase();
        return;
    }
    for (i, c) in text.char_indices() {
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
pub(crate) mod tests {
    use super::*;
    use crate::config::Config;
    use crate::model::{Entry, Kind, SourceFile};
    use std::sync::Arc;

    pub(crate) fn entry(kind: Kind, slug: &str, title: &str, aliases: &[&str]) -> Entry {
        Entry {
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            ..Entry::new(kind, slug, title)
        }
    }

    fn site(entries: Vec<Entry>, config: Config) -> Site {
        Site {
            root: Default::default(),
            config,
            entries,
            sources: vec![SourceFile {
                path: "x.md".into(),
                text: Arc::from(""),
            }],
            home_intro: None,
            kind_intros: Default::default(),
        }
    }

    fn glossary() -> Site {
        site(
            vec![
                entry(Kind::Term, "margin", "Margin", &[]),
                entry(
                    Kind::Term,
                    "maintenance-margin",
                    "Maintenance Margin",
                    &["MMR"],
                ),
                entry(
                    Kind::Definition,
                    "maintenance-margin-threshold",
                    "Maintenance Margin Threshold",
                    &[],
                ),
                entry(Kind::Term, "liquidation", "Liquidation", &[]),
                entry(Kind::Term, "ecart", "Écart", &[]),
            ],
            Config::default(),
        )
    }

    /// Each entry's page path, as rendering links it.
    pub(crate) fn href<'a>(site: &Site) -> impl Fn(EntryId) -> CowStr<'a> + '_ {
        |id| {
            let e = &site.entries[id];
            CowStr::from(format!("/{}/{}/", e.kind.as_str(), e.slug))
        }
    }

    fn html(site: &Site, page: EntryId, md: &str) -> String {
        let linker = AutoLinker::new(site);
        let mut state = PageLinks::new(page);
        let mut events = Vec::new();
        linker.apply(
            pulldown_cmark::Parser::new(md),
            &mut state,
            href(site),
            |e| events.push(e),
        );
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, events.into_iter());
        out
    }

    /// The page rendered from the mentions `apply` recorded, as rendering does it.
    fn replayed(site: &Site, page: EntryId, md: &str) -> String {
        let linker = AutoLinker::new(site);
        let mut state = PageLinks::new(page);
        linker.apply(
            pulldown_cmark::Parser::new(md),
            &mut state,
            href(site),
            |_| {},
        );
        let mut events = Vec::new();
        replay(
            pulldown_cmark::Parser::new(md),
            &state.mentions,
            href(site),
            |e| events.push(e),
        );
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, events.into_iter());
        out
    }

    #[test]
    fn replaying_the_mentions_gives_what_applying_gives() {
        let s = glossary();
        for md in [
            "The maintenance margin threshold, then maintenance margin, margin, and margin again.",
            "# Liquidation\n\n`liquidation` and [margin](/x/) <a href=\"/y\">margin</a> then liquidation.",
            "Un écart, l'ÉCART, *margin* and **liquidation**\n\n| a | b |\n|---|---|\n| MMR | écart |",
            "```\nmargin\n```\n\n> margin &amp; liquidation\n\n- maintenance\n  margin",
        ] {
            for page in 0..s.entries.len() {
                assert_eq!(replayed(&s, page, md), html(&s, page, md), "{md}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn replay_equals_apply(parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "margin", "Maintenance Margin", "maintenance margin threshold", "MMR", "écart",
                "ÉCART", "liquidation", "İ", " ", "\n", "\n\n", "# ", "`", "*", "[", "](/u)",
                "<a href=\"/y\">", "</a>", "```\n", "&amp;", "-", "| ", "\\", "x",
            ]),
            0..40,
        ), page in 0usize..5) {
            let md: String = parts.concat();
            let s = glossary();
            proptest::prop_assert_eq!(replayed(&s, page, &md), html(&s, page, &md));
        }
    }

    #[test]
    fn longest_match_wins_and_each_target_once() {
        let s = glossary();
        let out = html(
            &s,
            3,
            "The maintenance margin threshold, then maintenance margin, margin, and margin again.",
        );
        assert!(
            out.contains(
                "<a href=\"/definition/maintenance-margin-threshold/\">maintenance margin threshold</a>"
            ),
            "{out}"
        );
        assert!(
            out.contains("<a href=\"/term/maintenance-margin/\">maintenance margin</a>"),
            "{out}"
        );
        assert_eq!(out.matches("href=\"/term/margin/\"").count(), 1, "{out}");
    }

    #[test]
    fn word_boundaries_and_case() {
        let s = glossary();
        let out = html(
            &s,
            3,
            "Margining and cross-margin are not MARGIN's cousins.",
        );
        assert_eq!(out.matches("<a ").count(), 1, "{out}");
        assert!(out.contains(">MARGIN</a>'s"), "{out}");
        let out = html(&s, 0, "Un écart, l'ÉCART.");
        assert!(out.contains("<a href=\"/term/ecart/\">écart</a>"), "{out}");
    }

    #[test]
    fn never_in_headings_code_links_images_or_raw_html() {
        let s = glossary();
        let md = "# Liquidation\n\n`liquidation` and [liquidation](/x/) ![liquidation](/i.png) <a href=\"/y\">liquidation</a>\n\n```\nliquidation\n```\n";
        assert!(
            !html(&s, 0, md).contains("/term/liquidation/"),
            "{}",
            html(&s, 0, md)
        );
        assert!(html(&s, 0, &format!("{md}\nThen liquidation."))
            .contains("<a href=\"/term/liquidation/\">liquidation</a>"));
    }

    #[test]
    fn never_to_itself_and_claims_its_own_name() {
        let s = glossary();
        // On the maintenance margin page, its own name is not linked, nor `margin` within it.
        let out = html(&s, 1, "Maintenance margin is a margin.");
        assert!(!out.contains("/term/maintenance-margin/"), "{out}");
        assert_eq!(out.matches("<a ").count(), 1, "{out}");
        assert!(
            out.contains("a <a href=\"/term/margin/\">margin</a>"),
            "{out}"
        );
    }

    #[test]
    fn limits_and_switches() {
        let mut config = Config::default();
        config.links.max_per_page = 1;
        config.links.min_title_length = 4;
        let s = site(glossary().entries, config);
        let out = html(&s, 3, "MMR then margin then maintenance margin.");
        assert_eq!(out.matches("<a ").count(), 1, "{out}");
        assert!(!out.contains(">MMR<"), "short alias ignored: {out}");
        let mut config = Config::default();
        config.links.autolink = false;
        let s = site(glossary().entries, config);
        assert!(!html(&s, 3, "margin").contains("<a "));
    }

    #[test]
    fn raw_html_anchors_and_expanding_lowercase() {
        let s = glossary();
        let out = html(&s, 0, "<a id=\"x\"/> then liquidation");
        assert!(
            out.contains("/term/liquidation/"),
            "a self-closing anchor closes nothing: {out}"
        );
        let out = html(&s, 0, "<a href=\"/y\">here</a> then liquidation");
        assert!(out.contains("/term/liquidation/"), "{out}");
        let s = site(
            vec![entry(Kind::Term, "abi", "Abi", &[])],
            Config::default(),
        );
        assert!(
            !html(&s, 1, "The ABİ rule").contains("<a "),
            "a match may not end inside İ"
        );
    }

    #[test]
    fn shared_names_are_ambiguous() {
        let s = site(
            vec![
                entry(Kind::Term, "a", "Basis", &[]),
                entry(Kind::Definition, "b", "Spread", &["basis"]),
            ],
            Config::default(),
        );
        let linker = AutoLinker::new(&s);
        assert_eq!(linker.ambiguous, vec![("basis".to_string(), vec![0, 1])]);
        assert!(!html(&s, 1, "the basis").contains("<a "));
    }
}
