//! The import report as text for people: counts, merges, skips with reasons, warnings
//! with `file:line`.
//!
//! This is presentation, and it belongs at the binary's edge (`main.rs`), not in the
//! library: [`super::import`] returns an [`ImportReport`] as data (also printed as JSON
//! with `--json`). It sits in this one file, apart from the import itself, so that it can
//! move to the binary in one piece (the lead moves it later).

use std::fmt::Write as _;

use super::{ImportReport, KindCounts};

impl ImportReport {
    /// The report for people: counts, merges, skips with reasons, warnings with file:line.
    /// `limit` caps the merged list (warnings and skips are always listed in full).
    pub fn render(&self, limit: usize) -> String {
        let mut s = String::new();
        let verb = if self.dry_run {
            "would import"
        } else {
            "imported"
        };
        let _ = writeln!(
            s,
            "{verb} {} exported pages from {} files into {}{}",
            self.pages,
            self.files,
            self.content.display(),
            if self.dry_run {
                " (dry run: nothing written)"
            } else {
                ""
            }
        );
        let _ = writeln!(s, "  made       {}", self.made.describe());
        let _ = writeln!(
            s,
            "  stubs      {} (short entries for related items without a page)",
            self.stubs.describe()
        );
        let _ = writeln!(
            s,
            "  unchanged  {}, updated {}, kept {} (existing entries stand in for stubs)",
            self.unchanged, self.updated, self.kept
        );
        let _ = writeln!(
            s,
            "  merged     {} entries from several sources",
            self.merged.len()
        );
        for m in self.merged.iter().take(limit) {
            let mut from = Vec::new();
            if m.pages > 0 {
                from.push(format!(
                    "{} page{}",
                    m.pages,
                    if m.pages == 1 { "" } else { "s" }
                ));
            }
            if m.mentions > 0 {
                from.push(format!(
                    "{} reference{}",
                    m.mentions,
                    if m.mentions == 1 { "" } else { "s" }
                ));
            }
            let _ = writeln!(s, "             {} ← {}", m.key, from.join(" + "));
        }
        if self.merged.len() > limit {
            let _ = writeln!(
                s,
                "             … and {} more (--json lists them all)",
                self.merged.len() - limit
            );
        }
        let _ = writeln!(s, "  skipped    {}", self.skipped.len());
        for k in &self.skipped {
            let _ = writeln!(s, "             {}: {}", k.path, k.reason);
        }
        let _ = writeln!(s, "  warnings   {}", self.warnings.len());
        for w in &self.warnings {
            let at = w
                .location
                .as_ref()
                .map_or(String::new(), |l| format!(":{}", l.line));
            let _ = writeln!(s, "             {}{at}: {}", w.path.display(), w.message);
        }
        s
    }
}

impl KindCounts {
    /// `3 terms, 1 definition, 0 areas`.
    fn describe(&self) -> String {
        let n = |count: usize, one: &str, many: &str| {
            format!("{count} {}", if count == 1 { one } else { many })
        };
        format!(
            "{}, {}, {}",
            n(self.terms, "term", "terms"),
            n(self.definitions, "definition", "definitions"),
            n(self.areas, "area", "areas")
        )
    }
}
