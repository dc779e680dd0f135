//! Which generator wrote a page, from its signs, and its front matter read into a table.
//!
//! Signs, each worth a point (template syntax two):
//!
//! | generator | signs |
//! | --- | --- |
//! | MDN | a `page-type` key; a `slug` holding `/` in an `index.md`; macros such as `{{Glossary("x")}}`, `{{GlossarySidebar}}` |
//! | Docusaurus | an `.mdx` file; `sidebar_position`, `sidebar_label`, `hide_title` keys; `:::note` admonitions; `import … from` lines |
//! | MkDocs | no front matter and a `# Title` first line; `!!! note` admonitions |
//! | Jekyll | `permalink`, `layout`, `redirect_from` keys; `{% link %}`, `{% include %}`, `{{ site.… }}`; a `YYYY-MM-DD-` file name |
//! | Zola | TOML (`+++`) front matter; a `[taxonomies]` table; `@/` links; `{% end %}` |
//! | Hugo | `{{< … >}}`/`{{% … %}}` shortcodes; `lastmod`, `publishDate`, `linkTitle` keys; YAML `aliases`; JSON front matter |
//!
//! The most points win (ties in the table's order). A page with no sign at all takes the
//! generator most signed pages of its folder show ([`settle`]); with none there either,
//! YAML front matter means Hugo and TOML means Zola.

use super::{line_of, Input, Note, Shape};
use crate::frontmatter::{self, Format, SplitError};

/// A page split and its front matter read, before its keys are mapped.
#[derive(Debug)]
pub struct Raw<'a> {
    pub shape: Shape,
    /// The shape came from a sign (or `--from`), not a default.
    pub marked: bool,
    pub format: Option<Format>,
    pub table: toml::Table,
    /// Top-level keys with the 1-based line each is set on.
    pub key_lines: Vec<(String, usize)>,
    pub body: &'a str,
    pub body_offset: usize,
}

/// Splits and reads one page, or says why it cannot be read (with the line).
pub(super) fn read<'a>(text: &'a str, rel: &str, from: Option<Shape>) -> Result<Raw<'a>, Note> {
    if text.trim().is_empty() {
        return Err(Note {
            line: 0,
            message: "empty file".into(),
        });
    }
    let (format, table, key_lines, body, body_offset) = match frontmatter::split(text) {
        Ok(split) => {
            let table = frontmatter::table(&split).map_err(|e| Note {
                line: e.span.as_ref().map_or(1, |s| line_of(text, s.start)),
                message: format!("{}; nothing was imported from this file", e.message),
            })?;
            let key_lines = frontmatter::top_level_keys(&split)
                .into_iter()
                .map(|(k, span)| (k.to_string(), line_of(text, span.start)))
                .collect();
            (
                Some(split.format),
                table,
                key_lines,
                split.body,
                split.body_offset,
            )
        }
        Err(SplitError::Unclosed { format, fence }) => {
            return Err(Note {
                line: line_of(text, fence.start),
                message: format!(
                    "the {} front matter opened here is never closed",
                    format.name()
                ),
            })
        }
        Err(_) => {
            let (text, offset) = match text.strip_prefix('\u{feff}') {
                Some(t) => (t, 3),
                None => (text, 0),
            };
            if from.is_none() && !starts_with_h1(text) {
                return Err(Note {
                    line: 1,
                    message: "not another generator's page: no front matter (`---`, `+++`) and no `# Title` first line".into(),
                });
            }
            (None, toml::Table::new(), Vec::new(), text, offset)
        }
    };
    let (shape, marked) = match from {
        Some(shape) => (shape, true),
        None => detect(rel, format, &table, body),
    };
    Ok(Raw {
        shape,
        marked,
        format,
        table,
        key_lines,
        body,
        body_offset,
    })
}

/// Whether the first non-blank line is an ATX H1.
pub fn starts_with_h1(text: &str) -> bool {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.starts_with("# "))
}

/// The generator a page's signs point to, and whether there was any sign.
pub fn detect(rel: &str, format: Option<Format>, table: &toml::Table, body: &str) -> (Shape, bool) {
    let has = |k: &str| table.contains_key(k);
    let lower = body.to_ascii_lowercase();
    let mut score = [0u32; 6];
    let mut add = |shape: Shape, yes: bool, points: u32| {
        if yes {
            score[shape as usize] += points;
        }
    };
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let slug_path = table
        .get("slug")
        .and_then(toml::Value::as_str)
        .is_some_and(|s| s.trim_matches('/').contains('/'));
    add(Shape::Mdn, has("page-type"), 1);
    add(Shape::Mdn, slug_path && name == "index.md", 1);
    add(Shape::Mdn, mdn_macro(body), 2);
    add(Shape::Docusaurus, name.ends_with(".mdx"), 1);
    add(
        Shape::Docusaurus,
        has("sidebar_position") || has("sidebar_label") || has("hide_title"),
        1,
    );
    add(Shape::Docusaurus, line_starts(body, ":::"), 2);
    add(Shape::Docusaurus, mdx_import(body), 1);
    add(Shape::Mkdocs, format.is_none() && starts_with_h1(body), 1);
    add(
        Shape::Mkdocs,
        line_starts(body, "!!! ") || line_starts(body, "??? "),
        2,
    );
    add(
        Shape::Jekyll,
        has("permalink") || has("layout") || has("redirect_from"),
        1,
    );
    add(
        Shape::Jekyll,
        lower.contains("{% link ")
            || lower.contains("{% include ")
            || lower.contains("{% post_url")
            || lower.contains("{{ site.")
            || lower.contains("{{site."),
        2,
    );
    add(Shape::Jekyll, dated_name(name), 1);
    add(Shape::Zola, format == Some(Format::Toml), 1);
    add(Shape::Zola, has("taxonomies"), 1);
    add(
        Shape::Zola,
        body.contains("](@/") || lower.contains("{% end %}"),
        2,
    );
    add(Shape::Hugo, body.contains("{{<") || body.contains("{{%"), 2);
    add(
        Shape::Hugo,
        has("lastmod") || has("publishDate") || has("linkTitle") || has("expiryDate"),
        1,
    );
    add(
        Shape::Hugo,
        format == Some(Format::Yaml) && has("aliases"),
        1,
    );
    add(Shape::Hugo, format == Some(Format::Json), 1);
    let order = [
        Shape::Mdn,
        Shape::Docusaurus,
        Shape::Mkdocs,
        Shape::Jekyll,
        Shape::Zola,
        Shape::Hugo,
    ];
    let best = order
        .into_iter()
        .max_by_key(|s| (score[*s as usize], std::cmp::Reverse(*s as usize)))
        .unwrap_or(Shape::Hugo);
    if score[best as usize] == 0 {
        let default = match format {
            Some(Format::Toml) => Shape::Zola,
            None => Shape::Mkdocs,
            _ => Shape::Hugo,
        };
        return (default, false);
    }
    // TOML alone is a weak sign: a Zola page by default only.
    let marked = !(best == Shape::Zola && score[best as usize] == 1);
    (best, marked)
}

