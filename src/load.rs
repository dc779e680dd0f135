//! Load: read `glossa.toml` and every entry under `content/` into a [`Site`].
//!
//! Files are listed with [`crate::walk::published`] and read and parsed in parallel with rayon.
//! A broken file is reported as a [`Diagnostic`] and left out; the rest still load. The
//! result is sorted (kind, then slug), so every later stage sees the same order whatever
//! the file system or thread timing.
//!
//! A folder holding `index.md` is a page bundle: that file is an entry named by the folder,
//! and the bundle's other files are copied beside its page ([`layout`] sorts `content/`
//! out; the files become `Entry::assets`). A kind folder's own `_index.md` introduces that
//! kind's index page. Each body is searched for the summary divider `<!--more-->` and for
//! template syntax other generators left ([`body`]).
//!
//! Exported pages of another glossary site (FORMAT.md §2) may sit in `content/` too, as
//! `.md` or `.txt` files: they are told apart from native entries by their first line
//! (`# Title ⎊ Term` rather than `+++`/`---`) and go through the importer's own reader and
//! merge ([`crate::exported`], through [`exports::entries_from_exports`]), so a folder of
//! exports builds without an import step. A native entry wins over an exported page of the
//! same kind and slug.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::error::{Error, Result};
use crate::exported::{reader, url::Key};
use crate::frontmatter::{self, SplitError};
use crate::model::{Entry, Kind, Site, SourceFile};

mod body;
mod exports;
mod layout;
pub use exports::entry_path;
pub use layout::{bundle_dir, HOME_INTRO};

pub use crate::paths::CONTENT_DIR;

/// What the caller asks of the loader.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// Include entries marked `draft = true`.
    pub drafts: bool,
    /// Overrides `base_url` from `glossa.toml`.
    pub base_url: Option<String>,
}

