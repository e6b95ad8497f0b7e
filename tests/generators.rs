//! The generator table through the public API: which generator and theme a page's marks
//! tell, which fix key each failing row gets, and that the generator never changes a verdict
//! (a page may lie in its meta tags).

use beian_check::core::checks::check_page;
use beian_check::core::facts::{
    ElementFact, GeneratorMarks, LinkFact, MetaFact, PageFacts, Rect, Size, TextFact,
};
use beian_check::core::generator::detect::{GENERATORS, THEMES};
use beian_check::core::generator::fixes::{fix_row, FIXES, ICP, LINK, MPS};
use beian_check::core::generator::{detect, Generator};
use beian_check::core::report::{CheckId, CheckOptions, Reason, Report, Verdict};

#[path = "support/page_read_agrees.rs"]
mod page_read_agrees;
use page_read_agrees::judged_as_the_page_read_judges;

const RECORD: &str = "主办单位名称：杭州青山茶业有限公司\n主体备案号：浙ICP备2021034567号\n\
网站名称：青山茶业\n网站域名：qingshantea.cn\n网站备案号：浙ICP备2021034567号-1\n\
公安备案号：浙公网安备33010602011234号\n";
const NUMBER: &str = "浙ICP备2021034567号-1";
const MPS_NUMBER: &str = "浙公网安备33010602011234号";

/// A page with a centred footer at the bottom holding `lines` (text, optional link href).
fn page(lines: &[(&str, Option<&str>)], marks: GeneratorMarks, classes: &str) -> PageFacts {
    let mut facts = PageFacts {
        url: "https://www.qingshantea.cn/".into(),
        title: "青山茶业".into(),
        viewport: Size {
            width: 1280.0,
            height: 800.0,
        },
        document: Size {
            width: 1280.0,
            height: 2000.0,
        },
        generator_marks: marks,
        ..Default::default()
    };
    let el = |tag: &str, parent: Option<usize>, class: &str| ElementFact {
        tag: tag.into(),
        parent,
        class: class.into(),
        ..Default::default()
    };
    facts.elements.push(el("html", None, ""));
    facts.elements.push(el("body", Some(0), ""));
    facts.elements.push(el("footer", Some(1), classes));
    for (i, (text, href)) in lines.iter().enumerate() {
        let y = 1900.0 + 24.0 * i as f64;
        let block = facts.elements.len();
        facts.elements.push(el("p", Some(2), ""));
        let mut element = block;
        let mut link = None;
        if let Some(href) = href {
            element = facts.elements.len();
            facts.elements.push(el("a", Some(block), ""));
            link = Some(facts.links.len());
            facts.links.push(LinkFact {
                href: href.to_string(),
                raw_href: Some(href.to_string()),
                element,
                ..Default::default()
            });
        }
        let width = 13.0 * text.chars().count() as f64;
        facts.texts.push(TextFact {
            text: text.to_string(),
            element,
            rect: Rect {
                x: 640.0 - width / 2.0,
                y,
                width,
                height: 18.0,
            },
            link,
            ..Default::default()
        });
    }
    facts
}

fn meta(content: &str) -> GeneratorMarks {
    GeneratorMarks {
        metas: vec![
            MetaFact {
                name: "viewport".into(),
                content: "width=device-width".into(),
            },
            MetaFact {
                name: "generator".into(),
                content: content.into(),
            },
        ],
        ..Default::default()
    }
}

fn assets(urls: &[&str]) -> GeneratorMarks {
    GeneratorMarks {
        assets: urls.iter().map(|u| u.to_string()).collect(),
        ..Default::default()
    }
}

fn generator(id: &str, version: Option<&str>, theme: Option<&str>) -> Option<Generator> {
    let name = GENERATORS.iter().find(|g| g.id == id).unwrap().name;
    Some(Generator {
        id: id.into(),
        name: name.into(),
        version: version.map(Into::into),
        theme: theme.map(Into::into),
    })
}

