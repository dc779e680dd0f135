//! Property tests for reading other generators' pages ([`glossa::foreign::assemble`]):
//! no input makes it panic and every entry it writes is one the loader reads; the template
//! syntax it converts leaves none of its kind behind; and converting a converted body
//! again changes nothing.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use glossa::config::Config;
use glossa::foreign::{self, Input, Options, Redirects, Root, Shape};
use glossa::load::parse_entry;
use proptest::prelude::*;

fn input(rel: &str, text: &str) -> Input {
    Input {
        root: 0,
        rel: rel.into(),
        shown: PathBuf::from(rel),
        text: Arc::from(text),
        assets: if rel.ends_with("index.md") {
            vec!["chart.svg".into()]
        } else {
            Vec::new()
        },
    }
}

fn options(from: Option<Shape>) -> Options {
    let mut root = Root {
        locale: "en-US".into(),
        ..Root::default()
    };
    root.params.insert("p".into(), "value".into());
    Options {
        from,
        roots: vec![root],
        ..Options::default()
    }
}

/// Pieces that make hostile pages: fences, delimiters, half constructs, odd characters.
fn hostile() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "---\n",
        "+++\n",
        "{\n",
        "}\n",
        "title: x\n",
        "title = \"x\"\n",
        "slug: ../a/b\n",
        "url: /x/../y\n",
        "aliases: [\"/a\", \"b\"]\n",
        "tags: [a, \"B c\"]\n",
        "date: 2024-13-40\n",
        "aka:\n",
        "{{<",
        ">}}",
        "{{%",
        "%}}",
        "{{",
        "}}",
        "{%",
        "%}",
        " note ",
        " /note ",
        "glossary_tooltip term_id=\"a\" ",
        "{{Glossary(\"a\")}}",
        "(\"",
        "\")",
        ":::note\n",
        ":::\n",
        "!!! note \"t\"\n",
        "    ",
        "\t",
        "\n",
        "\n\n",
        "[[",
        "]]",
        "|",
        "](",
        "@/a.md",
        "[x](",
        ")",
        "<!--more-->",
        "# ",
        "## S\n",
        "```\n",
        "`",
        "\"",
        "'",
        "é",
        "\u{202e}",
        "\u{0}",
        "\r\n",
        "word ",
        "import X from 'y';\n",
        "{% end %}",
        "{% endraw %}",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn shape() -> impl Strategy<Value = Option<Shape>> {
    prop::option::of(prop::sample::select(Shape::ALL.to_vec()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any page, any generator: no panic, and every entry written parses as a native entry.
    #[test]
    fn never_panics_and_writes_readable_entries(
        a in hostile(),
        b in hostile(),
        redirects in hostile(),
        from in shape(),
    ) {
        let inputs = [input("a.md", &a), input("b/index.md", &b), input("c.md", "---\ntitle: C\n---\nc\n")];
        let files = [Redirects { shown: PathBuf::from("_redirects"), text: redirects }];
        let out = foreign::assemble(&inputs, &files, &options(from));
        for made in &out.made {
            let text: Arc<str> = Arc::from(made.text.as_str());
            let path = Path::new("content").join(made.key.kind.folder()).join(format!("{}.md", made.key.slug));
            let read = parse_entry(&text, &path, Some(made.key.kind), &Config::default());
            prop_assert!(read.is_ok(), "{}\n{:?}", made.text, read.err().map(|e| e.iter().map(|d| d.message.clone()).collect::<Vec<_>>()));
        }
    }

    /// What is converted leaves nothing of its kind; converting again changes nothing.
    #[test]
    fn conversions_are_complete_and_stable((from, body) in convertible()) {
        let once = convert(from, &body);
        for bad in ["{{", "{%", "[[", "<!--more-->", "@/"] {
            prop_assert!(!once.contains(bad), "`{bad}` left in\n{once}\nfrom\n{body}");
        }
        for line in once.lines() {
            prop_assert!(!line.starts_with(":::") && !line.starts_with("!!! "), "{line}");
            prop_assert!(!line.starts_with("import "), "{line}");
        }
        prop_assert_eq!(convert(from, &once), once);
    }
}

/// The body `assemble` writes for a page of `from` with `body` (beside two pages it can
/// link to).
fn convert(from: Shape, body: &str) -> String {
    let page = format!("---\ntitle: Page\ndescription: d\n---\n{body}\n");
    let inputs = [
        input("alpha.md", "---\ntitle: Alpha\n---\nAlpha.\n"),
        input("beta.md", "---\ntitle: Beta\n---\nBeta.\n"),
        input("page.md", &page),
    ];
    let out = foreign::assemble(&inputs, &[], &options(Some(from)));
    let made = out
        .made
        .iter()
        .find(|m| m.key.slug == "page")
        .expect("the page is made");
    let body_at = made.text[3..]
        .find("+++\n")
        .map_or(made.text.len(), |i| i + 7);
    made.text[body_at..].trim_end().to_string()
}

fn prose() -> impl Strategy<Value = String> {
    prop::collection::vec("[a-z]{1,8}", 1..8).prop_map(|w| format!("{}.", w.join(" ")))
}

/// A generator and a body of prose and constructs it converts.
fn convertible() -> impl Strategy<Value = (Shape, String)> {
    prop::sample::select(Shape::ALL.to_vec()).prop_flat_map(|shape| {
        let piece = (prose(), 0usize..7).prop_map(move |(p, n)| construct(shape, n, &p));
        (
            Just(shape),
            prop::collection::vec(piece, 1..8).prop_map(|v| v.join("\n\n")),
        )
    })
}

fn construct(shape: Shape, n: usize, p: &str) -> String {
    let common = [
        p.to_string(),
        format!("{p} [[alpha]] and [[beta|{p}]]"),
        format!("[{p}](alpha.md)"),
    ];
    let own: Vec<String> = match shape {
        Shape::Hugo => vec![
            format!("{p} {{{{< glossary_tooltip text=\"{p}\" term_id=\"alpha\" >}}}}"),
            format!("{{{{< glossary_tooltip term_id=\"beta\" >}}}} {{{{< param \"p\" >}}}}"),
            format!("{{{{< note >}}}}\n{p}\n{{{{< /note >}}}}"),
            format!("[{p}]({{{{< ref \"alpha.md\" >}}}})\n\n<!--more-->"),
        ],
        Shape::Zola => vec![
            format!("[{p}](@/alpha.md)"),
            format!("{{% note(title=\"{p}\") %}}\n{p}\n{{% end %}}"),
            "{{ youtube(id=\"abc\") }}".into(),
            format!("{p}\n\n<!-- more -->"),
        ],
        Shape::Jekyll => vec![
            format!("[{p}]({{% link alpha.md %}})"),
            "[home]({{ site.baseurl }}/x/)".into(),
            format!("{{% include note.html content=\"{p}\" %}}"),
            format!("{{% comment %}}\n{p}\n{{% endcomment %}}"),
        ],
        Shape::Mdn => vec![
            format!("{p} {{{{Glossary(\"alpha\")}}}} {{{{Glossary(\"beta\", \"{p}\")}}}}"),
            "{{GlossarySidebar}}".into(),
            "{{domxref(\"Node.append()\")}}".into(),
            "{{QuickLinksWithSubpages(\"/en-US/docs/Glossary\")}}".into(),
        ],
        Shape::Docusaurus => vec![
            format!(":::note\n{p}\n:::"),
            format!(":::warning[{p}]\n{p}\n:::"),
            "import Thing from '@site/src/thing';".into(),
            format!("{p}\n\n<!-- truncate -->"),
        ],
        Shape::Mkdocs => vec![
            format!("!!! note \"{p}\"\n    {p}\n\n    {p}"),
            format!("??? tip\n    {p}"),
            format!("[[alpha]] {p}"),
            format!("[[beta|{p}]]"),
        ],
    };
    let all: Vec<&String> = common.iter().chain(own.iter()).collect();
    all[n % all.len()].clone()
}
