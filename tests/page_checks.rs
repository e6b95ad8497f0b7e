//! The page checks through the public API: synthetic page facts (as the collector would
//! report them) checked against records, one row per situation, asserting check id, verdict
//! and reason code. Layout-only browser behaviour is covered by the e2e suite.

use beian_check::core::checks::check_page_with_record;
use beian_check::core::facts::{
    ElementFact, LinkFact, PageFacts, Point, Rect, Size, TextFact, TextSource,
};
use beian_check::core::number::{parse_number, AnyNumber, FilingNumber, MpsNumber};
use beian_check::core::record::{Record, SiteRecord};
use beian_check::core::report::{CheckId, CheckOptions, Reason, Report, Verdict};

#[path = "support/page_read_agrees.rs"]
mod page_read_agrees;
use page_read_agrees::judged_as_the_page_read_judges;

const WIDTH: f64 = 1280.0;
const HEIGHT: f64 = 2000.0;
const CHAR_PX: f64 = 9.0;

/// Where a piece of footer text goes.
#[derive(Clone, Copy)]
enum Spot {
    /// The footer's centred line at the bottom of the page.
    Footer,
    /// The header at the top.
    Header,
    /// The footer, but in a left column.
    FooterLeft,
    /// A fixed bar at the bottom of the viewport.
    FixedBottom,
}

/// One piece of text on the synthetic page.
#[derive(Clone)]
struct Piece {
    text: &'static str,
    spot: Spot,
    /// `Some((resolved href, raw attribute))` when the piece sits in a link of its own.
    link: Option<(&'static str, &'static str)>,
    /// Joins the previous piece's link instead of opening a new one.
    same_link: bool,
    source: TextSource,
    style: fn(&mut ElementFact),
    /// Starts a new line of reading (a block of its own).
    new_block: bool,
}

fn piece(text: &'static str) -> Piece {
    Piece {
        text,
        spot: Spot::Footer,
        link: None,
        same_link: false,
        source: TextSource::Node,
        style: |_| {},
        new_block: false,
    }
}

fn linked(text: &'static str, href: &'static str) -> Piece {
    Piece {
        link: Some((href, href)),
        ..piece(text)
    }
}

const MIIT: &str = "https://beian.miit.gov.cn/";

struct PageBuilder {
    facts: PageFacts,
    cursor: [f64; 4],
}

impl PageBuilder {
    fn new(url: &str, title: &str) -> PageBuilder {
        let el = |tag: &str, parent: Option<usize>, rect: Rect, extra: fn(&mut ElementFact)| {
            let mut e = ElementFact {
                tag: tag.into(),
                parent,
                rect,
                ..Default::default()
            };
            extra(&mut e);
            e
        };
        let r = |x: f64, y: f64, w: f64, h: f64| Rect {
            x,
            y,
            width: w,
            height: h,
        };
        let elements = vec![
            el("html", None, r(0.0, 0.0, WIDTH, HEIGHT), |_| {}),
            el("body", Some(0), r(0.0, 0.0, WIDTH, HEIGHT), |e| {
                e.background = "rgb(255, 255, 255)".into()
            }),
            el("header", Some(1), r(0.0, 0.0, WIDTH, 80.0), |_| {}),
            el("footer", Some(1), r(0.0, 1900.0, WIDTH, 100.0), |e| {
                e.id = "ft".into()
            }),
            el("aside", Some(3), r(0.0, 1900.0, 300.0, 100.0), |_| {}),
            el("div", Some(1), r(0.0, 760.0, WIDTH, 40.0), |e| {
                e.position = "fixed".into()
            }),
        ];
        PageBuilder {
            facts: PageFacts {
                url: url.into(),
                title: title.into(),
                viewport: Size {
                    width: WIDTH,
                    height: 800.0,
                },
                document: Size {
                    width: WIDTH,
                    height: HEIGHT,
                },
                scroll: Point::default(),
                elements,
                ..Default::default()
            },
            cursor: [0.0; 4],
        }
    }

