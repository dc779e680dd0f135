//! The values of the command line's options, as clap reads them, and what they mean to
//! the library.

use clap::ValueEnum;
use glossa::model::Kind;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum TermFormatArg {
    Csv,
    Tsv,
    Json,
    Tbx,
}

impl From<TermFormatArg> for glossa::termbase::Format {
    fn from(arg: TermFormatArg) -> Self {
        use glossa::termbase::Format;
        match arg {
            TermFormatArg::Csv => Format::Csv,
            TermFormatArg::Tsv => Format::Tsv,
            TermFormatArg::Json => Format::Json,
            TermFormatArg::Tbx => Format::Tbx,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum SearchFormatArg {
    /// One document a line (Quickwit, Meilisearch).
    Plain,
    /// Action and document lines for the OpenSearch/Elasticsearch _bulk API.
    Bulk,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum CheckFormat {
    /// rustc-style messages on stderr.
    Human,
    /// One JSON document on stdout, for editors and CI.
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum KindArg {
    Term,
    Definition,
    Area,
}

impl From<KindArg> for Kind {
    fn from(arg: KindArg) -> Kind {
        match arg {
            KindArg::Term => Kind::Term,
            KindArg::Definition => Kind::Definition,
            KindArg::Area => Kind::Area,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum FromArg {
    Hugo,
    Zola,
    Jekyll,
    Docusaurus,
    Mkdocs,
    Mdn,
}

impl From<FromArg> for glossa::foreign::Shape {
    fn from(arg: FromArg) -> Self {
        use glossa::foreign::Shape;
        match arg {
            FromArg::Hugo => Shape::Hugo,
            FromArg::Zola => Shape::Zola,
            FromArg::Jekyll => Shape::Jekyll,
            FromArg::Docusaurus => Shape::Docusaurus,
            FromArg::Mkdocs => Shape::Mkdocs,
            FromArg::Mdn => Shape::Mdn,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum ImportKindArg {
    Auto,
    Term,
    Definition,
}

/// `name=value`.
pub(crate) fn parse_param(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!("`{s}` is not NAME=VALUE")),
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum FormatArg {
    /// One JSON-LD document with an @graph.
    Graph,
    /// One node per line.
    Ndjson,
}
