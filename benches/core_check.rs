//! Native benchmark of the core on generated page facts of 1k to 300k elements (the footer at
//! the end), so a regression shows without a browser. Run with `cargo bench --bench
//! core_check` (or `./build.sh bench`, which also runs the browser benchmark). Prints the
//! median of several runs for: parsing the facts JSON, and parse + checks + snippet.

use std::time::{Duration, Instant};

use beian_check::core::checks::check_page;
use beian_check::core::facts::{ElementFact, LinkFact, PageFacts, Rect, Size, TextFact};
use beian_check::core::report::CheckOptions;

const RECORD: &str = "主办单位名称：北京示例科技有限公司\n主体备案号：京ICP备12345678号\n\
网站名称：示例商城\n网站域名：example-shop.cn\n网站备案号：京ICP备12345678号-1\n";

/// Facts shaped like a long homepage: sections of nested blocks with headings, paragraphs and
/// links, and the footer with the filing number last.
fn generated_facts(elements: usize) -> PageFacts {
    let mut facts = PageFacts {
        url: "https://www.example-shop.cn/".into(),
        title: "示例商城 - 正品低价".into(),
        viewport: Size {
            width: 1280.0,
            height: 800.0,
        },
        ..Default::default()
    };
    let rect = |y: f64| Rect {
        x: 100.0,
        y,
        width: 1080.0,
        height: 20.0,
    };
    facts.elements.push(ElementFact {
        tag: "body".into(),
        ..Default::default()
    });
    let mut y = 0.0;
    while facts.elements.len() + 3 < elements {
        let section = facts.elements.len();
        facts.elements.push(ElementFact {
            tag: "section".into(),
            parent: Some(0),
            rect: rect(y),
            ..Default::default()
        });
        for k in 0..8 {
            if facts.elements.len() + 3 >= elements {
                break;
            }
            let p = facts.elements.len();
            facts.elements.push(ElementFact {
                tag: "p".into(),
                parent: Some(section),
                rect: rect(y),
                ..Default::default()
            });
            facts.texts.push(TextFact {
                text: format!("商品介绍第{k}段，正品保障，全国包邮，七天无理由退换。"),
                element: p,
                rect: rect(y),
                ..Default::default()
            });
            let a = facts.elements.len();
            facts.elements.push(ElementFact {
                tag: "a".into(),
                display: "inline".into(),
                parent: Some(p),
                rect: rect(y),
                ..Default::default()
            });
            facts.links.push(LinkFact {
                href: format!("https://www.example-shop.cn/item/{a}"),
                raw_href: Some(format!("/item/{a}")),
                element: a,
                ..Default::default()
            });
            facts.texts.push(TextFact {
                text: "查看详情".into(),
                element: a,
                rect: rect(y),
                link: Some(facts.links.len() - 1),
                ..Default::default()
            });
            y += 24.0;
        }
    }
    let footer = facts.elements.len();
    facts.elements.push(ElementFact {
        tag: "footer".into(),
        parent: Some(0),
        rect: rect(y),
        ..Default::default()
    });
    facts.elements.push(ElementFact {
        tag: "a".into(),
        display: "inline".into(),
        parent: Some(footer),
        rect: rect(y),
        ..Default::default()
    });
    facts.links.push(LinkFact {
        href: "https://beian.miit.gov.cn/".into(),
        raw_href: Some("https://beian.miit.gov.cn/".into()),
        element: footer + 1,
        ..Default::default()
    });
    facts.texts.push(TextFact {
        text: "京ICP备12345678号-1".into(),
        element: footer + 1,
        rect: Rect {
            x: 560.0,
            y,
            width: 160.0,
            height: 18.0,
        },
        link: Some(facts.links.len() - 1),
        ..Default::default()
    });
    facts.document = Size {
        width: 1280.0,
        height: y + 40.0,
    };
    facts
}

/// The facts as the collector sends them: JSON with every field equal to its default left out
/// (see `extension/page/collector.js`).
fn compact_json(facts: &PageFacts) -> String {
    fn strip(list: &mut serde_json::Value, default: serde_json::Value) {
        let (Some(items), serde_json::Value::Object(default)) = (list.as_array_mut(), default)
        else {
            return;
        };
        for item in items {
            if let Some(map) = item.as_object_mut() {
                map.retain(|key, value| default.get(key) != Some(value));
            }
        }
    }
    let mut value = serde_json::to_value(facts).expect("facts serialise");
    let defaults = [
        ("elements", serde_json::to_value(ElementFact::default())),
        ("texts", serde_json::to_value(TextFact::default())),
        ("links", serde_json::to_value(LinkFact::default())),
    ];
    for (key, default) in defaults {
        strip(&mut value[key], default.expect("default serialises"));
    }
    value.to_string()
}

fn median(mut samples: Vec<Duration>) -> f64 {
    samples.sort();
    samples[samples.len() / 2].as_secs_f64() * 1000.0
}

fn main() {
    println!("| elements | texts | facts JSON | parse JSON (ms) | checks (ms) |");
    println!("|---:|---:|---:|---:|---:|");
    for size in [1_000, 10_000, 100_000, 300_000] {
        let facts = generated_facts(size);
        let json = compact_json(&facts);
        let runs = if size >= 100_000 { 7 } else { 25 };
        let mut parse = Vec::new();
        let mut check = Vec::new();
        for _ in 0..runs {
            let t = Instant::now();
            let parsed = PageFacts::from_json(&json).expect("facts parse");
            parse.push(t.elapsed());
            let t = Instant::now();
            let report = check_page(&parsed, RECORD, CheckOptions::default());
            check.push(t.elapsed());
            assert_eq!(report.checks.len(), 10);
        }
        println!(
            "| {} | {} | {:.1} MB | {:.2} | {:.2} |",
            facts.elements.len(),
            facts.texts.len(),
            json.len() as f64 / 1e6,
            median(parse),
            median(check)
        );
    }
}