    fn add(mut self, pieces: &[Piece]) -> PageBuilder {
        // Lay each spot's pieces out on one line, centred in the spot.
        for (spot_index, spot) in [
            Spot::Footer,
            Spot::Header,
            Spot::FooterLeft,
            Spot::FixedBottom,
        ]
        .iter()
        .enumerate()
        {
            let in_spot: Vec<&Piece> = pieces
                .iter()
                .filter(|p| std::mem::discriminant(&p.spot) == std::mem::discriminant(spot))
                .collect();
            let total: f64 = in_spot
                .iter()
                .map(|p| p.text.chars().count() as f64 * CHAR_PX)
                .sum();
            let (container, centre, y) = match spot {
                Spot::Footer => (3, WIDTH / 2.0, 1950.0),
                Spot::Header => (2, WIDTH / 2.0, 30.0),
                Spot::FooterLeft => (4, 150.0, 1950.0),
                Spot::FixedBottom => (5, WIDTH / 2.0, 770.0),
            };
            self.cursor[spot_index] = centre - total / 2.0;
            let mut block = None;
            let mut link_element = None;
            for p in in_spot {
                let w = p.text.chars().count() as f64 * CHAR_PX;
                let rect = Rect {
                    x: self.cursor[spot_index],
                    y,
                    width: w,
                    height: 18.0,
                };
                self.cursor[spot_index] += w;
                if block.is_none() || p.new_block {
                    self.facts.elements.push(ElementFact {
                        tag: "p".into(),
                        parent: Some(container),
                        rect,
                        ..Default::default()
                    });
                    block = Some(self.facts.elements.len() - 1);
                    link_element = None;
                }
                let mut parent = block.unwrap_or(container);
                let mut link = None;
                if let Some((href, raw)) = p.link {
                    self.facts.elements.push(ElementFact {
                        tag: "a".into(),
                        display: "inline".into(),
                        parent: Some(parent),
                        rect,
                        ..Default::default()
                    });
                    parent = self.facts.elements.len() - 1;
                    self.facts.links.push(LinkFact {
                        href: href.into(),
                        raw_href: Some(raw.into()),
                        element: parent,
                        ..Default::default()
                    });
                    link = Some(self.facts.links.len() - 1);
                    link_element = Some((parent, link));
                } else if p.same_link {
                    if let Some((el, l)) = link_element {
                        parent = el;
                        link = l;
                    }
                }
                let mut span = ElementFact {
                    tag: "span".into(),
                    display: "inline".into(),
                    parent: Some(parent),
                    rect,
                    ..Default::default()
                };
                (p.style)(&mut span);
                self.facts.elements.push(span);
                self.facts.texts.push(TextFact {
                    gap_before: false,
                    text: p.text.into(),
                    source: p.source,
                    element: self.facts.elements.len() - 1,
                    rect,
                    link,
                });
            }
        }
        self
    }
}

fn filing(text: &str) -> FilingNumber {
    match parse_number(text) {
        Some(AnyNumber::Filing(f)) => f,
        other => panic!("{text}: {other:?}"),
    }
}

fn mps(text: &str) -> MpsNumber {
    match parse_number(text) {
        Some(AnyNumber::Mps(m)) => m,
        other => panic!("{text}: {other:?}"),
    }
}

/// 北京示例科技有限公司, 京ICP备12345678号, site -1 "示例商城" on example-shop.cn.
fn shop_record() -> Record {
    Record {
        entity: Some(filing("京ICP备12345678号")),
        unit_name: Some("北京示例科技有限公司".into()),
        nature: Some("企业".into()),
        sites: vec![SiteRecord {
            number: Some(filing("京ICP备12345678号-1")),
            number_raw: Some("京ICP备12345678号-1".into()),
            name: Some("示例商城".into()),
            domains: vec!["example-shop.cn".into()],
            ..Default::default()
        }],
        ..Default::default()
    }
}

/// The shop's record with its one site filed under `domain` (and `home`, its 首页地址).
fn idn_record(domain: &str, home: Option<&str>) -> Record {
    let mut record = shop_record();
    record.sites[0].domains = vec![domain.into()];
    record.sites[0].home_url = home.map(Into::into);
    record
}

