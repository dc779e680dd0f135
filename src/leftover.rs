//! Template syntax another generator left in a body: Hugo shortcodes (`{{< … >}}`,
//! `{{% … %}}`), Go and Jinja-style expressions (`{{ … }}`), Liquid and Jinja tags
//! (`{% … %}`) and MDN-style macros (`{{Glossary("x")}}`). glossa renders none of them, so a
//! reader would see them as text: `load` warns about each one (`template-syntax`) and
//! `glossa import` reports those it could not turn into markdown.
//!
//! Code spans and code blocks are skipped (documentation about templates shows them on
//! purpose). A body without `{{` or `{%` is not parsed at all.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

/// The byte ranges of template syntax in `body`, outside code, in order. A range runs from
/// the opening `{{`/`{%` to its closing `}}`/`%}`, or to the end of its line when unclosed.
pub fn find(body: &str) -> Vec<Range<usize>> {
    if !body.contains("{{") && !body.contains("{%") {
        return Vec::new();
    }
    let code = code_ranges(body);
    let mut found = spans(body);
    found.retain(|t| !code.iter().any(|c| c.start <= t.start && t.start < c.end));
    found
}

/// [`find`] in a piece of text known to be prose (no code to skip, no parse).
pub fn spans(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(start) = next_open(text, from) {
        let end = close(text, start);
        found.push(start..end);
        from = end.max(start + 2);
    }
    found
}

/// The first word of the template syntax at `range` (`glossary_tooltip`, `Glossary`,
/// `include`), for messages; empty when there is none.
pub fn name<'a>(body: &'a str, range: &Range<usize>) -> &'a str {
    let inner = body[range.clone()]
        .trim_start_matches(['{', '<', '%', '-', ' ', '/'])
        .trim_start();
    let end = inner
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-' || c == '.'))
        .unwrap_or(inner.len());
    &inner[..end]
}

/// The next `{{` or `{%` from `from` on (one pass up to it).
fn next_open(body: &str, from: usize) -> Option<usize> {
    let bytes = body.as_bytes();
    let mut i = from;
    while let Some(off) = body.get(i..)?.find('{') {
        let at = i + off;
        if matches!(bytes.get(at + 1), Some(b'{' | b'%')) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// The end of the construct opened at `start`: after its closing `}}` or `%}` when that
/// comes before a blank line (and within [`MAX_SPAN`] bytes), else the end of the opening
/// line. Each construct costs at most `MAX_SPAN` bytes of search, so a body full of
/// unclosed braces stays linear.
fn close(body: &str, start: usize) -> usize {
    let closing = if body[start..].starts_with("{%") {
        "%}"
    } else {
        "}}"
    };
    let rest = &body[start + 2..];
    let mut cut = rest.len().min(MAX_SPAN);
    while !rest.is_char_boundary(cut) {
        cut -= 1;
    }
    let window = &rest[..cut];
    match window.find(closing) {
        Some(i) if !window[..i].contains("\n\n") => start + 2 + i + 2,
        _ => start + 2 + rest.find('\n').unwrap_or(rest.len()),
    }
}

/// The longest construct looked for (a shortcode with its arguments spans a few lines).
const MAX_SPAN: usize = 8192;

/// Where code spans and code blocks are (the byte ranges of each).
pub fn code_ranges(body: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut block: Option<usize> = None;
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        match event {
            Event::Code(_) => ranges.push(range),
            Event::Start(Tag::CodeBlock(_)) => block = Some(range.start),
            Event::End(pulldown_cmark::TagEnd::CodeBlock) => {
                if let Some(start) = block.take() {
                    ranges.push(start..range.end);
                }
            }
            _ => {}
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(body: &str) -> Vec<&str> {
        find(body).into_iter().map(|r| &body[r]).collect()
    }

    #[test]
    fn finds_shortcodes_macros_and_tags_outside_code() {
        let body = "A {{< glossary_tooltip text=\"pods\" term_id=\"pod\" >}} and {{Glossary(\"HTTP\")}}.\n\n\
                    {% include note.html %}\n\n`{{ not this }}`\n\n```\n{{< nor this >}}\n```\n";
        assert_eq!(
            found(body),
            [
                "{{< glossary_tooltip text=\"pods\" term_id=\"pod\" >}}",
                "{{Glossary(\"HTTP\")}}",
                "{% include note.html %}"
            ]
        );
        let names: Vec<_> = find(body).iter().map(|r| name(body, r)).collect();
        assert_eq!(names, ["glossary_tooltip", "Glossary", "include"]);
    }

    #[test]
    fn unclosed_runs_to_the_end_of_its_line() {
        assert_eq!(found("see {{< note\nnext"), ["{{< note"]);
        assert!(find("plain text, { braces } and }} alone").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn ranges_are_ordered_char_boundaries(body in ".{0,200}") {
            let mut last = 0;
            for r in find(&body) {
                proptest::prop_assert!(r.start >= last && r.end <= body.len());
                proptest::prop_assert!(body.is_char_boundary(r.start) && body.is_char_boundary(r.end));
                last = r.end;
            }
        }
    }
}
