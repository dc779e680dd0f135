//! `glossa serve`: build, serve on 127.0.0.1, rebuild what changed, reload the browser.
//!
//! ```text
//!            watch (notify, 50 ms debounce)
//!                 │ changed paths
//!                 ▼
//! ServeSite ── rebuild: incremental (one entry and the pages that depend on it)
//!   │                   or full (load ─► link ─► render, in memory)
//!   │          ──► Output: only files whose bytes changed, each written atomically
//!   │          ──► Notice (reload / build-error / build-ok) ──► SSE /__glossa/events
//!   └──────────────► SearchIndex (tantivy, updated per document) ──► GET /api/search
//!
//! http (axum on tokio, 127.0.0.1 only): files of .glossa/serve/public, 404.html on misses
//! ```
//!
//! - [`site`] keeps the loaded, linked and rendered site in memory between changes and
//!   decides between an incremental and a full rebuild; it reuses the pipeline's stage
//!   functions (`load_and_link`, `render::render_bodies`, `plan::plan`, `Renderer`).
//! - [`output`] writes the serve folder, skipping files whose bytes did not change.
//! - [`search`] keeps the tantivy index that `/api/search` reads.
//! - [`watch`] turns file-system events into batches of changed paths.
//! - [`http`] answers requests: files (with path checks), the event stream, search.
//!
//! Pages are rendered with the `serve_script` template variable set to a small script
//! (`client.js`) that listens to the event stream, reloads the page when it changed and
//! shows content errors as an overlay; it also tells `search.js` to ask `/api/search`.
//! Builds never set it. Everything serve writes stays under `.glossa/serve/`
//! (`public/` for pages, `index/` for search), never in the build's output.

mod edit;
pub mod http;
pub mod output;
pub mod search;
pub mod site;
pub mod watch;

use std::collections::BTreeSet;
use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use tokio::sync::{broadcast, watch as tokio_watch};

use crate::diagnostics::{self, Diagnostic};
use crate::error::{Error, Result};
use crate::load::LoadOptions;
use crate::render;
use http::{Notice, Shared};
use site::{Report, ServeSite};

/// The port `glossa serve` listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 1111;

/// How long edits must pause before "See also" is recomputed for the whole site.
pub const SETTLE_AFTER: Duration = Duration::from_secs(1);

pub use crate::paths::SERVE_DIR;

/// The script put at the end of every served page.
pub const CLIENT_JS: &str = include_str!("client.js");

/// How `glossa serve` runs.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// 0 picks a free port.
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    pub drafts: bool,
    /// Print errors only.
    pub quiet: bool,
    /// Colour diagnostics on the terminal.
    pub color: bool,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            port: DEFAULT_PORT,
            open: false,
            drafts: false,
            quiet: false,
            color: false,
        }
    }
}

/// Binds 127.0.0.1:`port` (a free port for 0).
fn bind(port: u16) -> Result<std::net::TcpListener> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    std::net::TcpListener::bind(addr).map_err(|source| {
        if source.kind() == std::io::ErrorKind::AddrInUse {
            Error::PortInUse { port }
        } else {
            Error::Listen { port, source }
        }
    })
}

/// The URL path of an output file (`term/x/index.html` → `/term/x/`).
fn url_path(rel: &str) -> String {
    match rel.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/{dir}"),
        _ => format!("/{rel}"),
    }
}

/// What browsers should reload after `files` (output paths) changed.
fn reload_notice(files: &[&String]) -> Option<Notice> {
    if files.is_empty() {
        return None;
    }
    // Pages reload themselves; anything else a page uses (style sheet, script, images)
    // reloads every page. The feeds, the sitemap, robots.txt and the JSON API are no
    // page's part, nor are the markdown copies, `llms.txt` and the sharing images.
    let page_or_feed = |f: &str| {
        f.ends_with(".html")
            || render::FEEDS.contains(&f)
            || f.starts_with("api/")
            || f.ends_with(".md")
            || f == render::LLMS_FILE
            || f.starts_with("og/")
    };
    let all = files.len() > 200 || files.iter().any(|f| !page_or_feed(f));
    let paths = if all {
        Vec::new()
    } else {
        files
            .iter()
            .filter(|f| f.ends_with(".html"))
            .map(|f| url_path(f))
            .collect()
    };
    // Only files no page shows (a markdown copy, the API): nothing to reload.
    if !all && paths.is_empty() {
        return None;
    }
    Some(Notice::Reload { paths, all })
}

