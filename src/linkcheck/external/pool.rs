//! Worker threads that check URLs: at most `concurrency` requests at once, at most
//! `per_host` to one host, and failed tries put back with a backoff rather than waited for
//! by a thread, so one slow host never holds the others up.
//!
//! The check of one URL is a function given by the caller (an HTTP request in
//! [`super::http`], anything in the tests); the pool only schedules.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// What one try of a URL gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Attempt {
    /// The answer: no more tries.
    Done(Outcome),
    /// A failure that may pass (a timeout, a dropped connection, 5xx, 429): try again,
    /// after `wait` when the server said how long (`Retry-After`).
    Retry {
        reason: String,
        wait: Option<Duration>,
    },
}

/// What checking a URL found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// It works; `moved_to` is where permanent redirects from it lead, if they do.
    Ok { moved_to: Option<String> },
    /// It does not, and why.
    Broken(String),
}

/// How hard to try.
#[derive(Clone, Debug)]
pub struct Limits {
    pub concurrency: usize,
    pub per_host: usize,
    /// Tries after the first.
    pub retries: u32,
    /// The wait before the first retry, doubled before each next one.
    pub backoff: Duration,
    /// The longest wait a server's `Retry-After` may ask for; a longer one ends the tries.
    pub max_wait: Duration,
}

/// One URL to check and the host it counts against.
#[derive(Clone, Debug)]
pub struct Job {
    pub url: String,
    pub host: String,
}

/// A try waiting its turn.
struct Pending {
    job: usize,
    /// Tries made so far.
    tries: u32,
    not_before: Instant,
}

struct State {
    queue: Vec<Pending>,
    /// Requests under way, per host.
    busy: HashMap<String, usize>,
    running: usize,
    results: Vec<Option<Outcome>>,
}

/// Checks every job with `attempt`; the outcomes in the order of `jobs`.
pub fn run(
    jobs: &[Job],
    limits: &Limits,
    attempt: &(dyn Fn(&str) -> Attempt + Sync),
) -> Vec<Outcome> {
    let now = Instant::now();
    let state = Mutex::new(State {
        queue: (0..jobs.len())
            .map(|job| Pending {
                job,
                tries: 0,
                not_before: now,
            })
            .collect(),
        busy: HashMap::new(),
        running: 0,
        results: vec![None; jobs.len()],
    });
    let wake = Condvar::new();
    let workers = limits.concurrency.clamp(1, jobs.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| work(jobs, limits, attempt, &state, &wake));
        }
    });
    let state = state.into_inner().unwrap_or_else(|e| e.into_inner());
    state
        .results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Outcome::Broken("not checked".into())))
        .collect()
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|e| e.into_inner())
}

