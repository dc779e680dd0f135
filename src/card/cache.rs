//! The cache of rendered PNGs: `.glossa/cards/<hash>.png`, the hash of what each is
//! made from ([`super::key`]). A hit costs a file read; a miss renders and stores the
//! PNG through a temporary file renamed into place, so a build killed mid-way never
//! leaves a cut PNG under a valid name. Files no build asked for are removed by
//! [`Cache::sweep`], so the folder holds the cards of the last build only.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::{key, render_png, store, Rgb};
use crate::error::Result;

/// The renderings of one build.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    /// The file names asked for in this build.
    used: Mutex<HashSet<String>>,
    /// Renderings made (misses).
    rendered: AtomicUsize,
}

impl Cache {
    /// The cache in `dir` (made when the first PNG is stored).
    pub fn new(dir: &Path) -> Self {
        Cache {
            dir: dir.to_path_buf(),
            used: Mutex::new(HashSet::new()),
            rendered: AtomicUsize::new(0),
        }
    }

    /// `svg` as a `width`×`height` PNG on `background`: the cached one, else rendered
    /// and stored.
    pub fn png(
        &self,
        svg: &[u8],
        (width, height): (u32, u32),
        background: Option<Rgb>,
        name: &str,
    ) -> Result<Vec<u8>> {
        let file = format!("{:016x}.png", key(svg, width, height, background));
        let path = self.dir.join(&file);
        self.used
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(file);
        if let Ok(bytes) = std::fs::read(&path) {
            if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
                return Ok(bytes);
            }
        }
        let bytes = render_png(svg, width, height, background, name)?;
        store(&path, &bytes)?;
        self.rendered.fetch_add(1, Ordering::Relaxed);
        Ok(bytes)
    }

    /// How many PNGs were rendered rather than read from the cache.
    pub fn rendered(&self) -> usize {
        self.rendered.load(Ordering::Relaxed)
    }

    /// Removes the cached PNGs this build did not ask for (and temporary files left by
    /// a killed build).
    pub fn sweep(&self) {
        let used = self
            .used
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !used.contains(&name) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}