/// `glossa serve`: builds the site at `root` into `.glossa/serve/`, serves it on
/// 127.0.0.1, rebuilds what changed and reloads open pages, until Ctrl-C.
pub fn serve(root: &Path, options: &ServeOptions) -> Result<()> {
    let root = std::fs::canonicalize(root).map_err(|e| Error::read(root, e))?;
    let listener = bind(options.port)?;
    let port = listener
        .local_addr()
        .map_err(|source| Error::Listen {
            port: options.port,
            source,
        })?
        .port();
    let base_url = format!("http://127.0.0.1:{port}/");
    let load = LoadOptions {
        drafts: options.drafts,
        base_url: Some(base_url.clone()),
    };
    let serve_dir = root.join(SERVE_DIR);
    let script = format!("<script>\n{CLIENT_JS}</script>");
    let mut site = ServeSite::new(
        &root,
        load,
        script,
        &serve_dir.join("public"),
        &serve_dir.join("index"),
    )?;
    // Watch before the first build, so that nothing saved meanwhile is missed.
    let watcher = watch::Watcher::new(&root)?;
    let report = site.full(true)?;
    print_diagnostics(&report.diagnostics, options);
    let status = (report.errors() > 0).then(|| error_text(&report.diagnostics));
    if !options.quiet {
        eprintln!(
            "built {} pages in {} ms{}",
            report.rendered,
            report.elapsed.as_millis(),
            if status.is_some() {
                " (with errors: fix them and save)"
            } else {
                ""
            }
        );
    }
    let searchable = site.update_search()?;
    let dir =
        std::fs::canonicalize(site.output_dir()).map_err(|e| Error::read(root.as_path(), e))?;
    let (notices, _) = broadcast::channel(64);
    let (stop, shutdown) = tokio_watch::channel(false);
    let shared = Arc::new(Shared {
        dir,
        notices,
        status: RwLock::new(status),
        search: RwLock::new(searchable),
        shutdown,
    });

    let loop_shared = Arc::clone(&shared);
    let loop_options = options.clone();
    std::thread::Builder::new()
        .name("glossa-rebuild".into())
        .spawn(move || rebuild_loop(site, watcher, &loop_shared, &loop_options))
        .map_err(|e| Error::Usage(format!("cannot start the rebuild thread: {e}")))?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Usage(format!("cannot start the server: {e}")))?;
    runtime.block_on(async move {
        listener
            .set_nonblocking(true)
            .map_err(|source| Error::Listen { port, source })?;
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|source| Error::Listen { port, source })?;
        println!("serving on {base_url}");
        let _ = std::io::stdout().flush();
        if options.open {
            if let Err(e) = opener::open(&base_url) {
                eprintln!("warning: cannot open a browser: {e}");
            }
        }
        let app = http::router(shared);
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = tokio::signal::ctrl_c().await;
                let _ = stop.send(true);
            })
            .await
            .map_err(|source| Error::Listen { port, source })
    })?;
    if !options.quiet {
        eprintln!("stopped");
    }
    Ok(())
}

