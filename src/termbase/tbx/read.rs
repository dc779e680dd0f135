//! Reading TBX: concept by concept, with quick-xml's pull parser over the file's text.
//! No entity is ever expanded: a DOCTYPE declaring entities stops the file at once (so a
//! "billion laughs" file or an external entity costs nothing), and a reference to an
//! entity XML does not predefine is an error at its line. Nothing is fetched.

use std::collections::BTreeMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::XmlVersion;

use super::{concept, Concept, Lang, Target};
use crate::termbase::{too_big, FileError, Item, Next};

/// The concepts of a TBX file, as [`Item`]s.
pub struct Reader<'a> {
    text: &'a str,
    xml: quick_xml::Reader<&'a [u8]>,
    /// The site's language: its terms are the title and aliases.
    language: String,
    /// Line counting: the byte offset counted up to, and its line.
    counted: usize,
    line: usize,
    root: bool,
    concept: Option<Concept>,
    /// Inside a `langSec` (or `langSet`) of the concept: its index there.
    lang: Option<usize>,
    /// The text being gathered, for what.
    gather: Option<Gather>,
    /// Open elements inside the concept, to know when what is being gathered ends.
    depth: usize,
    /// Data categories left out, by name, with a count.
    ignored: BTreeMap<String, usize>,
    done: bool,
}

/// Text being gathered from an element (inline markup inside it included).
struct Gather {
    target: Target,
    depth: usize,
    text: String,
    /// The element's name, for messages.
    name: String,
}

impl<'a> Reader<'a> {
    /// A reader over the file's bytes (UTF-8, with or without a byte-order mark).
    pub fn new(bytes: &'a [u8], language: &str) -> Result<Reader<'a>, FileError> {
        let text = crate::termbase::utf8(bytes)?;
        let mut xml = quick_xml::Reader::from_str(text);
        xml.config_mut().check_end_names = true;
        Ok(Reader {
            text,
            xml,
            language: crate::text::lowercase(language.trim()),
            counted: 0,
            line: 1,
            root: false,
            concept: None,
            lang: None,
            gather: None,
            depth: 0,
            ignored: BTreeMap::new(),
            done: false,
        })
    }

    /// The line of byte offset `at` (offsets only move forward).
    fn line_at(&mut self, at: usize) -> usize {
        let at = at.min(self.text.len());
        if at > self.counted {
            self.line += self.text.as_bytes()[self.counted..at]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.counted = at;
        }
        self.line
    }

    fn error(&mut self, at: usize, message: impl Into<String>) -> FileError {
        FileError::new(self.line_at(at), message)
    }

    /// Reads events until a concept ends (its item) or the file does (`None`).
    fn next_item(&mut self) -> Result<Option<Item>, FileError> {
        loop {
            let at = self.xml.buffer_position() as usize;
            let event = match self.xml.read_event() {
                Ok(e) => e,
                Err(e) => {
                    let at = self.xml.error_position() as usize;
                    return Err(self.error(at, format!("not well-formed XML: {e}")));
                }
            };
            match event {
                Event::Decl(d) => {
                    if let Some(Ok(enc)) = d.encoding() {
                        if !enc.eq_ignore_ascii_case("utf-8") {
                            return Err(self.error(
                                at,
                                format!(
                                    "the file says it is {enc}; glossa reads TBX in UTF-8 only"
                                ),
                            ));
                        }
                    }
                }
                Event::DocType(d) => {
                    if d.xml10_content().contains("<!ENTITY") {
                        return Err(self.error(at, "the DOCTYPE declares entities; glossa never expands entities (they can make a small file huge, or read other files): remove the declarations"));
                    }
                }
                Event::Start(e) => {
                    self.start(&e, at, false)?;
                }
                Event::Empty(e) => {
                    if let Some(item) = self.start(&e, at, true)? {
                        return Ok(Some(item));
                    }
                }
                Event::End(_) => {
                    if let Some(item) = self.end() {
                        return Ok(Some(item));
                    }
                }
                Event::Text(t) => self.push_text(&t.xml10_content()),
                Event::CData(t) => self.push_text(&t.xml10_content()),
                Event::GeneralRef(r) => {
                    let c = match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        Ok(None) => match predefined(&r.xml10_content()) {
                            Some(c) => c.to_string(),
                            None => {
                                let name = r.xml10_content().into_owned();
                                return Err(self.error(at, format!("`&{name};` is an entity XML does not define; glossa expands no other entities")));
                            }
                        },
                        Err(e) => {
                            return Err(self.error(
                                at,
                                format!("a character reference that is no character: {e}"),
                            ))
                        }
                    };
                    self.push_text(&c);
                }
                Event::Eof => {
                    if let Some(line) = self.concept.as_ref().map(Concept::line) {
                        return Err(FileError::new(
                            line,
                            "the file ends inside this conceptEntry: it was cut off",
                        ));
                    }
                    if !self.root {
                        return Err(self.error(
                            at,
                            "no TBX here: the file has no <tbx> (or <martif>) element",
                        ));
                    }
                    return Ok(self.summary());
                }
                Event::Comment(_) | Event::PI(_) => {}
            }
        }
    }