/// A loaded site and the problems found while loading it.
#[derive(Debug)]
pub struct Loaded {
    pub site: Site,
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads the site at `root`. Fails only when the configuration is invalid or the content
/// folder cannot be walked; problems in single files come back as diagnostics.
pub fn load(root: &Path, options: &LoadOptions) -> Result<Loaded> {
    let mut config = config::read(root).map_err(Error::Config)?;
    if let Some(base) = &options.base_url {
        config.base_url = config::normalize_base_url(base).map_err(|m| {
            Error::Config(Box::new(Diagnostic::error(Code::Config, m, "--base-url")))
        })?;
    }
    let content = root.join(CONTENT_DIR);
    let layout::Layout {
        content: files,
        mut bundles,
        kind_intros,
    } = layout::sort_out(crate::walk::published(
        root,
        &content,
        config.allow_outside_links,
    )?);

    let mut diagnostics = Vec::new();
    let home_intro = read_intro(root, &content.join(HOME_INTRO), &mut diagnostics)?;
    let mut intros: [Option<String>; Kind::ALL.len()] = Default::default();
    for (intro, path) in intros.iter_mut().zip(kind_intros) {
        if let Some(path) = path {
            *intro = read_intro(root, &path, &mut diagnostics)?;
        }
    }

    let results: Vec<FileResult> = files
        .par_iter()
        .map(|(_, path)| load_file(root, &content, path, &config))
        .collect();

    let mut sources = Vec::with_capacity(results.len());
    let mut entries = Vec::with_capacity(results.len());
    let mut exports = Vec::new();
    for (id, (result, (name, _))) in results.into_iter().zip(&files).enumerate() {
        match result.entry {
            // An excluded draft is not built, so its warnings are not the build's business.
            Some(entry) if entry.draft && !options.drafts => {}
            Some(mut entry) => {
                diagnostics.extend(result.diagnostics);
                entry.source = id;
                if let Some(files) = bundle_dir(name).and_then(|dir| bundles.get_mut(dir)) {
                    // Two entry files in one folder (`index.md`, `_index.md`) are a
                    // duplicate slug: the one kept gets the files.
                    entry.assets.clone_from(files);
                }
                entries.push(entry);
            }
            None => diagnostics.extend(result.diagnostics),
        }
        if result.export {
            exports.push((
                id,
                result.source.path.clone(),
                Arc::clone(&result.source.text),
            ));
        }
        sources.push(result.source);
    }
    if !exports.is_empty() {
        let native: HashSet<Key> = entries
            .iter()
            .map(|e| Key {
                kind: e.kind,
                slug: e.slug.clone(),
            })
            .collect();
        let (imported, problems) = exports::entries_from_exports(&exports, &native, &config);
        diagnostics.extend(problems);
        entries.extend(imported);
    }

    drop_duplicates(&mut entries, &sources, &mut diagnostics);
    entries.sort_by(|a, b| (a.kind, &a.slug).cmp(&(b.kind, &b.slug)));

    Ok(Loaded {
        site: Site {
            root: root.to_path_buf(),
            config,
            entries,
            sources,
            home_intro,
            kind_intros: intros,
        },
        diagnostics,
    })
}

/// Drops the second of two entries of one kind with the same slug, reporting it (files
/// were visited in path order, so the first is the one kept).
fn drop_duplicates(
    entries: &mut Vec<Entry>,
    sources: &[SourceFile],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<(Kind, &str), usize> = HashMap::new();
    let mut duplicate = vec![false; entries.len()];
    for (i, e) in entries.iter().enumerate() {
        if let Some(&first) = seen.get(&(e.kind, e.slug.as_str())) {
            duplicate[i] = true;
            let src = &sources[e.source];
            let other = &sources[entries[first].source];
            diagnostics.push(
                Diagnostic::error(
                    Code::DuplicateSlug,
                    format!("duplicate {} slug `{}`", e.kind, e.slug),
                    &src.path,
                )
                .with_source(&src.text, Some(0..0))
                .with_help(format!(
                    "`{}` already uses it; rename one file or set `slug`",
                    other.path.display()
                )),
            );
        } else {
            seen.insert((e.kind, e.slug.as_str()), i);
        }
    }
    drop(seen);
    let mut keep = duplicate.iter().map(|d| !d);
    entries.retain(|_| keep.next().unwrap_or(true));
}

/// An introduction (`content/_index.md`, `content/terms/_index.md`): its markdown without
/// front matter, when the file exists; template syntax in it is reported as in entries.
fn read_intro(
    root: &Path,
    path: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Option<String>> {
    if !path.is_file() {
        return Ok(None);
    }
    let shown = display_path(root, path);
    let bytes = std::fs::read(path).map_err(|e| Error::read(path, e))?;
    let text: Arc<str> = match String::from_utf8(bytes) {
        Ok(text) => Arc::from(text),
        Err(e) => {
            diagnostics.push(not_utf8(&shown, e.utf8_error()));
            return Ok(None);
        }
    };
    let (body, offset) = match frontmatter::split(&text) {
        Ok(s) => (s.body, s.body_offset),
        Err(_) => {
            let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
            (body, text.len() - body.len())
        }
    };
    diagnostics.extend(body::template_syntax(&text, offset, body, &shown));
    Ok(Some(body.to_string()))
}

struct FileResult {
    source: SourceFile,
    entry: Option<Entry>,
    diagnostics: Vec<Diagnostic>,
    /// The file is an exported page (read later, with the other exports).
    export: bool,
}

fn load_file(root: &Path, content: &Path, path: &Path, config: &Config) -> FileResult {
    let shown = display_path(root, path);
    let mut result = FileResult {
        source: SourceFile {
            path: shown.clone(),
            text: Arc::from(""),
        },
        entry: None,
        diagnostics: Vec::new(),
        export: false,
    };
    let txt = path.extension().is_some_and(|x| x == "txt");
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            result.diagnostics.push(Diagnostic::error(
                Code::Io,
                format!("cannot read: {e}"),
                &shown,
            ));
            return result;
        }
    };
    let text: Arc<str> = match String::from_utf8(bytes) {
        Ok(t) => Arc::from(t),
        Err(_) if txt => return result,
        Err(e) => {
            result.diagnostics.push(not_utf8(&shown, e.utf8_error()));
            return result;
        }
    };
    result.source.text = Arc::clone(&text);
    if reader::is_export(&text) {
        result.export = true;
        return result;
    }
    if txt {
        // Plain text that is not an export: not content.
        return result;
    }
    let folder_kind = folder_kind(content, path);
    match parse_entry(&text, &shown, folder_kind, config) {
        Ok((entry, warnings)) => {
            result.entry = Some(entry);
            result.diagnostics = warnings;
        }
        Err(errors) => result.diagnostics = errors,
    }
    result
}

