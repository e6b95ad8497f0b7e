//! The number grammar itself: the folded text (`Folded`), the one `regex` with the filing,
//! 公安 and licence alternatives (`GRAMMAR`), and reading its captures into numbers (`scan`).
//! See the parent module for the rules; this file must not hold anything but the grammar.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::{
    AnyNumber, FilingNumber, FilingStyle, LicenceNumber, MpsNumber, NotRealWhy, ServiceKind,
    PROVINCES,
};
use crate::core::fold::{fold_width, is_invisible, is_space};

/// CJK unified ideographs: the blocks a prefix character (or the word it ends) comes from.
const CJK: &str = r"[\x{3400}-\x{4DBF}\x{4E00}-\x{9FFF}\x{F900}-\x{FAFF}\x{20000}-\x{3FFFF}]";

/// The group names of a sequence suffix, `-<digits>[AXK]号`, in one alternative.
struct SuffixGroups {
    seq: &'static str,
    service: &'static str,
    /// The character after a service letter, which must not be a letter or digit.
    then: &'static str,
    hao: &'static str,
}

/// The suffix of an ICP filing number.
const FILING_SUFFIX: SuffixGroups = SuffixGroups {
    seq: "f_seq",
    service: "f_service",
    then: "f_then",
    hao: "f_seq_hao",
};

/// The service suffix of a licence number.
const LICENCE_SUFFIX: SuffixGroups = SuffixGroups {
    seq: "l_seq",
    service: "l_service",
    then: "l_then",
    hao: "l_seq_hao",
};

/// A sequence suffix with the group names `g`. Its bounds (1-4 digits, at least 1; a letter
/// not followed by a letter or digit) are checked by `suffix`.
fn suffix_pattern(g: &SuffixGroups) -> String {
    let SuffixGroups {
        seq,
        service,
        then,
        hao,
    } = g;
    format!(
        r"\ * - \ * (?P<{seq}>[0-9]+)
          (?: (?P<{service}>[AXK]) (?P<{then}>[0-9A-Z])? )?
          (?P<{hao}>号)?"
    )
}

/// The number grammar over folded text (see `Folded`): three alternatives, tried leftmost
/// first (`\ ` is a space: the pattern is in verbose mode). A fixed-length digit run is followed by a non-digit (or the end) so it is the
/// whole run; that character is not part of the number (see `scan`).
static GRAMMAR: LazyLock<Regex> = LazyLock::new(|| {
    let province: String = PROVINCES.iter().collect();
    let (f_suffix, l_suffix) = (
        suffix_pattern(&FILING_SUFFIX),
        suffix_pattern(&LICENCE_SUFFIX),
    );
    let pattern = format!(
        r"(?x)
        # ICP filing: 京ICP备11018762号-11, 京 ICP 证 030173 号, 萌ICP备… (not real).
        # The prefix, and the CJK character before it that would make it end a longer word.
          (?: (?P<f_word>{CJK})? (?P<f_prefix>{CJK}) )? \ *
          (?P<f_icp>ICP) \ * (?P<f_style>[备证]) \ * (?P<f_body>[0-9X*]+)
          (?: \ * (?P<f_hao>号) )?
          (?: {f_suffix} )?
        |
        # 公安 filing: 京公网安备 11010802020287号.
          (?P<m_prefix>[{province}]) \ * 公网安备 \ * (?P<m_digits>[0-9]{{14}})
          (?: \ * (?P<m_hao>号) | [^0-9] | $ )
        |
        # Telecom licence: 粤B2-20090059, 粤B2-20090059-2A, 粤B1-… (IDC).
          (?P<l_prefix>[{province}]) \ * B (?P<l_class>[12]) \ * - \ * (?P<l_digits>[0-9]{{8}})
          (?: {l_suffix} | \ * (?P<l_hao>号) | [^0-9] | $ )
        "
    );
    Regex::new(&pattern).expect("the number grammar is a valid regex")
});

/// The text as the grammar sees it, and where each of its characters came from.
pub(super) struct Folded<'a> {
    original: &'a str,
    /// One character per visible character of the original (see `fold_char`).
    pub(super) text: String,
    /// Where `text` and the original run in step, in order: from a segment's start up to the
    /// next one, a byte of `text` sits at the same distance from `folded` as its source does
    /// from `original`. A segment starts wherever a character was dropped before it or it
    /// changes its length when folded, so the list is short for ordinary text.
    segments: Vec<Segment>,
}

/// The start of a stretch where the folded and the original text run in step.
struct Segment {
    folded: usize,
    original: usize,
}

