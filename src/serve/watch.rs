//! Watching the site: `content/`, `templates/`, `static/` (recursively) and the root
//! itself (for `glossa.toml`, and those folders appearing later), through notify with a
//! debouncer, so that an editor's burst of writes arrives as one batch.
//!
//! Editor leftovers (`.swp`, `~`, `.#x`, `4913`), hidden files and the output and
//! `.glossa` folders are ignored.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::event::{EventKind, MetadataKind, ModifyKind};
use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use crate::error::{Error, Result};

/// How long a file must be quiet before its change is handled.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// The folders watched recursively.
pub const FOLDERS: [&str; 3] = ["content", "templates", "static"];

/// What [`Watcher::next_within`] saw.
pub enum Next {
    Changed(BTreeSet<PathBuf>),
    /// Nothing changed for the time given.
    Quiet,
    Stopped,
}

/// A running watcher; dropping it stops it.
pub struct Watcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    rx: mpsc::Receiver<DebounceEventResult>,
    watched: BTreeSet<PathBuf>,
}

impl Watcher {
    /// Starts watching the site at `root` (absolute).
    pub fn new(root: &Path) -> Result<Self> {
        let (tx, rx) = mpsc::channel();
        let debouncer = new_debouncer(DEBOUNCE, None, tx)
            .map_err(|e| Error::Usage(format!("cannot watch {}: {e}", root.display())))?;
        let mut w = Watcher {
            debouncer,
            root: root.to_path_buf(),
            rx,
            watched: BTreeSet::new(),
        };
        w.debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| Error::Usage(format!("cannot watch {}: {e}", root.display())))?;
        w.watch_folders();
        Ok(w)
    }

    /// Watches the site folders that exist and are not watched yet.
    fn watch_folders(&mut self) {
        for name in FOLDERS {
            let dir = self.root.join(name);
            if dir.is_dir()
                && !self.watched.contains(&dir)
                && self.debouncer.watch(&dir, RecursiveMode::Recursive).is_ok()
            {
                self.watched.insert(dir);
            }
        }
    }

    /// Waits at most `quiet` (forever for `None`) for the next batch of changes.
    pub fn next_within(&mut self, quiet: Option<Duration>) -> Next {
        loop {
            let events = match quiet {
                None => self.rx.recv().map_err(|_| Next::Stopped),
                Some(t) => self.rx.recv_timeout(t).map_err(|e| match e {
                    mpsc::RecvTimeoutError::Timeout => Next::Quiet,
                    mpsc::RecvTimeoutError::Disconnected => Next::Stopped,
                }),
            };
            let events = match events {
                Ok(events) => events,
                Err(next) => return next,
            };
            let mut changed = BTreeSet::new();
            self.collect(events, &mut changed);
            // Folders created (or re-created) since the start get watched too.
            if changed
                .iter()
                .any(|p| p.parent() == Some(self.root.as_path()))
            {
                self.watched.retain(|d| d.is_dir());
                self.watch_folders();
            }
            // More may have queued while the first batch settled: take it all at once.
            while let Ok(more) = self.rx.try_recv() {
                self.collect(more, &mut changed);
            }
            if !changed.is_empty() {
                return Next::Changed(changed);
            }
        }
    }

    /// The relevant paths of a batch of events: files created, written, renamed or
    /// removed (reading a file, as a rebuild does, is no change).
    fn collect(&self, events: DebounceEventResult, changed: &mut BTreeSet<PathBuf>) {
        for event in events.into_iter().flatten() {
            let change = match event.kind {
                EventKind::Access(_) => false,
                EventKind::Modify(ModifyKind::Metadata(m)) => {
                    !matches!(m, MetadataKind::AccessTime)
                }
                _ => true,
            };
            if change {
                for path in &event.paths {
                    if self.relevant(path) {
                        changed.insert(path.clone());
                    }
                }
            }
        }
    }

    /// Whether a change to `path` can change the site.
    fn relevant(&self, path: &Path) -> bool {
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return false;
        };
        let mut parts = rel.components();
        let Some(first) = parts.next() else {
            return false;
        };
        let first = first.as_os_str().to_string_lossy();
        if rel.as_os_str() == crate::config::CONFIG_FILE {
            return true;
        }
        if !FOLDERS.contains(&first.as_ref()) {
            return false;
        }
        rel.components().all(|c| {
            let name = c.as_os_str().to_string_lossy();
            !is_ignored(&name)
        })
    }
}

/// Editor temporary files and hidden files.
fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_leftovers_are_ignored() {
        for name in [".x.md.swp", "x.md~", ".#x.md", "4913", ".hidden"] {
            assert!(is_ignored(name), "{name}");
        }
        assert!(!is_ignored("x.md"));
    }
}
