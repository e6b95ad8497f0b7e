//! The number grammar through its public API: `parse_number`, `find_numbers`,
//! `normalise_number_text` and the canonical forms. Table-driven: one row per form or trap of
//! RULES.md "Number grammar".

use beian_check::core::number::{
    find_numbers, normalise_number_text, parse_number, AnyNumber, FilingKind, FilingNumber,
    FilingStyle, LicenceNumber, MpsNumber, NotRealWhy, ServiceKind, PROVINCES,
};

fn filing(province: char, digits: &str, sequence: Option<u32>) -> AnyNumber {
    AnyNumber::Filing(FilingNumber {
        province,
        style: FilingStyle::Bei,
        digits: digits.to_string(),
        sequence,
        service: None,
    })
}

fn service(province: char, digits: &str, sequence: u32, kind: ServiceKind) -> AnyNumber {
    AnyNumber::Filing(FilingNumber {
        province,
        style: FilingStyle::Bei,
        digits: digits.to_string(),
        sequence: Some(sequence),
        service: Some(kind),
    })
}

fn zheng(province: char, digits: &str, sequence: Option<u32>) -> AnyNumber {
    AnyNumber::Filing(FilingNumber {
        province,
        style: FilingStyle::Zheng,
        digits: digits.to_string(),
        sequence,
        service: None,
    })
}

fn licence(province: char, class: &str, digits: &str, suffix: Option<&str>) -> AnyNumber {
    AnyNumber::Licence(LicenceNumber {
        province,
        class: class.to_string(),
        digits: digits.to_string(),
        suffix: suffix.map(str::to_string),
    })
}

fn mps(province: char, digits: &str) -> AnyNumber {
    AnyNumber::Mps(MpsNumber {
        province,
        digits: digits.to_string(),
    })
}

fn not_real(why: NotRealWhy) -> AnyNumber {
    AnyNumber::NotReal { why }
}

