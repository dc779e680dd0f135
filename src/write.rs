//! Write: build into a staging folder next to the output, then swap it in.
//!
//! Nothing is written into the output folder itself: pages go to a hidden staging folder
//! beside it, and only a successful build replaces the output (on Linux with one atomic
//! `renameat2(RENAME_EXCHANGE)`, elsewhere with two renames). A failed build drops the
//! staging folder and leaves the previous output byte-for-byte as it was. Every path is
//! checked to stay inside the staging folder, whatever a slug or file name says.
//!
//! Every file staged is recorded ([`FileRecord`]) for the build's
//! [`Manifest`](crate::manifest::Manifest). Given the records of the output being replaced
//! (given to [`Staging::new`]), a file whose bytes are unchanged is hard-linked from the old
//! output rather than written again.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};
use crate::scratch;

mod guard;
mod record;

pub use guard::MARKER;
pub use record::{hash_bytes, mtime, FileRecord};

/// A staging folder for one build.
#[derive(Debug)]
pub struct Staging {
    dir: tempfile::TempDir,
    output: PathBuf,
    /// The current output's files, as the last build recorded them.
    previous: BTreeMap<String, FileRecord>,
    written: Mutex<Vec<(String, FileRecord)>>,
}

impl Staging {
    /// Creates the staging folder next to `output`, after checking that replacing
    /// `output` later is safe: it must be absent, empty, or hold only files a glossa build
    /// wrote there (as its [`MARKER`] or `previous`, the last build's records of it, list),
    /// and it must not be, hold, or lie inside the site at `root` or its source folders.
    /// Staging folders that interrupted builds left beside `output` are removed first.
    ///
    /// Unchanged files will be hard-linked from the current output, whose files the last
    /// build recorded as `previous`; each is checked again before it is linked.
    pub fn new(
        output: &Path,
        root: &Path,
        previous: Option<BTreeMap<String, FileRecord>>,
    ) -> Result<Self> {
        // A symlinked output folder is updated where it points, and the link kept.
        let resolved;
        let output = if output.is_symlink() {
            resolved = std::fs::canonicalize(output).map_err(|e| Error::read(output, e))?;
            resolved.as_path()
        } else {
            output
        };
        let previous = previous.unwrap_or_default();
        guard::check_replaceable(output, root, &previous)?;
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(|e| Error::write(&parent, e))?;
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let prefix = format!(".{name}.staging-");
        scratch::remove_leftovers(&parent, &prefix);
        let dir = scratch::dir_in(&parent, &prefix)?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
            previous,
            written: Mutex::new(Vec::new()),
        })
    }

    /// The staging folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `bytes` to `rel` (a `/`-separated path) inside the staging folder, or links
    /// the current output's copy when it holds the same bytes.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.resolve(rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
        }
        let record = match self.link_unchanged(rel, bytes, &path) {
            Some(record) => record,
            None => {
                let mut file = std::fs::File::create(&path).map_err(|e| Error::write(&path, e))?;
                file.write_all(bytes).map_err(|e| Error::write(&path, e))?;
                let meta = file.metadata().map_err(|e| Error::write(&path, e))?;
                FileRecord::of(&meta, bytes)
            }
        };
        self.written
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push((rel.to_string(), record));
        Ok(())
    }

    /// Hard-links the current output's `rel` to `path` when the last build recorded it with
    /// the hash of `bytes` and it is still that file.
    fn link_unchanged(&self, rel: &str, bytes: &[u8], path: &Path) -> Option<FileRecord> {
        let record = self.previous.get(rel)?;
        if record.size != bytes.len() as u64 || record.hash != hash_bytes(bytes) {
            return None;
        }
        let old = self.output.join(rel);
        let meta = std::fs::symlink_metadata(&old).ok()?;
        if !record.matches(&meta) {
            return None;
        }
        std::fs::hard_link(&old, path).ok()?;
        Some(record.clone())
    }

    /// Copies the file `from` to `rel` inside the staging folder.
    pub fn copy(&self, rel: &str, from: &Path) -> Result<()> {
        let bytes = std::fs::read(from).map_err(|e| Error::read(from, e))?;
        self.write(rel, &bytes)
    }

    /// The paths written so far, sorted.
    fn written_paths(&self) -> Vec<String> {
        let written = self
            .written
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut paths: Vec<String> = written.iter().map(|(rel, _)| rel.clone()).collect();
        paths.sort_unstable();
        paths
    }

    fn resolve(&self, rel: &str) -> Result<PathBuf> {
        inside(self.dir.path(), rel)
    }

    /// Replaces the output folder with the staged build; returns the record of every
    /// file in it.
    pub fn commit(self) -> Result<BTreeMap<String, FileRecord>> {
        self.write(MARKER, &guard::marker_text(&self.written_paths()))?;
        let output = self.output;
        let staged = self.dir.keep();
        // `Staging::new` checked that the current output can be emptied.
        if let Err(e) = exchange(&staged, &output) {
            // Nothing was swapped in, or the swap's leftovers: either way not needed.
            let _ = std::fs::remove_dir_all(&staged);
            return Err(e);
        }
        let written = self
            .written
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        Ok(written.into_iter().collect())
    }
}

