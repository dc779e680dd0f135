//! Wall and CPU time of the parts of a stage, for the timing examples.

#![allow(unreachable_pub)] // shared by the examples, which are crates of their own

use std::time::{Duration, Instant};

/// The allocator of the `glossa` binary, so parts are timed as a build runs them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// CPU time of this process so far, threads that ended included (Linux, in clock ticks
/// of 10 ms; zero elsewhere).
pub fn cpu() -> Duration {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return Duration::ZERO;
    };
    // Fields after the command name (which ends with the last `)`): utime is the 12th,
    // stime the 13th.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let ticks: u64 = after
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|t| t.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 10)
}

/// Wall and CPU times of one part, a sample per run.
pub type Times = (Vec<Duration>, Vec<Duration>);

/// Runs `f`, recording its wall and CPU time in `times`.
pub fn timed<T>(times: &mut Times, f: impl FnOnce() -> T) -> T {
    let (t, c) = (Instant::now(), cpu());
    let out = f();
    times.0.push(t.elapsed());
    times.1.push(cpu().saturating_sub(c));
    out
}

/// The median of `samples`, in milliseconds.
pub fn median_ms(mut samples: Vec<Duration>) -> f64 {
    samples.sort();
    samples[samples.len() / 2].as_secs_f64() * 1000.0
}

/// Prints each part's median wall and CPU time.
pub fn print(names: &[&str], times: Vec<Times>) {
    for (name, (wall, cpu)) in names.iter().zip(times) {
        println!(
            "{name:<10} {:>8.1} ms wall {:>8.1} ms cpu",
            median_ms(wall),
            median_ms(cpu)
        );
    }
}
