//! Front matter: the `+++` TOML, `---` YAML or `{ … }` JSON block at the top of an entry.
//!
//! [`split`] finds the block and the body; [`table`] reads the block into a TOML table
//! whatever its syntax (an empty value, YAML's `aka:`, is absent); [`parse`] reads that
//! table into a [`FrontMatter`], checking every field and collecting every problem (with its
//! byte range in the file) rather than stopping at the first. All are pure functions over
//! text, so they can be fuzzed without a file system. `glossa import` reads other
//! generators' front matter with the same [`split`] and [`table`].

use std::ops::Range;

use crate::model::{Date, Image, Kind, LinkCase, SlugRef, Spans};

mod fields;
mod redirect;
mod syntax;
pub mod write;

pub use redirect::{redirect_path, Refused};
pub use syntax::{table, top_level_keys};

/// The front-matter syntax of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Toml,
    Yaml,
    /// A JSON object opening the file (Hugo's third front-matter syntax).
    Json,
}

impl Format {
    /// `TOML`, `YAML` or `JSON`, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Toml => "TOML",
            Format::Yaml => "YAML",
            Format::Json => "JSON",
        }
    }
}

/// A file split into its front matter and body, with byte offsets into the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub format: Format,
    pub front: &'a str,
    pub front_offset: usize,
    pub body: &'a str,
    pub body_offset: usize,
}

/// Why a file could not be split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with `+++` or `---`.
    Missing,
    /// The opening fence has no closing fence; holds the opening fence's byte range.
    Unclosed { format: Format, fence: Range<usize> },
}

/// A problem with one field (or the block as a whole), at a byte range of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub message: String,
    pub span: Option<Range<usize>>,
    pub label: String,
    pub help: Option<String>,
}

/// The keys an entry's front matter may hold.
pub const KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "aliases",
    "related",
    "areas",
    "draft",
    "image",
    "kind",
    "slug",
    "autolink",
    "link_case",
    "link_names",
    "autolink_target",
    "disambiguation",
    "author",
    "stub",
    "source_url",
    "redirect_from",
    "extra",
];

/// Keys other generators use for what a glossa key holds (`summary` → `description`):
/// `glossa import` maps them, and native front matter that uses one is told which key to
/// write instead.
pub const KEY_MAP: &[(&str, &str)] = &[
    ("summary", "description"),
    ("short_description", "description"),
    ("excerpt", "description"),
    ("subtitle", "description"),
    ("aka", "aliases"),
    ("synonyms", "aliases"),
    ("sidebar_label", "aliases"),
    ("linkTitle", "aliases"),
    ("tags", "areas"),
    ("categories", "areas"),
    ("category", "areas"),
    ("taxonomies", "areas"),
    ("publishDate", "date"),
    ("pubDate", "date"),
    ("published", "date"),
    ("created", "date"),
    ("lastmod", "updated"),
    ("last_modified_at", "updated"),
    ("modified", "updated"),
    ("permalink", "slug"),
    ("url", "slug"),
    ("id", "slug"),
    ("name", "title"),
    ("authors", "author"),
    ("see_also", "related"),
    ("seealso", "related"),
];

/// The glossa key another generator's `key` corresponds to, if any.
pub fn mapped_key(key: &str) -> Option<&'static str> {
    KEY_MAP
        .iter()
        .find(|(from, _)| from.eq_ignore_ascii_case(key))
        .map(|(_, to)| *to)
}

const IMAGE_KEYS: &[&str] = &["url", "caption", "width", "height"];

/// Parsed front matter; absent optional fields are `None`/empty.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub aliases: Vec<String>,
    pub related: Vec<SlugRef>,
    pub areas: Vec<SlugRef>,
    pub draft: bool,
    pub image: Option<Image>,
    pub kind: Option<Kind>,
    /// The explicit slug and where it is written.
    pub slug: Option<(String, Option<Range<usize>>)>,
    pub autolink: Option<bool>,
    pub link_case: LinkCase,
    pub autolink_target: Option<bool>,
    pub link_names: Option<Vec<String>>,
    pub disambiguation: bool,
    pub author: Option<String>,
    /// Where the title, description and aliases are written.
    pub spans: Spans,
    /// Free-form data for custom templates (`[extra]`).
    pub extra: toml::Table,
    /// Written by `glossa import` for an entry made from a related item that had no page
    /// of its own (a short entry built from its headline, description, dates and image).
    pub stub: bool,
    /// The URL the entry was imported from (`glossa import` writes it on every entry it
    /// makes; its presence tells an imported entry from a hand-written one).
    pub source_url: Option<String>,
    /// Old URLs of the entry (site paths such as `/old/path/`): each gets a redirect page.
    pub redirect_from: Vec<(String, Option<Range<usize>>)>,
}

