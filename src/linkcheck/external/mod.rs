//! `glossa check --external`: the links to other sites, fetched.
//!
//! The `http(s)` destinations of every body (and front-matter images) are gathered by URL
//! (without the fragment), so each is asked for once however many pages link to it. URLs
//! that a `[check.external] skip` pattern matches are left out, and those `cache.rs`
//! remembers working within `cache_days` are not asked again. The rest go to the worker
//! threads of `pool.rs` (`concurrency` at once, `per_host` to one host), each try an HTTP
//! request of `http.rs`; timeouts, dropped connections, 5xx and 429 are tried again
//! (`retries`) after a backoff of 0.5 s, doubled each time, or the `Retry-After` the
//! server asked for, up to [`MAX_WAIT`]. Each outcome becomes a diagnostic at every place
//! the URL is written: `external-link` for a failure, `external-redirect` for a permanent
//! redirect (with the URL it leads to).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::time::Duration;

use serde::Serialize;

use crate::destination::{Origin, Target};
use crate::diagnostics::{Code, Diagnostic};
use crate::error::{Error, Result};
use crate::model::{EntryId, Links, Site};
use crate::plan::Urls;

pub mod cache;
pub mod http;
pub mod pool;

use pool::{Job, Limits, Outcome};

/// The wait before the first retry (doubled before each next one).
pub const BACKOFF: Duration = Duration::from_millis(500);
/// The longest `Retry-After` honoured; a server asking for more is reported.
pub const MAX_WAIT: Duration = Duration::from_secs(60);

/// What the external check did, for its summary line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Distinct URLs linked to.
    pub urls: usize,
    /// Left out by a `skip` pattern.
    pub skipped: usize,
    /// Known to work from the cache.
    pub cached: usize,
    /// Asked for over the network.
    pub checked: usize,
    /// That failed.
    pub broken: usize,
}

/// Where a URL is written.
struct Place {
    entry: EntryId,
    /// A byte range of the entry's file.
    span: Option<Range<usize>>,
    image: bool,
}

/// Checks the external links of the site at `root`; their problems and a summary.
pub fn check(root: &Path, site: &Site, links: &Links) -> Result<(Vec<Diagnostic>, Summary)> {
    let config = &site.config.check.external;
    let skip = regex::RegexSet::new(&config.skip)
        .map_err(|e| Error::Usage(format!("`check.external.skip`: {e}")))?;
    let places = gather(site, links);
    let mut summary = Summary {
        urls: places.len(),
        ..Summary::default()
    };
    let mut cache = cache::Cache::read(root);
    let now = cache::now();
    let max_age = Duration::from_secs_f64(config.cache_days * 86_400.0);
    let mut outcomes: Vec<(&str, Outcome)> = Vec::new();
    let mut jobs = Vec::new();
    for url in places.keys() {
        if skip.is_match(url) {
            summary.skipped += 1;
        } else if let Some(record) = cache.fresh(url, now, max_age) {
            summary.cached += 1;
            let moved_to = record.moved_to.clone();
            outcomes.push((url, Outcome::Ok { moved_to }));
        } else {
            jobs.push(Job {
                url: url.clone(),
                host: host(url),
            });
        }
    }
    let limits = Limits {
        concurrency: config.concurrency,
        per_host: config.per_host,
        retries: config.retries,
        backoff: BACKOFF,
        max_wait: MAX_WAIT,
    };
    let client = http::Client::new(Duration::from_secs_f64(config.timeout_seconds));
    let checked = pool::run(&jobs, &limits, &|url| client.attempt(url));
    summary.checked = jobs.len();
    for (job, outcome) in jobs.iter().zip(checked) {
        match &outcome {
            Outcome::Ok { moved_to } => {
                let record = cache::Record {
                    checked: now,
                    moved_to: moved_to.clone(),
                };
                cache.insert(job.url.clone(), record);
            }
            Outcome::Broken(_) => {
                summary.broken += 1;
                cache.remove(&job.url);
            }
        }
        outcomes.push((&job.url, outcome));
    }
    if config.cache_days > 0.0 {
        cache.write(root, now, max_age)?;
    }
    let mut diagnostics = Vec::new();
    for (url, outcome) in outcomes {
        for place in places.get(url).into_iter().flatten() {
            diagnostics.extend(diagnostic(site, url, &outcome, place));
        }
    }
    Ok((diagnostics, summary))
}

/// Every external URL of the site's bodies and front-matter images, with where it is
/// written.
fn gather(site: &Site, links: &Links) -> BTreeMap<String, Vec<Place>> {
    let origin = Origin::new(&site.config.base_url);
    let mut places: BTreeMap<String, Vec<Place>> = BTreeMap::new();
    for (entry, e) in site.entries.iter().enumerate() {
        if let Some(image) = &e.image {
            if let Target::External(url) = origin.resolve(&image.url, "") {
                places.entry(url).or_default().push(Place {
                    entry,
                    span: super::front_matter_span(site, e, &image.url),
                    image: true,
                });
            }
        }
        let page = Urls::entry_rel(e);
        for link in links.refs.get(entry).map_or(&[][..], |r| &r.links) {
            if let Target::External(url) = origin.resolve(&link.dest, &page) {
                let span = link.span.start as usize..link.span.end as usize;
                places.entry(url).or_default().push(Place {
                    entry,
                    span: super::body_span(site, e, span),
                    image: link.image,
                });
            }
        }
    }
    places
}

/// The host (and port) a URL's requests count against.
fn host(url: &str) -> String {
    url::Url::parse(url).map_or_else(
        |_| url.to_string(),
        |u| {
            let host = u.host_str().unwrap_or("").to_ascii_lowercase();
            format!("{host}:{}", u.port_or_known_default().unwrap_or(0))
        },
    )
}

/// The problem, if any, that `outcome` of `url` is where it is written.
fn diagnostic(site: &Site, url: &str, outcome: &Outcome, place: &Place) -> Option<Diagnostic> {
    let what = if place.image { "image" } else { "link to" };
    let (code, message, help) = match outcome {
        Outcome::Broken(reason) => (
            Code::ExternalLink,
            format!("{what} `{url}`: {reason}"),
            None,
        ),
        Outcome::Ok {
            moved_to: Some(new),
        } if new != url => (
            Code::ExternalRedirect,
            format!("{what} `{url}` has moved permanently to `{new}`"),
            Some(format!("write `{new}`")),
        ),
        Outcome::Ok { .. } => return None,
    };
    let e = &site.entries[place.entry];
    let source = &site.sources[e.source];
    let d = Diagnostic::warning(code, message, &source.path)
        .with_source(&source.text, place.span.clone());
    Some(match help {
        Some(help) => d.with_help(help),
        None => d,
    })
}
