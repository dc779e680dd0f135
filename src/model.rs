//! The data every stage shares, grouped by the stage that produces it.
//!
//! `load` produces a [`Site`] (configuration, entries, their source files); `link` produces
//! [`Links`] (who relates to whom). Later stages (`render`, `export`, `index`) only read
//! these; nothing reaches back into an earlier stage.

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

use serde::Serialize;

use crate::config::Config;

// ---------------------------------------------------------------------------
// Produced by `load`
// ---------------------------------------------------------------------------

/// The three kinds of entry a glossary holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A long article.
    Term,
    /// A short entry.
    Definition,
    /// A topic page: a few questions and a collection of related entries.
    Area,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Term, Kind::Definition, Kind::Area];

    /// The kind's position in [`Kind::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// `term`, `definition`, `area`: the URL segment and the `kind` front-matter value.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Term => "term",
            Kind::Definition => "definition",
            Kind::Area => "area",
        }
    }

    /// `Term`, `Definition`, `Area`.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Term => "Term",
            Kind::Definition => "Definition",
            Kind::Area => "Area",
        }
    }

    /// `Terms`, `Definitions`, `Areas`.
    pub fn plural_label(self) -> &'static str {
        match self {
            Kind::Term => "Terms",
            Kind::Definition => "Definitions",
            Kind::Area => "Areas",
        }
    }

    /// The content folder that holds this kind: `terms`, `definitions`, `areas`.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Term => "terms",
            Kind::Definition => "definitions",
            Kind::Area => "areas",
        }
    }

    /// Parses a kind name, singular or plural (`term`, `terms`, …).
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "term" | "terms" => Some(Kind::Term),
            "definition" | "definitions" => Some(Kind::Definition),
            "area" | "areas" => Some(Kind::Area),
            _ => None,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A publication date: a calendar day, with the exact instant when the source gave one
/// (exported pages carry `2026-02-11T22:56:49+00:00`, authors usually write `2026-02-11`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub day: time::Date,
    pub instant: Option<time::OffsetDateTime>,
}

impl Date {
    /// Parses `YYYY-MM-DD`, RFC 3339 (`2026-02-11T22:56:49+00:00`, `…Z`) or a local
    /// date-time without offset (`2026-02-11T22:56:49` or with a space), read as UTC.
    pub fn parse(s: &str) -> Option<Date> {
        use time::format_description::well_known::Rfc3339;
        use time::macros::format_description;
        let s = s.trim();
        if let Ok(day) = time::Date::parse(s, format_description!("[year]-[month]-[day]")) {
            return Some(Date { day, instant: None });
        }
        if let Ok(t) = time::OffsetDateTime::parse(s, &Rfc3339) {
            return Some(Date {
                day: t.date(),
                instant: Some(t),
            });
        }
        let local = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
        let spaced = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
        let t = time::PrimitiveDateTime::parse(s, local)
            .or_else(|_| time::PrimitiveDateTime::parse(s, spaced))
            .ok()?;
        let t = t.assume_utc();
        Some(Date {
            day: t.date(),
            instant: Some(t),
        })
    }

    /// `YYYY-MM-DD`.
    pub fn ymd(&self) -> String {
        let d = self.day;
        format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
    }

    /// The ISO 8601 form for JSON-LD: the full instant when known, else the day.
    pub fn iso(&self) -> String {
        match self.instant {
            Some(t) => rfc3339(t),
            None => self.ymd(),
        }
    }

    /// An RFC 3339 instant (midnight UTC when only the day is known), for Atom.
    pub fn rfc3339(&self) -> String {
        match self.instant {
            Some(t) => rfc3339(t),
            None => format!("{}T00:00:00Z", self.ymd()),
        }
    }

    /// `29 Jan 2026`, for readers.
    pub fn display(&self) -> String {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let d = self.day;
        format!(
            "{} {} {}",
            d.day(),
            MONTHS[u8::from(d.month()) as usize - 1],
            d.year()
        )
    }
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    use time::format_description::well_known::Rfc3339;
    // Formatting a valid OffsetDateTime as RFC 3339 only fails for years outside 0..=9999,
    // which `parse` cannot produce; fall back to the day rather than panic.
    t.format(&Rfc3339)
        .unwrap_or_else(|_| format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day()))
}

/// How an entry's names must be written in prose to be linked automatically.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LinkCase {
    /// Exact for acronyms and names with capitals inside a word, else any case.
    #[default]
    Auto,
    /// Only as written.
    Exact,
    /// In any case.
    Any,
}

