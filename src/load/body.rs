//! What `load` reads from an entry's body besides its markdown: the summary before the
//! divider `<!--more-->` (the description when front matter gives none), and template
//! syntax another generator left in it (`template-syntax` warnings).

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Code, Diagnostic};
use crate::{leftover, markdown};

/// The plain text before the summary divider `<!--more-->`, on one line; `None` when
/// the body has no divider or nothing before it.
pub(super) fn summary(body: &str) -> Option<String> {
    let end = markdown::summary_end(body)?;
    let text = markdown::to_plain_text(&body[..end], false);
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!line.is_empty()).then_some(line)
}

/// Template syntax shown in messages is cut to this many characters.
const SHOWN: usize = 48;

/// A `template-syntax` warning for each piece of template syntax in the body (at
/// `body_offset` in `text`, the file shown as `path`).
pub(super) fn template_syntax(
    text: &Arc<str>,
    body_offset: usize,
    body: &str,
    path: &Path,
) -> Vec<Diagnostic> {
    leftover::find(body)
        .into_iter()
        .map(|range| {
            let found = body[range.clone()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let shown = match found.char_indices().nth(SHOWN) {
                Some((cut, _)) => format!("{}…", &found[..cut]),
                None => found,
            };
            let span = body_offset + range.start..body_offset + range.end;
            let name = leftover::name(body, &range);
            let label = match name.is_empty() {
                true => "glossa does not run templates".to_string(),
                false => format!("`{name}` is another generator's; glossa does not run it"),
            };
            Diagnostic::warning(
                Code::TemplateSyntax,
                format!("template syntax `{shown}` is shown to readers as text"),
                path,
            )
            .with_source(text, Some(span))
            .with_label(label)
            .with_help(
                "`glossa import` turns common shortcodes and macros into markdown; otherwise remove it or put it in a code span",
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_is_the_text_before_the_divider() {
        assert_eq!(
            summary("The **mark price** is\na fair price.\n\n<!--more-->\n\nDetails.").as_deref(),
            Some("The mark price is a fair price.")
        );
        assert_eq!(summary("No divider."), None);
        assert_eq!(summary("<!--more-->\nOnly after."), None);
    }

    #[test]
    fn long_template_syntax_is_cut_in_the_message() {
        let body = format!("See {{{{< note {} >}}}}.", "x".repeat(80));
        let text: Arc<str> = Arc::from(format!("+++\n+++\n{body}"));
        let d = template_syntax(&text, 8, &body, Path::new("t.md"));
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("`{{< note xxx"), "{}", d[0].message);
        assert!(d[0].message.contains("…`"), "{}", d[0].message);
        let loc = d[0].location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (3, 5));
    }
}
