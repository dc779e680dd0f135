//! The letters of the A–Z index: which letter a title files under, and how a letter is
//! shown and named in URLs. A leaf: link groups entries by letter, plan and render lay
//! out the letter pages, all from these.

/// Letters of the A–Z index: `A`–`Z`, then one for titles starting otherwise (digits,
/// symbols, other scripts).
pub const LETTERS: usize = 27;

/// The letter of the A–Z index a title files under: its first letter or digit, accents
/// folded (`Écart` under E); digits and anything else under the last slot.
pub fn letter_slot(title: &str) -> usize {
    initial(title).map_or(LETTERS - 1, |c| (c as u8 - b'A') as usize)
}

/// How a letter slot is shown: `A`…`Z`, `#`.
pub fn letter_label(slot: usize) -> String {
    match slot {
        0..=25 => char::from(b'A' + slot as u8).to_string(),
        _ => "#".into(),
    }
}

/// A letter slot in URLs and anchors: `a`…`z`, `other`.
pub fn letter_slug(slot: usize) -> String {
    match slot {
        0..=25 => char::from(b'a' + slot as u8).to_string(),
        _ => "other".into(),
    }
}

fn initial(title: &str) -> Option<char> {
    let c = title.chars().find(|c| c.is_alphanumeric())?;
    if c.is_ascii() {
        // What folding gives for ASCII, without it (this runs per entry per letter page).
        return c.is_ascii_alphabetic().then(|| c.to_ascii_uppercase());
    }
    let folded = slug::slugify(c.to_string());
    let f = folded.chars().next()?.to_ascii_uppercase();
    f.is_ascii_uppercase().then_some(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_fold_accents_and_file_digits_under_other() {
        assert_eq!(letter_label(letter_slot("Écart")), "E");
        assert_eq!(letter_label(letter_slot("\"Quoted\"")), "Q");
        assert_eq!(letter_label(letter_slot("24h Volume")), "#");
        assert_eq!(letter_label(letter_slot("—")), "#");
    }
}
