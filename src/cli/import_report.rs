//! `glossa import`'s report for people: counts, merges, skips with reasons, warnings with
//! `file:line` (the library returns it as data, which `--json` prints as it is).

use std::fmt::Write as _;

use glossa::import::{ImportReport, KindCounts};

use super::printable;

/// The report; `limit` caps the merged list (warnings and skips are always listed in full).
pub(crate) fn render(report: &ImportReport, limit: usize) -> String {
    let mut s = String::new();
    let verb = if report.dry_run {
        "would import"
    } else {
        "imported"
    };
    let _ = writeln!(
        s,
        "{verb} {} exported pages from {} files into {}{}",
        report.pages,
        report.files,
        printable(&report.content.display().to_string()),
        if report.dry_run {
            " (dry run: nothing written)"
        } else {
            ""
        }
    );
    let _ = writeln!(s, "  made       {}", describe(&report.made));
    let _ = writeln!(
        s,
        "  stubs      {} (short entries for related items without a page)",
        describe(&report.stubs)
    );
    let _ = writeln!(
        s,
        "  unchanged  {}, updated {}, kept {} (existing entries stand in for stubs)",
        report.unchanged, report.updated, report.kept
    );
    let _ = writeln!(
        s,
        "  merged     {} entries from several sources",
        report.merged.len()
    );
    for m in report.merged.iter().take(limit) {
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
        let _ = writeln!(
            s,
            "             {} ← {}",
            printable(&m.key.to_string()),
            from.join(" + ")
        );
    }
    if report.merged.len() > limit {
        let _ = writeln!(
            s,
            "             … and {} more (--json lists them all)",
            report.merged.len() - limit
        );
    }
    let _ = writeln!(s, "  skipped    {}", report.skipped.len());
    for k in &report.skipped {
        let _ = writeln!(
            s,
            "             {}: {}",
            printable(&k.path),
            printable(&k.reason)
        );
    }
    let _ = writeln!(s, "  warnings   {}", report.warnings.len());
    for w in &report.warnings {
        let at = w
            .location
            .as_ref()
            .map_or(String::new(), |l| format!(":{}", l.line));
        let _ = writeln!(
            s,
            "             {}{at}: {}",
            printable(&w.path.display().to_string()),
            printable(&w.message)
        );
    }
    s
}

/// `3 terms, 1 definition, 0 areas`.
fn describe(counts: &KindCounts) -> String {
    let n = |count: usize, one: &str, many: &str| {
        format!("{count} {}", if count == 1 { one } else { many })
    };
    format!(
        "{}, {}, {}",
        n(counts.terms, "term", "terms"),
        n(counts.definitions, "definition", "definitions"),
        n(counts.areas, "area", "areas")
    )
}
