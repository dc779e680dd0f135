//! `glossa import`'s report for people: counts, merges, skips with reasons, warnings with
//! `file:line` (the library returns it as data, which `--json` prints as it is).

use std::fmt::Write as _;

use glossa::foreign::ForeignReport;
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
    let other = report.foreign.as_ref().map_or(0, |f| f.pages);
    let what = if report.records > 0 {
        format!("{} records (rows, objects, concepts)", report.records)
    } else if other > 0 {
        format!(
            "{} exported pages and {other} pages of other generators",
            report.pages
        )
    } else {
        format!("{} exported pages", report.pages)
    };
    let _ = writeln!(
        s,
        "{verb} {what} from {} files into {}{}",
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
    if let Some(f) = &report.foreign {
        foreign(&mut s, f, report.files_copied, limit);
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

/// The part about other generators' pages.
fn foreign(s: &mut String, f: &ForeignReport, copied: usize, limit: usize) {
    let by: Vec<String> = f
        .generators
        .iter()
        .map(|(g, n)| format!("{} {n}", g.name()))
        .collect();
    let _ = writeln!(s, "  generators {}", by.join(", "));
    let _ = writeln!(s, "  mapped     {} keys", f.mappings.len());
    for m in &f.mappings {
        let _ = writeln!(
            s,
            "             `{}` → `{}`: {} {}",
            printable(&m.from),
            m.to,
            m.files,
            files(m.files)
        );
    }
    let _ = writeln!(s, "  kept aside {} keys, under [extra]", f.kept_aside.len());
    for m in &f.kept_aside {
        let _ = writeln!(
            s,
            "             `{}`: {} {}",
            printable(&m.from),
            m.files,
            files(m.files)
        );
    }
    let _ = writeln!(s, "  converted  {} kinds", f.converted.len());
    for (what, n) in &f.converted {
        let _ = writeln!(s, "             {}: {n}", printable(what));
    }
    if !f.links.is_empty() {
        let _ = writeln!(s, "  links");
        for (what, n) in &f.links {
            let _ = writeln!(s, "             {}: {n}", printable(what));
        }
    }
    if !f.dropped.is_empty() {
        let total: usize = f.dropped.values().sum();
        let _ = writeln!(
            s,
            "  dropped    {total} navigation macros (glossa makes its own navigation)"
        );
        for (name, n) in &f.dropped {
            let _ = writeln!(s, "             {}: {n}", printable(name));
        }
    }
    after_conversions(s, f, copied, limit);
}

/// Redirects, tag areas, copied files and the template syntax left.
fn after_conversions(s: &mut String, f: &ForeignReport, copied: usize, limit: usize) {
    let _ = writeln!(
        s,
        "  redirects  {} old URLs in `redirect_from`",
        f.redirects
    );
    for r in &f.redirect_files {
        let _ = writeln!(
            s,
            "             {}: {} of {} lines lead to imported pages",
            printable(&r.path),
            r.used,
            r.lines
        );
    }
    let _ = writeln!(
        s,
        "  tag areas  {} (areas made up for tags, `stub = true`)",
        f.tag_areas
    );
    if copied > 0 {
        let _ = writeln!(s, "  copied     {copied} files of page bundles");
    }
    let by_name = f.leftovers_by_name();
    let counts: Vec<String> = by_name.iter().map(|(n, c)| format!("{n} {c}")).collect();
    let _ = writeln!(
        s,
        "  template syntax left {}{}",
        f.leftovers.len(),
        if counts.is_empty() {
            String::new()
        } else {
            format!(" ({})", printable(&counts.join(", ")))
        }
    );
    for l in f.leftovers.iter().take(limit) {
        let _ = writeln!(
            s,
            "             {}:{}: {}",
            printable(&l.path),
            l.line,
            printable(&l.text)
        );
    }
    if f.leftovers.len() > limit {
        let _ = writeln!(
            s,
            "             … and {} more (--json lists them all)",
            f.leftovers.len() - limit
        );
    }
}

fn files(n: usize) -> &'static str {
    if n == 1 {
        "file"
    } else {
        "files"
    }
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