/// Parses one native entry's text. `path` is the path shown in diagnostics (its stem, or
/// a bundle's folder name, is the default slug); `folder_kind` is the kind its folder
/// implies. Returns the entry and its warnings, or every error found.
pub fn parse_entry(
    text: &Arc<str>,
    path: &Path,
    folder_kind: Option<Kind>,
    config: &Config,
) -> Result<(Entry, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (split, mut fm) = front_matter(text, path)?;
    let mut errors = Vec::new();
    let kind = fm.kind.or(folder_kind);
    if kind.is_none() {
        errors.push(
            Diagnostic::error(Code::UnknownKind, "cannot tell this entry's kind", path)
                .with_source(text, Some(0..0))
                .with_help(
                    "put it under content/terms, content/definitions or content/areas, or set `kind`",
                ),
        );
    }
    let slug = match fm.slug.take() {
        Some((slug, _)) => slug,
        None => slug_from_file_name(text, path, &mut errors),
    };
    let title = fm.title.take().unwrap_or_else(|| {
        errors.push(
            Diagnostic::error(Code::FrontMatter, "missing `title`", path)
                .with_source(text, Some(split.front_offset..split.front_offset))
                .with_label("every entry needs a title")
                .with_help("add `title = \"…\"` to the front matter"),
        );
        String::new()
    });
    // Without a description, the summary before `<!--more-->` is one.
    let description = match fm.description.as_deref().map(str::trim) {
        Some(d) if !d.is_empty() => d.to_string(),
        _ => body::summary(split.body).unwrap_or_default(),
    };
    let mut warnings = Vec::new();
    if description.is_empty() && !title.is_empty() {
        let at = fm.spans.description.clone();
        warnings.push(
            Diagnostic::warning(Code::EmptyDescription, "empty description", path)
                .with_source(
                    text,
                    Some(at.unwrap_or(split.front_offset..split.front_offset)),
                )
                .with_help("add a one-sentence `description`: it is shown in lists and meta tags"),
        );
    }
    let Some(kind) = kind else { return Err(errors) };
    if !errors.is_empty() {
        return Err(errors);
    }
    warnings.extend(body::template_syntax(
        text,
        split.body_offset,
        split.body,
        path,
    ));
    let entry = entry(fm, kind, slug, title.trim(), description, &split, config);
    Ok((entry, warnings))
}

/// The entry of checked front matter and its body.
fn entry(
    fm: frontmatter::FrontMatter,
    kind: Kind,
    slug: String,
    title: &str,
    description: String,
    split: &frontmatter::Split<'_>,
    config: &Config,
) -> Entry {
    let mut spans = fm.spans;
    let (aliases, alias_spans): (Vec<String>, Vec<_>) = fm
        .aliases
        .into_iter()
        .zip(spans.aliases)
        .map(|(a, span)| (a.trim().to_string(), span))
        .filter(|(a, _)| !a.is_empty())
        .unzip();
    spans.aliases = alias_spans;
    let (redirect_from, redirect_spans) = fm.redirect_from.into_iter().unzip();
    spans.redirect_from = redirect_spans;
    Entry {
        kind,
        slug,
        title: title.to_string(),
        description,
        date: fm.date,
        updated: fm.updated,
        aliases,
        related: fm.related,
        areas: fm.areas,
        draft: fm.draft,
        image: fm.image,
        autolink: fm.autolink.unwrap_or(config.links.autolink),
        link_case: fm.link_case,
        autolink_target: fm.autolink_target.unwrap_or(!fm.disambiguation),
        link_names: fm.link_names,
        disambiguation: fm.disambiguation,
        author: fm.author,
        spans,
        extra: fm.extra,
        stub: fm.stub,
        source_url: fm.source_url,
        redirect_from,
        assets: Vec::new(),
        body: split.body.to_string(),
        body_offset: split.body_offset,
        source: 0,
    }
}

