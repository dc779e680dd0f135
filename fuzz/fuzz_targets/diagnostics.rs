//! The diagnostics renderer on any source text and any spans: it never panics, never lets
//! a control character through, and keeps every line it prints short.

#![no_main]

use glossa::diagnostics::{render, terminal, Code, Diagnostic, Location};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first 8 bytes choose a span (start, end), a line number and the form; the rest
    // is the source text (lossily decoded, as a file read by glossa is valid UTF-8).
    if data.len() < 8 {
        return;
    }
    let (head, rest) = data.split_at(8);
    let text = String::from_utf8_lossy(rest);
    let a = u16::from_le_bytes([head[0], head[1]]) as usize;
    let b = u16::from_le_bytes([head[2], head[3]]) as usize;
    let line = u16::from_le_bytes([head[4], head[5]]) as usize;
    let message = String::from_utf8_lossy(&rest[..rest.len().min(40)]).into_owned();
    let d = Diagnostic::error(Code::FrontMatter, message, "content/terms/x\u{1b}.md")
        .with_label(String::from_utf8_lossy(&rest[rest.len() / 2..]).into_owned())
        .with_help("help \u{7}");
    let d = match head[6] % 4 {
        0 => d.with_span(&text, Some(a.min(b)..a.max(b))),
        1 => d.with_span(&text, Some(a..b)), // possibly reversed
        2 => d.with_span(&text, None).at_line(line),
        _ => {
            let mut d = d.with_span(&text, None);
            d.location = Some(Location { line, column: b, span: a..b });
            d
        }
    };
    let many = vec![d; 1 + (head[7] as usize % 30)];
    let out = render(&many, head[7] & 1 == 1);
    let plain = render(&many, false);
    assert!(!plain.contains('\u{1b}') && !plain.contains('\u{7}'), "{plain}");
    let longest = plain.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    // The excerpt (WIDTH characters, each escaped in at most 10) plus the gutter; the
    // message and label are not cut.
    let bound = terminal::WIDTH * 10 + 200 + 2 * rest.len();
    assert!(longest <= bound, "a line of {longest} characters");
    assert!(!out.is_empty());
});
