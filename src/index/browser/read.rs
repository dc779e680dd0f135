//! The browser index read back: its vocabulary groups, for the typo corrections of
//! `glossa search`, as the script reads them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::error::{Error, Result};
use crate::index::terms::utf16_cmp;

/// The vocabulary of a search folder, each group read (with [`vocabulary_group`]) at its
/// first use and kept: `glossa serve` answers many queries from one folder, which it does
/// not rewrite while it runs.
#[derive(Debug)]
pub struct Vocabulary {
    dir: PathBuf,
    groups: Mutex<HashMap<GroupKey, Arc<[String]>>>,
}

/// A group: which grouping, and its head or tail.
type GroupKey = (Group, String);

/// Which grouping of the vocabulary: by first letters (`v/`) or by last letters (`t/`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Group {
    Head,
    Tail,
}

impl Vocabulary {
    /// The vocabulary of the search folder `dir`; nothing is read yet.
    pub fn new(dir: PathBuf) -> Vocabulary {
        Vocabulary {
            dir,
            groups: Mutex::default(),
        }
    }

    /// The head group of `prefix` (full words, in stored order).
    pub fn group(&self, prefix: &str) -> Result<Arc<[String]>> {
        self.cached(Group::Head, prefix)
    }

    /// The tail group of `tail` (full words, in stored order).
    pub fn tail_group(&self, tail: &str) -> Result<Arc<[String]>> {
        self.cached(Group::Tail, tail)
    }

    fn cached(&self, which: Group, key: &str) -> Result<Arc<[String]>> {
        let id = (which, key.to_string());
        if let Some(group) = self.groups.lock().ok().and_then(|g| g.get(&id).cloned()) {
            return Ok(group);
        }
        let group: Arc<[String]> = vocabulary_group(&self.dir, which, key)?.into();
        if let Ok(mut groups) = self.groups.lock() {
            groups.insert(id, Arc::clone(&group));
        }
        Ok(group)
    }
}

/// The vocabulary group of `key` (a head or a tail: full words, in stored order) from the
/// search folder `dir`, as the browser reads it.
pub fn vocabulary_group(dir: &Path, which: Group, key: &str) -> Result<Vec<String>> {
    #[derive(serde::Deserialize)]
    struct Vocab {
        vocab: Vec<String>,
        #[serde(default)]
        tails: Vec<String>,
    }
    let path = dir.join("index.json");
    let text = std::fs::read_to_string(&path).map_err(|e| Error::read(&path, e))?;
    let index: Vocab =
        serde_json::from_str(&text).map_err(|e| Error::index_message(e.to_string()))?;
    let (firsts, folder) = match which {
        Group::Head => (&index.vocab, "v"),
        Group::Tail => (&index.tails, "t"),
    };
    let Some(shard) = firsts
        .iter()
        .rposition(|first| utf16_cmp(first, key) != std::cmp::Ordering::Greater)
    else {
        return Ok(Vec::new());
    };
    let path = dir.join(format!("{folder}/{shard}.bin"));
    let mut text = String::new();
    std::fs::File::open(&path)
        .and_then(|f| {
            use std::io::Read;
            flate2::read::GzDecoder::new(f).read_to_string(&mut text)
        })
        .map_err(|e| Error::read(&path, e))?;
    Ok(text
        .lines()
        .find_map(|line| {
            let mut parts = line.split(' ');
            (parts.next() == Some(key)).then(|| {
                parts
                    .map(|s| match which {
                        Group::Head => format!("{key}{s}"),
                        Group::Tail => format!("{s}{key}"),
                    })
                    .collect()
            })
        })
        .unwrap_or_default())
}
