//! MDN's KumaScript macros into markdown.
//!
//! | macro | becomes |
//! | --- | --- |
//! | `{{Glossary("x")}}`, `{{Glossary("x", "text")}}` | a link to the entry whose slug or title is x (else to MDN's glossary page x) |
//! | `{{GlossarySidebar}}`, `{{QuickLinksWithSubpages(…)}}`, `{{…Sidebar…}}`, `{{PreviousNext(…)}}` … | nothing: navigation (glossa has its own), counted |
//! | `{{domxref("Node.append()")}}`, `jsxref`, `cssxref`, `HTMLElement`, `HTTPHeader`, `HTTPStatus`, `HTTPMethod`, `SVGElement`, `SVGAttr`, `MathMLElement` | a link to the MDN page, in code |
//! | `{{RFC(9110)}}` | a link to the RFC |
//! | `{{Interwiki("wikipedia", "Web cache", "text")}}` | a link to the Wikipedia article |
//! | `{{GlossaryDisambiguation}}` | a list of links to the pages in the page's folder (its meanings); the page itself is marked `disambiguation = true` by its `page-type` |
//! | `{{Deprecated_Inline}}`, `Experimental_Inline`, `Non-standard_Inline`, `Optional_Inline`, `ReadOnlyInline` | the badge's word in italics |
//! | `{{EmbedYouTube("id")}}` | a link to the video |
//!
//! Links to MDN pages are written as MDN's paths (`/en-US/docs/Web/API/Node`): the link
//! pass makes them imported entries' URLs, or links to `--source-base`.

use super::body::Ctx;
use super::templates::link;

/// Reference macros: name, the path under `/<locale>/docs/`, whether to show the text as
/// code.
const XREFS: &[(&str, &str, bool)] = &[
    ("domxref", "Web/API/", true),
    ("jsxref", "Web/JavaScript/Reference/Global_Objects/", true),
    ("cssxref", "Web/CSS/", true),
    ("htmlelement", "Web/HTML/Element/", true),
    ("httpheader", "Web/HTTP/Headers/", true),
    ("httpstatus", "Web/HTTP/Status/", false),
    ("httpmethod", "Web/HTTP/Methods/", true),
    ("svgelement", "Web/SVG/Element/", true),
    ("svgattr", "Web/SVG/Attribute/", true),
    ("mathmlelement", "Web/MathML/Element/", true),
    ("webextapiref", "Mozilla/Add-ons/WebExtensions/API/", true),
];

const BADGES: &[(&str, &str)] = &[
    ("deprecated_inline", "Deprecated"),
    ("experimental_inline", "Experimental"),
    ("non-standard_inline", "Non-standard"),
    ("optional_inline", "Optional"),
    ("readonlyinline", "Read only"),
    ("securecontext_inline", "Secure context"),
];

/// Whether a macro only builds navigation.
fn is_navigation(name: &str) -> bool {
    name.contains("sidebar")
        || name.starts_with("quicklinks")
        || name.starts_with("listsubpages")
        || name.starts_with("previous")
        || matches!(name, "next" | "nextmenu" | "subpageswithsummaries")
}

/// A macro's markdown, or `None` to leave it.
pub(crate) fn macro_(name: &str, args: &[String], ctx: &mut Ctx<'_>, text: &str) -> Option<String> {
    if is_navigation(name) {
        let written = text
            .trim_matches(['{', '}'])
            .split('(')
            .next()
            .unwrap_or(name);
        ctx.dropped(written.trim());
        return Some(String::new());
    }
    if name == "glossary" {
        return Some(glossary(args, ctx, text));
    }
    if name == "glossarydisambiguation" {
        return Some(meanings(ctx));
    }
    if name == "interwiki" {
        return interwiki(args, ctx);
    }
    if let Some((_, word)) = BADGES.iter().find(|(n, _)| *n == name) {
        ctx.count(&format!("{name} → *{word}*"));
        return Some(format!("*{word}*"));
    }
    if name == "rfc" {
        let n = args.first()?;
        let shown = match args.get(1).filter(|t| !t.is_empty()) {
            Some(t) => format!("RFC {n}: {t}"),
            None => format!("RFC {n}"),
        };
        ctx.count("RFC → link");
        return Some(link(
            &shown,
            &format!("https://datatracker.ietf.org/doc/html/rfc{n}"),
        ));
    }
    if name == "embedyoutube" {
        ctx.count("EmbedYouTube → link");
        let id = args.first()?;
        return Some(link(
            "Video",
            &format!("https://www.youtube.com/watch?v={id}"),
        ));
    }
    let (_, base, code) = XREFS.iter().find(|(n, _, _)| *n == name)?;
    let target = args.first()?;
    let shown = args
        .get(1)
        .filter(|t| !t.is_empty())
        .cloned()
        .unwrap_or_else(|| xref_text(name, target));
    let path = xref_path(name, target);
    ctx.count(&format!("{name} → link"));
    let shown = if *code && !shown.contains('`') {
        format!("`{shown}`")
    } else {
        shown
    };
    Some(format!("[{shown}](/{}/docs/{base}{path})", ctx.locale))
}

