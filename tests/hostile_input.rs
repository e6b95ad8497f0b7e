//! Hostile input through the public API (issue #7): binary junk, every Unicode scalar value
//! inside a number, markup and script in every field of a record and a page, several
//! megabytes at once. The core must never panic, must keep such strings as data (the report
//! carries them verbatim for the renderers to show as text), and must keep them out of the
//! snippet, which is the one HTML the product makes.

use beian_check::core::checks::check_page;
use beian_check::core::facts::{LinkFact, PageFacts, Rect, Size, TextFact};
use beian_check::core::number::{find_numbers, parse_number, AnyNumber};
use beian_check::core::record::{parse_record, parse_record_unbounded};
use beian_check::core::report::{CheckId, CheckOptions, Reason};
use beian_check::core::snippet::{escape_html, footer_snippet, SnippetOptions};

/// Payloads a page or a record may carry.
const PAYLOADS: &[&str] = &[
    "<img src=x onerror=\"window.__pwned=1\">",
    "</textarea><script>window.__pwned=2</script>",
    "javascript:window.__pwned=3",
    "\"><svg onload=alert(4)>",
    "'><iframe srcdoc='<script>parent.__pwned=5</script>'>",
    "&lt;b&gt;&amp;&#x3c;",
    "{{constructor.constructor('alert(6)')()}}",
    "${alert(7)}",
];

fn xorshift(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

#[test]
fn binary_junk_is_read_as_text_and_reported_by_line() {
    let mut seed = 0x1234_5678_9abc_def1_u64;
    let mut bytes = Vec::with_capacity(1 << 20);
    for _ in 0..(1 << 20) {
        bytes.push((xorshift(&mut seed) & 0xff) as u8);
    }
    // A PNG header, NULs, a UTF-16LE record (every other byte 0), and random bytes: decoded as
    // a browser hands pasted bytes over (lossy UTF-8).
    let utf16: Vec<u8> = "网站备案号：京ICP备12345678号-1\r\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let cases: Vec<Vec<u8>> = vec![
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
        vec![0; 10_000],
        utf16,
        bytes,
    ];
    for bytes in cases {
        let text = String::from_utf8_lossy(&bytes);
        let record = parse_record(&text);
        let lines = text.split('\n').count() + text.matches('\r').count();
        assert!(record
            .diagnostics
            .iter()
            .all(|d| d.line >= 1 && d.line <= lines && d.text.chars().count() <= 200));
        let _ = parse_number(&text);
        for m in find_numbers(&text) {
            assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        }
        assert!(PageFacts::from_json(&text).is_err());
    }
}

#[test]
fn every_unicode_scalar_inside_a_number() {
    // Every scalar of the Basic Multilingual Plane and every 31st beyond it (the planes above
    // hold no spaces or format characters the grammar treats apart, except the tag characters,
    // all taken), in the middle of the digits, and after 号 before the sequence: nothing
    // panics, every match lies on character boundaries, and a number still read is either the
    // number itself (the character is invisible or a space between parts) or a shorter one.
    let want = parse_number("京ICP备12345678号-1");
    let entity = parse_number("京ICP备12345678号");
    let mut found_whole = 0;
    let scalars = (0..=0xffff_u32)
        .chain((0x10000..=0x10ffff).step_by(31))
        .chain(0xe0000..=0xe01ef)
        .filter_map(char::from_u32);
    for c in scalars {
        for text in [
            format!("京ICP备1234{c}5678号-1"),
            format!("京ICP备12345678号{c}-1"),
        ] {
            let matches = find_numbers(&text);
            for m in &matches {
                assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
            }
            match parse_number(&text) {
                Some(n) if Some(&n) == want.as_ref() => found_whole += 1,
                Some(AnyNumber::Filing(f)) => assert!(
                    Some(&AnyNumber::Filing(f.entity())) == entity.as_ref()
                        || !f.known_province()
                        || f.digits.len() != 8,
                    "{text:?} read as {f:?}"
                ),
                _ => {}
            }
        }
    }
    // The invisible and space characters (a few hundred) keep the number whole.
    assert!(found_whole > 100, "{found_whole}");
}

fn page_with(title: &str, footer: &str, href: &str) -> PageFacts {
    let rect = Rect {
        x: 560.0,
        y: 1940.0,
        width: 160.0,
        height: 18.0,
    };
    PageFacts {
        url: "https://www.example.cn/".into(),
        title: title.into(),
        viewport: Size {
            width: 1280.0,
            height: 800.0,
        },
        document: Size {
            width: 1280.0,
            height: 2000.0,
        },
        elements: vec![Default::default()],
        texts: vec![TextFact {
            text: footer.into(),
            element: 0,
            rect,
            link: Some(0),
            ..Default::default()
        }],
        links: vec![LinkFact {
            href: href.into(),
            raw_href: Some(href.into()),
            element: 0,
            ..Default::default()
        }],
        ..Default::default()
    }
}

