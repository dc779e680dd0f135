//! Tests of the automatic linker.

use super::*;
use crate::config::Config;
use crate::model::{Entry, Kind, SourceFile};
use std::sync::Arc;

pub(crate) fn entry(kind: Kind, slug: &str, title: &str, aliases: &[&str]) -> Entry {
    Entry {
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        ..Entry::new(kind, slug, title)
    }
}

fn site(entries: Vec<Entry>, config: Config) -> Site {
    Site {
        root: Default::default(),
        config,
        entries,
        sources: vec![SourceFile {
            path: "x.md".into(),
            text: Arc::from(""),
        }],
        home_intro: None,
        kind_intros: Default::default(),
    }
}

fn glossary() -> Site {
    site(
        vec![
            entry(Kind::Term, "margin", "Margin", &[]),
            entry(
                Kind::Term,
                "maintenance-margin",
                "Maintenance Margin",
                &["MMR"],
            ),
            entry(
                Kind::Definition,
                "maintenance-margin-threshold",
                "Maintenance Margin Threshold",
                &[],
            ),
            entry(Kind::Term, "liquidation", "Liquidation", &[]),
            entry(Kind::Term, "ecart", "Écart", &[]),
        ],
        Config::default(),
    )
}

/// Each entry's page path, as rendering links it.
pub(crate) fn href<'a>(site: &Site) -> impl Fn(EntryId) -> CowStr<'a> + '_ {
    |id| {
        let e = &site.entries[id];
        CowStr::from(format!("/{}/{}/", e.kind.as_str(), e.slug))
    }
}

fn html(site: &Site, page: EntryId, md: &str) -> String {
    let linker = AutoLinker::new(site);
    let mut state = PageLinks::new(page);
    let mut events = Vec::new();
    linker.apply(
        pulldown_cmark::Parser::new(md),
        &mut state,
        href(site),
        |e| events.push(e),
    );
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events.into_iter());
    out
}

/// The page rendered from the mentions `apply` recorded, as rendering does it.
fn replayed(site: &Site, page: EntryId, md: &str) -> String {
    let linker = AutoLinker::new(site);
    let mut state = PageLinks::new(page);
    linker.apply(
        pulldown_cmark::Parser::new(md),
        &mut state,
        href(site),
        |_| {},
    );
    let mut events = Vec::new();
    replay(
        pulldown_cmark::Parser::new(md),
        &state.mentions,
        href(site),
        |e| events.push(e),
    );
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events.into_iter());
    out
}

#[test]
fn replaying_the_mentions_gives_what_applying_gives() {
    let s = glossary();
    for md in [
        "The maintenance margin threshold, then maintenance margin, margin, and margin again.",
        "# Liquidation\n\n`liquidation` and [margin](/x/) <a href=\"/y\">margin</a> then liquidation.",
        "Un écart, l'ÉCART, *margin* and **liquidation**\n\n| a | b |\n|---|---|\n| MMR | écart |",
        "```\nmargin\n```\n\n> margin &amp; liquidation\n\n- maintenance\n  margin",
    ] {
        for page in 0..s.entries.len() {
            assert_eq!(replayed(&s, page, md), html(&s, page, md), "{md}");
        }
    }
}

proptest::proptest! {
    #[test]
    fn replay_equals_apply(parts in proptest::collection::vec(
        proptest::sample::select(vec![
            "margin", "Maintenance Margin", "maintenance margin threshold", "MMR", "écart",
            "ÉCART", "liquidation", "İ", " ", "\n", "\n\n", "# ", "`", "*", "[", "](/u)",
            "<a href=\"/y\">", "</a>", "```\n", "&amp;", "-", "| ", "\\", "x",
        ]),
        0..40,
    ), page in 0usize..5) {
        let md: String = parts.concat();
        let s = glossary();
        proptest::prop_assert_eq!(replayed(&s, page, &md), html(&s, page, &md));
    }
}

#[test]
fn longest_match_wins_and_each_target_once() {
    let s = glossary();
    let out = html(
        &s,
        3,
        "The maintenance margin threshold, then maintenance margin, margin, and margin again.",
    );
    assert!(
        out.contains(
            "<a href=\"/definition/maintenance-margin-threshold/\">maintenance margin threshold</a>"
        ),
        "{out}"
    );
    assert!(
        out.contains("<a href=\"/term/maintenance-margin/\">maintenance margin</a>"),
        "{out}"
    );
    assert_eq!(out.matches("href=\"/term/margin/\"").count(), 1, "{out}");
}

