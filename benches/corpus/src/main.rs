//! `glossa-corpus --n 10000 --seed 42 --out DIR [--format native|hugo|export|all]`

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, ValueEnum};
use glossa_corpus::{generate, Formats, Options, MIN_ENTRIES};

/// Writes a deterministic benchmark glossary: the same --n and --seed give byte-identical
/// files on every run and machine.
#[derive(Parser, Debug)]
#[command(name = "glossa-corpus", version)]
struct Cli {
    /// Number of entries: n/10 areas, n*6/10 terms, the rest definitions.
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(MIN_ENTRIES as u64..))]
    n: u64,
    /// Seed of the random generator.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Output folder: sites are written to DIR/native, DIR/hugo and DIR/export (replacing
    /// earlier output of this tool, never a folder it did not write).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// What to write.
    #[arg(long, value_enum, default_value_t = Format::Native)]
    format: Format,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// A glossa site (DIR/native).
    Native,
    /// The equivalent Hugo site (DIR/hugo).
    Hugo,
    /// Exported pages of a glossary site, what `glossa import` reads (DIR/export).
    Export,
    /// native, hugo and export.
    All,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let formats = Formats {
        native: matches!(cli.format, Format::Native | Format::All),
        hugo: matches!(cli.format, Format::Hugo | Format::All),
        export: matches!(cli.format, Format::Export | Format::All),
    };
    let options = Options {
        n: cli.n as usize,
        seed: cli.seed,
        out: cli.out,
        formats,
    };
    let start = Instant::now();
    match generate(&options) {
        Ok(stats) => {
            eprintln!(
                "wrote {} files ({:.1} MB, {} body words) to {} in {} ms",
                stats.files,
                stats.bytes as f64 / 1e6,
                stats.words,
                options.out.display(),
                start.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