/// The report on `facts`; the page read (issue #11), which measures only part of the page,
/// must name the same generator and give the same report.
fn run(facts: &PageFacts) -> Report {
    judged_as_the_page_read_judges(facts, |f| check_page(f, RECORD, CheckOptions::default()))
}

fn fix_key(report: &Report, id: CheckId) -> Option<String> {
    report
        .check(id)
        .and_then(|c| c.generator_fix.as_ref())
        .map(|f| f.key.clone())
}

/// A footer with the right number linked right, and the 公安 line linked right.
fn good_footer() -> Vec<(&'static str, Option<&'static str>)> {
    vec![
        (NUMBER, Some("https://beian.miit.gov.cn/")),
        (
            MPS_NUMBER,
            Some("https://beian.mps.gov.cn/#/query/webSearch?code=33010602011234"),
        ),
    ]
}

#[test]
fn meta_tags_name_the_generator_and_version() {
    let cases = [
        ("Hexo 7.3.0", generator("hexo", Some("7.3.0"), None)),
        (
            "WordPress 6.5.2",
            generator("wordpress", Some("6.5.2"), None),
        ),
        ("Hugo 0.128.0", generator("hugo", Some("0.128.0"), None)),
        ("Halo 2.20.11", generator("halo", Some("2.20.11"), None)),
        ("Typecho 1.2.1", generator("typecho", Some("1.2.1"), None)),
        (
            "VitePress v1.6.3",
            generator("vitepress", Some("1.6.3"), None),
        ),
        (
            "VuePress 2.0.0-rc.19",
            generator("vuepress", Some("2.0.0-rc.19"), None),
        ),
        (
            "Docusaurus v3.5.2",
            generator("docusaurus", Some("3.5.2"), None),
        ),
        ("Jekyll v4.3.3", generator("jekyll", Some("4.3.3"), None)),
        (
            "Z-BlogPHP 1.7.3",
            generator("zblogphp", Some("1.7.3"), None),
        ),
        ("Discuz! X3.5", generator("discuz", Some("X3.5"), None)),
        ("DedeCMS V5.7", generator("dedecms", Some("5.7"), None)),
        ("Microsoft Word 15", None),
        ("", None),
    ];
    for (content, expected) in cases {
        assert_eq!(detect(&page(&[], meta(content), "")), expected, "{content}");
    }
}

#[test]
fn the_first_known_generator_meta_wins() {
    let mut marks = meta("Elementor 3.21.0; features: e_optimized_assets_loading");
    marks.metas.push(MetaFact {
        name: "GENERATOR".into(),
        content: "WordPress 6.5.2".into(),
    });
    assert_eq!(
        detect(&page(&[], marks, "")),
        generator("wordpress", Some("6.5.2"), None)
    );
}

