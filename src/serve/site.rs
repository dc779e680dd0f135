//! The site kept in memory between changes, and the three ways of bringing it up to date.
//!
//! - **Full**: load and link the whole site again (the same [`crate::pipeline::load_and_link`] as
//!   every command), render every page, and write the files whose bytes changed. Used at
//!   start, for template, static, configuration and home-intro changes, for added,
//!   removed or renamed entries, and for edits that change what links where (title,
//!   slug, kind, aliases, `related`, `areas`, `draft`, `autolink`).
//! - **Incremental**: an edit that keeps those fields re-parses only the changed file,
//!   re-scans its body for automatic links (updating the backlinks of the entries it
//!   stopped or started linking to), re-renders its body and its own pages (written
//!   first, so they can be reloaded at once), the pages of entries whose backlinks
//!   changed (their "Referenced by"), and, when its card changed (description, dates, image), every page that
//!   shows the card: related entries, its areas, members, the entries that link to it
//!   or that it links to (their "Referenced by" lists it)
//!   (automatically or in their bodies' own links, whose pages carry its link preview),
//!   the kind index page and the A–Z index listing it, home and the feed when it is among
//!   the newest, the sitemap when its dates changed. Its search document is replaced
//!   afterwards.
//! - **Settle**: once edits pause, "See also" (tf-idf over every body, so one edit can
//!   shift any entry's list) is recomputed for the whole site from the kept stem counts,
//!   with the backlinks that follow, and the pages whose lists or backlinks changed are
//!   rewritten; the served site is then what a full rebuild gives.
//!
//! Either way only files whose bytes changed are written ([`Output`]), and content errors
//! leave the last good site in place: nothing is applied until every error is fixed.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tera::Tera;

use super::edit::{dependent_pages, same_card, same_links, update_entry, Edit};
use super::output::Output;
use super::search::{SearchIndex, Searchable};
use crate::diagnostics::Diagnostic;
use crate::error::{Error, Result};
use crate::index::{self, documents};
use crate::link::auto::AutoLinker;
use crate::load::{self, LoadOptions};
use crate::markdown::Rendered;
use crate::model::{EntryId, Kind, Links, Site};
use crate::plan::{self, Page, PageKind, Urls};
use crate::render::{self, Renderer};
use crate::theme::{self, Asset};

/// The in-memory site and its output.
pub struct ServeSite {
    root: PathBuf,
    load: LoadOptions,
    /// HTML put at the end of every page.
    script: String,
    out: Output,
    index_dir: PathBuf,
    built: Option<Built>,
    search: Option<SearchIndex>,
    /// Entries whose search documents are out of date (`None`: all of them).
    stale_docs: Option<BTreeSet<EntryId>>,
    /// Whether "See also" may be out of date (after incremental edits).
    unsettled: bool,
}

/// What the last successful (or first) build produced.
pub(super) struct Built {
    pub(super) site: Site,
    pub(super) links: Links,
    pub(super) tera: Tera,
    pub(super) bodies: Vec<Rendered>,
    pub(super) pages: Vec<Page>,
    /// Each entry's position in title order (the order of every list).
    pub(super) rank: Vec<u32>,
    /// Source path (relative to the root) → entry.
    pub(super) by_path: HashMap<PathBuf, EntryId>,
    /// Each body's stem counts, as "See also" reads them.
    pub(super) counts: Vec<crate::link::similar::StemCounts>,
    /// The automatic linker, to link an edited body again.
    pub(super) linker: AutoLinker,
    /// The files beside the pages (what the sharing tags name).
    pub(super) files: render::Files,
    /// Rendered cards and icons, kept in `.glossa/serve/cards`.
    pub(super) cards: crate::card::Cache,
}

