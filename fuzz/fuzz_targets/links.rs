//! The link check's reading of a body on any text: the links and anchors noted in it
//! (`link::refs`) and each destination resolved (`destination`) never panic; every
//! span lies inside the body on character boundaries, and no resolved path climbs out.

#![no_main]

use glossa::link::refs::body_refs;
use glossa::destination::{Origin, Target};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let refs = body_refs(body);
    let origins = [
        Origin::new("https://g.test/"),
        Origin::new("https://g.test/docs/"),
    ];
    for link in &refs.links {
        let (start, end) = (link.span.start as usize, link.span.end as usize);
        assert!(start <= end && end <= body.len(), "{start}..{end}");
        assert!(body.is_char_boundary(start) && body.is_char_boundary(end));
        for origin in &origins {
            for page in ["", "term/a/", "404.html"] {
                if let Target::Internal { path, .. } = origin.resolve(&link.dest, page) {
                    assert!(path.split('/').all(|s| s != ".." && s != "."), "{path}");
                }
            }
        }
    }
});