/// Pages without a sign take the generator most signed pages of their root show.
pub(super) fn settle(raws: &mut [(usize, Raw<'_>)], inputs: &[Input], from: Option<Shape>) {
    if from.is_some() {
        return;
    }
    let roots = inputs.iter().map(|i| i.root + 1).max().unwrap_or(0);
    let mut counts = vec![[0usize; 6]; roots];
    for (i, raw) in raws.iter() {
        if raw.marked {
            counts[inputs[*i].root][raw.shape as usize] += 1;
        }
    }
    for (i, raw) in raws.iter_mut() {
        if raw.marked {
            continue;
        }
        let c = &counts[inputs[*i].root];
        if let Some(best) = Shape::ALL
            .into_iter()
            .filter(|s| c[*s as usize] > 0)
            .max_by_key(|s| (c[*s as usize], std::cmp::Reverse(*s as usize)))
        {
            raw.shape = best;
        }
    }
}

/// `{{Name}}` or `{{Name(` with no space after the braces: MDN's macro style.
fn mdn_macro(body: &str) -> bool {
    body.match_indices("{{").any(|(at, _)| {
        let rest = &body[at + 2..];
        let word: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        !word.is_empty()
            && word.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && rest[word.len()..].starts_with(['(', '}'])
            && (word.eq_ignore_ascii_case("glossary")
                || word.to_ascii_lowercase().contains("sidebar")
                || word.to_ascii_lowercase().ends_with("xref")
                || word.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
    })
}

fn line_starts(body: &str, prefix: &str) -> bool {
    body.lines().any(|l| l.starts_with(prefix))
}

/// An MDX `import X from '…'` line.
fn mdx_import(body: &str) -> bool {
    body.lines()
        .any(|l| l.starts_with("import ") && (l.contains(" from '") || l.contains(" from \"")))
}

/// A Jekyll post name: `YYYY-MM-DD-title.md`.
fn dated_name(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() > 11
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && b[10] == b'-'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(rel: &str, text: &str) -> (Shape, bool) {
        let raw = read(text, rel, None).unwrap();
        (raw.shape, raw.marked)
    }

    #[test]
    fn each_generator_by_its_signs() {
        let hugo = "---\ntitle: A\n---\nSee {{< glossary_tooltip term_id=\"b\" >}}.\n";
        assert_eq!(shape("a.md", hugo), (Shape::Hugo, true));
        assert_eq!(
            shape(
                "a.md",
                "+++\ntitle = \"A\"\n[taxonomies]\ntags = [\"x\"]\n+++\nx\n"
            ),
            (Shape::Zola, true)
        );
        assert_eq!(
            shape("a.md", "+++\ntitle = \"A\"\n+++\nplain\n"),
            (Shape::Zola, false)
        );
        assert_eq!(
            shape("a.md", "---\ntitle: A\npermalink: /g/a/\n---\nx\n"),
            (Shape::Jekyll, true)
        );
        assert_eq!(
            shape("a.mdx", "---\nid: a\n---\n:::note\nx\n:::\n"),
            (Shape::Docusaurus, true)
        );
        assert_eq!(
            shape("a.md", "# Title\n\n!!! note\n    x\n"),
            (Shape::Mkdocs, true)
        );
        assert_eq!(
            shape(
                "x/index.md",
                "---\ntitle: A\nslug: Glossary/A\n---\n{{GlossarySidebar}}\n"
            ),
            (Shape::Mdn, true)
        );
        assert_eq!(
            shape("a.md", "---\ntitle: A\n---\nx\n"),
            (Shape::Hugo, false)
        );
    }

    #[test]
    fn unreadable_pages_say_why_and_where() {
        let e = read("---\ntitle: A\n", "a.md", None).unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("never closed"), "{}", e.message);
        let e = read("---\ntitle: A\nx: [\n---\n", "a.md", None).unwrap_err();
        assert!(e.message.starts_with("invalid YAML"), "{}", e.message);
        assert!(e.line >= 2, "{e:?}");
        let e = read("Just notes.\n", "n.md", None).unwrap_err();
        assert!(e.message.contains("no front matter"));
        assert!(read("Just notes.\n", "n.md", Some(Shape::Mkdocs)).is_ok());
        assert_eq!(
            read("  \n", "e.md", None).unwrap_err().message,
            "empty file"
        );
    }
}
