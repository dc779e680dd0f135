//! The files `glossa import` is given, sorted by what they are: exported pages (told apart
//! by their first line), other generators' markdown pages, files of page bundles (copied
//! beside their entry), redirects files (`_redirects`, `_redirects.txt`), and files that
//! are none of these (skipped, each with its reason). Also, per path given, the values of
//! Hugo's `{{< param >}}` (`--param`, then the `[params]` of a Hugo or Zola configuration
//! found in the folder or its ancestors) and MDN's locale (from a `files/<locale>/` path).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::exported::merge::Skipped;
use crate::exported::reader;
use crate::foreign::{self, Input, Redirects, Root};
use crate::frontmatter::{self, Format, Split};

/// Configuration files of generators, searched for `param` values (nearest folder first).
const CONFIGS: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
    "config/_default/hugo.toml",
    "config/_default/config.toml",
    "config/_default/params.toml",
    "zola.toml",
    "_config.yml",
];

/// Names of files that configure a generator rather than hold content.
const NOT_CONTENT: &[&str] = &[
    "mkdocs.yml",
    "docusaurus.config.js",
    "docusaurus.config.ts",
    "sidebars.js",
    "sidebars.ts",
    "_category_.json",
    "_category_.yml",
    "package.json",
    "_config.yml",
];

/// The inputs, sorted.
#[derive(Debug, Default)]
pub struct Sorted {
    pub files: usize,
    pub exported: Vec<PathBuf>,
    pub pages: Vec<Input>,
    /// For each page (same index): its bundle's files, absolute.
    pub assets: Vec<Vec<PathBuf>>,
    pub redirects: Vec<Redirects>,
    pub roots: Vec<Root>,
    pub skipped: Vec<Skipped>,
}

/// Sorts the files under `paths`; `params` (`--param`) win over configuration files.
/// Without `forced` (`--from`), a markdown file with neither front matter nor a `# Title`
/// first line is no page.
pub fn sort(paths: &[PathBuf], params: &BTreeMap<String, String>, forced: bool) -> Result<Sorted> {
    let mut out = Sorted::default();
    for (root, path) in paths.iter().enumerate() {
        let meta = std::fs::metadata(path).map_err(|e| Error::read(path, e))?;
        let (base, files) = if meta.is_file() {
            let base = path.parent().unwrap_or(Path::new("")).to_path_buf();
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            (base, vec![(name, path.clone())])
        } else {
            let listed = crate::walk::files(path, path)?;
            (
                path.clone(),
                listed.into_iter().map(|f| (f.name, f.path)).collect(),
            )
        };
        out.files += files.len();
        let mut config_params = config_params(&base);
        config_params.extend(params.iter().map(|(k, v)| (k.clone(), v.clone())));
        out.roots.push(Root {
            params: config_params,
            locale: locale(&base),
        });
        let bundles: Vec<String> = files
            .iter()
            .filter(|(name, _)| foreign_bundle(name))
            .filter_map(|(name, _)| name.rsplit_once('/').map(|(d, _)| d.to_string()))
            .collect();
        let mut pending: Vec<(String, PathBuf)> = Vec::new();
        for (name, file) in files {
            let at = Place {
                root,
                name: &name,
                file: &file,
                forced,
            };
            sort_file(&mut out, &at, &bundles, &mut pending);
        }
        for (dir, asset) in pending {
            let owner = out.pages.iter().position(|p| {
                p.root == root && p.rel.rsplit_once('/').map(|(d, _)| d) == Some(&dir)
            });
            match owner {
                Some(i) => {
                    let rel = crate::walk::relative(&base.join(&dir), &asset);
                    out.pages[i].assets.push(rel);
                    out.assets[i].push(asset);
                }
                None => out.skipped.push(Skipped {
                    path: asset.display().to_string(),
                    reason: "a file of a page bundle whose page was not read; not copied".into(),
                }),
            }
        }
    }
    Ok(out)
}

fn foreign_bundle(name: &str) -> bool {
    foreign::is_bundle(name)
}

/// One file to sort.
struct Place<'a> {
    root: usize,
    /// Relative to its root.
    name: &'a str,
    file: &'a Path,
    forced: bool,
}

