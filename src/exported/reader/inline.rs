//! One-line shapes of an exported page: `**Key:** value` metadata, `![caption](url)`
//! images, `- [Title](url)` links, the `**Original URL:**` line and the H1's kind suffix.

use super::{ImageLine, LinkItem, MetaLine};
use crate::model::Kind;

/// The URL of an `**Original URL:** <url>` line.
pub(super) fn original_url(t: &str) -> Option<String> {
    let rest = t.trim().strip_prefix("**Original URL:**")?;
    Some(rest.trim().to_string())
}

pub(super) fn h1_kind(segment: &str) -> Option<Kind> {
    match segment {
        "Area" => Some(Kind::Area),
        "Term" => Some(Kind::Term),
        "Definition" => Some(Kind::Definition),
        _ => None,
    }
}

/// `**Key:** value`.
pub(super) fn meta_line(t: &str, line: usize) -> Option<MetaLine> {
    let rest = t.strip_prefix("**")?;
    let (key, value) = rest.split_once(":**")?;
    if key.is_empty() || key.len() > 40 || key.contains('*') {
        return None;
    }
    Some(MetaLine {
        key: key.trim().to_string(),
        value: value.trim().to_string(),
        line,
    })
}

/// `![caption](url)` on a line of its own.
pub(super) fn image_line(t: &str, line: usize) -> Option<ImageLine> {
    let (caption, url) = parse_link(t.strip_prefix('!')?)?;
    Some(ImageLine { caption, url, line })
}

/// `- [Title](url)` (or `* …`) and nothing else.
pub(super) fn bullet_link(t: &str, line: usize) -> Option<LinkItem> {
    let rest = t.strip_prefix("- ").or_else(|| t.strip_prefix("* "))?;
    let (title, url) = parse_link(rest.trim())?;
    Some(LinkItem { title, url, line })
}

/// `[Title](url)` as the whole text: the title runs to the last `](`, so titles may hold
/// brackets. A `<url>` or a `url "title"` destination gives the URL.
pub fn parse_link(s: &str) -> Option<(String, String)> {
    let s = s.trim();
    let inner = s.strip_prefix('[')?.strip_suffix(')')?;
    let split = inner.rfind("](")?;
    let title = inner[..split].trim().to_string();
    let dest = inner[split + 2..].trim();
    let dest = dest
        .strip_prefix('<')
        .and_then(|d| d.strip_suffix('>'))
        .unwrap_or_else(|| dest.split_whitespace().next().unwrap_or(""));
    if dest.is_empty() {
        return None;
    }
    Some((title, dest.to_string()))
}

pub(super) fn trim_blank_lines(s: &str) -> String {
    let lines: Vec<&str> = s.lines().collect();
    let start = lines.iter().position(|l| !l.trim().is_empty());
    let end = lines.iter().rposition(|l| !l.trim().is_empty());
    match (start, end) {
        (Some(a), Some(b)) => lines[a..=b].join("\n"),
        _ => String::new(),
    }
}
