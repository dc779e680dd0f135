//! Render: every page of the [`plan`](crate::plan) through its Tera template, plus the
//! sitemap, the Atom feed, robots.txt and the static files.
//!
//! Templates are parsed once; pages are rendered in parallel, each entry's markdown body
//! with its page, and handed straight to the staging folder, so neither the pages nor the
//! bodies are ever all held in memory at once.
//!
//! # Template context
//!
//! Every template gets `site` (`title`, `description`, `base_url`, `base_path`, `language`,
//! `author`), `page` (`title`, `description`, `permalink`, `path`, `kind`: one of `home`,
//! `term`, `definition`, `area`, `index`, `glossary`, `search`, `404`), `breadcrumbs`
//! (`name`, `path`), `jsonld` (script-safe JSON strings), `assets` (`css`, `favicon`, `search_js`), `nav`
//! (`home`, `glossary`, `terms`, `definitions`, `areas`, `search`), `generator` and
//! `serve_script` (null in builds). A *card* is `title`, `path`, `kind`, `kind_label`,
//! `description`, `date`, `date_display`, `count`, `image`.
//!
//! | template | extra context |
//! | --- | --- |
//! | `home.html` | `intro_html`, `areas` (cards), `newest` (cards), `counts` (`term`, `definition`, `area`, `total`) |
//! | `term.html`, `definition.html` | `entry` (see [`EntryCtx`]), `related`, `appears_in`, `see_also` (cards), `backlinks` (count) |
//! | `area.html` | as above, plus `faq` (`question`, `id`), `members` (cards of this page), `pagination` |
//! | `list.html` | `heading`, `intro`, `members`, `pagination` (`current`, `total`, `prev`, `next`, `pages`: `number`, `path`, `gap` — a window of pages around the current one, `gap` for the ones left out) |
//! | `glossary.html` | `letters` (`letter`, `id`, `href`, `count`, `current`, `entries`: cards, only of the letters the page lists), `total`, `split` (one page per letter), `letter` (this page's, or null) |
//! | `search.html` | `query_param` (`q`) |
//! | `404.html` | — |
//! | `sitemap.xml` | `urls` (`loc`, `lastmod`); past 50,000 URLs one file of them each (`sitemap-N.xml`) |
//! | `sitemap_index.xml` | `sitemaps` (`loc`, `lastmod`): `sitemap.xml` when the URLs need several files |
//! | `atom.xml` | `feed` (`title`, `subtitle`, `id`, `self_url`, `home_url`, `updated`, `author`), `entries` |
//! | `robots.txt` | `sitemap_url` |

use std::borrow::Cow;

use pulldown_cmark::CowStr;
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::error::{Error, Result};
use crate::letter;
use crate::link::auto;
use crate::markdown::{self, Rendered};
use crate::model::{EntryId, Image, Kind, Links, Site};
use crate::plan::{self, Page, PageKind, Urls};
use crate::schema::{self, Node, SchemaContext, WithContext};
use crate::theme::{self, Asset};
use crate::write::Staging;

/// Counts for the build summary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RenderStats {
    /// HTML pages written.
    pub pages: usize,
    /// All files written (pages, feeds, static files).
    pub files: usize,
}

/// Renders every entry's markdown body with its automatic links, in parallel, indexed by
/// entry id.
pub fn render_bodies(site: &Site, links: &Links) -> Vec<Rendered> {
    (0..site.entries.len())
        .into_par_iter()
        .map(|id| render_body(site, links, id))
        .collect()
}

/// One entry's markdown body, with its automatic links.
pub fn render_body(site: &Site, links: &Links, id: EntryId) -> Rendered {
    let base_path = site.config.base_path();
    let opts = markdown::RenderOptions {
        base_path: &base_path,
        unsafe_html: site.config.markdown.unsafe_html,
    };
    let e = &site.entries[id];
    if !e.autolink {
        return markdown::render(&e.body, &opts);
    }
    // Root-relative: rendering adds the base path to every site-absolute link.
    let href = |to: EntryId| CowStr::from(format!("/{}", Urls::entry_rel(&site.entries[to])));
    let mut events = Vec::new();
    auto::replay(markdown::events(&e.body), &links.mentions[id], href, |ev| {
        events.push(ev)
    });
    markdown::render_events(events, &opts)
}