const URL: &str = "https://www.example-shop.cn/";
const TITLE: &str = "示例商城 - 正品低价";

fn run(pieces: &[Piece], record: Record, options: CheckOptions) -> Report {
    let facts = PageBuilder::new(URL, TITLE).add(pieces).facts;
    judge(&facts, record, options)
}

/// The report on `facts`, after checking that the page read (issue #11: the texts first, then
/// only what the rules need measured) gives the very same report as the whole facts.
fn judge(facts: &PageFacts, record: Record, options: CheckOptions) -> Report {
    judged_as_the_page_read_judges(facts, |f| {
        check_page_with_record(f, record.clone(), options)
    })
}

thread_local! {
    /// Every reason code a test in this thread has seen; read by `every_reason_code_has_a_case`.
    static SEEN: std::cell::RefCell<std::collections::HashSet<Reason>> = Default::default();
}

/// The reason `report` gives for check `id` (and note it as seen).
fn reason(report: &Report, id: CheckId) -> Reason {
    let found = report.check(id).map(|c| c.reason).expect("check present");
    SEEN.with(|seen| seen.borrow_mut().insert(found));
    found
}

#[test]
fn number_link_and_placement_table() {
    use Reason::*;
    let hidden = |style: fn(&mut ElementFact)| Piece {
        style,
        ..linked("京ICP备12345678号-1", MIIT)
    };
    let cases: Vec<(&str, Vec<Piece>, [Reason; 3])> = vec![
        (
            "correct footer",
            vec![
                piece("© 2026 示例商城 "),
                linked("京ICP备12345678号-1", MIIT),
            ],
            [NumberSiteFound, LinkOk, PlacementBottomCentre],
        ),
        (
            "entity number",
            vec![linked("京ICP备12345678号", MIIT)],
            [NumberEntityFound, LinkOk, PlacementBottomCentre],
        ),
        (
            "loose full-width form",
            vec![linked("京ＩＣＰ备１２３４５６７８号－１", MIIT)],
            [NumberSiteFound, LinkOk, PlacementBottomCentre],
        ),
        (
            "missing 号 and NBSP",
            vec![linked("京ICP备\u{a0}12345678-1", MIIT)],
            [NumberSiteFound, LinkOk, PlacementBottomCentre],
        ),
        (
            "split over spans",
            vec![
                linked("京ICP备", MIIT),
                Piece {
                    same_link: true,
                    ..piece("12345678")
                },
                Piece {
                    same_link: true,
                    ..piece("号-")
                },
                Piece {
                    same_link: true,
                    ..piece("1")
                },
            ],
            [NumberSiteFound, LinkOk, PlacementBottomCentre],
        ),
        (
            "wrong suffix",
            vec![linked("京ICP备12345678号-2", MIIT)],
            [NumberOtherOnly, LinkOk, PlacementBottomCentre],
        ),
        (
            "another entity",
            vec![linked("京ICP备87654321号-1", MIIT)],
            [NumberOtherOnly, LinkOk, PlacementBottomCentre],
        ),
        (
            "app number only",
            vec![linked("京ICP备12345678号-2A", MIIT)],
            [NumberAppOnly, LinkOk, PlacementBottomCentre],
        ),
        (
            "joke number",
            vec![linked("萌ICP备20205201号", MIIT)],
            [NumberPlaceholderOnly, LinkNoNumber, PlacementNoNumber],
        ),
        (
            "placeholder",
            vec![linked("京ICP备xxxxxxxx号", MIIT)],
            [NumberPlaceholderOnly, LinkNoNumber, PlacementNoNumber],
        ),
        (
            "nothing",
            vec![piece("© 2026 示例商城 版权所有")],
            [NumberMissing, LinkNoNumber, PlacementNoNumber],
        ),
        (
            "licence only",
            vec![piece("京B2-20090059")],
            [NumberMissing, LinkNoNumber, PlacementNoNumber],
        ),
        (
            "display none",
            vec![hidden(|e| e.rendered = false)],
            [NumberHiddenOnly, LinkNoNumber, PlacementNoNumber],
        ),
        (
            "white on white",
            vec![hidden(|e| e.color = "rgb(255, 255, 255)".into())],
            [NumberHiddenOnly, LinkNoNumber, PlacementNoNumber],
        ),
        (
            "alt text only",
            vec![Piece {
                source: TextSource::Alt,
                ..linked("京ICP备12345678号-1", MIIT)
            }],
            [NumberImageOnly, LinkNoNumber, PlacementNoNumber],
        ),
        (
            "hidden right, visible wrong",
            vec![
                hidden(|e| e.opacity = 0.0),
                linked("京ICP备12345678号-9", MIIT),
            ],
            [NumberHiddenOnly, LinkNoNumber, PlacementNoNumber],
        ),
        (
            "not linked",
            vec![piece("京ICP备12345678号-1")],
            [NumberSiteFound, LinkNotLinked, PlacementBottomCentre],
        ),
        (
            "javascript link",
            vec![linked("京ICP备12345678号-1", "javascript:void(0)")],
            [NumberSiteFound, LinkEmptyHref, PlacementBottomCentre],
        ),
        (
            "plain http",
            vec![linked("京ICP备12345678号-1", "http://beian.miit.gov.cn/")],
            [NumberSiteFound, LinkHttp, PlacementBottomCentre],
        ),
        (
            "old address",
            vec![linked(
                "京ICP备12345678号-1",
                "http://www.miitbeian.gov.cn/",
            )],
            [NumberSiteFound, LinkOldAddress, PlacementBottomCentre],
        ),
        (
            "wrong registry",
            vec![linked("京ICP备12345678号-1", "https://beian.mps.gov.cn/")],
            [NumberSiteFound, LinkWrongRegistry, PlacementBottomCentre],
        ),
        (
            "header",
            vec![Piece {
                spot: Spot::Header,
                ..linked("京ICP备12345678号-1", MIIT)
            }],
            [NumberSiteFound, LinkOk, PlacementUpperPart],
        ),
        (
            "left column",
            vec![Piece {
                spot: Spot::FooterLeft,
                ..linked("京ICP备12345678号-1", MIIT)
            }],
            [NumberSiteFound, LinkOk, PlacementOffCentre],
        ),
        (
            "fixed bar",
            vec![Piece {
                spot: Spot::FixedBottom,
                ..linked("京ICP备12345678号-1", MIIT)
            }],
            [NumberSiteFound, LinkOk, PlacementFixedBar],
        ),
        (
            "header copy and a good footer",
            vec![
                Piece {
                    spot: Spot::Header,
                    ..piece("京ICP备12345678号-1")
                },
                linked("京ICP备12345678号-1", MIIT),
            ],
            [NumberSiteFound, LinkOk, PlacementBottomCentre],
        ),
    ];
    for (name, pieces, [number, link, placement]) in cases {
        let report = run(&pieces, shop_record(), CheckOptions::default());
        assert_eq!(
            [
                reason(&report, CheckId::Number),
                reason(&report, CheckId::Link),
                reason(&report, CheckId::Placement)
            ],
            [number, link, placement],
            "{name}"
        );
    }
}