impl<'a> Folded<'a> {
    pub(super) fn new(original: &'a str) -> Folded<'a> {
        let mut text = String::with_capacity(original.len());
        let mut segments = Vec::new();
        // Whether the next character kept continues the last segment.
        let mut in_step = false;
        // Where the run of unchanged characters not yet copied to `text` starts.
        let mut pending = 0;
        for (at, c) in original.char_indices() {
            let folded = fold_char(c);
            if folded == Some(c) {
                if !in_step {
                    let folded = text.len() + (at - pending);
                    segments.push(Segment {
                        folded,
                        original: at,
                    });
                    in_step = true;
                }
                continue;
            }
            text.push_str(original.get(pending..at).unwrap_or_default());
            pending = at + c.len_utf8();
            let Some(folded) = folded else {
                in_step = false;
                continue;
            };
            let same_length = folded.len_utf8() == c.len_utf8();
            if !(in_step && same_length) {
                segments.push(Segment {
                    folded: text.len(),
                    original: at,
                });
            }
            in_step = same_length;
            text.push(folded);
        }
        text.push_str(original.get(pending..).unwrap_or_default());
        Folded {
            original,
            text,
            segments,
        }
    }

    /// The original byte offset of the folded character starting at `folded`.
    pub(super) fn original_start(&self, folded: usize) -> Option<usize> {
        let i = self.segments.partition_point(|s| s.folded <= folded);
        let segment = self.segments.get(i.checked_sub(1)?)?;
        Some(segment.original + (folded - segment.folded))
    }

    /// The original byte offset just past the folded character that ends at `folded_end`.
    pub(super) fn original_end(&self, folded_end: usize) -> Option<usize> {
        let last = self.text.get(..folded_end)?.chars().next_back()?;
        let start = self.original_start(folded_end - last.len_utf8())?;
        let source = self.original.get(start..)?.chars().next()?;
        Some(start + source.len_utf8())
    }
}

/// One character as the grammar sees it; `None` for invisible characters.
fn fold_char(c: char) -> Option<char> {
    if is_invisible(c) {
        return None;
    }
    if is_space(c) {
        return Some(' ');
    }
    let c = match fold_width(c) {
        '備' => '备',
        '號' => '号',
        '證' => '证',
        '網' => '网',
        other => other,
    };
    Some(c.to_ascii_uppercase())
}

/// A match in folded byte offsets (`end` exclusive).
pub(super) struct Found {
    pub(super) number: AnyNumber,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// Every number in the folded text, left to right, not overlapping. Each search starts where
/// the previous number ended, so a prefix is never taken from inside an earlier match, and a
/// character the grammar read only to see what follows a number is read again.
pub(super) fn scan(folded: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(caps) = GRAMMAR.captures_at(folded, from) {
        let found = if caps.name("f_icp").is_some() {
            filing(&caps)
        } else if caps.name("m_digits").is_some() {
            mps(&caps)
        } else {
            licence(&caps)
        };
        match found {
            Some(found) if found.end > from => {
                from = found.end;
                out.push(found);
            }
            // Every alternative reads at least its anchor, so this cannot happen; stop
            // rather than loop.
            _ => break,
        }
    }
    out
}

/// A sequence suffix that `suffix` accepted.
struct Suffix {
    seq: u32,
    service: Option<ServiceKind>,
    /// Folded offset just past the suffix.
    end: usize,
}

/// The suffix groups `g` (see `suffix_pattern`), if they hold a sequence: 1-4
/// digits, at least 1; a service letter only when no ASCII letter or digit follows it; a `号`
/// right after.
fn suffix(caps: &Captures, g: &SuffixGroups) -> Option<Suffix> {
    let digits = caps.name(g.seq)?;
    if digits.len() > 4 {
        return None;
    }
    let seq: u32 = digits.as_str().parse().ok()?;
    if seq == 0 {
        return None;
    }
    let letter = caps.name(g.service).filter(|_| caps.name(g.then).is_none());
    let service = letter.and_then(|m| match m.as_str() {
        "A" => Some(ServiceKind::App),
        "X" => Some(ServiceKind::MiniProgram),
        "K" => Some(ServiceKind::QuickApp),
        _ => None,
    });
    let mut end = letter.map_or(digits.end(), |m| m.end());
    if let Some(hao) = caps.name(g.hao).filter(|h| h.start() == end) {
        end = hao.end();
    }
    Some(Suffix { seq, service, end })
}

/// The first character of a group.
fn first_char(caps: &Captures, name: &str) -> Option<char> {
    caps.name(name)?.as_str().chars().next()
}

/// An ICP filing match (`f_…` groups), real or not.
fn filing(caps: &Captures) -> Option<Found> {
    let icp = caps.name("f_icp")?;
    let body = caps.name("f_body")?;
    let style = match first_char(caps, "f_style")? {
        '备' => FilingStyle::Bei,
        _ => FilingStyle::Zheng,
    };
    let mut end = caps.name("f_hao").map_or(body.end(), |m| m.end());
    let (sequence, service) = match suffix(caps, &FILING_SUFFIX) {
        Some(suffix) => {
            end = suffix.end;
            (Some(suffix.seq), suffix.service)
        }
        None => (None, None),
    };
    let (start, province) = match (caps.name("f_prefix"), first_char(caps, "f_prefix")) {
        (Some(at), Some(c)) if PROVINCES.contains(&c) => (at.start(), Some(c)),
        // A lone CJK character that is not a province: a joke or city prefix.
        (Some(at), Some(_)) if caps.name("f_word").is_none() => (at.start(), None),
        // Nothing, or the end of a longer word: the number starts at `ICP`.
        _ => (icp.start(), None),
    };
    let not_real = |why| {
        Some(Found {
            number: AnyNumber::NotReal { why },
            start,
            end,
        })
    };
    let Some(province) = province else {
        return not_real(if start == icp.start() {
            NotRealWhy::NoPrefix
        } else {
            NotRealWhy::UnknownPrefix
        });
    };
    let body = body.as_str();
    if body.contains(['X', '*']) || body.bytes().all(|b| b == b'0') {
        return not_real(NotRealWhy::Placeholder);
    }
    if !(6..=10).contains(&body.len()) {
        return not_real(NotRealWhy::DigitCount);
    }
    Some(Found {
        number: AnyNumber::Filing(FilingNumber {
            province,
            style,
            digits: body.to_string(),
            sequence,
            service,
        }),
        start,
        end,
    })
}

/// A 公安 match (`m_…` groups).
fn mps(caps: &Captures) -> Option<Found> {
    let digits = caps.name("m_digits")?;
    Some(Found {
        number: AnyNumber::Mps(MpsNumber {
            province: first_char(caps, "m_prefix")?,
            digits: digits.as_str().to_string(),
        }),
        start: caps.name("m_prefix")?.start(),
        end: caps.name("m_hao").map_or(digits.end(), |m| m.end()),
    })
}

/// A licence match (`l_…` groups).
fn licence(caps: &Captures) -> Option<Found> {
    let digits = caps.name("l_digits")?;
    let (suffix, end) = match suffix(caps, &LICENCE_SUFFIX) {
        Some(Suffix { seq, service, end }) => {
            let letter = match service {
                Some(ServiceKind::App) => "A",
                Some(ServiceKind::MiniProgram) => "X",
                Some(ServiceKind::QuickApp) => "K",
                None => "",
            };
            (Some(format!("{seq}{letter}")), end)
        }
        None => (None, caps.name("l_hao").map_or(digits.end(), |m| m.end())),
    };
    Some(Found {
        number: AnyNumber::Licence(LicenceNumber {
            province: first_char(caps, "l_prefix")?,
            class: format!("B{}", caps.name("l_class")?.as_str()),
            digits: digits.as_str().to_string(),
            suffix,
        }),
        start: caps.name("l_prefix")?.start(),
        end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grammar_compiles() {
        assert!(GRAMMAR.captures_len() > 10);
    }

    #[test]
    fn folded_text_keeps_byte_spans_and_drops_invisible_characters() {
        let original = "京\u{200B}ｉ\u{00A0}備ab\u{200B}c";
        let folded = Folded::new(original);
        assert_eq!(folded.text, "京I 备ABC");
        // Per folded character: its offset in `text`, and its span in the original.
        let want = [
            (0, 0, 3),
            (3, 6, 9),
            (4, 9, 11),
            (5, 11, 14),
            (8, 14, 15),
            (9, 15, 16),
        ];
        for (at, start, end) in want {
            assert_eq!(folded.original_start(at), Some(start), "start of {at}");
            let len = folded.text[at..].chars().next().map_or(0, char::len_utf8);
            assert_eq!(folded.original_end(at + len), Some(end), "end of {at}");
        }
        assert_eq!(folded.original_end(0), None);
        let c = folded.text.len();
        assert_eq!(folded.original_start(c - 1), Some(original.len() - 1));
    }

    #[test]
    fn prefix_is_never_taken_from_an_earlier_match() {
        let found = scan("京ICP备12345678号萌ICP备12345678号");
        assert_eq!(found.len(), 2);
        assert!(matches!(
            found[1].number,
            AnyNumber::NotReal {
                why: NotRealWhy::UnknownPrefix
            }
        ));
    }

    #[test]
    fn sequence_suffix_bounds() {
        // (suffix after `京ICP备12345678`, the part of it in the match, sequence, service)
        type Row = (&'static str, &'static str, Option<u32>, Option<ServiceKind>);
        let table: &[Row] = &[
            ("-1", "-1", Some(1), None),
            (" - 9999", " - 9999", Some(9999), None),
            ("-10000", "", None, None),
            ("-0", "", None, None),
            ("-", "", None, None),
            ("-2A", "-2A", Some(2), Some(ServiceKind::App)),
            ("-2AB", "-2", Some(2), None),
            ("-2A号", "-2A号", Some(2), Some(ServiceKind::App)),
            ("-2A1号", "-2", Some(2), None),
            ("-1号", "-1号", Some(1), None),
        ];
        for &(text, raw, seq, service) in table {
            let folded = format!("京ICP备12345678{text}");
            let found = scan(&folded);
            let [Found {
                number: AnyNumber::Filing(f),
                start,
                end,
            }] = &found[..]
            else {
                panic!("{text:?}: not one filing");
            };
            assert_eq!(
                (&folded[*start..*end], f.sequence, f.service),
                (&*format!("京ICP备12345678{raw}"), seq, service),
                "{text:?}"
            );
        }
    }
}