/// Each area's questions (empty for other kinds), for the FAQ JSON-LD.
pub fn questions(site: &Site, bodies: &[Rendered]) -> Vec<Vec<markdown::Question>> {
    site.entries
        .iter()
        .zip(bodies)
        .map(|(e, b)| {
            if e.kind == Kind::Area {
                b.questions.clone()
            } else {
                Vec::new()
            }
        })
        .collect()
}

/// Each area's questions (empty for other kinds), rendering only the areas' bodies: for
/// what needs the JSON-LD without the pages.
pub fn area_questions(site: &Site, links: &Links) -> Vec<Vec<markdown::Question>> {
    (0..site.entries.len())
        .into_par_iter()
        .map(|id| match site.entries[id].kind {
            Kind::Area => render_body(site, links, id).questions,
            _ => Vec::new(),
        })
        .collect()
}

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

/// URLs a sitemap file may hold (the sitemaps.org limit).
pub const SITEMAP_LIMIT: usize = 50_000;

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
struct SiteCtx<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    base_path: &'a str,
    language: &'a str,
    author: &'a str,
}

#[derive(Serialize)]
struct PageCtx<'a> {
    title: &'a str,
    description: &'a str,
    permalink: String,
    path: String,
    kind: &'static str,
}

#[derive(Serialize)]
struct CrumbCtx {
    name: String,
    path: String,
}

#[derive(Serialize)]
struct Assets {
    css: String,
    favicon: String,
    search_js: String,
}

#[derive(Serialize)]
struct Nav {
    home: String,
    glossary: String,
    terms: String,
    definitions: String,
    areas: String,
    search: String,
}

/// An entry as a list item.
#[derive(Clone, Debug, Serialize)]
pub struct Card {
    pub title: String,
    pub path: String,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub description: String,
    pub date: String,
    pub date_display: String,
    /// Members, for areas.
    pub count: usize,
    pub image: Option<ImageCtx>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ImageCtx {
    /// Path for `src`.
    url: String,
    /// Full URL, for `og:image`.
    permalink: String,
    caption: String,
    width: Option<u32>,
    height: Option<u32>,
}

/// `entry` in entry and area templates.
#[derive(Serialize)]
pub struct EntryCtx<'a> {
    slug: &'a str,
    kind: &'static str,
    kind_label: &'static str,
    title: &'a str,
    description: &'a str,
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

/// Everything the page renderers share, computed once per build.
pub struct Renderer<'a> {
    site: &'a Site,
    links: &'a Links,
    urls: Urls,
    tera: Cow<'a, Tera>,
    /// Every body rendered beforehand (`glossa serve`), or `None`: each is rendered when its
    /// page is (a build), so the bodies are never all in memory at once.
    bodies: Option<Cow<'a, [Rendered]>>,
    questions: Vec<Vec<markdown::Question>>,
    cards: Vec<Card>,
    base: Context,
}

impl<'a> Renderer<'a> {
    /// Parses the templates: what a build needs (each body is rendered with its page; the
    /// areas' questions, which every page of an area needs, beforehand).
    pub fn new(site: &'a Site, links: &'a Links) -> Result<Self> {
        let tera = theme::tera(&site.root)?;
        Ok(Self::with(site, links, Cow::Owned(tera), None))
    }

    /// A renderer over templates and bodies kept by the caller (`glossa serve` keeps
    /// them between changes and re-renders only the bodies that changed).
    pub fn from_parts(
        site: &'a Site,
        links: &'a Links,
        tera: &'a Tera,
        bodies: &'a [Rendered],
    ) -> Self {
        Self::with(
            site,
            links,
            Cow::Borrowed(tera),
            Some(Cow::Borrowed(bodies)),
        )
    }

    /// Sets `serve_script`: HTML put at the end of every page's body by the default
    /// theme (`glossa serve` only; builds never set it).
    pub fn set_serve_script(&mut self, html: &str) {
        self.base.insert("serve_script", html);
    }