#[test]
fn parse_number_table() {
    use NotRealWhy::*;
    use ServiceKind::*;
    let table: Vec<(&str, Option<AnyNumber>)> = vec![
        // Plain forms.
        ("京ICP备11018762号", Some(filing('京', "11018762", None))),
        (
            "京ICP备11018762号-11",
            Some(filing('京', "11018762", Some(11))),
        ),
        (
            "粤ICP备2023001234号",
            Some(filing('粤', "2023001234", None)),
        ),
        (
            "豫ICP备2026018839号-1",
            Some(filing('豫', "2026018839", Some(1))),
        ),
        ("沪ICP备123456号", Some(filing('沪', "123456", None))),
        ("浙ICP备1234567号-3", Some(filing('浙', "1234567", Some(3)))),
        (
            "京ICP备11018762号-1234",
            Some(filing('京', "11018762", Some(1234))),
        ),
        (
            "京ICP备11018762号-01",
            Some(filing('京', "11018762", Some(1))),
        ),
        // Service numbers.
        (
            "京ICP备11018762号-2A",
            Some(service('京', "11018762", 2, App)),
        ),
        (
            "京ICP备11018762号-3X",
            Some(service('京', "11018762", 3, MiniProgram)),
        ),
        (
            "京ICP备11018762号-4K",
            Some(service('京', "11018762", 4, QuickApp)),
        ),
        (
            "京ICP备11018762号-2a",
            Some(service('京', "11018762", 2, App)),
        ),
        (
            "京ICP备11018762号-12Ｘ",
            Some(service('京', "11018762", 12, MiniProgram)),
        ),
        // Old-style licence as filing number.
        ("京ICP证030173号", Some(zheng('京', "030173", None))),
        ("京ICP证030173号-1", Some(zheng('京', "030173", Some(1)))),
        ("京ICP證030173號", Some(zheng('京', "030173", None))),
        // Telecom licences.
        ("粤B2-20090059", Some(licence('粤', "B2", "20090059", None))),
        (
            "粤B2-20090059-1",
            Some(licence('粤', "B2", "20090059", Some("1"))),
        ),
        (
            "粤B2-20090059-2A",
            Some(licence('粤', "B2", "20090059", Some("2A"))),
        ),
        (
            "粤B2-20090059-3x",
            Some(licence('粤', "B2", "20090059", Some("3X"))),
        ),
        ("京B1-20180001", Some(licence('京', "B1", "20180001", None))),
        (
            "粤Ｂ２－２００９００５９",
            Some(licence('粤', "B2", "20090059", None)),
        ),
        (
            "粤 B2 - 20090059",
            Some(licence('粤', "B2", "20090059", None)),
        ),
        (
            "粤B2-20090059号",
            Some(licence('粤', "B2", "20090059", None)),
        ),
        ("粤b2-20090059", Some(licence('粤', "B2", "20090059", None))),
        ("粤B2-2009005", None),
        ("粤B2-200900591", None),
        ("B2-20090059", None),
        ("萌B2-20090059", None),
        ("粤B3-20090059", None),
        ("粤B220090059", None),
        // 公安 numbers.
        (
            "京公网安备11010802020287号",
            Some(mps('京', "11010802020287")),
        ),
        (
            "京公网安备 11010802020287号",
            Some(mps('京', "11010802020287")),
        ),
        (
            "京公网安备\u{00A0}11010802020287号",
            Some(mps('京', "11010802020287")),
        ),
        (
            "京公网安备11010802020287",
            Some(mps('京', "11010802020287")),
        ),
        (
            "京公網安備11010802020287號",
            Some(mps('京', "11010802020287")),
        ),
        (
            "粤公网安备 44030502008569 号",
            Some(mps('粤', "44030502008569")),
        ),
        (
            "京公网安备１１０１０８０２０２０２８７号",
            Some(mps('京', "11010802020287")),
        ),
        ("京公网安备1101080202028号", None),
        ("京公网安备110108020202871号", None),
        ("公网安备11010802020287号", None),
        ("京公网安备11010802020287号-1", None),
        // Loose forms: width, spaces, invisible characters, missing 号, case.
        (
            "京ICP备１２００５１３８号－１",
            Some(filing('京', "12005138", Some(1))),
        ),
        ("京ＩＣＰ备12005138号", Some(filing('京', "12005138", None))),
        ("京icp备12005138号", Some(filing('京', "12005138", None))),
        ("京Icp备12005138号", Some(filing('京', "12005138", None))),
        (
            "京ICP备12005138号—1",
            Some(filing('京', "12005138", Some(1))),
        ),
        (
            "京ICP备12005138号–1",
            Some(filing('京', "12005138", Some(1))),
        ),
        (
            "京ICP备12005138号\u{2212}1",
            Some(filing('京', "12005138", Some(1))),
        ),
        (
            "京ICP备 12005138号-1",
            Some(filing('京', "12005138", Some(1))),
        ),
        (
            "京ICP备12005138号 - 1",
            Some(filing('京', "12005138", Some(1))),
        ),
        (
            "京ICP备\u{00A0}12005138号-1",
            Some(filing('京', "12005138", Some(1))),
        ),
        (
            "京ICP备\u{3000}12005138号-1",
            Some(filing('京', "12005138", Some(1))),
        ),
        (
            "京 ICP 备 12005138 号 - 1",
            Some(filing('京', "12005138", Some(1))),
        ),
        (
            "京ICP备\n12005138\n号-1",
            Some(filing('京', "12005138", Some(1))),
        ),
        (
            "京ICP备1200\u{200B}5138号-1",
            Some(filing('京', "12005138", Some(1))),
        ),
        (
            "\u{FEFF}京\u{200D}I\u{200C}CP备12005138号\u{2060}-\u{200E}1",
            Some(filing('京', "12005138", Some(1))),
        ),
        (
            "京ICP备\u{202D}12005138\u{202C}号",
            Some(filing('京', "12005138", None)),
        ),
        (
            "京ICP备12005138\u{00AD}号",
            Some(filing('京', "12005138", None)),
        ),
        ("京ICP备12005138-1", Some(filing('京', "12005138", Some(1)))),
        ("京ICP备12005138", Some(filing('京', "12005138", None))),
        (
            "京ICP备12005138-1号",
            Some(filing('京', "12005138", Some(1))),
        ),
        (
            "京ICP備12005138號-1",
            Some(filing('京', "12005138", Some(1))),
        ),
        (
            "  京ICP备12005138号-1  ",
            Some(filing('京', "12005138", Some(1))),
        ),
        (
            "\t京ICP备12005138号\u{3000}",
            Some(filing('京', "12005138", None)),
        ),
        // Every province.
        ("蜀ICP备12345678号", Some(filing('蜀', "12345678", None))),
        ("黔ICP备12345678号", Some(filing('黔', "12345678", None))),
        ("滇ICP备12345678号", Some(filing('滇', "12345678", None))),
        ("陇ICP备12345678号", Some(filing('陇', "12345678", None))),
        // Not real.
        ("ICP备12345678号", Some(not_real(NoPrefix))),
        ("ICP备12345678号-1", Some(not_real(NoPrefix))),
        ("萌ICP备20205201号", Some(not_real(UnknownPrefix))),
        ("杭ICP备12345678号", Some(not_real(UnknownPrefix))),
        ("萌ICP证030173号", Some(not_real(UnknownPrefix))),
        ("粤ICP备xxxxxxxx号", Some(not_real(Placeholder))),
        ("京ICP备XXXXXXXX号-1", Some(not_real(Placeholder))),
        ("京ICP备********号", Some(not_real(Placeholder))),
        ("京ICP备＊＊＊＊＊＊＊＊号", Some(not_real(Placeholder))),
        ("京ICP备1234xxxx号", Some(not_real(Placeholder))),
        ("京ICP备00000000号", Some(not_real(Placeholder))),
        ("京ICP备12345号", Some(not_real(DigitCount))),
        ("京ICP备12345678901号", Some(not_real(DigitCount))),
        ("京ICP备1号-1", Some(not_real(DigitCount))),
        ("ICP备xxxxxxxx号", Some(not_real(NoPrefix))),
        ("萌ICP备123号", Some(not_real(UnknownPrefix))),
        // Not one number.
        ("", None),
        ("   ", None),
        ("\u{200B}", None),
        ("京ICP备", None),
        ("京ICP备号", None),
        ("京ICP备案号", None),
        ("ICP备案号：京ICP备12345678号", None),
        ("备案号：京ICP备12345678号", None),
        ("京ICP备12345678号abc", None),
        ("京ICP备12345678号 版权所有", None),
        ("京ICP备12345678号号", None),
        ("京ICP备12345678号-12024", None),
        ("京ICP备12345678号-0", None),
        ("京ICP备12345678号-1 2024", None),
        ("京ICP备12345678号-1B", None),
        ("京ICP备12345678号京公网安备11010802020287号", None),
        ("12345678", None),
        ("11010802020287", None),
        ("备案号ICP备12345678号", None),
        ("京ICP12345678号", None),
        ("京IC备12345678号", None),
    ];
    assert!(table.len() >= 80, "table shrank to {}", table.len());
    for (input, want) in &table {
        assert_eq!(&parse_number(input), want, "parse_number({input:?})");
    }
}

