//! What a page gives social networks and devices: its Open Graph and Twitter card
//! context (`page.share` in templates), and the raster files behind them, written
//! beside the pages: each entry's card (`og/<kind>/<slug>.png`, with `[sharing] cards`),
//! an SVG hero image as PNG (same path), the site's card (`og/site.png`, the image of
//! every other page), the PNG icons made from `favicon.svg` (`favicon.png`,
//! `apple-touch-icon.png`, `icon-192.png`, `icon-512.png`) and `site.webmanifest`. A file
//! of the same name in the site's `static/` replaces an icon or the manifest.
//!
//! `og:image` is never an SVG (networks do not show them): a raster hero image as it is,
//! else the PNG made for the entry, else the site's card.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::Renderer;
use crate::card::{self, Cache, CardText, CARD_HEIGHT, CARD_WIDTH};
use crate::error::{Error, Result};
use crate::model::{Entry, EntryId, Kind, Site};
use crate::theme::Asset;
use crate::write::Staging;

/// The site's card: the `og:image` of pages without one of their own.
pub const SITE_CARD: &str = "og/site.png";
/// The web app manifest.
pub const MANIFEST: &str = "site.webmanifest";
/// The PNG icons made from `favicon.svg`: output path and size.
pub const ICONS: [(&str, u32); 4] = [
    ("favicon.png", 32),
    ("apple-touch-icon.png", 180),
    ("icon-192.png", 192),
    ("icon-512.png", 512),
];

/// A raster file a build writes, and what it is made from.
#[derive(Clone, Debug)]
pub enum Raster {
    /// An entry's card.
    Card(EntryId),
    /// An entry's SVG hero image (the static or bundle file at this output path).
    Hero(EntryId, String),
    /// The site's card.
    SiteCard,
    /// An icon of this size from `favicon.svg`.
    Icon(u32),
    /// `site.webmanifest`.
    Manifest,
}

/// `og/term/x.png`: an entry's own sharing image.
pub fn entry_image(e: &Entry) -> String {
    format!("og/{}/{}.png", e.kind, e.slug)
}

/// The output path of a front-matter image when it is a file of this build (not a
/// full URL).
fn local(url: &str) -> Option<&str> {
    let own = !(url.starts_with("http://") || url.starts_with("https://") || url.starts_with("//"));
    own.then(|| url.trim_start_matches('/'))
}

fn is_svg(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    path.to_ascii_lowercase().ends_with(".svg")
}

/// The raster files of `site`, by output path: the site's card, every icon and the
/// manifest not replaced by a file of `statics`, and each entry's image (its SVG hero's
/// rendering, or with `[sharing] cards` its card).
pub fn raster_files(site: &Site, statics: &BTreeMap<String, Asset>) -> BTreeMap<String, Raster> {
    let mut out = vec![(SITE_CARD.to_string(), Raster::SiteCard)];
    for (name, size) in ICONS {
        out.push((name.to_string(), Raster::Icon(size)));
    }
    out.push((MANIFEST.to_string(), Raster::Manifest));
    for (id, e) in site.entries.iter().enumerate() {
        let hero = e.image.as_ref().map(|i| i.url.as_str());
        match hero.and_then(local) {
            Some(rel) if is_svg(rel) && statics.contains_key(rel) => {
                out.push((entry_image(e), Raster::Hero(id, rel.to_string())))
            }
            // A raster hero image is shared as it is.
            _ if hero.is_some_and(|u| !is_svg(u)) => {}
            _ if site.config.sharing.cards => out.push((entry_image(e), Raster::Card(id))),
            _ => {}
        }
    }
    // A file of the site's own `static/` at the same path is shared instead.
    out.into_iter()
        .filter(|(name, _)| !statics.contains_key(name))
        .collect()
}

/// `page.share`: the Open Graph and Twitter card context.
#[derive(Serialize)]
pub(super) struct ShareCtx {
    /// `article` for terms and definitions, else `website`.
    og_type: &'static str,
    /// `og:locale` from the site's language (`en` → `en_US`, `pt-BR` → `pt_BR`).
    locale: String,
    image: ImageShare,
    /// ISO 8601, or empty.
    published: String,
    modified: String,
    /// The first area the entry appears in, and all their titles.
    section: String,
    tags: Vec<String>,
}

