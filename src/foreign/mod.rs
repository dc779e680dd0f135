//! Markdown pages of other generators (Hugo, Zola, Jekyll, Docusaurus, MkDocs, MDN) into
//! the text of native entries: pure functions over text, no file system, never a panic.
//!
//! ```text
//! Input ──► read ──► settle ──► keys ──► names ──────────► body ──────────────► native
//!  text     split,    shape per   front    slugs, kinds,    blocks ► templates   entry text
//!           signs     file (the   matter   targets, tag     ► wikilinks ► links  + report
//!                     folder's    → glossa areas, redirects ► leftovers
//!                     majority)   keys
//! ```
//!
//! - [`detect`] tells which generator wrote a page from its signs (front-matter syntax and
//!   keys, template syntax, file name); a page without any takes its folder's majority.
//! - [`keys`] maps front-matter keys to glossa's (through [`crate::frontmatter::KEY_MAP`]),
//!   keeps the rest under `[extra]`, and notes every mapping for the report.
//! - [`names`] gives each page its slug and kind; [`targets`] is what template syntax and
//!   links resolve against (by name, by old URL, by file path).
//! - [`blocks`] (line by line: `<!--more-->`, admonitions, MDX imports), [`templates`]
//!   (shortcodes and macros, with [`hugo`], [`zola`], [`jekyll`] and [`mdn`]) and
//!   [`links`] (wikilinks and link destinations) turn a body into plain markdown;
//!   whatever template syntax is left is reported ([`crate::leftover`]).
//! - [`redirects`] reads `_redirects` files; [`native`] writes the entry.
//!
//! [`assemble`] runs all of it over every input and returns the entries and a
//! [`ForeignReport`]. `glossa import` ([`crate::import`]) does the file system around it.

mod args;
mod blocks;
mod body;
pub mod detect;
mod hugo;
mod jekyll;
mod keys;
mod links;
mod mdn;
mod names;
mod native;
pub mod redirects;
pub mod report;
mod targets;
mod templates;
mod zola;

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::{Code, Diagnostic};
use crate::exported::merge::Skipped;
use crate::exported::url::Key;
use crate::model::Kind;
pub use names::auto_kind;
pub use report::{ForeignReport, Leftover, Mapping};

/// The generators whose pages `glossa import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Shape {
    Hugo,
    Zola,
    Jekyll,
    Docusaurus,
    Mkdocs,
    Mdn,
}

impl Shape {
    pub const ALL: [Shape; 6] = [
        Shape::Hugo,
        Shape::Zola,
        Shape::Jekyll,
        Shape::Docusaurus,
        Shape::Mkdocs,
        Shape::Mdn,
    ];

    /// `hugo`, `zola`, … (the `--from` value).
    pub fn name(self) -> &'static str {
        match self {
            Shape::Hugo => "hugo",
            Shape::Zola => "zola",
            Shape::Jekyll => "jekyll",
            Shape::Docusaurus => "docusaurus",
            Shape::Mkdocs => "mkdocs",
            Shape::Mdn => "mdn",
        }
    }

    pub fn parse(s: &str) -> Option<Shape> {
        Shape::ALL.into_iter().find(|k| k.name() == s)
    }
}

/// How a page's kind is chosen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum KindRule {
    /// By length: a body of a few sentences is a definition, a longer one a term
    /// ([`names::auto_kind`]); a `kind` key in the page wins.
    #[default]
    Auto,
    /// Every page is of this kind.
    Always(Kind),
}

/// One path given to `glossa import` (a folder, or a single file).
#[derive(Clone, Debug, Default)]
pub struct Root {
    /// Values for Hugo's `{{< param "x" >}}`: `--param` first, then the site's
    /// configuration (`[params]`, Zola's `[extra]`).
    pub params: BTreeMap<String, String>,
    /// MDN's locale in old URLs (`/en-US/docs/…`).
    pub locale: String,
}

/// What the caller asks of the conversion.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Read every page as this generator's (`--from`); else each page is detected.
    pub from: Option<Shape>,
    pub kind: KindRule,
    pub roots: Vec<Root>,
    /// `https://example.org` (`--source-base`): site paths of pages not imported become
    /// links to the old site.
    pub source_base: Option<String>,
    /// Entries the site already has (references to a slug several kinds use say which).
    pub existing: Vec<Key>,
}

/// One markdown file to read.
#[derive(Clone, Debug)]
pub struct Input {
    /// Index into [`Options::roots`].
    pub root: usize,
    /// Its `/`-separated path relative to its root.
    pub rel: String,
    /// Its path as shown in messages.
    pub shown: PathBuf,
    pub text: Arc<str>,
    /// For a page bundle (`x/index.md`): its other files, relative to its folder.
    pub assets: Vec<String>,
}

/// A redirects file found among the inputs (`_redirects`, MDN's `_redirects.txt`).
#[derive(Clone, Debug)]
pub struct Redirects {
    pub shown: PathBuf,
    pub text: String,
}

