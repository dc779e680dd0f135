//! The primitives of vocabulary-sized look-ups, each once: [`hash`], the byte hash every
//! table key is made with; [`FlatMap`], the open-addressing table keyed by such hashes;
//! [`BitSet`], the small filter asked before a table that outgrows the caches.
//!
//! The link stage and the index keep tables keyed by the hash of a word, a stem, a name's
//! prefix or a pair of terms: as many entries as the site has distinct words, so past a
//! few thousand entries they outgrow the processor's caches and a look-up of a rare word is
//! a trip to main memory. A general hash map takes two such trips (its control bytes, then
//! the slot); [`FlatMap`] keeps each key beside its value and probes linearly from the
//! key's place, so a look-up reads one slot (rarely its neighbour, on the same cache line
//! or the next). Keys are hashes already, so they are used as they are, mixed once to
//! choose the place.

use std::hash::Hasher;

/// The hash of a byte string (rustc-hash's `FxHasher`, as `str::hash` feeds it): table
/// keys everywhere (words, stems, names' prefixes, texts). "See also" breaks ties between
/// equal weights by the stem's hash, so this function must not change.
pub fn hash(bytes: &[u8]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(bytes);
    h.write_u8(0xff);
    h.finish()
}

/// The number [`FlatMap::get_numbered`] gives a key: its slot's place, below
/// [`FlatMap::numbers`], its own while the map is not changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SlotNumber(u32);

impl SlotNumber {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A map from `u64` keys (hashes) to `V`, open addressing with linear probing.
#[derive(Clone, Debug)]
pub struct FlatMap<V> {
    /// `(key, value)`, a power of two of them (or none yet); key [`EMPTY`] marks a free slot.
    slots: Vec<(u64, V)>,
    len: usize,
    /// The value of key [`EMPTY`] itself, kept aside.
    empty_key: Option<V>,
}

const EMPTY: u64 = 0;

impl<V: Copy + Default> Default for FlatMap<V> {
    fn default() -> Self {
        FlatMap {
            slots: Vec::new(),
            len: 0,
            empty_key: None,
        }
    }
}

impl<V: Copy + Default> FlatMap<V> {
    /// A map with room for `n` keys before it grows.
    pub fn with_capacity(n: usize) -> Self {
        let mut map = FlatMap::default();
        if n > 0 {
            map.slots = vec![(EMPTY, V::default()); (n * 2).next_power_of_two()];
        }
        map
    }