/// One worker: takes the first try whose time has come and whose host has room, until
/// nothing is left to try or under way.
fn work(
    jobs: &[Job],
    limits: &Limits,
    attempt: &(dyn Fn(&str) -> Attempt + Sync),
    state: &Mutex<State>,
    wake: &Condvar,
) {
    let mut s = lock(state);
    loop {
        let now = Instant::now();
        let room = |s: &State, p: &Pending| {
            s.busy.get(&jobs[p.job].host).copied().unwrap_or(0) < limits.per_host
        };
        let ready = s
            .queue
            .iter()
            .position(|p| p.not_before <= now && room(&s, p));
        let Some(at) = ready else {
            if s.queue.is_empty() && s.running == 0 {
                wake.notify_all();
                return;
            }
            // Wait for a try whose time comes, or for a request to end.
            let next = s
                .queue
                .iter()
                .filter(|p| p.not_before > now)
                .map(|p| p.not_before - now)
                .min();
            s = match next {
                Some(wait) => wake
                    .wait_timeout(s, wait)
                    .map_or_else(|e| e.into_inner().0, |r| r.0),
                None => wake.wait(s).unwrap_or_else(|e| e.into_inner()),
            };
            continue;
        };
        let p = s.queue.swap_remove(at);
        let host = &jobs[p.job].host;
        *s.busy.entry(host.clone()).or_insert(0) += 1;
        s.running += 1;
        drop(s);
        let result = attempt(&jobs[p.job].url);
        s = lock(state);
        if let Some(n) = s.busy.get_mut(host) {
            *n = n.saturating_sub(1);
        }
        s.running -= 1;
        match result {
            Attempt::Done(outcome) => s.results[p.job] = Some(outcome),
            Attempt::Retry { reason, wait } => {
                let tries = p.tries + 1;
                let backoff = limits.backoff * 2u32.saturating_pow(tries - 1);
                let wait = wait.map_or(backoff, |w| w.max(backoff));
                if tries > limits.retries {
                    let plural = if tries == 1 { "try" } else { "tries" };
                    s.results[p.job] =
                        Some(Outcome::Broken(format!("{reason} ({tries} {plural})")));
                } else if wait > limits.max_wait {
                    let secs = wait.as_secs();
                    s.results[p.job] = Some(Outcome::Broken(format!(
                        "{reason} (asked to wait {secs} s before trying again)"
                    )));
                } else {
                    s.queue.push(Pending {
                        job: p.job,
                        tries,
                        not_before: Instant::now() + wait,
                    });
                }
            }
        }
        wake.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn limits(concurrency: usize, per_host: usize) -> Limits {
        Limits {
            concurrency,
            per_host,
            retries: 2,
            backoff: Duration::from_millis(10),
            max_wait: Duration::from_secs(1),
        }
    }

    fn jobs(hosts: &[&str]) -> Vec<Job> {
        hosts
            .iter()
            .enumerate()
            .map(|(i, h)| Job {
                url: format!("{h}/{i}"),
                host: h.to_string(),
            })
            .collect()
    }

    #[test]
    fn hosts_never_get_more_than_their_share() {
        let now = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let a_now = AtomicUsize::new(0);
        let a_most = AtomicUsize::new(0);
        let attempt = |url: &str| {
            let a = url.starts_with('a');
            let all = now.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(all, Ordering::SeqCst);
            if a {
                let n = a_now.fetch_add(1, Ordering::SeqCst) + 1;
                a_most.fetch_max(n, Ordering::SeqCst);
            }
            std::thread::sleep(Duration::from_millis(20));
            if a {
                a_now.fetch_sub(1, Ordering::SeqCst);
            }
            now.fetch_sub(1, Ordering::SeqCst);
            Attempt::Done(Outcome::Ok { moved_to: None })
        };
        let jobs = jobs(&["a", "a", "a", "a", "b", "c", "d", "e"]);
        let out = run(&jobs, &limits(3, 1), &attempt);
        assert_eq!(out.len(), 8);
        assert_eq!(a_most.load(Ordering::SeqCst), 1);
        assert!(most.load(Ordering::SeqCst) <= 3);
    }

    #[test]
    fn retries_then_gives_up_with_the_count() {
        let tries = AtomicUsize::new(0);
        let attempt = |url: &str| {
            if url.starts_with("flaky") && tries.fetch_add(1, Ordering::SeqCst) == 0 {
                return Attempt::Retry {
                    reason: "503".into(),
                    wait: None,
                };
            }
            if url.starts_with("down") {
                return Attempt::Retry {
                    reason: "timed out".into(),
                    wait: None,
                };
            }
            if url.starts_with("slow") {
                return Attempt::Retry {
                    reason: "429".into(),
                    wait: Some(Duration::from_secs(60)),
                };
            }
            Attempt::Done(Outcome::Ok { moved_to: None })
        };
        let out = run(&jobs(&["flaky", "down", "slow"]), &limits(2, 2), &attempt);
        assert_eq!(out[0], Outcome::Ok { moved_to: None });
        assert_eq!(out[1], Outcome::Broken("timed out (3 tries)".into()));
        assert_eq!(
            out[2],
            Outcome::Broken("429 (asked to wait 60 s before trying again)".into())
        );
    }
}
