//! Problem codes: every kind of problem glossa reports, in one table.
//!
//! A code names a kind of problem in output (`warning[broken-link]`), in `check --format
//! json`, and in `[check.levels]`, where a user raises, lowers or silences it. The table
//! below is the only list: [`Code::ALL`] and the README's table are made from it, and a
//! test sets every code to `allow`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! codes {
    ($($variant:ident = $name:literal: $meaning:literal,)*) => {
        /// A kind of problem (see the module docs).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(#[doc = $meaning] $variant,)*
        }

        impl Code {
            /// Every code, in the order of the table.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as written in output and in `[check.levels]`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// What the code means, in a few words.
            pub fn meaning(self) -> &'static str {
                match self {
                    $(Code::$variant => $meaning,)*
                }
            }
        }
    };
}

codes! {
    Config = "config": "a `glossa.toml` that cannot be read, or a bad `--base-url`",
    FrontMatter = "front-matter": "front matter that cannot be read",
    UnknownKind = "unknown-kind": "an entry whose kind cannot be told",
    InvalidSlug = "invalid-slug": "a slug that cannot be used",
    Encoding = "encoding": "a file that is not UTF-8",
    Io = "io": "a file that cannot be read",
    DuplicateSlug = "duplicate-slug": "two entries of one kind with the same slug",
    BrokenLink = "broken-link": "a related or areas slug, or a link or image in a body (or a front-matter image), that leads to no page or file of the site",
    BrokenAnchor = "broken-anchor": "a link to a `#fragment` that its page has no heading, footnote or theme element for",
    ExternalLink = "external-link": "a link to another site that fails: an error status, a timeout, no answer (`check --external`)",
    ExternalRedirect = "external-redirect": "a link to another site that has moved permanently: the new URL is suggested (`check --external`)",
    DuplicateTitle = "duplicate-title": "two entries with the same title",
    AliasClash = "alias-clash": "an alias that is another entry's title",
    AmbiguousAutolink = "ambiguous-autolink": "an alias shared by several entries, so never auto-linked",
    ShadowedName = "shadowed-name": "a name an area shares with another entry, which gets the automatic links",
    EmptyDescription = "empty-description": "an entry without a description",
    LongDescription = "long-description": "a description over `[check] max_description_length`",
    Orphan = "orphan": "an entry no other page links to",
    EmptyArea = "empty-area": "an area with no entries",
    Export = "export": "an exported page that cannot be read (import, or an export in `content/`)",
    Import = "import": "an input `import` skips (not an exported page, unreadable, refused URL)",
    ImportDate = "import-date": "an exported date that cannot be read",
    ImportDisagree = "import-disagree": "exported pages of one entry that disagree (title, description, dates)",
    ImportDuplicate = "import-duplicate": "the same exported page twice",
    ImportForeign = "import-foreign": "another generator's page read with a problem: a date or old URL it cannot use, a reference or link naming a page not imported, a title made from the file name",
    ImportRecord = "import-record": "a record of a sheet, JSON or TBX file read with a problem: a kind, slug or date it cannot use, a related item no entry has, a row longer than its header, data categories left out",
    ImportShadowed = "import-shadowed": "an exported page that a native entry of the same slug replaces",
    ImportUrl = "import-url": "a URL in an exported page that is refused or cannot be read",
    RedirectCollision = "redirect-collision": "an old URL in `redirect_from` that is a page or file of the site, or that two entries claim",
    TemplateSyntax = "template-syntax": "template syntax another generator left in a body (`{{< … >}}`, `{% … %}`), shown to readers as text",
}

impl Code {
    /// The code named `name`, if there is one.
    pub fn parse(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == name)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Code, D::Error> {
        let name = String::deserialize(d)?;
        Code::parse(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown problem code `{name}`")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_from_its_name() {
        for &code in Code::ALL {
            assert_eq!(Code::parse(code.as_str()), Some(code));
            assert!(!code.meaning().is_empty());
        }
        assert_eq!(Code::parse("nope"), None);
    }

    #[test]
    fn the_readme_lists_every_code_with_its_meaning() {
        let readme = include_str!("../../README.md");
        for &code in Code::ALL {
            let row = format!("| `{}` | {} |", code.as_str(), code.meaning());
            assert!(readme.contains(&row), "README.md lacks the row {row}");
        }
    }
}
