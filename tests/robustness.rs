//! Arbitrary input never panics and stays cheap: property tests over the record parser, the
//! number grammar and the page checks (with malformed facts: bad indices, cycles, NaN
//! geometry, odd styles), plus a few very large inputs that must simply complete.

use beian_check::core::checks::{check_page, check_page_with_record};
use beian_check::core::facts::{
    ElementFact, LinkFact, PageFacts, Rect, Size, TextFact, TextSource,
};
use beian_check::core::number::{find_numbers, parse_number};
use beian_check::core::record::{parse_record, parse_record_unbounded};
use beian_check::core::report::{CheckId, CheckOptions};
use proptest::prelude::*;

/// Pieces that real records and footers are made of, so random strings hit the grammar.
const TOKENS: &[&str] = &[
    "京",
    "粤",
    "萌",
    "ICP",
    "icp",
    "ＩＣＰ",
    "备",
    "证",
    "号",
    "-",
    "－",
    "—",
    "1",
    "12345678",
    "2026018839",
    "０",
    " ",
    "\u{a0}",
    "\u{3000}",
    "\u{200b}",
    "\u{202e}",
    "\t",
    "\n",
    "\r\n",
    "：",
    ":",
    "主体备案号",
    "网站备案号",
    "网站名称",
    "网站域名",
    "example.cn",
    "公网安备",
    "11010802020287",
    "B2",
    "x",
    "{",
    "}",
    "[",
    "]",
    "\"",
    ",",
    "unitName",
    "domain",
    "详情",
    "ICP备案主体信息",
    "A",
    "X",
    "K",
    "\u{0}",
    "\u{1f}",
    "é",
    "🙂",
];

fn token_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(TOKENS), 0..120).prop_map(|t| t.concat())
}

fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(-f64::INFINITY),
        -5000.0..5000.0f64,
        Just(0.0),
    ]
}

fn rect() -> impl Strategy<Value = Rect> {
    (any_f64(), any_f64(), any_f64(), any_f64()).prop_map(|(x, y, width, height)| Rect {
        x,
        y,
        width,
        height,
    })
}

fn element() -> impl Strategy<Value = ElementFact> {
    (
        proptest::option::of(0usize..40),
        any::<bool>(),
        proptest::sample::select(&["block", "inline", "none", "", "contents", "inline-block"][..]),
        proptest::sample::select(&["visible", "hidden", "collapse", "x"][..]),
        any_f64(),
        proptest::sample::select(
            &[
                "rgb(255, 255, 255)",
                "rgba(0,0,0,0)",
                "red",
                "rgb(",
                "color(srgb 1 1 1)",
            ][..],
        ),
        proptest::sample::select(&["static", "fixed", "absolute", "sticky"][..]),
        proptest::sample::select(&["visible", "hidden", "clip", "auto"][..]),
        proptest::sample::select(&["none", "inset(100%)", "inset(", "circle(0px)"][..]),
        rect(),
    )
        .prop_map(
            |(
                parent,
                rendered,
                display,
                visibility,
                opacity,
                colour,
                position,
                overflow,
                clip_path,
                rect,
            )| {
                ElementFact {
                    tag: "div".into(),
                    parent,
                    rendered,
                    display: display.into(),
                    visibility: visibility.into(),
                    opacity,
                    color: colour.into(),
                    background: colour.into(),
                    position: position.into(),
                    overflow_x: overflow.into(),
                    overflow_y: overflow.into(),
                    clip_path: clip_path.into(),
                    rect,
                    ..Default::default()
                }
            },
        )
}

fn text() -> impl Strategy<Value = TextFact> {
    (
        token_text(),
        0usize..45,
        proptest::option::of(0usize..6),
        rect(),
        proptest::sample::select(&[TextSource::Node, TextSource::Alt, TextSource::Pseudo][..]),
    )
        .prop_map(|(text, element, link, rect, source)| TextFact {
            text,
            source,
            element,
            rect,
            link,
        })
}