    fn with(
        site: &'a Site,
        links: &'a Links,
        tera: Cow<'a, Tera>,
        bodies: Option<Cow<'a, [Rendered]>>,
    ) -> Self {
        let urls = Urls::new(&site.config);
        let questions = match &bodies {
            Some(bodies) => questions(site, bodies),
            None => area_questions(site, links),
        };
        let cards = site
            .entries
            .iter()
            .enumerate()
            .map(|(id, e)| Card {
                title: e.title.clone(),
                path: urls.path(&Urls::entry_rel(e)),
                kind: e.kind.as_str(),
                kind_label: e.kind.label(),
                description: e.description.clone(),
                date: e.date.map(|d| d.ymd()).unwrap_or_default(),
                date_display: e.date.map(|d| d.display()).unwrap_or_default(),
                count: links.members[id].len(),
                image: image_ctx(&urls, &e.image),
            })
            .collect();
        let config = &site.config;
        let mut base = Context::new();
        base.insert(
            "site",
            &SiteCtx {
                title: &config.title,
                description: &config.description,
                base_url: &urls.base_url,
                base_path: &urls.base_path,
                language: &config.language,
                author: &config.author,
            },
        );
        base.insert(
            "assets",
            &Assets {
                css: urls.path("style.css"),
                favicon: urls.path("favicon.svg"),
                search_js: urls.path("search.js"),
            },
        );
        base.insert(
            "nav",
            &Nav {
                home: urls.path(""),
                glossary: urls.path(plan::GLOSSARY_REL),
                terms: urls.path(&Urls::kind_index_rel(Kind::Term, 1)),
                definitions: urls.path(&Urls::kind_index_rel(Kind::Definition, 1)),
                areas: urls.path(&Urls::kind_index_rel(Kind::Area, 1)),
                search: urls.path(plan::SEARCH_REL),
            },
        );
        base.insert(
            "generator",
            &format!("glossa {}", env!("CARGO_PKG_VERSION")),
        );
        base.insert("serve_script", &Option::<String>::None);
        Renderer {
            site,
            links,
            urls,
            tera,
            bodies,
            questions,
            cards,
            base,
        }
    }

