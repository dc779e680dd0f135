//! Render: every page of the [`plan`](crate::plan) through its Tera template, plus the
//! sitemap, the Atom feed, robots.txt, the static and bundle files and the redirects
//! ([`files`]), the JSON API ([`api`]: `api/terms.json`, `api/<kind>/<slug>.json`), the
//! files for machines ([`machine`]: `llms.txt`, `term/x/index.md`) and the sharing images,
//! icons and web app manifest ([`share`]).
//!
//! Templates are parsed once; pages are rendered in parallel, each entry's markdown body
//! with its page, and handed straight to the staging folder, so neither the pages nor the
//! bodies are ever all held in memory at once.
//!
//! # Template context
//!
//! Every template gets `site` (`title`, `description`, `base_url`, `base_path`, `language`,
//! `author`, `theme_color`, `theme_color_dark`), `page` (`title`, `description`,
//! `permalink`, `path`, `kind`: one of `home`, `term`, `definition`, `area`, `index`,
//! `glossary`, `search`, `404`; `markdown`: the path of the entry's markdown copy or null;
//! `share`: `og_type`, `locale`, `image` (`url`, `width`, `height`, `alt`, `mime`),
//! `published`, `modified`, `section`, `tags`, see [`share`]), `breadcrumbs`
//! (`name`, `path`), `jsonld` (script-safe JSON strings), `assets` (`css`, `favicon`,
//! `favicon_png`, `apple_touch_icon`, `manifest`, `search_js`, `previews_js`), `nav` (`home`, `glossary`, `terms`, `definitions`, `areas`,
//! `search`), `generator`, `serve_script` (null in builds) and `previews` (`data`: the
//! script-safe JSON of the entries an entry's or area's page links to, see [`previews`];
//! null on other pages and with `[links] previews = false`). A *card* is `title`, `path`, `kind`, `kind_label`,
//! `description`, `description_html` (inline markdown as HTML, raw HTML as text), `date`,
//! `date_display`, `count`, `image`.
//!
//! | template | extra context |
//! | --- | --- |
//! | `home.html` | `intro_html`, `areas` (cards), `newest` (cards), `counts` (`term`, `definition`, `area`, `total`), `letters` (as on `glossary.html`, without entries) |
//! | `term.html`, `definition.html` | `entry` (see [`EntryCtx`]: also `description_html` and `lede`, false when the body opens with the description), `toc` (`level`, `text`, `id`; empty below `[render] toc_min_headings`), `related`, `appears_in`, `see_also`, `referenced_by` (cards: entries linking here the page does not list already), `referenced_total`, `backlinks` (count) |
//! | `area.html` | as above, plus `faq` (`question`, `id`), `members` (cards of this page), `pagination` |
//! | `list.html` | `heading`, `intro`, `intro_html` (a kind's `content/<kind folder>/_index.md`, first page only), `members`, `pagination` (`current`, `total`, `prev`, `next`, `pages`: `number`, `path`, `gap` — a window of pages around the current one, `gap` for the ones left out) |
//! | `glossary.html` | `letters` (`letter`, `id`, `href`, `count`, `current`, `entries`: cards, only of the letters the page lists), `total`, `split` (one page per letter), `letter` (this page's, or null) |
//! | `search.html` | `query_param` (`q`) |
//! | `404.html` | — |
//! | `sitemap.xml` | `urls` (`loc`, `lastmod`); past 50,000 URLs one file of them each (`sitemap-N.xml`) |
//! | `sitemap_index.xml` | `sitemaps` (`loc`, `lastmod`): `sitemap.xml` when the URLs need several files |
//! | `atom.xml` | `feed` (`title`, `subtitle`, `id`, `self_url`, `home_url`, `updated`, `author`), `entries` |
//! | `robots.txt` | `sitemap_url` |
//! | `redirect.html` | `redirect` (`from`, `title`, `path`, `permalink`): an old URL's page, not extending `base.html` |

use std::borrow::Cow;

use pulldown_cmark::CowStr;
use rayon::prelude::*;
use tera::{Context, Tera};

use crate::card::Cache;
use crate::error::{Error, Result};
use crate::link::auto;
use crate::markdown::{self, Rendered};
use crate::model::{EntryId, Kind, Links, Site};
use crate::plan::{Page, Urls};
use crate::schema::SchemaContext;
use crate::theme::{self, Asset};
use crate::write::Staging;