#[derive(Serialize)]
struct ImageShare {
    url: String,
    width: Option<u32>,
    height: Option<u32>,
    alt: String,
    mime: &'static str,
}

/// `og:locale`'s form of a BCP 47 tag: `language_TERRITORY`, the usual territory when the
/// tag has none.
fn og_locale(language: &str) -> String {
    let mut parts = language.split(['-', '_']);
    let lang = parts.next().unwrap_or("en").to_ascii_lowercase();
    if let Some(region) = parts.find(|p| p.len() == 2) {
        return format!("{lang}_{}", region.to_ascii_uppercase());
    }
    let region = match lang.as_str() {
        "en" => "US",
        "ja" => "JP",
        "zh" => "CN",
        "ko" => "KR",
        "sv" => "SE",
        "da" => "DK",
        "cs" => "CZ",
        "el" => "GR",
        "uk" => "UA",
        "pt" => "PT",
        "nb" | "nn" | "no" => "NO",
        l if l.len() == 2 => return format!("{l}_{}", l.to_ascii_uppercase()),
        _ => return lang,
    };
    format!("{lang}_{region}")
}

fn mime(url: &str) -> &'static str {
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or(url)
        .to_ascii_lowercase();
    match path.rsplit('.').next() {
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("webp") => "image/webp",
        Some("gif") => "image/gif",
        Some("avif") => "image/avif",
        _ => "image/png",
    }
}

/// No raster files (a renderer without [`Renderer::set_files`]).
static NO_RASTERS: BTreeMap<String, Raster> = BTreeMap::new();

