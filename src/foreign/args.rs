//! One piece of template syntax (a range [`crate::leftover::find`] found) read into a
//! [`Construct`]: its name and arguments, in each generator's syntax.
//!
//! - Hugo: `{{< name pos "quoted" key="v" >}}`, `{{% … %}}`, closers `{{< /name >}}`.
//! - Zola: `{{ name(key="v", n=3) }}`, blocks `{% name(…) %}` … `{% end %}`.
//! - Liquid (Jekyll): `{% name rest %}`, expressions `{{ site.baseurl }}`.
//! - MDN: `{{Name}}`, `{{Name("a", 'b')}}` (names are case-insensitive).

use super::Shape;

/// A construct's arguments: positional in order, then `key=value` pairs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Args {
    pub(crate) positional: Vec<String>,
    pub(crate) named: Vec<(String, String)>,
}

impl Args {
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.named
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }

    /// A named argument, else the positional one at `index`.
    pub(crate) fn named_or(&self, key: &str, index: usize) -> Option<&str> {
        self.get(key)
            .or_else(|| self.positional.get(index).map(String::as_str))
    }
}

/// What a piece of template syntax is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Construct {
    /// A Hugo shortcode; `close` for `{{< /name >}}`.
    Hugo {
        name: String,
        close: bool,
        args: Args,
    },
    /// A Zola shortcode call; `block` for `{% name() %}` (closed by `{% end %}`).
    Zola {
        name: String,
        args: Args,
        block: bool,
    },
    /// Zola's `{% end %}`.
    ZolaEnd,
    /// A Liquid tag `{% name rest %}`.
    Liquid {
        name: String,
        rest: String,
    },
    /// An expression `{{ … }}` (Liquid, Jinja): its inner text.
    Expr(String),
    /// An MDN macro `{{Name(args)}}`.
    Macro {
        name: String,
        args: Vec<String>,
    },
    Unknown,
}

impl Construct {
    /// Reads `text` (one range from [`crate::leftover::find`]) as `shape` writes it.
    pub(crate) fn parse(text: &str, shape: Shape) -> Construct {
        if let Some(inner) = between(text, "{{<", ">}}").or_else(|| between(text, "{{%", "%}}")) {
            return hugo(inner);
        }
        if let Some(inner) = between(text, "{%", "%}") {
            let inner = inner.trim_matches('-').trim();
            if inner == "end" {
                return Construct::ZolaEnd;
            }
            if let Some((name, args)) = call(inner) {
                return Construct::Zola {
                    name: name.to_string(),
                    args: named_args(args),
                    block: true,
                };
            }
            let (name, rest) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
            return Construct::Liquid {
                name: name.to_ascii_lowercase(),
                rest: rest.trim().to_string(),
            };
        }
        let Some(raw) = between(text, "{{", "}}") else {
            return Construct::Unknown;
        };
        let inner = raw.trim_matches('-').trim();
        let tight = !raw.starts_with(char::is_whitespace);
        if let Some((name, args)) = call(inner) {
            let named = top_level(args, ',').iter().any(|a| is_named(a));
            if shape == Shape::Zola || named || (!tight && shape != Shape::Mdn) {
                return Construct::Zola {
                    name: name.to_string(),
                    args: named_args(args),
                    block: false,
                };
            }
            return Construct::Macro {
                name: name.to_ascii_lowercase(),
                args: top_level(args, ',').iter().map(|a| unquote(a)).collect(),
            };
        }
        if is_ident(inner) && (tight || shape == Shape::Mdn) {
            return Construct::Macro {
                name: inner.to_ascii_lowercase(),
                args: Vec::new(),
            };
        }
        Construct::Expr(inner.to_string())
    }
}

/// The text between `open` and `close` when `text` starts and ends with them.
fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let inner = text.strip_prefix(open)?.strip_suffix(close)?;
    Some(inner)
}

fn hugo(inner: &str) -> Construct {
    let inner = inner.trim();
    // `{{</* x */>}}` shows a shortcode on purpose.
    if inner.starts_with("/*") {
        return Construct::Unknown;
    }
    let (close, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, inner),
    };
    let (name, rest) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
    if name.is_empty() {
        return Construct::Unknown;
    }
    let args = word_args(rest);
    Construct::Hugo {
        name: name.to_ascii_lowercase(),
        close,
        args,
    }
}

/// Space-separated arguments (Hugo's, Liquid's `include`): `pos "quoted" key="v"`.
pub(crate) fn word_args(s: &str) -> Args {
    let mut args = Args::default();
    for (token, key) in tokens(s) {
        match key {
            Some(k) => args.named.push((k, token)),
            None => args.positional.push(token),
        }
    }
    args
}

/// Hugo's argument tokens: bare words, `"quoted"` (with `\"`), `` `raw` ``, each maybe
/// preceded by `key=`.
fn tokens(s: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            return out;
        }
        let mut key = None;
        let mut word = String::new();
        loop {
            match chars.peek().copied() {
                None => break,
                Some(c) if c.is_whitespace() => break,
                Some('"') | Some('`') if word.is_empty() => {
                    word = quoted(&mut chars);
                    break;
                }
                Some('=') if key.is_none() && !word.is_empty() => {
                    chars.next();
                    key = Some(std::mem::take(&mut word));
                }
                Some(c) => {
                    word.push(c);
                    chars.next();
                }
            }
        }
        out.push((word, key));
    }
}

