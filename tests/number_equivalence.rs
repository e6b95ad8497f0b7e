//! The number grammar (`regex` patterns, `src/core/number/`) against what the hand scanner it
//! replaced found (issue #12). Before the scanner was deleted, a property test fed both random
//! and adversarial text (every separator, width and case variant, format characters, glued
//! years, long digit runs, 1 MB of noise) and compared `find_numbers`, `parse_number` and
//! `normalise_number_text`: no difference was found (the scanner and that test are in the
//! history, `tests/support/old_scanner.rs` at commit 9d3406e). `FOUND` writes out what the
//! scanner found in the edge cases that test explored, so it keeps holding the grammar; the
//! property tests keep exploring the same inputs for what must hold of any match.

use beian_check::core::number::{find_numbers, normalise_number_text, AnyNumber};
use proptest::prelude::*;

/// Pieces numbers and the text around them are made of, in every width and case.
const PIECES: &[&str] = &[
    "京",
    "粤",
    "沪",
    "蜀",
    "新",
    "北",
    "萌",
    "杭",
    "州",
    "案",
    "号",
    "號",
    "备",
    "備",
    "证",
    "證",
    "公",
    "网",
    "網",
    "安",
    "ICP",
    "icp",
    "Icp",
    "ＩＣＰ",
    "ｉｃｐ",
    "I",
    "C",
    "P",
    "B2",
    "b2",
    "B1",
    "Ｂ２",
    "B3",
    "-",
    "－",
    "—",
    "–",
    "‐",
    "\u{2212}",
    "﹣",
    " ",
    "  ",
    "\u{00A0}",
    "\u{3000}",
    "\u{2009}",
    "\t",
    "\n",
    "\u{200B}",
    "\u{200D}",
    "\u{FEFF}",
    "\u{00AD}",
    "\u{202E}",
    "\u{E0041}",
    "0",
    "1",
    "2",
    "9",
    "０",
    "１",
    "９",
    "00",
    "12",
    "2019",
    "2024",
    "12345678",
    "１２３４５６７８",
    "11018762",
    "2026018839",
    "12345",
    "20090059",
    "11010802020287",
    "1234567890123",
    "x",
    "X",
    "ｘ",
    "*",
    "xxxxxxxx",
    "A",
    "a",
    "K",
    "k",
    "Ｘ",
    "About",
    "B",
    "号-1",
    "-2A",
    "-3x",
    "-4K",
    "-10000",
    "-0",
    "-01",
    "年",
    "a",
    "é",
    "\u{0301}",
    "😀",
    "<",
    ">",
    "/",
    ":",
    "：",
    "𠀀",
];

/// What must hold of the grammar's answer on any text: matches in order, apart, on character
/// boundaries, each read alone giving the same number; normalising is idempotent.
fn assert_sound(text: &str) {
    let matches = find_numbers(text);
    let mut end = 0;
    for m in &matches {
        assert!(
            m.start >= end && m.start < m.end && m.end <= text.len(),
            "{text:?}: {m:?}"
        );
        assert!(
            text.is_char_boundary(m.start) && text.is_char_boundary(m.end),
            "{text:?}"
        );
        end = m.end;
        let alone = find_numbers(m.raw(text));
        assert!(
            alone.iter().any(|n| n.number == m.number),
            "{text:?}: {:?} read alone gives {alone:?}",
            m.raw(text)
        );
    }
    let normal = normalise_number_text(text);
    assert_eq!(normalise_number_text(&normal), normal, "{text:?}");
}

