//! `glossa.toml`: the site's configuration.
//!
//! Every key has a default, so an empty file (or none at all) is a valid site. Unknown keys
//! are errors that name the key and point at its line.

use std::path::Path;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Code, Level};

use crate::diagnostics::Diagnostic;

/// The name of the configuration file at a site's root.
pub const CONFIG_FILE: &str = "glossa.toml";

/// The whole configuration.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The site's name, shown in the header and used as the publisher.
    pub title: String,
    /// One or two sentences about the site (home page meta description).
    pub description: String,
    /// The absolute URL the site is served from, e.g. `https://glossary.example.org/docs/`.
    pub base_url: String,
    /// BCP 47 language tag of the content.
    pub language: String,
    /// Default author of entries.
    pub author: String,
    /// Publish files that a symlink in `content/`, `templates/` or `static/` takes outside
    /// the site's folder (refused by default, so a link to `/etc/passwd` is never copied
    /// into the output or served).
    pub allow_outside_links: bool,
    pub search: SearchConfig,
    pub links: LinksConfig,
    pub pagination: PaginationConfig,
    pub markdown: MarkdownConfig,
    pub render: RenderConfig,
    pub feed: FeedConfig,
    pub check: CheckConfig,
    pub api: ApiConfig,
    pub machines: MachinesConfig,
    pub sharing: SharingConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Glossary".into(),
            description: "A glossary built with glossa.".into(),
            base_url: "http://127.0.0.1:1111/".into(),
            language: "en".into(),
            author: "Editors".into(),
            allow_outside_links: false,
            search: SearchConfig::default(),
            links: LinksConfig::default(),
            pagination: PaginationConfig::default(),
            markdown: MarkdownConfig::default(),
            render: RenderConfig::default(),
            feed: FeedConfig::default(),
            check: CheckConfig::default(),
            api: ApiConfig::default(),
            machines: MachinesConfig::default(),
            sharing: SharingConfig::default(),
        }
    }
}

/// `[api]`: the JSON files a build writes beside the pages (`api/terms.json`, one per
/// entry).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct ApiConfig {
    /// Write them.
    pub enabled: bool,
}

impl Default for ApiConfig {
    fn default() -> Self {
        ApiConfig { enabled: true }
    }
}

/// `[machines]`: the files written beside the pages for language models and other
/// programs: `llms.txt` and a markdown copy of every entry (`term/x/index.md`).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct MachinesConfig {
    /// Write `llms.txt`, the site's index in markdown.
    pub llms_txt: bool,
    /// Write a markdown copy beside every entry's page, linked from its head.
    pub markdown: bool,
}

impl Default for MachinesConfig {
    fn default() -> Self {
        MachinesConfig {
            llms_txt: true,
            markdown: true,
        }
    }
}

/// `[sharing]`: what social networks and devices show of the site (Open Graph image,
/// icons, theme colours).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct SharingConfig {
    /// Render a PNG card (title, kind, site name) for every entry as its `og:image`.
    pub cards: bool,
    /// `theme-color` (and the manifest's) in light mode.
    pub theme_color: String,
    /// `theme-color` in dark mode.
    pub theme_color_dark: String,
    /// The manifest's `background_color`.
    pub background_color: String,
}

impl Default for SharingConfig {
    fn default() -> Self {
        SharingConfig {
            cards: false,
            theme_color: "#fdfdfc".into(),
            theme_color_dark: "#111418".into(),
            background_color: "#fdfdfc".into(),
        }
    }
}

/// `[search]`: full-text search settings.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct SearchConfig {
    /// Fields searched, among `title`, `aliases`, `description`, `body`.
    pub fields: Vec<String>,
    pub boosts: Boosts,
    /// Characters of excerpt shown with a result.
    pub snippet_length: usize,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            fields: ["title", "aliases", "description", "body"]
                .map(String::from)
                .to_vec(),
            boosts: Boosts::default(),
            snippet_length: 160,
        }
    }
}

/// `[search.boosts]`: weight of a match in each field.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Boosts {
    pub title: f32,
    pub aliases: f32,
    pub description: f32,
    pub body: f32,
}