/// Puts the folder `staged` in place of `target` (which may not exist), atomically where
/// the platform allows, and removes the previous `target`.
pub fn swap_in(staged: &Path, target: &Path) -> Result<()> {
    // Once swapped, the previous contents must go: a folder that cannot be emptied would
    // fail after `target` was replaced, so it fails before.
    if target.exists() {
        guard::check_removable(target)?;
    }
    exchange(staged, target)
}

/// [`swap_in`] without the check that the previous `target` can be removed.
fn exchange(staged: &Path, target: &Path) -> Result<()> {
    if !target.exists() {
        return std::fs::rename(staged, target).map_err(|e| Error::write(target, e));
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        if renameat_with(CWD, staged, CWD, target, RenameFlags::EXCHANGE).is_ok() {
            // `staged` now holds the previous contents.
            return std::fs::remove_dir_all(staged).map_err(|e| Error::write(staged, e));
        }
    }
    let mut old_name = staged.file_name().unwrap_or_default().to_os_string();
    old_name.push(".old");
    let old = staged.with_file_name(old_name);
    std::fs::rename(target, &old).map_err(|e| Error::write(target, e))?;
    if let Err(e) = std::fs::rename(staged, target) {
        // Put the previous contents back before reporting.
        let _ = std::fs::rename(&old, target);
        return Err(Error::write(target, e));
    }
    std::fs::remove_dir_all(&old).map_err(|e| Error::write(&old, e))
}

/// The name of [`write_file_atomically`]'s temporary files.
const TMP_PREFIX: &str = ".glossa-tmp-";

/// Removes the temporary files that [`write_file_atomically`] calls killed mid-way left in
/// `dir`. For the folders a single file is written into again and again (the manifest's,
/// an export's); serve's output folder is made anew at each start instead.
pub fn remove_temp_leftovers(dir: &Path) {
    scratch::remove_leftovers(dir, TMP_PREFIX);
}

/// Writes through a temporary file next to `path`, renamed over it on success.
///
/// `keep` decides, from what `f` returned, whether to replace `path` at all (an export
/// with content errors leaves the previous file in place). The file gets the usual
/// `0644` permissions rather than a temporary file's `0600`.
pub fn write_file_atomically<T>(
    path: &Path,
    f: impl FnOnce(&mut dyn Write) -> Result<T>,
    keep: impl FnOnce(&T) -> bool,
) -> Result<T> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = scratch::file_in(&dir, TMP_PREFIX)?;
    let value = {
        let mut out = std::io::BufWriter::new(tmp.as_file_mut());
        let value = f(&mut out)?;
        out.flush().map_err(|e| Error::write(path, e))?;
        value
    };
    if !keep(&value) {
        return Ok(value);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::Permissions::from_mode(0o644);
        tmp.as_file()
            .set_permissions(mode)
            .map_err(|e| Error::write(path, e))?;
    }
    tmp.persist(path).map_err(|e| Error::write(path, e.error))?;
    Ok(value)
}

/// `rel` joined to `dir`, when it names a path inside it: not empty, only plain
/// components (no `..`, `.`, root or prefix) and no backslash.
pub fn inside(dir: &Path, rel: &str) -> Result<PathBuf> {
    let safe = !rel.is_empty()
        && !rel.contains('\\')
        && Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if !safe {
        return Err(Error::write(
            rel,
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "path leaves the output folder",
            ),
        ));
    }
    Ok(dir.join(rel))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_and_failure_keeps_the_old_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let s = Staging::new(&out, &tmp.path().join("site"), None).unwrap();
        s.write("index.html", b"one").unwrap();
        s.write("term/a/index.html", b"a").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"one");

        let s = Staging::new(&out, &tmp.path().join("site"), None).unwrap();
        s.write("index.html", b"two").unwrap();
        drop(s); // a failed build never commits
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"one");

        let s = Staging::new(&out, &tmp.path().join("site"), None).unwrap();
        s.write("index.html", b"three").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"three");
        assert!(!out.join("term").exists());
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging folders are cleaned up");
        let listed = std::fs::read_to_string(out.join(MARKER)).unwrap();
        assert!(listed.ends_with("\nindex.html\n"), "{listed}");
    }

    #[test]
    fn paths_cannot_leave_the_staging_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let s = Staging::new(&tmp.path().join("public"), &tmp.path().join("site"), None).unwrap();
        for bad in ["../x", "/etc/x", "a/../../x", "", "a\\..\\x"] {
            assert!(s.write(bad, b"x").is_err(), "{bad}");
        }
    }

    #[test]
    fn refuses_to_replace_a_foreign_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
        assert!(matches!(
            Staging::new(tmp.path(), site.path(), None),
            Err(Error::Usage(_))
        ));
    }
}