    fn push_text(&mut self, text: &str) {
        if let Some(g) = &mut self.gather {
            // Past the limit nothing more is kept; the concept is refused when it ends.
            if g.text.len() <= crate::termbase::MAX_CELL {
                g.text.push_str(text);
            }
        }
    }

    /// A start tag (or an empty element, which is its own end: an empty concept is
    /// refused at once).
    fn start(
        &mut self,
        e: &BytesStart<'_>,
        at: usize,
        empty: bool,
    ) -> Result<Option<Item>, FileError> {
        let name = e.local_name().into_inner().to_string();
        let mut attrs: BTreeMap<String, String> = BTreeMap::new();
        for a in e.attributes() {
            let a =
                a.map_err(|err| self.error(at, format!("an attribute cannot be read: {err}")))?;
            let value = a
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|err| self.error(at, format!("an attribute cannot be read: {err}")))?;
            attrs.insert(a.key.0.to_string(), value.into_owned());
        }
        if !self.root {
            if name != "tbx" && name != "martif" {
                return Err(self.error(at, format!("not TBX: the root element is <{name}>, not <tbx> (TBX 2019) or <martif> (TBX 2008)")));
            }
            self.root = true;
            return Ok(None);
        }
        let line = self.line_at(at);
        if self.concept.is_none() {
            if name == "conceptEntry" || name == "termEntry" {
                let c = Concept::new(line, attrs.get("id").cloned());
                if empty {
                    return Ok(Some(concept::item(c, &self.language)));
                }
                self.concept = Some(c);
                self.depth = 1;
            }
            return Ok(None);
        }
        if self.gather.is_some() {
            // Inline markup (`hi`, `foreign`, `ph`…): its text is part of the text.
            self.depth += usize::from(!empty);
            return Ok(None);
        }
        if empty {
            match super::target(&name, &attrs) {
                Some(target) => {
                    if let Some(c) = &mut self.concept {
                        c.put(target, String::new(), self.lang);
                    }
                }
                None => self.note_ignored(&name, &attrs),
            }
            return Ok(None);
        }
        self.depth += 1;
        match name.as_str() {
            "langSec" | "langSet" => {
                let lang = attrs.get("xml:lang").or_else(|| attrs.get("lang"));
                let lang = crate::text::lowercase(lang.map_or("", |l| l.trim()));
                if let Some(c) = &mut self.concept {
                    c.langs.push(Lang::new(lang));
                    self.lang = Some(c.langs.len() - 1);
                }
            }
            _ => match super::target(&name, &attrs) {
                Some(target) => {
                    self.gather = Some(Gather {
                        target,
                        depth: self.depth,
                        text: String::new(),
                        name: super::category(&name, &attrs),
                    })
                }
                None => self.note_ignored(&name, &attrs),
            },
        }
        Ok(None)
    }

    /// A data category left out (counted for the summary warning).
    fn note_ignored(&mut self, name: &str, attrs: &BTreeMap<String, String>) {
        if super::is_container(name) {
            return;
        }
        *self
            .ignored
            .entry(super::category(name, attrs))
            .or_default() += 1;
    }

    /// An end tag: the gathered text is put in place; the concept's end gives its item.
    fn end(&mut self) -> Option<Item> {
        let concept = self.concept.as_mut()?;
        if let Some(g) = self.gather.take_if(|g| g.depth == self.depth) {
            if let Some(why) = too_big(g.text.len()) {
                concept
                    .too_big
                    .get_or_insert(format!("a `{}` of {why}", g.name));
            } else {
                concept.put(g.target, g.text, self.lang);
            }
        }
        self.depth = self.depth.saturating_sub(1);
        if self.depth == 0 {
            let c = self.concept.take()?;
            self.lang = None;
            return Some(concept::item(c, &self.language));
        }
        if self.gather.is_none() && self.lang.is_some() && self.depth == 1 {
            // A `langSec` closes at the concept's depth + 1.
            self.lang = None;
        }
        None
    }

    /// The warning naming what was left out, once at the end.
    fn summary(&mut self) -> Option<Item> {
        self.done = true;
        if self.ignored.is_empty() {
            return None;
        }
        let list: Vec<String> = std::mem::take(&mut self.ignored)
            .into_iter()
            .map(|(name, n)| format!("{name} ({n})"))
            .collect();
        Some(Item::Warning {
            line: 1,
            message: format!(
                "left out (glossa has no field for them): {}",
                list.join(", ")
            ),
        })
    }
}

/// XML's five predefined entities.
fn predefined(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "apos" => Some('\''),
        "quot" => Some('"'),
        _ => None,
    }
}

impl Iterator for Reader<'_> {
    type Item = Next;

    fn next(&mut self) -> Option<Next> {
        if self.done {
            return None;
        }
        match self.next_item() {
            Ok(item) => item.map(Ok),
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}
