//! Unit tests of the page read: the wire format and the picking rounds.

use super::replay::{replay, text_read_json_of, text_read_of};
use super::*;
use crate::core::facts::{ElementFact, LinkFact, TextFact};

fn element(tag: &str, parent: Option<usize>, display: &str) -> ElementFact {
    ElementFact {
        tag: tag.into(),
        parent,
        display: display.into(),
        ..Default::default()
    }
}

fn text(text: &str, element: usize, y: f64) -> TextFact {
    TextFact {
        text: text.into(),
        element,
        rect: Rect {
            x: 400.0,
            y,
            width: 200.0,
            height: 16.0,
        },
        ..Default::default()
    }
}

/// A long page of paragraphs with a footer line split over inline elements at the end.
fn long_page(paragraphs: usize) -> PageFacts {
    let mut facts = PageFacts {
        url: "https://www.example.cn/".into(),
        title: "示例".into(),
        viewport: Size {
            width: 1200.0,
            height: 800.0,
        },
        document: Size {
            width: 1200.0,
            height: 20.0 * paragraphs as f64 + 100.0,
        },
        elements: vec![
            element("html", None, "block"),
            element("body", Some(0), "block"),
        ],
        ..Default::default()
    };
    for i in 0..paragraphs {
        facts.elements.push(element("p", Some(1), "block"));
        let el = facts.elements.len() - 1;
        facts
            .texts
            .push(text(&format!("第{i}段 B 12 号"), el, 20.0 * i as f64));
    }
    let y = 20.0 * paragraphs as f64 + 40.0;
    facts.elements.push(element("footer", Some(1), "block"));
    let footer = facts.elements.len() - 1;
    facts.elements.push(element("a", Some(footer), "inline"));
    let a = facts.elements.len() - 1;
    facts.elements.push(element("span", Some(a), "inline"));
    let span = facts.elements.len() - 1;
    facts.links.push(LinkFact {
        href: "https://beian.miit.gov.cn/".into(),
        raw_href: Some("https://beian.miit.gov.cn/".into()),
        element: a,
        ..Default::default()
    });
    for (t, el) in [
        ("豫ICP备", a),
        ("2026018839", span),
        ("号-", a),
        ("1", span),
    ] {
        let mut piece = text(t, el, y);
        piece.link = Some(0);
        facts.texts.push(piece);
    }
    facts.texts.push(text("© 2026 示例", footer, y + 20.0));
    facts
}

#[test]
fn the_wire_round_trips() {
    let facts = long_page(3);
    let read = TextRead::from_wire(text_read_of(&facts)).unwrap();
    assert_eq!(read.pieces.len(), facts.texts.len());
    for (i, t) in facts.texts.iter().enumerate() {
        assert_eq!(read.piece_text(i), t.text);
        assert_eq!(read.pieces[i].element, t.element);
    }
    assert_eq!(read.elements.len(), facts.elements.len());
    assert_eq!(read.elements[3].parent, Some(1));
    assert_eq!(
        read.link_of(facts.elements.len() - 1),
        Some(facts.elements.len() - 2)
    );
}

#[test]
fn the_wire_travels_as_one_json_string() {
    let facts = long_page(3);
    let json = text_read_json_of(&facts);
    assert!(json.starts_with('{') && json.contains("\"lengths\":\""));
    assert_eq!(
        TextRead::from_json(&json).unwrap(),
        TextRead::from_wire(text_read_of(&facts)).unwrap()
    );
    // What the collector's `JSON.stringify` writes that serde's own output does not: escapes
    // for control characters and lone surrogates as `\u` sequences, keys in another order.
    let escaped = r#"{"tagNames":["p"],"tags":"0","parents":"0","text":"a\u0001\"b\\","lengths":"5","owners":"0","url":"https://x.cn/"}"#;
    let read = TextRead::from_json(escaped).unwrap();
    assert_eq!(read.piece_text(0), "a\u{1}\"b\\");
    assert_eq!(read.url, "https://x.cn/");
}