/// Inputs on the edges of the rules, with what the grammar finds in each (the matched text
/// as written, and the canonical form or `not_real:<why>`), written out as the old scanner
/// gave them.
#[rustfmt::skip]
const FOUND: &[(&str, &[(&str, &str)])] = &[
    ("京ICP备11018762号-11", &[("京ICP备11018762号-11", "京ICP备11018762号-11")]),
    ("北京ICP备11018762号", &[("京ICP备11018762号", "京ICP备11018762号")]),
    ("杭州ICP备12345678号", &[("ICP备12345678号", "not_real:no_prefix")]),
    ("萌ICP备20205201号", &[("萌ICP备20205201号", "not_real:unknown_prefix")]),
    ("备案号ICP备12345678号", &[("ICP备12345678号", "not_real:no_prefix")]),
    ("京 ICP 备 12005138 号 - 1", &[("京 ICP 备 12005138 号 - 1", "京ICP备12005138号-1")]),
    ("京ICP备12345678-1号", &[("京ICP备12345678-1号", "京ICP备12345678号-1")]),
    ("京ICP备12345678号-12024", &[("京ICP备12345678号", "京ICP备12345678号")]),
    ("京ICP备12345678号-1About", &[("京ICP备12345678号-1", "京ICP备12345678号-1")]),
    ("京ICP备12345678号-2A", &[("京ICP备12345678号-2A", "京ICP备12345678号-2A")]),
    ("京ICP备12345678号-2AB", &[("京ICP备12345678号-2", "京ICP备12345678号-2")]),
    ("京ICP备12345678号-0", &[("京ICP备12345678号", "京ICP备12345678号")]),
    ("京ICP备12345678号-0001", &[("京ICP备12345678号-0001", "京ICP备12345678号-1")]),
    ("粤ICP备xxxxxxxx号", &[("粤ICP备xxxxxxxx号", "not_real:placeholder")]),
    ("京ICP备00000000号", &[("京ICP备00000000号", "not_real:placeholder")]),
    ("京ICP备12345号", &[("京ICP备12345号", "not_real:digit_count")]),
    ("京ICP备12345678901号", &[("京ICP备12345678901号", "not_real:digit_count")]),
    ("京ICP证030173号-1", &[("京ICP证030173号-1", "京ICP证030173号-1")]),
    ("粤B2-20090059", &[("粤B2-20090059", "粤B2-20090059")]),
    ("粤B2-20090059-5", &[("粤B2-20090059-5", "粤B2-20090059-5")]),
    ("粤B2-20090059-2A号", &[("粤B2-20090059-2A号", "粤B2-20090059-2A")]),
    ("粤B2-200900591", &[]),
    ("粤 B1 - 20090059 号", &[("粤 B1 - 20090059 号", "粤B1-20090059")]),
    ("京公网安备 11010802020287号", &[("京公网安备 11010802020287号", "京公网安备11010802020287号")]),
    ("京公网安备110108020202871号", &[]),
    ("萌公网安备11010802020287号", &[]),
    ("京ICP备12345678号京ICP备12345678号", &[("京ICP备12345678号", "京ICP备12345678号"), ("京ICP备12345678号", "京ICP备12345678号")]),
    ("京B2-12345678萌ICP备12345678号", &[("京B2-12345678", "京B2-12345678"), ("萌ICP备12345678号", "not_real:unknown_prefix")]),
    ("京ICP备12345678号萌ICP备12345678号", &[("京ICP备12345678号", "京ICP备12345678号"), ("萌ICP备12345678号", "not_real:unknown_prefix")]),
    ("京京 ICP备12345678号", &[("京 ICP备12345678号", "京ICP备12345678号")]),
    ("京萌ICP备12345678号", &[("ICP备12345678号", "not_real:no_prefix")]),
    ("公ICP备12345678号", &[("公ICP备12345678号", "not_real:unknown_prefix")]),
    ("京公网安备ICP备12345678号", &[("ICP备12345678号", "not_real:no_prefix")]),
    ("ICP备案", &[]),
    ("ICP备", &[]),
    ("  京ICP备12345678号  ", &[("京ICP备12345678号", "京ICP备12345678号")]),
    ("京\u{200b}ＩＣＰ\u{a0}備１２３４５６７８號－１", &[("京\u{200b}ＩＣＰ\u{a0}備１２３４５６７８號－１", "京ICP备12345678号-1")]),
    ("©2024京ICP备2024012345号-1 2024", &[("京ICP备2024012345号-1", "京ICP备2024012345号-1")]),
    ("𠀀ICP备12345678号", &[("𠀀ICP备12345678号", "not_real:unknown_prefix")]),
];

/// What `find_numbers` gives, in the form of `FOUND`.
fn found_in(text: &str) -> Vec<(&str, String)> {
    find_numbers(text)
        .into_iter()
        .map(|m| {
            let what = match &m.number {
                AnyNumber::NotReal { why } => format!(
                    "not_real:{}",
                    serde_json::to_value(why).unwrap().as_str().unwrap()
                ),
                number => number.canonical().unwrap(),
            };
            (m.raw(text), what)
        })
        .collect()
}

#[test]
fn found_cases_table() {
    for (text, want) in FOUND {
        let want: Vec<(&str, String)> = want.iter().map(|(r, w)| (*r, w.to_string())).collect();
        assert_eq!(found_in(text), want, "{text:?}");
    }
}

#[test]
fn table_of_edge_cases_is_sound() {
    for (text, _) in FOUND {
        assert_sound(text);
    }
}

#[test]
fn long_runs_and_noise_are_sound() {
    let n = 20_000;
    let inputs = [
        "京ICP备".repeat(n),
        "1".repeat(n * 4),
        format!("京ICP备{}号", "1".repeat(n * 4)),
        format!("京{}ICP备12345678号", " ".repeat(n * 4)),
        "京ICP备12345678号-".repeat(n / 4),
        format!("京ICP备12345678号-{}", "1".repeat(n * 4)),
        "京公网安备".repeat(n),
        format!("京公网安备{}", "1".repeat(n * 4)),
        "粤B2-20090059-".repeat(n / 4),
        "\u{200B}".repeat(n * 4),
        "京 ".repeat(n * 2),
        "XXXXXXXX".repeat(n / 2),
    ];
    for text in &inputs {
        assert_sound(text);
    }
    // 1 MB of noise made of the pieces above.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut noise = String::new();
    while noise.len() < 1 << 20 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        noise.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
    }
    assert_sound(&noise);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn pieces_are_sound(parts in prop::collection::vec(prop::sample::select(PIECES), 0..40)) {
        assert_sound(&parts.concat());
    }

    #[test]
    fn any_text_is_sound(text in "\\PC{0,60}") {
        assert_sound(&text);
    }

    #[test]
    fn numbers_in_any_text_are_sound(
        before in "[ -~京萌州\u{3000}\u{200B}]{0,8}",
        prov in prop::sample::select(&["京", "粤", "萌", "", "北京", "杭州", " "][..]),
        anchor in prop::sample::select(&["ICP备", "icp備", "ＩＣＰ 备", "ICP证", "B2-", "b1 －", "公网安备", "公網安備 "][..]),
        digits in "[0-9０-９xX*]{0,16}",
        hao in prop::sample::select(&["", "号", " 號"][..]),
        suffix in "([-－— ]{0,2}[0-9]{0,6}[aAxXkKbB]{0,2}号?)?",
        after in "[ -~京萌年\u{200B}]{0,8}",
    ) {
        assert_sound(&format!("{before}{prov}{anchor}{digits}{hao}{suffix}{after}"));
    }
}
