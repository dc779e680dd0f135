//! Times the parts of the link stage on a site, several times:
//! `cargo run --release --example link_timing -- ROOT [RUNS]`.
//! Prints the median wall time of each part (the automaton, the body pass: auto-links and
//! stem counts, "See also", and the whole stage as `link::link` runs it) and, on Linux,
//! the median CPU time of the process, which a busy machine disturbs less. Then what the
//! link check adds: every body parsed alone and parsed while noting its links and anchors
//! (`link::refs`; the difference is what noting costs the body pass), the plan, and the
//! link check itself.

use glossa::link::{self, auto, similar};
use rayon::prelude::*;

#[path = "common/timing.rs"]
mod timing;

use timing::timed;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().expect("usage: link_timing ROOT [RUNS]"));
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let site = glossa::load::load(&root, &glossa::LoadOptions::default())
        .expect("load")
        .site;
    let names = [
        "automaton",
        "body pass",
        "see also",
        "whole",
        "parse",
        "parse+note",
        "plan",
        "linkcheck",
    ];
    let mut times = vec![(Vec::new(), Vec::new()); names.len()];
    for _ in 0..runs {
        let linker = timed(&mut times[0], || auto::AutoLinker::new(&site));
        let counts: Vec<similar::StemCounts> = timed(&mut times[1], || {
            site.entries
                .par_iter()
                .enumerate()
                .map_init(String::new, |text, (id, e)| {
                    similar::Counter::with(|c| link::scan_body(&linker, id, e, c, text).counts)
                })
                .collect()
        });
        let none = vec![Vec::new(); site.entries.len()];
        let see = timed(&mut times[2], || {
            link::see_also(&site, &counts, &none, &none)
        });
        assert_eq!(see.len(), site.entries.len());
        let (links, _) = timed(&mut times[3], || link::link(&site));
        assert_eq!(links.auto.len(), site.entries.len());
        timed(&mut times[4], || {
            let each = |e: &glossa::model::Entry| glossa::markdown::events(&e.body).count();
            site.entries.par_iter().map(each).sum::<usize>()
        });
        timed(&mut times[5], || {
            let each = |e: &glossa::model::Entry| link::refs::body_refs(&e.body).links.len();
            site.entries.par_iter().map(each).sum::<usize>()
        });
        let pages = timed(&mut times[6], || glossa::plan::plan(&site, &links));
        let (files, _) = glossa::render::files(&site, &pages).expect("files");
        let problems = timed(&mut times[7], || {
            glossa::linkcheck::check(&site, &links, &pages, &files)
        });
        assert!(problems.is_ok());
    }
    timing::print(&names, times);
}
