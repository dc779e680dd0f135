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
    groups: Mutex<HashMap<String, Arc<[String]>>>,
}

impl Vocabulary {
    /// The vocabulary of the search folder `dir`; nothing is read yet.
    pub fn new(dir: PathBuf) -> Vocabulary {
        Vocabulary {
            dir,
            groups: Mutex::default(),
        }
    }

    /// The group of `prefix` (full words, in stored order).
    pub fn group(&self, prefix: &str) -> Result<Arc<[String]>> {
        if let Some(group) = self.groups.lock().ok().and_then(|g| g.get(prefix).cloned()) {
            return Ok(group);
        }
        let group: Arc<[String]> = vocabulary_group(&self.dir, prefix)?.into();
        if let Ok(mut groups) = self.groups.lock() {
            groups.insert(prefix.to_string(), Arc::clone(&group));
        }
        Ok(group)
    }
}

/// The vocabulary group of `prefix` (full words, in stored order) from the search folder
/// `dir`, as the browser reads it.
pub fn vocabulary_group(dir: &Path, prefix: &str) -> Result<Vec<String>> {
    #[derive(serde::Deserialize)]
    struct Vocab {
        vocab: Vec<String>,
    }
    let path = dir.join("index.json");
    let text = std::fs::read_to_string(&path).map_err(|e| Error::read(&path, e))?;
    let index: Vocab =
        serde_json::from_str(&text).map_err(|e| Error::index_message(e.to_string()))?;
    let Some(shard) = index
        .vocab
        .iter()
        .rposition(|first| utf16_cmp(first, prefix) != std::cmp::Ordering::Greater)
    else {
        return Ok(Vec::new());
    };
    let path = dir.join(format!("v/{shard}.bin"));
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
            (parts.next() == Some(prefix)).then(|| parts.map(|s| format!("{prefix}{s}")).collect())
        })
        .unwrap_or_default())
}
