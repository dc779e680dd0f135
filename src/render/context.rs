//! The template context every page shares: `site`, `assets`, `nav`, `generator`,
//! `serve_script`, `previews` (null until a page sets it), and each entry's card (see the table in [`super`]).

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::markdown;
use crate::model::{Image, Kind, Links, Site};
use crate::plan::{self, Urls};

#[derive(Serialize)]
struct SiteCtx<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    base_path: &'a str,
    language: &'a str,
    author: &'a str,
    theme_color: &'a str,
    theme_color_dark: &'a str,
}

#[derive(Serialize)]
struct Assets {
    css: String,
    favicon: String,
    favicon_png: String,
    apple_touch_icon: String,
    manifest: String,
    search_js: String,
    previews_js: String,
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
    /// The description as inline HTML ([`markdown::inline_html`]): what templates show.
    pub description_html: String,
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

/// The context every page starts from.
pub(super) fn base(site: &Site, urls: &Urls) -> Context {
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
            theme_color: &config.sharing.theme_color,
            theme_color_dark: &config.sharing.theme_color_dark,
        },
    );
    base.insert(
        "assets",
        &Assets {
            css: urls.path("style.css"),
            favicon: urls.path("favicon.svg"),
            favicon_png: urls.path(super::share::ICONS[0].0),
            apple_touch_icon: urls.path(super::share::ICONS[1].0),
            manifest: urls.path(super::share::MANIFEST),
            search_js: urls.path("search.js"),
            previews_js: urls.path("previews.js"),
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
    base.insert("previews", &Option::<String>::None);
    base
}

/// Every entry's card, by entry id.
pub(super) fn cards(site: &Site, links: &Links, urls: &Urls) -> Vec<Card> {
    site.entries
        .par_iter()
        .enumerate()
        .map(|(id, e)| Card {
            title: e.title.clone(),
            path: urls.path(&Urls::entry_rel(e)),
            kind: e.kind.as_str(),
            kind_label: e.kind.label(),
            description: e.description.clone(),
            description_html: markdown::inline_html(&e.description),
            date: e.date.map(|d| d.ymd()).unwrap_or_default(),
            date_display: e.date.map(|d| d.display()).unwrap_or_default(),
            count: links.members[id].len(),
            image: image_ctx(urls, &e.image),
        })
        .collect()
}

pub(super) fn image_ctx(urls: &Urls, image: &Option<Image>) -> Option<ImageCtx> {
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
