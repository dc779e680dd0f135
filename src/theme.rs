//! The default theme, embedded in the binary, and a site's overrides of it.
//!
//! Templates come from the repository's `templates/` and theme assets from `static/`
//! (embedded at compile time). A file of the same name in a site's `templates/` or
//! `static/` replaces the embedded one; other files in the site's `static/` are copied as
//! they are.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use tera::Tera;

use crate::error::{Error, Result};

static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// The theme's own static assets (the repository's `static/` also holds the example
/// site's images, which are not part of the theme).
pub const THEME_ASSETS: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../static/style.css")),
    ("favicon.svg", include_bytes!("../static/favicon.svg")),
    ("search.js", include_bytes!("../static/search.js")),
    (
        "search-analysis.js",
        include_bytes!("../static/search-analysis.js"),
    ),
    (
        "search-engine.js",
        include_bytes!("../static/search-engine.js"),
    ),
    ("search-ui.js", include_bytes!("../static/search-ui.js")),
    ("previews.js", include_bytes!("../static/previews.js")),
];

pub use crate::paths::{STATIC_DIR, TEMPLATES_DIR};

/// The templates: embedded ones, replaced by same-named files in `<root>/templates/`.
pub fn templates(root: &Path, allow_outside: bool) -> Result<BTreeMap<String, String>> {
    let mut map = BTreeMap::new();
    collect_embedded(&TEMPLATES, &mut map);
    let dir = root.join(TEMPLATES_DIR);
    for (name, path) in crate::walk::published(root, &dir, allow_outside)? {
        let text = std::fs::read_to_string(&path).map_err(|e| Error::read(&path, e))?;
        map.insert(name, text);
    }
    Ok(map)
}

fn collect_embedded(dir: &Dir<'static>, map: &mut BTreeMap<String, String>) {
    for file in dir.files() {
        if let Some(text) = file.contents_utf8() {
            map.insert(
                file.path().to_string_lossy().replace('\\', "/"),
                text.to_string(),
            );
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, map);
    }
}

/// A Tera instance with every template parsed once; `.html` and `.xml` are autoescaped.
pub fn tera(root: &Path, allow_outside: bool) -> Result<Tera> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    let templates = templates(root, allow_outside)?;
    tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(Error::template)?;
    Ok(tera)
}

/// Escapes text for HTML and XML: `& < > " '` only (tera's default also escapes `/`,
/// which makes every URL unreadable).
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    let mut start = 0;
    for (i, b) in input.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&input[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&input[start..]);
    out
}

/// Where a static file's bytes come from.
#[derive(Clone, Debug)]
pub enum Asset {
    Embedded(&'static [u8]),
    Disk(PathBuf),
}

/// Every static file to copy, by output path: theme assets, then the site's `static/`.
pub fn static_files(root: &Path, allow_outside: bool) -> Result<BTreeMap<String, Asset>> {
    let mut map: BTreeMap<String, Asset> = THEME_ASSETS
        .iter()
        .map(|(name, bytes)| (name.to_string(), Asset::Embedded(bytes)))
        .collect();
    for (name, path) in crate::walk::published(root, &root.join(STATIC_DIR), allow_outside)? {
        map.insert(name, Asset::Disk(path));
    }
    Ok(map)
}
