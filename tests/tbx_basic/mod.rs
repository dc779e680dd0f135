//! The TBX-Basic dialect's rules (TBX 2019, DCA style) as checks: no registry package
//! ships its RNG or Schematron, so the rules are written here, from the dialect's
//! definition: root attributes and namespace, the header, each data category's types and
//! levels, `target`s that are ids of the file or http(s) URLs, and dates.

use std::collections::HashSet;

use quick_xml::events::Event;

const NS: &str = "urn:iso:std:iso:30042:ed-2";

/// Which types each element may have, and at which levels (the parent element, or a
/// group's parent).
fn allowed(name: &str, ty: &str, level: &str) -> Result<(), String> {
    let levels: &[&str] = match (name, ty) {
        ("descrip", "subjectField") => &["conceptEntry"],
        ("descrip", "definition") => &["conceptEntry", "langSec"],
        ("descrip", "context") => &["termSec"],
        ("admin", "source") => &["conceptEntry", "langSec", "termSec"],
        ("admin", "customerSubset" | "projectSubset") => &["conceptEntry", "termSec"],
        ("ref", "crossReference") => &["conceptEntry", "termSec"],
        ("xref", "externalCrossReference") => &["conceptEntry", "langSec", "termSec"],
        ("xref", "xGraphic") => &["conceptEntry", "langSec"],
        ("transac", "transactionType") => &["conceptEntry", "langSec", "termSec"],
        ("transacNote", "responsibility") => &["conceptEntry", "langSec", "termSec"],
        ("termNote", _) => &["termSec"],
        _ => {
            return Err(format!(
                "<{name} type=\"{ty}\"> is no TBX-Basic data category"
            ))
        }
    };
    match levels.contains(&level) {
        true => Ok(()),
        false => Err(format!(
            "<{name} type=\"{ty}\"> may not appear at {level} level"
        )),
    }
}

/// What the checks keep while reading.
#[derive(Default)]
struct State {
    problems: Vec<String>,
    stack: Vec<String>,
    ids: HashSet<String>,
    targets: Vec<String>,
}

/// Every rule the document breaks.
pub(crate) fn problems(text: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut s = State::default();
    loop {
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => return vec![format!("not well-formed: {e}")],
        };
        match event {
            Event::Start(e) => {
                let name = element(&mut s, &e);
                s.stack.push(name);
            }
            Event::Empty(e) => {
                element(&mut s, &e);
            }
            Event::Text(t) => {
                let v = t.xml10_content().to_string();
                match s.stack.last().map(String::as_str) {
                    Some("date") => {
                        let day = time::macros::format_description!("[year]-[month]-[day]");
                        let rfc = &time::format_description::well_known::Rfc3339;
                        let ok = time::Date::parse(&v, day).is_ok()
                            || time::OffsetDateTime::parse(&v, rfc).is_ok();
                        if !ok {
                            s.problems
                                .push(format!("date {v} is no xsd:date or xsd:dateTime"));
                        }
                    }
                    Some("transac") if v != "origination" && v != "modification" => {
                        s.problems.push(format!("transactionType {v}"));
                    }
                    _ => {}
                }
            }
            Event::End(_) => {
                s.stack.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    for t in &s.targets {
        if !(t.starts_with("http://") || t.starts_with("https://") || s.ids.contains(t)) {
            s.problems.push(format!(
                "target {t} is neither an id of the file nor an http(s) URL"
            ));
        }
    }
    if !text.contains("<sourceDesc>") {
        s.problems.push("no sourceDesc".into());
    }
    s.problems
}

/// The rules about one element (its name, attributes, place); its name.
fn element(s: &mut State, e: &quick_xml::events::BytesStart<'_>) -> String {
    let name = e.local_name().into_inner().to_string();
    let attr = |k: &str| {
        e.attributes()
            .flatten()
            .find(|a| a.key.0 == k)
            .map(|a| a.value.to_string())
    };
    let problems = &mut s.problems;
    if s.stack.is_empty() {
        if name != "tbx" || attr("type").as_deref() != Some("TBX-Basic") {
            problems.push("the root is not <tbx type=\"TBX-Basic\">".into());
        }
        if attr("style").as_deref() != Some("dca") {
            problems.push("style is not dca".into());
        }
        if attr("xmlns").as_deref() != Some(NS) {
            problems.push("the namespace is not TBX's".into());
        }
        if attr("xml:lang").is_none_or(|l| l.is_empty()) {
            problems.push("no xml:lang".into());
        }
    }
    if let Some(id) = attr("id") {
        if !s.ids.insert(id.clone()) {
            problems.push(format!("id {id} twice"));
        }
    }
    if let Some(t) = attr("target") {
        s.targets.push(t);
    }
    let parent = s.stack.last().cloned().unwrap_or_default();
    match name.as_str() {
        "conceptEntry" if parent != "body" || attr("id").is_none() => {
            problems.push("conceptEntry outside body, or without id".into())
        }
        "langSec" if parent != "conceptEntry" || attr("xml:lang").is_none() => {
            problems.push("langSec outside conceptEntry or without xml:lang".into())
        }
        "termSec" if parent != "langSec" => problems.push("termSec outside langSec".into()),
        "term" if parent != "termSec" => problems.push("term outside termSec".into()),
        "sourceDesc" if parent != "fileDesc" => problems.push("sourceDesc outside fileDesc".into()),
        "descrip" | "admin" | "ref" | "xref" | "transac" | "transacNote" | "termNote" => {
            let ty = attr("type").unwrap_or_default();
            let level = match parent.as_str() {
                p if p.ends_with("Grp") => s.stack[s.stack.len() - 2].clone(),
                p => p.to_string(),
            };
            if let Err(p) = allowed(&name, &ty, &level) {
                problems.push(p);
            }
        }
        _ => {}
    }
    name
}
