//! The rasteriser on any input: an SVG hero image (any bytes) renders to a PNG or fails
//! with an error, never a panic; a card of any title, kind and site name (any text,
//! markup characters included) is always a valid SVG that renders.

#![no_main]

use glossa::card::{card_svg, render_png, CardText};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Small sizes: the work per input stays low whatever the SVG asks for.
    if let Ok(png) = render_png(data, 48, 32, None, "fuzz.svg") {
        assert!(png.starts_with(b"\x89PNG"));
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.splitn(3, '\u{1f}');
    let title = parts.next().unwrap_or("");
    let site = parts.next().unwrap_or("Site");
    let svg = card_svg(&CardText {
        title,
        kind: "Term",
        site,
        host: parts.next().unwrap_or("x.test"),
        subtitle: title,
    });
    let png = render_png(svg.as_bytes(), 120, 63, Some([255, 255, 255]), "card")
        .unwrap_or_else(|e| panic!("a card did not render: {e}\n{svg}"));
    assert!(png.starts_with(b"\x89PNG"));
});
