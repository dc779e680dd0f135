//! A small deterministic random source.
//!
//! The raw stream is PCG-128 (`rand_pcg::Pcg64`, a fixed, documented algorithm) and every
//! derived value (ranges, choices, percentages) is computed here with integer arithmetic only,
//! so the corpus depends on nothing but `--seed`, `--n` and this code: not on the platform, the
//! float library or how a `rand` release happens to implement `random_range`.

use rand::Rng as _;
use rand_pcg::Pcg64;

/// One step of SplitMix64, used to spread a user seed over the 256 bits PCG needs.
fn splitmix64(x: &mut u64) -> u64 {
    *x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Independent streams of one seed: the plan, and one stream per entry body and per entry's
/// export facts.
#[derive(Clone, Copy, Debug)]
pub enum Stream {
    Vocabulary = 1,
    Plan = 2,
    Body = 3,
    Export = 4,
}

pub struct Rng(Pcg64);

impl Rng {
    /// The generator for `stream` (and, for bodies, the entry `index`) of `seed`.
    pub fn new(seed: u64, stream: Stream, index: u64) -> Self {
        let mut x = seed ^ 0x243F_6A88_85A3_08D3;
        let a = splitmix64(&mut x);
        x ^= (stream as u64).wrapping_mul(0xD1B5_4A32_D192_ED03);
        let b = splitmix64(&mut x);
        x ^= index.wrapping_mul(0xA24B_AED4_963E_E407);
        let c = splitmix64(&mut x);
        let d = splitmix64(&mut x);
        let state = (u128::from(a) << 64) | u128::from(b);
        let increment = (u128::from(c) << 64) | u128::from(d);
        Rng(Pcg64::new(state, increment))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A number in `0..n` (`n > 0`), by multiply-high (bias below 2^-40 for our sizes).
    pub fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        debug_assert!(lo <= hi);
        lo + self.below(hi - lo + 1)
    }

    /// `true` with probability `percent`/100.
    pub fn percent(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Index into `weights` with probability proportional to each weight.
    pub fn weighted(&mut self, weights: &[usize]) -> usize {
        let total: usize = weights.iter().sum();
        let mut r = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if r < w {
                return i;
            }
            r -= w;
        }
        weights.len() - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let first: Vec<u64> = {
            let mut r = Rng::new(42, Stream::Plan, 0);
            (0..4).map(|_| r.next_u64()).collect()
        };
        let again: Vec<u64> = {
            let mut r = Rng::new(42, Stream::Plan, 0);
            (0..4).map(|_| r.next_u64()).collect()
        };
        let other: Vec<u64> = {
            let mut r = Rng::new(42, Stream::Body, 0);
            (0..4).map(|_| r.next_u64()).collect()
        };
        assert_eq!(first, again);
        assert_ne!(first, other);
    }

    #[test]
    fn ranges_stay_in_bounds() {
        let mut r = Rng::new(7, Stream::Plan, 0);
        for _ in 0..10_000 {
            let x = r.range(3, 9);
            assert!((3..=9).contains(&x));
        }
    }
}
