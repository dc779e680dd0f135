//! Short texts written in markdown but shown inline: an entry's description as HTML
//! (emphasis, strong, code and strikethrough kept; links and images as their text; raw
//! HTML as text, always), and the opening text of a body, to tell whether a description
//! repeats it.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::{options, push_text};
use crate::theme::escape_html;

/// A description as inline HTML. Anything that is not one paragraph of inline markdown
/// (a list, a heading, a quote) is shown as the text it was written as, escaped.
pub fn inline_html(text: &str) -> String {
    let text = text.trim();
    // Most descriptions hold no markup: no parse.
    if !text.contains(['*', '_', '`', '~', '[', '!', '<', '&', '\\']) {
        return escape_html(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut paragraphs = 0;
    for event in Parser::new_ext(text, options()) {
        let tag = match event {
            Event::Start(Tag::Paragraph) => {
                paragraphs += 1;
                continue;
            }
            Event::End(TagEnd::Paragraph) => continue,
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&escape_html(&t));
                continue;
            }
            Event::Code(t) => {
                out.push_str("<code>");
                out.push_str(&escape_html(&t));
                out.push_str("</code>");
                continue;
            }
            Event::SoftBreak | Event::HardBreak => {
                out.push(' ');
                continue;
            }
            Event::Start(Tag::Emphasis) => "<em>",
            Event::End(TagEnd::Emphasis) => "</em>",
            Event::Start(Tag::Strong) => "<strong>",
            Event::End(TagEnd::Strong) => "</strong>",
            Event::Start(Tag::Strikethrough) => "<del>",
            Event::End(TagEnd::Strikethrough) => "</del>",
            Event::Start(Tag::Link { .. } | Tag::Image { .. })
            | Event::End(TagEnd::Link | TagEnd::Image) => continue,
            // A block other than one paragraph, a footnote, a task box: not inline.
            _ => return escape_html(text),
        };
        out.push_str(tag);
    }
    if paragraphs > 1 {
        return escape_html(text);
    }
    out
}

/// The plain text of a description as a reader sees it (markup gone).
pub fn inline_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for event in Parser::new_ext(text, options()) {
        push_text(&event, &mut out, ' ');
        if let Event::Html(t) | Event::InlineHtml(t) = event {
            out.push_str(&t);
        }
    }
    out.trim().to_string()
}

/// Whether `description` is the opening of `body`: its text, once markup, case, spaces and
/// a closing ellipsis are set aside, is where the body's text starts (the body's leading
/// headings, images and code skipped; its paragraphs read as one text). Imported glossaries
/// often take an entry's description from its first sentence.
pub fn repeats_opening(description: &str, body: &str) -> bool {
    let wanted = normalized(&inline_text(description));
    let wanted = wanted.trim_end_matches(['…', '.', ' ']);
    if wanted.chars().count() < 12 {
        return false;
    }
    let mut opening = String::with_capacity(wanted.len() + 64);
    let mut in_paragraph = false;
    let mut depth = 0usize;
    for event in Parser::new_ext(body, options()) {
        match &event {
            Event::Start(Tag::Paragraph) if depth == 0 => in_paragraph = true,
            Event::End(TagEnd::Paragraph) if depth == 0 => {
                in_paragraph = false;
                opening.push(' ');
                if normalized(&opening).len() >= wanted.len() + 40 {
                    break;
                }
            }
            Event::Start(Tag::Paragraph) => {}
            // Headings, images and code before the text: not what the reader reads first.
            Event::Start(Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::Image { .. }) => depth += 1,
            Event::End(TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::Image) => {
                depth = depth.saturating_sub(1)
            }
            // Any other block (a list, a table, a quote) ends the opening.
            Event::Start(_) if !in_paragraph && depth == 0 => break,
            e if in_paragraph && depth == 0 => push_text(e, &mut opening, ' '),
            _ => {}
        }
    }
    let opening = normalized(&opening);
    opening.starts_with(wanted) || same_words(wanted, &opening)
}