#[test]
fn themes_are_told_from_assets_links_and_classes() {
    let next = page(
        &[("NexT.Gemini", Some("https://theme-next.js.org/"))],
        meta("Hexo 7.3.0"),
        "",
    );
    assert_eq!(
        detect(&next),
        generator("hexo", Some("7.3.0"), Some("next"))
    );

    let fluid = page(
        &[(
            "Fluid",
            Some("https://github.com/fluid-dev/hexo-theme-fluid"),
        )],
        meta("Hexo 6.3.0"),
        "",
    );
    assert_eq!(
        detect(&fluid),
        generator("hexo", Some("6.3.0"), Some("fluid"))
    );

    // No meta: Butterfly's class alone tells Hexo and the theme.
    let butterfly = page(
        &[("框架 Hexo", None)],
        GeneratorMarks::default(),
        "framework-info",
    );
    assert_eq!(
        detect(&butterfly),
        generator("hexo", None, Some("butterfly"))
    );

    let stack = page(
        &[(
            "Stack",
            Some("https://github.com/CaiJimmy/hugo-theme-stack"),
        )],
        meta("Hugo 0.128.0"),
        "",
    );
    assert_eq!(
        detect(&stack),
        generator("hugo", Some("0.128.0"), Some("stack"))
    );

    let papermod = page(
        &[(
            "PaperMod",
            Some("https://github.com/adityatelange/hugo-PaperMod/"),
        )],
        GeneratorMarks::default(),
        "",
    );
    assert_eq!(detect(&papermod), generator("hugo", None, Some("papermod")));

    let earth = page(
        &[],
        assets(&["https://blog.example.cn/themes/theme-earth/assets/dist/main.iife.js?v=1.16.1"]),
        "",
    );
    assert_eq!(detect(&earth), generator("halo", None, Some("earth")));

    let twenty = page(
        &[],
        assets(&["https://www.example.cn/wp-content/themes/twentyfifteen/style.css?ver=3.7"]),
        "",
    );
    assert_eq!(
        detect(&twenty),
        generator("wordpress", None, Some("twentyfifteen"))
    );

    let typecho = page(
        &[],
        assets(&["https://www.example.cn/usr/themes/default/style.css"]),
        "",
    );
    assert_eq!(
        detect(&typecho),
        generator("typecho", None, Some("default"))
    );

    let zblog = page(
        &[],
        assets(&["https://www.example.cn/zb_users/theme/tpure/style/style.css"]),
        "",
    );
    assert_eq!(detect(&zblog), generator("zblogphp", None, Some("tpure")));

    let dede = page(
        &[("DedeCMS_V57", Some("http://www.dedecms.com"))],
        GeneratorMarks::default(),
        "",
    );
    assert_eq!(detect(&dede), generator("dedecms", None, None));

    assert_eq!(
        detect(&page(&good_footer(), GeneratorMarks::default(), "")),
        None
    );
}

#[test]
fn failing_rows_get_the_generator_fix_with_the_records_values() {
    // NexT, number missing (the footer shows only the 公安 line, linked to the old address).
    let facts = page(
        &[
            ("NexT.Gemini", Some("https://theme-next.js.org/")),
            (
                MPS_NUMBER,
                Some("http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=33010602011234"),
            ),
        ],
        meta("Hexo 7.3.0"),
        "",
    );
    let report = run(&facts);
    assert_eq!(
        report.generator,
        generator("hexo", Some("7.3.0"), Some("next"))
    );
    let number = report.check(CheckId::Number).unwrap();
    assert_eq!(number.reason, Reason::NumberMissing);
    let fix = number.generator_fix.as_ref().expect("number fix");
    assert_eq!(fix.key, "gfix_hexo_next_icp");
    assert_eq!(fix.values["number"], NUMBER);
    assert_eq!(fix.values["generator"], "Hexo · NexT");
    let mps = report.check(CheckId::Mps).unwrap();
    assert_eq!(mps.reason, Reason::MpsOldAddress);
    let fix = mps.generator_fix.as_ref().expect("mps fix");
    assert_eq!(fix.key, "gfix_hexo_next_mps");
    assert_eq!(fix.values["mps"], MPS_NUMBER);
    assert_eq!(fix.values["mps_code"], "33010602011234");
    // Passing and skipped rows get none.
    for check in &report.checks {
        if !matches!(check.verdict, Verdict::Warn | Verdict::Fail) {
            assert!(check.generator_fix.is_none(), "{:?}", check.id);
        }
    }
}

#[test]
fn fluid_plain_http_link_gets_the_fluid_link_fix() {
    let facts = page(
        &[
            (NUMBER, Some("http://beian.miit.gov.cn/")),
            (
                "Fluid",
                Some("https://github.com/fluid-dev/hexo-theme-fluid"),
            ),
        ],
        meta("Hexo 7.3.0"),
        "",
    );
    let report = run(&facts);
    let link = report.check(CheckId::Link).unwrap();
    assert_eq!(link.reason, Reason::LinkHttp);
    assert_eq!(
        fix_key(&report, CheckId::Link).as_deref(),
        Some("gfix_hexo_fluid_link")
    );
}

