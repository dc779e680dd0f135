//! The pipeline of each command: load → link → plan → link check → render → write for
//! `glossa build`, with the search index beside render; load, link, plan and the checks
//! (whole-site, links, with `--external` links to other sites) for `glossa check`; load,
//! link and plan for the exports. The command line and `glossa serve` call these.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostics::Diagnostic;
use crate::error::{Error, Result};
use crate::link::auto::AutoLinker;
use crate::link::similar::StemCounts;
use crate::load::LoadOptions;
use crate::model::{Kind, Links, Site};
use crate::{
    config, export, index, link, linkcheck, load, manifest, plan, render, schema, termbase, write,
};

/// The site root for a starting folder: the nearest folder upward holding `glossa.toml`,
/// else the folder itself.
pub fn find_root(start: &Path) -> PathBuf {
    start
        .ancestors()
        .find(|dir| dir.join(config::CONFIG_FILE).is_file())
        .unwrap_or(start)
        .to_path_buf()
}

/// A loaded and linked site, with every problem found so far.
pub struct Linked {
    pub site: Site,
    pub links: Links,
    pub diagnostics: Vec<Diagnostic>,
}

/// Load and link: what every command starts with.
pub fn load_and_link(root: &Path, options: &LoadOptions) -> Result<Linked> {
    load_and_link_counts(root, options).map(|(linked, _, _)| linked)
}

/// [`load_and_link`], also giving each body's stem counts and the automatic linker (see
/// [`link::link_with_counts`]), which `glossa serve` keeps to link edited bodies again.
pub fn load_and_link_counts(
    root: &Path,
    options: &LoadOptions,
) -> Result<(Linked, AutoLinker, Vec<StemCounts>)> {
    let loaded = load::load(root, options)?;
    let link::Linked {
        links,
        diagnostics: link_diagnostics,
        counts,
        linker,
    } = link::link_with_counts(&loaded.site);
    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(link_diagnostics);
    crate::diagnostics::apply_levels(&mut diagnostics, &loaded.site.config.check.levels);
    let linked = Linked {
        site: loaded.site,
        links,
        diagnostics,
    };
    Ok((linked, linker, counts))
}

/// What `glossa check` found.
#[derive(Debug)]
pub struct CheckReport {
    /// Every problem, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// What the external link check did, when asked for (`--external`).
    pub external: Option<linkcheck::external::Summary>,
}

/// `glossa check`: load and link without writing, then the whole-site checks and the link
/// check (and, with `external`, the links to other sites, over the network; their cache
/// in `.glossa/` is the only file written).
pub fn check(root: &Path, options: &LoadOptions, external: bool) -> Result<CheckReport> {
    let Linked {
        site,
        links,
        mut diagnostics,
    } = load_and_link(root, options)?;
    let pages = plan::plan(&site, &links);
    let mut more = crate::check::problems(&site, &links);
    // Old URLs that would take a page or file: the build's own check.
    let (files, redirect_problems) = render::files(&site, &pages)?;
    more.extend(redirect_problems);
    more.extend(linkcheck::check(&site, &links, &pages, &files)?);
    let external = match external {
        true => {
            let (problems, summary) = linkcheck::external::check(root, &site, &links)?;
            more.extend(problems);
            Some(summary)
        }
        false => None,
    };
    crate::diagnostics::apply_levels(&mut more, &site.config.check.levels);
    diagnostics.extend(more);
    crate::diagnostics::sort(&mut diagnostics);
    Ok(CheckReport {
        diagnostics,
        external,
    })
}

/// What a build did.
#[derive(Debug)]
pub struct BuildReport {
    pub diagnostics: Vec<Diagnostic>,
    /// Entries by kind: terms, definitions, areas.
    pub entries: [usize; 3],
    pub pages: usize,
    pub files: usize,
    pub links: usize,
    pub elapsed: Duration,
    /// Time spent in each stage, in order.
    pub timings: Vec<(&'static str, Duration)>,
    /// Whether the output was replaced (false when errors were found).
    pub committed: bool,
    /// Whether nothing had changed since the last build, so nothing was done.
    pub up_to_date: bool,
    /// Whether the search index had to be rebuilt (the content changed).
    pub search_rebuilt: bool,
    /// Files of the browser search index.
    pub search_files: usize,
    pub output: PathBuf,
}

impl BuildReport {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.iter().filter(|d| !d.is_error()).count()
    }

