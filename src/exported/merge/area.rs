//! An area page: its questions, its related list (markdown items matched with the
//! JSON-LD `hasPart` records), and the FAQPage checked against the markdown.

use super::clean::{clean_description, clean_headline, first_sentence, same_text, site_names};
use super::{Merger, PageData, Record};
use crate::diagnostics::Code;
use crate::exported::ld::{LdCollectionPage, LdFaqPage, LdNode};
use crate::exported::url::Key;
use crate::markdown;

impl Merger<'_> {
    /// An area page: questions, related items (markdown, then the JSON-LD's `hasPart`
    /// records matched by key), the FAQPage checked against the questions.
    pub(super) fn area(&mut self, i: usize, data: &mut PageData) {
        let page = &self.inputs[i].page;
        for q in &page.questions {
            data.questions
                .push((q.question.clone(), q.answer.clone(), q.line));
        }
        let mut items = self.related_items(i, data);
        let mut collection = None;
        let mut faq = None;
        for (block, node) in page.nodes() {
            match node {
                LdNode::CollectionPage(c) if collection.is_none() => {
                    collection = Some((block.line, c))
                }
                LdNode::FaqPage(f) if faq.is_none() => faq = Some((block.line, f)),
                _ => {}
            }
        }
        if let Some((line, c)) = collection {
            self.collection(i, line, c, data, &mut items);
        }
        if let Some((line, f)) = faq {
            self.faq(i, line, f, data);
        }
        if data.record.description.is_empty() {
            if let Some((_, answer, _)) = data.questions.first() {
                data.record.description = first_sentence(answer);
            }
        }
        for (key, rec) in items {
            data.related.push(key.clone());
            self.note(&key, rec);
        }
    }

    /// The markdown related list: one record per entry named (the page itself and
    /// repeats left out, with a warning).
    fn related_items(&mut self, i: usize, data: &PageData) -> Vec<(Key, Record)> {
        let page = &self.inputs[i].page;
        // Markdown related items, then JSON-LD records matched by key.
        let mut items: Vec<(Key, Record)> = Vec::new();
        for item in &page.related {
            let Some(key) = self.reference(i, item.line, &item.url, "related item URL") else {
                continue;
            };
            if key == data.key {
                self.warn(
                    i,
                    item.line,
                    Code::ImportDisagree,
                    "a related item names the page itself; ignored",
                );
                continue;
            }
            if items.iter().any(|(k, _)| *k == key) {
                self.warn(
                    i,
                    item.line,
                    Code::ImportDuplicate,
                    format!("`{key}` is listed twice; kept once"),
                );
                continue;
            }
            let description = item
                .description
                .as_ref()
                .map(|d| clean_description(&d.text))
                .unwrap_or_default();
            items.push((
                key,
                Record {
                    title: item.title.trim().to_string(),
                    description,
                    url: item.url.trim().to_string(),
                    origin: Some(self.origin(i, item.line)),
                    ..Record::default()
                },
            ));
        }
        items
    }

    /// The CollectionPage: headline checked against the H1, the page's description, dates
    /// and image, and each `hasPart` record matched with its related item (or added).
    fn collection(
        &mut self,
        i: usize,
        line: usize,
        c: &LdCollectionPage,
        data: &mut PageData,
        items: &mut Vec<(Key, Record)>,
    ) {
        let page = &self.inputs[i].page;
        let headline = if c.headline.trim().is_empty() {
            &c.name
        } else {
            &c.headline
        };
        let title = clean_headline(headline, &site_names(page));
        if !title.is_empty() && !same_text(&title, &data.record.title) {
            self.warn(
                i,
                line,
                Code::ImportDisagree,
                format!(
                    "the JSON-LD headline `{title}` differs from the H1 `{}`; the H1 is kept",
                    data.record.title
                ),
            );
        }
        data.record.description = clean_description(&c.description);
        data.record.date = self.date(i, line, &c.date_published);
        data.record.updated = self.date(i, line, &c.date_modified);
        data.record.image = self.image(i, line, c.image.as_ref());
        for part in &c.has_part {
            let u = part.link().to_string();
            let line = self.find_line(i, line, &u);
            let Some(key) = self.reference(i, line, &u, "hasPart URL") else {
                continue;
            };
            if key == data.key {
                continue;
            }
            let rec = self.article_record(i, line, part);
            match items.iter_mut().find(|(k, _)| *k == key) {
                Some((_, r)) => {
                    if !rec.title.is_empty() && !same_text(&rec.title, &r.title) {
                        let message = format!(
                            "hasPart headline `{}` differs from the related item `{}` (line {}); the markdown is kept",
                            rec.title,
                            r.title,
                            r.origin.as_ref().map_or(0, |o| o.line)
                        );
                        self.warn(i, line, Code::ImportDisagree, message);
                    }
                    if r.description.is_empty() {
                        r.description = rec.description;
                    }
                    r.date = rec.date;
                    r.updated = rec.updated;
                    r.image = rec.image;
                    r.author = rec.author;
                }
                None => {
                    self.warn(
                        i,
                        line,
                        Code::ImportDisagree,
                        format!("hasPart names `{key}`, which is not in the markdown's related list; added after it"),
                    );
                    items.push((key, rec));
                }
            }
        }
    }

    /// The FAQPage: each question and answer checked against the page's H2s; the markdown
    /// is kept.
    fn faq(&mut self, i: usize, line: usize, f: &LdFaqPage, data: &PageData) {
        for q in &f.questions {
            let line = self.find_line(i, line, &q.name);
            match data.questions.iter().find(|(mq, _, _)| same_text(mq, &q.name)) {
                None => self.warn(
                    i,
                    line,
                    Code::ImportDisagree,
                    format!("the FAQPage question `{}` is not among the page's H2s; the markdown is kept", q.name),
                ),
                Some((_, answer, at)) if !same_text(&markdown::to_plain_text(answer, true), &q.answer) => {
                    let message = format!(
                        "the FAQPage answer to `{}` differs from the text under line {at}; the markdown is kept",
                        q.name
                    );
                    self.warn(i, line, Code::ImportDisagree, message);
                }
                _ => {}
            }
        }
    }
}
