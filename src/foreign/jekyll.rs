//! Jekyll's Liquid into markdown.
//!
//! | Liquid | becomes |
//! | --- | --- |
//! | `{% link _glossary/x.md %}`, `{% post_url 2024-01-02-x %}` | the entry's URL |
//! | `{{ site.baseurl }}`, `{{ site.url }}` | nothing (links become site paths) |
//! | `{{ "/x/" \| relative_url }}`, `absolute_url` | `/x/` |
//! | `{{ page.x }}`, `{{ site.x }}` | the page's `x`, or `--param x=…` / `_config.yml`'s |
//! | `{% include note.html content="…" %}` (note, tip, warning, important, caution, callout) | a blockquote starting `**Note:**` |
//! | `{% highlight lang %}` … `{% endhighlight %}` | a fenced code block |
//! | `{% comment %}` … `{% endcomment %}` | nothing |
//! | `{% raw %}` … `{% endraw %}` | the text inside |

use super::args::{unquote, word_args};
use super::body::Ctx;
use super::hugo::CALLOUTS;
use super::names::stem;
use super::templates::Pair;

/// A Liquid block's meaning.
pub(crate) fn pair(name: &str, rest: &str, _ctx: &mut Ctx<'_>) -> Option<Pair> {
    Some(match name {
        "highlight" => Pair::Code(rest.split_whitespace().next().unwrap_or("").to_string()),
        "comment" => Pair::Remove,
        "raw" => Pair::Inside,
        _ => return None,
    })
}

/// A Liquid tag's markdown, or `None` to leave it.
pub(crate) fn tag(name: &str, rest: &str, ctx: &mut Ctx<'_>, text: &str) -> Option<String> {
    match name {
        "link" | "post_url" => {
            let path = unquote(rest.split_whitespace().next()?);
            let target = if name == "link" {
                ctx.targets.path(ctx.root, ctx.rel, &path, true)
            } else {
                None
            }
            .or_else(|| ctx.targets.name(&stem(&format!("{path}.md"))));
            match target {
                Some(t) => {
                    ctx.count(&format!("{{% {name} %}} → URL"));
                    Some(t.url())
                }
                None => {
                    ctx.note(
                        text,
                        format!("`{{% {name} {path} %}}` names a page that is not imported"),
                    );
                    None
                }
            }
        }
        "include" => {
            let (file, args) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            let kind = file
                .trim()
                .trim_end_matches(".html")
                .trim_end_matches(".md");
            let kind = kind.rsplit('/').next().unwrap_or(kind).to_ascii_lowercase();
            let args = word_args(args);
            let known = CALLOUTS.contains(&kind.as_str()) || kind == "callout";
            let content = args.get("content").filter(|_| known)?;
            let kind = if kind == "callout" {
                args.get("type").unwrap_or("note").to_string()
            } else {
                kind
            };
            ctx.count(&format!("include {kind} → blockquote"));
            Some(super::blocks::callout(&kind, args.get("title"), content))
        }
        _ => None,
    }
}

/// An expression's value, or `None` to leave it.
pub(crate) fn expr(inner: &str, ctx: &mut Ctx<'_>) -> Option<String> {
    let (value, filters) = inner.split_once('|').unwrap_or((inner, ""));
    let value = value.trim();
    let filter = filters.trim();
    if matches!(value, "site.baseurl" | "site.url" | "site.base_url") {
        ctx.count(&format!("{{{{ {value} }}}} → removed"));
        return Some(String::new());
    }
    if value.starts_with(['"', '\'']) && matches!(filter, "relative_url" | "absolute_url") {
        ctx.count(&format!("{filter} → path"));
        return Some(unquote(value));
    }
    if !filter.is_empty() {
        return None;
    }
    let (scope, key) = value.split_once('.')?;
    let found = match scope {
        "page" if key == "title" => Some(ctx.title.to_string()),
        "page" => ctx
            .page_params
            .get(key)
            .filter(|v| !v.is_table())
            .map(super::keys::text),
        "site" => ctx.params.get(key).cloned(),
        _ => None,
    }?;
    ctx.count(&format!("{{{{ {scope}.… }}}} → value"));
    Some(found)
}