impl Renderer<'_> {
    /// The raster files of this build.
    fn rasters(&self) -> &BTreeMap<String, Raster> {
        self.files.map_or(&NO_RASTERS, |f| &f.rasters)
    }

    /// The sharing context of a page showing entry `id` (or none).
    pub(super) fn share(&self, entry: Option<EntryId>, title: &str) -> ShareCtx {
        let site = self.site;
        let config = &site.config;
        let card = |rel: &str, alt: String| ImageShare {
            url: self.urls.permalink(rel),
            width: Some(CARD_WIDTH),
            height: Some(CARD_HEIGHT),
            alt,
            mime: "image/png",
        };
        let site_card = || card(SITE_CARD, config.title.clone());
        let Some(id) = entry else {
            return ShareCtx {
                og_type: "website",
                locale: og_locale(&config.language),
                image: site_card(),
                published: String::new(),
                modified: String::new(),
                section: String::new(),
                tags: Vec::new(),
            };
        };
        let e = &site.entries[id];
        let alt = format!("{title}: {} in {}", e.kind.label(), config.title);
        let image = match &e.image {
            Some(i) if !is_svg(&i.url) => ImageShare {
                url: self.urls.resolve(&i.url).1,
                width: i.width,
                height: i.height,
                alt: if i.caption.is_empty() {
                    alt
                } else {
                    i.caption.clone()
                },
                mime: mime(&i.url),
            },
            // A rasterised SVG hero keeps its caption as its text.
            Some(i) if !i.caption.is_empty() && self.rasters().contains_key(&entry_image(e)) => {
                card(&entry_image(e), i.caption.clone())
            }
            _ if self.rasters().contains_key(&entry_image(e)) => card(&entry_image(e), alt),
            _ => site_card(),
        };
        let areas: Vec<String> = self.links.appears_in[id]
            .iter()
            .map(|&a| site.entries[a].title.clone())
            .collect();
        ShareCtx {
            og_type: match e.kind {
                Kind::Area => "website",
                _ => "article",
            },
            locale: og_locale(&config.language),
            image,
            published: e.date.map(|d| d.iso()).unwrap_or_default(),
            modified: e.updated.map(|d| d.iso()).unwrap_or_default(),
            section: areas.first().cloned().unwrap_or_default(),
            tags: areas,
        }
    }

    /// The bytes of one raster file (rendered or from `cache`).
    fn raster_bytes(&self, name: &str, raster: &Raster, cache: &Cache) -> Result<Vec<u8>> {
        let site = self.site;
        let config = &site.config;
        let host = self
            .urls
            .base_url
            .split_once("://")
            .map_or(self.urls.base_url.as_str(), |(_, rest)| rest)
            .trim_end_matches('/');
        let card = |title: &str, kind: &str, subtitle: &str| {
            let svg = card::card_svg(&CardText {
                title,
                kind,
                site: &config.title,
                host,
                subtitle,
            });
            cache.png(svg.as_bytes(), (CARD_WIDTH, CARD_HEIGHT), None, name)
        };
        match raster {
            Raster::Card(id) => {
                let e = &site.entries[*id];
                card(&e.title, e.kind.label(), "")
            }
            Raster::SiteCard => card(&config.title, "", &config.description),
            Raster::Hero(_, rel) => {
                let svg = self.static_bytes(rel)?;
                let white = Some([0xfd, 0xfd, 0xfc]);
                cache.png(&svg, (CARD_WIDTH, CARD_HEIGHT), white, name)
            }
            Raster::Icon(size) => {
                let svg = self.static_bytes("favicon.svg")?;
                // iOS shows a transparent touch icon on black: give it the page's colour.
                let fill = (*size >= 180).then_some([0xfd, 0xfd, 0xfc]);
                cache.png(&svg, (*size, *size), fill, name)
            }
            Raster::Manifest => Ok(self.manifest()),
        }
    }

    /// The bytes of a static or bundle file of this build.
    fn static_bytes(&self, rel: &str) -> Result<Vec<u8>> {
        let statics = self.files.map(|f| &f.statics);
        match statics.and_then(|s| s.get(rel)) {
            Some(Asset::Embedded(bytes)) => Ok(bytes.to_vec()),
            Some(Asset::Disk(path)) => std::fs::read(path).map_err(|e| Error::read(path, e)),
            None => Err(Error::Usage(format!("{rel}: no such static file"))),
        }
    }

    /// `site.webmanifest`.
    fn manifest(&self) -> Vec<u8> {
        let config = &self.site.config;
        let icon = |name: &str, size: u32| {
            serde_json::json!({
                "src": self.urls.path(name),
                "sizes": format!("{size}x{size}"),
                "type": "image/png",
            })
        };
        let short: String = config.title.chars().take(12).collect();
        let manifest = serde_json::json!({
            "name": config.title,
            "short_name": short.trim_end(),
            "description": config.description,
            "lang": config.language,
            "start_url": self.urls.path(""),
            "scope": self.urls.path(""),
            "display": "standalone",
            "theme_color": config.sharing.theme_color,
            "background_color": config.sharing.background_color,
            "icons": [icon("icon-192.png", 192), icon("icon-512.png", 512),
                      icon("apple-touch-icon.png", 180)],
        });
        let mut bytes = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }

    /// The raster files (`entries`' own only, and the shared ones when `None`) as paths
    /// and bytes, rendered in parallel through `cache`.
    pub fn raster_bytes_of(
        &self,
        cache: &Cache,
        entries: Option<&[EntryId]>,
    ) -> Result<Vec<(String, Vec<u8>)>> {
        let wanted = |r: &Raster| match (entries, r) {
            (None, _) => true,
            (Some(ids), Raster::Card(id) | Raster::Hero(id, _)) => ids.contains(id),
            (Some(_), _) => false,
        };
        let todo: Vec<(&String, &Raster)> =
            self.rasters().iter().filter(|(_, r)| wanted(r)).collect();
        todo.par_iter()
            .with_max_len(4)
            .map(|(name, r)| Ok(((*name).clone(), self.raster_bytes(name, r, cache)?)))
            .collect()
    }

    /// Writes every raster file into `staging`; how many.
    pub fn write_rasters(&self, staging: &Staging, cache: &Cache) -> Result<usize> {
        let list: Vec<(&String, &Raster)> = self.rasters().iter().collect();
        list.par_iter()
            .with_max_len(4)
            .try_for_each(|(name, r)| staging.write(name, &self.raster_bytes(name, r, cache)?))?;
        Ok(list.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_take_the_usual_territory() {
        assert_eq!(og_locale("en"), "en_US");
        assert_eq!(og_locale("en-GB"), "en_GB");
        assert_eq!(og_locale("fr"), "fr_FR");
        assert_eq!(og_locale("pt-br"), "pt_BR");
        assert_eq!(og_locale("zh-Hant-TW"), "zh_TW");
        assert_eq!(og_locale("fil"), "fil");
    }
}