/// The front matter of an entry's text, split off and parsed, or every error found.
fn front_matter<'t>(
    text: &'t Arc<str>,
    path: &Path,
) -> Result<(frontmatter::Split<'t>, frontmatter::FrontMatter), Vec<Diagnostic>> {
    let error = |message: String| Diagnostic::error(Code::FrontMatter, message, path);
    let split = match frontmatter::split(text) {
        Ok(s) => s,
        Err(SplitError::Missing) => {
            return Err(vec![error("no front matter".into())
                .with_source(text, Some(0..text.find('\n').unwrap_or(text.len())))
                .with_label(
                    "expected `+++` (TOML), `---` (YAML) or `{` (JSON) on the first line",
                )]);
        }
        Err(SplitError::Unclosed { format, fence }) => {
            let close = match format {
                frontmatter::Format::Toml => "+++",
                frontmatter::Format::Yaml => "---",
                frontmatter::Format::Json => "}",
            };
            return Err(vec![error("front matter is never closed".into())
                .with_source(text, Some(fence))
                .with_label(format!(
                    "opened here; no closing `{close}` line follows"
                ))]);
        }
    };
    let fm = frontmatter::parse(text, &split).map_err(|errors| {
        errors
            .into_iter()
            .map(|e| {
                let d = error(e.message)
                    .with_source(text, e.span)
                    .with_label(e.label);
                match e.help {
                    Some(h) => d.with_help(h),
                    None => d,
                }
            })
            .collect::<Vec<_>>()
    })?;
    Ok((split, fm))
}

/// The default slug: the file name's stem (a bundle's folder name), slugified; when
/// nothing is left, an error is added to `errors` and the slug is empty.
fn slug_from_file_name(text: &Arc<str>, path: &Path, errors: &mut Vec<Diagnostic>) -> String {
    let stem = layout::slug_source(path);
    let slug = frontmatter::slugify(&stem);
    if slug.is_empty() {
        errors.push(
            Diagnostic::error(
                Code::InvalidSlug,
                format!("cannot make a slug from the name `{stem}`"),
                path,
            )
            .with_source(text, Some(0..0))
            .with_help("rename the file (or the bundle's folder) or set `slug`"),
        );
    }
    slug
}

/// The kind implied by the first folder under `content/`.
pub fn folder_kind(content: &Path, path: &Path) -> Option<Kind> {
    let rel = path.strip_prefix(content).ok()?;
    let mut components = rel.components();
    let first = components.next()?;
    // A file directly in content/ has no kind folder.
    components.next()?;
    match first {
        Component::Normal(name) => Kind::parse(&name.to_string_lossy()),
        _ => None,
    }
}

fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn not_utf8(path: &Path, e: std::str::Utf8Error) -> Diagnostic {
    Diagnostic::error(
        Code::Encoding,
        format!(
            "not valid UTF-8 (invalid byte at offset {})",
            e.valid_up_to()
        ),
        path,
    )
    .with_help("save the file as UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, kind: Option<Kind>) -> Result<(Entry, Vec<Diagnostic>), Vec<Diagnostic>> {
        parse_entry(
            &Arc::from(text),
            Path::new("content/terms/mark-price.md"),
            kind,
            &Config::default(),
        )
    }

    #[test]
    fn slug_from_file_name_and_kind_from_folder() {
        let (e, w) = parse(
            "+++\ntitle = \"Mark Price\"\ndescription = \"d\"\n+++\nBody",
            Some(Kind::Term),
        )
        .unwrap();
        assert_eq!(
            (e.kind, e.slug.as_str(), e.body.as_str()),
            (Kind::Term, "mark-price", "Body")
        );
        assert!(w.is_empty());
    }

    #[test]
    fn missing_title_is_an_error_with_a_line() {
        let errors = parse("+++\ndescription = \"d\"\n+++\n", Some(Kind::Term)).unwrap_err();
        assert!(errors[0].message.contains("missing `title`"));
        assert_eq!(errors[0].location.as_ref().unwrap().line, 2);
    }

    #[test]
    fn unknown_kind_without_folder() {
        let errors = parse("+++\ntitle = \"x\"\n+++\n", None).unwrap_err();
        assert_eq!(errors[0].code, Code::UnknownKind);
        let errors = parse(
            "+++\ntitle = \"x\"\nkind = \"essay\"\n+++\n",
            Some(Kind::Term),
        )
        .unwrap_err();
        assert!(errors[0].message.contains("unknown kind `essay`"));
        assert_eq!(errors[0].location.as_ref().unwrap().line, 3);
    }

    #[test]
    fn folder_kinds() {
        let c = Path::new("/s/content");
        assert_eq!(
            folder_kind(c, Path::new("/s/content/terms/a.md")),
            Some(Kind::Term)
        );
        assert_eq!(
            folder_kind(c, Path::new("/s/content/areas/x/a.md")),
            Some(Kind::Area)
        );
        assert_eq!(folder_kind(c, Path::new("/s/content/a.md")), None);
        assert_eq!(folder_kind(c, Path::new("/s/content/misc/a.md")), None);
    }
}
