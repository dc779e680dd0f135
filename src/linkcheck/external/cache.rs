//! `.glossa/links.json`: the external links that worked, and when, so that checking again
//! within `[check.external] cache_days` asks nothing of their servers. Failures are never
//! kept: they are checked again every time. A missing or damaged file is an empty cache.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Version of the file's format; another version is read as an empty cache.
const FORMAT: u32 = 1;

/// A link that worked.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct Record {
    /// When it was checked, in seconds since the Unix epoch.
    pub checked: u64,
    /// Where permanent redirects from it led, if they did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_to: Option<String>,
}

/// The cache, by URL.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct Cache {
    format: u32,
    links: BTreeMap<String, Record>,
}

/// Seconds since the Unix epoch.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn path(root: &Path) -> PathBuf {
    root.join(crate::paths::LINKS_CACHE_FILE)
}

impl Cache {
    /// The cache of the site at `root`.
    pub fn read(root: &Path) -> Cache {
        std::fs::read(path(root))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Cache>(&bytes).ok())
            .filter(|c| c.format == FORMAT)
            .unwrap_or_default()
    }

    /// The record of `url` if it was checked within `max_age` of `now`.
    pub fn fresh(&self, url: &str, now: u64, max_age: Duration) -> Option<&Record> {
        self.links
            .get(url)
            .filter(|r| r.checked <= now && now - r.checked < max_age.as_secs())
    }

    /// Notes that `url` worked at `now`.
    pub fn insert(&mut self, url: String, record: Record) {
        self.links.insert(url, record);
    }

    /// Forgets `url` (it failed).
    pub fn remove(&mut self, url: &str) {
        self.links.remove(url);
    }

    /// Writes the records still fresh at `now` (atomically).
    pub fn write(mut self, root: &Path, now: u64, max_age: Duration) -> Result<()> {
        self.format = FORMAT;
        self.links
            .retain(|_, r| r.checked <= now && now - r.checked < max_age.as_secs());
        let path = path(root);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
            crate::write::remove_temp_leftovers(dir);
        }
        crate::write::write_file_atomically(
            &path,
            |out| serde_json::to_writer(out, &self).map_err(|e| Error::write(&path, e.into())),
            |_| true,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_records_survive_a_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let day = Duration::from_secs(86_400);
        let mut cache = Cache::read(dir.path());
        cache.insert(
            "https://a.test/".into(),
            Record {
                checked: 1_000_000,
                moved_to: None,
            },
        );
        cache.insert(
            "https://b.test/".into(),
            Record {
                checked: 1_000_000 - 90_000,
                moved_to: Some("https://c.test/".into()),
            },
        );
        assert!(cache.fresh("https://a.test/", 1_000_100, day).is_some());
        assert!(cache.fresh("https://b.test/", 1_000_100, day).is_none());
        cache.write(dir.path(), 1_000_100, day).unwrap();
        let again = Cache::read(dir.path());
        assert!(again.fresh("https://a.test/", 1_000_200, day).is_some());
        assert!(!again.links.contains_key("https://b.test/"));
        std::fs::write(path(dir.path()), "{not json").unwrap();
        assert!(Cache::read(dir.path()).links.is_empty());
    }
}
