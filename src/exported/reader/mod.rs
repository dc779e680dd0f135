//! The export reader: one exported page's text in, a typed [`ExportPage`] out.
//!
//! [`read`] is a pure function over text that never panics and never gives up: a page cut
//! off anywhere, a half-written line, an unclosed code fence, invalid JSON, an unknown H1
//! suffix all become [`Warning`]s (with 1-based line numbers) while everything before and
//! around them is still read. It only *reads*: which URL keys the page, how areas merge
//! with their resource pages and what the native entry looks like are decided in
//! [`super::merge`].
//!
//! [`lines`] walks the page line by line (which part of the page is open, fences, the
//! cut-off end); [`inline`] reads the one-line shapes (metadata, image and link lines).
//!
//! The layout it understands (FORMAT.md §2):
//!
//! ```text
//! # <Title> ⎊ Area ⎊ <Site>          | # <Title> ⎊ Term | # <Title> ⎊ Definition
//! **Published:** …  **Author:** …  **Categories:** …      (terms, definitions)
//! ---
//! ![caption](url)                                          (images before the article)
//! ## What is the <Facet> of <Title>?  + answer             (areas: questions)
//! ## <Section>  + markdown                                 (terms, definitions)
//! - [<Title>](<url>)                                       (definitions: related links)
//! ## Glossary  / ### [<Area>](<url>) + `<Facet> ⎊ <sentence>` (definitions)
//! ---
//! ## [<Title>](<url>)  + optional description line         (areas: related items)
//! ---
//! ## Raw Schema Data  + ```json blocks                      (every JSON-LD block)
//! ---
//! **Original URL:** <url>
//! ```

mod inline;
mod lines;

use serde::Serialize;

use super::ld::LdNode;
use crate::model::Kind;
pub use inline::parse_link;
pub use lines::read;

/// Everything read from one exported page.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ExportPage {
    /// The kind the H1 suffix names, else the kind the `Original URL` path names.
    pub kind: Option<Kind>,
    /// The kind the H1 suffix names (`Area`, `Term`, `Definition`).
    pub h1_kind: Option<Kind>,
    /// `N` of an area's `⎊ Resource N` suffix.
    pub resource: Option<u32>,
    pub title: String,
    /// Line of the H1 (0 when there is none).
    pub title_line: usize,
    /// The H1 segments after the kind (the site name, `Resource N`).
    pub suffix: Vec<String>,
    /// `**Published:**`, `**Author:**`, `**Categories:**`, … before the first `---`.
    pub meta: Vec<MetaLine>,
    /// Image lines between the header and the first section.
    pub images: Vec<ImageLine>,
    /// Areas: question-shaped H2s and their answers.
    pub questions: Vec<QuestionSection>,
    /// Areas: the related list (`## [Title](url)` and its description line).
    pub related: Vec<RelatedItem>,
    /// Terms and definitions: the article, one entry per H2 (`heading: None` for text
    /// before the first H2).
    pub sections: Vec<Section>,
    /// Definitions: bullet items that are nothing but a link (`- [Title](url)`).
    pub links: Vec<LinkItem>,
    /// Definitions: the `## Glossary` section's `### [Area](url)` items.
    pub glossary: Vec<GlossaryItem>,
    pub original_url: Option<Located>,
    pub json_ld: Vec<JsonLdBlock>,
    pub warnings: Vec<Warning>,
    /// Whether the page ends with its `**Original URL:**` line (else it was cut off).
    pub complete: bool,
}

