//! Hugo shortcodes into markdown.
//!
//! | shortcode | becomes |
//! | --- | --- |
//! | `glossary_tooltip text="x" term_id="y"` | `[x](/definition/y/)` (y's title when no text) |
//! | `glossary_definition term_id="y"` | a link to y with its title |
//! | `ref "x.md"`, `relref "x"` | the entry's URL (anchors kept) |
//! | `param "x"` | the page's `x`, else `--param x=…`, else the site configuration's |
//! | `figure src= alt= caption=` | an image, the caption in italics under it |
//! | `youtube`, `vimeo`, `gist` | a link to the video or gist |
//! | `note`, `warning`, `caution`, `tip`, `info`, `important`, `danger`, `alert`, `notice`, `callout`, `admonition` … `/…` | a blockquote starting `**Note:**` |
//! | `highlight lang` … `/highlight` | a fenced code block |
//! | `details summary=` … `/details` | the summary in bold, then the text |
//! | `comment` … `/comment` | nothing |
//!
//! A reference that names no imported entry stays readable: its text, with a warning.

use super::args::Args;
use super::body::Ctx;
use super::names::stem;
use super::templates::{link, Pair};

/// Callout shortcode names (Hugo themes and Docsy, Kubernetes' own).
pub(crate) const CALLOUTS: &[&str] = &[
    "note",
    "warning",
    "caution",
    "tip",
    "info",
    "important",
    "danger",
    "attention",
    "hint",
    "success",
    "error",
];

/// A paired shortcode's meaning.
pub(crate) fn pair(name: &str, args: &Args) -> Option<Pair> {
    if CALLOUTS.contains(&name) {
        return Some(Pair::Callout(
            name.into(),
            args.get("title").map(str::to_string),
        ));
    }
    Some(match name {
        "alert" | "notice" | "callout" | "admonition" => {
            let kind = args
                .named_or("type", 0)
                .or_else(|| args.get("color"))
                .unwrap_or("note");
            let kind = if CALLOUTS.contains(&kind.to_ascii_lowercase().as_str()) {
                kind
            } else {
                "note"
            };
            Pair::Callout(kind.into(), args.get("title").map(str::to_string))
        }
        "highlight" => Pair::Code(args.positional.first().cloned().unwrap_or_default()),
        "details" => Pair::Details(args.named_or("summary", 0).unwrap_or("Details").into()),
        "comment" => Pair::Remove,
        _ => return None,
    })
}

/// A single shortcode's markdown, or `None` to leave it.
pub(crate) fn single(name: &str, args: &Args, ctx: &mut Ctx<'_>, text: &str) -> Option<String> {
    match name {
        "glossary_tooltip" | "glossary_definition" => {
            let id = args.named_or("term_id", 0)?;
            let shown = args.get("text").filter(|t| !t.trim().is_empty());
            match ctx.targets.name(id) {
                Some(t) => {
                    ctx.count(&format!("{name} → link"));
                    Some(link(shown.unwrap_or(&t.title), &t.url()))
                }
                None => {
                    ctx.count(&format!("{name} → text (no such entry)"));
                    ctx.note(
                        text,
                        format!("`{name}` names `{id}`, which is not imported; its text is kept"),
                    );
                    Some(shown.unwrap_or(id).to_string())
                }
            }
        }
        "ref" | "relref" => {
            let target = args.named_or("path", 0)?;
            let (path, anchor) = match target.split_once('#') {
                Some((p, a)) => (p, format!("#{a}")),
                None => (target, String::new()),
            };
            if path.is_empty() {
                ctx.count(&format!("{name} → URL"));
                return Some(anchor);
            }
            let t = ctx
                .targets
                .path(ctx.root, ctx.rel, path, !path.starts_with('.'))
                .or_else(|| ctx.targets.name(&stem(path)))?;
            ctx.count(&format!("{name} → URL"));
            Some(format!("{}{anchor}", t.url()))
        }
        "param" => {
            let key = args.named_or("name", 0)?;
            match param(key, ctx) {
                Some(v) => {
                    ctx.count("param → value");
                    Some(v)
                }
                None => {
                    ctx.note(
                        text,
                        format!("`param \"{key}\"` has no value: give one with `--param {key}=…`"),
                    );
                    None
                }
            }
        }
        "figure" => {
            let src = args.named_or("src", 0)?;
            let alt = args.get("alt").or(args.get("title")).unwrap_or("");
            let mut s = format!("![{}]({src})", alt.replace(['[', ']'], ""));
            if let Some(target) = args.get("link") {
                s = format!("[{s}]({target})");
            }
            if let Some(caption) = args.get("caption").filter(|c| !c.trim().is_empty()) {
                s = format!("{s}\n\n*{}*", caption.trim());
            }
            ctx.count("figure → image");
            Some(format!("\n\n{s}\n\n"))
        }
        "youtube" | "vimeo" => {
            let id = args.named_or("id", 0)?;
            let url = if name == "youtube" {
                format!("https://www.youtube.com/watch?v={id}")
            } else {
                format!("https://vimeo.com/{id}")
            };
            ctx.count(&format!("{name} → link"));
            let label = args.get("title").unwrap_or("Video");
            Some(link(label, &url))
        }
        "gist" => {
            let (user, id) = (args.positional.first()?, args.positional.get(1)?);
            ctx.count("gist → link");
            Some(link(
                &format!("Gist {id}"),
                &format!("https://gist.github.com/{user}/{id}"),
            ))
        }
        _ => None,
    }
}

/// A `param`: the page's front matter (`a.b` looks into tables), else the site's.
fn param(key: &str, ctx: &Ctx<'_>) -> Option<String> {
    let mut value: Option<&toml::Value> = None;
    let mut table = Some(ctx.page_params);
    for part in key.split('.') {
        value = table.and_then(|t| {
            t.get(part).or_else(|| {
                t.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(part))
                    .map(|(_, v)| v)
            })
        });
        table = value.and_then(toml::Value::as_table);
    }
    if let Some(v) = value.filter(|v| !v.is_table()) {
        return Some(super::keys::text(v));
    }
    ctx.params
        .get(key)
        .or_else(|| {
            ctx.params
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v)
        })
        .cloned()
}
