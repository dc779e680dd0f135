//! Reading the fields of a front-matter table: each checked against its type, every
//! problem collected with the byte range it points at.

use std::ops::Range;

use toml::Value;

use super::{
    is_valid_slug, mapped_key, redirect_path, slugify, suggest, FieldError, FrontMatter, Split,
    IMAGE_KEYS, KEYS,
};
use crate::model::{Date, Image, Kind, LinkCase, SlugRef, Spans};

/// Reads a parsed front-matter `table` of `split` (offsets into `text`).
pub(super) fn read(
    text: &str,
    split: &Split<'_>,
    table: toml::Table,
) -> Result<FrontMatter, Vec<FieldError>> {
    let fields = Fields {
        text,
        split,
        errors: Vec::new(),
    };
    fields.read(table)
}

struct Fields<'a> {
    text: &'a str,
    split: &'a Split<'a>,
    errors: Vec<FieldError>,
}

impl Fields<'_> {
    fn read(mut self, mut table: toml::Table) -> Result<FrontMatter, Vec<FieldError>> {
        let mut fm = FrontMatter {
            title: self.string(&mut table, "title"),
            description: self.string(&mut table, "description"),
            date: self.date(&mut table, "date"),
            updated: self.date(&mut table, "updated"),
            aliases: Vec::new(),
            related: self.slug_refs(&mut table, "related"),
            areas: self.slug_refs(&mut table, "areas"),
            draft: self.boolean(&mut table, "draft").unwrap_or(false),
            image: self.image(&mut table),
            kind: None,
            slug: None,
            autolink: self.boolean(&mut table, "autolink"),
            link_case: LinkCase::Auto,
            autolink_target: self.boolean(&mut table, "autolink_target"),
            link_names: table.contains_key("link_names").then(Vec::new),
            disambiguation: self.boolean(&mut table, "disambiguation").unwrap_or(false),
            author: self.string(&mut table, "author"),
            spans: Spans::default(),
            extra: toml::Table::new(),
            stub: self.boolean(&mut table, "stub").unwrap_or(false),
            source_url: self.string(&mut table, "source_url"),
            redirect_from: Vec::new(),
        };
        fm.redirect_from = self.redirects(&mut table);
        self.link_fields(&mut table, &mut fm);
        for (alias, span) in self.strings(&mut table, "aliases") {
            fm.aliases.push(alias);
            fm.spans.aliases.push(span);
        }
        fm.spans.title = fm
            .title
            .as_deref()
            .and_then(|t| self.value_span("title", t));
        fm.spans.description = fm
            .description
            .as_deref()
            .and_then(|d| self.value_span("description", d));
        if let Some(kind) = self.string(&mut table, "kind") {
            fm.kind = Kind::parse(&kind);
            if fm.kind.is_none() {
                self.error(
                    "kind",
                    format!("unknown kind `{kind}`"),
                    "expected `term`, `definition` or `area`",
                    None,
                );
            }
        }
        if let Some(slug) = self.string(&mut table, "slug") {
            let span = self.value_span("slug", &slug);
            if !is_valid_slug(&slug) {
                let message = format!("invalid slug `{slug}`");
                self.errors.push(invalid_slug(message, span.clone(), &slug));
            }
            fm.slug = Some((slug, span));
        }
        if let Some(title) = &fm.title {
            if title.trim().is_empty() {
                self.error("title", "`title` is empty".into(), "", None);
            }
        }
        match table.remove("extra") {
            None => {}
            Some(Value::Table(extra)) => fm.extra = extra,
            Some(other) => self.type_error("extra", "a table", &other),
        }
        let mut unknown: Vec<_> = table.keys().cloned().collect();
        unknown.sort();
        for key in unknown {
            let span = self.key_span(&key);
            self.errors.push(unknown_key(&key, span));
        }
        if self.errors.is_empty() {
            Ok(fm)
        } else {
            self.errors
                .sort_by_key(|e| e.span.as_ref().map_or(0, |s| s.start));
            Err(self.errors)
        }
    }

    /// `redirect_from`: each old URL checked and normalised.
    fn redirects(&mut self, table: &mut toml::Table) -> Vec<(String, Option<Range<usize>>)> {
        let mut out = Vec::new();
        for (url, span) in self.strings(table, "redirect_from") {
            match redirect_path(&url) {
                Ok(path) => out.push((path, span)),
                Err(refused) => self.errors.push(FieldError {
                    message: format!("`redirect_from`: {}", refused.reason),
                    span: span.or_else(|| self.key_span("redirect_from")),
                    label: "old URLs are written as site paths".into(),
                    help: Some(refused.help.into()),
                }),
            }
        }
        out
    }

    /// What automatic links may do with this entry: `link_case`, `link_names`.
    fn link_fields(&mut self, table: &mut toml::Table, fm: &mut FrontMatter) {
        if let Some(names) = &mut fm.link_names {
            names.extend(
                self.strings(table, "link_names")
                    .into_iter()
                    .map(|(n, _)| n),
            );
        }
        if let Some(case) = self.string(table, "link_case") {
            match LinkCase::parse(&case) {
                Some(c) => fm.link_case = c,
                None => self.error(
                    "link_case",
                    format!("unknown `link_case` `{case}`"),
                    "expected `exact`, `any` or `auto`",
                    None,
                ),
            }
        }
    }

    fn error(&mut self, key: &str, message: String, label: &str, help: Option<String>) {
        self.errors.push(FieldError {
            message,
            span: self.key_span(key),
            label: label.to_string(),
            help,
        });
    }

    fn type_error(&mut self, key: &str, expected: &str, found: &Value) {
        let message = format!("`{key}` must be {expected}, found {}", describe(found));
        self.error(key, message, "", None);
    }

    /// The byte range of the first line that sets `key` (`key =` or `key:`), or of a
    /// `[key]` table header.
    fn key_span(&self, key: &str) -> Option<Range<usize>> {
        let mut offset = self.split.front_offset;
        for line in self.split.front.split_inclusive('\n') {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            let bare = trimmed.trim_start_matches('"').trim_start_matches('\'');
            let quoted = trimmed.len() - bare.len();
            if let Some(rest) = bare.strip_prefix(key) {
                let rest = rest.trim_start_matches(['"', '\'']).trim_start();
                if rest.starts_with('=') || rest.starts_with(':') {
                    let start = offset + indent + quoted;
                    return Some(start..start + key.len());
                }
            }
            if trimmed.trim_end() == format!("[{key}]") {
                let start = offset + indent;
                return Some(start..start + key.len() + 2);
            }
            offset += line.len();
        }
        None
    }

    /// Where a value of `key` is written: searched for from the key's line onwards.
    fn value_span(&self, key: &str, value: &str) -> Option<Range<usize>> {
        self.value_span_after(key, value, None)
    }

    /// [`Self::value_span`] searched from `after` (the end of the list's previous value)
    /// when given, so a list's values are found in one pass over the text.
    fn value_span_after(
        &self,
        key: &str,
        value: &str,
        after: Option<usize>,
    ) -> Option<Range<usize>> {
        let from = match after {
            Some(offset) => offset,
            None => self.key_span(key)?.start,
        };
        let end = self.split.front_offset + self.split.front.len();
        let found = self.text[from..end].find(value)?;
        Some(from + found..from + found + value.len())
    }

    fn string(&mut self, table: &mut toml::Table, key: &str) -> Option<String> {
        match table.remove(key)? {
            Value::String(s) => Some(s),
            other => {
                self.type_error(key, "a string", &other);
                None
            }
        }
    }

    fn boolean(&mut self, table: &mut toml::Table, key: &str) -> Option<bool> {
        match table.remove(key)? {
            Value::Boolean(b) => Some(b),
            Value::String(s) if s == "true" || s == "false" => Some(s == "true"),
            other => {
                self.type_error(key, "`true` or `false`", &other);
                None
            }
        }
    }

    fn date(&mut self, table: &mut toml::Table, key: &str) -> Option<Date> {
        let raw = match table.remove(key)? {
            Value::Datetime(d) => d.to_string(),
            Value::String(s) => s,
            other => {
                self.type_error(key, "a date like 2026-01-29", &other);
                return None;
            }
        };
        let parsed = Date::parse(&raw);
        if parsed.is_none() {
            let span = self.value_span(key, &raw).or_else(|| self.key_span(key));
            self.errors.push(FieldError {
                message: format!("`{key}` is not a valid date: `{raw}`"),
                span,
                label: "expected YYYY-MM-DD or an RFC 3339 date-time".into(),
                help: None,
            });
        }
        parsed
    }

    /// A list of strings; a single string is accepted as a list of one.
    fn strings(
        &mut self,
        table: &mut toml::Table,
        key: &str,
    ) -> Vec<(String, Option<Range<usize>>)> {
        let items = match table.remove(key) {
            None => return Vec::new(),
            Some(Value::Array(items)) => items,
            Some(Value::String(s)) => vec![Value::String(s)],
            Some(other) => {
                self.type_error(key, "a list of strings", &other);
                return Vec::new();
            }
        };
        let mut out = Vec::with_capacity(items.len());
        let mut after = None;
        for item in items {
            match item {
                Value::String(s) => {
                    let span = self
                        .value_span_after(key, &s, after)
                        .or_else(|| self.value_span(key, &s));
                    after = span.as_ref().map(|r| r.end).or(after);
                    out.push((s, span));
                }
                other => self.type_error(key, "a list of strings", &other),
            }
        }
        out
    }

    fn slug_refs(&mut self, table: &mut toml::Table, key: &str) -> Vec<SlugRef> {
        let mut refs = Vec::new();
        for (raw, span) in self.strings(table, key) {
            let (kind, slug) = match raw.split_once('/') {
                Some((k, s)) => match Kind::parse(k) {
                    Some(kind) => (Some(kind), s.to_string()),
                    None => (None, raw.clone()),
                },
                None => (None, raw.clone()),
            };
            if !is_valid_slug(&slug) {
                let message = format!("invalid slug `{raw}` in `{key}`");
                self.errors.push(invalid_slug(message, span, &slug));
                continue;
            }
            refs.push(SlugRef { kind, slug, span });
        }
        refs
    }

    fn image(&mut self, table: &mut toml::Table) -> Option<Image> {
        let mut t = match table.remove("image")? {
            Value::Table(t) => t,
            Value::String(url) => {
                return Some(Image {
                    url,
                    caption: String::new(),
                    width: None,
                    height: None,
                })
            }
            other => {
                self.type_error(
                    "image",
                    "a table with `url`, `caption`, `width`, `height`",
                    &other,
                );
                return None;
            }
        };
        let url = match t.remove("url") {
            Some(Value::String(s)) if !s.trim().is_empty() => s,
            Some(other @ Value::String(_)) | Some(other) => {
                self.type_error("url", "a non-empty string", &other);
                return None;
            }
            None => {
                self.error("image", "`image` needs a `url`".into(), "", None);
                return None;
            }
        };
        let caption = match t.remove("caption") {
            None => String::new(),
            Some(Value::String(s)) => s,
            Some(other) => {
                self.type_error("caption", "a string", &other);
                String::new()
            }
        };
        let mut dimension = |name: &str, t: &mut toml::Table| match t.remove(name) {
            None => None,
            Some(Value::Integer(n)) if (1..=100_000).contains(&n) => Some(n as u32),
            Some(other) => {
                self.type_error(name, "a whole number of pixels (1 to 100000)", &other);
                None
            }
        };
        let width = dimension("width", &mut t);
        let height = dimension("height", &mut t);
        for key in t.keys() {
            let help =
                suggest(key, IMAGE_KEYS.iter().copied()).map(|s| format!("did you mean `{s}`?"));
            self.error(key, format!("unknown key `{key}` in `image`"), "", help);
        }
        Some(Image {
            url,
            caption,
            width,
            height,
        })
    }
}