#[test]
fn strict_setting_requires_the_site_number_except_for_guangdong() {
    let strict = CheckOptions {
        strict_site_number: true,
    };
    let report = run(&[linked("京ICP备12345678号", MIIT)], shop_record(), strict);
    assert_eq!(reason(&report, CheckId::Number), Reason::NumberSiteRequired);

    let mut guangdong = shop_record();
    guangdong.entity = Some(filing("粤ICP备12345678号"));
    guangdong.sites[0].number = Some(filing("粤ICP备12345678号-1"));
    let report = run(&[linked("粤ICP备12345678号", MIIT)], guangdong, strict);
    assert_eq!(reason(&report, CheckId::Number), Reason::NumberEntityFound);
}

#[test]
fn a_page_that_fits_the_window_ends_at_its_last_line() {
    use Reason::*;
    // The same page, but short: the document is as tall as the 800 px window and the footer's
    // line sits at 350 px, above the window's lower half.
    let short = |pieces: &[Piece]| {
        let mut facts = PageBuilder::new(URL, TITLE).add(pieces).facts;
        facts.document.height = facts.viewport.height;
        for e in &mut facts.elements {
            if e.rect.y >= 1900.0 {
                e.rect.y -= 1600.0;
            }
            e.rect.height = e.rect.height.min(facts.viewport.height);
        }
        for t in &mut facts.texts {
            if t.rect.y >= 1900.0 {
                t.rect.y -= 1600.0;
            }
        }
        facts
    };
    let cases: Vec<(&str, Vec<Piece>, Reason)> = vec![
        (
            "footer line of a short page",
            vec![
                piece("© 2026 示例商城 "),
                linked("京ICP备12345678号-1", MIIT),
            ],
            PlacementBottomCentre,
        ),
        (
            "header of a short page",
            vec![
                Piece {
                    spot: Spot::Header,
                    ..linked("京ICP备12345678号-1", MIIT)
                },
                piece("© 2026 示例商城 版权所有"),
            ],
            PlacementUpperPart,
        ),
        (
            "a fixed bar below is not the page's end",
            vec![
                linked("京ICP备12345678号-1", MIIT),
                Piece {
                    spot: Spot::FixedBottom,
                    ..piece("在线客服 400-800-1234")
                },
            ],
            PlacementBottomCentre,
        ),
    ];
    for (name, pieces, want) in cases {
        let report = judge(&short(&pieces), shop_record(), CheckOptions::default());
        assert_eq!(reason(&report, CheckId::Placement), want, "{name}");
    }
}

