//! The context of an entry's page (`term.html`, `definition.html`, and the entry of
//! `area.html`): the entry, its lists, its table of contents and the entries that refer
//! to it.

use std::collections::HashSet;

use serde::Serialize;
use tera::Context;

use super::context::{image_ctx, ImageCtx};
use super::{render_body, Renderer};
use crate::markdown::{self, Rendered};
use crate::model::EntryId;
use crate::plan::Urls;

/// `entry` in entry and area templates.
#[derive(Serialize)]
pub struct EntryCtx<'a> {
    slug: &'a str,
    kind: &'static str,
    kind_label: &'static str,
    title: &'a str,
    /// As written (markdown), for attributes and custom templates.
    description: &'a str,
    /// As inline HTML (emphasis, code; raw HTML shown as text).
    description_html: &'a str,
    /// Whether the page shows the description above the body: not when the body opens
    /// with it (it would be read twice).
    lede: bool,
    date: String,
    date_display: String,
    updated: String,
    updated_display: String,
    author: &'a str,
    aliases: &'a [String],
    image: Option<ImageCtx>,
    content: &'a str,
    path: String,
    permalink: String,
    /// The entry's `[extra]` table, for custom templates.
    extra: &'a toml::Table,
    /// A page listing the meanings of its title (its related entries).
    disambiguation: bool,
}

/// A line of the table of contents: a level-2 or level-3 heading of the body.
#[derive(Serialize)]
struct TocItem<'a> {
    level: u8,
    text: &'a str,
    id: &'a str,
}

/// The headings a table of contents lists: levels 2 and 3, when there are at least `min`
/// of them (never when `min` is 0).
fn toc(body: &Rendered, min: usize) -> Vec<TocItem<'_>> {
    let items: Vec<TocItem> = body
        .headings
        .iter()
        .filter(|h| (2..=3).contains(&h.level))
        .map(|h| TocItem {
            level: h.level,
            text: h.text.trim(),
            id: &h.id,
        })
        .collect();
    if min == 0 || items.len() < min {
        Vec::new()
    } else {
        items
    }
}

impl Renderer<'_> {
    /// `entry`, `toc`, `related`, `appears_in`, `see_also`, `referenced_by` (cards, up to
    /// `[render] referenced_by_max`), `referenced_total` (how many it would list without
    /// that limit) and `backlinks` (how many entries link here).
    pub(super) fn insert_entry(&self, ctx: &mut Context, id: EntryId, with_body: bool) {
        let e = &self.site.entries[id];
        let settings = &self.site.config.render;
        let rel = Urls::entry_rel(e);
        let rendered;
        let body: Option<&Rendered> = match (&self.bodies, with_body) {
            (_, false) => None,
            (Some(bodies), true) => Some(&bodies[id]),
            (None, true) => {
                rendered = render_body(self.site, self.links, id);
                Some(&rendered)
            }
        };
        // The body is not shown on an area's later pages: the lede is.
        let repeated = with_body && markdown::repeats_opening(&e.description, &e.body);
        let lede = !e.description.is_empty() && !repeated;
        let entry = EntryCtx {
            slug: &e.slug,
            kind: e.kind.as_str(),
            kind_label: e.kind.label(),
            title: &e.title,
            description: &e.description,
            description_html: &self.cards[id].description_html,
            lede,
            date: e.date.map(|d| d.ymd()).unwrap_or_default(),
            date_display: e.date.map(|d| d.display()).unwrap_or_default(),
            updated: e.updated.map(|d| d.ymd()).unwrap_or_default(),
            updated_display: e.updated.map(|d| d.display()).unwrap_or_default(),
            author: e.author.as_deref().unwrap_or(&self.site.config.author),
            aliases: &e.aliases,
            image: image_ctx(&self.urls, &e.image),
            content: body.map_or("", |b| &b.html),
            path: self.urls.path(&rel),
            permalink: self.urls.permalink(&rel),
            extra: &e.extra,
            disambiguation: e.disambiguation,
        };
        ctx.insert("entry", &entry);
        let toc = body.map_or_else(Vec::new, |b| toc(b, settings.toc_min_headings));
        ctx.insert("toc", &toc);
        ctx.insert("related", &self.cards(&self.links.related[id]));
        ctx.insert("appears_in", &self.cards(&self.links.appears_in[id]));
        ctx.insert("see_also", &self.cards(&self.links.see_also[id]));
        let (referring, total) = self.referenced_by(id);
        ctx.insert("referenced_by", &self.cards(&referring));
        ctx.insert("referenced_total", &total);
        ctx.insert("backlinks", &self.links.backlinks[id].len());
    }

    /// The entries "Referenced by" lists on the page of `id`: those linking to it that the
    /// page does not list already (Related, Appears in, See also, an area's members), the
    /// first `[render] referenced_by_max` in title order; and how many there are in all.
    pub(super) fn referenced_by(&self, id: EntryId) -> (Vec<EntryId>, usize) {
        let links = self.links;
        let max = self.site.config.render.referenced_by_max;
        if max == 0 {
            return (Vec::new(), 0);
        }
        let listed: HashSet<EntryId> = [
            &links.related[id],
            &links.appears_in[id],
            &links.see_also[id],
            &links.members[id],
        ]
        .into_iter()
        .flatten()
        .copied()
        .collect();
        let mut others: Vec<EntryId> = links.backlinks[id]
            .iter()
            .copied()
            .filter(|x| !listed.contains(x))
            .collect();
        let total = others.len();
        others.truncate(max);
        (others, total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::Heading;

    #[test]
    fn a_toc_lists_levels_two_and_three_past_the_threshold() {
        let h = |level, text: &str| Heading {
            level,
            text: text.into(),
            id: text.to_lowercase(),
        };
        let body = Rendered {
            headings: vec![h(2, "A"), h(3, "B"), h(4, "C"), h(2, "D")],
            ..Rendered::default()
        };
        let ids = |items: Vec<TocItem>| items.iter().map(|i| i.id.to_string()).collect::<Vec<_>>();
        assert_eq!(ids(toc(&body, 3)), ["a", "b", "d"]);
        assert!(toc(&body, 4).is_empty());
        assert!(toc(&body, 0).is_empty());
    }
}
