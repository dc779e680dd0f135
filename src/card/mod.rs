//! Raster images for sharing and devices: each entry's card (an SVG of its title, kind
//! and the site's name, 1200×630 PNG, its `og:image`), the site's card (the `og:image` of
//! every other page), an SVG hero image as PNG, and the PNG icons made from the SVG
//! favicon. SVG is rendered with resvg; text only ever uses the font embedded here
//! (Cantarell Bold, SIL OFL 1.1, `assets/fonts/`), never a system font, so the same
//! input gives the same bytes on every machine.
//!
//! Rendering is the costly part of a build that makes cards, so each PNG is kept in
//! `.glossa/cards/<hash>.png` under the hash of what it is made from (the SVG, the
//! size, [`CARD_VERSION`]): a rebuild renders only the cards whose text changed
//! ([`Cache`]).

use std::path::Path;
use std::sync::{Arc, OnceLock};

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg;

use crate::error::{Error, Result};
use crate::write::{hash_bytes, write_file_atomically};

mod cache;
mod svg;

pub use cache::Cache;
pub use svg::{card_svg, CardText};

/// A card's size in pixels: the size Open Graph and Twitter show large.
pub const CARD_WIDTH: u32 = 1200;
pub const CARD_HEIGHT: u32 = 630;

/// Changes whenever the cards' design or the font does, so cached cards are remade.
pub const CARD_VERSION: u32 = 1;

/// The font every card's text is set in.
const FONT: &[u8] = include_bytes!("../../assets/fonts/Cantarell-Bold.otf");
/// Its family name, as the SVG names it.
pub const FONT_FAMILY: &str = "Cantarell";

/// The options resvg parses with: the embedded font only, no file or URL ever loaded.
fn options() -> &'static usvg::Options<'static> {
    static OPTIONS: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(FONT.to_vec());
        db.set_sans_serif_family(FONT_FAMILY);
        db.set_serif_family(FONT_FAMILY);
        db.set_monospace_family(FONT_FAMILY);
        usvg::Options {
            font_family: FONT_FAMILY.to_string(),
            fontdb: Arc::new(db),
            image_href_resolver: usvg::ImageHrefResolver {
                resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
                resolve_string: Box::new(|_, _| None),
            },
            ..usvg::Options::default()
        }
    })
}

/// An opaque background colour (red, green, blue).
pub type Rgb = [u8; 3];

/// `svg` rendered to a `width`×`height` PNG, scaled to fit (centred, aspect kept), on
/// `background` (transparent when `None`); `name` says what it is in errors.
pub fn render_png(
    svg: &[u8],
    width: u32,
    height: u32,
    background: Option<Rgb>,
    name: &str,
) -> Result<Vec<u8>> {
    let fail = |why: String| Error::Usage(format!("{name}: cannot render the SVG: {why}"));
    let tree = usvg::Tree::from_data(svg, options()).map_err(|e| fail(e.to_string()))?;
    let mut pixmap = Pixmap::new(width, height).ok_or_else(|| fail("empty size".into()))?;
    if let Some([r, g, b]) = background {
        pixmap.fill(resvg::tiny_skia::Color::from_rgba8(r, g, b, 255));
    }
    let size = tree.size();
    let scale = (width as f32 / size.width()).min(height as f32 / size.height());
    let dx = (width as f32 - size.width() * scale) / 2.0;
    let dy = (height as f32 - size.height() * scale) / 2.0;
    let transform = Transform::from_row(scale, 0.0, 0.0, scale, dx, dy);
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| fail(e.to_string()))
}

/// The hash a rendering is cached under: what it is made from, its size, its
/// background and the design.
pub fn key(svg: &[u8], width: u32, height: u32, background: Option<Rgb>) -> u64 {
    let mut bytes = Vec::with_capacity(svg.len() + 20);
    bytes.extend_from_slice(svg);
    bytes.extend_from_slice(&background.map_or([0, 0, 0, 0], |[r, g, b]| [1, r, g, b]));
    bytes.extend_from_slice(&width.to_le_bytes());
    bytes.extend_from_slice(&height.to_le_bytes());
    bytes.extend_from_slice(&CARD_VERSION.to_le_bytes());
    hash_bytes(&bytes)
}

/// Writes `bytes` to `path` through a temporary file renamed over it.
fn store(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
    }
    write_file_atomically(
        path,
        |file| file.write_all(bytes).map_err(|e| Error::write(path, e)),
        |_| true,
    )
}
