//! A card's SVG: the site's mark and name, the entry's kind as a badge, its title in
//! large type (wrapped on words, smaller as it grows longer, cut with `…` past four
//! lines), and the site's host. Widths are estimated from the characters (the font's
//! proportions, rounded up), so a line never runs past the margin.

use std::fmt::Write;

use super::{CARD_HEIGHT, CARD_WIDTH, FONT_FAMILY};

/// What a card shows.
#[derive(Clone, Debug)]
pub struct CardText<'a> {
    /// The entry's title, or the site's name on the site's card.
    pub title: &'a str,
    /// `Term`, `Definition`, `Area`, or empty (no badge).
    pub kind: &'a str,
    /// The site's name.
    pub site: &'a str,
    /// The site's host (and path), shown at the bottom.
    pub host: &'a str,
    /// A line or two under the title (the site's description on its card), or empty.
    pub subtitle: &'a str,
}

/// Left and right margin.
const MARGIN: f32 = 88.0;
/// The subtitle's size.
const SUBTITLE: f32 = 38.0;
/// The widest a title line may be.
const LINE_WIDTH: f32 = CARD_WIDTH as f32 - 2.0 * MARGIN;

/// The width of `c` in ems of the card's font, rounded up.
fn advance(c: char) -> f32 {
    match c {
        ' ' => 0.27,
        'i' | 'l' | 'j' | 't' | 'f' | 'r' | 'I' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' => 0.36,
        'm' | 'w' | 'M' | 'W' => 0.92,
        'A'..='Z' => 0.70,
        'a'..='z' | '0'..='9' => 0.60,
        c if c as u32 >= 0x2E80 => 1.0,
        _ => 0.66,
    }
}

/// The estimated width of `text` at `size` pixels.
fn width(text: &str, size: f32) -> f32 {
    text.chars().map(advance).sum::<f32>() * size
}

