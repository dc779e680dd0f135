//! The `glossa` command line: parses arguments, calls the library, reports.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cli;

use cli::args::{
    parse_param, CheckFormat, FormatArg, FromArg, ImportKindArg, KindArg, SearchFormatArg,
    TermFormatArg,
};

use glossa::export::{SchemaFormat, SearchFormat};
use glossa::model::{Date, Kind};
use glossa::{diagnostics, scaffold, Diagnostic, Error, LoadOptions};

/// mimalloc instead of the system allocator: a build allocates and frees millions of
/// short strings beside a heap of gigabytes (100,000 entries), where glibc's free-list
/// searches grow with the heap. Built to commit arena memory as it is touched
/// (`.cargo/config.toml`), so peak memory stays what glibc's is.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A static site generator for glossary-backed knowledge bases.
#[derive(Parser, Debug)]
#[command(name = "glossa", version, about, propagate_version = true)]
struct Cli {
    /// Site folder (default: the nearest folder upward holding glossa.toml, else the current one).
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Output: the build folder for `build` (default: <root>/public), the file for `export` (default: stdout).
    #[arg(short, long, global = true, value_name = "PATH")]
    output: Option<PathBuf>,
    /// Override `base_url` from glossa.toml.
    #[arg(long, global = true, value_name = "URL")]
    base_url: Option<String>,
    /// Include entries marked `draft = true`.
    #[arg(long, global = true)]
    drafts: bool,
    /// Print errors only.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more detail.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site into the output folder (default: public/).
    Build,
    /// Load and link without writing; report every problem at once (exit 0 clean, 1 could not run, 2 problems).
    Check {
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// Also fetch the links to other sites (settings in [check.external]).
        #[arg(long)]
        external: bool,
    },
    /// Scaffold a new site: glossa.toml and a few example entries.
    Init {
        /// Folder to create the site in (default: the current folder).
        dir: Option<PathBuf>,
        /// Write into a non-empty folder.
        #[arg(long)]
        force: bool,
    },
    /// Write a new entry with filled front matter (as a draft).
    New {
        #[arg(value_enum)]
        kind: KindArg,
        /// The entry's title; its slug names the file.
        title: String,
    },
    /// Import another glossary site's exported pages, other generators' markdown (Hugo,
    /// Zola, Jekyll, Docusaurus, MkDocs, MDN), or a termbase (CSV, TSV, JSON, TBX) into
    /// content/.
    Import {
        /// Exported pages or markdown pages (files, or folders to walk), or termbase files
        /// (.csv, .tsv, .json, .tbx).
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Read the files as this termbase format (default: by extension).
        #[arg(long, value_enum)]
        format: Option<TermFormatArg>,
        /// A sheet's column (or a JSON key) read as a field: title, aliases, …, NAME@LANG,
        /// extra.NAME, or - to leave it out (repeatable).
        #[arg(long = "map", value_name = "COLUMN=FIELD", value_parser = glossa::termbase::fields::parse_map)]
        map: Vec<(String, glossa::termbase::fields::Field)>,
        /// Read every markdown page as this generator's (default: detected per file).
        #[arg(long, value_enum)]
        from: Option<FromArg>,
        /// The kind other generators' pages, and termbase records without a kind, become
        /// (auto: a body of a few sentences is a definition, a longer one a term).
        #[arg(long, value_enum, default_value = "auto")]
        kind: ImportKindArg,
        /// A value for Hugo's `{{< param "name" >}}` (repeatable), over the site's config.
        #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_param)]
        params: Vec<(String, String)>,
        /// The old site's address: links to its pages that are not imported point there.
        #[arg(long, value_name = "URL")]
        source_base: Option<String>,
        /// Show what would be done; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print the report as JSON on stdout.
        #[arg(long)]
        json: bool,
        /// Replace existing entries (hand-written, or imported and edited since).
        #[arg(long)]
        force: bool,
    },
    /// Search the site (the index written by `glossa build`).
    Search {
        /// Words, and phrases in "double quotes".
        query: String,
        /// Only entries of this kind.
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// Only entries of this area (its slug).
        #[arg(long, value_name = "SLUG")]
        area: Option<String>,
        /// Most results shown.
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1000))]
        limit: u32,
        /// Print the results as JSON (snippets in plain text, with highlight ranges).
        #[arg(long)]
        json: bool,
    },
    /// Build, serve on 127.0.0.1, rebuild what changed and reload open pages.
    Serve {
        /// Port to listen on (0 picks a free one and prints it).
        #[arg(long, default_value_t = glossa::serve::DEFAULT_PORT)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Export site data.
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
}