/// Splits a file's text into front matter and body. A UTF-8 byte-order mark is skipped.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let first_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    let (format, fence) = match rest[..first_end].trim_end() {
        "+++" => (Format::Toml, "+++"),
        "---" => (Format::Yaml, "---"),
        _ if rest.starts_with('{') => return syntax::split_json(text, start),
        _ => return Err(SplitError::Missing),
    };
    let front_offset = start + first_end;
    let mut offset = front_offset;
    for line in text[front_offset..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == fence || (format == Format::Yaml && trimmed == "...") {
            let body_offset = offset + line.len();
            return Ok(Split {
                format,
                front: &text[front_offset..offset],
                front_offset,
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(SplitError::Unclosed {
        format,
        fence: start..start + 3,
    })
}

/// Parses the front matter of `split` (whose offsets are into `text`, the whole file).
/// When the block cannot be read at all, the error comes with every unknown top-level key
/// found line by line, so one run shows every problem of the file.
pub fn parse(text: &str, split: &Split<'_>) -> Result<FrontMatter, Vec<FieldError>> {
    let table = table(split).map_err(|e| {
        let mut errors = vec![e];
        for (key, span) in top_level_keys(split) {
            if !KEYS.contains(&key) {
                errors.push(fields::unknown_key(key, Some(span)));
            }
        }
        errors
    })?;
    fields::read(text, split, table)
}

/// Whether `s` is a slug: lower-case ASCII letters and digits in hyphen-separated runs.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Turns any text into a slug (transliterating non-ASCII letters); may return "".
pub fn slugify(s: &str) -> String {
    let mut slug = slug::slugify(s);
    slug.truncate(200);
    slug.trim_end_matches('-').to_string()
}

/// The closest candidate to `word` when it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(word, c);
        if score > 0.8 && best.is_none_or(|(s, b)| score > s || (score == s && c < b)) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<FrontMatter, Vec<FieldError>> {
        let s = split(text).expect("split");
        parse(text, &s)
    }

    #[test]
    fn splits_toml_and_yaml() {
        let s = split("+++\ntitle = \"A\"\n+++\nbody\n").unwrap();
        assert_eq!(
            (s.format, s.front, s.body),
            (Format::Toml, "title = \"A\"\n", "body\n")
        );
        let s = split("\u{feff}---\r\ntitle: A\r\n---\r\nbody").unwrap();
        assert_eq!(
            (s.format, s.front, s.body),
            (Format::Yaml, "title: A\r\n", "body")
        );
        assert_eq!(split("# no front matter"), Err(SplitError::Missing));
        assert!(matches!(
            split("+++\ntitle = 1\n"),
            Err(SplitError::Unclosed { .. })
        ));
    }

    #[test]
    fn reads_every_field() {
        let fm = parse_text(
            "+++\ntitle = \"Maintenance Margin\"\ndescription = \"d\"\ndate = 2026-01-29\n\
             updated = \"2026-03-16T10:11:13+00:00\"\naliases = [\"MMR\"]\n\
             related = [\"initial-margin\", \"definition/x\"]\nareas = \"liquidation\"\n\
             draft = true\nkind = \"definition\"\nslug = \"mm\"\nautolink = false\n\
             [image]\nurl = \"/i.webp\"\ncaption = \"c\"\nwidth = 1600\nheight = 900\n+++\n",
        )
        .unwrap();
        assert_eq!(fm.title.as_deref(), Some("Maintenance Margin"));
        assert_eq!(fm.date.unwrap().ymd(), "2026-01-29");
        assert_eq!(fm.updated.unwrap().iso(), "2026-03-16T10:11:13Z");
        assert_eq!(fm.related[1].kind, Some(Kind::Definition));
        assert_eq!(fm.areas[0].slug, "liquidation");
        assert_eq!(fm.kind, Some(Kind::Definition));
        assert_eq!(fm.image.unwrap().width, Some(1600));
        assert!(fm.draft);
        assert_eq!(fm.autolink, Some(false));
    }

    #[test]
    fn yaml_reads_the_same_fields() {
        let fm = parse_text(
            "---\ntitle: Mark Price\ndate: 2026-01-29\nrelated:\n  - index-price\ndraft: false\n---\n",
        )
        .unwrap();
        assert_eq!(fm.title.as_deref(), Some("Mark Price"));
        assert_eq!(fm.date.unwrap().ymd(), "2026-01-29");
        assert_eq!(fm.related[0].slug, "index-price");
        assert!(fm.related[0].span.is_some());
    }

    #[test]
    fn collects_every_problem_with_its_place() {
        let text = "+++\ntitle = 3\ndate = \"2026-13-45\"\nrelatd = []\nslug = \"Bad Slug\"\n+++\n";
        let errors = parse_text(text).unwrap_err();
        let messages: Vec<_> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(errors.len(), 4, "{messages:?}");
        assert!(messages[0].contains("`title` must be a string"));
        assert!(messages[1].contains("not a valid date"));
        assert!(messages[2].contains("unknown front-matter key `relatd`"));
        assert!(errors[2]
            .help
            .as_deref()
            .unwrap()
            .starts_with("did you mean `related`?"));
        assert!(messages[3].contains("invalid slug"));
        let date = errors[1].span.clone().unwrap();
        assert_eq!(&text[date], "2026-13-45");
    }

    #[test]
    fn invalid_slugs_suggest_their_last_segment_or_nothing() {
        let help = |text: &str| {
            let errors = parse_text(text).unwrap_err();
            let slug = errors.iter().find(|e| e.message.contains("invalid slug"));
            slug.expect("an invalid slug error").help.clone()
        };
        assert_eq!(help("+++\nslug = \"..\"\n+++\n"), None);
        assert_eq!(
            help("+++\nslug = \"Glossary/Abstraction\"\n+++\n").as_deref(),
            Some("try `abstraction`")
        );
        assert_eq!(
            help("+++\nrelated = [\"Glossary/Abstraction\"]\n+++\n").as_deref(),
            Some("try `abstraction`")
        );
        assert_eq!(
            help("+++\nslug = \"Bad Slug\"\n+++\n").as_deref(),
            Some("try `bad-slug`")
        );
    }

    #[test]
    fn other_generators_keys_say_what_they_map_to() {
        let text = "---\ntitle: Pod\nshort_description: A pod.\naka:\nfull_link: /x/\n---\n";
        let errors = parse_text(text).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].message.contains("`short_description`"));
        assert!(errors[0]
            .help
            .as_deref()
            .unwrap()
            .starts_with("did you mean `description`?"));
        assert!(errors[1].help.as_deref().unwrap().contains("[extra]"));
    }

    #[test]
    fn a_syntax_error_does_not_hide_unknown_keys() {
        let text = "---\ntitle: \"open\nsummary: x\n---\n";
        let errors = parse_text(text).unwrap_err();
        assert!(errors[0].message.starts_with("invalid YAML"), "{errors:?}");
        assert!(errors.iter().any(|e| e.message.contains("`summary`")));
    }

    #[test]
    fn redirect_from_holds_site_paths() {
        let fm = parse_text("+++\ntitle = \"x\"\nredirect_from = [\"/old/x/\"]\n+++\n").unwrap();
        assert_eq!(fm.redirect_from[0].0, "/old/x/");
        let errors = parse_text("+++\ntitle = \"x\"\nredirect_from = \"https://a.test/x\"\n+++\n")
            .unwrap_err();
        assert!(errors[0].message.contains("not a path"));
    }

    #[test]
    fn toml_syntax_error_points_into_the_file() {
        let text = "+++\ntitle = \"unterminated\n+++\n";
        let errors = parse_text(text).unwrap_err();
        assert!(errors[0].span.as_ref().unwrap().start >= 4);
    }

    #[test]
    fn slugs() {
        assert!(is_valid_slug("maintenance-margin-2"));
        for bad in ["", "-a", "a-", "a--b", "A", "a_b", "a/b", "..", "é"] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
        assert_eq!(
            slugify("Mark-to-Model Liquidation!"),
            "mark-to-model-liquidation"
        );
        assert_eq!(slugify("Crème brûlée"), "creme-brulee");
    }
}