/// Waits for changes and applies them, until the watcher stops.
fn rebuild_loop(
    mut site: ServeSite,
    mut watcher: watch::Watcher,
    shared: &Shared,
    options: &ServeOptions,
) {
    // Changes not applied yet (kept while the site has errors).
    let mut pending: BTreeSet<PathBuf> = BTreeSet::new();
    loop {
        // "See also" is brought up to date once the edits pause.
        let quiet = site.unsettled().then_some(SETTLE_AFTER);
        let changed = match watcher.next_within(quiet) {
            watch::Next::Changed(changed) => changed,
            watch::Next::Stopped => break,
            watch::Next::Quiet => {
                settle(&mut site, shared, options);
                continue;
            }
        };
        pending.extend(changed);
        let clean = shared.status.read().map(|s| s.is_none()).unwrap_or(false);
        // The edited pages are reloaded as soon as they are written.
        let mut sent: BTreeSet<String> = BTreeSet::new();
        let mut early = |written: &[String]| {
            let files: Vec<&String> = written.iter().collect();
            if let Some(notice) = reload_notice(&files) {
                let _ = shared.notices.send(notice);
            }
            sent.extend(written.iter().cloned());
        };
        let result = site.rebuild(&pending, clean, &mut early);
        let failed = match result {
            Ok(report) if report.applied && report.errors() == 0 => {
                pending.clear();
                print_diagnostics(&report.diagnostics, options);
                let was_failing = shared
                    .status
                    .write()
                    .map(|mut s| s.take().is_some())
                    .unwrap_or(false);
                if was_failing {
                    let _ = shared.notices.send(Notice::Ok);
                }
                let files: Vec<&String> = report
                    .written
                    .iter()
                    .chain(&report.removed)
                    .filter(|f| !sent.contains(*f))
                    .collect();
                if let Some(notice) = reload_notice(&files) {
                    let _ = shared.notices.send(notice);
                }
                if !options.quiet {
                    log_report(&site, &report);
                }
                match site.update_search() {
                    Ok(Some(handle)) => {
                        if let Ok(mut s) = shared.search.write() {
                            *s = Some(handle);
                        }
                    }
                    Ok(None) => {}
                    Err(e) => eprintln!("error: {e}"),
                }
                None
            }
            Ok(report) => {
                print_diagnostics(&report.diagnostics, options);
                Some(error_text(&report.diagnostics))
            }
            Err(e) => {
                let text = match &e {
                    Error::Config(d) => diagnostics::render(std::slice::from_ref(d), false),
                    e => format!("error: {e}\n"),
                };
                match &e {
                    Error::Config(d) => eprint!(
                        "{}",
                        diagnostics::render(std::slice::from_ref(d), options.color)
                    ),
                    e => eprintln!("error: {e}"),
                }
                Some(text)
            }
        };
        if let Some(text) = failed {
            eprintln!("keeping the last good site; fix the errors and save");
            if let Ok(mut s) = shared.status.write() {
                *s = Some(text.clone());
            }
            let _ = shared.notices.send(Notice::Error(text));
        }
    }
}

/// Brings "See also" up to date once edits pause, and reloads the pages that changed.
fn settle(site: &mut ServeSite, shared: &Shared, options: &ServeOptions) {
    match site.settle() {
        Ok(report) => {
            let files: Vec<&String> = report.written.iter().collect();
            if let Some(notice) = reload_notice(&files) {
                let _ = shared.notices.send(notice);
            }
            if !options.quiet && !report.written.is_empty() {
                eprintln!(
                    "see also brought up to date: {} files written in {} ms",
                    report.written.len(),
                    report.elapsed.as_millis()
                );
            }
        }
        Err(e) => eprintln!("error: {e}"),
    }
}

fn log_report(site: &ServeSite, report: &Report) {
    let _ = site;
    eprintln!(
        "{} rebuild: {} pages rendered, {} files written, {} removed in {} ms",
        if report.full { "full" } else { "incremental" },
        report.rendered,
        report.written.len(),
        report.removed.len(),
        report.elapsed.as_millis()
    );
}

/// The errors (only) as plain text, for the browser.
fn error_text(diagnostics: &[Diagnostic]) -> String {
    let errors: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    diagnostics::render(&errors, false)
}

fn print_diagnostics(diagnostics: &[Diagnostic], options: &ServeOptions) {
    let shown: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.is_error() || !options.quiet)
        .cloned()
        .collect();
    if !shown.is_empty() {
        eprint!("{}", diagnostics::render(&shown, options.color));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_of_output_files() {
        assert_eq!(url_path("index.html"), "/");
        assert_eq!(url_path("term/x/index.html"), "/term/x/");
        assert_eq!(url_path("404.html"), "/404.html");
        assert_eq!(url_path("atom.xml"), "/atom.xml");
    }

    #[test]
    fn files_no_page_shows_reload_nothing() {
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let copies = names(&["term/x/index.md", "llms.txt", "api/term/x.json"]);
        assert!(reload_notice(&copies.iter().collect::<Vec<_>>()).is_none());
        let with_page = names(&["term/x/index.html", "term/x/index.md"]);
        match reload_notice(&with_page.iter().collect::<Vec<_>>()) {
            Some(Notice::Reload { paths, all }) => {
                assert_eq!((paths, all), (vec!["/term/x/".to_string()], false))
            }
            other => panic!("{other:?}"),
        }
        assert!(reload_notice(&[&"og/term/x.png".to_string()]).is_none());
        assert!(matches!(
            reload_notice(&[&"favicon.png".to_string()]),
            Some(Notice::Reload { all: true, .. })
        ));
    }
}