impl LinkCase {
    /// `exact` or `any`, as front matter writes it.
    pub fn parse(s: &str) -> Option<LinkCase> {
        match s {
            "exact" => Some(LinkCase::Exact),
            "any" => Some(LinkCase::Any),
            "auto" => Some(LinkCase::Auto),
            _ => None,
        }
    }
}

/// An entry's hero image.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Image {
    pub url: String,
    /// Also the alt text.
    pub caption: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// A reference to another entry by slug, with where it was written (for diagnostics).
/// A reference may be qualified with its kind (`definition/liquidation`) when a slug is
/// shared by entries of two kinds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlugRef {
    pub kind: Option<Kind>,
    pub slug: String,
    /// Byte range of the reference in its source file.
    pub span: Option<Range<usize>>,
}

/// Where an entry's fields are written in its file (byte ranges), for diagnostics.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Spans {
    pub title: Option<Range<usize>>,
    pub description: Option<Range<usize>>,
    /// One per alias, in order.
    pub aliases: Vec<Option<Range<usize>>>,
    /// One per old URL of `redirect_from`, in order.
    pub redirect_from: Vec<Option<Range<usize>>>,
}

/// Index of a source file in [`Site::sources`].
pub type SourceId = usize;

/// Index of an entry in [`Site::entries`].
pub type EntryId = usize;

/// One glossary entry, as loaded from its file.
#[derive(Clone, Debug)]
pub struct Entry {
    pub kind: Kind,
    pub slug: String,
    pub title: String,
    /// One plain-text sentence, used in lists and meta tags.
    pub description: String,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub aliases: Vec<String>,
    pub related: Vec<SlugRef>,
    pub areas: Vec<SlugRef>,
    pub draft: bool,
    pub image: Option<Image>,
    /// Whether the auto-linker may add links to this entry's body.
    pub autolink: bool,
    /// How its names must be written to be linked to (`link_case`).
    pub link_case: LinkCase,
    /// Whether other pages' prose may link here automatically (`autolink_target`).
    pub autolink_target: bool,
    /// The names prose may link here by, when not all of title and aliases (`link_names`).
    pub link_names: Option<Vec<String>>,
    /// A page listing the meanings of a name (its `related`): never an automatic target.
    pub disambiguation: bool,
    /// Author, when the entry names one (else the site's author).
    pub author: Option<String>,
    /// Where the fields are written.
    pub spans: Spans,
    /// Free-form data for custom templates (`[extra]` in front matter).
    pub extra: toml::Table,
    /// An imported short entry made from a related item that had no page of its own.
    pub stub: bool,
    /// Where an imported entry came from (`None` for hand-written entries).
    pub source_url: Option<String>,
    /// Old URLs that redirect to this entry's page: site paths (under the base path),
    /// normalised by [`crate::frontmatter::redirect_path`] (`/old/path/`, `/old.html`).
    pub redirect_from: Vec<String>,
    /// The other files of the entry's page bundle (`content/terms/x/index.md` and
    /// `content/terms/x/diagram.png`), copied beside its page; empty for a lone file.
    pub assets: Vec<BundleFile>,
    /// Markdown body.
    pub body: String,
    /// Byte offset of the body in its source file.
    pub body_offset: usize,
    pub source: SourceId,
}

impl Entry {
    /// Its page's path from the site's root: `term/<slug>/`, `definition/<slug>/`,
    /// `area/<slug>/`.
    pub fn rel_url(&self) -> String {
        format!("{}/{}/", self.kind.as_str(), self.slug)
    }

    /// An entry with only a kind, slug and title: everything else empty or off, except
    /// `autolink`, which is on as in front matter. For tools and tests that make entries
    /// in code.
    pub fn new(kind: Kind, slug: impl Into<String>, title: impl Into<String>) -> Entry {
        Entry {
            kind,
            slug: slug.into(),
            title: title.into(),
            description: String::new(),
            date: None,
            updated: None,
            aliases: Vec::new(),
            related: Vec::new(),
            areas: Vec::new(),
            draft: false,
            image: None,
            autolink: true,
            link_case: LinkCase::Auto,
            autolink_target: true,
            link_names: None,
            disambiguation: false,
            author: None,
            spans: Spans::default(),
            extra: toml::Table::new(),
            stub: false,
            source_url: None,
            redirect_from: Vec::new(),
            assets: Vec::new(),
            body: String::new(),
            body_offset: 0,
            source: 0,
        }
    }

    /// The newest of `updated` and `date`.
    pub fn modified(&self) -> Option<Date> {
        self.updated.max(self.date)
    }
}