impl Default for Boosts {
    fn default() -> Self {
        Boosts {
            title: 4.0,
            aliases: 3.0,
            description: 1.5,
            body: 1.0,
        }
    }
}

/// `[links]`: automatic links between entries.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct LinksConfig {
    /// Link the first mention of another entry's title or alias.
    pub autolink: bool,
    /// At most this many automatic links on one page.
    pub max_per_page: usize,
    /// Titles and aliases shorter than this (in characters) are never auto-linked.
    pub min_title_length: usize,
    /// Also link the plural of a name's last word (English).
    pub word_forms: bool,
    /// A name that is one everyday English word (`Key`, `Order`) links only where the text
    /// writes it capitalised in mid-sentence (English sites: `language` `en…`).
    pub everyday_words: bool,
    /// How frequent a word must be in English to count as everyday (Zipf scale, 4.0–8.0).
    pub everyday_zipf: f32,
    /// The kinds of entry prose links to automatically (`term`, `definition`, `area`).
    pub target_kinds: Vec<String>,
    /// "See also" lists up to this many similar entries.
    pub see_also: usize,
    /// "See also" is shown on entries with fewer explicit relations than this.
    pub see_also_max_related: usize,
    /// A card with the title, kind and description of the entry a link goes to, shown on
    /// hover, keyboard focus or a first tap (entry and area pages; data in each page).
    pub previews: bool,
}

impl Default for LinksConfig {
    fn default() -> Self {
        LinksConfig {
            autolink: true,
            max_per_page: 20,
            min_title_length: 3,
            word_forms: true,
            everyday_words: true,
            everyday_zipf: 4.5,
            target_kinds: vec!["term".into(), "definition".into(), "area".into()],
            see_also: 5,
            see_also_max_related: 12,
            previews: true,
        }
    }
}

/// `[pagination]`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct PaginationConfig {
    /// Entries listed on one area page (and one page of a kind index).
    pub page_size: usize,
    /// Past this many entries the A–Z index is one page per letter (0: always one page).
    pub glossary_split: usize,
}

impl Default for PaginationConfig {
    fn default() -> Self {
        PaginationConfig {
            page_size: 30,
            glossary_split: 1000,
        }
    }
}

/// `[markdown]`.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Pass raw HTML in markdown through (otherwise it is shown as text).
    pub unsafe_html: bool,
}

/// `[render]`: what entry pages show besides the body.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct RenderConfig {
    /// An entry whose body has at least this many level-2 and level-3 headings gets a
    /// table of contents (0: never).
    pub toc_min_headings: usize,
    /// "Referenced by" links at most this many of the entries linking to an entry, then
    /// says how many more (0: the section is not shown).
    pub referenced_by_max: usize,
}

impl Default for RenderConfig {
    fn default() -> Self {
        RenderConfig {
            toc_min_headings: 3,
            referenced_by_max: 40,
        }
    }
}

/// `[feed]`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct FeedConfig {
    /// Newest entries in `atom.xml`.
    pub limit: usize,
}

impl Default for FeedConfig {
    fn default() -> Self {
        FeedConfig { limit: 20 }
    }
}

/// `[check]`: what `glossa check` reports and how seriously.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct CheckConfig {
    /// Descriptions longer than this (in characters) are reported.
    pub max_description_length: usize,
    /// Level of each problem code: `error`, `warning` or `allow` (see `glossa check`).
    pub levels: BTreeMap<String, Level>,
    pub external: ExternalConfig,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            max_description_length: 200,
            levels: BTreeMap::new(),
            external: ExternalConfig::default(),
        }
    }
}

/// `[check.external]`: how `glossa check --external` checks links to other sites.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct ExternalConfig {
    /// Seconds one request may take, connecting included.
    pub timeout_seconds: f64,
    /// Tries after the first for timeouts, dropped connections, 5xx and 429 answers.
    pub retries: u32,
    /// Requests under way at once.
    pub concurrency: usize,
    /// Requests under way at once to one host (name and port).
    pub per_host: usize,
    /// Days a link that worked is not checked again (0: always checked).
    pub cache_days: f64,
    /// Regular expressions; a URL any of them matches (anywhere in it) is not checked.
    pub skip: Vec<String>,
}