    /// The JSON-LD builder over this build's data.
    pub fn schema(&self) -> SchemaContext<'_> {
        SchemaContext {
            site: self.site,
            links: self.links,
            urls: &self.urls,
            questions: &self.questions,
        }
    }

    /// Renders every page, the feeds and the static files into `staging`.
    pub fn render_all(&self, pages: &[Page], staging: &Staging) -> Result<RenderStats> {
        // Small pieces, so that a thread coming back from the search index beside finds
        // pages left to take rather than one long run another thread works through alone.
        pages.par_iter().with_max_len(16).try_for_each(|page| {
            let html = self.render_page(page)?;
            staging.write(&page.output(), html.as_bytes())
        })?;
        let mut files = pages.len();
        let sitemaps = self.sitemap(pages)?;
        for (name, xml) in &sitemaps {
            staging.write(name, xml.as_bytes())?;
        }
        staging.write("atom.xml", self.feed()?.as_bytes())?;
        staging.write("robots.txt", self.robots()?.as_bytes())?;
        files += sitemaps.len() + 2;
        let statics = static_files(&self.site.root, pages)?;
        if let Some((name, _)) = sitemaps.iter().find(|(n, _)| statics.contains_key(n)) {
            return Err(Error::Usage(format!(
                "static/{name} would replace a page glossa generates; rename or remove it"
            )));
        }
        for (name, asset) in statics {
            match asset {
                Asset::Embedded(bytes) => staging.write(&name, bytes)?,
                Asset::Disk(path) => staging.copy(&name, &path)?,
            }
            files += 1;
        }
        Ok(RenderStats {
            pages: pages.len(),
            files,
        })
    }

    fn render(&self, template: &str, ctx: &Context) -> Result<String> {
        self.tera.render(template, ctx).map_err(Error::template)
    }

    fn cards(&self, ids: &[EntryId]) -> Vec<&Card> {
        ids.iter().map(|&id| &self.cards[id]).collect()
    }

    /// Renders one page to HTML.
    pub fn render_page(&self, page: &Page) -> Result<String> {
        let site = self.site;
        let config = &site.config;
        let mut ctx = self.base.clone();
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
            PageKind::Area { page: n, .. } | PageKind::KindIndex { page: n, .. } if n > 1 => {
                format!("{title} (page {n})")
            }
            PageKind::Glossary { letter: Some(slot) } => {
                format!("{title}: {}", letter::letter_label(slot))
            }
            _ => title.to_string(),
        };
        ctx.insert(
            "page",
            &PageCtx {
                title: &page_title,
                description,
                permalink: self.urls.permalink(&page.rel),
                path: self.urls.path(&page.rel),
                kind: page_kind_name(page.kind, site),
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

        let size = config.pagination.page_size;
        let template = match page.kind {
            PageKind::Home => {
                let intro = site.home_intro.as_deref().map(|md| {
                    let base_path = &self.urls.base_path;
                    let opts = markdown::RenderOptions {
                        base_path,
                        unsafe_html: config.markdown.unsafe_html,
                    };
                    markdown::render(md, &opts).html
                });
                ctx.insert("intro_html", &intro.unwrap_or_default());
                ctx.insert("areas", &self.cards(&self.home_areas()));
                ctx.insert("newest", &self.cards(&newest(site, HOME_NEWEST)));
                let counts = Counts {
                    term: site.count(Kind::Term),
                    definition: site.count(Kind::Definition),
                    area: site.count(Kind::Area),
                    total: site.entries.len(),
                };
                ctx.insert("counts", &counts);
                "home.html"
            }
            PageKind::Entry(id) => {
                self.insert_entry(&mut ctx, id, true);
                if site.entries[id].kind == Kind::Definition {
                    "definition.html"
                } else {
                    "term.html"
                }
            }
            PageKind::Area { id, page: n } => {
                self.insert_entry(&mut ctx, id, n == 1);
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
                "area.html"
            }
            PageKind::KindIndex { kind, page: n } => {
                let ids = &self.links.by_kind[kind.index()];
                ctx.insert("heading", kind.plural_label());
                ctx.insert("intro", description);
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
        };
        self.render(template, &ctx)
    }

    fn insert_entry(&self, ctx: &mut Context, id: EntryId, with_body: bool) {
        let e = &self.site.entries[id];
        let rel = Urls::entry_rel(e);
        let rendered;
        let entry = EntryCtx {
            slug: &e.slug,
            kind: e.kind.as_str(),
            kind_label: e.kind.label(),
            title: &e.title,
            description: &e.description,
            date: e.date.map(|d| d.ymd()).unwrap_or_default(),
            date_display: e.date.map(|d| d.display()).unwrap_or_default(),
            updated: e.updated.map(|d| d.ymd()).unwrap_or_default(),
            updated_display: e.updated.map(|d| d.display()).unwrap_or_default(),
            author: e.author.as_deref().unwrap_or(&self.site.config.author),
            aliases: &e.aliases,
            image: image_ctx(&self.urls, &e.image),
            content: match (&self.bodies, with_body) {
                (_, false) => "",
                (Some(bodies), true) => &bodies[id].html,
                (None, true) => {
                    rendered = render_body(self.site, self.links, id).html;
                    &rendered
                }
            },
            path: self.urls.path(&rel),
            permalink: self.urls.permalink(&rel),
            extra: &e.extra,
        };
        ctx.insert("entry", &entry);
        ctx.insert("related", &self.cards(&self.links.related[id]));
        ctx.insert("appears_in", &self.cards(&self.links.appears_in[id]));
        ctx.insert("see_also", &self.cards(&self.links.see_also[id]));
        ctx.insert("backlinks", &self.links.backlinks[id].len());
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
        let mut letters: Vec<Letter> = (0..letter::LETTERS)
            .map(|slot| {
                let id = format!("letter-{}", letter::letter_slug(slot));
                Letter {
                    letter: letter::letter_label(slot),
                    href: if split {
                        self.urls.path(&Urls::glossary_rel(Some(slot)))
                    } else {
                        format!("#{id}")
                    },
                    id,
                    count: 0,
                    current: current == Some(slot),
                    entries: Vec::new(),
                }
            })
            .collect();
        for (letter, ids) in letters.iter_mut().zip(&self.links.by_letter) {
            letter.count = ids.len();
            if !split || letter.current {
                letter.entries = ids.iter().map(|&id| &self.cards[id]).collect();
            }
        }
        letters
    }

    /// The sitemap: `sitemap.xml`, or past [`SITEMAP_LIMIT`] URLs numbered sitemaps and
    /// `sitemap.xml` as their index. File names and contents.
    pub fn sitemap(&self, pages: &[Page]) -> Result<Vec<(String, String)>> {
        self.sitemap_files(pages, SITEMAP_LIMIT)
    }

    fn sitemap_files(&self, pages: &[Page], limit: usize) -> Result<Vec<(String, String)>> {
        #[derive(Serialize)]
        struct Url {
            loc: String,
            lastmod: String,
        }
        let newest = self.site.entries.iter().filter_map(|e| e.modified()).max();
        let urls: Vec<Url> = pages
            .iter()
            .filter(|p| !matches!(p.kind, PageKind::NotFound | PageKind::Search))
            .map(|p| {
                let lastmod = match p.kind {
                    PageKind::Entry(id) | PageKind::Area { id, .. } => {
                        self.site.entries[id].modified()
                    }
                    PageKind::Home | PageKind::Glossary { .. } => newest,
                    _ => None,
                };
                Url {
                    loc: self.urls.permalink(&p.rel),
                    lastmod: lastmod.map(|d| d.ymd()).unwrap_or_default(),
                }
            })
            .collect();
        if urls.len() <= limit {
            let mut ctx = Context::new();
            ctx.insert("urls", &urls);
            return Ok(vec![(
                "sitemap.xml".to_string(),
                self.render("sitemap.xml", &ctx)?,
            )]);
        }
        // The protocol allows 50,000 URLs a file: past that, numbered sitemaps and an index.
        #[derive(Serialize)]
        struct Sitemap {
            loc: String,
            lastmod: String,
        }
        let mut files = Vec::new();
        let mut index = Vec::new();
        for (i, chunk) in urls.chunks(limit.max(1)).enumerate() {
            let name = format!("sitemap-{}.xml", i + 1);
            let mut ctx = Context::new();
            ctx.insert("urls", chunk);
            files.push((name.clone(), self.render("sitemap.xml", &ctx)?));
            index.push(Sitemap {
                loc: self.urls.permalink(&name),
                lastmod: chunk
                    .iter()
                    .map(|u| u.lastmod.as_str())
                    .max()
                    .unwrap_or("")
                    .to_string(),
            });
        }
        let mut ctx = Context::new();
        ctx.insert("sitemaps", &index);
        files.push((
            "sitemap.xml".to_string(),
            self.render("sitemap_index.xml", &ctx)?,
        ));
        Ok(files)
    }

    /// `atom.xml`.
    pub fn feed(&self) -> Result<String> {
        #[derive(Serialize)]
        struct Feed {
            title: String,
            subtitle: String,
            id: String,
            self_url: String,
            home_url: String,
            updated: String,
            author: String,
        }
        #[derive(Serialize)]
        struct FeedEntry<'a> {
            title: &'a str,
            permalink: String,
            published: String,
            updated: String,
            summary: &'a str,
            kind_label: &'static str,
        }
        let config = &self.site.config;
        let ids = newest(self.site, config.feed.limit);
        let entries: Vec<FeedEntry> = ids
            .iter()
            .filter_map(|&id| {
                let e = &self.site.entries[id];
                let date = e.date?;
                Some(FeedEntry {
                    title: &e.title,
                    permalink: self.urls.permalink(&Urls::entry_rel(e)),
                    published: date.rfc3339(),
                    updated: e.modified().unwrap_or(date).rfc3339(),
                    summary: &e.description,
                    kind_label: e.kind.label(),
                })
            })
            .collect();
        let updated = ids
            .iter()
            .filter_map(|&id| self.site.entries[id].modified())
            .max()
            .map(|d| d.rfc3339())
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
        let feed = Feed {
            title: config.title.clone(),
            subtitle: config.description.clone(),
            id: self.urls.base_url.clone(),
            self_url: self.urls.permalink("atom.xml"),
            home_url: self.urls.base_url.clone(),
            updated,
            author: config.author.clone(),
        };
        let mut ctx = Context::new();
        ctx.insert("feed", &feed);
        ctx.insert("entries", &entries);
        self.render("atom.xml", &ctx)
    }

    /// `robots.txt`.
    pub fn robots(&self) -> Result<String> {
        let mut ctx = Context::new();
        ctx.insert("sitemap_url", &self.urls.permalink("sitemap.xml"));
        self.render("robots.txt", &ctx)
    }
}