#[test]
fn word_boundaries_and_case() {
    let s = glossary();
    let out = html(
        &s,
        3,
        "Margining and cross-margin are not MARGIN's cousins.",
    );
    assert_eq!(out.matches("<a ").count(), 1, "{out}");
    assert!(out.contains(">MARGIN</a>'s"), "{out}");
    let out = html(&s, 0, "Un écart, l'ÉCART.");
    assert!(out.contains("<a href=\"/term/ecart/\">écart</a>"), "{out}");
}

#[test]
fn never_in_headings_code_links_images_or_raw_html() {
    let s = glossary();
    let md = "# Liquidation\n\n`liquidation` and [liquidation](/x/) ![liquidation](/i.png) <a href=\"/y\">liquidation</a>\n\n```\nliquidation\n```\n";
    assert!(
        !html(&s, 0, md).contains("/term/liquidation/"),
        "{}",
        html(&s, 0, md)
    );
    assert!(html(&s, 0, &format!("{md}\nThen liquidation."))
        .contains("<a href=\"/term/liquidation/\">liquidation</a>"));
}

#[test]
fn never_to_itself_and_claims_its_own_name() {
    let s = glossary();
    // On the maintenance margin page, its own name is not linked, nor `margin` within it.
    let out = html(&s, 1, "Maintenance margin is a margin.");
    assert!(!out.contains("/term/maintenance-margin/"), "{out}");
    assert_eq!(out.matches("<a ").count(), 1, "{out}");
    assert!(
        out.contains("a <a href=\"/term/margin/\">margin</a>"),
        "{out}"
    );
}

#[test]
fn limits_and_switches() {
    let mut config = Config::default();
    config.links.max_per_page = 1;
    config.links.min_title_length = 4;
    let s = site(glossary().entries, config);
    let out = html(&s, 3, "MMR then margin then maintenance margin.");
    assert_eq!(out.matches("<a ").count(), 1, "{out}");
    assert!(!out.contains(">MMR<"), "short alias ignored: {out}");
    let mut config = Config::default();
    config.links.autolink = false;
    let s = site(glossary().entries, config);
    assert!(!html(&s, 3, "margin").contains("<a "));
}

#[test]
fn raw_html_anchors_and_expanding_lowercase() {
    let s = glossary();
    let out = html(&s, 0, "<a id=\"x\"/> then liquidation");
    assert!(
        out.contains("/term/liquidation/"),
        "a self-closing anchor closes nothing: {out}"
    );
    let out = html(&s, 0, "<a href=\"/y\">here</a> then liquidation");
    assert!(out.contains("/term/liquidation/"), "{out}");
    let s = site(
        vec![entry(Kind::Term, "abi", "Abi", &[])],
        Config::default(),
    );
    assert!(
        !html(&s, 1, "The ABİ rule").contains("<a "),
        "a match may not end inside İ"
    );
}

#[test]
fn shared_names_are_ambiguous() {
    let s = site(
        vec![
            entry(Kind::Term, "a", "Basis", &[]),
            entry(Kind::Definition, "b", "Spread", &["basis"]),
        ],
        Config::default(),
    );
    let linker = AutoLinker::new(&s);
    assert_eq!(linker.ambiguous, vec![("basis".to_string(), vec![0, 1])]);
    assert!(!html(&s, 1, "the basis").contains("<a "));
}

/// The targets' slugs linked in `md`, in order.
fn linked(site: &Site, page: EntryId, md: &str) -> Vec<String> {
    let linker = AutoLinker::new(site);
    let mut state = PageLinks::new(page);
    linker.apply(crate::markdown::events(md), &mut state, href(site), |_| {});
    state
        .mentions
        .iter()
        .map(|m| site.entries[m.target].slug.clone())
        .collect()
}

fn cluster() -> Site {
    let mut exact_any = entry(Kind::Definition, "api", "API", &[]);
    exact_any.link_case = crate::model::LinkCase::Any;
    site(
        vec![
            entry(Kind::Definition, "pod", "Pod", &[]),
            entry(Kind::Definition, "proxy", "Proxy", &[]),
            entry(Kind::Definition, "rest", "REST", &[]),
            entry(Kind::Definition, "turn", "TURN", &[]),
            entry(Kind::Definition, "configmap", "ConfigMap", &[]),
            entry(Kind::Term, "margin-call", "Margin Call", &[]),
            entry(Kind::Term, "kubernetes", "Kubernetes", &[]),
            entry(Kind::Term, "pods-team", "PODS", &["pods team"]),
            exact_any,
        ],
        Config::default(),
    )
}

