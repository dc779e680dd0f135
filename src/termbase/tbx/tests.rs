use super::*;
use crate::model::Kind;
use crate::termbase::{FileError, Item, Record, Ref, Translation};

fn read(text: &str) -> Result<Vec<Item>, FileError> {
    Reader::new(text.as_bytes(), "en")?.collect()
}

fn records(items: &[Item]) -> Vec<&Record> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Record(r) => Some(&**r),
            _ => None,
        })
        .collect()
}

const BASIC: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>Desk glossary</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <descrip type="subjectField">Risk</descrip>
      <ref type="crossReference" target="c2">funding rate</ref>
      <transacGrp><transac type="transactionType">origination</transac><date>2025-04-01</date>
        <transacNote type="responsibility">Desk</transacNote></transacGrp>
      <langSec xml:lang="en-GB">
        <descrip type="definition">Collateral that keeps a position &amp; its
          orders open.</descrip>
        <termSec><term>Maintenance <hi>margin</hi></term><termNote type="partOfSpeech">noun</termNote></termSec>
        <termSec><term>MMR</term></termSec>
      </langSec>
      <langSec xml:lang="fr"><termSec><term>marge de maintien</term></termSec></langSec>
    </conceptEntry>
    <conceptEntry id="definition-funding-rate">
      <langSec xml:lang="en"><note>Paid &#8212; or received.

Every eight hours.</note><termSec><term>Funding rate</term></termSec></langSec>
    </conceptEntry>
    <conceptEntry id="c3"><langSec xml:lang="de"><termSec><term>Basis</term></termSec></langSec></conceptEntry>
  </body></text>
</tbx>
"#;

#[test]
fn concepts_become_records() {
    let items = read(BASIC).unwrap();
    let r = records(&items);
    assert_eq!(r.len(), 2, "{items:?}");
    assert_eq!(r[0].title, "Maintenance margin");
    assert_eq!(r[0].aliases, ["MMR"]);
    assert_eq!(
        r[0].description,
        "Collateral that keeps a position & its orders open."
    );
    assert_eq!(r[0].areas, ["Risk"]);
    assert_eq!(
        r[0].related,
        [Ref {
            id: Some("c2".into()),
            name: "funding rate".into()
        }]
    );
    assert_eq!(r[0].date.as_deref(), Some("2025-04-01"));
    assert_eq!(r[0].author.as_deref(), Some("Desk"));
    assert_eq!(r[0].translations["fr"].title, "marge de maintien");
    assert_eq!(r[0].line, 5);
    assert_eq!(
        (r[1].kind, r[1].slug.as_deref()),
        (Some(Kind::Definition), Some("funding-rate"))
    );
    assert_eq!(
        r[1].body,
        "Paid \u{2014} or received.\n\nEvery eight hours."
    );
    let skip = items.iter().find_map(|i| match i {
        Item::Skip { line, reason } => Some((*line, reason)),
        _ => None,
    });
    let (line, reason) = skip.unwrap();
    assert_eq!(line, 23);
    assert!(reason.contains("`c3`") && reason.contains("de"), "{reason}");
    let left_out = items.iter().any(|i| matches!(i, Item::Warning { message, .. } if message.contains("termNote partOfSpeech (1)")));
    assert!(left_out, "{items:?}");
}