/// What `find_numbers` should return: the raw text of each match and what it parses to.
#[test]
fn find_numbers_table() {
    use NotRealWhy::*;
    let table: Vec<(&str, Vec<(&str, AnyNumber)>)> = vec![
        (
            "京ICP备12345678号-1 2024",
            vec![("京ICP备12345678号-1", filing('京', "12345678", Some(1)))],
        ),
        (
            "京ICP备12345678号京公网安备11010802020287号",
            vec![
                ("京ICP备12345678号", filing('京', "12345678", None)),
                ("京公网安备11010802020287号", mps('京', "11010802020287")),
            ],
        ),
        (
            "©2024 京ICP备12345678号",
            vec![("京ICP备12345678号", filing('京', "12345678", None))],
        ),
        (
            "©2024京ICP备12345678号",
            vec![("京ICP备12345678号", filing('京', "12345678", None))],
        ),
        (
            "备案号：京ICP备12345678号-2",
            vec![("京ICP备12345678号-2", filing('京', "12345678", Some(2)))],
        ),
        (
            "ICP备案号：京ICP备12345678号 | 京公网安备 11010802020287号",
            vec![
                ("京ICP备12345678号", filing('京', "12345678", None)),
                ("京公网安备 11010802020287号", mps('京', "11010802020287")),
            ],
        ),
        (
            "Copyright ICP备12345678号",
            vec![("ICP备12345678号", not_real(NoPrefix))],
        ),
        (
            "abcICP备12345678号",
            vec![("ICP备12345678号", not_real(NoPrefix))],
        ),
        (
            "备案号ICP备12345678号",
            vec![("ICP备12345678号", not_real(NoPrefix))],
        ),
        (
            "备案号：萌ICP备20205201号",
            vec![("萌ICP备20205201号", not_real(UnknownPrefix))],
        ),
        (
            "杭州ICP备12345678号",
            vec![("ICP备12345678号", not_real(NoPrefix))],
        ),
        (
            "北京ICP备12345678号",
            vec![("京ICP备12345678号", filing('京', "12345678", None))],
        ),
        (
            "  京ICP备 12005138号 - 1  Powered by x",
            vec![("京ICP备 12005138号 - 1", filing('京', "12005138", Some(1)))],
        ),
        (
            "京ICP备\u{200B}12005138\u{200B}号\u{200B} ",
            vec![(
                "京ICP备\u{200B}12005138\u{200B}号",
                filing('京', "12005138", None),
            )],
        ),
        (
            "京ICP备１２００５１３８号－１。",
            vec![("京ICP备１２００５１３８号－１", filing('京', "12005138", Some(1)))],
        ),
        (
            "京ICP备12345678号-1About us",
            vec![("京ICP备12345678号-1", filing('京', "12345678", Some(1)))],
        ),
        (
            "京ICP备12345678号-2A 应用",
            vec![(
                "京ICP备12345678号-2A",
                service('京', "12345678", 2, ServiceKind::App),
            )],
        ),
        (
            "京ICP备12345678号-12024",
            vec![("京ICP备12345678号", filing('京', "12345678", None))],
        ),
        (
            "京ICP备12345678号-1京ICP备87654321号-2",
            vec![
                ("京ICP备12345678号-1", filing('京', "12345678", Some(1))),
                ("京ICP备87654321号-2", filing('京', "87654321", Some(2))),
            ],
        ),
        (
            "京ICP备12345678号ICP备87654321号",
            vec![
                ("京ICP备12345678号", filing('京', "12345678", None)),
                ("ICP备87654321号", not_real(NoPrefix)),
            ],
        ),
        (
            "京ICP备12345678号萌ICP备87654321号",
            vec![
                ("京ICP备12345678号", filing('京', "12345678", None)),
                ("萌ICP备87654321号", not_real(UnknownPrefix)),
            ],
        ),
        (
            "增值电信业务经营许可证：粤B2-20090059-1 粤ICP备12345678号",
            vec![
                ("粤B2-20090059-1", licence('粤', "B2", "20090059", Some("1"))),
                ("粤ICP备12345678号", filing('粤', "12345678", None)),
            ],
        ),
        (
            "京ICP证030173号-1 京ICP备11018762号",
            vec![
                ("京ICP证030173号-1", zheng('京', "030173", Some(1))),
                ("京ICP备11018762号", filing('京', "11018762", None)),
            ],
        ),
        (
            "粤ICP备xxxxxxxx号-1 版权所有",
            vec![("粤ICP备xxxxxxxx号-1", not_real(Placeholder))],
        ),
        ("ICP备案/许可证号：", vec![]),
        ("京ICP备案中", vec![]),
        ("B2-20090059 公网安备11010802020287号", vec![]),
        ("https://beian.miit.gov.cn/ https://beian.mps.gov.cn/#/query/webSearch?code=11010802020287", vec![]),
        (
            "豫ICP备2026018839号-1",
            vec![("豫ICP备2026018839号-1", filing('豫', "2026018839", Some(1)))],
        ),
    ];
    for (text, want) in &table {
        let got: Vec<(&str, AnyNumber)> = find_numbers(text)
            .into_iter()
            .map(|m| (m.raw(text), m.number))
            .collect();
        assert_eq!(&got, want, "find_numbers({text:?})");
    }
}