/// One native entry to write.
#[derive(Clone, Debug)]
pub struct Made {
    pub key: Key,
    pub text: String,
    /// An area made up for a tag (`stub = true`).
    pub stub: bool,
    /// The input it was read from (`None` for areas made from tags).
    pub input: Option<usize>,
    /// Written as `<slug>/index.md`, with its bundle's files beside it.
    pub bundle: bool,
    /// How much it says about its dates (see `import::decide::richness`).
    pub richness: u8,
}

/// What [`assemble`] produced.
#[derive(Debug, Default)]
pub struct Assembled {
    /// Sorted by key.
    pub made: Vec<Made>,
    pub report: ForeignReport,
    pub warnings: Vec<Diagnostic>,
    pub skipped: Vec<Skipped>,
}

/// A problem found in one input, at a 1-based line (0: the whole file).
#[derive(Clone, Debug)]
struct Note {
    line: usize,
    message: String,
}

/// Reads every input and turns the pages into native entries.
pub fn assemble(inputs: &[Input], redirects: &[Redirects], options: &Options) -> Assembled {
    let mut out = Assembled::default();
    let read: Vec<Result<detect::Raw<'_>, Note>> = inputs
        .par_iter()
        .map(|input| detect::read(&input.text, &input.rel, options.from))
        .collect();
    let mut raws = Vec::with_capacity(read.len());
    for (i, r) in read.into_iter().enumerate() {
        match r {
            Ok(raw) => raws.push((i, raw)),
            Err(note) => out.skipped.push(skip(&inputs[i], &note)),
        }
    }
    detect::settle(&mut raws, inputs, options.from);
    let pages: Vec<names::Page> = raws
        .into_par_iter()
        .map(|(i, raw)| names::Page::new(i, &inputs[i], raw))
        .collect();
    let mut pages = names::keep_entries(pages, inputs, &mut out.skipped);
    let settled = names::settle(&mut pages, inputs, options, &mut out.skipped);
    let mut report = ForeignReport::default();
    for page in &pages {
        report.count_page(page.shape, &page.fields.mapped);
    }
    let redirected = redirects::apply(redirects, &settled.targets, options, &mut report);
    let bodies: Vec<(body::Converted, Vec<Note>)> = pages
        .par_iter()
        .map(|page| page.convert(&inputs[page.input], &settled, options))
        .collect();
    for (page, (converted, notes)) in pages.iter().zip(bodies) {
        let input = &inputs[page.input];
        report.add_body(&converted.stats, input, &converted.leftovers);
        let extra_redirects = redirected.get(&page.key).cloned().unwrap_or_default();
        let rendered = native::entry(page, &converted, &extra_redirects, &settled, options);
        report.redirects += rendered.redirects;
        out.made.push(rendered.made);
        for note in page
            .fields
            .notes
            .iter()
            .chain(&notes)
            .chain(&rendered.notes)
        {
            out.warnings.push(warning(input, note));
        }
    }
    for area in &settled.tag_areas {
        out.made.push(native::tag_area(area, options));
    }
    report.tag_areas = settled
        .tag_areas
        .iter()
        .filter(|a| !options.existing.contains(&a.key()))
        .count();
    report.finish();
    out.made.sort_by(|a, b| a.key.cmp(&b.key));
    out.report = report;
    out
}

fn skip(input: &Input, note: &Note) -> Skipped {
    let at = if note.line > 0 {
        format!(":{}", note.line)
    } else {
        String::new()
    };
    Skipped {
        path: format!("{}{at}", input.shown.display()),
        reason: note.message.clone(),
    }
}

fn warning(input: &Input, note: &Note) -> Diagnostic {
    let d = Diagnostic::warning(Code::ImportForeign, note.message.clone(), &input.shown);
    if note.line > 0 {
        d.at_line(note.line)
    } else {
        d
    }
}

/// Whether `rel` is a page bundle's page (`x/index.md`, `x/_index.md`): the entry `x`.
pub fn is_bundle(rel: &str) -> bool {
    names::is_bundle(rel)
}

/// Slugs several kinds use among `keys`: references to them are written `kind/slug`.
fn ambiguous<'a>(keys: impl Iterator<Item = &'a Key>) -> HashSet<String> {
    let mut kinds: BTreeMap<&str, Vec<Kind>> = BTreeMap::new();
    for k in keys {
        let v = kinds.entry(k.slug.as_str()).or_default();
        if !v.contains(&k.kind) {
            v.push(k.kind);
        }
    }
    kinds
        .into_iter()
        .filter(|(_, v)| v.len() > 1)
        .map(|(s, _)| s.to_string())
        .collect()
}

/// Where each line of a text starts, for many line look-ups.
struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex(starts)
    }

    /// The 1-based line of byte `offset`.
    fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&s| s <= offset).max(1)
    }
}

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}