#[test]
fn entities_are_never_expanded() {
    let laughs = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE tbx [\n <!ENTITY lol \"lol\">\n{}]>\n<tbx><text><body><conceptEntry id=\"a\"><langSec xml:lang=\"en\"><termSec><term>&lol9;</term></termSec></langSec></conceptEntry></body></text></tbx>",
        (1..10)
            .map(|i| format!(" <!ENTITY lol{i} \"{}\">\n", format!("&lol{};", i - 1).repeat(10)))
            .collect::<String>()
    );
    let err = read(&laughs).unwrap_err();
    assert_eq!(err.line, 2);
    assert!(
        err.message.contains("never expands entities"),
        "{}",
        err.message
    );
    let external = "<?xml version=\"1.0\"?>\n<!DOCTYPE tbx [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<tbx/>";
    assert!(read(external).unwrap_err().message.contains("entities"));
    let undefined = "<tbx>\n<text><body><conceptEntry id=\"a\"><langSec xml:lang=\"en\"><termSec><term>&x;</term></termSec></langSec></conceptEntry></body></text></tbx>";
    let err = read(undefined).unwrap_err();
    assert!(err.message.contains("`&x;`"), "{}", err.message);
    assert_eq!(err.line, 2);
    // A DOCTYPE naming a DTD only is read (and the DTD never fetched).
    let v2 = "<!DOCTYPE martif SYSTEM \"TBXcoreStructV02.dtd\">\n<martif type=\"TBX-Basic\" xml:lang=\"en\"><text><body><termEntry id=\"t1\"><langSet xml:lang=\"en\"><tig><term>Basis</term></tig></langSet></termEntry></body></text></martif>";
    assert_eq!(records(&read(v2).unwrap())[0].title, "Basis");
}

#[test]
fn broken_files_stop_with_their_line() {
    assert!(read("<html/>")
        .unwrap_err()
        .message
        .contains("root element"));
    assert!(read("").unwrap_err().message.contains("no TBX"));
    let err = read("<tbx>\n<text>\n<body></text></tbx>").unwrap_err();
    assert_eq!(err.line, 3, "{err}");
    let cut = "<tbx>\n<text><body>\n<conceptEntry id=\"a\"><langSec xml:lang=\"en\"><termSec><term>A</term>";
    let err = read(cut).unwrap_err();
    assert_eq!(err.line, 3, "{err}");
    let latin = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><tbx/>";
    assert!(read(latin).unwrap_err().message.contains("UTF-8"));
    let huge = format!(
        "<tbx><text><body><conceptEntry id=\"a\"><langSec xml:lang=\"en\"><note>{}</note><termSec><term>A</term></termSec></langSec></conceptEntry></body></text></tbx>",
        "x".repeat(crate::termbase::MAX_CELL + 10)
    );
    let items = read(&huge).unwrap();
    assert!(matches!(&items[0], Item::Skip { reason, .. } if reason.contains("`note`")));
}

#[test]
fn write_then_read_gives_the_records_back() {
    let mut a = Record {
        line: 15,
        id: Some("term-margin".into()),
        kind: Some(Kind::Term),
        slug: Some("margin".into()),
        title: "Margin <&> \"quoted\"".into(),
        description: "Collateral.".into(),
        body: "One.\n\n    code\n\nTwo & three.".into(),
        aliases: vec!["IM".into()],
        related: vec![
            Ref {
                id: Some("definition-basis".into()),
                name: "Basis".into(),
            },
            Ref::name("missing-thing"),
        ],
        areas: vec!["Risk management".into()],
        date: Some("2026-01-02T03:04:05Z".into()),
        updated: Some("2026-02-01".into()),
        author: Some("Ada".into()),
        source_url: Some("csv:terms.csv".into()),
        ..Record::default()
    };
    a.translations.insert(
        "fr".into(),
        Translation {
            title: "Marge".into(),
            aliases: vec!["dépôt".into()],
            description: "Garantie.".into(),
            body: String::new(),
        },
    );
    let b = Record {
        line: 53,
        id: Some("definition-basis".into()),
        kind: Some(Kind::Definition),
        slug: Some("basis".into()),
        title: "Basis".into(),
        ..Record::default()
    };
    let header = Header {
        language: "en",
        title: "Desk & Co",
        source: "test",
    };
    let mut out = Vec::new();
    write(&[a.clone(), b.clone()], &header, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let items = read(&text).unwrap();
    assert_eq!(records(&items), [&a, &b], "{text}");
}
