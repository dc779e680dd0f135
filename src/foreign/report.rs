//! What reading other generators' pages did, for the import report: pages by generator,
//! each key mapping with the number of files it applied to, keys kept under `[extra]`,
//! template syntax converted and navigation dropped (counted by name), redirects, areas
//! made from tags, and every piece of template syntax left (file and line).

use std::collections::BTreeMap;

use serde::Serialize;

use super::body::{Left, Stats};
use super::{Input, Shape};

/// One key mapping (`short_description` → `description`) and the files it applied to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Mapping {
    pub from: String,
    /// A glossa key, or `[extra]` for a key kept aside.
    pub to: String,
    pub files: usize,
}

/// Template syntax left in a body after conversion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Leftover {
    pub path: String,
    pub line: usize,
    /// Its first word (`glossary_tooltip`, `include`).
    pub name: String,
    /// The syntax as written (cut at 120 characters).
    pub text: String,
}

/// A redirects file read: its usable lines and how many named an imported page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RedirectFile {
    pub path: String,
    pub lines: usize,
    pub used: usize,
}

/// The part of the import report about other generators' pages.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ForeignReport {
    /// Pages read.
    pub pages: usize,
    /// Pages by generator.
    pub generators: BTreeMap<Shape, usize>,
    /// Keys read as glossa keys, most files first.
    pub mappings: Vec<Mapping>,
    /// Keys kept under `[extra]`, most files first.
    pub kept_aside: Vec<Mapping>,
    /// Template syntax and links converted, by what became what.
    pub converted: BTreeMap<String, usize>,
    /// Navigation macros dropped, by name.
    pub dropped: BTreeMap<String, usize>,
    /// Link destinations, by what became of them.
    pub links: BTreeMap<String, usize>,
    /// Old URLs written into `redirect_from`.
    pub redirects: usize,
    pub redirect_files: Vec<RedirectFile>,
    /// Areas made up for tags (`stub = true`).
    pub tag_areas: usize,
    pub leftovers: Vec<Leftover>,
    #[serde(skip)]
    counts: BTreeMap<(String, String), usize>,
}

impl ForeignReport {
    /// Counts one page's generator and mappings (each mapping once per file).
    pub(super) fn count_page(&mut self, shape: Shape, mapped: &[(String, String)]) {
        self.pages += 1;
        *self.generators.entry(shape).or_default() += 1;
        let mut seen: Vec<&(String, String)> = Vec::new();
        for m in mapped {
            if !seen.contains(&m) {
                seen.push(m);
                *self.counts.entry(m.clone()).or_default() += 1;
            }
        }
    }

    /// Adds one body's conversions and leftovers.
    pub(super) fn add_body(&mut self, stats: &Stats, input: &Input, leftovers: &[Left]) {
        for (k, n) in &stats.converted {
            *self.converted.entry(k.clone()).or_default() += n;
        }
        for (k, n) in &stats.dropped {
            *self.dropped.entry(k.clone()).or_default() += n;
        }
        for (k, n) in &stats.links {
            *self.links.entry(k.clone()).or_default() += n;
        }
        for l in leftovers {
            self.leftovers.push(Leftover {
                path: input.shown.display().to_string(),
                line: l.line,
                name: l.name.clone(),
                text: l.text.clone(),
            });
        }
    }

    /// Sorts the mapping counts into [`ForeignReport::mappings`] and `kept_aside`.
    pub(super) fn finish(&mut self) {
        let mut all: Vec<Mapping> = self
            .counts
            .iter()
            .map(|((from, to), files)| Mapping {
                from: from.clone(),
                to: to.clone(),
                files: *files,
            })
            .collect();
        all.sort_by(|a, b| b.files.cmp(&a.files).then_with(|| a.from.cmp(&b.from)));
        let (kept, mapped): (Vec<_>, Vec<_>) = all.into_iter().partition(|m| m.to == "[extra]");
        self.mappings = mapped;
        self.kept_aside = kept;
    }

    /// Template syntax left, counted by name.
    pub fn leftovers_by_name(&self) -> BTreeMap<&str, usize> {
        let mut by: BTreeMap<&str, usize> = BTreeMap::new();
        for l in &self.leftovers {
            *by.entry(l.name.as_str()).or_default() += 1;
        }
        by
    }
}
