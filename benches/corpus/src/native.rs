//! The glossa site: `glossa.toml`, `content/_index.md` and one file per entry.

use std::io::{self, Write};
use std::path::Path;

use crate::body::Content;
use crate::plan::{Corpus, Entry};
use crate::{home_intro, site_description, site_title, toml_list, toml_str, Output};

pub(crate) fn site(corpus: &Corpus, root: &Path, out: &mut Output) -> io::Result<()> {
    out.write(
        &root.join("glossa.toml"),
        |w| {
            writeln!(w, "title = {}", toml_str(site_title()))?;
            writeln!(w, "description = {}", toml_str(&site_description(corpus)))?;
            writeln!(w, "base_url = \"https://bench.example/\"")
        },
        false,
    )?;
    out.write(
        &root.join("content/_index.md"),
        |w| w.write_all(home_intro(corpus).as_bytes()),
        true,
    )?;
    for dir in ["areas", "terms", "definitions"] {
        std::fs::create_dir_all(root.join("content").join(dir))?;
    }
    Ok(())
}

pub(crate) fn entry(
    corpus: &Corpus,
    e: &Entry,
    content: &Content,
    root: &Path,
    out: &mut Output,
) -> io::Result<()> {
    let path = root
        .join("content")
        .join(e.kind.native_dir())
        .join(format!("{}.md", e.slug));
    out.write(
        &path,
        |w| {
            writeln!(w, "+++")?;
            writeln!(w, "title = {}", toml_str(&e.title))?;
            writeln!(w, "description = {}", toml_str(&content.description))?;
            writeln!(w, "date = {}", e.date)?;
            if let Some(u) = e.updated {
                writeln!(w, "updated = {u}")?;
            }
            if !e.aliases.is_empty() {
                writeln!(
                    w,
                    "aliases = {}",
                    toml_list(e.aliases.iter().map(String::as_str))
                )?;
            }
            let slugs =
                |ids: &[usize]| toml_list(ids.iter().map(|&i| corpus.entries[i].slug.as_str()));
            writeln!(w, "related = {}", slugs(&e.related))?;
            if !e.areas.is_empty() {
                writeln!(w, "areas = {}", slugs(&e.areas))?;
            }
            writeln!(w, "+++")?;
            w.write_all(content.body.as_bytes())
        },
        false,
    )
}