fn quoted(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let quote = chars.next().unwrap_or('"');
    let mut s = String::new();
    while let Some(c) = chars.next() {
        match c {
            '\\' if quote != '`' => {
                if let Some(n) = chars.next() {
                    s.push(n);
                }
            }
            c if c == quote => break,
            c => s.push(c),
        }
    }
    s
}

/// `name(args)` with nothing after the closing parenthesis.
fn call(s: &str) -> Option<(&str, &str)> {
    let open = s.find('(')?;
    let name = s[..open].trim();
    let rest = s[open + 1..].trim_end().strip_suffix(')')?;
    is_ident(name).then_some((name, rest))
}

fn is_ident(s: &str) -> bool {
    !s.is_empty()
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn is_named(arg: &str) -> bool {
    let Some((k, _)) = arg.split_once('=') else {
        return false;
    };
    is_ident(k.trim()) && !arg.trim_start().starts_with(['"', '\''])
}

/// Splits on `sep` outside quotes.
fn top_level(s: &str, sep: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in s.chars() {
        match quote {
            Some(q) => {
                cur.push(c);
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                cur.push(c);
            }
            None if c == sep => out.push(std::mem::take(&mut cur).trim().to_string()),
            None => cur.push(c),
        }
    }
    if !cur.trim().is_empty() || !out.is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// A quoted value without its quotes (escapes resolved); other text trimmed.
pub(crate) fn unquote(s: &str) -> String {
    let s = s.trim();
    let q = s.chars().next();
    if matches!(q, Some('"') | Some('\'')) && s.len() >= 2 && s.ends_with(q.unwrap_or('"')) {
        let mut out = String::new();
        let mut chars = s[1..s.len() - 1].chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            } else {
                out.push(c);
            }
        }
        out
    } else {
        s.to_string()
    }
}

/// Zola's `key="v", n=3` (a value without a key is positional).
pub(crate) fn named_args(s: &str) -> Args {
    let mut args = Args::default();
    for part in top_level(s, ',') {
        if part.is_empty() {
            continue;
        }
        if is_named(&part) {
            if let Some((k, v)) = part.split_once('=') {
                args.named.push((k.trim().to_string(), unquote(v)));
            }
        } else {
            args.positional.push(unquote(&part));
        }
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_shortcodes() {
        let c = Construct::parse(
            "{{< glossary_tooltip text=\"perp \\\"swaps\\\"\" term_id=\"perpetual\" >}}",
            Shape::Hugo,
        );
        let Construct::Hugo { name, close, args } = c else {
            panic!("{c:?}")
        };
        assert_eq!((name.as_str(), close), ("glossary_tooltip", false));
        assert_eq!(args.get("text"), Some("perp \"swaps\""));
        assert_eq!(args.get("term_id"), Some("perpetual"));
        assert_eq!(
            Construct::parse("{{% /note %}}", Shape::Hugo),
            Construct::Hugo {
                name: "note".into(),
                close: true,
                args: Args::default()
            }
        );
        let Construct::Hugo { args, .. } = Construct::parse("{{<param \"version\">}}", Shape::Hugo)
        else {
            panic!()
        };
        assert_eq!(args.positional, ["version"]);
        assert_eq!(
            Construct::parse("{{</* note */>}}", Shape::Hugo),
            Construct::Unknown
        );
    }

    #[test]
    fn zola_liquid_and_mdn() {
        assert_eq!(
            Construct::parse("{% note(title=\"Careful, now\") %}", Shape::Zola),
            Construct::Zola {
                name: "note".into(),
                args: Args {
                    positional: vec![],
                    named: vec![("title".into(), "Careful, now".into())]
                },
                block: true
            }
        );
        assert_eq!(
            Construct::parse("{% end %}", Shape::Zola),
            Construct::ZolaEnd
        );
        assert_eq!(
            Construct::parse("{% link _glossary/basis.md %}", Shape::Jekyll),
            Construct::Liquid {
                name: "link".into(),
                rest: "_glossary/basis.md".into()
            }
        );
        assert_eq!(
            Construct::parse("{{ site.baseurl }}", Shape::Jekyll),
            Construct::Expr("site.baseurl".into())
        );
        assert_eq!(
            Construct::parse("{{Glossary(\"Node/DOM\", 'the DOM')}}", Shape::Mdn),
            Construct::Macro {
                name: "glossary".into(),
                args: vec!["Node/DOM".into(), "the DOM".into()]
            }
        );
        assert_eq!(
            Construct::parse("{{GlossarySidebar}}", Shape::Hugo),
            Construct::Macro {
                name: "glossarysidebar".into(),
                args: vec![]
            }
        );
        assert!(matches!(
            Construct::parse("{{ youtube(id=\"abc\") }}", Shape::Zola),
            Construct::Zola { block: false, .. }
        ));
    }
}
