//! The serve folder: files written only when their bytes changed, each atomically.
//!
//! A hash of every file's last written bytes is kept, so a rebuild that renders a page
//! to the same bytes leaves its file alone (same inode, same mtime), and a browser
//! never sees a half-written file (each write goes to a temporary file in the same
//! folder, renamed over the old one).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::write::hash_bytes as hash;

/// The output folder of `glossa serve` and what was last written into it.
pub struct Output {
    dir: PathBuf,
    /// Output path (`/`-separated, relative) → hash of the bytes last written.
    hashes: HashMap<String, u64>,
}

/// A file to write: its output path and bytes.
pub type File = (String, Vec<u8>);

impl Output {
    /// An empty output folder at `dir` (whatever was there is removed: it is ours).
    pub fn create(dir: &Path) -> Result<Self> {
        if dir.exists() {
            std::fs::remove_dir_all(dir).map_err(|e| Error::write(dir, e))?;
        }
        std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
        Ok(Output {
            dir: dir.to_path_buf(),
            hashes: HashMap::new(),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether `bytes` differ from what was last written to `rel`.
    pub fn differs(&self, rel: &str, bytes: &[u8]) -> bool {
        self.hashes.get(rel) != Some(&hash(bytes))
    }

    /// Writes the files whose bytes changed (in parallel); returns their paths, sorted.
    pub fn write(&mut self, files: Vec<File>) -> Result<Vec<String>> {
        let changed: Vec<(String, u64)> = files
            .into_par_iter()
            .filter_map(|(rel, bytes)| {
                let h = hash(&bytes);
                if self.hashes.get(&rel) == Some(&h) {
                    return None;
                }
                Some(self.write_one(&rel, &bytes).map(|()| (rel, h)))
            })
            .collect::<Result<_>>()?;
        let mut paths = Vec::with_capacity(changed.len());
        for (rel, h) in changed {
            self.hashes.insert(rel.clone(), h);
            paths.push(rel);
        }
        paths.sort();
        Ok(paths)
    }

    /// Removes the files written earlier that are not in `keep` (pages of entries that
    /// are gone); returns their paths.
    pub fn remove_others(&mut self, keep: &HashSet<String>) -> Result<Vec<String>> {
        let mut gone: Vec<String> = self
            .hashes
            .keys()
            .filter(|rel| !keep.contains(*rel))
            .cloned()
            .collect();
        gone.sort();
        for rel in &gone {
            let path = self.path(rel)?;
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::write(&path, e)),
            }
            self.hashes.remove(rel);
            // Leave no empty folders behind (`term/gone/`).
            let mut dir = path.parent();
            while let Some(d) = dir {
                if d == self.dir || std::fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
        Ok(gone)
    }

    fn path(&self, rel: &str) -> Result<PathBuf> {
        crate::write::inside(&self.dir, rel)
    }

    fn write_one(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.path(rel)?;
        let parent = path.parent().unwrap_or(&self.dir);
        std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
        crate::write::write_file_atomically(
            &path,
            |out| out.write_all(bytes).map_err(|e| Error::write(&path, e)),
            |_| true,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_files_are_not_rewritten_and_gone_files_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let mut out = Output::create(&tmp.path().join("site")).unwrap();
        let files = vec![
            ("index.html".to_string(), b"home".to_vec()),
            ("term/a/index.html".to_string(), b"a".to_vec()),
        ];
        assert_eq!(out.write(files.clone()).unwrap().len(), 2);
        assert!(out.write(files).unwrap().is_empty());
        let changed = out
            .write(vec![("index.html".to_string(), b"home 2".to_vec())])
            .unwrap();
        assert_eq!(changed, ["index.html"]);
        let keep: HashSet<String> = ["index.html".to_string()].into();
        assert_eq!(out.remove_others(&keep).unwrap(), ["term/a/index.html"]);
        assert!(!out.dir().join("term").exists());
        assert!(out
            .write(vec![("../x".to_string(), b"x".to_vec())])
            .is_err());
    }
}