impl Default for ExternalConfig {
    fn default() -> Self {
        ExternalConfig {
            timeout_seconds: 10.0,
            retries: 2,
            concurrency: 8,
            per_host: 2,
            cache_days: 7.0,
            skip: Vec::new(),
        }
    }
}

impl ExternalConfig {
    /// The first setting that cannot be used: its message and key.
    fn invalid(&self) -> Option<(String, &'static str)> {
        let t = self.timeout_seconds;
        if !t.is_finite() || t <= 0.0 || t > 3600.0 {
            return Some((
                "`check.external.timeout_seconds` must be above 0 and at most 3600".into(),
                "timeout_seconds",
            ));
        }
        if !self.cache_days.is_finite() || self.cache_days < 0.0 {
            return Some((
                "`check.external.cache_days` must be 0 or more".into(),
                "cache_days",
            ));
        }
        for (value, key) in [
            (self.concurrency, "concurrency"),
            (self.per_host, "per_host"),
        ] {
            if !(1..=256).contains(&value) {
                return Some((
                    format!("`check.external.{key}` must be between 1 and 256"),
                    key,
                ));
            }
        }
        if self.retries > 10 {
            return Some((
                "`check.external.retries` must be at most 10".into(),
                "retries",
            ));
        }
        self.skip.iter().find_map(|pattern| {
            regex::Regex::new(pattern).err().map(|e| {
                let e = e.to_string();
                let why = e.lines().last().unwrap_or("").trim();
                (
                    format!(
                        "`check.external.skip`: `{pattern}` is not a regular expression ({why})"
                    ),
                    "skip",
                )
            })
        })
    }
}

/// Parses a configuration file's text. `path` is only used in diagnostics.
pub fn parse(text: &str, path: &Path) -> Result<Config, Box<Diagnostic>> {
    let mut config: Config = toml::from_str(text).map_err(|e| {
        let message = e.message().trim_end().to_string();
        let message = match message.strip_prefix("unknown field ") {
            Some(rest) => format!("unknown configuration key {rest}"),
            None => format!("invalid configuration: {message}"),
        };
        Box::new(Diagnostic::error(Code::Config, message, path).with_span(text, e.span()))
    })?;
    config.validate().map_err(|(msg, key)| {
        let span = key_span(text, key);
        Box::new(Diagnostic::error(Code::Config, msg, path).with_span(text, span))
    })?;
    Ok(config)
}

