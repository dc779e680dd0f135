//! Markdown to HTML with pulldown-cmark, and what the templates need from a body besides
//! its HTML: heading anchors and an area's questions (its FAQ).
//!
//! Rendering works on the event stream: headings get stable ids, site-absolute links get
//! the base path, raw HTML is shown as text unless `[markdown] unsafe_html` is set (the
//! summary divider `<!--more-->` is never shown), and links with script URLs are
//! neutralised.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
    TextMergeStream,
};

mod inline;

pub use inline::{inline_html, inline_text, repeats_opening};

/// How to render.
#[derive(Clone, Debug)]
pub struct RenderOptions<'a> {
    /// Prefix for links and images written site-absolute (`/term/x/`), e.g. `/docs/`.
    pub base_path: &'a str,
    /// Pass raw HTML through.
    pub unsafe_html: bool,
}

/// A heading of the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub id: String,
}

/// A question-shaped H2 and the plain text of its answer (up to the next H2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    pub question: String,
    pub id: String,
    pub answer: String,
}

/// A rendered body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub questions: Vec<Question>,
}

/// Ids the default theme uses (and a few a custom theme is likely to); headings never take
/// them. Footnotes get `fn-` ids, so they never clash with either.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "top",
    "content",
    "search",
    "search-input",
    "search-results",
    "site-search",
    "site-search-q",
    "home-search-q",
    "notfound-search-q",
    "related",
    "appears-in",
    "see-also",
    "entries",
    "faq",
    "questions",
    "footnotes",
    "breadcrumbs",
    "pagination",
    "meanings-heading",
    "toc",
    "toc-title",
    "referenced-by",
    "related-entries",
    "home-areas",
    "home-newest",
    "home-about",
];

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TASKLISTS
}

/// The events of `markdown`, adjacent text merged: what every stage reads a body as.
pub fn events(markdown: &str) -> TextMergeStream<'_, Parser<'_>> {
    TextMergeStream::new(Parser::new_ext(markdown, options()))
}

/// [`events`], showing `note` each event first with its byte range in `markdown` (before
/// text is merged): the link stage notes where links are written as it reads a body.
pub fn events_noting<'a>(
    markdown: &'a str,
    mut note: impl FnMut(&Event<'a>, Range<usize>),
) -> TextMergeStream<'a, impl Iterator<Item = Event<'a>>> {
    let events =
        Parser::new_ext(markdown, options())
            .into_offset_iter()
            .map(move |(event, range)| {
                note(&event, range);
                event
            });
    TextMergeStream::new(events)
}

/// The ids a body's headings get, in order: the explicit `{#id}` or the [`anchor`] of the
/// heading's text, never an id of [`RESERVED_IDS`], made unique with `-1`, `-2`, …
/// Rendering and the link stage (which notes every body's anchors) both use it.
#[derive(Debug, Default)]
pub struct HeadingIds {
    used: HashSet<String>,
}

impl HeadingIds {
    /// The id of the next heading, written with `explicit` id or with `text`.
    pub fn next(&mut self, explicit: Option<&str>, text: &str) -> String {
        let base = explicit.map_or_else(|| anchor(text), str::to_string);
        let free =
            |id: &str, used: &HashSet<String>| !RESERVED_IDS.contains(&id) && !used.contains(id);
        let id = if free(&base, &self.used) {
            base
        } else {
            (1..)
                .map(|n| format!("{base}-{n}"))
                .find(|candidate| free(candidate, &self.used))
                .unwrap_or(base)
        };
        self.used.insert(id.clone());
        id
    }
}

/// Renders `markdown` to HTML.
pub fn render(markdown: &str, opts: &RenderOptions<'_>) -> Rendered {
    render_events(events(markdown).collect(), opts)
}

