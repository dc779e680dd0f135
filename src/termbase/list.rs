//! List cells: aliases, related entries and areas in one spreadsheet cell, separated by
//! `|` (`MMR | maintenance margin requirement`). Items are trimmed and empty ones dropped;
//! `\|` is a `|` inside an item and `\\` a backslash (any other backslash is kept as
//! written), so that [`join`] and [`split`] give back any list.

/// The separator of list items in a cell.
pub const SEPARATOR: char = '|';

/// The items of a list cell.
pub fn split(cell: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut item = String::new();
    let mut chars = cell.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if matches!(chars.peek(), Some('\\' | '|')) => {
                item.push(chars.next().unwrap_or('\\'));
            }
            SEPARATOR => items.push(std::mem::take(&mut item)),
            _ => item.push(c),
        }
    }
    items.push(item);
    items
        .into_iter()
        .map(|i| super::one_line(&i))
        .filter(|i| !i.is_empty())
        .collect()
}

/// A list as one cell.
pub fn join<S: AsRef<str>>(items: &[S]) -> String {
    let escaped: Vec<String> = items
        .iter()
        .map(|i| i.as_ref().replace('\\', "\\\\").replace(SEPARATOR, "\\|"))
        .collect();
    escaped.join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_trims_and_drops_empty_items() {
        assert_eq!(
            split(" MMR |maintenance margin|| "),
            ["MMR", "maintenance margin"]
        );
        assert_eq!(split(""), Vec::<String>::new());
        assert_eq!(split(r"a\|b | c\\ | d\e"), ["a|b", r"c\", r"d\e"]);
    }

    #[test]
    fn join_then_split_gives_the_items_back() {
        let items = ["a|b", r"back\slash", r"end\", r"\|", "plain"];
        assert_eq!(split(&join(&items)), items);
    }
}