#[test]
fn payloads_stay_data_in_the_report_and_out_of_the_snippet() {
    for payload in PAYLOADS {
        let record = format!(
            "主办单位名称：{payload}有限公司\n网站名称：示例{payload}\n网站域名：example.cn\n\
             网站首页地址：{payload}\n网站备案号：京ICP备12345678号-1\n{payload}\n"
        );
        let facts = page_with(
            &format!("示例{payload}"),
            &format!("{payload} 京ICP备12345678号-1 {payload}"),
            payload,
        );
        let report = check_page(&facts, &record, CheckOptions::default());
        // The title still holds the filed name (payload and all, as far as the parser kept
        // it): it is just text.
        assert!(
            matches!(
                report.check(CheckId::Title).map(|c| c.reason),
                Some(Reason::TitleEqual | Reason::TitleContains)
            ),
            "{payload}"
        );
        assert_eq!(
            report.check(CheckId::Number).map(|c| c.reason),
            Some(Reason::NumberSiteFound),
            "{payload}"
        );
        // Verbatim in the report's data (the renderers show it with textContent)...
        assert_eq!(report.page.title, format!("示例{payload}"));
        let unread: Vec<&str> = report
            .record
            .diagnostics
            .iter()
            .map(|d| d.text.as_str())
            .collect();
        assert!(unread.contains(&payload.trim()), "{payload}: {unread:?}");
        let json = serde_json::to_string(&report).expect("report serialises");
        let back: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(back["page"]["title"], format!("示例{payload}"));
        // ...and nowhere in the snippet.
        let snippet = report.snippet.expect("snippet").html;
        assert!(!snippet.contains(payload), "{snippet}");
        assert!(
            !snippet.contains("javascript:") && !snippet.contains("onerror"),
            "{snippet}"
        );
    }
}

#[test]
fn the_snippet_escapes_everything_it_writes() {
    for payload in PAYLOADS {
        let escaped = escape_html(payload);
        for bad in ['<', '>', '"', '\''] {
            assert!(!escaped.contains(bad), "{payload} -> {escaped}");
        }
    }
    // Entities already in the text are escaped again, so they show as written.
    assert_eq!(escape_html("&lt;b&gt;"), "&amp;lt;b&amp;gt;");
    assert_eq!(
        escape_html("<a href=\"x\" title='y'>&</a>"),
        "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
    );
    // A record whose values are all markup still gives a snippet of the number and the 公安
    // number only, with nothing but div, a and br as tags.
    let record = parse_record(
        "网站名称：<b>x</b>\n网站域名：\"><script>\n网站备案号：京ICP备12345678号-1\n\
         公安备案号：京公网安备11010802020287号\n",
    );
    let snippet = footer_snippet(&record, Some(0), SnippetOptions::default()).expect("snippet");
    let tags: Vec<&str> = snippet
        .html
        .split('<')
        .skip(1)
        .map(|t| {
            t.trim_start_matches('/')
                .split(|c: char| !c.is_ascii_alphanumeric())
                .next()
                .unwrap_or("")
        })
        .collect();
    assert!(
        tags.iter().all(|t| ["div", "a", "br"].contains(t)),
        "{tags:?}"
    );
    assert!(snippet.html.contains("京ICP备12345678号-1"));
    assert!(snippet.html.contains("11010802020287"));
}

#[test]
fn several_megabytes_of_markup_and_format_characters_complete() {
    // 4 MB records made of payloads, bidi controls and half-numbers, in one line and in many.
    let piece = format!(
        "{}\u{202e}京ICP备1234\u{200b}\u{feff}{}",
        PAYLOADS.join(""),
        "号-".repeat(3)
    );
    let one_line = piece.repeat((4 << 20) / piece.len());
    let record = parse_record_unbounded(&one_line);
    assert_eq!(record.diagnostics.len(), 1);
    let many_lines = format!("{piece}\n").repeat((4 << 20) / piece.len());
    let record = parse_record_unbounded(&many_lines);
    assert!(record.diagnostics.len() > 1000);
    // The same text as one page text: the checks finish and find no number.
    let facts = page_with("示例", &one_line, "https://beian.miit.gov.cn/");
    let report = check_page(&facts, "京ICP备12345678号-1", CheckOptions::default());
    assert_eq!(
        report.check(CheckId::Number).map(|c| c.reason),
        Some(Reason::NumberMissing)
    );
}

#[test]
fn a_record_over_the_size_limit_is_refused_at_once() {
    use beian_check::core::record::{RecordFormat, MAX_RECORD_BYTES};
    // Issue #16: a 10 MB paste took 41 s in the popup. Above the limit nothing is read.
    let record = "网站名称：示例\n网站域名：example.cn\n网站备案号：京ICP备12345678号-1\n";
    let ten_mb = record.repeat(10 * 1024 * 1024 / record.len() + 1);
    let started = std::time::Instant::now();
    let parsed = parse_record(&ten_mb);
    let report = check_page(
        &page_with("示例", "京ICP备12345678号-1", "https://beian.miit.gov.cn/"),
        &ten_mb,
        CheckOptions::default(),
    );
    let snippet = footer_snippet(&parsed, None, SnippetOptions::default());
    assert!(
        started.elapsed().as_millis() < 1000,
        "{:?}",
        started.elapsed()
    );
    assert_eq!(parsed.format, RecordFormat::TooLarge);
    assert!(parsed.sites.is_empty() && parsed.diagnostics.is_empty());
    assert!(snippet.is_none());
    let check = report.check(CheckId::Record).unwrap();
    assert_eq!(check.reason, Reason::RecordTooLarge);
    assert_eq!(check.evidence.value.as_deref(), Some("128"));
    // Up to the limit a record is read as always, padding and all.
    let padded = format!("{record}{}", "\n".repeat(MAX_RECORD_BYTES - record.len()));
    assert_eq!(padded.len(), MAX_RECORD_BYTES);
    let parsed = parse_record(&padded);
    assert_eq!(parsed.format, RecordFormat::Labelled);
    assert_eq!(parsed.sites.len(), 1);
    assert_eq!(
        parse_record(&format!("{padded}\n")).format,
        RecordFormat::TooLarge
    );
}
