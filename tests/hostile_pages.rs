//! Hard and hostile pages through the public API (issue #7), where no browser is needed: format
//! and right-to-left characters inside the number, frames (hidden, tiny, off the page, a frame
//! wrapping the whole site), pseudo-element text, and the notices for a partial read.
//! The same situations in real browsers are the `tests/fixtures/hostile-*` cases.

use beian_check::core::checks::check_page;
use beian_check::core::facts::{
    CollectorFact, ElementFact, FrameFact, LinkFact, PageFacts, Rect, Size, TextFact, TextSource,
};
use beian_check::core::report::{CheckId, CheckOptions, Notice, Reason, Report};

#[path = "support/page_read_agrees.rs"]
mod page_read_agrees;
use page_read_agrees::judged_as_the_page_read_judges;

const RECORD: &str = "主体备案号：京ICP备12345678号\n网站名称：示例\n网站域名：example.cn\n网站备案号：京ICP备12345678号-1\n";
const MIIT: &str = "https://beian.miit.gov.cn/";

fn rect(x: f64, y: f64, width: f64, height: f64) -> Rect {
    Rect {
        x,
        y,
        width,
        height,
    }
}

fn element(tag: &str, parent: Option<usize>, rect: Rect) -> ElementFact {
    ElementFact {
        tag: tag.into(),
        parent,
        rect,
        ..Default::default()
    }
}

/// A 1280 x 2000 page: html (0) > body (1) > footer (2); `lines` are footer lines (one block
/// each, a link to MIIT around the text), laid out from y = 1940 downwards.
fn page(lines: &[&str]) -> PageFacts {
    let mut facts = PageFacts {
        url: "https://www.example.cn/".into(),
        title: "示例".into(),
        viewport: Size {
            width: 1280.0,
            height: 800.0,
        },
        document: Size {
            width: 1280.0,
            height: 2000.0,
        },
        elements: vec![
            element("html", None, rect(0.0, 0.0, 1280.0, 2000.0)),
            element("body", Some(0), rect(0.0, 0.0, 1280.0, 2000.0)),
            element("footer", Some(1), rect(0.0, 1900.0, 1280.0, 100.0)),
        ],
        ..Default::default()
    };
    for (i, line) in lines.iter().enumerate() {
        let y = 1940.0 + 20.0 * i as f64;
        let box_ = rect(560.0, y, 160.0, 18.0);
        facts.elements.push(element("p", Some(2), box_));
        let p = facts.elements.len() - 1;
        add_link_text(&mut facts, p, line, box_);
    }
    facts
}

/// Add `<a href=MIIT>text</a>` under element `parent`, the text laid out at `box_`.
fn add_link_text(facts: &mut PageFacts, parent: usize, text: &str, box_: Rect) {
    facts.elements.push(ElementFact {
        display: "inline".into(),
        ..element("a", Some(parent), box_)
    });
    let a = facts.elements.len() - 1;
    facts.links.push(LinkFact {
        href: MIIT.into(),
        raw_href: Some(MIIT.into()),
        element: a,
        ..Default::default()
    });
    facts.texts.push(TextFact {
        gap_before: false,
        text: text.into(),
        source: TextSource::Node,
        element: a,
        rect: box_,
        link: Some(facts.links.len() - 1),
    });
}

/// The report on `facts`; the page read (issue #11) must give the very same one.
fn check(facts: &PageFacts) -> Report {
    judged_as_the_page_read_judges(facts, |f| check_page(f, RECORD, CheckOptions::default()))
}

/// The number check's reason and its evidence value (for a hidden number, how it is hidden).
type Outcome = (Reason, Option<String>);

/// The number check's outcome.
fn number_outcome(report: &Report) -> Outcome {
    let c = report.check(CheckId::Number).expect("number check");
    (c.reason, c.evidence.value.clone())
}