#[test]
fn evidence_says_what_where_and_what_was_expected() {
    let report = run(
        &[piece("© 2026 "), linked("京ＩＣＰ备12345678号－2", MIIT)],
        shop_record(),
        CheckOptions::default(),
    );
    let number = report.check(CheckId::Number).unwrap();
    assert_eq!(number.verdict, Verdict::Fail);
    assert_eq!(
        number.evidence.found.as_deref(),
        Some("京ＩＣＰ备12345678号－2")
    );
    assert_eq!(
        number.evidence.expected.as_deref(),
        Some("京ICP备12345678号-1")
    );
    let location = number.evidence.location.as_ref().unwrap();
    assert_eq!(location.landmark.as_deref(), Some("footer"));
    assert_eq!(location.path, "footer#ft > p > a > span");
    assert_eq!(report.overall, Verdict::Fail);
}

#[test]
fn title_domain_homepage_site_name_and_mps() {
    use Reason::*;
    let page =
        |url: &str, title: &str, pieces: &[Piece]| PageBuilder::new(url, title).add(pieces).facts;
    let good = [linked("京ICP备12345678号-1", MIIT)];
    let cases: Vec<(&str, PageFacts, Record, CheckId, Reason)> = vec![
        (
            "title equal",
            page(URL, "示例商城", &good),
            shop_record(),
            CheckId::Title,
            TitleEqual,
        ),
        (
            "title contains",
            page(URL, TITLE, &good),
            shop_record(),
            CheckId::Title,
            TitleContains,
        ),
        (
            "title loose",
            page(URL, "示例 商城", &good),
            shop_record(),
            CheckId::Title,
            TitleLooseMatch,
        ),
        (
            "title missing",
            page(URL, "首页", &good),
            shop_record(),
            CheckId::Title,
            TitleMissingName,
        ),
        (
            "title empty",
            page(URL, " ", &good),
            shop_record(),
            CheckId::Title,
            TitleEmpty,
        ),
        (
            "domain www",
            page(URL, TITLE, &good),
            shop_record(),
            CheckId::Domain,
            DomainMatch,
        ),
        (
            "domain other",
            page("https://other.cn/", TITLE, &good),
            shop_record(),
            CheckId::Domain,
            DomainOtherSite,
        ),
        (
            "domain look-alike",
            page("https://badexample-shop.cn/", TITLE, &good),
            shop_record(),
            CheckId::Domain,
            DomainOtherSite,
        ),
        (
            "domain filed in Chinese, page address in the browser's ASCII form",
            page("https://www.xn--fiq228c.cn/", TITLE, &good),
            idn_record("中文.cn", None),
            CheckId::Domain,
            DomainMatch,
        ),
        (
            "domain filed in Chinese, another Chinese domain",
            page("https://www.xn--fiqs8s.cn/", TITLE, &good),
            idn_record("中文.cn", None),
            CheckId::Domain,
            DomainOtherSite,
        ),
        (
            "domain filed with www. covers the bare domain",
            page("https://example-shop.cn/", TITLE, &good),
            idn_record("www.example-shop.cn", None),
            CheckId::Domain,
            DomainMatch,
        ),
        (
            "homepage: the filed Chinese home address is the page",
            page("https://www.xn--fiq228c.cn/shop/", TITLE, &good),
            idn_record("中文.cn", Some("http://www.中文.cn/shop")),
            CheckId::Homepage,
            HomepageRoot,
        ),
        (
            "homepage root",
            page("https://www.example-shop.cn/index.html", TITLE, &good),
            shop_record(),
            CheckId::Homepage,
            HomepageRoot,
        ),
        (
            "homepage inner",
            page("https://www.example-shop.cn/about", TITLE, &good),
            shop_record(),
            CheckId::Homepage,
            HomepageNotRoot,
        ),
        (
            "homepage file url",
            page("file:///tmp/a.html", TITLE, &good),
            shop_record(),
            CheckId::Homepage,
            HomepageNoPageUrl,
        ),
        (
            "site name ok",
            page(URL, TITLE, &good),
            shop_record(),
            CheckId::SiteName,
            SiteNameOk,
        ),
        (
            "reachable",
            page(URL, TITLE, &good),
            shop_record(),
            CheckId::Reachable,
            ReachableOk,
        ),
        (
            "nginx default",
            page(URL, "Welcome to nginx!", &good),
            shop_record(),
            CheckId::Reachable,
            ReachableServerDefault,
        ),
        (
            "502",
            page(URL, "502 Bad Gateway", &good),
            shop_record(),
            CheckId::Reachable,
            ReachableErrorPage,
        ),
        (
            "index of",
            page(URL, "Index of /", &good),
            shop_record(),
            CheckId::Reachable,
            ReachableDirectoryListing,
        ),
        (
            "under construction",
            page(URL, "网站建设中", &good),
            shop_record(),
            CheckId::Reachable,
            ReachableUnderConstruction,
        ),
        (
            "mps none",
            page(URL, TITLE, &good),
            shop_record(),
            CheckId::Mps,
            MpsNone,
        ),
        (
            "domain of a file page",
            page("file:///home/a/index.html", TITLE, &good),
            shop_record(),
            CheckId::Domain,
            DomainNoPageHost,
        ),
        (
            "link elsewhere",
            page(
                URL,
                TITLE,
                &[linked(
                    "京ICP备12345678号-1",
                    "https://www.example-shop.cn/about",
                )],
            ),
            shop_record(),
            CheckId::Link,
            LinkOtherTarget,
        ),
        (
            "no layout",
            {
                let mut facts = page(URL, TITLE, &good);
                facts.viewport = Size::default();
                facts.document = Size::default();
                facts
            },
            shop_record(),
            CheckId::Placement,
            PlacementNoLayout,
        ),
        (
            "restricted word",
            page(URL, TITLE, &good),
            {
                let mut r = shop_record();
                r.sites[0].name = Some("中华示例新闻网".into());
                r
            },
            CheckId::SiteName,
            SiteNameRestrictedWord,
        ),
        (
            "personal filing, company form",
            page(URL, TITLE, &good),
            {
                let mut r = shop_record();
                r.nature = Some("个人".into());
                r.sites[0].name = Some("示例科技有限公司".into());
                r
            },
            CheckId::SiteName,
            SiteNameCompanyForm,
        ),
        (
            "record without a name",
            page(URL, TITLE, &good),
            {
                let mut r = shop_record();
                r.sites[0].name = None;
                r
            },
            CheckId::Title,
            TitleNoRecordName,
        ),
    ];
    for (name, facts, record, id, want) in cases {
        let report = judge(&facts, record, CheckOptions::default());
        assert_eq!(reason(&report, id), want, "{name}");
    }

    let mut with_mps = shop_record();
    with_mps.sites[0].mps = Some(mps("京公网安备11010802020287号"));
    let mps_cases: Vec<(&str, Vec<Piece>, Reason)> = vec![
        ("missing", good.to_vec(), MpsMissingOnPage),
        (
            "linked",
            vec![linked(
                "京公网安备 11010802020287号",
                "https://beian.mps.gov.cn/#/query/webSearch?code=11010802020287",
            )],
            MpsLinked,
        ),
        (
            "not linked",
            vec![piece("京公网安备 11010802020287号")],
            MpsNotLinked,
        ),
        (
            "old address",
            vec![linked(
                "京公网安备 11010802020287号",
                "http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=11010802020287",
            )],
            MpsOldAddress,
        ),
        (
            "code differs",
            vec![linked(
                "京公网安备 11010802020287号",
                "https://beian.mps.gov.cn/#/query/webSearch?code=11010802020000",
            )],
            MpsCodeMismatch,
        ),
        (
            "number differs",
            vec![piece("京公网安备 11010802029999号")],
            MpsNumberMismatch,
        ),
        (
            "elsewhere",
            vec![linked(
                "京公网安备 11010802020287号",
                "https://www.example-shop.cn/",
            )],
            MpsOtherTarget,
        ),
    ];
    for (name, pieces, want) in mps_cases {
        let report = run(&pieces, with_mps.clone(), CheckOptions::default());
        assert_eq!(reason(&report, CheckId::Mps), want, "mps {name}");
    }
}

