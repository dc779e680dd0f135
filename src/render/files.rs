//! The files a build writes besides pages and feeds: the theme's and the site's static
//! files, the files of page bundles (beside their entry's page), and the redirect pages of
//! old URLs with `_redirects` ([`crate::redirect`]). The JSON API ([`super::api`]) and the
//! files for machines ([`super::machine`]) take their paths too: no static file or old URL
//! may replace one.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::Serialize;

use super::{Renderer, FEEDS};
use crate::diagnostics::Diagnostic;
use crate::error::{Error, Result};
use crate::model::Site;
use crate::plan::{Page, Urls};
use crate::redirect::{self, Redirect, REDIRECTS_FILE};
use crate::theme::{self, Asset};

/// What a build writes besides its pages and feeds.
#[derive(Debug, Default)]
pub struct Files {
    /// Static files (the theme's, `static/`) and bundle files, by output path.
    pub statics: BTreeMap<String, Asset>,
    /// The redirects that take no page or file (see [`redirect::resolve`]).
    pub redirects: Vec<Redirect>,
    /// The JSON API's files, by output path.
    pub api: Vec<String>,
    /// `llms.txt` and the entries' markdown copies, by output path.
    pub machine: Vec<String>,
    /// Sharing images, icons and the manifest, by output path ([`super::share`]).
    pub rasters: BTreeMap<String, super::Raster>,
}

impl Files {
    /// The static and bundle files to copy as they are: all of them but `static/_redirects`
    /// when the site has redirects (its rules then open the `_redirects` written).
    pub fn copied(&self) -> impl Iterator<Item = (&String, &Asset)> {
        let merged = !self.redirects.is_empty();
        self.statics
            .iter()
            .filter(move |(name, _)| !(merged && name.as_str() == REDIRECTS_FILE))
    }
}

/// The files of `site` besides its `pages` and feeds, and a `redirect-collision` error for
/// each old URL left out. Fails when a static or bundle file would replace a page or feed,
/// or a bundle file a static one.
pub fn files(site: &Site, pages: &[Page]) -> Result<(Files, Vec<Diagnostic>)> {
    let statics = static_files(site, pages)?;
    let api: Vec<String> = super::api_files(site).collect();
    // A site's own `static/llms.txt` replaces the generated one.
    let machine: Vec<String> = super::machine_files(site)
        .filter(|name| !(name == super::LLMS_FILE && statics.contains_key(name)))
        .collect();
    let rasters = super::raster_files(site, &statics);
    let taken = (statics.keys().chain(&api).chain(&machine))
        .chain(rasters.keys())
        .map(String::as_str);
    let (redirects, problems) = redirect::resolve(site, pages, taken);
    Ok((
        Files {
            statics,
            redirects,
            api,
            machine,
            rasters,
        },
        problems,
    ))
}

/// The theme's and the site's static files and the files of page bundles, by output path;
/// an error when one would replace a page or feed glossa generates, or a bundle file a
/// static file.
pub fn static_files(site: &Site, pages: &[Page]) -> Result<BTreeMap<String, Asset>> {
    let generated: HashSet<String> = pages
        .iter()
        .map(Page::output)
        .chain(FEEDS.map(String::from))
        .chain(super::api_files(site))
        .chain(super::machine_files(site).filter(|name| name != super::LLMS_FILE))
        .collect();
    let mut files = theme::static_files(&site.root, site.config.allow_outside_links)?;
    // The theme's preview script only when pages load it (a site's own file stays).
    if !site.config.links.previews && matches!(files.get("previews.js"), Some(Asset::Embedded(_))) {
        files.remove("previews.js");
    }
    if let Some(name) = files.keys().find(|name| generated.contains(*name)) {
        return Err(Error::Usage(format!(
            "static/{name} would replace a page glossa generates; rename or remove it"
        )));
    }
    for e in &site.entries {
        let dir = Urls::entry_rel(e);
        for file in &e.assets {
            let name = format!("{dir}{}", file.name);
            let shown = file.path.strip_prefix(&site.root).unwrap_or(&file.path);
            if generated.contains(&name) {
                return Err(Error::Usage(format!(
                    "{} would replace a page glossa generates ({name}); rename or remove it",
                    shown.display()
                )));
            }
            if files.contains_key(&name) {
                return Err(Error::Usage(format!(
                    "{} and static/{name} would both be written to {name}; rename or remove one",
                    shown.display()
                )));
            }
            files.insert(name, Asset::Disk(file.path.clone()));
        }
    }
    Ok(files)
}

/// `redirect` in `redirect.html`.
#[derive(Serialize)]
struct RedirectCtx<'a> {
    /// The old URL's path, base path applied.
    from: String,
    /// The entry's title.
    title: &'a str,
    /// The new page's path (base path applied) and full URL.
    path: String,
    permalink: String,
}

impl Renderer<'_> {
    /// The redirect pages and, when there are any, `_redirects` (after the rules of
    /// `static/_redirects`, if the site has one): output paths and bytes.
    pub fn redirect_files(&self, files: &Files) -> Result<Vec<(String, Vec<u8>)>> {
        if files.redirects.is_empty() {
            return Ok(Vec::new());
        }
        let mut out = Vec::with_capacity(files.redirects.len() + 1);
        for r in &files.redirects {
            let e = &self.site.entries[r.entry];
            let rel = Urls::entry_rel(e);
            let mut ctx = self.base.clone();
            ctx.insert(
                "redirect",
                &RedirectCtx {
                    from: self.urls.path(r.from.trim_start_matches('/')),
                    title: &e.title,
                    path: self.urls.path(&rel),
                    permalink: self.urls.permalink(&rel),
                },
            );
            out.push((r.output(), self.render("redirect.html", &ctx)?.into_bytes()));
        }
        let mut rules = match files.statics.get(REDIRECTS_FILE) {
            Some(asset) => own_rules(asset)?,
            None => Vec::new(),
        };
        rules
            .extend_from_slice(redirect::rules(self.site, &files.redirects, &self.urls).as_bytes());
        out.push((REDIRECTS_FILE.to_string(), rules));
        Ok(out)
    }
}

/// The rules of the site's own `static/_redirects`, ending with a line break.
fn own_rules(asset: &Asset) -> Result<Vec<u8>> {
    let mut bytes = match asset {
        Asset::Embedded(bytes) => bytes.to_vec(),
        Asset::Disk(path) => read(path)?,
    };
    if !bytes.is_empty() && !bytes.ends_with(b"\n") {
        bytes.push(b'\n');
    }
    Ok(bytes)
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::read(path, e))
}
