//! One page's template context and HTML: the page head (`page`, `breadcrumbs`,
//! `jsonld`) and what each template adds (see the table in [`super`]).

use serde::Serialize;
use tera::Context;

use super::context::Card;
use super::{newest, Renderer, HOME_AREAS, HOME_NEWEST};
use crate::error::Result;
use crate::letter;
use crate::markdown;
use crate::model::{EntryId, Kind, Site};
use crate::plan::{self, Page, PageKind, Urls};
use crate::schema::{self, Node, WithContext};

/// The page numbers a pagination bar shows: all of them up to [`PAGE_WINDOW`] pages,
/// else the first, the last and the current one with two on each side, `None` standing
/// for the pages left out (so a bar stays short, and a site's index pages do not grow
/// with the square of their number).
fn page_window(current: usize, total: usize) -> Vec<Option<usize>> {
    if total <= PAGE_WINDOW {
        return (1..=total).map(Some).collect();
    }
    let low = current.saturating_sub(2).max(2);
    let high = (current + 2).min(total - 1);
    let mut out = vec![Some(1)];
    if low > 2 {
        out.push(None);
    }
    out.extend((low..=high).map(Some));
    if high < total - 1 {
        out.push(None);
    }
    out.push(Some(total));
    out
}

/// Pagination bars list every page up to this many.
const PAGE_WINDOW: usize = 9;

/// The page kinds as templates see them.
fn page_kind_name(kind: PageKind, site: &Site) -> &'static str {
    match kind {
        PageKind::Home => "home",
        PageKind::Entry(id) => site.entries[id].kind.as_str(),
        PageKind::Area { .. } => "area",
        PageKind::KindIndex { .. } => "index",
        PageKind::Glossary { .. } => "glossary",
        PageKind::Search => "search",
        PageKind::NotFound => "404",
    }
}

#[derive(Serialize)]
struct PageCtx<'a> {
    title: &'a str,
    description: &'a str,
    permalink: String,
    path: String,
    kind: &'static str,
    /// The path of the entry's markdown copy (entry and area pages, `[machines] markdown`).
    markdown: Option<String>,
    /// Open Graph and Twitter card values (see [`super::share`]).
    share: super::share::ShareCtx,
}

#[derive(Serialize)]
struct CrumbCtx {
    name: String,
    path: String,
}

#[derive(Serialize)]
struct FaqItem<'a> {
    question: &'a str,
    id: &'a str,
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    path: String,
    /// Stands for pages left out between its neighbours (`number` and `path` empty).
    gap: bool,
}

#[derive(Serialize)]
struct Pagination {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

#[derive(Serialize)]
struct Letter<'a> {
    letter: String,
    /// The anchor of its section.
    id: String,
    /// Its section on this page, or its own page.
    href: String,
    /// Entries filed under it.
    count: usize,
    /// Whether this is the letter of this page.
    current: bool,
    /// The cards this page lists under it.
    entries: Vec<&'a Card>,
}

#[derive(Serialize)]
struct Counts {
    term: usize,
    definition: usize,
    area: usize,
    total: usize,
}