/// Whether `opening` starts with nearly the words of `wanted`, reworded a little: at least
/// 80% of them (counted with repeats) among as many words and three more, for a
/// description of eight words or more.
fn same_words(wanted: &str, opening: &str) -> bool {
    let words = |t: &'_ str| -> Vec<String> {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let wanted = words(wanted);
    if wanted.len() < 8 {
        return false;
    }
    let mut window: Vec<String> = words(opening);
    window.truncate(wanted.len() + 3);
    let found = wanted
        .iter()
        .filter(|w| match window.iter().position(|x| x == *w) {
            Some(i) => {
                window.swap_remove(i);
                true
            }
            None => false,
        })
        .count();
    found * 5 >= wanted.len() * 4
}

/// Lowercase, every run of white space one space, typographic quotes plain.
fn normalized(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            match c {
                '‘' | '’' => out.push('\''),
                '“' | '”' => out.push('"'),
                c => out.extend(c.to_lowercase()),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markup_is_kept_and_html_is_text() {
        assert_eq!(
            inline_html("Uses `fee_rate` and *soft* **hard** ~~old~~ [links](/x/)."),
            "Uses <code>fee_rate</code> and <em>soft</em> <strong>hard</strong> <del>old</del> links."
        );
        assert_eq!(
            inline_html("A <script>alert(1)</script> & \"q\""),
            "A &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(inline_html("Plain text"), "Plain text");
        // Not one paragraph: shown as written.
        assert_eq!(inline_html("- a *list*"), "- a *list*");
        assert_eq!(inline_html("# Heading"), "# Heading");
        assert_eq!(inline_html("one *a*\n\ntwo"), "one *a*\n\ntwo");
        assert_eq!(inline_text("Uses `x` and *y*"), "Uses x and y");
    }

    proptest::proptest! {
        /// Whatever a description holds, its HTML holds no tag but the four inline ones
        /// (so never raw HTML), and telling whether it repeats a body never panics.
        #[test]
        fn any_description_is_inline_html_only(text in "[<>&*_`~!\\[\\]()a-z \n#-]{0,60}") {
            let html = inline_html(&text);
            let mut rest = html.clone();
            for tag in ["<em>", "</em>", "<strong>", "</strong>", "<code>", "</code>", "<del>", "</del>"] {
                rest = rest.replace(tag, "");
            }
            proptest::prop_assert!(!rest.contains(['<', '>']), "{} -> {}", text, html);
            let _ = repeats_opening(&text, &text);
        }
    }

    #[test]
    fn a_description_repeating_the_opening_is_found() {
        let body = "The *mark price* is what positions are valued at.\n\nMore follows here.";
        assert!(repeats_opening(
            "The mark price is what positions are valued at.",
            body
        ));
        assert!(repeats_opening("The mark price is what positions…", body));
        assert!(repeats_opening(
            "The mark price is what positions are valued at. More follows",
            body
        ));
        assert!(repeats_opening(
            "the Mark Price is what positions are valued at",
            "## Overview\n\n![x](y.svg)\n\nThe mark price is what positions are valued at, mostly."
        ));
        assert!(!repeats_opening(
            "Where the venue's own book last traded.",
            body
        ));
        assert!(!repeats_opening("The mark", body));
        assert!(!repeats_opening(
            "The mark price is what positions are valued at.",
            "- The mark price is what positions are valued at."
        ));
        assert!(!repeats_opening("Anything at all here", ""));
        // Reworded a little: the same statement.
        assert!(repeats_opening(
            "Records track the rows of tables with matching owner keys.",
            "Records track the rows of tables with matching [keys](/x/).\n\nMore."
        ));
        assert!(!repeats_opening(
            "Records track the rows of tables with matching owner keys.",
            "A record is one line of a ledger, kept for audits and never changed."
        ));
    }
}