#[test]
fn records_without_numbers_or_names_skip_what_they_cannot_judge() {
    use Reason::*;
    let report = run(
        &[linked("京ICP备12345678号-1", MIIT)],
        Record::default(),
        CheckOptions::default(),
    );
    let got: Vec<(CheckId, Reason)> = CheckId::ALL
        .iter()
        .map(|id| (*id, reason(&report, *id)))
        .collect();
    assert_eq!(
        got,
        vec![
            (CheckId::Record, RecordEmpty),
            (CheckId::Domain, DomainNotInRecord),
            (CheckId::Homepage, HomepageRoot),
            (CheckId::Title, TitleNoRecordName),
            (CheckId::Number, NumberNoRecord),
            (CheckId::Link, LinkNoNumber),
            (CheckId::Placement, PlacementNoNumber),
            (CheckId::SiteName, SiteNameNoName),
            (CheckId::Mps, MpsNone),
            (CheckId::Reachable, ReachableOk),
        ]
    );
    assert_eq!(report.overall, Verdict::Fail);
    assert!(report.snippet.is_none());
}

#[test]
fn record_check_warnings() {
    use Reason::*;
    let mut mismatch = shop_record();
    mismatch.entity = Some(filing("京ICP备87654321号"));
    let mut app = shop_record();
    app.sites[0].number = Some(filing("京ICP备12345678号-2A"));
    // Longer than the core reads (issue #16): refused whole.
    let too_large = beian_check::core::record::parse_record(
        &"网站备案号：京ICP备12345678号-1\n".repeat(10_000),
    );
    let cases = [
        (shop_record(), RecordOk),
        (mismatch, RecordEntityMismatch),
        (app, RecordAppNumber),
        (too_large, RecordTooLarge),
    ];
    for (record, want) in cases {
        let report = run(&[], record, CheckOptions::default());
        assert_eq!(reason(&report, CheckId::Record), want);
    }
}