impl Renderer<'_> {
    /// Renders one page to HTML.
    pub fn render_page(&self, page: &Page) -> Result<String> {
        let mut ctx = self.base.clone();
        let (title, description) = self.title_and_description(page);
        self.insert_head(&mut ctx, page, &title, &description);
        let template = self.insert_template(&mut ctx, page, &description);
        self.insert_previews(&mut ctx, page);
        self.render(template, &ctx)
    }

    /// The page's title (with its page number or letter) and description.
    fn title_and_description(&self, page: &Page) -> (String, String) {
        let site = self.site;
        let config = &site.config;
        let (title, description): (&str, &str) = match page.kind {
            PageKind::Home => (&config.title, &config.description),
            PageKind::Entry(id) | PageKind::Area { id, .. } => {
                (&site.entries[id].title, &site.entries[id].description)
            }
            PageKind::KindIndex { kind, .. } => (kind.plural_label(), ""),
            PageKind::Glossary { .. } => ("A–Z index", ""),
            PageKind::Search => ("Search", ""),
            PageKind::NotFound => ("Page not found", ""),
        };
        let generated_description;
        let description = match page.kind {
            PageKind::KindIndex { kind, .. } => {
                generated_description = schema::kind_intro(kind, &config.title);
                generated_description.as_str()
            }
            PageKind::Glossary { letter: None } => {
                generated_description = format!("Every entry of {}, from A to Z.", config.title);
                generated_description.as_str()
            }
            PageKind::Glossary { letter: Some(slot) } => {
                generated_description = match letter::letter_label(slot).as_str() {
                    "#" => format!(
                        "Entries of {} starting with a digit or another character.",
                        config.title
                    ),
                    l => format!("Entries of {} starting with {l}.", config.title),
                };
                generated_description.as_str()
            }
            PageKind::Search => {
                generated_description = format!("Search {}.", config.title);
                generated_description.as_str()
            }
            PageKind::NotFound => "The page you asked for does not exist.",
            _ => description,
        };
        let page_title = match page.kind {
            PageKind::Area { page: n, .. } | PageKind::KindIndex { page: n, .. } => {
                plan::paged_title(title, n)
            }
            PageKind::Glossary { letter: Some(slot) } => {
                format!("{title}: {}", letter::letter_label(slot))
            }
            _ => title.to_string(),
        };
        (page_title, description.to_string())
    }

    /// `page`, `breadcrumbs` and `jsonld`: what every template shows in its head.
    fn insert_head(&self, ctx: &mut Context, page: &Page, page_title: &str, description: &str) {
        let site = self.site;
        ctx.insert(
            "page",
            &PageCtx {
                title: page_title,
                description,
                permalink: self.urls.permalink(&page.rel),
                path: self.urls.path(&page.rel),
                kind: page_kind_name(page.kind, site),
                markdown: match page.kind {
                    PageKind::Entry(id) | PageKind::Area { id, .. }
                        if site.config.machines.markdown =>
                    {
                        Some(self.urls.path(&super::markdown_file(&site.entries[id])))
                    }
                    _ => None,
                },
                share: self.share(
                    match page.kind {
                        PageKind::Entry(id) | PageKind::Area { id, .. } => Some(id),
                        _ => None,
                    },
                    page_title,
                ),
            },
        );
        let crumbs: Vec<CrumbCtx> = schema::breadcrumbs(site, page)
            .into_iter()
            .map(|(name, rel)| CrumbCtx {
                name,
                path: self.urls.path(&rel),
            })
            .collect();
        ctx.insert("breadcrumbs", &crumbs);
        let jsonld: Vec<String> = self
            .schema()
            .page_nodes(page)
            .iter()
            .map(|n: &Node| {
                schema::to_script_json(&WithContext {
                    context: schema::CONTEXT,
                    node: n,
                })
            })
            .collect();
        ctx.insert("jsonld", &jsonld);
    }

    /// What the page's template adds to the context; the template.
    fn insert_template(&self, ctx: &mut Context, page: &Page, description: &str) -> &'static str {
        let site = self.site;
        let size = site.config.pagination.page_size;
        match page.kind {
            PageKind::Home => {
                self.insert_home(ctx);
                "home.html"
            }
            PageKind::Entry(id) => {
                self.insert_entry(ctx, id, true);
                if site.entries[id].kind == Kind::Definition {
                    "definition.html"
                } else {
                    "term.html"
                }
            }
            PageKind::Area { id, page: n } => {
                self.insert_area(ctx, id, n);
                "area.html"
            }
            PageKind::KindIndex { kind, page: n } => {
                let ids = &self.links.by_kind[kind.index()];
                ctx.insert("heading", kind.plural_label());
                ctx.insert("intro", description);
                let intro = site.kind_intros[kind.index()].as_deref().filter(|_| n == 1);
                ctx.insert("intro_html", &self.intro_html(intro));
                ctx.insert("members", &self.cards(plan::page_slice(ids, n, size)));
                let total = plan::page_count(ids.len(), size);
                ctx.insert(
                    "pagination",
                    &self.pagination(n, total, |k| Urls::kind_index_rel(kind, k)),
                );
                "list.html"
            }
            PageKind::Glossary { letter } => {
                let split = plan::glossary_split(site);
                ctx.insert("letters", &self.letters(split, letter));
                ctx.insert("total", &site.entries.len());
                ctx.insert("split", &split);
                ctx.insert("letter", &letter.map(letter::letter_label));
                "glossary.html"
            }
            PageKind::Search => {
                ctx.insert("query_param", "q");
                "search.html"
            }
            PageKind::NotFound => "404.html",
        }
    }

    /// `home.html`: the intro, the largest areas, the newest entries, the counts, the
    /// letters.
    fn insert_home(&self, ctx: &mut Context) {
        let site = self.site;
        ctx.insert("intro_html", &self.intro_html(site.home_intro.as_deref()));
        ctx.insert("areas", &self.cards(&self.home_areas()));
        ctx.insert("newest", &self.cards(&newest(site, HOME_NEWEST)));
        let counts = Counts {
            term: site.count(Kind::Term),
            definition: site.count(Kind::Definition),
            area: site.count(Kind::Area),
            total: site.entries.len(),
        };
        ctx.insert("counts", &counts);
        ctx.insert("letters", &self.home_letters());
    }

    /// The A–Z bar of home: every letter, with its count and where its entries are (the
    /// letter's page, or its section of the one A–Z page).
    fn home_letters(&self) -> Vec<Letter<'_>> {
        let glossary = self.urls.path(plan::GLOSSARY_REL);
        self.letter_bar(plan::glossary_split(self.site), &glossary, None)
    }

    /// An introduction's markdown (`content/_index.md`, `content/terms/_index.md`) as HTML;
    /// empty when there is none.
    fn intro_html(&self, markdown: Option<&str>) -> String {
        let opts = markdown::RenderOptions {
            base_path: &self.urls.base_path,
            unsafe_html: self.site.config.markdown.unsafe_html,
        };
        markdown
            .map(|md| markdown::render(md, &opts).html)
            .unwrap_or_default()
    }

    /// `area.html`: the entry (its body on the first page), its FAQ, this page of members.
    fn insert_area(&self, ctx: &mut Context, id: EntryId, n: usize) {
        let site = self.site;
        let size = site.config.pagination.page_size;
        self.insert_entry(ctx, id, n == 1);
        let questions: Vec<FaqItem> = if n == 1 {
            self.questions[id]
                .iter()
                .map(|q| FaqItem {
                    question: &q.question,
                    id: &q.id,
                })
                .collect()
        } else {
            Vec::new()
        };
        ctx.insert("faq", &questions);
        let members = &self.links.members[id];
        ctx.insert("members", &self.cards(plan::page_slice(members, n, size)));
        let entry = &site.entries[id];
        let total = plan::page_count(members.len(), size);
        ctx.insert(
            "pagination",
            &self.pagination(n, total, |k| Urls::area_page_rel(entry, k)),
        );
    }

    fn pagination(
        &self,
        current: usize,
        total: usize,
        rel: impl Fn(usize) -> String,
    ) -> Pagination {
        let path = |k: usize| self.urls.path(&rel(k));
        let mut pages = Vec::new();
        for number in page_window(current, total) {
            match number {
                Some(number) => pages.push(PageLink {
                    number,
                    path: path(number),
                    gap: false,
                }),
                None => pages.push(PageLink {
                    number: 0,
                    path: String::new(),
                    gap: true,
                }),
            }
        }
        Pagination {
            current,
            total,
            prev: (current > 1).then(|| path(current - 1)),
            next: (current < total).then(|| path(current + 1)),
            pages,
        }
    }

    /// The areas home shows: the [`HOME_AREAS`] with the most entries, in title order.
    fn home_areas(&self) -> Vec<EntryId> {
        let areas = &self.links.by_kind[Kind::Area.index()];
        if areas.len() <= HOME_AREAS {
            return areas.clone();
        }
        // (Title position, id), largest first; a stable sort keeps title order in ties.
        let mut ranked: Vec<(usize, EntryId)> = areas.iter().copied().enumerate().collect();
        ranked.sort_by_key(|&(_, id)| std::cmp::Reverse(self.links.members[id].len()));
        ranked.truncate(HOME_AREAS);
        ranked.sort_unstable();
        ranked.into_iter().map(|(_, id)| id).collect()
    }

    /// The letters of an A–Z page: on one page (not `split`), each links to its section
    /// and lists its entries; split, each links to its own page, and only the page's
    /// `current` letter lists its entries.
    fn letters(&self, split: bool, current: Option<usize>) -> Vec<Letter<'_>> {
        let mut letters = self.letter_bar(split, "", current);
        for (letter, ids) in letters.iter_mut().zip(&self.links.by_letter) {
            if !split || letter.current {
                letter.entries = ids.iter().map(|&id| &self.cards[id]).collect();
            }
        }
        letters
    }

    /// Every letter with its count and its link: its own page when the A–Z index is
    /// `split`, else its section (`#letter-a`) of the page at `section_page` (empty: this
    /// page); no entries.
    fn letter_bar(
        &self,
        split: bool,
        section_page: &str,
        current: Option<usize>,
    ) -> Vec<Letter<'_>> {
        (0..letter::LETTERS)
            .map(|slot| {
                let id = format!("letter-{}", letter::letter_slug(slot));
                Letter {
                    letter: letter::letter_label(slot),
                    href: if split {
                        self.urls.path(&Urls::glossary_rel(Some(slot)))
                    } else {
                        format!("{section_page}#{id}")
                    },
                    id,
                    count: self.links.by_letter[slot].len(),
                    current: current == Some(slot),
                    entries: Vec::new(),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn page_window_keeps_ends_and_neighbours() {
        use super::page_window;
        let all: Vec<Option<usize>> = (1..=9).map(Some).collect();
        assert_eq!(page_window(5, 9), all);
        assert_eq!(
            page_window(1, 200),
            [Some(1), Some(2), Some(3), None, Some(200)]
        );
        assert_eq!(
            page_window(100, 200),
            [
                Some(1),
                None,
                Some(98),
                Some(99),
                Some(100),
                Some(101),
                Some(102),
                None,
                Some(200)
            ]
        );
        assert_eq!(
            page_window(4, 200),
            [
                Some(1),
                Some(2),
                Some(3),
                Some(4),
                Some(5),
                Some(6),
                None,
                Some(200)
            ]
        );
        assert_eq!(
            page_window(200, 200),
            [Some(1), None, Some(198), Some(199), Some(200)]
        );
    }
}
