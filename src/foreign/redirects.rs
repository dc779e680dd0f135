//! Redirects files: Netlify's `_redirects` and MDN's `_redirects.txt`, one
//! `FROM<whitespace>TO` per line (`#` comments; a status code after TO is ignored). Each
//! FROM whose TO is an imported page's old URL becomes one of that entry's
//! `redirect_from`; lines with splats (`*`) or placeholders (`:name`) cannot be static
//! pages and are left out.

use std::collections::HashMap;

use super::names::Targets;
use super::report::ForeignReport;
use super::{Options, Redirects};
use crate::exported::url::Key;

/// The `(line, from, to)` of each usable line.
pub fn parse(text: &str) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split_whitespace();
        let (Some(from), Some(to)) = (parts.next(), parts.next()) else {
            continue;
        };
        let placeholder = from.split('/').any(|s| s.starts_with(':')) || from.contains('*');
        if from.starts_with('/') && !from.starts_with("//") && !placeholder {
            out.push((n + 1, from.to_string(), to.to_string()));
        }
    }
    out
}

/// The old URLs redirects files add, by the entry they lead to.
pub(super) fn apply(
    files: &[Redirects],
    targets: &Targets,
    options: &Options,
    report: &mut ForeignReport,
) -> HashMap<Key, Vec<String>> {
    let base_host = options
        .source_base
        .as_deref()
        .and_then(|b| b.split_once("://"))
        .map(|(_, h)| h.trim_end_matches('/').to_ascii_lowercase());
    let mut out: HashMap<Key, Vec<String>> = HashMap::new();
    for file in files {
        let lines = parse(&file.text);
        let mut used = 0;
        for (_, from, to) in &lines {
            if let Some((_, rest)) = to.split_once("://") {
                let host = rest.split('/').next().unwrap_or("").to_ascii_lowercase();
                if base_host.as_deref() != Some(host.as_str()) {
                    continue;
                }
            }
            if let Some(t) = targets.url(to) {
                let list = out.entry(t.key.clone()).or_default();
                if !list.contains(from) {
                    list.push(from.clone());
                    used += 1;
                }
            }
        }
        report.redirect_files.push(super::report::RedirectFile {
            path: file.shown.display().to_string(),
            lines: lines.len(),
            used,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lines() {
        let text = "# comment\n/en-US/docs/Glossary/Old\t/en-US/docs/Glossary/New\n\n/a/* /b/:splat 301\n/x /y 301\nnot-a-path /y\n";
        let lines = parse(text);
        assert_eq!(lines.len(), 2);
        assert_eq!(
            lines[0],
            (
                2,
                "/en-US/docs/Glossary/Old".into(),
                "/en-US/docs/Glossary/New".into()
            )
        );
        assert_eq!(lines[1].1, "/x");
    }
}