#[test]
fn the_report_serialises_with_stable_codes() {
    let report = run(
        &[linked("京ICP备12345678号-1", MIIT)],
        shop_record(),
        CheckOptions::default(),
    );
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["overall"], "pass");
    assert_eq!(json["checks"][4]["id"], "number");
    assert_eq!(json["checks"][4]["reason"], "number_site_found");
    assert_eq!(json["checks"][4]["verdict"], "pass");
    assert_eq!(json["snippet"]["number"], "京ICP备12345678号-1");
    assert_eq!(json["site"], 0);
}

#[test]
fn licence_numbered_filings_are_filing_numbers() {
    use beian_check::core::record::parse_record;
    let record = parse_record(
        "主办单位名称：深圳市腾讯计算机系统有限公司\n主体备案号：粤B2-20090059\n\
         网站名称：腾讯网\n网站域名：example-shop.cn\n网站备案号：粤B2-20090059-5\n",
    );
    assert_eq!(
        record.sites[0].number.as_ref().map(|n| n.canonical()),
        Some("粤B2-20090059-5".to_string())
    );
    let cases: Vec<(&str, Vec<Piece>, Reason)> = vec![
        (
            "site licence",
            vec![linked("粤B2-20090059-5", MIIT)],
            Reason::NumberSiteFound,
        ),
        (
            "entity licence",
            vec![linked("粤B2-20090059", MIIT)],
            Reason::NumberEntityFound,
        ),
        (
            "another site's licence",
            vec![linked("粤B2-20090059-6", MIIT)],
            Reason::NumberMissing,
        ),
        (
            "B1 is not ICP",
            vec![linked("粤B1-20090059", MIIT)],
            Reason::NumberMissing,
        ),
    ];
    for (name, pieces, want) in cases {
        let report = run(&pieces, record.clone(), CheckOptions::default());
        assert_eq!(reason(&report, CheckId::Number), want, "{name}");
        assert_eq!(reason(&report, CheckId::Record), Reason::RecordOk, "{name}");
    }
    // An ICP-numbered record is not satisfied by the operator's licence.
    let report = run(
        &[linked("京B2-20090059", MIIT)],
        shop_record(),
        CheckOptions::default(),
    );
    assert_eq!(reason(&report, CheckId::Number), Reason::NumberMissing);
}

