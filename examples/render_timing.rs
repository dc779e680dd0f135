//! Times rendering every page of a site in memory (bodies rendered with their pages, as a
//! build does; nothing written), with link previews on and off, alternately, several
//! times: `cargo run --release --example render_timing -- ROOT [RUNS] [on|off]`. Prints the
//! median wall and CPU time of each, their ratio, and the bytes of HTML each gives; with
//! `on` or `off` only that one is rendered (to profile it).

use glossa::render::Renderer;
use rayon::prelude::*;

#[path = "common/timing.rs"]
mod timing;

use timing::timed;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().expect("usage: render_timing ROOT [RUNS]"));
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let only = args.next();
    let linked = glossa::pipeline::load_and_link(&root, &glossa::LoadOptions::default())
        .expect("load and link");
    let mut site = linked.site;
    let links = linked.links;
    let pages = glossa::plan::plan(&site, &links);
    let names = ["previews", "no previews"];
    let mut times = vec![(Vec::new(), Vec::new()); names.len()];
    let mut bytes = [0usize; 2];
    for _ in 0..runs {
        for (i, on) in [true, false].into_iter().enumerate() {
            if only
                .as_deref()
                .is_some_and(|o| o != if on { "on" } else { "off" })
            {
                times[i].0.push(Default::default());
                times[i].1.push(Default::default());
                continue;
            }
            site.config.links.previews = on;
            let renderer = Renderer::new(&site, &links).expect("templates");
            bytes[i] = timed(&mut times[i], || {
                pages
                    .par_iter()
                    .with_max_len(16)
                    .map(|p| renderer.render_page(p).expect("render").len())
                    .sum()
            });
        }
    }
    let (wall_on, cpu_on) = (
        timing::median_ms(times[0].0.clone()),
        timing::median_ms(times[0].1.clone()),
    );
    let (wall_off, cpu_off) = (
        timing::median_ms(times[1].0.clone()),
        timing::median_ms(times[1].1.clone()),
    );
    // The fastest run of each: what a busy machine disturbs least.
    let min = |i: usize| {
        times[i]
            .1
            .iter()
            .min()
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    let (min_on, min_off) = (min(0), min(1));
    timing::print(&names, times);
    println!(
        "ratio      {:>8.3}x wall {:>8.3}x cpu (medians), {:.3}x cpu (fastest runs: {min_on:.0} vs {min_off:.0} ms); {} pages, {} vs {} bytes of HTML",
        wall_on / wall_off,
        cpu_on / cpu_off,
        min_on / min_off,
        pages.len(),
        bytes[0],
        bytes[1]
    );
}