/// The error for a key glossa does not know: what it could map to (another generator's
/// name for a glossa key, or a likely typo), else where custom data goes.
pub(super) fn unknown_key(key: &str, span: Option<Range<usize>>) -> FieldError {
    let help = match mapped_key(key).or_else(|| suggest(key, KEYS.iter().copied())) {
        Some(to) => format!(
            "did you mean `{to}`? (`glossa import` maps other generators' keys; custom data goes under `[extra]`)"
        ),
        None => "custom data goes under `[extra]`, where templates can read it".into(),
    };
    FieldError {
        message: format!("unknown front-matter key `{key}`"),
        span,
        label: String::new(),
        help: Some(help),
    }
}

fn describe(v: &Value) -> String {
    match v {
        Value::String(s) => format!("the string {s:?}"),
        Value::Integer(i) => format!("the number {i}"),
        Value::Float(f) => format!("the number {f}"),
        Value::Boolean(b) => format!("`{b}`"),
        Value::Datetime(d) => format!("the date {d}"),
        Value::Array(_) => "a list".into(),
        Value::Table(_) => "a table".into(),
    }
}

/// The error for an invalid slug, suggesting the slug of its last path segment
/// (`Glossary/Abstraction` → `abstraction`), or nothing when that is empty (`..`).
fn invalid_slug(message: String, span: Option<Range<usize>>, slug: &str) -> FieldError {
    let last = slug
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(slug);
    let suggestion = slugify(last);
    FieldError {
        message,
        span,
        label: "a slug is lower-case ASCII letters, digits and single hyphens".into(),
        help: (!suggestion.is_empty()).then(|| format!("try `{suggestion}`")),
    }
}
