//! `glossa search` results for a reader, plain or with ANSI colours.

use glossa::index::query::Results;

use super::printable;

/// The results for a reader: rank, title and kind, URL, snippet; on a terminal
/// (`color`) titles in bold and matches in bold yellow.
pub(crate) fn write(
    results: &Results,
    out: &mut dyn std::io::Write,
    color: bool,
) -> std::io::Result<()> {
    let (bold, mark, dim, reset) = if color {
        ("\x1b[1m", "\x1b[1;33m", "\x1b[2m", "\x1b[0m")
    } else {
        ("", "", "", "")
    };
    for c in &results.corrections {
        let replacements: Vec<String> = c.replacements.iter().map(|r| format!("“{r}”")).collect();
        writeln!(
            out,
            "{dim}“{}” not found; searched for {}{reset}",
            printable(&c.word),
            printable(&replacements.join(", "))
        )?;
    }
    for hit in &results.results {
        writeln!(
            out,
            "{}. {bold}{}{reset} ({})",
            hit.rank,
            printable(&hit.title),
            hit.kind.as_str()
        )?;
        writeln!(out, "   {dim}{}{reset}", printable(&hit.url))?;
        let mut snippet = String::new();
        let mut at = 0;
        for [start, end] in &hit.highlights {
            snippet.push_str(&printable(&hit.snippet[at..*start]));
            snippet.push_str(mark);
            snippet.push_str(&printable(&hit.snippet[*start..*end]));
            snippet.push_str(reset);
            at = *end;
        }
        snippet.push_str(&printable(&hit.snippet[at..]));
        if !snippet.is_empty() {
            writeln!(out, "   {snippet}")?;
        }
    }
    if results.total == 0 {
        if !results.suggestions.is_empty() {
            let words: Vec<String> = results
                .suggestions
                .iter()
                .map(|w| format!("“{}”", printable(w)))
                .collect();
            writeln!(out, "Closest words of the site: {}", words.join(", "))?;
        }
        if let Some(url) = &results.glossary {
            writeln!(out, "Every entry, A–Z: {}", printable(url))?;
        }
    }
    if results.total > 0 {
        let kinds: Vec<String> = results
            .facets
            .kinds
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        let areas: Vec<String> = results
            .facets
            .areas
            .iter()
            .map(|(a, n)| format!("{} {n}", printable(a)))
            .collect();
        write!(out, "{dim}kinds: {}", kinds.join(", "))?;
        if !areas.is_empty() {
            write!(out, "; areas (--area): {}", areas.join(", "))?;
        }
        writeln!(out, "{reset}")?;
    }
    if results.total > results.results.len() {
        writeln!(
            out,
            "{dim}{} of {} results; --limit shows more{reset}",
            results.results.len(),
            results.total
        )?;
    }
    Ok(())
}
