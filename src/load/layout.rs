//! How `content/` is laid out: which files are entries, which are page bundles and the
//! files that travel with them, and which are introductions.
//!
//! - `content/_index.md` is the home page's introduction; `content/terms/_index.md` (a
//!   kind folder's own `_index.md`) the introduction of that kind's index page.
//! - A folder holding `index.md` or `_index.md` below a kind folder
//!   (`content/terms/x/index.md`) is a **page bundle**: that file is the entry `x` (its
//!   slug from the folder's name unless `slug` is set), and every other file below the
//!   folder, but for `.md` files (entries of their own) and the folders of nested bundles,
//!   is copied beside the entry's page (`content/terms/x/diagram.png` →
//!   `term/x/diagram.png`). `.txt` files inside a bundle are such files, not exports.
//! - Every other `.md` or `.txt` file is read as an entry or an exported page; other
//!   files outside bundles are not content.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::model::{BundleFile, Kind};

/// The home page's introduction.
pub const HOME_INTRO: &str = "_index.md";

/// The names of a bundle's entry file.
const BUNDLE_INDEXES: [&str; 2] = ["index.md", "_index.md"];

/// The files of `content/`, sorted out.
#[derive(Debug, Default)]
pub(super) struct Layout {
    /// Files to read as entries or exported pages, in path order, with their names.
    pub(super) content: Vec<(String, PathBuf)>,
    /// Each bundle folder's files (by folder name relative to `content/`).
    pub(super) bundles: HashMap<String, Vec<BundleFile>>,
    /// Each kind's introduction file, in [`Kind::ALL`] order.
    pub(super) kind_intros: [Option<PathBuf>; Kind::ALL.len()],
}

/// Sorts the files of `content/` (`/`-separated names relative to it, and paths, in path
/// order, as [`crate::walk::published`] lists them).
pub(super) fn sort_out(files: Vec<(String, PathBuf)>) -> Layout {
    let mut layout = Layout::default();
    for (name, _) in &files {
        if let Some(dir) = bundle_dir(name) {
            layout.bundles.entry(dir.to_string()).or_default();
        }
    }
    for (name, path) in files {
        if let Some(kind) = kind_intro(&name) {
            let slot = &mut layout.kind_intros[kind.index()];
            if slot.is_none() {
                *slot = Some(path);
            }
            continue;
        }
        let is_md = name.ends_with(".md");
        let bundle = (!is_md)
            .then(|| owning_bundle(&name, &layout.bundles))
            .flatten();
        match bundle {
            Some(dir) => {
                let file = BundleFile {
                    name: name[dir.len() + 1..].to_string(),
                    path,
                };
                if let Some(files) = layout.bundles.get_mut(&dir) {
                    files.push(file);
                }
            }
            None if (is_md || name.ends_with(".txt")) && name != HOME_INTRO => {
                layout.content.push((name, path));
            }
            None => {}
        }
    }
    layout
}

/// The bundle folder whose entry file `name` (relative to `content/`) is: the folder of
/// an `index.md` or `_index.md` at least two folders deep (`terms/x/index.md` → `terms/x`;
/// `terms/_index.md` is the kind folder's own).
pub fn bundle_dir(name: &str) -> Option<&str> {
    let (dir, file) = name.rsplit_once('/')?;
    (BUNDLE_INDEXES.contains(&file) && dir.contains('/')).then_some(dir)
}

/// The kind whose index `name` (relative to `content/`) introduces: `terms/_index.md`.
fn kind_intro(name: &str) -> Option<Kind> {
    let (dir, file) = name.split_once('/')?;
    (file == HOME_INTRO).then(|| Kind::parse(dir)).flatten()
}

/// The nearest bundle folder holding the file `name`.
fn owning_bundle(name: &str, bundles: &HashMap<String, Vec<BundleFile>>) -> Option<String> {
    let mut dir = name;
    while let Some((parent, _)) = dir.rsplit_once('/') {
        if bundles.contains_key(parent) {
            return Some(parent.to_string());
        }
        dir = parent;
    }
    None
}

/// The default slug's source for the entry file at `shown` (relative to the site root):
/// a bundle's folder name, else the file's stem.
pub(super) fn slug_source(shown: &Path) -> String {
    let in_content = shown.strip_prefix(super::CONTENT_DIR).ok().map(|rel| {
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    });
    if let Some(dir) = in_content.as_deref().and_then(bundle_dir) {
        return dir.rsplit('/').next().unwrap_or(dir).to_string();
    }
    shown
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str]) -> Layout {
        sort_out(
            names
                .iter()
                .map(|n| (n.to_string(), Path::new("/c").join(n)))
                .collect(),
        )
    }

    #[test]
    fn bundles_take_their_files_but_not_markdown_or_nested_bundles() {
        let l = sorted(&[
            "_index.md",
            "terms/_index.md",
            "terms/a.md",
            "terms/loose.png",
            "terms/x/diagram.png",
            "terms/x/img/flow.svg",
            "terms/x/index.md",
            "terms/x/notes.md",
            "terms/x/notes.txt",
            "terms/x/y/_index.md",
            "terms/x/y/chart.pdf",
            "areas/_index.md",
        ]);
        let names: Vec<&str> = l.content.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "terms/a.md",
                "terms/x/index.md",
                "terms/x/notes.md",
                "terms/x/y/_index.md"
            ]
        );
        let files =
            |dir: &str| -> Vec<String> { l.bundles[dir].iter().map(|f| f.name.clone()).collect() };
        assert_eq!(
            files("terms/x"),
            ["diagram.png", "img/flow.svg", "notes.txt"]
        );
        assert_eq!(files("terms/x/y"), ["chart.pdf"]);
        assert_eq!(
            l.kind_intros[Kind::Term.index()],
            Some("/c/terms/_index.md".into())
        );
        assert_eq!(
            l.kind_intros[Kind::Area.index()],
            Some("/c/areas/_index.md".into())
        );
        assert_eq!(l.kind_intros[Kind::Definition.index()], None);
    }

    #[test]
    fn bundle_slugs_come_from_the_folder() {
        let s = |p: &str| slug_source(Path::new(p));
        assert_eq!(s("content/terms/mark-price/index.md"), "mark-price");
        assert_eq!(s("content/terms/x/y/_index.md"), "y");
        assert_eq!(s("content/terms/index.md"), "index");
        assert_eq!(s("content/terms/a.md"), "a");
    }
}
