//! Template syntax into markdown: every range [`crate::leftover::find`] finds (so code is
//! never touched) is read as a [`Construct`] and handed to its generator's converter
//! ([`super::hugo`], [`super::zola`], [`super::jekyll`], [`super::mdn`]). Paired
//! constructs (`{{< note >}}…{{< /note >}}`, `{% note() %}…{% end %}`,
//! `{% highlight %}…{% endhighlight %}`) are matched first, their inside converted too. A
//! construct no converter knows is left as it is, for the report.

use super::args::Construct;
use super::body::{Ctx, MAX_DEPTH};
use super::{hugo, jekyll, mdn, zola};

/// How far up the stack of open constructs a closer looks for its opener.
const STACK_LOOKUP: usize = 64;

/// What a paired construct becomes, given its (converted) inside.
pub(crate) enum Pair {
    /// A callout: kind and title.
    Callout(String, Option<String>),
    /// Code: the inside kept verbatim in a fence with this language.
    Code(String),
    /// Removed with its inside (a comment).
    Remove,
    /// A `**summary**` line, then the inside.
    Details(String),
    /// A quote with an attribution.
    Quote(Option<String>),
    /// The inside kept as it is, markers removed (`{% raw %}`).
    Inside,
}

/// Converts the template syntax of `body`.
pub(crate) fn convert(body: &str, ctx: &mut Ctx<'_>) -> String {
    let found = crate::leftover::find(body);
    if found.is_empty() {
        return body.to_string();
    }
    let constructs: Vec<Construct> = found
        .iter()
        .map(|r| Construct::parse(&body[r.clone()], ctx.shape))
        .collect();
    let closers = match_pairs(&constructs);
    let mut out = String::with_capacity(body.len());
    let mut at = 0;
    let mut i = 0;
    while i < found.len() {
        let r = found[i].clone();
        out.push_str(&body[at..r.start]);
        at = r.end;
        if let (Some(j), true) = (closers[i], ctx.depth < MAX_DEPTH) {
            let inner = &body[r.end..found[j].start];
            match pair_of(&constructs[i], ctx) {
                Some(pair) => out.push_str(&paired(pair, inner, ctx)),
                None => {
                    // Unknown pair: markers kept, the inside still converted.
                    out.push_str(&body[r.clone()]);
                    out.push_str(&nested(inner, ctx));
                    out.push_str(&body[found[j].clone()]);
                }
            }
            at = found[j].end;
            i = j + 1;
            continue;
        }
        let text = &body[r.clone()];
        match single(&constructs[i], ctx, text) {
            Some(s) => out.push_str(&s),
            None => out.push_str(text),
        }
        i += 1;
    }
    out.push_str(&body[at..]);
    out
}

fn nested(inner: &str, ctx: &mut Ctx<'_>) -> String {
    ctx.depth += 1;
    let s = convert(inner, ctx);
    ctx.depth -= 1;
    s
}

/// For each construct that opens a pair, the index of its closer.
fn match_pairs(constructs: &[Construct]) -> Vec<Option<usize>> {
    let mut closers = vec![None; constructs.len()];
    let mut stack: Vec<(usize, String)> = Vec::new();
    for (i, c) in constructs.iter().enumerate() {
        if let Some(name) = closer_name(c) {
            let found = stack
                .iter()
                .rev()
                .take(STACK_LOOKUP)
                .position(|(_, n)| *n == name);
            if let Some(back) = found {
                let at = stack.len() - 1 - back;
                let (open, _) = stack[at];
                closers[open] = Some(i);
                stack.truncate(at);
            }
        } else if let Some(name) = opener_name(c) {
            stack.push((i, name));
        }
    }
    closers
}

/// The pair a construct may open, by the name its closer carries.
fn opener_name(c: &Construct) -> Option<String> {
    match c {
        Construct::Hugo {
            name, close: false, ..
        } => Some(format!("hugo:{name}")),
        Construct::Zola { block: true, .. } => Some("zola:end".into()),
        Construct::Liquid { name, .. }
            if matches!(
                name.as_str(),
                "highlight" | "comment" | "raw" | "capture" | "if" | "for" | "unless"
            ) =>
        {
            Some(format!("liquid:{name}"))
        }
        _ => None,
    }
}

fn closer_name(c: &Construct) -> Option<String> {
    match c {
        Construct::Hugo {
            name, close: true, ..
        } => Some(format!("hugo:{name}")),
        Construct::ZolaEnd => Some("zola:end".into()),
        Construct::Liquid { name, .. } => name.strip_prefix("end").map(|n| format!("liquid:{n}")),
        _ => None,
    }
}

fn pair_of(c: &Construct, ctx: &mut Ctx<'_>) -> Option<Pair> {
    match c {
        Construct::Hugo { name, args, .. } => hugo::pair(name, args),
        Construct::Zola { name, args, .. } => zola::pair(name, args),
        Construct::Liquid { name, rest } => jekyll::pair(name, rest, ctx),
        _ => None,
    }
}

fn paired(pair: Pair, inner: &str, ctx: &mut Ctx<'_>) -> String {
    match pair {
        Pair::Callout(kind, title) => {
            ctx.count(&format!("{} → blockquote", kind.to_ascii_lowercase()));
            let inner = nested(inner, ctx);
            super::blocks::callout(&kind, title.as_deref(), &inner)
        }
        Pair::Code(lang) => {
            ctx.count("highlight → code block");
            let fence = if inner.contains("```") { "~~~~" } else { "```" };
            format!(
                "\n\n{fence}{lang}\n{}\n{fence}\n\n",
                inner.trim_matches('\n')
            )
        }
        Pair::Remove => {
            ctx.count("comment → removed");
            String::new()
        }
        Pair::Details(summary) => {
            ctx.count("details → summary and text");
            let inner = nested(inner, ctx);
            format!(
                "\n\n**{}**\n\n{}\n\n",
                summary.trim(),
                inner.trim_matches('\n')
            )
        }
        Pair::Quote(by) => {
            ctx.count("quote → blockquote");
            let inner = nested(inner, ctx);
            let mut q: String = inner
                .trim_matches('\n')
                .lines()
                .map(|l| format!("> {l}\n"))
                .collect();
            if let Some(by) = by {
                q.push_str(&format!(">\n> — {by}\n"));
            }
            format!("\n\n{q}\n")
        }
        Pair::Inside => {
            ctx.count("raw → its text");
            inner.to_string()
        }
    }
}

fn single(c: &Construct, ctx: &mut Ctx<'_>, text: &str) -> Option<String> {
    match c {
        Construct::Hugo {
            name,
            close: false,
            args,
        } => hugo::single(name, args, ctx, text),
        Construct::Zola {
            name,
            block: false,
            args,
        } => zola::single(name, args, ctx),
        Construct::Liquid { name, rest } => jekyll::tag(name, rest, ctx, text),
        Construct::Expr(inner) => jekyll::expr(inner, ctx),
        Construct::Macro { name, args } => mdn::macro_(name, args, ctx, text),
        _ => None,
    }
}

/// `[text](url)`, the text's brackets escaped.
pub(crate) fn link(text: &str, url: &str) -> String {
    let mut t = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '[' | ']' | '\\') {
            t.push('\\');
        }
        t.push(c);
    }
    let url = if url.contains([' ', '(', ')']) {
        format!("<{url}>")
    } else {
        url.to_string()
    };
    format!("[{t}]({url})")
}