/// `{{GlossaryDisambiguation}}`: the pages in the page's folder (`node/dom/` in `node/`),
/// its meanings, as a list of links where the macro stands, as MDN shows them.
fn meanings(ctx: &mut Ctx<'_>) -> String {
    let items: Vec<String> = ctx
        .targets
        .children(ctx.root, ctx.rel)
        .iter()
        .map(|t| format!("- {}", link(&t.title, &t.url())))
        .collect();
    ctx.count("GlossaryDisambiguation → list of the pages in its folder");
    items.join("\n")
}

/// `{{Interwiki("wikipedia", "Web cache", "text")}}`: a link to the Wikipedia article;
/// other wikis are left (and reported).
fn interwiki(args: &[String], ctx: &mut Ctx<'_>) -> Option<String> {
    let [wiki, article, rest @ ..] = args else {
        return None;
    };
    if !wiki.eq_ignore_ascii_case("wikipedia") || article.trim().is_empty() {
        return None;
    }
    let shown = rest.first().filter(|t| !t.is_empty()).unwrap_or(article);
    ctx.count("Interwiki → link");
    let page = article.trim().replace(' ', "_");
    Some(link(
        shown,
        &format!("https://en.wikipedia.org/wiki/{page}"),
    ))
}

/// `{{Glossary("x", "text")}}`.
fn glossary(args: &[String], ctx: &mut Ctx<'_>, text: &str) -> String {
    let Some(name) = args.first().filter(|n| !n.trim().is_empty()) else {
        ctx.note(text, "`Glossary` without a term; removed".into());
        return String::new();
    };
    let shown = args.get(1).filter(|t| !t.is_empty()).unwrap_or(name);
    match ctx.targets.name(name) {
        Some(t) => {
            ctx.count("Glossary → link");
            link(shown, &t.url())
        }
        None => {
            ctx.count("Glossary → link to the old site (not imported)");
            let path = name.trim().replace(' ', "_");
            link(shown, &format!("/{}/docs/Glossary/{path}", ctx.locale))
        }
    }
}

/// The text a reference macro shows: `Node.append()`, `<div>`, `Content-Type`, `404`.
fn xref_text(name: &str, target: &str) -> String {
    match name {
        "htmlelement" | "svgelement" | "mathmlelement" => format!("<{target}>"),
        _ => target.to_string(),
    }
}

/// The page path under the macro's base: `Node.append()` → `Node/append`.
fn xref_path(name: &str, target: &str) -> String {
    let t = target.trim().trim_end_matches("()");
    let t = match name {
        "domxref" | "jsxref" | "webextapiref" => t.replace('.', "/"),
        // `<length>`, a data type, is the page `length` (`<color>` is `color_value`).
        "cssxref" => match t.trim_start_matches(':') {
            "<color>" => "color_value".to_string(),
            t => t.trim_start_matches('<').trim_end_matches('>').to_string(),
        },
        _ => t.to_string(),
    };
    t.replace(' ', "_")
}

#[cfg(test)]
mod tests {
    use super::xref_path;

    #[test]
    fn reference_paths_are_mdn_page_paths() {
        assert_eq!(xref_path("domxref", "Node.append()"), "Node/append");
        assert_eq!(xref_path("cssxref", ":hover"), "hover");
        assert_eq!(xref_path("cssxref", "<length>"), "length");
        assert_eq!(xref_path("cssxref", "<color>"), "color_value");
        assert_eq!(xref_path("httpheader", "Cache-Control"), "Cache-Control");
        assert_eq!(xref_path("jsxref", "Global Objects"), "Global_Objects");
    }
}