/// Sorts one file; files of bundles wait in `pending` until every page is known.
fn sort_file(
    out: &mut Sorted,
    at: &Place<'_>,
    bundles: &[String],
    pending: &mut Vec<(String, PathBuf)>,
) {
    let (root, name, file) = (at.root, at.name, at.file);
    let skip = |out: &mut Sorted, reason: &str| {
        out.skipped.push(Skipped {
            path: file.display().to_string(),
            reason: reason.to_string(),
        });
    };
    let base = name.rsplit('/').next().unwrap_or(name);
    let markdown = [".md", ".markdown", ".mdx"]
        .iter()
        .any(|x| base.ends_with(x));
    if !markdown && !base.ends_with(".txt") {
        let owner = bundles
            .iter()
            .filter(|d| name.starts_with(&format!("{d}/")))
            .max_by_key(|d| d.len());
        if let Some(dir) = owner {
            if !matches!(base, "_redirects" | "_redirects.txt") {
                pending.push((dir.clone(), file.to_path_buf()));
                return;
            }
        }
    }
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => return skip(out, &format!("cannot read: {e}")),
    };
    let text = match super::classify_text(&bytes) {
        Ok(t) => t,
        Err(reason) => return skip(out, reason),
    };
    if matches!(base, "_redirects" | "_redirects.txt") {
        out.redirects.push(Redirects {
            shown: file.to_path_buf(),
            text: text.to_string(),
        });
        return;
    }
    if reader::is_export(text) {
        out.exported.push(file.to_path_buf());
        return;
    }
    if !markdown {
        let reason = if NOT_CONTENT.contains(&base) || CONFIGS.contains(&base) {
            "the generator's configuration, not a page"
        } else if base.ends_with(".txt") {
            super::NOT_EXPORT
        } else {
            "not a page (neither an exported page nor markdown); only files of a page bundle (`x/index.md`) are copied"
        };
        return skip(out, reason);
    }
    let no_front_matter = matches!(
        frontmatter::split(text),
        Err(frontmatter::SplitError::Missing)
    );
    if !at.forced && no_front_matter && !foreign::detect::starts_with_h1(text) {
        return skip(out, super::NOT_PAGE);
    }
    out.pages.push(Input {
        root,
        rel: name.to_string(),
        shown: file.to_path_buf(),
        text: Arc::from(text),
        assets: Vec::new(),
    });
    out.assets.push(Vec::new());
}

/// `param` values from the nearest generator configuration in `dir` or its ancestors:
/// Hugo's `[params]`, Zola's `[extra]`, Jekyll's top level; nested tables as `a.b`.
fn config_params(dir: &Path) -> BTreeMap<String, String> {
    let start = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    for folder in start.ancestors() {
        let mut found = false;
        let mut params = BTreeMap::new();
        for name in CONFIGS {
            let path = folder.join(name);
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            found = true;
            let Some(table) = read_config(name, &text) else {
                continue;
            };
            let section = if name.ends_with("params.toml") || *name == "_config.yml" {
                Some(&table)
            } else {
                ["params", "Params", "extra"]
                    .iter()
                    .find_map(|k| table.get(*k).and_then(toml::Value::as_table))
            };
            if let Some(section) = section {
                flatten("", section, &mut params);
            }
        }
        if found {
            return params;
        }
    }
    BTreeMap::new()
}

fn read_config(name: &str, text: &str) -> Option<toml::Table> {
    let format = if name.ends_with(".toml") {
        Format::Toml
    } else if name.ends_with(".json") {
        Format::Json
    } else {
        Format::Yaml
    };
    let split = Split {
        format,
        front: text,
        front_offset: 0,
        body: "",
        body_offset: text.len(),
    };
    frontmatter::table(&split).ok()
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut BTreeMap<String, String>) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(t) => flatten(&key, t, out),
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            toml::Value::Array(_) => {}
            other => {
                out.insert(key, other.to_string());
            }
        }
    }
}

/// MDN's locale from a path like `…/files/en-us/glossary` (`en-US`), else `en-US`.
fn locale(dir: &Path) -> String {
    let full = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let parts: Vec<String> = full
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    for pair in parts.windows(2) {
        if pair[0] == "files" {
            let l = &pair[1];
            let (lang, region) = l.split_once('-').unwrap_or((l.as_str(), ""));
            if (2..=3).contains(&lang.len()) && lang.chars().all(|c| c.is_ascii_alphabetic()) {
                return if region.is_empty() {
                    lang.to_ascii_lowercase()
                } else {
                    format!(
                        "{}-{}",
                        lang.to_ascii_lowercase(),
                        region.to_ascii_uppercase()
                    )
                };
            }
        }
    }
    "en-US".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_and_params() {
        assert_eq!(locale(Path::new("/x/files/en-us/glossary")), "en-US");
        assert_eq!(locale(Path::new("/x/files/fr/glossary")), "fr");
        assert_eq!(locale(Path::new("/x/glossary")), "en-US");
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("hugo.toml"),
            "baseURL = \"https://x.test/\"\n[params]\nversion = \"v1.2\"\n[params.api]\nlevel = 3\n",
        )
        .unwrap();
        let inner = dir.path().join("content/glossary");
        std::fs::create_dir_all(&inner).unwrap();
        let p = config_params(&inner);
        assert_eq!(p["version"], "v1.2");
        assert_eq!(p["api.level"], "3");
    }
}
