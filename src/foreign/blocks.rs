//! Line-by-line conversions, outside fenced code:
//!
//! - `<!--more-->` (also `<!-- more -->`, Docusaurus's `<!-- truncate -->` and
//!   `{/* truncate */}`): the marker goes; the text before it is the description when the
//!   page has none.
//! - MDX `import X from '…'` lines: dropped (glossa renders no components).
//! - Docusaurus admonitions `:::note[Title]` … `:::` and MkDocs admonitions
//!   `!!! note "Title"` (also collapsible `???`/`???+`) with their indented block: a
//!   blockquote starting `**Note:**` ([`callout`]).

use super::body::{plain, Ctx, MAX_DEPTH};

const MORE: [&str; 4] = [
    "<!--more-->",
    "<!-- more -->",
    "<!-- truncate -->",
    "{/* truncate */}",
];

/// Converts the block constructs of `body`; returns it and the text before a
/// `<!--more-->` marker (plain text), if there was one.
pub(crate) fn convert(body: &str, ctx: &mut Ctx<'_>) -> (String, Option<String>) {
    let lines: Vec<&str> = body.split_inclusive('\n').collect();
    let mut out = String::with_capacity(body.len());
    let mut more = None;
    let mut fence: Option<(char, usize)> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim();
        if let Some((c, n)) = fence {
            if t.len() >= n && t.chars().all(|x| x == c) {
                fence = None;
            }
            out.push_str(line);
            i += 1;
            continue;
        }
        if let Some(f) = fence_open(t) {
            fence = Some(f);
            out.push_str(line);
            i += 1;
            continue;
        }
        if let Some(marker) = MORE.iter().find(|m| line.contains(**m)) {
            // The first marker splits; any later one is only removed.
            if more.is_none() {
                let before = format!("{out}{}", &line[..line.find(marker).unwrap_or(0)]);
                more = Some(plain(&before));
                ctx.count("<!--more--> → description split");
            }
            let mut rest = line.to_string();
            for m in MORE {
                rest = rest.replace(m, "");
            }
            out.push_str(&rest);
            i += 1;
            continue;
        }
        if is_mdx_import(line) {
            ctx.count("MDX import line → removed");
            i += 1;
            continue;
        }
        if ctx.depth < MAX_DEPTH {
            if let Some((text, used)) = docusaurus(&lines[i..], ctx) {
                out.push_str(&text);
                i += used;
                continue;
            }
            if let Some((text, used)) = mkdocs(&lines[i..], ctx) {
                out.push_str(&text);
                i += used;
                continue;
            }
        }
        out.push_str(line);
        i += 1;
    }
    (out, more.filter(|m| !m.is_empty()))
}

fn fence_open(t: &str) -> Option<(char, usize)> {
    let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = t.chars().take_while(|x| *x == c).count();
    (n >= 3).then_some((c, n))
}

fn is_mdx_import(line: &str) -> bool {
    let l = line.trim_end();
    l.starts_with("import ")
        && (l.contains(" from '")
            || l.contains(" from \"")
            || l.starts_with("import '")
            || l.starts_with("import \""))
}

/// `:::type[Title]` or `:::type Title` … a line of as many colons.
fn docusaurus(lines: &[&str], ctx: &mut Ctx<'_>) -> Option<(String, usize)> {
    let first = lines.first()?.trim_end();
    let colons = first.chars().take_while(|c| *c == ':').count();
    if colons < 3 {
        return None;
    }
    let rest = &first[colons..];
    let kind: String = rest.chars().take_while(char::is_ascii_alphabetic).collect();
    if kind.is_empty() {
        return None;
    }
    let after = rest[kind.len()..].trim();
    let title = after
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(after);
    let end = lines.iter().skip(1).position(|l| {
        let t = l.trim();
        t.len() == colons && t.chars().all(|c| c == ':')
    })? + 1;
    let inner: String = lines[1..end].concat();
    ctx.depth += 1;
    let (inner, _) = convert(&inner, ctx);
    ctx.depth -= 1;
    ctx.count(&format!(":::{} → blockquote", kind.to_ascii_lowercase()));
    Some((callout(&kind, Some(title), &inner), end + 1))
}

