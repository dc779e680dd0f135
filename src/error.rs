//! The library's error type: what stops a command outright.
//!
//! Problems in content are not errors of this kind: they are [`Diagnostic`]s, collected so
//! that every one is reported at once. An [`Error`] is for what makes going on pointless
//! (an unreadable configuration, a failed write, a broken template).

use std::path::PathBuf;

use crate::diagnostics::Diagnostic;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// `glossa.toml` is invalid.
    #[error("{}", .0.message)]
    Config(Box<Diagnostic>),

    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },

    /// A template failed to parse or render; the message holds tera's whole cause chain.
    #[error("template error: {0}")]
    Template(String),

    /// The command was asked something it cannot do (e.g. `init` into a non-empty folder).
    #[error("{0}")]
    Usage(String),

    /// The search index could not be written or read: `message` is what is printed
    /// (tantivy's message, after the folder when it is known, or what else went wrong),
    /// `source` tantivy's error when it is one.
    #[error("search index: {message}")]
    Index {
        message: String,
        #[source]
        source: Option<tantivy::TantivyError>,
    },

    /// `glossa search` found no index.
    #[error("no search index in {}: run `glossa build` first", .0.display())]
    NoIndex(PathBuf),

    /// A search query cannot be run.
    #[error("invalid query: {0}")]
    Query(String),

    /// `glossa serve` found its port taken.
    #[error("port {port} on 127.0.0.1 is in use; pass --port N or --port 0")]
    PortInUse { port: u16 },

    /// `glossa serve` could not listen or serve.
    #[error("cannot serve on 127.0.0.1:{port}: {source}")]
    Listen { port: u16, source: std::io::Error },

    /// A sheet, JSON or TBX file that cannot be read past a point (not UTF-8, a quote
    /// never closed, entities declared): nothing was imported.
    #[error("{}:{line}: {message}; nothing was imported", path.display())]
    Termbase {
        path: PathBuf,
        line: usize,
        message: String,
    },

    /// Content errors were reported; the output was left as it was.
    #[error("{errors} error(s) found; {} was left unchanged", output.display())]
    BuildFailed { errors: usize, output: PathBuf },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn read(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Read {
            path: path.into(),
            source,
        }
    }

    pub fn write(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Write {
            path: path.into(),
            source,
        }
    }

    /// tantivy's error on the search index.
    pub fn index(source: tantivy::TantivyError) -> Self {
        Error::Index {
            message: source.to_string(),
            source: Some(source),
        }
    }

    /// tantivy's error on the search index in `dir`.
    pub fn index_in(dir: &std::path::Path, source: tantivy::TantivyError) -> Self {
        Error::Index {
            message: format!("{}: {source}", dir.display()),
            source: Some(source),
        }
    }

    /// Something else that went wrong with the search index.
    pub fn index_message(message: impl Into<String>) -> Self {
        Error::Index {
            message: message.into(),
            source: None,
        }
    }

    /// Formats a tera error with every cause (tera puts the useful part in the sources).
    pub(crate) fn template(e: tera::Error) -> Self {
        let mut message = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            message.push_str(": ");
            message.push_str(&s.to_string());
            source = s.source();
        }
        Error::Template(message)
    }
}