/// A text with the line it was read from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Located {
    pub text: String,
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MetaLine {
    pub key: String,
    pub value: String,
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImageLine {
    pub caption: String,
    pub url: String,
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuestionSection {
    pub question: String,
    pub line: usize,
    /// The answer's markdown (lines up to the next H2 or `---`, trimmed).
    pub answer: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RelatedItem {
    pub title: String,
    pub url: String,
    pub line: usize,
    /// The description line, as written (with its `Meaning ⎊ … ⎊ Term` decoration).
    pub description: Option<Located>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Section {
    pub heading: Option<String>,
    pub line: usize,
    /// The section's markdown, without its heading, trimmed of blank lines.
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LinkItem {
    pub title: String,
    pub url: String,
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GlossaryItem {
    pub title: String,
    pub url: String,
    pub line: usize,
    /// The `<Facet> ⎊ <sentence>` line.
    pub text: Option<Located>,
}

/// One fenced block of the `## Raw Schema Data` section.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct JsonLdBlock {
    /// Line of the opening fence.
    pub line: usize,
    pub nodes: Vec<LdNode>,
    /// Why the block could not be read as JSON.
    pub error: Option<String>,
}

/// A problem found while reading, at a 1-based line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub line: usize,
    pub message: String,
}

impl ExportPage {
    /// The value of a metadata line (`Published`, `Author`, …), case-insensitively.
    pub fn meta(&self, key: &str) -> Option<&MetaLine> {
        self.meta.iter().find(|m| m.key.eq_ignore_ascii_case(key))
    }

    /// Every JSON-LD node of the page, in order.
    pub fn nodes(&self) -> impl Iterator<Item = (&JsonLdBlock, &LdNode)> {
        self.json_ld
            .iter()
            .flat_map(|b| b.nodes.iter().map(move |n| (b, n)))
    }
}

/// Whether a text is an exported page: its first non-blank line is an H1 holding the `⎊`
/// separator (`# Title ⎊ Term`). Native entries start with `+++` or `---` instead.
pub fn is_export(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.starts_with("# ") && l.contains('⎊'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const AREA: &str = "# Funding Drift ⎊ Area ⎊ Example Glossary\n\n---\n\n\
        ## What is the Mechanism of Funding Drift?\n\nFunding payments move with the premium.\n\n\
        A second paragraph.\n\n## What is the Risk of Funding Drift?\n\nCarry turns negative.\n\n---\n\n\
        ## [Premium Index](https://g.test/definition/premium-index/)\n\n\
        Meaning ⎊ The gap between the mark and the index. ⎊ Term\n\n\
        ## [Basis Trade](https://g.test/term/basis-trade/)\n\n---\n\n## Raw Schema Data\n\n\
        ```json\n{\"@type\": \"BreadcrumbList\", \"itemListElement\": [{\"@type\": \"ListItem\", \"position\": 1, \"name\": \"Home\", \"item\": \"https://g.test/\"}]}\n```\n\n\
        ```json\n{\"@type\": \"FAQPage\", \"mainEntity\": [}\n```\n\n---\n\n\
        **Original URL:** https://g.test/area/funding-drift/\n";

    #[test]
    fn reads_an_area() {
        let p = read(AREA);
        assert_eq!(p.kind, Some(Kind::Area));
        assert_eq!(p.title, "Funding Drift");
        assert_eq!(p.suffix, ["Example Glossary"]);
        assert_eq!(p.questions.len(), 2);
        assert_eq!(
            p.questions[0].answer,
            "Funding payments move with the premium.\n\nA second paragraph."
        );
        assert_eq!(p.questions[1].line, 11);
        assert_eq!(p.related.len(), 2);
        assert_eq!(p.related[0].title, "Premium Index");
        assert_eq!(
            p.related[0].description.as_ref().unwrap().text,
            "Meaning ⎊ The gap between the mark and the index. ⎊ Term"
        );
        assert!(p.related[1].description.is_none());
        assert_eq!(p.json_ld.len(), 2);
        assert!(matches!(p.json_ld[0].nodes[0], LdNode::BreadcrumbList(_)));
        assert!(p.json_ld[1].error.is_some());
        assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
        assert!(p.warnings[0].message.contains("invalid JSON"));
        assert_eq!(p.warnings[0].line, 32);
        assert!(p.complete);
        assert_eq!(
            p.original_url.unwrap().text,
            "https://g.test/area/funding-drift/"
        );
    }

    #[test]
    fn reads_a_term_and_a_definition() {
        let term = "# Basis Trade ⎊ Term\n\n**Published:** 2026-01-05\n**Author:** Ada\n**Categories:** Term\n\n---\n\n\
            ![A chart of two lines](https://g.test/img/basis.jpg)\n\n## Essence\n\nThe **basis** is spot minus futures.\n\n\
            > A pull quote.\n\n---\n\nAfter a rule.\n\n![Another](https://g.test/img/b2.jpg)\n\n## Origin\n\nSee [Funding Drift](https://g.test/area/funding-drift/).\n\n\
            ```text\n## not a heading\n```\n\n---\n\n**Original URL:** https://g.test/term/basis-trade/\n";
        let p = read(term);
        assert_eq!(p.kind, Some(Kind::Term));
        assert_eq!(p.meta("published").unwrap().value, "2026-01-05");
        assert_eq!(p.meta("Author").unwrap().value, "Ada");
        assert_eq!(p.images.len(), 1);
        assert_eq!(p.images[0].caption, "A chart of two lines");
        assert_eq!(p.sections.len(), 2);
        assert!(p.sections[0].text.contains("---\n\nAfter a rule."));
        assert!(p.sections[0].text.contains("![Another]"));
        assert!(p.sections[1]
            .text
            .ends_with("```text\n## not a heading\n```"));
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);

        let def = "# Premium Index ⎊ Definition\n\n**Published:** 2026-02-01\n\n---\n\n## Premium Index\n\n\
            The gap.\n\n- [Mark Price](https://g.test/definition/mark-price/)\n- [Index](https://g.test/definition/index/) and more\n\n\
            ## Glossary\n\n### [Funding Drift](https://g.test/area/funding-drift/)\n\nMechanism ⎊ Payments follow the premium.\n\n\
            ---\n\n**Original URL:** https://g.test/definition/premium-index/\n";
        let p = read(def);
        assert_eq!(p.kind, Some(Kind::Definition));
        assert_eq!(p.links.len(), 1);
        assert_eq!(p.links[0].title, "Mark Price");
        assert!(p.sections[0].text.contains("and more"));
        assert_eq!(p.glossary.len(), 1);
        assert_eq!(
            p.glossary[0].text.as_ref().unwrap().text,
            "Mechanism ⎊ Payments follow the premium."
        );
    }

    #[test]
    fn cut_off_pages_keep_what_came_before() {
        let cut = &AREA[..AREA.find("## [Basis").unwrap() + 12];
        let p = read(cut);
        assert_eq!(p.questions.len(), 2);
        assert_eq!(p.related.len(), 1);
        assert!(!p.complete);
        assert!(p.warnings.iter().any(|w| w.message.contains("cut off")));
    }

    #[test]
    fn h1_variants() {
        let p = read("# X ⎊ Area ⎊ Resource 3\n");
        assert_eq!((p.kind, p.resource), (Some(Kind::Area), Some(3)));
        let p = read("# X ⎊ Glossary ⎊ Site\n\n**Original URL:** https://g.test/term/x/\n");
        assert_eq!(p.kind, Some(Kind::Term));
        assert!(p.warnings[0]
            .message
            .contains("unknown H1 suffix `Glossary`"));
        let p = read("hello\n");
        assert_eq!(p.kind, None);
        assert!(p.warnings[0].message.contains("does not start with an H1"));
        assert!(is_export("\u{feff}\n# A ⎊ Term\n"));
        assert!(!is_export("+++\ntitle = \"x\"\n+++\n"));
    }

    #[test]
    fn links() {
        assert_eq!(
            parse_link("[a [b]](https://x/ \"t\")"),
            Some(("a [b]".into(), "https://x/".into()))
        );
        assert_eq!(parse_link("[a](<u v>)"), Some(("a".into(), "u v".into())));
        assert_eq!(parse_link("[a]()"), None);
        assert_eq!(parse_link("[a](https://x"), None);
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in [
            "",
            "\n\n",
            "#",
            "# ⎊",
            "# ⎊ Area ⎊",
            "```",
            "# A ⎊ Area\n## Raw Schema Data\n```json\n{\n",
            "# A ⎊ Definition\n---\n## Glossary\n### [x\ny\n",
            "\u{feff}",
            "# A ⎊ Area\n---\n## [](x)\n## [",
            "# A ⎊ Area\n## Raw Schema Data\n```json\n{\"a\": \"b\n",
        ] {
            let page = read(text);
            let lines = text.split_inclusive('\n').count().max(1);
            for w in &page.warnings {
                assert!((1..=lines).contains(&w.line), "{text:?}: {w:?}");
            }
        }
    }
}
