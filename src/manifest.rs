//! Manifest: what the last build read and wrote, so the next build can skip work.
//!
//! After a successful build, `.glossa/build.json` records
//!
//! - a fingerprint of every input: glossa itself (version and executable), the options,
//!   the output folder, `glossa.toml` and the bytes of every file under `content/`,
//!   `templates/` and `static/`;
//! - every file written to the output, with its size, content hash and identity
//!   (modification time and inode);
//! - the build's report, diagnostics included.
//!
//! A build whose fingerprint equals the recorded one, over an output whose files are all
//! still exactly as recorded (and nothing more), has nothing to do: it replays the report
//! and returns ([`Manifest::up_to_date`]). Any other build still stages a whole new
//! output, but a file whose new bytes hash as the recorded ones, and whose old copy is
//! still the recorded one, is hard-linked from the old output instead of written
//! ([`crate::write::Staging`]), so an unchanged page costs neither a write nor, when the
//! old output is removed, the freeing of its blocks.
//!
//! The manifest is a cache: a missing, unreadable or stale one only means a full build.

use std::collections::BTreeMap;
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::diagnostics::{Code, Diagnostic, Location, Severity};
use crate::error::{Error, Result};
use crate::load::LoadOptions;
use crate::write::{hash_bytes, mtime, FileRecord};

/// Bumped when the manifest's layout changes, so an old one is ignored.
const FORMAT: u32 = 1;

/// The summary of a build, as replayed when nothing changed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SavedReport {
    pub entries: [usize; 3],
    pub pages: usize,
    pub files: usize,
    pub links: usize,
    pub search_files: usize,
    pub diagnostics: Vec<SavedDiagnostic>,
}

/// A diagnostic without its source text (read again from the unchanged file on replay).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SavedDiagnostic {
    severity: Severity,
    code: Code,
    message: String,
    path: PathBuf,
    location: Option<(usize, usize, usize, usize)>,
    label: String,
    help: Option<String>,
}

impl SavedDiagnostic {
    pub fn from(d: &Diagnostic) -> Self {
        SavedDiagnostic {
            severity: d.severity,
            code: d.code,
            message: d.message.clone(),
            path: d.path.clone(),
            location: d
                .location
                .as_ref()
                .map(|l| (l.line, l.column, l.span.start, l.span.end)),
            label: d.label.clone(),
            help: d.help.clone(),
        }
    }

    /// The diagnostic again, its source re-read from `root` (the inputs are unchanged).
    pub fn restore(&self, root: &Path) -> Diagnostic {
        let mut d = Diagnostic::new(self.severity, self.code, self.message.clone(), &self.path);
        d.location = self.location.map(|(line, column, start, end)| Location {
            line,
            column,
            span: start..end,
        });
        d.label = self.label.clone();
        d.help = self.help.clone();
        if d.location.is_some() {
            d.source = std::fs::read_to_string(root.join(&self.path))
                .ok()
                .map(Arc::from);
        }
        d
    }
}

/// What the last successful build read and wrote.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    format: u32,
    /// Fingerprint of every input ([`fingerprint`]).
    pub inputs: String,
    /// The output folder, absolute.
    pub output: PathBuf,
    /// The search index's content hash, so a removed or replaced index is noticed.
    pub search_hash: String,
    /// Every output file, by `/`-separated path.
    pub files: BTreeMap<String, FileRecord>,
    pub report: SavedReport,
}

impl Manifest {
    pub fn new(inputs: String, output: PathBuf) -> Self {
        Manifest {
            format: FORMAT,
            inputs,
            output,
            ..Manifest::default()
        }
    }

    fn path(root: &Path) -> PathBuf {
        root.join(crate::paths::MANIFEST_FILE)
    }

    /// The manifest of the last build at `root`, if there is a readable one.
    pub fn read(root: &Path) -> Option<Manifest> {
        let text = std::fs::read(Self::path(root)).ok()?;
        let manifest: Manifest = serde_json::from_slice(&text).ok()?;
        (manifest.format == FORMAT).then_some(manifest)
    }

    /// Writes the manifest (atomically: a torn manifest would only cost a full build, but
    /// a half-written file is still worth avoiding).
    pub fn write(&self, root: &Path) -> Result<()> {
        let path = Self::path(root);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
            crate::write::remove_temp_leftovers(dir);
        }
        crate::write::write_file_atomically(
            &path,
            |out| serde_json::to_writer(out, self).map_err(|e| Error::write(&path, e.into())),
            |_| true,
        )
    }

    /// Whether a build with fingerprint `inputs` into `output` has nothing to do: same
    /// inputs, same output folder, the search index (`search_hash`, its content hash) still
    /// the recorded one, and every
    /// output file exactly as recorded, with none added.
    pub fn up_to_date(&self, search_hash: Option<&str>, inputs: &str, output: &Path) -> bool {
        self.inputs == inputs
            && self.output == output
            && search_hash == Some(self.search_hash.as_str())
            && self.output_intact()
    }

    fn output_intact(&self) -> bool {
        let mut seen = 0usize;
        for item in walkdir::WalkDir::new(&self.output).min_depth(1) {
            let Ok(item) = item else { return false };
            if item.file_type().is_dir() {
                continue;
            }
            let rel = match item.path().strip_prefix(&self.output) {
                Ok(rel) => rel_string(rel),
                Err(_) => return false,
            };
            let (Some(record), Ok(meta)) = (self.files.get(&rel), item.metadata()) else {
                return false;
            };
            if !record.matches(&meta) {
                return false;
            }
            seen += 1;
        }
        seen == self.files.len()
    }
}

fn rel_string(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A fingerprint of everything a build of `root` into `output` reads: glossa itself, the
/// options, `glossa.toml`, and the path and bytes of every file under `content/`,
/// `templates/` and `static/` (hashed in parallel).
pub fn fingerprint(root: &Path, output: &Path, options: &LoadOptions) -> Result<String> {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut text = |s: &str| {
        h.write(s.as_bytes());
        h.write_u8(0xff);
    };
    text(env!("CARGO_PKG_VERSION"));
    // The running executable, so a rebuilt glossa (new templates, new code) never trusts
    // an old output.
    if let Some(meta) = std::env::current_exe()
        .ok()
        .and_then(|p| std::fs::metadata(p).ok())
    {
        text(&format!("exe {} {}", meta.len(), mtime(&meta)));
    }
    text(&format!(
        "drafts {} base {:?} out {}",
        options.drafts,
        options.base_url,
        output.display()
    ));
    let config = root.join(crate::config::CONFIG_FILE);
    match std::fs::read(&config) {
        Ok(bytes) => h.write(&bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => h.write(b"no config"),
        Err(e) => return Err(Error::read(config, e)),
    }
    for dir in [
        crate::load::CONTENT_DIR,
        crate::theme::TEMPLATES_DIR,
        crate::theme::STATIC_DIR,
    ] {
        let files = crate::walk::files(root, &root.join(dir))?;
        let hashes: Vec<u64> = files
            .par_iter()
            .map(|f| {
                let path = &f.path;
                std::fs::read(path)
                    .map(|bytes| hash_bytes(&bytes))
                    .map_err(|e| Error::read(path, e))
            })
            .collect::<Result<_>>()?;
        h.write(dir.as_bytes());
        for (f, hash) in files.iter().zip(hashes) {
            h.write(f.name.as_bytes());
            h.write_u8(0);
            h.write_u64(hash);
        }
    }
    Ok(format!("{:016x}", h.finish()))
}
