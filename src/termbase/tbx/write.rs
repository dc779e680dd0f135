//! Writing TBX-Basic (TBX 2019, DCA style): one `conceptEntry` per record, with the
//! data categories the dialect allows at each level (subject fields, cross-references,
//! sources and transactions at the concept; definitions, notes and terms in language
//! sections).

use std::fmt::Write as _;
use std::io::Write;

use crate::termbase::Record;

/// The file's header.
pub struct Header<'a> {
    /// The site's language (`xml:lang` of the file and of its main language sections).
    pub language: &'a str,
    /// The glossary's title.
    pub title: &'a str,
    /// A sentence saying where it comes from.
    pub source: &'a str,
}

/// Writes `records` as a TBX-Basic file. Each record's `id` (`term-margin`) names its
/// concept; a related item whose `id` is one of theirs becomes a `crossReference` to it.
pub fn write(records: &[Record], header: &Header<'_>, out: &mut dyn Write) -> std::io::Result<()> {
    let lang = attr(header.language);
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<tbx type="TBX-Basic" style="dca" xml:lang="{lang}" xmlns="urn:iso:std:iso:30042:ed-2">"#
    )?;
    writeln!(out, "  <tbxHeader>\n    <fileDesc>")?;
    writeln!(
        out,
        "      <titleStmt>\n        <title>{}</title>\n      </titleStmt>",
        text(header.title)
    )?;
    writeln!(
        out,
        "      <sourceDesc>\n        <p>{}</p>\n      </sourceDesc>",
        text(header.source)
    )?;
    writeln!(out, "    </fileDesc>\n  </tbxHeader>\n  <text>")?;
    // `body` needs at least one concept.
    if !records.is_empty() {
        writeln!(out, "    <body>")?;
        let ids: std::collections::HashSet<&str> =
            records.iter().filter_map(|r| r.id.as_deref()).collect();
        for (n, r) in records.iter().enumerate() {
            out.write_all(concept(r, n, &lang, &ids).as_bytes())?;
        }
        writeln!(out, "    </body>")?;
    }
    writeln!(out, "  </text>\n</tbx>")
}

/// One `conceptEntry` (its id: the record's, else `c<n>`).
fn concept(r: &Record, n: usize, lang: &str, ids: &std::collections::HashSet<&str>) -> String {
    let mut s = String::with_capacity(r.body.len() + 512);
    let id = r.id.clone().unwrap_or_else(|| format!("c{}", n + 1));
    let _ = writeln!(s, r#"      <conceptEntry id="{}">"#, attr(&id));
    for area in &r.areas {
        let _ = writeln!(
            s,
            r#"        <descrip type="subjectField">{}</descrip>"#,
            text(area)
        );
    }
    for x in &r.related {
        match x.id.as_deref().filter(|id| ids.contains(id)) {
            Some(target) => {
                let _ = writeln!(
                    s,
                    r#"        <ref type="crossReference" target="{}">{}</ref>"#,
                    attr(target),
                    text(&x.name)
                );
            }
            None => {
                let _ = writeln!(
                    s,
                    r#"        <ref type="crossReference">{}</ref>"#,
                    text(&x.name)
                );
            }
        }
    }
    if let Some(source) = &r.source_url {
        let _ = writeln!(
            s,
            r#"        <admin type="source">{}</admin>"#,
            text(source)
        );
    }
    transaction(
        &mut s,
        "origination",
        r.date.as_deref(),
        r.author.as_deref(),
    );
    transaction(&mut s, "modification", r.updated.as_deref(), None);
    let _ = writeln!(s, r#"        <langSec xml:lang="{lang}">"#);
    section(&mut s, &r.title, &r.aliases, &r.description, &r.body);
    s.push_str("        </langSec>\n");
    for (tag, t) in &r.translations {
        if t.title.is_empty() {
            continue;
        }
        let _ = writeln!(s, r#"        <langSec xml:lang="{}">"#, attr(tag));
        section(&mut s, &t.title, &t.aliases, &t.description, &t.body);
        s.push_str("        </langSec>\n");
    }
    s.push_str("      </conceptEntry>\n");
    s
}

/// A `transacGrp` when there is a date or a person.
fn transaction(s: &mut String, kind: &str, date: Option<&str>, who: Option<&str>) {
    if date.is_none() && who.is_none() {
        return;
    }
    s.push_str("        <transacGrp>\n");
    let _ = writeln!(
        s,
        r#"          <transac type="transactionType">{kind}</transac>"#
    );
    if let Some(d) = date {
        let _ = writeln!(s, "          <date>{}</date>", text(d));
    }
    if let Some(w) = who {
        let _ = writeln!(
            s,
            r#"          <transacNote type="responsibility">{}</transacNote>"#,
            text(w)
        );
    }
    s.push_str("        </transacGrp>\n");
}

/// A language section's definition, note and terms.
fn section(s: &mut String, title: &str, aliases: &[String], description: &str, body: &str) {
    if !description.is_empty() {
        let _ = writeln!(
            s,
            r#"          <descrip type="definition">{}</descrip>"#,
            text(description)
        );
    }
    if !body.is_empty() {
        let _ = writeln!(s, "          <note>{}</note>", text(body));
    }
    for term in std::iter::once(title).chain(aliases.iter().map(String::as_str)) {
        let _ = writeln!(
            s,
            "          <termSec>\n            <term>{}</term>\n          </termSec>",
            text(term)
        );
    }
}

/// Text escaped for XML 1.0 content: `&`, `<`, `>`; a carriage return as a character
/// reference (a parser would turn a raw one into a line feed); characters XML 1.0 cannot
/// hold at all (most control characters) left out.
pub(crate) fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// An attribute value: as [`text`], and `"` as `&quot;`; tabs and line breaks as
/// references (a parser would turn them into spaces).
pub(crate) fn attr(s: &str) -> String {
    text(s)
        .replace('"', "&quot;")
        .replace('\t', "&#9;")
        .replace('\n', "&#10;")
}

/// Whether XML 1.0 allows a character.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}