/// Renders a body's events (with links added, say) to HTML.
pub fn render_events(events: Vec<Event<'_>>, opts: &RenderOptions<'_>) -> Rendered {
    let markdown_len = events.len() * 16;
    let mut out = Rendered::default();
    let mut ids = HeadingIds::default();
    let mut processed: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut i = 0;
    // The question whose answer is being collected, if any.
    let mut open_question: Option<Question> = None;
    let mut tables = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let end = events[i..]
                    .iter()
                    .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                    .map_or(events.len(), |p| i + p);
                let text = plain_text(&events[i + 1..end]);
                let id = ids.next(id.as_deref(), &text);
                let level_n = heading_number(*level);
                if level_n <= 2 {
                    if let Some(q) = open_question.take() {
                        out.questions.push(finish(q));
                    }
                    if level_n == 2 && text.trim_end().ends_with('?') {
                        open_question = Some(Question {
                            question: text.trim().to_string(),
                            id: id.clone(),
                            answer: String::new(),
                        });
                    }
                }
                out.headings.push(Heading {
                    level: level_n,
                    text,
                    id: id.clone(),
                });
                // Attributes (`{onclick=…}`) are raw HTML in disguise: kept only when raw
                // HTML is allowed.
                let (classes, attrs) = if opts.unsafe_html {
                    (classes.clone(), attrs.clone())
                } else {
                    (Vec::new(), Vec::new())
                };
                processed.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(id)),
                    classes,
                    attrs,
                }));
                for e in &events[i + 1..end] {
                    processed.push(rewrite(e.clone(), opts));
                }
                processed.push(self_link(&out.headings[out.headings.len() - 1]));
                if end < events.len() {
                    processed.push(events[end].clone());
                }
                i = end + 1;
                continue;
            }
            Event::Start(Tag::Table(_)) => {
                tables += 1;
                processed.push(table_open(tables, &events[i..]));
                processed.push(events[i].clone());
            }
            Event::End(TagEnd::Table) => {
                processed.push(events[i].clone());
                processed.push(Event::Html(CowStr::Borrowed("</div>\n")));
            }
            e => {
                if let Some(q) = open_question.as_mut() {
                    push_text(e, &mut q.answer, '\n');
                }
                processed.push(rewrite(e.clone(), opts));
            }
        }
        i += 1;
    }
    if let Some(q) = open_question.take() {
        out.questions.push(finish(q));
    }
    let mut html = String::with_capacity(markdown_len);
    pulldown_cmark::html::push_html(&mut html, processed.into_iter());
    out.html = html;
    out
}

/// A heading's link to itself, put at the end of the heading: `#`, shown on hover and
/// focus (the theme's CSS), named for screen readers by the heading's text.
fn self_link(h: &Heading) -> Event<'static> {
    let id = crate::theme::escape_html(&h.id);
    let text = crate::theme::escape_html(h.text.trim());
    Event::Html(CowStr::from(format!(
        " <a class=\"heading-anchor\" href=\"#{id}\" aria-label=\"Link to the section {text}\">#</a>"
    )))
}

/// What opens the `n`-th table of a body (`events` starting at it): a region that scrolls
/// sideways when the table is wider than the page, focusable so a keyboard can scroll it,
/// named by its number and its first column headings.
fn table_open(n: usize, events: &[Event<'_>]) -> Event<'static> {
    let mut heads = Vec::new();
    let mut cell = None::<String>;
    for e in events {
        match e {
            Event::End(TagEnd::TableHead) => break,
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => heads.extend(cell.take()),
            e => {
                if let Some(c) = cell.as_mut() {
                    push_text(e, c, ' ');
                }
            }
        }
    }
    let heads: Vec<&str> = heads
        .iter()
        .map(|h| h.trim())
        .filter(|h| !h.is_empty())
        .collect();
    let mut label = format!("Table {n}");
    if !heads.is_empty() {
        label.push_str(": ");
        label.push_str(&heads[..heads.len().min(3)].join(", "));
    }
    Event::Html(CowStr::from(format!(
        "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n",
        crate::theme::escape_html(&label)
    )))
}

fn finish(mut q: Question) -> Question {
    q.answer = q
        .answer
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    q
}

fn heading_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// Whether raw HTML is the summary divider `<!--more-->` (Hugo's; spaces and case aside).
pub fn is_more(html: &str) -> bool {
    html.trim()
        .strip_prefix("<!--")
        .and_then(|rest| rest.strip_suffix("-->"))
        .is_some_and(|inner| inner.trim().eq_ignore_ascii_case("more"))
}

/// Where the summary divider `<!--more-->` starts in `markdown` (outside code), if it
/// has one: the text before it is the entry's summary.
pub fn summary_end(markdown: &str) -> Option<usize> {
    if !markdown.contains("<!--") {
        return None;
    }
    Parser::new_ext(markdown, options())
        .into_offset_iter()
        .find_map(|(event, range)| match event {
            Event::Html(h) | Event::InlineHtml(h) if is_more(&h) => Some(range.start),
            _ => None,
        })
}

/// Adjusts one event: raw HTML (the summary divider is dropped), link and image
/// destinations.
fn rewrite<'a>(event: Event<'a>, opts: &RenderOptions<'_>) -> Event<'a> {
    match event {
        Event::Html(html) | Event::InlineHtml(html) if is_more(&html) => {
            Event::Text(CowStr::Borrowed(""))
        }
        Event::Html(html) | Event::InlineHtml(html) if !opts.unsafe_html => Event::Text(html),
        Event::Start(Tag::CodeBlock(kind)) => Event::Html(code_block_open(&kind)),
        Event::End(TagEnd::CodeBlock) => Event::Html(CowStr::Borrowed("</code></pre>\n")),
        Event::FootnoteReference(label) => Event::FootnoteReference(footnote_id(&label)),
        Event::Start(Tag::FootnoteDefinition(label)) => {
            Event::Start(Tag::FootnoteDefinition(footnote_id(&label)))
        }
        e => map_destination(e, |link_type, dest| (link_type, fix_url(dest, opts))),
    }
}

/// `event` with the destination (and link type) of a link's or an image's start given by
/// `f(link_type, destination)`; any other event as it is.
pub(crate) fn map_destination<'a>(
    event: Event<'a>,
    f: impl FnOnce(LinkType, CowStr<'a>) -> (LinkType, CowStr<'a>),
) -> Event<'a> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let (link_type, dest_url) = f(link_type, dest_url);
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let (link_type, dest_url) = f(link_type, dest_url);
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        e => e,
    }
}

