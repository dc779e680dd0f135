//! Zola shortcodes into markdown (Zola's `@/path.md` links are links, see
//! [`super::links`]).
//!
//! | shortcode | becomes |
//! | --- | --- |
//! | `{{ youtube(id="x") }}`, `vimeo`, `streamable` | a link to the video |
//! | `{{ gist(url="…") }}` | a link to the gist |
//! | `{% note() %}` … `{% end %}` (any callout name of [`super::hugo::CALLOUTS`], or `admonition(type=…)`, `alert`, `callout`) | a blockquote starting `**Note:**` |
//! | `{% quote(author="x") %}` … `{% end %}` | a blockquote ending `— x` |
//! | `{% details(summary="x") %}` … `{% end %}` | the summary in bold, then the text |

use super::args::Args;
use super::body::Ctx;
use super::hugo::CALLOUTS;
use super::templates::{link, Pair};

/// A block shortcode's meaning.
pub(crate) fn pair(name: &str, args: &Args) -> Option<Pair> {
    let name = name.to_ascii_lowercase();
    let title = args.get("title").map(str::to_string);
    if CALLOUTS.contains(&name.as_str()) {
        return Some(Pair::Callout(name, title));
    }
    Some(match name.as_str() {
        "admonition" | "alert" | "callout" => {
            let kind = args
                .named_or("type", 0)
                .or_else(|| args.get("kind"))
                .unwrap_or("note")
                .to_ascii_lowercase();
            let kind = if CALLOUTS.contains(&kind.as_str()) {
                kind
            } else {
                "note".into()
            };
            Pair::Callout(kind, title)
        }
        "quote" => Pair::Quote(args.named_or("author", 0).map(str::to_string)),
        "details" => Pair::Details(args.named_or("summary", 0).unwrap_or("Details").into()),
        _ => return None,
    })
}

/// An inline shortcode's markdown, or `None` to leave it.
pub(crate) fn single(name: &str, args: &Args, ctx: &mut Ctx<'_>) -> Option<String> {
    let name = name.to_ascii_lowercase();
    let url = match name.as_str() {
        "youtube" => format!(
            "https://www.youtube.com/watch?v={}",
            args.named_or("id", 0)?
        ),
        "vimeo" => format!("https://vimeo.com/{}", args.named_or("id", 0)?),
        "streamable" => format!("https://streamable.com/{}", args.named_or("id", 0)?),
        "gist" => args.named_or("url", 0)?.to_string(),
        _ => return None,
    };
    ctx.count(&format!("{name} → link"));
    let label = if name == "gist" { "Gist" } else { "Video" };
    Some(link(args.get("title").unwrap_or(label), &url))
}