#[test]
fn bad_json_is_an_error_not_a_panic() {
    for json in [
        "",
        "null",
        "{",
        r#"{"text": 5}"#,
        r#"{"lengths": "1", "owners": "0", "text": "\ud800"}"#,
    ] {
        assert_eq!(
            TextRead::from_json(json).unwrap_err(),
            ReadError::BadJson,
            "{json}"
        );
    }
    // Every field may be left out: an empty page.
    assert_eq!(TextRead::from_json("{}").unwrap().pieces.len(), 0);
}

#[test]
fn bad_wires_are_errors_not_panics() {
    let good = text_read_of(&long_page(2));
    type Spoil = fn(&mut TextReadWire);
    let cases: Vec<(Spoil, ReadError)> = vec![
        (|w| w.lengths.push_str(",x"), ReadError::BadNumber),
        (
            |w| w.lengths = w.lengths.replace('1', "9"),
            ReadError::BadLengths,
        ),
        (|w| w.owners = "999".into(), ReadError::BadIndex),
        (|w| w.parents = "5".into(), ReadError::BadIndex),
        (|w| w.tags = "77".into(), ReadError::BadIndex),
        (|w| w.sources = "1:9".into(), ReadError::BadNumber),
        (|w| w.sources = "999:1".into(), ReadError::BadIndex),
        (|w| w.link_hrefs.clear(), ReadError::BadIndex),
        (|w| w.text.push('x'), ReadError::BadLengths),
    ];
    for (spoil, expected) in cases {
        let mut wire = good.clone();
        spoil(&mut wire);
        assert_eq!(TextRead::from_wire(wire).unwrap_err(), expected);
    }
    // Half a surrogate pair's worth of length.
    let mut wire = TextReadWire {
        text: "𠀀".into(),
        lengths: "1".into(),
        owners: "0".into(),
        tags: "0".into(),
        parents: "0".into(),
        tag_names: vec!["p".into()],
        ..Default::default()
    };
    assert_eq!(
        TextRead::from_wire(wire.clone()).unwrap_err(),
        ReadError::BadLengths
    );
    wire.lengths = "2".into();
    assert!(TextRead::from_wire(wire).is_ok());
}

#[test]
fn a_long_page_measures_its_footer_line_and_its_start_only() {
    let facts = long_page(2000);
    let inspection = replay(&facts).unwrap();
    let read_facts = inspection.facts();
    // The footer's five pieces (the whole line, and the line after it), the start, and the
    // pieces around the candidates: far fewer than the page's 2,005.
    assert!(read_facts.texts.len() < 40, "{}", read_facts.texts.len());
    assert!(inspection.rounds() <= 3, "{}", inspection.rounds());
    let numbers: String = read_facts.texts.iter().map(|t| t.text.as_str()).collect();
    assert!(numbers.contains("豫ICP备2026018839号-1"));
    // The report is the whole page's.
    let whole = crate::core::checks::check_page(
        &facts,
        "网站域名：example.cn\n网站备案号：豫ICP备2026018839号-1\n",
        Default::default(),
    );
    let part = crate::core::checks::check_page(
        &read_facts,
        "网站域名：example.cn\n网站备案号：豫ICP备2026018839号-1\n",
        Default::default(),
    );
    assert_eq!(
        serde_json::to_string(&whole).unwrap(),
        serde_json::to_string(&part).unwrap()
    );
}

#[test]
fn a_page_that_does_not_scroll_is_measured_whole() {
    let mut facts = long_page(10);
    facts.document.height = 600.0;
    let inspection = replay(&facts).unwrap();
    assert_eq!(inspection.facts().texts.len(), facts.texts.len());
}

#[test]
fn a_page_without_numbers_measures_its_first_visible_texts() {
    let mut facts = long_page(50);
    facts.texts.truncate(50);
    // The first twenty paragraphs are hidden: the prefix grows until three are visible.
    for el in facts.elements.iter_mut().skip(2).take(20) {
        el.rendered = false;
    }
    let inspection = replay(&facts).unwrap();
    let read = inspection.facts();
    assert!(
        read.texts.len() >= 23 && read.texts.len() < 50,
        "{}",
        read.texts.len()
    );
}