/// What one rebuild did.
#[derive(Debug, Default)]
pub struct Report {
    /// Output paths written (their bytes changed).
    pub written: Vec<String>,
    /// Output paths removed.
    pub removed: Vec<String>,
    /// Pages rendered.
    pub rendered: usize,
    /// Whether the whole site was loaded and rendered.
    pub full: bool,
    /// Whether the changes were applied (false when content errors were found).
    pub applied: bool,
    /// Every problem found; errors mean the last good site was kept.
    pub diagnostics: Vec<Diagnostic>,
    pub elapsed: Duration,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

impl ServeSite {
    /// A site at `root` (absolute) to be served from `out_dir`, its search index in
    /// `index_dir`.
    pub fn new(
        root: &Path,
        load: LoadOptions,
        script: String,
        out_dir: &Path,
        index_dir: &Path,
    ) -> Result<Self> {
        Ok(ServeSite {
            root: root.to_path_buf(),
            load,
            script,
            out: Output::create(out_dir)?,
            index_dir: index_dir.to_path_buf(),
            built: None,
            search: None,
            stale_docs: None,
            unsettled: false,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn output_dir(&self) -> &Path {
        self.out.dir()
    }

    /// Brings the site up to date after `changed` files (absolute paths) changed:
    /// incrementally when every change allows it and the last build had no errors
    /// (`clean`), else in full. An incremental rebuild writes the edited entries' own
    /// pages first and hands their paths to `early` (so that they can be reloaded while
    /// the pages listing them are rendered).
    pub fn rebuild(
        &mut self,
        changed: &BTreeSet<PathBuf>,
        clean: bool,
        early: &mut dyn FnMut(&[String]),
    ) -> Result<Report> {
        let start = Instant::now();
        let mut report = match clean.then(|| self.incremental(changed, early)).flatten() {
            Some(report) => report?,
            None => self.full(false)?,
        };
        report.elapsed = start.elapsed();
        Ok(report)
    }

    /// Loads, links and renders the whole site. At start (`first`) a site with content
    /// errors is still written (without the broken files), as `glossa build` stages it;
    /// later, errors keep the last good site.
    pub fn full(&mut self, first: bool) -> Result<Report> {
        let start = Instant::now();
        let (linked, linker, counts) =
            crate::pipeline::load_and_link_counts(&self.root, &self.load)?;
        let mut report = Report {
            full: true,
            diagnostics: linked.diagnostics,
            ..Report::default()
        };
        if report.errors() > 0 && !first {
            report.elapsed = start.elapsed();
            return Ok(report);
        }
        let site = linked.site;
        let links = linked.links;
        let pages = plan::plan(&site, &links);
        let (files, mut problems) = render::files(&site, &pages)?;
        crate::diagnostics::apply_levels(&mut problems, &site.config.check.levels);
        report.diagnostics.extend(problems);
        if report.errors() > 0 && !first {
            report.elapsed = start.elapsed();
            return Ok(report);
        }
        let tera = theme::tera(&site.root, site.config.allow_outside_links)?;
        let bodies = render::render_bodies(&site, &links);
        let mut rank = vec![0u32; site.entries.len()];
        for (r, &id) in links.by_title.iter().enumerate() {
            rank[id] = r as u32;
        }
        let by_path = site
            .entries
            .iter()
            .enumerate()
            .map(|(id, e)| (site.sources[e.source].path.clone(), id))
            .collect();
        let built = Built {
            site,
            links,
            tera,
            bodies,
            pages,
            rank,
            by_path,
            counts,
            linker,
            files,
            cards: crate::card::Cache::new(&self.index_dir.with_file_name("cards")),
        };
        let all: Vec<usize> = (0..built.pages.len()).collect();
        let (mut written, rendered) = self.render(&built, &all, Feeds::ALL)?;
        let mut keep: HashSet<String> = built.pages.iter().map(Page::output).collect();
        keep.extend(render::FEEDS.map(String::from));
        let mut copies = Vec::new();
        for (name, asset) in built.files.copied() {
            let bytes = match asset {
                Asset::Embedded(bytes) => bytes.to_vec(),
                Asset::Disk(path) => std::fs::read(path).map_err(|e| Error::read(path, e))?,
            };
            keep.insert(name.clone());
            copies.push((name.clone(), bytes));
        }
        let redirects = renderer(&built, &self.script).redirect_files(&built.files)?;
        keep.extend(redirects.iter().map(|(name, _)| name.clone()));
        copies.extend(redirects);
        let api = renderer(&built, &self.script).api_bytes(None)?;
        keep.extend(api.iter().map(|(name, _)| name.clone()));
        copies.extend(api);
        let machine = renderer(&built, &self.script).machine_bytes(None)?;
        keep.extend(machine.iter().map(|(name, _)| name.clone()));
        copies.extend(machine);
        let rasters = renderer(&built, &self.script).raster_bytes_of(&built.cards, None)?;
        keep.extend(rasters.iter().map(|(name, _)| name.clone()));
        copies.extend(rasters);
        written.extend(self.out.write(copies)?);
        written.sort();
        report.removed = self.out.remove_others(&keep)?;
        report.written = written;
        report.rendered = rendered;
        report.applied = true;
        self.built = Some(built);
        self.stale_docs = None;
        self.unsettled = false;
        report.elapsed = start.elapsed();
        Ok(report)
    }

    /// Whether [`ServeSite::settle`] has work to do.
    pub fn unsettled(&self) -> bool {
        self.unsettled
    }

    /// Recomputes "See also" for the whole site after incremental edits (one body's
    /// words change every entry's tf-idf weights), with the backlinks that follow, and
    /// rewrites the pages whose lists or backlinks changed. Afterwards the served
    /// site is what a full rebuild would give.
    pub fn settle(&mut self) -> Result<Report> {
        let start = Instant::now();
        self.unsettled = false;
        let Some(mut built) = self.built.take() else {
            return Ok(Report::default());
        };
        let links = &built.links;
        let see_also = crate::link::see_also(
            &built.site,
            &built.counts,
            &links.related,
            &links.appears_in,
        );
        let mut own: BTreeSet<EntryId> = (0..see_also.len())
            .filter(|&id| see_also[id] != links.see_also[id])
            .collect();
        let mut report = Report {
            applied: true,
            ..Report::default()
        };
        if !own.is_empty() {
            // Pages list the entries linking to them ("Referenced by"), not only count them.
            let before = links.backlinks.clone();
            built.links.see_also = see_also;
            crate::link::count_backlinks(&mut built.links, &built.rank);
            own.extend((0..before.len()).filter(|&id| built.links.backlinks[id] != before[id]));
            let indexes = dependent_pages(&built, &BTreeSet::new(), &own, false);
            match self.render(&built, &indexes, Feeds::default()) {
                Ok((written, rendered)) => {
                    report.written = written;
                    report.rendered = rendered;
                }
                Err(e) => {
                    self.built = Some(built);
                    return Err(e);
                }
            }
        }
        self.built = Some(built);
        report.elapsed = start.elapsed();
        Ok(report)
    }

    /// Renders the pages at `indexes` of the plan and the `feeds`; writes what changed.
    fn render(
        &mut self,
        built: &Built,
        indexes: &[usize],
        feeds: Feeds,
    ) -> Result<(Vec<String>, usize)> {
        let renderer = renderer(built, &self.script);
        render_into(&mut self.out, &renderer, built, indexes, feeds)
    }

    /// Applies edits that keep every entry's links; `None` when a full rebuild is needed.
    fn incremental(
        &mut self,
        changed: &BTreeSet<PathBuf>,
        early: &mut dyn FnMut(&[String]),
    ) -> Option<Result<Report>> {
        let built = self.built.as_ref()?;
        let content = self.root.join(load::CONTENT_DIR);
        // Parse every changed file first: nothing is applied unless all of them qualify.
        let mut edits: Vec<Edit> = Vec::new();
        let mut diagnostics = Vec::new();
        for path in changed {
            let rel = path.strip_prefix(&self.root).ok()?;
            // Anything but an entry's own file (an introduction, a bundle's image, a
            // template…) is a full rebuild.
            let in_content = path.starts_with(&content);
            if !in_content || path.extension().is_none_or(|x| x != "md") {
                return None;
            }
            let &id = built.by_path.get(rel)?;
            let text: Arc<str> = Arc::from(std::fs::read_to_string(path).ok()?);
            if crate::exported::reader::is_export(&text) {
                return None;
            }
            let folder_kind = load::folder_kind(&content, path);
            match load::parse_entry(&text, rel, folder_kind, &built.site.config) {
                Ok((entry, mut warnings)) => {
                    let levels = &built.site.config.check.levels;
                    crate::diagnostics::apply_levels(&mut warnings, levels);
                    if !same_links(&built.site.entries[id], &entry) {
                        return None;
                    }
                    diagnostics.extend(warnings);
                    let old = &built.site.entries[id];
                    edits.push(Edit {
                        id,
                        card: !same_card(old, &entry),
                        dates: old.modified() != entry.modified(),
                        entry,
                        text,
                    });
                }
                Err(errors) => diagnostics.extend(errors),
            }
        }
        let mut report = Report {
            diagnostics,
            ..Report::default()
        };
        if report.errors() > 0 {
            return Some(Ok(report));
        }
        Some(self.apply_edits(edits, early).map(|(written, rendered)| {
            report.written = written;
            report.rendered = rendered;
            report.applied = true;
            report
        }))
    }

    fn apply_edits(
        &mut self,
        edits: Vec<Edit>,
        early: &mut dyn FnMut(&[String]),
    ) -> Result<(Vec<String>, usize)> {
        let Some(mut built) = self.built.take() else {
            return Ok((Vec::new(), 0));
        };
        let (home_n, feed_n) = (render::HOME_NEWEST, built.site.config.feed.limit);
        // Which entries home and the feed list matters only when a card changed.
        let carding = edits.iter().any(|e| e.card);
        let newest = |site: &Site| match carding {
            true => render::newest(site, home_n.max(feed_n)),
            false => Vec::new(),
        };
        let newest_before = newest(&built.site);
        // Entries edited, whose card changed, and whose own pages may have changed.
        let mut edited: BTreeSet<EntryId> = BTreeSet::new();
        let mut carded: BTreeSet<EntryId> = BTreeSet::new();
        let mut own: BTreeSet<EntryId> = BTreeSet::new();
        let mut feeds = Feeds::default();
        let stale = self.stale_docs.get_or_insert_with(BTreeSet::new);
        self.unsettled = true;
        for mut edit in edits {
            own.extend(update_entry(
                &mut built,
                edit.id,
                &mut edit.entry,
                edit.text,
            ));
            own.insert(edit.id);
            edited.insert(edit.id);
            if edit.card {
                carded.insert(edit.id);
            }
            feeds.sitemap |= edit.dates;
            stale.insert(edit.id);
        }
        // An image added, changed or removed changes what the entry shares.
        if !carded.is_empty() {
            built.files.rasters = render::raster_files(&built.site, &built.files.statics);
        }
        // Home lists the areas and the newest entries; the feed the newest entries.
        let newest_after = newest(&built.site);
        let among = |n: usize, id: EntryId| {
            newest_before.iter().take(n).any(|&x| x == id)
                || newest_after.iter().take(n).any(|&x| x == id)
        };
        let home = carded
            .iter()
            .any(|&id| built.site.entries[id].kind == Kind::Area || among(home_n, id));
        feeds.atom = carded.iter().any(|&id| among(feed_n, id));
        let indexes = dependent_pages(&built, &carded, &own, home);
        // The edited entries' own pages first: they are the pages being looked at.
        let (first, rest): (Vec<usize>, Vec<usize>) =
            indexes
                .into_iter()
                .partition(|&i| match built.pages[i].kind {
                    PageKind::Entry(id) | PageKind::Area { id, .. } => edited.contains(&id),
                    _ => false,
                });
        let result = {
            let renderer = renderer(&built, &self.script);
            let out = &mut self.out;
            render_into(out, &renderer, &built, &first, Feeds::default()).and_then(
                |(mut written, n)| {
                    early(&written);
                    let (more, m) = render_into(out, &renderer, &built, &rest, feeds)?;
                    written.extend(more);
                    // The JSON API shows descriptions and dates: the list and the
                    // edited entries' files (only changed bytes are written).
                    if !carded.is_empty() {
                        let ids: Vec<EntryId> = carded.iter().copied().collect();
                        written.extend(out.write(renderer.api_bytes(Some(&ids))?)?);
                        // An SVG hero image is shared as PNG.
                        let rasters = renderer.raster_bytes_of(&built.cards, Some(&ids))?;
                        written.extend(out.write(rasters)?);
                    }
                    // The markdown copies of the edited entries (body, front matter) and
                    // `llms.txt` (titles and descriptions).
                    let ids: Vec<EntryId> = edited.iter().copied().collect();
                    written.extend(out.write(renderer.machine_bytes(Some(&ids))?)?);
                    Ok((written, n + m))
                },
            )
        };
        self.built = Some(built);
        result
    }

    /// Brings the search index up to date with the last rebuild; returns a new handle
    /// when the index was (re)created.
    pub fn update_search(&mut self) -> Result<Option<Arc<Searchable>>> {
        let Some(built) = &self.built else {
            return Ok(None);
        };
        let settings = index::Settings::from_config(&built.site.config.search);
        let Some(search) = self.search.take() else {
            let docs = documents::documents(&built.site, &built.pages);
            let search = SearchIndex::build(&self.index_dir, &docs, &settings)?;
            let handle = search.searchable();
            self.search = Some(search);
            self.stale_docs = Some(BTreeSet::new());
            return Ok(Some(handle));
        };
        let mut handle = None;
        match self.stale_docs.take() {
            Some(ids) if ids.is_empty() => self.search = Some(search),
            Some(ids) => {
                let mut search = search;
                let urls = Urls::new(&built.site.config);
                let unsafe_html = built.site.config.markdown.unsafe_html;
                let docs: Vec<_> = ids
                    .iter()
                    .map(|&id| documents::document(&built.site.entries[id], &urls, unsafe_html))
                    .collect();
                let result = search.replace(&docs);
                self.search = Some(search);
                result?;
            }
            None => {
                let docs = documents::documents(&built.site, &built.pages);
                let (search, rebuilt) = search.update(&docs, &settings)?;
                if rebuilt.is_none() {
                    handle = Some(search.searchable());
                }
                self.search = Some(search);
            }
        }
        self.stale_docs = Some(BTreeSet::new());
        Ok(handle)
    }
}

/// Which of the files beside the pages to render.
#[derive(Clone, Copy, Debug, Default)]
struct Feeds {
    sitemap: bool,
    atom: bool,
    robots: bool,
}

impl Feeds {
    const ALL: Feeds = Feeds {
        sitemap: true,
        atom: true,
        robots: true,
    };
}

/// A renderer over the kept site, with the serve script.
fn renderer<'a>(built: &'a Built, script: &str) -> Renderer<'a> {
    let mut renderer = Renderer::from_parts(&built.site, &built.links, &built.tera, &built.bodies);
    renderer.set_serve_script(script);
    renderer.set_files(&built.files, &built.cards);
    renderer
}

/// Renders the pages at `indexes` of the plan and the `feeds` into `out` (only changed
/// bytes are written); returns the paths written and the number of pages rendered.
fn render_into(
    out: &mut Output,
    renderer: &Renderer<'_>,
    built: &Built,
    indexes: &[usize],
    feeds: Feeds,
) -> Result<(Vec<String>, usize)> {
    let mut files: Vec<(String, Vec<u8>)> = indexes
        .par_iter()
        .map(|&i| {
            let page = &built.pages[i];
            Ok((page.output(), renderer.render_page(page)?.into_bytes()))
        })
        .collect::<Result<_>>()?;
    if feeds.sitemap {
        for (name, xml) in renderer.sitemap(&built.pages)? {
            files.push((name, xml.into()));
        }
    }
    if feeds.atom {
        files.push(("atom.xml".into(), renderer.feed()?.into()));
    }
    if feeds.robots {
        files.push(("robots.txt".into(), renderer.robots()?.into()));
    }
    Ok((out.write(files)?, indexes.len()))
}
