//! Scratch files and folders: temporary names that say which process made them, and the
//! removal of those left behind by a process that died.
//!
//! A build stages its output in `.public.staging-PID-XXXXXX` beside the output, writes a
//! new search index into `.glossa/.index.new-PID-XXXXXX`, and `import` writes each entry
//! through `.import-PID-XXXXXX` beside it. A run killed mid-way (kill -9, power loss) cannot
//! clean up, so the next run of the same kind removes every scratch name of its own kind
//! whose process is gone ([`remove_leftovers`]); scratch names of a run still going (two
//! builds at once) are left alone. Names of another kind, and anything not named by this
//! module, are never touched.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A temporary folder in `parent`, named `{prefix}{pid}-{random}`; removed when dropped.
pub fn dir_in(parent: &Path, prefix: &str) -> Result<tempfile::TempDir> {
    tempfile::Builder::new()
        .prefix(&own_prefix(prefix))
        .tempdir_in(parent)
        .map_err(|e| Error::write(parent, e))
}

/// A temporary file in `parent`, named `{prefix}{pid}-{random}`; removed when dropped
/// unless persisted.
pub fn file_in(parent: &Path, prefix: &str) -> Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(&own_prefix(prefix))
        .tempfile_in(parent)
        .map_err(|e| Error::write(parent, e))
}

fn own_prefix(prefix: &str) -> String {
    format!("{prefix}{}-", std::process::id())
}

/// Removes the files and folders in `parent` named `{prefix}…` that a process no longer
/// running left behind; returns their paths. A name whose process id cannot be read
/// (written by an older glossa) counts as left behind. Removal is best effort: what cannot
/// be removed stays for a later run.
pub fn remove_leftovers(parent: &Path, prefix: &str) -> Vec<PathBuf> {
    let Ok(items) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for item in items.flatten() {
        let name = item.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(prefix)) else {
            continue;
        };
        if pid_of(rest).is_some_and(is_running) {
            continue;
        }
        let path = item.path();
        let gone = match item.file_type() {
            Ok(t) if t.is_dir() => std::fs::remove_dir_all(&path).is_ok(),
            Ok(_) => std::fs::remove_file(&path).is_ok(),
            Err(_) => false,
        };
        if gone {
            removed.push(path);
        }
    }
    removed
}

/// The process id at the start of a scratch name's tail (`PID-random`).
fn pid_of(tail: &str) -> Option<u32> {
    let (pid, _) = tail.split_once('-')?;
    pid.parse().ok()
}

/// Whether the process `pid` is running (this process counts: its own scratch names are
/// in use). Where that cannot be told, every process counts as running, so nothing is
/// removed that might be in use.
fn is_running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(target_os = "linux")]
    {
        Path::new("/proc").join(pid.to_string()).exists()
    }
    #[cfg(not(target_os = "linux"))]
    {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_of_dead_processes_go_and_live_ones_stay() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path();
        // A pid above the kernel's maximum (4,194,304) is never running.
        std::fs::create_dir_all(p.join(".x.staging-999999999-abc/deep")).unwrap();
        std::fs::write(p.join(".x.staging-999999999-abc/deep/f"), "x").unwrap();
        std::fs::create_dir(p.join(".x.staging-old")).unwrap(); // an older glossa's name
        std::fs::write(p.join(".import-999999999-q"), "").unwrap();
        let mine = dir_in(p, ".x.staging-").unwrap();
        std::fs::write(p.join("notes.txt"), "mine").unwrap();
        std::fs::create_dir(p.join(".x.stagingfoo")).unwrap();

        let mut removed = remove_leftovers(p, ".x.staging-");
        removed.sort();
        assert_eq!(
            removed,
            vec![p.join(".x.staging-999999999-abc"), p.join(".x.staging-old")]
        );
        assert!(mine.path().is_dir(), "this process's folder is in use");
        assert!(p.join("notes.txt").is_file());
        assert!(p.join(".x.stagingfoo").is_dir(), "another name is not ours");
        assert!(p.join(".import-999999999-q").is_file(), "another kind");
        assert_eq!(remove_leftovers(p, ".import-").len(), 1);
    }
}