#[test]
fn offsets_are_byte_offsets_into_the_original() {
    let text = "页脚 ©２０２４\u{00A0}京ＩＣＰ备\u{200B}１２００５１３８号 — 1 ｜ 京公网安备 11010802020287号";
    let found = find_numbers(text);
    assert_eq!(found.len(), 2);
    let first = &found[0];
    assert_eq!(&text[..first.start], "页脚 ©２０２４\u{00A0}");
    assert_eq!(first.raw(text), "京ＩＣＰ备\u{200B}１２００５１３８号 — 1");
    assert_eq!(first.number, filing('京', "12005138", Some(1)));
    assert_eq!(found[1].raw(text), "京公网安备 11010802020287号");
    assert_eq!(found[1].end, text.len());
}

#[test]
fn every_province_parses_and_others_do_not() {
    for &p in PROVINCES {
        let text = format!("{p}ICP备12345678号-1");
        assert_eq!(
            parse_number(&text),
            Some(filing(p, "12345678", Some(1))),
            "{text}"
        );
        let text = format!("{p}公网安备11010802020287号");
        assert_eq!(
            parse_number(&text),
            Some(mps(p, "11010802020287")),
            "{text}"
        );
    }
    for p in ['萌', '杭', '深', '中', '国', '㐀'] {
        let text = format!("{p}ICP备12345678号");
        assert_eq!(
            parse_number(&text),
            Some(not_real(NotRealWhy::UnknownPrefix)),
            "{text}"
        );
    }
}

