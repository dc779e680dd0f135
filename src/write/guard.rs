//! What a build may replace: an output folder glossa wrote, never a user's files.
//!
//! A build replaces its whole output folder, so before it stages anything it checks that
//! the folder holds nothing glossa did not write. Every build leaves [`MARKER`] in its
//! output, listing the files it wrote; the folder may be replaced when it is absent or
//! empty, or when every file in it is listed by the marker or by the last build's records
//! of it (`.glossa/build.json`, for an output written before markers existed). A file
//! anywhere else in it (`thesis.txt`, `photos/…`) makes the build refuse, naming the folder
//! and the files. Whatever it holds, the output may never be the site itself, a folder
//! holding it (`-o ..`), or a folder inside its sources or `.glossa/`.
//!
//! The same walk checks that every folder of the old output can be emptied: a read-only
//! folder would otherwise fail the build after its output had already been replaced. Other
//! swaps (the search index) check it with [`check_removable`] just before.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use super::FileRecord;
use crate::error::{Error, Result};
use crate::{paths, walk};

/// The file every build writes into its output folder: a note and the list of the files
/// it wrote (one `/`-separated path per line).
pub const MARKER: &str = ".glossa-output";

/// The marker's first line; the paths follow.
const MARKER_HEAD: &str = "# Written by glossa. `glossa build` replaces this folder, and refuses to when it holds files this list does not name.";

/// How many foreign files a refusal names.
const NAMED: usize = 5;

/// The marker's text for a build that wrote `paths`.
pub(super) fn marker_text(paths: &[String]) -> Vec<u8> {
    let mut text = String::with_capacity(MARKER_HEAD.len() + paths.len() * 32);
    text.push_str(MARKER_HEAD);
    text.push('\n');
    for path in paths.iter().filter(|p| *p != MARKER) {
        text.push_str(path);
        text.push('\n');
    }
    text.into_bytes()
}

/// Refuses an `output` the build must not replace (see the module docs).
pub(super) fn check_replaceable(
    output: &Path,
    root: &Path,
    previous: &BTreeMap<String, FileRecord>,
) -> Result<()> {
    let meta = match std::fs::symlink_metadata(output) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return check_place(output, root),
        Err(e) => return Err(Error::read(output, e)),
    };
    if !meta.is_dir() {
        return refuse(output, "it is not a folder");
    }
    check_place(output, root)?;
    let listed = listed_files(output);
    let foreign = foreign_files(output, |rel| {
        rel == MARKER || listed.contains(rel) || previous.contains_key(rel)
    })?;
    if foreign.is_empty() {
        return Ok(());
    }
    let mut names: Vec<String> = foreign.iter().take(NAMED).cloned().collect();
    if foreign.len() > NAMED {
        names.push(format!("and {} more", foreign.len() - NAMED));
    }
    refuse(
        output,
        &format!(
            "it holds files a glossa build did not write ({}); move them elsewhere, or choose another --output",
            names.join(", ")
        ),
    )
}

/// Refuses an output that is, holds, or lies inside the site's sources.
fn check_place(output: &Path, root: &Path) -> Result<()> {
    let out = paths::absolute(output);
    let root = paths::absolute(root);
    if root.starts_with(&out) {
        let what = if root == out {
            "it is the site's own folder".to_string()
        } else {
            format!("it holds the site `{}`", root.display())
        };
        return refuse(output, &format!("{what}; choose another --output"));
    }
    for source in paths::SOURCES {
        if out.starts_with(paths::absolute(&root.join(source))) {
            return refuse(
                output,
                &format!("it is inside the site's `{source}/` folder; choose another --output"),
            );
        }
    }
    Ok(())
}

/// The paths the output's marker lists (none when it has no readable marker).
fn listed_files(output: &Path) -> HashSet<String> {
    let Ok(text) = std::fs::read_to_string(output.join(MARKER)) else {
        return HashSet::new();
    };
    let mut lines = text.lines();
    if lines.next() != Some(MARKER_HEAD) {
        return HashSet::new();
    }
    lines.map(str::to_string).collect()
}

/// Every file (or link, or anything else not a folder) under `output` that `known` does
/// not accept, as `/`-separated relative paths in path order. Folders themselves are never
/// foreign (removing an empty one loses nothing), but each must be one this user can
/// empty, checked in the same walk.
fn foreign_files(output: &Path, known: impl Fn(&str) -> bool) -> Result<Vec<String>> {
    removable(output, output)?;
    let mut foreign = Vec::new();
    for item in walk::tree(output) {
        let item = item?;
        if item.is_dir {
            removable(output, &item.path)?;
        } else if !known(&item.name) {
            foreign.push(item.name);
        }
    }
    Ok(foreign)
}

/// Refuses to swap out `target` when one of its folders cannot be emptied by this user.
pub(super) fn check_removable(target: &Path) -> Result<()> {
    removable(target, target)?;
    for item in walk::tree(target) {
        let item = item?;
        if item.is_dir {
            removable(target, &item.path)?;
        }
    }
    Ok(())
}

/// Refuses `folder` of `target` when this user cannot empty it.
fn removable(target: &Path, folder: &Path) -> Result<()> {
    if can_empty(folder) {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "cannot replace `{}`: its folder `{}` is read-only, so its files could not be removed; nothing was replaced",
        target.display(),
        folder.display()
    )))
}

/// Whether this process may remove the entries of the folder `dir`.
#[cfg(target_os = "linux")]
fn can_empty(dir: &Path) -> bool {
    use rustix::fs::{access, Access};
    access(dir, Access::WRITE_OK | Access::EXEC_OK).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn can_empty(dir: &Path) -> bool {
    std::fs::metadata(dir).is_ok_and(|m| !m.permissions().readonly())
}

fn refuse(output: &Path, why: &str) -> Result<()> {
    Err(Error::Usage(format!(
        "refusing to replace `{}`: {why}",
        output.display()
    )))
}