fn facts() -> impl Strategy<Value = PageFacts> {
    (
        proptest::collection::vec(element(), 0..40),
        proptest::collection::vec(text(), 0..40),
        proptest::collection::vec(
            (token_text(), proptest::option::of(token_text()), 0usize..50),
            0..6,
        ),
        any_f64(),
        token_text(),
    )
        .prop_map(|(elements, texts, links, size, title)| PageFacts {
            url: "https://www.example.cn/".into(),
            title,
            viewport: Size {
                width: size,
                height: size,
            },
            document: Size {
                width: size,
                height: size,
            },
            elements,
            texts,
            links: links
                .into_iter()
                .map(|(href, raw_href, element)| LinkFact {
                    href,
                    raw_href,
                    element,
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn record_parser_takes_anything(text in token_text(), noise in ".{0,200}") {
        let record = parse_record(&text);
        prop_assert!(record.diagnostics.iter().all(|d| d.line >= 1));
        parse_record(&noise);
        parse_record(&format!("{text}{noise}"));
    }

    #[test]
    fn number_grammar_takes_anything(text in token_text(), noise in ".{0,200}") {
        for t in [&text, &noise] {
            let _ = parse_number(t);
            let mut last_end = 0;
            for m in find_numbers(t) {
                prop_assert!(m.start >= last_end && m.start < m.end && m.end <= t.len());
                prop_assert!(t.is_char_boundary(m.start) && t.is_char_boundary(m.end));
                last_end = m.end;
            }
        }
    }

    #[test]
    fn checks_take_malformed_facts(facts in facts(), record in token_text()) {
        let report = check_page(&facts, &record, CheckOptions { strict_site_number: true });
        prop_assert_eq!(report.checks.len(), CheckId::ALL.len());
        for (check, id) in report.checks.iter().zip(CheckId::ALL) {
            prop_assert_eq!(check.id, id);
            prop_assert_eq!(check.verdict, check.reason.verdict());
        }
        prop_assert!(serde_json::to_string(&report).is_ok());
    }

    #[test]
    fn facts_json_is_parsed_or_refused(json in "[\\[\\]{}\":,a-z0-9 ]{0,300}") {
        let _ = PageFacts::from_json(&json);
    }
}

#[test]
fn huge_and_deep_inputs_complete() {
    let line = "主体备案号：京ICP备12345678号 网站名称：示例 网站域名：example.cn\n";
    let big = line.repeat(5 * 1024 * 1024 / line.len());
    let record = parse_record_unbounded(&big);
    assert!(record.entity.is_some());

    let deep_json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    parse_record_unbounded(&deep_json);
    assert!(PageFacts::from_json(&deep_json).is_err());

    let numbers = "京ICP备12345678号-1 ".repeat(200_000);
    assert_eq!(find_numbers(&numbers).len(), 200_000);

    // 200,000 elements, each the parent of the next: a deep chain, then one footer text.
    let mut facts = PageFacts {
        url: "https://www.example.cn/".into(),
        viewport: Size {
            width: 1200.0,
            height: 800.0,
        },
        document: Size {
            width: 1200.0,
            height: 3000.0,
        },
        ..Default::default()
    };
    for i in 0..200_000usize {
        facts.elements.push(ElementFact {
            tag: "div".into(),
            parent: i.checked_sub(1),
            rect: Rect {
                x: 0.0,
                y: 0.0,
                width: 1200.0,
                height: 3000.0,
            },
            ..Default::default()
        });
    }
    facts.texts.push(TextFact {
        text: "京ICP备12345678号-1".into(),
        element: 199_999,
        rect: Rect {
            x: 560.0,
            y: 2950.0,
            width: 160.0,
            height: 18.0,
        },
        ..Default::default()
    });
    let report = check_page_with_record(
        &facts,
        parse_record("京ICP备12345678号-1"),
        CheckOptions::default(),
    );
    assert_eq!(
        report.check(CheckId::Number).map(|c| c.reason.code()),
        Some("number_site_found")
    );
}