/// Reads `glossa.toml` from a site root; a missing file gives the defaults.
pub fn read(root: &Path) -> Result<Config, Box<Diagnostic>> {
    let error = |message: String| Box::new(Diagnostic::error(Code::Config, message, CONFIG_FILE));
    match std::fs::read(root.join(CONFIG_FILE)) {
        Ok(bytes) => {
            let text = String::from_utf8(bytes)
                .map_err(|_| error("configuration file is not valid UTF-8".into()))?;
            parse(&text, Path::new(CONFIG_FILE))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(e) => Err(error(format!("cannot read: {e}"))),
    }
}

impl Config {
    /// Checks values serde cannot: the base URL's shape, sizes, field names.
    /// Returns the message and the offending key.
    fn validate(&mut self) -> Result<(), (String, &'static str)> {
        self.base_url = normalize_base_url(&self.base_url).map_err(|m| (m, "base_url"))?;
        if self.pagination.page_size == 0 {
            return Err((
                "`pagination.page_size` must be at least 1".into(),
                "page_size",
            ));
        }
        for field in &self.search.fields {
            if !["title", "aliases", "description", "body"].contains(&field.as_str()) {
                return Err((
                    format!(
                        "unknown search field `{field}`, expected `title`, `aliases`, `description` or `body`"
                    ),
                    "fields",
                ));
            }
        }
        for kind in &self.links.target_kinds {
            if !["term", "definition", "area"].contains(&kind.as_str()) {
                return Err((
                    format!(
                        "unknown kind `{kind}` in `[links] target_kinds`, expected `term`, `definition` or `area`"
                    ),
                    "target_kinds",
                ));
            }
        }
        if !(4.0..=8.0).contains(&self.links.everyday_zipf) {
            return Err((
                "`[links] everyday_zipf` must be between 4.0 and 8.0 (the Zipf scale: `the` is 7.7, `service` 5.5)".into(),
                "everyday_zipf",
            ));
        }
        for code in self.check.levels.keys() {
            if Code::parse(code).is_none() {
                let known: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
                return Err((
                    format!(
                        "unknown problem code `{code}` in `[check.levels]`; known codes: {}",
                        known.join(", ")
                    ),
                    "levels",
                ));
            }
        }
        if let Some(invalid) = self.check.external.invalid() {
            return Err(invalid);
        }
        let b = &self.search.boosts;
        if [b.title, b.aliases, b.description, b.body]
            .iter()
            .any(|v| !v.is_finite() || *v < 0.0)
        {
            return Err((
                "search boosts must be non-negative numbers".into(),
                "boosts",
            ));
        }
        Ok(())
    }

    /// The path part of `base_url`, always starting and ending with `/`.
    pub fn base_path(&self) -> String {
        url::Url::parse(&self.base_url)
            .map(|u| u.path().to_string())
            .unwrap_or_else(|_| "/".into())
    }
}

/// Checks that a base URL is absolute http(s) and gives it a trailing slash.
pub fn normalize_base_url(raw: &str) -> Result<String, String> {
    let mut url = url::Url::parse(raw.trim()).map_err(|e| {
        format!("`base_url` must be an absolute URL such as https://example.org/ ({e})")
    })?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(format!(
            "`base_url` must use http or https, not `{}`",
            url.scheme()
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("`base_url` must not have a query or fragment".into());
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url.to_string())
}

/// Finds where `key` is written (for pointing at a value that failed validation).
fn key_span(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key) {
            if rest.trim_start().starts_with('=') {
                let start = offset + (line.len() - trimmed.len());
                return Some(start..start + key.len());
            }
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_gives_defaults() {
        let c = parse("", Path::new("glossa.toml")).unwrap();
        assert_eq!(c, Config::default());
        assert_eq!(c.base_path(), "/");
    }

    #[test]
    fn unknown_key_names_the_key_and_its_line() {
        let d = parse(
            "title = \"x\"\ncolour = \"red\"\n",
            Path::new("glossa.toml"),
        )
        .unwrap_err();
        assert!(d.message.contains("`colour`"), "{}", d.message);
        assert_eq!(d.location.as_ref().unwrap().line, 2);
    }

    #[test]
    fn unknown_nested_key_is_an_error() {
        let d = parse("[links]\nmax_links = 3\n", Path::new("glossa.toml")).unwrap_err();
        assert!(d.message.contains("`max_links`"), "{}", d.message);
    }

    #[test]
    fn base_url_gets_a_trailing_slash_and_path() {
        let c = parse(
            "base_url = \"https://x.org/docs\"",
            Path::new("glossa.toml"),
        )
        .unwrap();
        assert_eq!(c.base_url, "https://x.org/docs/");
        assert_eq!(c.base_path(), "/docs/");
    }

    #[test]
    fn external_settings_are_checked() {
        let c = parse(
            "[check.external]\ntimeout_seconds = 1.5\nskip = [\"^https://x\\\\.org/\"]\n",
            Path::new("glossa.toml"),
        )
        .unwrap();
        assert_eq!(c.check.external.timeout_seconds, 1.5);
        assert_eq!(c.check.external.skip, ["^https://x\\.org/"]);
        let bad = |text: &str| parse(text, Path::new("glossa.toml")).unwrap_err();
        let d = bad("[check.external]\nper_host = 0\n");
        assert!(d.message.contains("per_host"), "{}", d.message);
        assert_eq!(d.location.as_ref().unwrap().line, 2);
        let d = bad("[check.external]\nskip = [\"(\"]\n");
        assert!(
            d.message.contains("not a regular expression"),
            "{}",
            d.message
        );
        let d = bad("[check.external]\ntimeuot = 3\n");
        assert!(d.message.contains("`timeuot`"), "{}", d.message);
    }

    #[test]
    fn relative_base_url_is_rejected() {
        let d = parse("base_url = \"/docs/\"", Path::new("glossa.toml")).unwrap_err();
        assert!(d.message.contains("absolute"), "{}", d.message);
        assert_eq!(d.location.as_ref().unwrap().line, 1);
    }
}