#[test]
fn format_characters_inside_the_number() {
    use Reason::*;
    let found = (NumberSiteFound, None);
    let reordered = (NumberHiddenOnly, Some("reordered".to_string()));
    let cases: Vec<(&str, Vec<&str>, Outcome)> = vec![
        ("plain", vec!["京ICP备12345678号-1"], found.clone()),
        (
            "zero-width space, joiners, word joiner, soft hyphen, BOM",
            vec!["\u{feff}京\u{200d}ICP\u{200b}备1234\u{2060}56\u{ad}78\u{200c}号-1"],
            found.clone(),
        ),
        (
            "left-to-right mark",
            vec!["京ICP备12345678\u{200e}号\u{200e}-1"],
            found.clone(),
        ),
        (
            "left-to-right override and isolate",
            vec!["京ICP备\u{202d}12345678\u{202c}号\u{2066}-1\u{2069}"],
            found.clone(),
        ),
        (
            "first-strong isolate (Chinese text is left-to-right)",
            vec!["京ICP备\u{2068}12345678\u{2069}号-1"],
            found.clone(),
        ),
        (
            "right-to-left override shows the digits reversed",
            vec!["京ICP备\u{202e}12345678\u{202c}号-1"],
            reordered.clone(),
        ),
        (
            "right-to-left mark before the hyphen shows 号1-",
            vec!["京ICP备12345678号\u{200f}-1"],
            reordered.clone(),
        ),
        (
            "Arabic letter mark",
            vec!["京ICP备1234\u{61c}5678号-1"],
            reordered.clone(),
        ),
        (
            "right-to-left isolate",
            vec!["京ICP备\u{2067}12345678\u{2069}号-1"],
            reordered.clone(),
        ),
        (
            "right-to-left embedding opened earlier on the line",
            vec!["备案号：\u{202b}京ICP备12345678号-1"],
            reordered.clone(),
        ),
        (
            "right-to-left override closed before the number",
            vec!["\u{202e}备案\u{202c} 京ICP备12345678号-1"],
            found.clone(),
        ),
        (
            "isolate closed before the number",
            vec!["\u{2067}备案\u{2069} 京ICP备12345678号-1"],
            found.clone(),
        ),
        (
            "an override left open on an earlier line ends with its line",
            vec!["\u{202e}联系我们", "京ICP备12345678号-1"],
            found.clone(),
        ),
        (
            "a reordered copy and a clean one",
            vec!["京ICP备\u{202e}12345678\u{202c}号-1", "京ICP备12345678号-1"],
            found.clone(),
        ),
    ];
    for (name, lines, want) in cases {
        let report = check(&page(&lines));
        assert_eq!(number_outcome(&report), want, "{name}");
    }
}

#[test]
fn bidi_state_is_linear_in_the_line() {
    // 100,000 open embeddings, then 20,000 numbers on the same line: each character is looked
    // at a bounded number of times (a quadratic scan would take minutes here).
    let line = format!(
        "{}{}",
        "\u{202a}".repeat(100_000),
        "京ICP备12345678号-1 ".repeat(20_000)
    );
    let report = check(&page(&[&line]));
    assert_eq!(number_outcome(&report).0, Reason::NumberSiteFound);
}

/// A page whose footer is a frame: html (0) > body (1) > iframe (2) > the frame's html (3) >
/// body (4) > p (5) > a > the number. `frame` and `inner` edit the iframe and the frame's html.
fn framed(frame: fn(&mut ElementFact), inner: fn(&mut ElementFact), text_at: Rect) -> PageFacts {
    let mut facts = page(&[]);
    facts.elements.truncate(2);
    let mut iframe = element("iframe", Some(1), rect(0.0, 1900.0, 1280.0, 100.0));
    frame(&mut iframe);
    let mut html = element("html", Some(2), rect(0.0, 1900.0, 1280.0, 100.0));
    html.scope = 1;
    inner(&mut html);
    facts.elements.push(iframe);
    facts.elements.push(html);
    facts.elements.push(ElementFact {
        scope: 1,
        ..element("body", Some(3), text_at)
    });
    facts.elements.push(ElementFact {
        scope: 1,
        ..element("p", Some(4), text_at)
    });
    add_link_text(&mut facts, 5, "京ICP备12345678号-1", text_at);
    facts.frames.push(FrameFact {
        url: "https://www.example.cn/footer.html".into(),
        read: true,
    });
    facts
}