#[test]
fn digit_counts() {
    for n in 1..=14 {
        let digits = "1".repeat(n);
        let got = parse_number(&format!("京ICP备{digits}号"));
        let want = if (6..=10).contains(&n) {
            filing('京', &digits, None)
        } else {
            not_real(NotRealWhy::DigitCount)
        };
        assert_eq!(got, Some(want), "{n} digits");
    }
}

#[test]
fn canonical_forms_round_trip() {
    let table = [
        ("京ICP备11018762号", "京ICP备11018762号"),
        ("京ICP备 11018762 - 11", "京ICP备11018762号-11"),
        ("京icp备１１０１８７６２号－２ａ", "京ICP备11018762号-2A"),
        ("京ICP证030173号-1", "京ICP证030173号-1"),
        ("粤B2-20090059-02a", "粤B2-20090059-2A"),
        ("京B1-20180001", "京B1-20180001"),
        ("京公网安备 11010802020287 号", "京公网安备11010802020287号"),
    ];
    for (loose, canonical) in table {
        let parsed = parse_number(loose).unwrap_or_else(|| panic!("{loose} should parse"));
        assert_eq!(parsed.canonical().as_deref(), Some(canonical), "{loose}");
        assert_eq!(
            parse_number(canonical),
            Some(parsed),
            "{canonical} round trip"
        );
    }
    assert_eq!(not_real(NotRealWhy::NoPrefix).canonical(), None);
}

#[test]
fn kinds_and_entities() {
    let Some(AnyNumber::Filing(site)) = parse_number("京ICP备11018762号-11") else {
        panic!("site should parse");
    };
    assert_eq!(site.kind(), FilingKind::Site);
    assert_eq!(site.entity().canonical(), "京ICP备11018762号");
    assert!(site.known_province());
    let Some(AnyNumber::Filing(app)) = parse_number("京ICP备11018762号-2A") else {
        panic!("app should parse");
    };
    assert_eq!(app.kind(), FilingKind::Service(ServiceKind::App));
    assert_eq!(app.entity(), site.entity());
    assert_eq!(site.entity().kind(), FilingKind::Entity);
}

#[test]
fn normalise_number_text_table() {
    let table = [
        (
            "  京ＩＣＰ备\u{200B}１２００５１３８号 — 1 ",
            "京ICP备12005138号 - 1",
        ),
        ("京icp备12005138号", "京ICP备12005138号"),
        (
            "京公網安備\u{00A0}\u{3000}11010802020287號",
            "京公网安备 11010802020287号",
        ),
        ("\u{FEFF}\u{200B}", ""),
        ("", ""),
    ];
    for (input, want) in table {
        assert_eq!(normalise_number_text(input), want, "{input:?}");
    }
}

/// A small deterministic generator (xorshift), so the test needs no crate and never flakes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Pieces that exercise every branch of the scanner, glued at random.
const PIECES: &[&str] = &[
    "京",
    "粤",
    "萌",
    "备",
    "证",
    "號",
    "号",
    "案",
    "ICP",
    "icp",
    "ＩＣＰ",
    "I",
    "C",
    "P",
    "公",
    "网",
    "安",
    "公网安备",
    "B",
    "B2",
    "B1",
    "-",
    "－",
    "—",
    " ",
    "\u{00A0}",
    "\u{3000}",
    "\n",
    "\u{200B}",
    "\u{202E}",
    "\u{FEFF}",
    "\u{0301}",
    "\u{E0041}",
    "0",
    "1",
    "7",
    "12345678",
    "11010802020287",
    "１",
    "x",
    "X",
    "*",
    "A",
    "K",
    "a",
    "©",
    "😀",
    "é",
    "\u{10FFFF}",
];