    /// The one summary line printed at the end of a build.
    pub fn summary(&self) -> String {
        let [t, d, a] = self.entries;
        format!(
            "{} {} entries ({t} terms, {d} definitions, {a} areas) → {} pages, {} files, {} links, {} warnings, {} errors in {} ms",
            match (self.committed, self.up_to_date) {
                (_, true) => "up to date:",
                (true, false) => "built",
                (false, false) => "failed:",
            },
            t + d + a,
            self.pages,
            self.files,
            self.links,
            self.warnings(),
            self.errors(),
            self.elapsed.as_millis()
        )
    }
}

/// The full build of the site at `root` into `output`.
///
/// Content errors do not stop the build: every page that can be built is built into the
/// staging folder, the errors are reported, and `output` is only replaced when there were
/// none. I/O and template failures stop it with an [`Error`].
///
/// When nothing changed since the last build (see [`manifest`]), nothing is done and the
/// last build's report is returned again, with `up_to_date` set.
pub fn build(root: &Path, output: &Path, options: &LoadOptions) -> Result<BuildReport> {
    let start = Instant::now();
    let mut timings = Vec::new();
    let mut lap = Instant::now();
    let mut stage = |name: &'static str| {
        timings.push((name, lap.elapsed()));
        lap = Instant::now();
    };
    let output_abs = crate::paths::absolute(output);
    let inputs = manifest::fingerprint(root, &output_abs, options)?;
    let previous = manifest::Manifest::read(root).filter(|m| m.output == output_abs);
    if let Some(last) = &previous {
        let index = crate::index::current_hash(root);
        if last.up_to_date(index.as_deref(), &inputs, &output_abs) {
            stage("fingerprint (nothing changed)");
            return Ok(unchanged(last, root, output, start, timings));
        }
    }
    stage("fingerprint");
    let loaded = load::load(root, options)?;
    stage("load");
    let (links, link_diagnostics) = link::link(&loaded.site);
    stage("link (auto-links, see also)");
    let site = loaded.site;
    let pages = plan::plan(&site, &links);
    let (files, redirect_problems) = render::files(&site, &pages)?;
    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(link_diagnostics.into_iter().chain(redirect_problems));
    stage("plan");
    diagnostics.extend(linkcheck::check(&site, &links, &pages, &files)?);
    stage("link check");
    crate::diagnostics::apply_levels(&mut diagnostics, &site.config.check.levels);
    let staging = write::Staging::new(output, root, previous.map(|last| last.files))?;
    let cards = crate::card::Cache::new(&root.join(crate::paths::CARDS_DIR));
    let mut renderer = render::Renderer::new(&site, &links)?;
    renderer.set_files(&files, &cards);
    stage("templates");
    let (stats, search) = rayon::join(
        || renderer.render_all(&pages, &files, &staging),
        || {
            let started = Instant::now();
            let docs = index::documents::documents(&site, &pages);
            let settings = index::Settings::from_config(&site.config.search);
            index::prepare(root, &docs, &settings).map(|p| (p, started.elapsed()))
        },
    );
    let (stats, (search, search_time)) = (stats?, search?);
    let search_files = search.copy_into(&staging)?;
    stage("render (markdown, pages), index and write");
    let errors = diagnostics.iter().any(Diagnostic::is_error);
    let search_rebuilt = search.rebuilt;
    let entries = Kind::ALL.map(|k| site.count(k));
    let files = stats.files + search_files;
    if !errors {
        let mut record = manifest::Manifest::new(inputs, output_abs);
        record.search_hash = search.hash.clone();
        record.files = staging.commit()?;
        search.commit()?;
        cards.sweep();
        record.report = manifest::SavedReport {
            entries,
            pages: stats.pages,
            files,
            links: links.link_count,
            search_files,
            diagnostics: diagnostics
                .iter()
                .map(manifest::SavedDiagnostic::from)
                .collect(),
        };
        record.write(root)?;
    }
    stage("swap in");
    timings.push(("(search index, beside)", search_time));
    Ok(BuildReport {
        diagnostics,
        entries,
        pages: stats.pages,
        files,
        links: links.link_count,
        elapsed: start.elapsed(),
        timings,
        committed: !errors,
        up_to_date: false,
        search_rebuilt,
        search_files,
        output: output.to_path_buf(),
    })
}

