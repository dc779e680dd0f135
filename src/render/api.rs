//! The site's JSON API, for widgets, bots and other apps: `api/terms.json` lists every
//! entry, and `api/<kind>/<slug>.json` describes one. Files beside the pages (not in the
//! sitemap, the feed or search). Field names are stable (the README documents them);
//! `version` changes only when a field's meaning does.
//!
//! An entry's `id` is `kind/slug`: its page is `/<id>/` under the site's base path and
//! its own file `api/<id>.json`, which is what `related` and `areas` hold.

use rayon::prelude::*;
use serde::Serialize;

use super::Renderer;
use crate::error::{Error, Result};
use crate::model::{Entry, EntryId, Site};
use crate::plan::Urls;
use crate::write::Staging;

/// The version of the API's format.
pub const API_VERSION: u32 = 1;

/// The list of every entry.
pub const TERMS_FILE: &str = "api/terms.json";

/// `api/term/margin.json`: one entry's file.
pub fn entry_file(e: &Entry) -> String {
    format!("api/{}/{}.json", e.kind, e.slug)
}

/// Every file the API writes, by output path (none with `[api] enabled = false`).
pub fn api_files(site: &Site) -> impl Iterator<Item = String> + '_ {
    let entries = match site.config.api.enabled {
        true => &site.entries[..],
        false => &[],
    };
    let list = site.config.api.enabled.then(|| TERMS_FILE.to_string());
    list.into_iter().chain(entries.iter().map(entry_file))
}

fn id(e: &Entry) -> String {
    format!("{}/{}", e.kind, e.slug)
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    url: &'a str,
    language: &'a str,
}

/// `api/terms.json`.
#[derive(Serialize)]
struct Index<'a> {
    version: u32,
    site: SiteInfo<'a>,
    count: usize,
    entries: Vec<Listed<'a>>,
}

/// An entry in `api/terms.json`.
#[derive(Serialize)]
struct Listed<'a> {
    id: String,
    kind: &'static str,
    slug: &'a str,
    title: &'a str,
    url: String,
    description: &'a str,
    aliases: &'a [String],
    /// Ids of the areas it appears in.
    areas: Vec<String>,
    /// Ids of its related entries (both ways, as its page lists them).
    related: Vec<String>,
}

/// `api/<kind>/<slug>.json`.
#[derive(Serialize)]
struct Detail<'a> {
    version: u32,
    id: String,
    kind: &'static str,
    slug: &'a str,
    title: &'a str,
    url: String,
    description: &'a str,
    aliases: &'a [String],
    date: Option<String>,
    updated: Option<String>,
    areas: Vec<Link<'a>>,
    related: Vec<Link<'a>>,
}

/// Another entry, as a detail names it.
#[derive(Serialize)]
struct Link<'a> {
    id: String,
    title: &'a str,
    url: String,
}

impl Renderer<'_> {
    /// `api/terms.json`: every entry in title order.
    pub fn api_index(&self) -> Result<Vec<u8>> {
        let site = self.site;
        let ids = |list: &[EntryId]| list.iter().map(|&i| id(&site.entries[i])).collect();
        let entries = self
            .links
            .by_title
            .iter()
            .map(|&i| {
                let e = &site.entries[i];
                Listed {
                    id: id(e),
                    kind: e.kind.as_str(),
                    slug: &e.slug,
                    title: &e.title,
                    url: self.urls.permalink(&Urls::entry_rel(e)),
                    description: &e.description,
                    aliases: &e.aliases,
                    areas: ids(&self.links.appears_in[i]),
                    related: ids(&self.links.related[i]),
                }
            })
            .collect();
        let index = Index {
            version: API_VERSION,
            site: SiteInfo {
                title: &site.config.title,
                url: &site.config.base_url,
                language: &site.config.language,
            },
            count: site.entries.len(),
            entries,
        };
        serde_json::to_vec(&index).map_err(|e| Error::Template(format!("api/terms.json: {e}")))
    }

    /// `api/<kind>/<slug>.json` of entry `i`.
    pub fn api_entry(&self, i: EntryId) -> Result<Vec<u8>> {
        let site = self.site;
        let e = &site.entries[i];
        let links = |list: &[EntryId]| {
            list.iter()
                .map(|&j| {
                    let other = &site.entries[j];
                    Link {
                        id: id(other),
                        title: &other.title,
                        url: self.urls.permalink(&Urls::entry_rel(other)),
                    }
                })
                .collect()
        };
        let detail = Detail {
            version: API_VERSION,
            id: id(e),
            kind: e.kind.as_str(),
            slug: &e.slug,
            title: &e.title,
            url: self.urls.permalink(&Urls::entry_rel(e)),
            description: &e.description,
            aliases: &e.aliases,
            date: e.date.map(|d| d.iso()),
            updated: e.updated.map(|d| d.iso()),
            areas: links(&self.links.appears_in[i]),
            related: links(&self.links.related[i]),
        };
        serde_json::to_vec(&detail)
            .map_err(|err| Error::Template(format!("{}: {err}", entry_file(e))))
    }

    /// Writes the API's files into `staging` (the entries' in parallel); how many.
    pub fn write_api(&self, staging: &Staging) -> Result<usize> {
        if !self.site.config.api.enabled {
            return Ok(0);
        }
        staging.write(TERMS_FILE, &self.api_index()?)?;
        (0..self.site.entries.len())
            .into_par_iter()
            .with_max_len(64)
            .try_for_each(|i| {
                staging.write(&entry_file(&self.site.entries[i]), &self.api_entry(i)?)
            })?;
        Ok(self.site.entries.len() + 1)
    }

    /// The API's files as paths and bytes (`glossa serve`): the list, and the files of
    /// `entries` (every entry when `None`).
    pub fn api_bytes(&self, entries: Option<&[EntryId]>) -> Result<Vec<(String, Vec<u8>)>> {
        if !self.site.config.api.enabled {
            return Ok(Vec::new());
        }
        let all: Vec<EntryId>;
        let ids = match entries {
            Some(ids) => ids,
            None => {
                all = (0..self.site.entries.len()).collect();
                &all
            }
        };
        let mut out: Vec<(String, Vec<u8>)> = ids
            .par_iter()
            .map(|&i| Ok((entry_file(&self.site.entries[i]), self.api_entry(i)?)))
            .collect::<Result<_>>()?;
        out.push((TERMS_FILE.to_string(), self.api_index()?));
        Ok(out)
    }
}