/// A file of a page bundle besides its entry's `index.md`: an image, a PDF… Its page is
/// at `term/x/`, so it is written to `term/x/<name>` and a body's relative link to it
/// works.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BundleFile {
    /// Its path on disk (through symlinks, which `walk::published` checked).
    pub path: PathBuf,
    /// Its `/`-separated path relative to the bundle's folder, and so to the page
    /// (`diagram.png`, `img/flow.svg`).
    pub name: String,
}

/// A file read by `load`, kept for diagnostics.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path relative to the site root (as shown to users).
    pub path: PathBuf,
    /// The file's text (empty when it could not be read as UTF-8).
    pub text: std::sync::Arc<str>,
}

/// Everything `load` read: the configuration and the published entries.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    /// Sorted by kind, then slug; drafts only when asked for.
    pub entries: Vec<Entry>,
    pub sources: Vec<SourceFile>,
    /// The home page's introduction (markdown from `content/_index.md`), if any.
    pub home_intro: Option<String>,
    /// Each kind's index introduction (markdown from `content/terms/_index.md`, …), in
    /// [`Kind::ALL`] order.
    pub kind_intros: [Option<String>; Kind::ALL.len()],
}

impl Site {
    /// Entries of one kind, in slug order.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = (EntryId, &Entry)> {
        self.entries
            .iter()
            .enumerate()
            .filter(move |(_, e)| e.kind == kind)
    }

    /// Number of entries of one kind.
    pub fn count(&self, kind: Kind) -> usize {
        self.entries.iter().filter(|e| e.kind == kind).count()
    }
}

// ---------------------------------------------------------------------------
// Produced by `link`
// ---------------------------------------------------------------------------

/// An automatic link in a body: a byte range of the `piece`-th piece of prose (the text
/// events outside headings, links, images, code and raw-HTML anchors, counted from 0), and
/// the entry it links to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    pub piece: u32,
    pub start: u32,
    pub end: u32,
    pub target: EntryId,
}

/// The link graph between entries. Every list is in a deterministic order
/// (by title, ties broken by slug) and holds no repeats.
#[derive(Clone, Debug, Default)]
pub struct Links {
    /// Every entry, by case-folded title (then slug): the order of every list.
    pub by_title: Vec<EntryId>,
    /// The entries of each kind ([`Kind::ALL`] order), in title order: what the kind
    /// indexes list.
    pub by_kind: [Vec<EntryId>; Kind::ALL.len()],
    /// The entries under each letter of the A–Z index (see [`crate::letter::letter_slot`]),
    /// in title order.
    pub by_letter: Vec<Vec<EntryId>>,
    /// Explicit relations, both directions, areas excluded from an entry's members.
    pub related: Vec<Vec<EntryId>>,
    /// Areas an entry appears in.
    pub appears_in: Vec<Vec<EntryId>>,
    /// An area's member entries (empty for non-areas).
    pub members: Vec<Vec<EntryId>>,
    /// Entries similar by text ("See also"), best first.
    pub see_also: Vec<Vec<EntryId>>,
    /// Entries each body links to automatically, in order of mention.
    pub auto: Vec<Vec<EntryId>>,
    /// Where those links go in each body (one per entry of `auto`, in the same order), so
    /// rendering places them without searching the text again.
    pub mentions: Vec<Vec<Mention>>,
    /// Entries whose pages link here (by any list or an automatic link).
    pub backlinks: Vec<Vec<EntryId>>,
    /// Links rendered, counted per page (a related pair counts once on each page).
    pub link_count: usize,
    /// Lower-cased titles or aliases naming several entries, so never auto-linked.
    pub ambiguous: Vec<(String, Vec<EntryId>)>,
    /// Lower-cased names shared by an area and one other entry: the entry gets the
    /// automatic links (name, the entry, the areas).
    pub shadowed: Vec<(String, EntryId, Vec<EntryId>)>,
    /// What each body links to and the anchors it has (one per entry), for the link
    /// check ([`crate::linkcheck`]).
    pub refs: Vec<BodyRefs>,
}

/// A link or image written in a body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BodyLink {
    /// The destination as the parser reads it (escapes resolved), not yet resolved.
    pub dest: Box<str>,
    /// Where it is written in the body (bytes): the destination when it can be found in the
    /// link's text, else the whole link.
    pub span: Range<u32>,
    /// An image (`![alt](src)`) rather than a link.
    pub image: bool,
}

/// What one body links to, and the anchors its page has for links to it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BodyRefs {
    /// Links and images, in order (automatic links are not among them: glossa makes those
    /// to pages that exist).
    pub links: Vec<BodyLink>,
    /// The ids its headings and footnotes get when rendered, in order.
    pub ids: Vec<Box<str>>,
}