/// A code block's opening: focusable, so that a keyboard can scroll a long line into view.
fn code_block_open(kind: &CodeBlockKind<'_>) -> CowStr<'static> {
    let lang = match kind {
        CodeBlockKind::Fenced(info) => info.split([' ', ',', '{']).next().unwrap_or(""),
        CodeBlockKind::Indented => "",
    };
    if lang.is_empty() {
        CowStr::Borrowed("<pre tabindex=\"0\"><code>")
    } else {
        CowStr::from(format!(
            "<pre tabindex=\"0\"><code class=\"language-{}\">",
            crate::theme::escape_html(lang)
        ))
    }
}

fn fix_url<'a>(url: CowStr<'a>, opts: &RenderOptions<'_>) -> CowStr<'a> {
    let lower = url.trim_start().to_ascii_lowercase();
    if !opts.unsafe_html
        && (lower.starts_with("javascript:")
            || lower.starts_with("vbscript:")
            || (lower.starts_with("data:") && !lower.starts_with("data:image/")))
    {
        return CowStr::from("#");
    }
    if url.starts_with('/') && !url.starts_with("//") && opts.base_path != "/" {
        return CowStr::from(format!("{}{}", opts.base_path, &url[1..]));
    }
    url
}

/// Footnote ids live in their own `fn-` namespace, apart from headings and the theme.
pub fn footnote_id(label: &str) -> CowStr<'static> {
    CowStr::from(format!("fn-{}", anchor(label)))
}

/// The plain text of a run of inline events (a heading's): breaks as spaces.
pub fn plain_text(events: &[Event<'_>]) -> String {
    let mut s = String::new();
    for e in events {
        push_text(e, &mut s, ' ');
    }
    s
}

/// Appends the text an event shows a reader: text and code as written, a soft break as a
/// space, a hard break as `hard_break`, the end of a paragraph, item, code block or quote
/// as a blank line. (Math events never come: the parser does not enable them.)
pub fn push_text(e: &Event<'_>, out: &mut String, hard_break: char) {
    match e {
        Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
            out.push_str(t)
        }
        Event::SoftBreak => out.push(' '),
        Event::HardBreak => out.push(hard_break),
        Event::End(
            TagEnd::Paragraph | TagEnd::Item | TagEnd::CodeBlock | TagEnd::BlockQuote(_),
        ) => out.push_str("\n\n"),
        _ => {}
    }
}

/// The text a reader sees in a markdown body, without markup: blocks separated by blank
/// lines, table cells by tabs. Raw HTML counts as text unless it is passed through
/// (`unsafe_html`), in which case it is markup and left out. Used for search.
pub fn to_plain_text(markdown: &str, unsafe_html: bool) -> String {
    let mut out = String::with_capacity(markdown.len());
    let block_end = |out: &mut String| {
        let trimmed = out.trim_end_matches([' ', '\t', '\n']).len();
        out.truncate(trimmed);
        if !out.is_empty() {
            out.push_str("\n\n");
        }
    };
    for e in Parser::new_ext(markdown, options()) {
        match e {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                out.push_str(&t)
            }
            Event::Html(t) | Event::InlineHtml(t) if !unsafe_html && !is_more(&t) => {
                out.push_str(&t)
            }
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::End(TagEnd::TableCell) => out.push('\t'),
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => {
                let trimmed = out.trim_end_matches('\t').len();
                out.truncate(trimmed);
                out.push('\n');
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::Table
                | TagEnd::FootnoteDefinition,
            ) => block_end(&mut out),
            _ => {}
        }
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out
}

