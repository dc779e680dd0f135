//! Exported pages found in `content/` into entries: the same reader, merge and native
//! text as `glossa import` ([`crate::exported`]), each draft then parsed as the native
//! entry it would be ([`parse_entry`]), so import-then-build and build-on-exports give the
//! same site.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::{parse_entry, CONTENT_DIR};
use crate::config::Config;
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::exported::merge::{self, Input};
use crate::exported::native::{names, render, Context};
use crate::exported::reader;
use crate::exported::url::Key;
use crate::model::{Entry, SourceId};

/// The loader's path for exported pages found in `content/`: the same reader, merge and
/// rendering as `glossa import`, each draft then parsed as the native entry it would be.
/// `exports` are (source id, path shown, text); `native` the keys of native entries, which
/// win over exported pages of the same key.
pub(super) fn entries_from_exports(
    exports: &[(SourceId, PathBuf, Arc<str>)],
    native: &HashSet<Key>,
    config: &Config,
) -> (Vec<Entry>, Vec<Diagnostic>) {
    let inputs: Vec<Input> = exports
        .par_iter()
        .map(|(_, path, text)| Input {
            path: path.clone(),
            text: Arc::clone(text),
            page: reader::read(text),
        })
        .collect();
    let merged = merge::merge(&inputs);
    let mut diagnostics = merged.diagnostics;
    for s in merged.skipped {
        diagnostics.push(Diagnostic::error(Code::Import, s.reason, &s.path));
    }
    let ids: HashMap<&Path, SourceId> = exports
        .iter()
        .map(|(id, path, _)| (path.as_path(), *id))
        .collect();
    let (ambiguous, known) = names(&merged.drafts, native.iter());
    let ctx = Context {
        ambiguous: &ambiguous,
        known: &known,
        origins: &merged.origins,
    };
    let mut entries = Vec::with_capacity(merged.drafts.len());
    for d in &merged.drafts {
        let Some(first) = d.origins.first() else {
            continue;
        };
        let source = ids.get(first.path.as_path()).copied().unwrap_or(0);
        if native.contains(&d.key) {
            if !d.stub {
                diagnostics.push(
                    Diagnostic::warning(
                        Code::ImportShadowed,
                        format!(
                            "exported page of `{}` ignored: a native entry has the same key",
                            d.key
                        ),
                        &first.path,
                    )
                    .at_line(first.line),
                );
            }
            continue;
        }
        let text: Arc<str> = Arc::from(render(d, &ctx));
        let shown = entry_path(&d.key);
        match parse_entry(&text, &shown, Some(d.key.kind), config) {
            Ok((mut entry, _warnings)) => {
                entry.source = source;
                entry.body_offset = 0;
                for r in entry.related.iter_mut().chain(entry.areas.iter_mut()) {
                    r.span = None;
                }
                entries.push(entry);
            }
            Err(errors) => {
                for e in errors {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::Import,
                            format!("`{}`: {}", d.key, e.message),
                            &first.path,
                        )
                        .at_line(first.line),
                    );
                }
            }
        }
    }
    (entries, diagnostics)
}

/// The file a new entry is written to: `content/<kind folder>/<slug>.md`.
pub fn entry_path(key: &Key) -> PathBuf {
    Path::new(CONTENT_DIR)
        .join(key.kind.folder())
        .join(format!("{}.md", key.slug))
}
#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::exported::native::{sample_draft, test_key};
    use crate::model::Kind;

    #[test]
    fn renders_a_native_entry_that_loads_back() {
        let ambiguous: HashSet<String> = ["funding".to_string()].into();
        let known: HashSet<Key> = [
            test_key(Kind::Term, "basis"),
            test_key(Kind::Area, "funding"),
            test_key(Kind::Definition, "premium-index"),
        ]
        .into();
        let origins: BTreeSet<String> = ["https://g.test".to_string()].into();
        let ctx = Context {
            ambiguous: &ambiguous,
            known: &known,
            origins: &origins,
        };
        let text = render(&sample_draft(), &ctx);
        assert!(text.contains("related = [\"basis\"]\n"), "{text}");
        assert!(text.contains("areas = [\"area/funding\"]\n"), "{text}");
        assert!(text.contains("date = 2026-01-02T03:04:05Z\n"), "{text}");
        assert!(text.contains("[Basis](/term/basis/)"), "{text}");
        assert!(
            text.contains("[Other](https://g.test/term/other/)"),
            "{text}"
        );
        let (entry, _) = parse_entry(
            &std::sync::Arc::from(text.as_str()),
            Path::new("content/definitions/premium-index.md"),
            Some(Kind::Definition),
            &crate::config::Config::default(),
        )
        .unwrap();
        assert_eq!(entry.title, "Premium \"Index\"");
        assert_eq!(entry.date.unwrap().iso(), "2026-01-02T03:04:05Z");
        assert_eq!(entry.image.unwrap().width, Some(640));
        assert_eq!(
            entry.source_url.as_deref(),
            Some("https://g.test/definition/premium-index/")
        );
        assert!(!entry.stub);
    }
}