#[test]
fn record_check_reads_pasted_text() {
    use beian_check::core::record::parse_record;
    let cases: &[(&str, Reason)] = &[
        ("京ICP备12345678号-1", Reason::RecordOk),
        (
            "主体备案号：京ICP备12345678号\n网站备案号：京ICP备87654321号-1",
            Reason::RecordEntityMismatch,
        ),
        ("网站备案号：京ICP备12345678号-3X", Reason::RecordAppNumber),
        (
            "网站备案号：杭ICP备12345678号-1",
            Reason::RecordUnknownPrefix,
        ),
        ("主体备案号：杭ICP备12345678号", Reason::RecordUnknownPrefix),
        ("网站名称：示例商城", Reason::RecordEmpty),
        ("", Reason::RecordEmpty),
        ("粤ICP备xxxxxxxx号", Reason::RecordEmpty),
    ];
    for (text, want) in cases {
        let report = run(&[], parse_record(text), CheckOptions::default());
        assert_eq!(reason(&report, CheckId::Record), *want, "{text}");
    }
    let junk = "随便写的一行\n".repeat(100);
    let report = run(
        &[],
        parse_record(&format!("京ICP备12345678号-1\n{junk}")),
        CheckOptions::default(),
    );
    let record = report.check(CheckId::Record).unwrap();
    assert_eq!(record.evidence.others.len(), 20);
    assert_eq!(report.record.diagnostics.len(), 100);
}

#[test]
fn every_reason_code_has_a_case() {
    SEEN.with(|seen| seen.borrow_mut().clear());
    number_link_and_placement_table();
    strict_setting_requires_the_site_number_except_for_guangdong();
    evidence_says_what_where_and_what_was_expected();
    title_domain_homepage_site_name_and_mps();
    records_without_numbers_or_names_skip_what_they_cannot_judge();
    record_check_warnings();
    the_report_serialises_with_stable_codes();
    licence_numbered_filings_are_filing_numbers();
    record_check_reads_pasted_text();
    let seen = SEEN.with(|seen| seen.borrow().clone());
    let missing: Vec<&str> = Reason::ALL
        .iter()
        .filter(|r| !seen.contains(r))
        .map(|r| r.code())
        .collect();
    assert!(
        missing.is_empty(),
        "reason codes without a case: {missing:?}"
    );
}