/// An anchor id for heading text: ASCII slug, or `section` when the text has none.
pub fn anchor(text: &str) -> String {
    let s = crate::frontmatter::slugify(text);
    if s.is_empty() {
        "section".into()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPTS: RenderOptions<'static> = RenderOptions {
        base_path: "/",
        unsafe_html: false,
    };

    #[test]
    fn plain_text_keeps_what_readers_see() {
        let md = "# Title\n\nSome *emphasis* and `code`,\nand a [link](/x/).\n\n\
                  | a | b |\n|---|---|\n| c | d |\n\n- one\n- two\n\n<b>raw</b>\n";
        assert_eq!(
            to_plain_text(md, false),
            "Title\n\nSome emphasis and code, and a link.\n\na\tb\nc\td\n\none\n\ntwo\n\n<b>raw</b>"
        );
        assert!(!to_plain_text(md, true).contains("<b>"));
    }

    #[test]
    fn headings_get_unique_ids() {
        let r = render("## Risks\n\n## Risks\n\n### Main\n", &OPTS);
        assert!(
            r.html.contains("<h2 id=\"risks\">Risks <a class=\"heading-anchor\" href=\"#risks\" aria-label=\"Link to the section Risks\">#</a></h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"risks-1\">"), "{}", r.html);
        assert!(r.html.contains("<h3 id=\"main-1\">"), "{}", r.html);
    }

    #[test]
    fn questions_and_answers() {
        let md = "Intro.\n\n## What is the Mechanism of X?\n\nFirst *para*.\n\nSecond.\n\n## Notes\n\nNot an answer.\n\n## Why `X`?\nA.";
        let r = render(md, &OPTS);
        assert_eq!(r.questions.len(), 2);
        assert_eq!(r.questions[0].question, "What is the Mechanism of X?");
        assert_eq!(r.questions[0].answer, "First para.\n\nSecond.");
        assert_eq!(r.questions[0].id, "what-is-the-mechanism-of-x");
        assert_eq!(r.questions[1].question, "Why X?");
        assert_eq!(r.questions[1].answer, "A.");
    }

    #[test]
    fn raw_html_is_text_unless_allowed() {
        let md = "<script>alert(1)</script>\n\nHi <img src=x onerror=alert(1)>";
        let r = render(md, &OPTS);
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(!r.html.contains("<img"), "{}", r.html);
        let r = render(
            md,
            &RenderOptions {
                base_path: "/",
                unsafe_html: true,
            },
        );
        assert!(r.html.contains("<script>"));
    }

    #[test]
    fn links_get_base_path_and_scripts_are_dropped() {
        let o = RenderOptions {
            base_path: "/docs/",
            unsafe_html: false,
        };
        let r = render(
            "[a](/term/a/) [b](https://x.org/) [c](javascript:alert(1))",
            &o,
        );
        assert!(r.html.contains("href=\"/docs/term/a/\""), "{}", r.html);
        assert!(r.html.contains("href=\"https://x.org/\""));
        assert!(r.html.contains("href=\"#\""));
    }

    #[test]
    fn the_summary_divider_is_never_shown() {
        let md = "Margin is *collateral* held.\n\n<!--more-->\n\nMore text <!-- more --> here.\n\n`<!--more-->`\n";
        assert_eq!(summary_end(md), md.find("<!--more-->"));
        let html = render(md, &OPTS).html;
        assert_eq!(
            html.matches("more -->").count() + html.matches("more--").count(),
            1,
            "{html}"
        );
        assert!(html.contains("<code>&lt;!--more--&gt;</code>"), "{html}");
        let text = to_plain_text(md, false);
        assert_eq!(
            text,
            "Margin is collateral held.\n\nMore text  here.\n\n<!--more-->"
        );
        assert_eq!(summary_end("`<!--more-->` only in code"), None);
        assert!(is_more("<!-- MORE -->\n") && !is_more("<!-- more about it -->"));
    }

    #[test]
    fn tables_footnotes_strikethrough() {
        let r = render("|a|b|\n|-|-|\n|1|2|\n\n~~x~~ y[^1]\n\n[^1]: note", &OPTS);
        assert!(r.html.contains(
            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Table 1: a, b\">\n<table>"
        ));
        assert!(r.html.contains("</table>\n</div>"), "{}", r.html);
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("footnote"));
        let r = render(
            "```rust title\nlet a = \"<b>\";\n```\n\n    indented\n",
            &OPTS,
        );
        let open = "<pre tabindex=\"0\"><code class=\"language-rust\">let a = ";
        assert!(r.html.contains(open), "{}", r.html);
        assert!(
            r.html.contains("&lt;b&gt;") && !r.html.contains("<b>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<pre tabindex=\"0\"><code>indented\n</code></pre>"),
            "{}",
            r.html
        );
    }
}