#[test]
fn plurals_and_possessives_link_to_their_entry() {
    let s = cluster();
    assert_eq!(
        linked(
            &s,
            0,
            "Two margin calls hit the proxies' PODS while Kubernetes' API ran."
        ),
        ["margin-call", "proxy", "pods-team", "kubernetes", "api"]
    );
    assert_eq!(
        linked(&s, 6, "A pod's volume, ConfigMaps and pods."),
        ["pod", "configmap"]
    );
}

#[test]
fn acronyms_and_capitals_inside_match_only_as_written() {
    let s = cluster();
    assert!(linked(
        &s,
        0,
        "The rest of it may turn out fine; configmap or Configmap."
    )
    .is_empty());
    assert_eq!(
        linked(&s, 0, "A REST call, a TURN relay, a ConfigMap and an api."),
        ["rest", "turn", "configmap", "api"]
    );
}

#[test]
fn word_forms_can_be_turned_off() {
    let mut s = cluster();
    s.config.links.word_forms = false;
    assert_eq!(linked(&s, 5, "Pods and pod."), ["pod"]);
}

#[test]
fn never_inside_template_syntax() {
    let s = cluster();
    let md = "A {{< glossary_tooltip text=\"pods\" term_id=\"pod\" >}} next to a proxy {% link pod.md %}.";
    assert_eq!(linked(&s, 5, md), ["proxy"]);
    assert_eq!(
        linked(&s, 5, "Many pods, one PODS team."),
        ["pod", "pods-team"]
    );
}

#[test]
fn targets_can_be_turned_away() {
    let mut s = cluster();
    s.entries[0].autolink_target = false; // pod
    s.entries[1].disambiguation = true; // proxy
    s.entries[1].autolink_target = false;
    s.entries[5].link_names = Some(vec!["margin call".into()]);
    s.entries[5].aliases = vec!["call".into()];
    assert_eq!(
        linked(&s, 6, "A pod, a proxy, a call and a margin call."),
        ["margin-call"]
    );
    s.config.links.target_kinds = vec!["definition".into()];
    assert!(linked(&s, 6, "A margin call.").is_empty());
}

#[test]
fn an_entry_wins_a_name_it_shares_with_an_area() {
    let mut s = cluster();
    s.entries.push(entry(Kind::Area, "pods-area", "Pod", &[]));
    let linker = AutoLinker::new(&s);
    assert_eq!(linked(&s, 6, "A pod."), ["pod"]);
    assert_eq!(linker.shadowed, [("pod".to_string(), 0, vec![9])]);
    assert!(linker.ambiguous.is_empty());
}

fn everyday() -> Site {
    let mut opted_in = entry(Kind::Definition, "spread", "Spread", &[]);
    opted_in.link_case = crate::model::LinkCase::Any;
    site(
        vec![
            entry(Kind::Definition, "service", "Service", &[]),
            entry(Kind::Definition, "order", "Order", &[]),
            entry(Kind::Term, "service-account", "Service Account", &[]),
            entry(Kind::Term, "margin", "Margin", &[]),
            opted_in,
            entry(Kind::Term, "page", "Page", &[]),
        ],
        Config::default(),
    )
}

#[test]
fn everyday_words_link_only_capitalised_in_mid_sentence() {
    let s = everyday();
    // In their everyday sense: lower case, or capitalised at a sentence's start.
    assert_eq!(
        linked(
            &s,
            5,
            "In order to scale, the service restarts. Order matters: Service first."
        ),
        Vec::<String>::new()
    );
    assert_eq!(linked(&s, 5, "* Service\n* Order"), Vec::<String>::new());
    assert_eq!(
        linked(&s, 5, "“Order” is a word. (Service) too."),
        Vec::<String>::new()
    );
    // Written as names: capitalised in mid-sentence, plurals too; longer names, rarer
    // words and opted-in entries link as before.
    assert_eq!(
        linked(
            &s,
            5,
            "Create two Services, then an Order; the margin is fine."
        ),
        ["service", "order", "margin"]
    );
    assert_eq!(
        linked(&s, 5, "A service account and a wide spread."),
        ["service-account", "spread"]
    );
    // A word inside a longer name: followed by another capitalised word.
    assert_eq!(
        linked(
            &s,
            5,
            "The Domain Order System and the Service Providers; a Service."
        ),
        ["service"]
    );
    // After code or emphasis the sentence goes on.
    assert_eq!(linked(&s, 5, "Run `x` Service."), ["service"]);
    assert_eq!(
        linked(&s, 5, "*Note.* Service is down."),
        Vec::<String>::new()
    );
}

