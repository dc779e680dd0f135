//! The vocabulary shards of the browser index, for typo tolerance (see [`fuzzy`]): the
//! site's words grouped by their first letters (`v/<n>.bin`) and by their last letters
//! (`t/<n>.bin`).

use std::collections::BTreeMap;

use super::{shard_target, Output};
use crate::error::Result;
use crate::index::fuzzy;
use crate::index::terms::{is_vocabulary_word, utf16_cmp, Terms};

/// Writes the vocabulary shards: `v/<n>.bin` by head (first letters), `t/<n>.bin` by
/// tail (last letters); the first group key of every shard of each.
pub(super) fn write(out: &mut Output, terms: &Terms) -> Result<(Vec<String>, Vec<String>)> {
    let heads = write_groups(out, terms, "v/", fuzzy::prefix, |w, p| &w[p.len()..])?;
    let tails = write_groups(out, terms, "t/", fuzzy::tail, |w, t| {
        &w[..w.len() - t.len()]
    })?;
    Ok((heads, tails))
}

/// Writes the vocabulary grouped by `key` (a part of each word) into shards under
/// `folder`, one line per group: the key, then each word (most frequent first) without
/// its key (`rest`); the first key of every shard.
fn write_groups(
    out: &mut Output,
    terms: &Terms,
    folder: &'static str,
    key: fn(&str) -> &str,
    rest: for<'a> fn(&'a str, &str) -> &'a str,
) -> Result<Vec<String>> {
    let mut groups: BTreeMap<&str, Vec<(&str, u32)>> = BTreeMap::new();
    for (w, df) in &terms.words {
        if is_vocabulary_word(w) {
            groups.entry(key(w)).or_default().push((w, *df));
        }
    }
    let mut groups: Vec<(&str, Vec<(&str, u32)>)> = groups.into_iter().collect();
    groups.sort_by(|a, b| utf16_cmp(a.0, b.0));
    let lines: Vec<String> = groups
        .iter_mut()
        .map(|(k, words)| {
            words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| utf16_cmp(a.0, b.0)));
            let mut line = k.to_string();
            for (w, _) in words.iter() {
                line.push(' ');
                line.push_str(rest(w, k));
            }
            line.push('\n');
            line
        })
        .collect();
    let total: usize = lines.iter().map(String::len).sum();
    let target = shard_target(total, 4 * 1024, 6.0);
    let mut firsts = Vec::new();
    let mut text = String::new();
    for ((k, _), line) in groups.iter().zip(&lines) {
        if text.is_empty() {
            firsts.push(k.to_string());
        }
        text.push_str(line);
        if text.len() >= target {
            let n = out.count(folder);
            out.gzip(&format!("{folder}{n}.bin"), text.as_bytes())?;
            text.clear();
        }
    }
    if !text.is_empty() {
        let n = out.count(folder);
        out.gzip(&format!("{folder}{n}.bin"), text.as_bytes())?;
    }
    Ok(firsts)
}