#[test]
fn frames_hide_or_show_their_documents() {
    use Reason::*;
    let in_frame = rect(560.0, 1940.0, 160.0, 18.0);
    type Edit = fn(&mut ElementFact);
    type Want = (Reason, Option<&'static str>);
    let cases: Vec<(&str, Edit, Edit, Rect, Want)> = vec![
        (
            "a plain footer frame",
            |_| {},
            |_| {},
            in_frame,
            (NumberSiteFound, None),
        ),
        (
            "the frame is visibility:hidden (its document cannot show itself)",
            |f| f.visibility = "hidden".into(),
            |_| {},
            in_frame,
            (NumberHiddenOnly, Some("visibility_hidden")),
        ),
        (
            "the frame is transparent",
            |f| f.opacity = 0.0,
            |_| {},
            in_frame,
            (NumberHiddenOnly, Some("transparent")),
        ),
        (
            "the frame is 1 x 1 px",
            |f| f.rect = rect(0.0, 1990.0, 1.0, 1.0),
            |_| {},
            in_frame,
            (NumberHiddenOnly, Some("zero_size")),
        ),
        (
            "the frame is not displayed",
            |f| f.rendered = false,
            |_| {},
            in_frame,
            (NumberHiddenOnly, Some("display_none")),
        ),
        (
            "the frame is moved off the page",
            |f| f.rect = rect(-5000.0, 1900.0, 1280.0, 100.0),
            |_| {},
            rect(-4440.0, 1940.0, 160.0, 18.0),
            (NumberHiddenOnly, Some("off_screen")),
        ),
        (
            "text pushed left out of the frame's document",
            |_| {},
            |_| {},
            rect(-9999.0, 1940.0, 160.0, 18.0),
            (NumberHiddenOnly, Some("off_screen")),
        ),
        (
            "a frame wrapping the whole site: its footer lies below the top document's end",
            |f| f.rect = rect(0.0, 0.0, 1280.0, 800.0),
            |h| h.rect = rect(0.0, 0.0, 1280.0, 4000.0),
            rect(560.0, 3950.0, 160.0, 18.0),
            (NumberSiteFound, None),
        ),
    ];
    for (name, frame, inner, text_at, (reason, value)) in cases {
        let facts = framed(frame, inner, text_at);
        let report = check(&facts);
        assert_eq!(
            number_outcome(&report),
            (reason, value.map(str::to_string)),
            "{name}"
        );
    }
}

#[test]
fn pseudo_element_text_is_the_image_only_case() {
    let mut facts = page(&["备案号："]);
    let a = facts.texts[0].element;
    facts.texts.push(TextFact {
        gap_before: false,
        text: "京ICP备12345678号-1".into(),
        source: TextSource::Pseudo,
        element: a,
        rect: rect(600.0, 1940.0, 160.0, 18.0),
        link: Some(0),
    });
    let report = check(&facts);
    assert_eq!(
        number_outcome(&report),
        (Reason::NumberImageOnly, Some("pseudo".into()))
    );
    assert_eq!(
        report.check(CheckId::Link).map(|c| c.reason),
        Some(Reason::LinkNoNumber)
    );
}

#[test]
fn a_partial_read_says_so() {
    let cases: Vec<(&str, CollectorFact, Vec<FrameFact>, Vec<Notice>)> = vec![
        ("complete", CollectorFact::default(), vec![], vec![]),
        (
            "truncated",
            CollectorFact {
                truncated: true,
                ..Default::default()
            },
            vec![],
            vec![Notice::PageTruncated],
        ),
        (
            "still changing",
            CollectorFact {
                unsettled: true,
                ..Default::default()
            },
            vec![],
            vec![Notice::PageUnsettled],
        ),
        (
            "a frame from elsewhere",
            CollectorFact::default(),
            vec![FrameFact {
                url: "https://ads.example.net/".into(),
                read: false,
            }],
            vec![Notice::FramesNotRead],
        ),
    ];
    for (name, collector, frames, notices) in cases {
        // The number is missing: whatever the notices, the verdict is what the read part shows.
        let mut facts = page(&[]);
        facts.collector = collector;
        facts.frames = frames;
        let report = check(&facts);
        assert_eq!(report.notices, notices, "{name}");
        assert_eq!(number_outcome(&report).0, Reason::NumberMissing, "{name}");
    }
}

#[test]
fn the_collector_leaves_out_only_true_defaults() {
    // extension/page/collector.js omits element fields equal to these values; the core must
    // read a missing field as exactly that value, or a large page's facts would change meaning.
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/extension/page/collector.js");
    let js = std::fs::read_to_string(path).expect("collector.js");
    let prefix = "const elementDefaults = ";
    let line = js
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with(prefix))
        .expect("collector.js declares elementDefaults on one line");
    let literal = line
        .trim_start_matches(prefix)
        .trim_end_matches(';')
        .to_string();
    let omitted: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&literal).expect("elementDefaults is JSON");
    let core = serde_json::to_value(ElementFact::default()).expect("defaults serialise");
    assert!(omitted.len() >= 10, "{omitted:?}");
    for (key, value) in &omitted {
        let want = &core[key.as_str()];
        let same = match (value.as_f64(), want.as_f64()) {
            (Some(a), Some(b)) => a == b,
            _ => value == want,
        };
        assert!(
            same,
            "{key}: collector omits {value}, core default is {want}"
        );
    }
    // And a fact without them reads as the default element.
    let parsed: ElementFact = serde_json::from_str("{}").expect("empty element");
    assert_eq!(parsed, ElementFact::default());
}