#[test]
fn words_inside_longer_capitalised_names_are_not_linked() {
    let s = everyday();
    // An everyday word after a capitalised word, over small words: the head of a longer
    // name. At a sentence's start the capital before says nothing.
    assert_eq!(
        linked(
            &s,
            5,
            "Rent Infrastructure as a Service, Amazon Web Services or the Bank of the Order."
        ),
        Vec::<String>::new()
    );
    assert_eq!(linked(&s, 5, "Often a Service fails."), ["service"]);
    // Any capitalised name before another capitalised word modifies it; not an acronym.
    let s = site(
        vec![
            entry(Kind::Term, "margin", "Margin", &[]),
            entry(Kind::Term, "rest", "REST", &[]),
            entry(Kind::Term, "page", "Page", &[]),
        ],
        Config::default(),
    );
    assert_eq!(
        linked(&s, 2, "A Margin Call came; then a REST API and the Margin."),
        ["rest", "margin"]
    );
}

#[test]
fn everyday_words_rule_can_be_turned_off_or_tuned() {
    let mut s = everyday();
    s.config.links.everyday_words = false;
    assert_eq!(linked(&s, 5, "the service"), ["service"]);
    s.config.links.everyday_words = true;
    s.config.links.everyday_zipf = 5.45; // `service` is 5.49, `order` 5.49 too
    assert_eq!(linked(&s, 5, "the service"), Vec::<String>::new());
    s.config.links.everyday_zipf = 6.0;
    assert_eq!(linked(&s, 5, "the service"), ["service"]);
    s.config.language = "fr".into();
    s.config.links.everyday_zipf = 4.5;
    assert_eq!(linked(&s, 5, "the service"), ["service"]);
}

/// The slugs `scan_body` links in the body of entry `page` (explicit links considered).
fn scanned(site: &Site, page: EntryId) -> Vec<String> {
    let linker = AutoLinker::new(site);
    let e = &site.entries[page];
    let scan = crate::link::similar::Counter::with(|counter| {
        crate::link::scan_body(&linker, page, e, counter, &mut String::new())
    });
    scan.mentions
        .iter()
        .map(|m| site.entries[m.target].slug.clone())
        .collect()
}

#[test]
fn no_automatic_link_to_an_entry_the_body_links_itself() {
    let mut s = glossary();
    s.config.base_url = "https://example.org/docs/".into();
    let body = |s: &mut Site, md: &str| s.entries[4].body = md.into();
    // Linked later in the body, in each way a link can be written.
    for link in [
        "[the liquidation page](/term/liquidation/)",
        "[it](../liquidation/)",
        "[it](../../term/liquidation/#steps)",
        "[it](https://example.org/docs/term/liquidation/index.html)",
        "[it](/term/liquidation)",
    ] {
        body(&mut s, &format!("Margin and liquidation.\n\nSee {link}."));
        assert_eq!(scanned(&s, 4), ["margin"], "{link}");
    }
    // Images, other sites and other pages do not count.
    body(
        &mut s,
        "Margin and liquidation. ![a](/term/liquidation/) [b](https://other.example/term/liquidation/) [c](/term/margin-call/)",
    );
    assert_eq!(scanned(&s, 4), ["margin", "liquidation"]);
}

#[test]
fn only_the_words_with_capitals_inside_keep_their_case() {
    let mut s = cluster();
    s.entries
        .push(entry(Kind::Definition, "dom-node", "DOM Node", &[]));
    assert_eq!(linked(&s, 0, "Two DOM nodes."), ["dom-node"]);
    assert!(linked(&s, 0, "Two dom nodes.").is_empty());
    s.entries[9].link_case = crate::model::LinkCase::Exact;
    assert!(linked(&s, 0, "Two DOM nodes.").is_empty());
    assert_eq!(linked(&s, 0, "One DOM Node."), ["dom-node"]);
}

#[test]
fn names_wrapped_over_two_lines_are_found() {
    let s = cluster();
    assert_eq!(
        linked(&s, 0, "Two margin\ncalls, a\u{a0}margin call."),
        ["margin-call"]
    );
    let md = "Their margin\ncalls hit a pod\nand a proxy.\n";
    assert_eq!(linked(&s, 6, md), ["margin-call", "pod", "proxy"]);
    assert_eq!(html(&s, 6, md), replayed(&s, 6, md));
    assert!(
        html(&s, 6, md).contains("margin\ncalls</a>"),
        "{}",
        html(&s, 6, md)
    );
}

#[test]
fn never_inside_file_names_hosts_or_paths() {
    let s = cluster();
    assert!(linked(
        &s,
        0,
        "Play kubernetes.mp4 from kubernetes.io, GET /api/pods or pods/log, mail ops@pod."
    )
    .is_empty());
    // A sentence's full stop is not a file name.
    assert_eq!(
        linked(&s, 5, "It runs Kubernetes. A pod, then."),
        ["kubernetes", "pod"]
    );
}