/// The report of a build that found nothing changed since `last`: the last build's.
fn unchanged(
    last: &manifest::Manifest,
    root: &Path,
    output: &Path,
    start: Instant,
    timings: Vec<(&'static str, Duration)>,
) -> BuildReport {
    let r = &last.report;
    BuildReport {
        diagnostics: r.diagnostics.iter().map(|d| d.restore(root)).collect(),
        entries: r.entries,
        pages: r.pages,
        files: r.files,
        links: r.links,
        elapsed: start.elapsed(),
        timings,
        committed: true,
        up_to_date: true,
        search_rebuilt: false,
        search_files: r.search_files,
        output: output.to_path_buf(),
    }
}

/// Load, link and plan: what the exports start with.
fn load_and_plan(root: &Path, options: &LoadOptions) -> Result<(Linked, Vec<plan::Page>)> {
    let linked = load_and_link(root, options)?;
    let pages = plan::plan(&linked.site, &linked.links);
    Ok((linked, pages))
}

/// The search documents of the site at `root`, as NDJSON in `format` to `out`.
pub fn export_search(
    root: &Path,
    options: &LoadOptions,
    format: export::SearchFormat,
    out: &mut dyn std::io::Write,
) -> Result<Vec<Diagnostic>> {
    let (
        Linked {
            site, diagnostics, ..
        },
        pages,
    ) = load_and_plan(root, options)?;
    let docs = index::documents::documents(&site, &pages);
    export::write_search(&docs, format, out).map_err(|e| Error::write("output", e))?;
    Ok(diagnostics)
}

/// Runs a query on the search index of the site at `root` (built by [`build`]).
pub fn search(
    root: &Path,
    query: &str,
    options: &index::query::SearchOptions,
) -> Result<index::query::Results> {
    let mut results = index::query::search(root, query, options)?;
    if results.total == 0 {
        // The A–Z index to browse instead (nothing to link when the configuration is
        // broken: the search itself needs only the index).
        results.glossary = config::read(root)
            .ok()
            .map(|c| plan::Urls::new(&c).permalink(&plan::Urls::glossary_rel(None)));
    }
    Ok(results)
}

/// The whole site's JSON-LD, written in `format` to `out`.
pub fn export_schema(
    root: &Path,
    options: &LoadOptions,
    format: export::SchemaFormat,
    out: &mut dyn std::io::Write,
) -> Result<Vec<Diagnostic>> {
    let (
        Linked {
            site,
            links,
            diagnostics,
        },
        pages,
    ) = load_and_plan(root, options)?;
    let questions = render::area_questions(&site, &links);
    let urls = plan::Urls::new(&site.config);
    let ctx = schema::SchemaContext {
        site: &site,
        links: &links,
        urls: &urls,
        questions: &questions,
    };
    let nodes = export::schema_nodes(&ctx, &pages);
    export::write_schema(nodes, format, out).map_err(|e| Error::write("output", e))?;
    Ok(diagnostics)
}

/// The whole glossary as data (`export terms`): every entry (drafts with
/// [`LoadOptions::drafts`]) as a record of a sheet, a JSON array or a TBX-Basic file, in
/// site order; `glossa import` reads it back as the same entries.
pub fn export_terms(
    root: &Path,
    options: &LoadOptions,
    format: termbase::Format,
    out: &mut dyn std::io::Write,
) -> Result<Vec<Diagnostic>> {
    use termbase::Format;
    let loaded = load::load(root, options)?;
    let site = &loaded.site;
    let records = termbase::entry::records(&site.entries, format);
    let written = match format {
        Format::Csv => termbase::csv::write(&records, b',', out),
        Format::Tsv => termbase::csv::write(&records, b'\t', out),
        Format::Json => termbase::json::write(&records, out),
        Format::Tbx => {
            let source = format!("Exported by glossa from {}", site.config.base_url);
            let header = termbase::tbx::Header {
                language: &site.config.language,
                title: &site.config.title,
                source: &source,
            };
            termbase::tbx::write(&records, &header, out)
        }
    };
    written.map_err(|e| Error::write("output", e))?;
    Ok(loaded.diagnostics)
}