/// `!!! type "Title"` (or `???`, `???+`) and the indented lines under it.
fn mkdocs(lines: &[&str], ctx: &mut Ctx<'_>) -> Option<(String, usize)> {
    let first = lines.first()?.trim_end();
    let rest = first
        .strip_prefix("!!! ")
        .or_else(|| first.strip_prefix("???+ "))
        .or_else(|| first.strip_prefix("??? "))?
        .trim();
    let kind: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if kind.is_empty() {
        return None;
    }
    let title = rest[kind.len()..].trim();
    let title = super::args::unquote(title);
    let mut end = 1;
    let mut last_content = 0;
    while end < lines.len() {
        let l = lines[end];
        if l.trim().is_empty() {
            end += 1;
            continue;
        }
        if l.starts_with("    ") || l.starts_with('\t') {
            last_content = end;
            end += 1;
            continue;
        }
        break;
    }
    let used = last_content + 1;
    let inner: String = lines[1..used]
        .iter()
        .map(|l| {
            l.strip_prefix("    ")
                .or_else(|| l.strip_prefix('\t'))
                .unwrap_or(l.trim_start_matches([' ', '\t']))
        })
        .collect();
    ctx.depth += 1;
    let (inner, _) = convert(&inner, ctx);
    ctx.depth -= 1;
    ctx.count(&format!("!!! {} → blockquote", kind.to_ascii_lowercase()));
    Some((callout(&kind, Some(&title), &inner), used))
}

/// A blockquote starting `**Note:**` (the kind's name; `**Note: Title**` with a title),
/// standing on lines of its own.
pub(crate) fn callout(kind: &str, title: Option<&str>, inner: &str) -> String {
    let mut label: String = kind.to_ascii_lowercase().replace(['-', '_'], " ");
    if let Some(first) = label.get(..1) {
        label = format!("{}{}", first.to_ascii_uppercase(), &label[1..]);
    }
    let (header, titled) = match title.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) if !t.eq_ignore_ascii_case(&label) => (format!("**{label}: {t}**"), true),
        _ => (format!("**{label}:**"), false),
    };
    let inner = inner.trim_matches('\n');
    let min_indent = inner
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let lines: Vec<&str> = inner
        .lines()
        .map(|l| l.get(min_indent..).unwrap_or(l.trim_start()))
        .collect();
    let mut out = String::from("\n\n");
    let mut rest = lines.as_slice();
    let inline = !titled && lines.first().is_some_and(|f| is_paragraph(f));
    match lines.first() {
        Some(first) if inline => {
            out.push_str(&format!("> {header} {}\n", first.trim()));
            rest = &lines[1..];
        }
        _ => out.push_str(&format!("> {header}\n")),
    }
    if !rest.is_empty() && !inline {
        out.push_str(">\n");
    }
    for l in rest {
        if l.trim().is_empty() {
            out.push_str(">\n");
        } else {
            out.push_str(&format!("> {l}\n"));
        }
    }
    out.push('\n');
    out
}

/// A line that can continue a paragraph (not a list, heading, quote, fence or table).
fn is_paragraph(line: &str) -> bool {
    let t = line.trim_start();
    !(t.is_empty()
        || t.starts_with(['#', '>', '|', '-', '*', '+', '`', '~', '<'])
        || t.split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callouts() {
        assert_eq!(
            callout("note", None, "Margin is\nposted up front.\n"),
            "\n\n> **Note:** Margin is\n> posted up front.\n\n"
        );
        assert_eq!(
            callout("warning", Some("Careful"), "- one\n- two"),
            "\n\n> **Warning: Careful**\n>\n> - one\n> - two\n\n"
        );
    }
}