#[test]
fn unknown_generator_or_theme_leaves_todays_fix_alone() {
    let facts = page(&[(NUMBER, None)], meta("Gatsby 5.13.0"), "");
    let report = run(&facts);
    assert_eq!(report.generator, None);
    assert!(report.checks.iter().all(|c| c.generator_fix.is_none()));
    // Hexo with a theme the table does not know: no Hexo-wide row, so no generator fix.
    let facts = page(&[(NUMBER, None)], meta("Hexo 7.3.0"), "");
    let report = run(&facts);
    assert_eq!(report.generator, generator("hexo", Some("7.3.0"), None));
    assert_eq!(
        report.check(CheckId::Link).unwrap().reason,
        Reason::LinkNotLinked
    );
    assert!(report.checks.iter().all(|c| c.generator_fix.is_none()));
    // The JSON says `null` for an unknown generator and leaves `generatorFix` out.
    let json = serde_json::to_value(report_without_generator()).unwrap();
    assert!(json["generator"].is_null());
    assert!(json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c.get("generatorFix").is_none()));
}

fn report_without_generator() -> Report {
    run(&page(&[(NUMBER, None)], GeneratorMarks::default(), ""))
}

#[test]
fn a_lying_meta_changes_advice_never_a_verdict() {
    let lines = [(NUMBER, None)];
    let honest = run(&page(&lines, GeneratorMarks::default(), ""));
    for lie in [
        "Hexo 7.3.0",
        "WordPress 6.5.2",
        "Discuz! X3.5",
        "DedeCMS V5.7",
    ] {
        let mut marks = meta(lie);
        marks.assets.push("/usr/themes/default/style.css".into());
        let lying = run(&page(&lines, marks, ""));
        assert_eq!(lying.overall, honest.overall, "{lie}");
        for (a, b) in lying.checks.iter().zip(&honest.checks) {
            assert_eq!(
                (a.id, a.verdict, a.reason, &a.evidence),
                (b.id, b.verdict, b.reason, &b.evidence),
                "{lie}"
            );
        }
    }
    // A correct footer stays a pass with no advice, whatever the meta says.
    let good = run(&page(&good_footer(), meta("Hexo 7.3.0"), "framework-info"));
    assert_eq!(good.overall, Verdict::Pass);
    assert!(good.checks.iter().all(|c| c.generator_fix.is_none()));
}

#[test]
fn the_table_is_consistent() {
    for row in FIXES {
        assert!(
            GENERATORS.iter().any(|g| g.id == row.generator),
            "{}",
            row.key
        );
        assert!(row.key.starts_with("gfix_"), "{}", row.key);
        for reason in row.reasons {
            assert!(
                matches!(reason.verdict(), Verdict::Warn | Verdict::Fail),
                "{}: {reason:?}",
                row.key
            );
        }
    }
    for theme in THEMES {
        assert!(GENERATORS.iter().any(|g| g.id == theme.generator));
        assert_eq!(theme.id, theme.id.to_lowercase());
    }
    // Every covered theme has a row for each reason group.
    let covered = [
        ("hexo", Some("next")),
        ("hexo", Some("fluid")),
        ("hexo", Some("butterfly")),
        ("hugo", Some("stack")),
        ("hugo", Some("papermod")),
        ("wordpress", Some("twentyfifteen")),
        ("wordpress", Some("astra")),
        ("typecho", Some("default")),
        ("halo", Some("earth")),
        ("vitepress", None),
        ("discuz", None),
        ("dedecms", None),
        ("zblogphp", Some("tpure")),
    ];
    for (id, theme) in covered {
        let g = generator(id, None, theme).unwrap();
        for reason in ICP.iter().chain(LINK).chain(MPS) {
            let gets = fix_row(&g, *reason).is_some();
            // The bundled WordPress themes' setting has no 公安 line: the generic row covers it.
            assert!(gets, "{id} {theme:?} {reason:?}");
        }
    }
}
