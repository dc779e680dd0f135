//! Combining: the pages of one key (an area and its resource pages, a page exported twice)
//! and the references naming it into one [`Draft`]; a stub for a key only references name.
//! The page wins for text, the richest record for dates and image.

use super::clean::{first_sentence, same_text, title_from_slug};
use super::{Draft, Merger, Origin, PageData, Record};
use crate::diagnostics::Code;
use crate::exported::url::{self, Key};

impl Merger<'_> {
    /// Merges the pages of one key (an area and its resource pages, or a page exported
    /// twice) with the records that reference it.
    pub(super) fn combine(
        &mut self,
        key: Key,
        mut group: Vec<PageData>,
        records: Vec<Record>,
    ) -> Draft {
        group.sort_by_key(|p| (p.resource, p.input));
        let mut redirect_from: Vec<String> = group
            .iter()
            .filter(|p| p.resource > 1)
            .map(|p| format!("{}resource/{}/", key.path(), p.resource))
            .collect();
        redirect_from.dedup();
        let mut origins: Vec<Origin> = group
            .iter()
            .filter_map(|p| p.record.origin.clone())
            .collect();
        let pages = group.len();
        let mut iter = group.into_iter();
        let Some(first) = iter.next() else {
            return stub(key, records);
        };
        let mut questions = first.questions;
        let mut related = first.related;
        let mut areas = first.areas;
        let mut body = first.body;
        let mut source_url = first.source_url;
        let mut page_record = first.record;
        for p in iter {
            let input = p.input;
            if !same_text(&p.record.title, &page_record.title) {
                let message = format!(
                    "`{key}` is titled `{}` here but `{}` in {}; the first is kept",
                    p.record.title,
                    page_record.title,
                    origins
                        .first()
                        .map_or(String::new(), |o| o.path.display().to_string())
                );
                self.warn(
                    input,
                    p.record.origin.as_ref().map_or(0, |o| o.line),
                    Code::ImportDisagree,
                    message,
                );
            }
            for (q, a, line) in p.questions {
                match questions.iter().find(|(mq, _, _)| same_text(mq, &q)) {
                    None => questions.push((q, a, line)),
                    Some((_, ma, _)) if !same_text(ma, &a) => {
                        let message = format!("the question `{q}` is answered differently on an earlier page; the first answer is kept");
                        self.warn(input, line, Code::ImportDuplicate, message);
                    }
                    Some(_) => {}
                }
            }
            for k in p.related {
                if !related.contains(&k) {
                    related.push(k);
                }
            }
            for k in p.areas {
                if !areas.contains(&k) {
                    areas.push(k);
                }
            }
            if body.is_empty() {
                body = p.body;
            } else if !p.body.is_empty() && p.body != body {
                let line = p.record.origin.as_ref().map_or(0, |o| o.line);
                self.warn(input, line, Code::ImportDuplicate, format!("`{key}` was exported twice with different text; the first page's text is kept"));
            }
            if source_url.is_empty() {
                source_url = p.source_url;
            }
            fill(&mut page_record, p.record);
        }
        let mentions = records.len();
        origins.extend(records.iter().filter_map(|r| r.origin.clone()));
        from_records(&mut page_record, &records, &body, &mut source_url);
        Draft {
            key,
            title: page_record.title,
            description: page_record.description,
            date: page_record.date,
            updated: page_record.updated,
            author: page_record.author,
            image: page_record.image,
            related,
            areas,
            questions: questions.into_iter().map(|(q, a, _)| (q, a)).collect(),
            body,
            source_url,
            redirect_from,
            stub: false,
            origins,
            pages,
            mentions,
        }
    }
}

/// What the page's own record lacks, from the references naming it: the page wins for
/// text; the richest record wins for dates and image.
fn from_records(page_record: &mut Record, records: &[Record], body: &str, source_url: &mut String) {
    let best_dates = records
        .iter()
        .filter(|r| r.date_score() > page_record.date_score())
        .max_by_key(|r| (r.date_score(), std::cmp::Reverse(r.origin.clone())));
    if let Some(r) = best_dates {
        page_record.date = r.date;
        page_record.updated = r.updated;
    }
    let best_image = records
        .iter()
        .filter(|r| r.image_score() > page_record.image_score())
        .max_by_key(|r| (r.image_score(), std::cmp::Reverse(r.origin.clone())));
    if let Some(r) = best_image {
        page_record.image = r.image.clone();
    }
    if page_record.description.is_empty() {
        page_record.description = records
            .iter()
            .map(|r| r.description.clone())
            .find(|d| !d.is_empty())
            .unwrap_or_else(|| first_sentence(body));
    }
    if page_record.author.is_none() {
        page_record.author = records.iter().find_map(|r| r.author.clone());
    }
    if source_url.is_empty() {
        *source_url = records
            .iter()
            .map(|r| r.url.clone())
            .find(|u| !u.is_empty())
            .unwrap_or_default();
    }
}

/// Fills what `into` lacks from `from`.
pub(super) fn fill(into: &mut Record, from: Record) {
    if into.date_score() < from.date_score() {
        into.date = from.date;
        into.updated = from.updated;
    }
    if into.image_score() < from.image_score() {
        into.image = from.image;
    }
    if into.author.is_none() {
        into.author = from.author;
    }
    if into.description.is_empty() {
        into.description = from.description;
    }
}

/// A short entry for a key that only references name.
pub(super) fn stub(key: Key, records: Vec<Record>) -> Draft {
    let title = records
        .iter()
        .map(|r| r.title.clone())
        .find(|t| !t.is_empty())
        .unwrap_or_else(|| title_from_slug(&key.slug));
    let description = records
        .iter()
        .map(|r| r.description.clone())
        .find(|d| !d.is_empty())
        .unwrap_or_default();
    let dates = records
        .iter()
        .max_by_key(|r| (r.date_score(), std::cmp::Reverse(r.origin.clone())));
    let image = records
        .iter()
        .filter(|r| r.image_score() > 0)
        .max_by_key(|r| (r.image_score(), std::cmp::Reverse(r.origin.clone())));
    Draft {
        title,
        description,
        date: dates.and_then(|r| r.date),
        updated: dates.and_then(|r| r.updated),
        author: records.iter().find_map(|r| r.author.clone()),
        image: image.and_then(|r| r.image.clone()),
        related: Vec::new(),
        areas: Vec::new(),
        questions: Vec::new(),
        body: String::new(),
        source_url: records
            .iter()
            .filter_map(|r| {
                url::parse(&r.url)
                    .ok()
                    .map(|p| format!("{}{}", p.origin, key.path()))
            })
            .next()
            .unwrap_or_default(),
        redirect_from: Vec::new(),
        stub: true,
        origins: records.iter().filter_map(|r| r.origin.clone()).collect(),
        pages: 0,
        mentions: records.len(),
        key,
    }
}
