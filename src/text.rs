//! Text primitives every stage shares: how titles, aliases and body text are lower-cased
//! for comparison.

/// Unicode lower-casing, as used for titles, aliases and text alike.
pub fn lowercase(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}