/// The files beside the pages: `sitemap.xml`, `atom.xml`, `robots.txt`.
pub const FEEDS: [&str; 3] = ["sitemap.xml", "atom.xml", "robots.txt"];

/// The theme's and the site's static files, by output path; an error when one would
/// replace a page or feed glossa generates.
pub fn static_files(
    root: &std::path::Path,
    pages: &[Page],
) -> Result<std::collections::BTreeMap<String, Asset>> {
    let generated: std::collections::HashSet<String> = pages
        .iter()
        .map(Page::output)
        .chain(FEEDS.map(String::from))
        .collect();
    let files = theme::static_files(root)?;
    if let Some(name) = files.keys().find(|name| generated.contains(*name)) {
        return Err(Error::Usage(format!(
            "static/{name} would replace a page glossa generates; rename or remove it"
        )));
    }
    Ok(files)
}

/// How many of the newest entries home lists.
pub const HOME_NEWEST: usize = 10;
/// Areas listed on home at most (those with the most entries; all are on `/area/`).
pub const HOME_AREAS: usize = 12;

/// The `n` most recently published entries, newest first (ties by title).
pub fn newest(site: &Site, n: usize) -> Vec<EntryId> {
    let mut dated: Vec<EntryId> = (0..site.entries.len())
        .filter(|&i| site.entries[i].date.is_some())
        .collect();
    dated.sort_by(|&a, &b| {
        let (ea, eb) = (&site.entries[a], &site.entries[b]);
        eb.date
            .cmp(&ea.date)
            .then_with(|| ea.title.to_lowercase().cmp(&eb.title.to_lowercase()))
            .then(ea.slug.cmp(&eb.slug))
    });
    dated.truncate(n);
    dated
}