/// `text` in lines no wider than [`LINE_WIDTH`] at `size`: on spaces, and inside a word
/// too long for a line.
fn wrap(text: &str, size: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = match line.is_empty() {
            true => word.to_string(),
            false => format!("{line} {word}"),
        };
        if width(&candidate, size) <= LINE_WIDTH {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            if width(&line, size) + advance(c) * size > LINE_WIDTH {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The title's size and lines: the largest size whose lines fit its line budget, else
/// the smallest with its last line cut and ended with `…`.
fn title_lines(title: &str) -> (f32, Vec<String>) {
    const SIZES: [(f32, usize); 3] = [(80.0, 2), (66.0, 3), (54.0, 4)];
    for (size, most) in SIZES {
        let lines = wrap(title, size);
        if lines.len() <= most {
            return (size, lines);
        }
    }
    let (size, most) = SIZES[SIZES.len() - 1];
    let mut lines = wrap(title, size);
    lines.truncate(most);
    if let Some(last) = lines.last_mut() {
        while !last.is_empty() && width(&format!("{last}…"), size) > LINE_WIDTH {
            last.pop();
        }
        last.push('…');
    }
    (size, lines)
}

/// `text` escaped for XML text and attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The badge colours (text, background) of a kind, as the theme shows them.
fn kind_colours(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "Definition" => ("#135c33", "#e1f3e8"),
        "Area" => ("#6a2d8f", "#f3e8fa"),
        _ => ("#0b4f99", "#e3eefb"),
    }
}

/// `text`, at most `size`-pixel wide estimate `most`, cut with `…`.
fn fit(text: &str, size: f32, most: f32) -> String {
    let mut out: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if width(&out, size) <= most {
        return out;
    }
    while !out.is_empty() && width(&format!("{out}…"), size) > most {
        out.pop();
    }
    out.push('…');
    out
}

/// The card of `text` as SVG.
pub fn card_svg(text: &CardText<'_>) -> String {
    let (w, h) = (CARD_WIDTH, CARD_HEIGHT);
    let (accent, badge_bg) = kind_colours(text.kind);
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FONT_FAMILY}" font-weight="700">
<rect width="{w}" height="{h}" fill="#fdfdfc"/>
<rect width="24" height="{h}" fill="{accent}"/>
<g transform="translate({MARGIN} 72)"><rect width="72" height="72" rx="16" fill="#0b5cad"/><g fill="none" stroke="#fff" stroke-width="6.75" stroke-linecap="round" transform="scale(1.125)"><circle cx="31" cy="27" r="11"/><path d="M42 17v21c0 7-5 11-11 11h-1c-4 0-7-1.5-9-4"/></g></g>
"##
    );
    let site = fit(text.site, 40.0, LINE_WIDTH - 100.0);
    let _ = writeln!(
        svg,
        r##"<text x="{}" y="122" font-size="40" fill="#57606a">{}</text>"##,
        MARGIN + 100.0,
        escape(&site)
    );
    let (size, lines) = title_lines(text.title);
    let line_height = size * 1.18;
    let mut sub = wrap(text.subtitle, SUBTITLE);
    if sub.len() > 2 {
        sub.truncate(2);
        sub[1] = fit(&format!("{}…", sub[1]), SUBTITLE, LINE_WIDTH);
    }
    let sub_height = match sub.is_empty() {
        true => 0.0,
        false => 24.0 + SUBTITLE * 1.3 * sub.len() as f32,
    };
    let block = line_height * lines.len() as f32 + sub_height;
    // The title's block sits in the middle of the space between header and footer.
    let mut y = 200.0 + (330.0 - block) / 2.0 + size;
    if !text.kind.is_empty() {
        let badge_w = width(text.kind, 30.0) + 48.0;
        let _ = writeln!(
            svg,
            r##"<rect x="{MARGIN}" y="186" width="{badge_w:.0}" height="50" rx="25" fill="{badge_bg}"/><text x="{}" y="222" font-size="30" fill="{accent}">{}</text>"##,
            MARGIN + 24.0,
            escape(text.kind)
        );
        y += 30.0;
    }
    for line in &lines {
        let _ = writeln!(
            svg,
            r##"<text x="{MARGIN}" y="{y:.0}" font-size="{size:.0}" fill="#1b1f24">{}</text>"##,
            escape(line)
        );
        y += line_height;
    }
    y += 24.0 + SUBTITLE - line_height + size * 0.3;
    for line in &sub {
        let _ = writeln!(
            svg,
            r##"<text x="{MARGIN}" y="{y:.0}" font-size="{SUBTITLE:.0}" fill="#57606a">{}</text>"##,
            escape(line)
        );
        y += SUBTITLE * 1.3;
    }
    let host = fit(text.host, 30.0, LINE_WIDTH);
    let _ = writeln!(
        svg,
        r##"<text x="{MARGIN}" y="{}" font-size="30" fill="#57606a">{}</text>"##,
        h - 56,
        escape(&host)
    );
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_titles_wrap_shrink_and_are_cut() {
        let (size, lines) = title_lines("Margin");
        assert_eq!((size, lines.len()), (80.0, 1));
        let long = "word ".repeat(60);
        let (size, lines) = title_lines(&long);
        assert_eq!((size, lines.len()), (54.0, 4));
        assert!(lines[3].ends_with('…'));
        for line in &lines {
            assert!(width(line, size) <= LINE_WIDTH, "{line}");
        }
        let one_word = "x".repeat(200);
        let (_, lines) = title_lines(&one_word);
        assert!(lines.len() > 1);
    }

    #[test]
    fn text_is_escaped() {
        let svg = card_svg(&CardText {
            title: "a < b & \"c\"",
            kind: "Term",
            site: "S",
            host: "x.test",
            subtitle: "",
        });
        assert!(svg.contains("a &lt; b &amp; &quot;c&quot;"));
        assert!(!svg.contains("a < b"));
    }
}