/// Slots of a near-number: each random text picks one variant per slot, so real, loose,
/// broken and glued numbers all come up often.
const SLOTS: &[&[&str]] = &[
    &["", "©2024 ", "备案号：", "案", "abc", "京ICP备12345678号"],
    &["京", "粤", "萌", "", " ", "京 ", "号"],
    &[
        "ICP",
        "icp",
        "ＩＣＰ",
        "IC\u{200B}P",
        "公网安备",
        "B2-",
        "B1 - ",
        "IP",
    ],
    &["备", "证", "備", " 备", "案", ""],
    &["", " ", "\u{00A0}", "\n"],
    &[
        "12345678",
        "１２３４５６７８",
        "1234\u{200B}5678",
        "11010802020287",
        "xxxxxxxx",
        "123",
        "20090059",
        "",
    ],
    &["号", "", " 号", "號", "号号"],
    &["", "-", " - ", "－", "—", "-\u{202E}"],
    &["1", "12", "12024", "0", "", "2A", "3x", "4K", "1B", "１"],
    &[
        "",
        "号",
        " 2024",
        "About",
        "京公网安备 11010802020287号",
        "😀",
        "\u{0301}",
    ],
];

#[test]
fn random_text_never_panics_and_matches_are_sound() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut kinds = [0usize; 4];
    for round in 0..6000 {
        let mut text = String::new();
        if round % 2 == 0 {
            for _ in 0..(rng.next() % 40) {
                text.push_str(PIECES[(rng.next() % PIECES.len() as u64) as usize]);
            }
        } else {
            for slot in SLOTS {
                text.push_str(slot[(rng.next() % slot.len() as u64) as usize]);
            }
        }
        let _ = parse_number(&text);
        let _ = normalise_number_text(&text);
        let mut last_end = 0;
        for m in find_numbers(&text) {
            assert!(m.start >= last_end && m.start < m.end, "order in {text:?}");
            assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
            last_end = m.end;
            let raw = m.raw(&text);
            assert_eq!(raw.trim(), raw, "untrimmed match in {text:?}");
            // A match read on its own means the same thing.
            assert_eq!(
                parse_number(raw).as_ref(),
                Some(&m.number),
                "{raw:?} in {text:?}"
            );
            kinds[match m.number {
                AnyNumber::Filing(_) => 0,
                AnyNumber::Licence(_) => 1,
                AnyNumber::Mps(_) => 2,
                AnyNumber::NotReal { .. } => 3,
            }] += 1;
        }
    }
    // The generator must keep reaching every kind, or this test proves little.
    assert!(kinds.iter().all(|&k| k >= 20), "kinds found: {kinds:?}");
}

#[test]
fn long_adversarial_inputs_are_linear() {
    let n = 50_000;
    let inputs = [
        "京ICP备".repeat(n),
        "ICP备".repeat(n),
        "1".repeat(n * 4),
        format!("京ICP备{}号", "1".repeat(n * 4)),
        format!("京ICP备{}号", " ".repeat(n * 4)),
        format!("京{}ICP备12345678号", " ".repeat(n * 4)),
        "京ICP备12345678号-".repeat(n / 4),
        "京ICP备12345678号-1".repeat(n / 4),
        "京公网安备".repeat(n),
        format!("京公网安备{}", "1".repeat(n * 4)),
        "粤B2-".repeat(n),
        "粤B2-20090059-".repeat(n / 4),
        "\u{200B}".repeat(n * 4),
        "a\u{0301}".repeat(n * 2),
        "- - - ".repeat(n),
        "京 ".repeat(n * 2),
        "XXXXXXXX".repeat(n / 2),
    ];
    let started = std::time::Instant::now();
    for text in &inputs {
        let found = find_numbers(text);
        let _ = parse_number(text);
        for m in &found {
            assert!(m.end <= text.len());
        }
    }
    // Linear work is a few milliseconds here; quadratic work would take minutes.
    assert!(
        started.elapsed().as_secs() < 20,
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(
        find_numbers(&"京ICP备12345678号-1".repeat(1000)).len(),
        1000
    );
}