fn image_ctx(urls: &Urls, image: &Option<Image>) -> Option<ImageCtx> {
    image.as_ref().map(|i| {
        let (url, permalink) = urls.resolve(&i.url);
        ImageCtx {
            url,
            permalink,
            caption: i.caption.clone(),
            width: i.width,
            height: i.height,
        }
    })
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

    use super::*;

    #[test]
    fn sitemaps_split_past_the_limit_with_an_index() {
        use crate::config::Config;
        use crate::model::{Entry, SourceFile};
        let entries = (0..5)
            .map(|i| Entry::new(Kind::Term, format!("t{i}"), format!("T{i}")))
            .collect();
        let site = Site {
            root: std::path::PathBuf::from("/nonexistent-site"),
            config: Config::default(),
            entries,
            sources: vec![SourceFile {
                path: "x.md".into(),
                text: std::sync::Arc::from(""),
            }],
            home_intro: None,
        };
        let (links, _) = crate::link::link(&site);
        let pages = plan::plan(&site, &links);
        let renderer = Renderer::new(&site, &links).unwrap();
        let one = renderer.sitemap_files(&pages, 1000).unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].0, "sitemap.xml");
        let total = one[0].1.matches("<url>").count();
        assert!(total > 5, "{}", one[0].1);

        let split = renderer.sitemap_files(&pages, 3).unwrap();
        let names: Vec<&str> = split.iter().map(|(n, _)| n.as_str()).collect();
        let chunks = total.div_ceil(3);
        assert_eq!(names.len(), chunks + 1);
        assert_eq!(names.last(), Some(&"sitemap.xml"));
        let urls: usize = split[..chunks]
            .iter()
            .map(|(_, xml)| {
                assert!(xml.matches("<url>").count() <= 3);
                xml.matches("<url>").count()
            })
            .sum();
        assert_eq!(urls, total, "every URL in exactly one file");
        let index = &split[chunks].1;
        assert!(index.contains("<sitemapindex"), "{index}");
        for name in &names[..chunks] {
            assert!(index.contains(&format!("{name}</loc>")), "{index}");
        }
    }
}