    pub fn len(&self) -> usize {
        self.len + usize::from(self.empty_key.is_some())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The slot where `key` is, or the free slot where it would go.
    fn find(&self, key: u64) -> usize {
        let mask = self.slots.len() - 1;
        // Multiplying spreads the key's bits to the top, which choose the place.
        let mut i = (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & mask;
        loop {
            let k = self.slots[i].0;
            if k == key || k == EMPTY {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    pub fn get(&self, key: u64) -> Option<V> {
        if key == EMPTY {
            return self.empty_key;
        }
        if self.slots.is_empty() {
            return None;
        }
        let (k, v) = self.slots[self.find(key)];
        (k == key).then_some(v)
    }

    /// The value of `key` with its number (key [`EMPTY`] has the last one).
    pub fn get_numbered(&self, key: u64) -> Option<(SlotNumber, V)> {
        if key == EMPTY {
            return self
                .empty_key
                .map(|v| (SlotNumber(self.slots.len() as u32), v));
        }
        if self.slots.is_empty() {
            return None;
        }
        let i = self.find(key);
        let (k, v) = self.slots[i];
        (k == key).then_some((SlotNumber(i as u32), v))
    }

    /// How many numbers [`FlatMap::get_numbered`] hands out at most (more than keys: a
    /// number is a place, and a table is never more than half full).
    pub fn numbers(&self) -> usize {
        self.slots.len() + 1
    }

    /// The value of `key`, inserted as `V::default()` when missing.
    pub fn entry(&mut self, key: u64) -> &mut V {
        if key == EMPTY {
            return self.empty_key.get_or_insert_with(V::default);
        }
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let i = self.find(key);
        if self.slots[i].0 == EMPTY {
            self.slots[i].0 = key;
            self.len += 1;
        }
        &mut self.slots[i].1
    }

    pub fn insert(&mut self, key: u64, value: V) {
        *self.entry(key) = value;
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(16);
        let old = std::mem::replace(&mut self.slots, vec![(EMPTY, V::default()); size]);
        for (k, v) in old {
            if k != EMPTY {
                let i = self.find(k);
                self.slots[i] = (k, v);
            }
        }
    }

    /// Every key and value, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (u64, V)> + '_ {
        self.empty_key
            .map(|v| (EMPTY, v))
            .into_iter()
            .chain(self.slots.iter().copied().filter(|&(k, _)| k != EMPTY))
    }

    /// Empties the map, keeping its room.
    pub fn clear(&mut self) {
        self.slots.fill((EMPTY, V::default()));
        self.len = 0;
        self.empty_key = None;
    }
}

/// A set of hashes that may answer "yes" for one that is not in it (a one-hash Bloom
/// filter): one bit per place, so with `k` places per hash about one hash in `k` that is
/// not in the set is let through. Small enough to stay in cache, it is asked before a
/// [`FlatMap`] that does not, so that most misses cost no trip to memory. Empty, it lets
/// everything through.
#[derive(Clone, Debug, Default)]
pub struct BitSet {
    words: Vec<u64>,
    /// The hash's top bits choose the place: 64 minus the number of places' log.
    shift: u32,
}

impl BitSet {
    /// An empty set of at least `places` places (a power of two, at least 64).
    pub fn with_places(places: usize) -> BitSet {
        let places = places.next_power_of_two().max(64);
        BitSet {
            words: vec![0; places / 64],
            shift: 64 - places.trailing_zeros(),
        }
    }

    fn place(&self, h: u64) -> usize {
        // Another multiplier than the table's, so its places do not follow the slots'.
        (h.wrapping_mul(0xd6e8_feb8_6659_fd93) >> self.shift) as usize
    }

    pub fn insert(&mut self, h: u64) {
        let p = self.place(h);
        self.words[p / 64] |= 1 << (p % 64);
    }

    pub fn may_hold(&self, h: u64) -> bool {
        if self.words.is_empty() {
            return true;
        }
        let p = self.place(h);
        self.words[p / 64] & (1 << (p % 64)) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::hash::Hash;

    #[test]
    fn hash_is_fx_of_a_str() {
        for text in ["", "margin", "maintenance margin", "ἀρχαία"] {
            let mut h = rustc_hash::FxHasher::default();
            text.hash(&mut h);
            assert_eq!(hash(text.as_bytes()), h.finish(), "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn behaves_as_a_hash_map(ops in proptest::collection::vec(
            (proptest::prop_oneof![0u64..64, proptest::num::u64::ANY], 0u32..1000, proptest::bool::ANY),
            0..400,
        )) {
            let mut flat: FlatMap<u32> = FlatMap::with_capacity(3);
            let mut reference: HashMap<u64, u32> = HashMap::new();
            for (key, value, add) in ops {
                if add {
                    *flat.entry(key) += value;
                    *reference.entry(key).or_default() += value;
                } else {
                    flat.insert(key, value);
                    reference.insert(key, value);
                }
                proptest::prop_assert_eq!(flat.get(key), reference.get(&key).copied());
            }
            proptest::prop_assert_eq!(flat.len(), reference.len());
            let mut all: Vec<(u64, u32)> = flat.iter().collect();
            all.sort_unstable();
            let mut want: Vec<(u64, u32)> = reference.into_iter().collect();
            want.sort_unstable();
            proptest::prop_assert_eq!(&all, &want);
            let mut numbers: Vec<usize> = all
                .iter()
                .map(|&(k, v)| {
                    let (n, got) = flat.get_numbered(k).unwrap();
                    assert_eq!(got, v);
                    n.index()
                })
                .collect();
            numbers.sort_unstable();
            numbers.dedup();
            proptest::prop_assert_eq!(numbers.len(), all.len(), "numbers are distinct");
            proptest::prop_assert!(numbers.iter().all(|&n| n < flat.numbers()));
            flat.clear();
            proptest::prop_assert!(flat.is_empty() && flat.get(1).is_none());
        }
    }
}