mod api;
mod context;
mod entry;
mod feeds;
mod files;
mod machine;
mod page;
mod previews;
mod share;

pub use api::{api_files, entry_file, API_VERSION, TERMS_FILE};
pub use context::{Card, ImageCtx};
pub use entry::EntryCtx;
pub use feeds::{feed_files, SITEMAP_LIMIT};
pub use files::{files, static_files, Files};
pub use machine::{machine_files, markdown_file, LLMS_FILE};
pub use share::{entry_image, raster_files, Raster, ICONS, MANIFEST, SITE_CARD};

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
    /// What the link previews are made from (`None` when they are off).
    previews: Option<previews::Previews>,
    /// The files beside the pages (for the sharing images), once set.
    files: Option<&'a Files>,
    /// Where rendered cards and icons are cached.
    cache: Option<&'a Cache>,
}

impl<'a> Renderer<'a> {
    /// Parses the templates: what a build needs (each body is rendered with its page; the
    /// areas' questions, which every page of an area needs, beforehand).
    pub fn new(site: &'a Site, links: &'a Links) -> Result<Self> {
        let tera = theme::tera(&site.root, site.config.allow_outside_links)?;
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
        let cards = context::cards(site, links, &urls);
        let base = context::base(site, &urls);
        let previews = (site.config.links.previews).then(|| previews::Previews::new(site, &cards));
        Renderer {
            site,
            links,
            urls,
            tera,
            bodies,
            questions,
            cards,
            base,
            previews,
            files: None,
            cache: None,
        }
    }

    /// Sets the files beside the pages (what the sharing tags name) and the cache that
    /// rendered cards and icons are kept in; without them every page shares the site's
    /// card and no raster file is written.
    pub fn set_files(&mut self, files: &'a Files, cache: &'a Cache) {
        self.files = Some(files);
        self.cache = Some(cache);
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

    /// Renders every page, the feeds, the static and bundle `files` and the redirects into
    /// `staging`.
    pub fn render_all(
        &self,
        pages: &[Page],
        files: &Files,
        staging: &Staging,
    ) -> Result<RenderStats> {
        // Small pieces, so that a thread coming back from the search index beside finds
        // pages left to take rather than one long run another thread works through alone.
        pages.par_iter().with_max_len(16).try_for_each(|page| {
            let html = self.render_page(page)?;
            staging.write(&page.output(), html.as_bytes())
        })?;
        let mut written = pages.len();
        let sitemaps = self.sitemap(pages)?;
        for (name, xml) in &sitemaps {
            staging.write(name, xml.as_bytes())?;
        }
        staging.write("atom.xml", self.feed()?.as_bytes())?;
        staging.write("robots.txt", self.robots()?.as_bytes())?;
        written += sitemaps.len() + 2;
        if let Some((name, _)) = sitemaps.iter().find(|(n, _)| files.statics.contains_key(n)) {
            return Err(Error::Usage(format!(
                "static/{name} would replace a page glossa generates; rename or remove it"
            )));
        }
        for (name, asset) in files.copied() {
            match asset {
                Asset::Embedded(bytes) => staging.write(name, bytes)?,
                Asset::Disk(path) => staging.copy(name, path)?,
            }
            written += 1;
        }
        for (name, bytes) in self.redirect_files(files)? {
            staging.write(&name, &bytes)?;
            written += 1;
        }
        written += self.write_api(staging)?;
        written += self.write_machine(staging)?;
        if let Some(cache) = self.cache {
            written += self.write_rasters(staging, cache)?;
        }
        Ok(RenderStats {
            pages: pages.len(),
            files: written,
        })
    }

    fn render(&self, template: &str, ctx: &Context) -> Result<String> {
        self.tera.render(template, ctx).map_err(Error::template)
    }

    fn cards(&self, ids: &[EntryId]) -> Vec<&Card> {
        ids.iter().map(|&id| &self.cards[id]).collect()
    }
}

/// The files beside the pages: `sitemap.xml`, `atom.xml`, `robots.txt`.
pub const FEEDS: [&str; 3] = ["sitemap.xml", "atom.xml", "robots.txt"];

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