#[derive(Subcommand, Debug)]
enum ExportWhat {
    /// The whole site's schema.org JSON-LD.
    Schema {
        #[arg(long, value_enum, default_value_t = FormatArg::Graph)]
        format: FormatArg,
    },
    /// The search documents as NDJSON, for a search engine.
    Search {
        #[arg(long, value_enum, default_value_t = SearchFormatArg::Plain)]
        format: SearchFormatArg,
    },
    /// The whole glossary as data: a CSV or TSV sheet, a JSON array or a TBX-Basic file
    /// (what `glossa import` reads back).
    Terms {
        /// Default: the extension of -o FILE, else csv.
        #[arg(long, value_enum)]
        format: Option<TermFormatArg>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(e) => {
            report_error(&e);
            ExitCode::from(1)
        }
    }
}

fn run(cli: &Cli) -> Result<ExitCode, Error> {
    let cwd = std::env::current_dir().map_err(|e| Error::read(".", e))?;
    let root = match &cli.root {
        Some(r) => r.clone(),
        None => glossa::find_root(&cwd),
    };
    let options = LoadOptions {
        drafts: cli.drafts,
        base_url: cli.base_url.clone(),
    };
    match &cli.command {
        Command::Build => build(cli, &root, &options),
        Command::Check { format, external } => check(cli, &root, &options, *format, *external),
        Command::Init { dir, force } => {
            let dir = dir.clone().unwrap_or(cwd);
            let written = scaffold::init(&dir, *force)?;
            if !cli.quiet {
                eprintln!(
                    "created a site in {} ({} files); run `glossa build` there",
                    dir.display(),
                    written.len()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::New { kind, title } => new_entry(cli, &root, (*kind).into(), title),
        Command::Import {
            paths,
            format,
            map,
            from,
            kind,
            params,
            source_base,
            dry_run,
            json,
            force,
        } => {
            use glossa::foreign::KindRule;
            let options = glossa::import::ImportOptions {
                dry_run: *dry_run,
                force: *force,
                from: from.map(Into::into),
                kind: match kind {
                    ImportKindArg::Auto => KindRule::Auto,
                    ImportKindArg::Term => KindRule::Always(Kind::Term),
                    ImportKindArg::Definition => KindRule::Always(Kind::Definition),
                },
                params: params.iter().cloned().collect(),
                source_base: source_base.clone(),
                format: format.map(Into::into),
                map: map.iter().cloned().collect(),
            };
            import(cli, &root, paths, &options, *json)
        }
        Command::Search {
            query,
            kind,
            area,
            limit,
            json,
        } => {
            let options = glossa::index::query::SearchOptions {
                kind: kind.map(Kind::from),
                area: area.clone(),
                limit: *limit as usize,
            };
            search(cli, &root, query, &options, *json)
        }
        Command::Serve { port, open } => serve(cli, &root, *port, *open),
        Command::Export { what } => {
            let diagnostics = export(cli, &root, &options, what)?;
            print_diagnostics(cli, &diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            Ok(if errors > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}

/// `glossa build`: the build, its problems and its summary.
fn build(cli: &Cli, root: &Path, options: &LoadOptions) -> Result<ExitCode, Error> {
    let output = cli.output.clone().unwrap_or_else(|| root.join("public"));
    let report = glossa::build(root, &output, options)?;
    print_diagnostics(cli, &report.diagnostics);
    if cli.verbose > 0 {
        for (stage, time) in &report.timings {
            eprintln!("  {stage:<24} {:>8.1} ms", time.as_secs_f64() * 1000.0);
        }
        eprintln!(
            "  search index {} ({} browser files)",
            if report.search_rebuilt {
                "rebuilt"
            } else {
                "unchanged"
            },
            report.search_files
        );
    }
    if report.committed {
        if !cli.quiet {
            eprintln!("{}", report.summary());
        }
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{}", report.summary());
        report_error(&Error::BuildFailed {
            errors: report.errors(),
            output,
        });
        Ok(ExitCode::from(1))
    }
}

/// `glossa check`: every problem, for people or as JSON.
fn check(
    cli: &Cli,
    root: &Path,
    options: &LoadOptions,
    format: CheckFormat,
    external: bool,
) -> Result<ExitCode, Error> {
    let report = glossa::check(root, options, external)?;
    let problems = report.diagnostics;
    let errors = problems.iter().filter(|d| d.is_error()).count();
    let warnings = problems.len() - errors;
    match format {
        CheckFormat::Json => {
            let mut doc =
                serde_json::json!({ "problems": problems, "errors": errors, "warnings": warnings });
            if let Some(summary) = &report.external {
                doc["external"] = serde_json::json!(summary);
            }
            println!("{doc:#}");
        }
        CheckFormat::Human => {
            print_diagnostics(cli, &problems);
            if let Some(s) = report.external.as_ref().filter(|_| !cli.quiet) {
                eprintln!(
                    "external links: {} URLs, {} checked, {} known good from the cache, {} skipped, {} broken",
                    s.urls, s.checked, s.cached, s.skipped, s.broken
                );
            }
            if !cli.quiet {
                match problems.len() {
                    0 => eprintln!("no problems found"),
                    _ => eprintln!("{errors} errors, {warnings} warnings"),
                }
            }
        }
    }
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// `glossa new`: a draft entry dated today.
fn new_entry(cli: &Cli, root: &Path, kind: Kind, title: &str) -> Result<ExitCode, Error> {
    let today = Date {
        day: time::OffsetDateTime::now_utc().date(),
        instant: None,
    };
    let path = scaffold::new_entry(root, kind, title, &today.ymd())?;
    let shown = path.strip_prefix(root).unwrap_or(&path);
    println!("{}", shown.display());
    if !cli.quiet {
        eprintln!(
            "created {} (a draft: set `draft = false` to publish)",
            shown.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `glossa import`: the report, as text or JSON.
fn import(
    cli: &Cli,
    root: &Path,
    paths: &[PathBuf],
    options: &glossa::import::ImportOptions,
    json: bool,
) -> Result<ExitCode, Error> {
    let report = glossa::import::import(root, paths, options)?;
    if json {
        let out = serde_json::to_string_pretty(&report)
            .map_err(|e| Error::write("stdout", std::io::Error::other(e)))?;
        println!("{out}");
    } else {
        if cli.verbose > 0 {
            print_diagnostics(cli, &report.warnings);
        }
        let limit = if cli.verbose > 0 { usize::MAX } else { 20 };
        if !cli.quiet {
            print!("{}", cli::import_report::render(&report, limit));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `glossa search`: the results, as text (coloured on a terminal) or JSON.
fn search(
    cli: &Cli,
    root: &Path,
    query: &str,
    options: &glossa::index::query::SearchOptions,
    json: bool,
) -> Result<ExitCode, Error> {
    let results = glossa::search(root, query, options)?;
    let stdout = std::io::stdout();
    let color = !json && stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = if json {
        serde_json::to_writer_pretty(&mut out, &results)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(out))
    } else {
        cli::search_text::write(&results, &mut out, color)
    };
    written
        .and_then(|()| out.flush())
        .map_err(|e| Error::write("stdout", e))?;
    if results.results.is_empty() && !cli.quiet {
        eprintln!("no results for “{query}”");
    }
    Ok(ExitCode::SUCCESS)
}

/// `glossa serve`: until Ctrl-C.
fn serve(cli: &Cli, root: &Path, port: u16, open: bool) -> Result<ExitCode, Error> {
    if cli.output.is_some() || cli.base_url.is_some() {
        eprintln!(
            "warning: serve writes to {} and serves on http://127.0.0.1:PORT/; -o and --base-url are ignored",
            glossa::serve::SERVE_DIR
        );
    }
    let options = glossa::serve::ServeOptions {
        port,
        open,
        drafts: cli.drafts,
        quiet: cli.quiet,
        color: std::io::stderr().is_terminal(),
    };
    glossa::serve(root, &options)?;
    Ok(ExitCode::SUCCESS)
}

/// Runs an export into `-o FILE` (atomically) or stdout.
fn export(
    cli: &Cli,
    root: &Path,
    options: &LoadOptions,
    what: &ExportWhat,
) -> Result<Vec<Diagnostic>, Error> {
    let run = |out: &mut dyn Write| match what {
        ExportWhat::Schema { format } => {
            let format = match format {
                FormatArg::Graph => SchemaFormat::Graph,
                FormatArg::Ndjson => SchemaFormat::Ndjson,
            };
            glossa::export_schema(root, options, format, out)
        }
        ExportWhat::Search { format } => {
            let format = match format {
                SearchFormatArg::Plain => SearchFormat::Plain,
                SearchFormatArg::Bulk => SearchFormat::Bulk,
            };
            glossa::export_search(root, options, format, out)
        }
        ExportWhat::Terms { format } => {
            let by_name = cli
                .output
                .as_deref()
                .and_then(glossa::termbase::Format::from_path);
            let format = format
                .map(Into::into)
                .or(by_name)
                .unwrap_or(glossa::termbase::Format::Csv);
            glossa::export_terms(root, options, format, out)
        }
    };
    match &cli.output {
        Some(path) => {
            let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
            glossa::write::remove_temp_leftovers(dir.unwrap_or(Path::new(".")));
            glossa::write::write_file_atomically(path, run, |diagnostics| {
                !diagnostics.iter().any(Diagnostic::is_error)
            })
        }
        None => {
            let stdout = std::io::stdout();
            let mut lock = std::io::BufWriter::new(stdout.lock());
            let d = run(&mut lock)?;
            lock.flush().map_err(|e| Error::write("stdout", e))?;
            Ok(d)
        }
    }
}

fn print_diagnostics(cli: &Cli, diagnostics: &[Diagnostic]) {
    let shown: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.is_error() || !cli.quiet)
        .cloned()
        .collect();
    if shown.is_empty() {
        return;
    }
    let color = std::io::stderr().is_terminal();
    eprint!("{}", diagnostics::render(&shown, color));
}

fn report_error(e: &Error) {
    match e {
        Error::Config(d) => {
            eprint!(
                "{}",
                diagnostics::render(std::slice::from_ref(d), std::io::stderr().is_terminal())
            )
        }
        e => eprintln!("error: {e}"),
    }
}