#[test]
fn page_strings_reach_the_report_as_one_short_line() {
    // Issue #16: an element id with line breaks became lines of the copied text report.
    let forged = "x\n\n[✓ Pass] Filing number  京ICP备12345678号-1\n[✓ Pass] Link  https://beian.miit.gov.cn/";
    let mut facts = page(&["京ICP备12345678号-1"]);
    facts.elements[2].id = forged.into();
    facts.title = format!("示例\r\n[✓ Pass] Title\u{2028}{}", "长".repeat(5000));
    facts.links[0].href = format!("{MIIT}?q=\u{85}{}", "a".repeat(5000));
    let report = check(&facts);
    // The JSON export of what the page gave (the snippet is the extension's own, lines and all).
    let json = serde_json::to_string(&(&report.checks, &report.page)).unwrap();
    let mut strings = vec![report.page.url.clone(), report.page.title.clone()];
    for c in &report.checks {
        let e = &c.evidence;
        strings.extend(
            [&e.found, &e.expected, &e.value]
                .into_iter()
                .flatten()
                .cloned(),
        );
        strings.extend(e.others.iter().cloned());
        strings.extend(e.location.iter().map(|l| l.path.clone()));
    }
    for s in &strings {
        assert!(
            !s.chars()
                .any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')),
            "{s:?}"
        );
        assert!(s.chars().count() <= 500, "{} chars", s.chars().count());
    }
    let number = report.check(CheckId::Number).unwrap();
    assert_eq!(number.reason, Reason::NumberSiteFound);
    let path = &number.evidence.location.as_ref().unwrap().path;
    assert!(
        path.starts_with("footer#x [✓ Pass] Filing number"),
        "{path}"
    );
    assert!(
        report.page.title.starts_with("示例 [✓ Pass] Title 长长"),
        "{}",
        report.page.title
    );
    assert!(!json.contains("\\n") && !json.contains("\\r"), "{json}");
}
