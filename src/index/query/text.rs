//! The results as text for a reader, plain or with ANSI colours: printing, which belongs at
//! the binary's edge (`main.rs` calls it) rather than in the library; it is kept here,
//! beside [`Results`], until it moves there.

use super::Results;

impl Results {
    /// The results for a reader: rank, title and kind, URL, snippet; on a terminal
    /// (`color`) titles in bold and matches in bold yellow.
    pub fn write_text(&self, out: &mut dyn std::io::Write, color: bool) -> std::io::Result<()> {
        let (bold, mark, dim, reset) = if color {
            ("\x1b[1m", "\x1b[1;33m", "\x1b[2m", "\x1b[0m")
        } else {
            ("", "", "", "")
        };
        for c in &self.corrections {
            let replacements: Vec<String> =
                c.replacements.iter().map(|r| format!("“{r}”")).collect();
            writeln!(
                out,
                "{dim}“{}” not found; searched for {}{reset}",
                c.word,
                replacements.join(", ")
            )?;
        }
        for hit in &self.results {
            writeln!(
                out,
                "{}. {bold}{}{reset} ({})",
                hit.rank,
                hit.title,
                hit.kind.as_str()
            )?;
            writeln!(out, "   {dim}{}{reset}", hit.url)?;
            let mut snippet = String::new();
            let mut at = 0;
            for [start, end] in &hit.highlights {
                snippet.push_str(&hit.snippet[at..*start]);
                snippet.push_str(mark);
                snippet.push_str(&hit.snippet[*start..*end]);
                snippet.push_str(reset);
                at = *end;
            }
            snippet.push_str(&hit.snippet[at..]);
            if !snippet.is_empty() {
                writeln!(out, "   {snippet}")?;
            }
        }
        if self.total > self.results.len() {
            writeln!(
                out,
                "{dim}{} of {} results; --limit shows more{reset}",
                self.results.len(),
                self.total
            )?;
        }
        Ok(())
    }
}
