//! The record of a file a build wrote: its size, content hash and identity on disk, so a
//! later build can tell whether it is still that file ([`FileRecord::matches`]), and the
//! one content hash glossa uses for files ([`hash_bytes`]).

use serde::{Deserialize, Serialize};

/// One output file as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRecord {
    pub size: u64,
    /// xxh3 of the bytes.
    pub hash: u64,
    /// Modification time, in nanoseconds since the Unix epoch.
    pub mtime: i128,
    /// Inode number (0 where the platform has none).
    pub ino: u64,
}

impl FileRecord {
    /// The record of a file just written with `bytes`.
    pub fn of(meta: &std::fs::Metadata, bytes: &[u8]) -> Self {
        FileRecord {
            size: bytes.len() as u64,
            hash: hash_bytes(bytes),
            mtime: mtime(meta),
            ino: ino(meta),
        }
    }

    /// Whether the file behind `meta` is still the one recorded (same size, time and inode).
    pub fn matches(&self, meta: &std::fs::Metadata) -> bool {
        meta.is_file()
            && meta.len() == self.size
            && mtime(meta) == self.mtime
            && ino(meta) == self.ino
    }
}

/// The hash used for output files.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// A file's modification time, in nanoseconds since the Unix epoch (0 when unknown).
pub fn mtime(meta: &std::fs::Metadata) -> i128 {
    match meta.modified() {
        Ok(t) => match t.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => d.as_nanos() as i128,
            Err(e) => -(e.duration().as_nanos() as i128),
        },
        Err(_) => 0,
    }
}

#[cfg(unix)]
fn ino(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn ino(_: &std::fs::Metadata) -> u64 {
    0
}
