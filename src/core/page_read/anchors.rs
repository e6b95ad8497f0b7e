//! Anchors: the literal part every number of the grammar (`core::number`) contains, found in
//! any width, letter case, traditional form or with invisible format characters inside, as the
//! grammar folds them. A piece of text without one cannot hold a number, whatever its layout
//! turns out to be, so the page read measures only the lines that hold one.

use std::sync::LazyLock;

use regex::Regex;

/// Invisible format characters, exactly `fold::is_invisible` (a test compares every character).
const INVISIBLE: &str = "\u{00AD}\u{034F}\u{061C}\u{115F}\u{1160}\u{17B4}\u{17B5}\
\u{180B}-\u{180F}\u{200B}-\u{200F}\u{202A}-\u{202E}\u{2060}-\u{2064}\u{2066}-\u{206F}\u{3164}\
\u{FE00}-\u{FE0F}\u{FEFF}\u{FFA0}\u{E0001}\u{E0020}-\u{E007F}\u{E0100}-\u{E01EF}";

/// `ICP` (filings and old-style licences), `B1`/`B2` (licences), `公网安` (公安 numbers).
static ANCHOR: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let inv = format!("[{INVISIBLE}]*");
    let pattern = format!("(?i)[IＩ]{inv}[CＣ]{inv}[PＰ]|[BＢ]{inv}[12１２]|公{inv}[网網]{inv}安");
    Regex::new(&pattern).ok()
});

/// Byte ranges of every anchor in `text`, in order. `None` only if the pattern failed to build,
/// which a test rules out; callers then treat every piece as a candidate.
pub fn anchor_spans(text: &str) -> Option<Vec<(usize, usize)>> {
    let anchor = ANCHOR.as_ref()?;
    Some(
        anchor
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::fold::is_invisible;
    use crate::core::number::find_numbers;

    #[test]
    fn the_class_is_fold_invisible() {
        let class = Regex::new(&format!("^[{INVISIBLE}]$")).unwrap();
        for code in 0..=0x10FFFF_u32 {
            if let Some(c) = char::from_u32(code) {
                let mut buf = [0; 4];
                assert_eq!(
                    class.is_match(c.encode_utf8(&mut buf)),
                    is_invisible(c),
                    "U+{code:04X}"
                );
            }
        }
    }

    #[test]
    fn every_number_holds_an_anchor() {
        let texts = [
            "京ICP备12345678号-1",
            "京ｉｃｐ备12345678号",
            "京Ｉ\u{200B}Ｃ\u{200D}Ｐ备１２３４５６７８号－１",
            "粤B2-20090059",
            "粤Ｂ２－20090059",
            "京公网安备 11010802020287号",
            "京公網安備11010802020287號",
            "京icp證030173号-1",
            "萌ICP备20205201号 ICP备12345678号 杭ICP备12345678号",
            "沪b1-20180001",
            "备案号：京 ICP 备 12005138 号 - 1",
        ];
        for text in texts {
            let numbers = find_numbers(text);
            assert!(!numbers.is_empty(), "{text}");
            let spans = anchor_spans(text).unwrap();
            for m in numbers {
                assert!(
                    spans.iter().any(|&(s, e)| s >= m.start && e <= m.end),
                    "{text}: {:?}",
                    m.raw(text)
                );
            }
        }
        assert_eq!(anchor_spans("no numbers here, 2024").unwrap(), vec![]);
    }
}
