//! ICP filing, ICP licence and 公安 (public security) number grammar and normalisation.
//!
//! Owns: what a number looks like (RULES.md "Number grammar"), how loose page text is
//! normalised (full-width forms, odd spaces, zero-width and format characters, missing 号),
//! and finding numbers inside a longer text. Must not touch page facts or records: callers
//! give it strings and get back parsed numbers with byte offsets into the string they gave.
//!
//! How it works: the text is folded once (full-width to ASCII, dash look-alikes to `-`, every
//! space to `' '`, ASCII upper case, traditional `備號證網` to their simplified forms;
//! invisible format characters dropped), each folded character remembering where it came from
//! in the original. The grammar is one `regex` (`grammar.rs`: three alternatives: filing, 公安,
//! licence) run over the folded text; the `regex` crate is linear-time by construction, so
//! nothing can backtrack. What a pattern cannot say (the regex crate has no look-around) is a
//! captured neighbour checked in code: the character before a prefix, the character after a
//! service letter, the character after a fixed-length digit run.
//!
//! Decisions beyond RULES.md:
//! - Spaces (any kind, any number) may sit between tokens: `京 ICP 备 12005138 号 - 1`; never
//!   inside the digit runs.
//! - A site sequence has 1-4 digits and is at least 1 (RULES.md: "seen up to the thousands").
//!   A longer run after the hyphen (`号-12024`, text glued to a year) is not taken as a
//!   sequence: the match stops before the hyphen. A service letter (`A`, `X`, `K`, either
//!   case) counts only when no further ASCII letter or digit follows it (`-1About` is site 1).
//! - `号` may be missing, or written after the sequence instead (`京ICP备12345678-1号`).
//! - The prefix is the one character before `ICP` (spaces may separate them). A province
//!   gives a filing even when it ends a longer word (`北京ICP备…` reads as `京ICP备…`). Any
//!   other CJK character gives `NotReal(UnknownPrefix)` (`萌ICP备`, `杭ICP备`) unless it
//!   itself follows a CJK character, i.e. it ends a longer word (`备案号ICP备…`, `杭州ICP备…`):
//!   then, like a non-CJK character or nothing, it is `NotReal(NoPrefix)` and the match
//!   starts at `ICP`. Both are not-real, so the choice only changes the reported span. A
//!   prefix is never taken from inside an earlier match.
//! - The entity part is the run of digits and placeholder characters (`x`, `X`, `*`) after
//!   `ICP备`/`ICP证`. Any placeholder character, or all zeros, is `Placeholder`; otherwise a
//!   digit count outside 6-10 is `DigitCount`. Prefix problems are reported first. `ICP备案`
//!   (no digits at all) is a label, not a number.
//! - Licence (`粤B2-20090059`) and 公安 (`京公网安备11010802020287号`) numbers are only
//!   recognised with a province prefix and exactly 8 / 14 digits; anything else shaped like
//!   them is not reported (`NotReal` is about ICP filing numbers only).

mod grammar;

use serde::{Deserialize, Serialize};

use grammar::{scan, Folded};
/// The province prefixes seen in real numbers (Sichuan, Guizhou, Yunnan and Gansu twice).
pub const PROVINCES: &[char] = &[
    '京', '津', '冀', '晋', '蒙', '辽', '吉', '黑', '沪', '苏', '浙', '皖', '闽', '赣', '鲁', '豫',
    '鄂', '湘', '粤', '桂', '琼', '渝', '川', '蜀', '贵', '黔', '云', '滇', '藏', '陕', '甘', '陇',
    '青', '宁', '新',
];

/// `ICP备` (a filing) or `ICP证` (an old-style licence that also serves as the filing number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilingStyle {
    /// `京ICP备11018762号`.
    Bei,
    /// `京ICP证030173号`.
    Zheng,
    /// `粤B2-20090059`: a commercial operator whose MIIT record uses its value-added telecom
    /// licence as the entity number and `…-5` as the site number.
    Licence,
}

/// What a sequence suffix with a letter designates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    /// `-2A`: an App.
    App,
    /// `-3X`: a mini-program.
    MiniProgram,
    /// `-4K`: a quick app.
    QuickApp,
}

/// An ICP filing number: entity (`京ICP备11018762号`) or with a sequence (`…号-11`, `…号-2A`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FilingNumber {
    /// The province character (may be outside `PROVINCES`; see `known_province`).
    pub province: char,
    /// `ICP备` or `ICP证`.
    pub style: FilingStyle,
    /// The entity digits, ASCII.
    pub digits: String,
    /// The sequence after `-`, if any.
    pub sequence: Option<u32>,
    /// The service letter after the sequence, if any.
    pub service: Option<ServiceKind>,
}

/// What kind of filing a `FilingNumber` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilingKind {
    /// No sequence: the entity (主体) number.
    Entity,
    /// A numeric sequence: a website (网站) number.
    Site,
    /// A lettered sequence: an App, mini-program or quick-app filing.
    Service(ServiceKind),
}

impl FilingNumber {
    /// Entity, site or service.
    pub fn kind(&self) -> FilingKind {
        match (self.sequence, self.service) {
            (None, _) => FilingKind::Entity,
            (Some(_), None) => FilingKind::Site,
            (Some(_), Some(s)) => FilingKind::Service(s),
        }
    }

    /// The entity number this number belongs to (itself when it is one).
    pub fn entity(&self) -> FilingNumber {
        FilingNumber {
            sequence: None,
            service: None,
            ..self.clone()
        }
    }

    /// Whether the prefix is one of `PROVINCES`.
    pub fn known_province(&self) -> bool {
        PROVINCES.contains(&self.province)
    }

    /// The canonical form: `京ICP备11018762号-11`, `京ICP证030173号`, `京ICP备11018762号-2A`.
    pub fn canonical(&self) -> String {
        let mut out = match self.style {
            FilingStyle::Bei => format!("{}ICP备{}号", self.province, self.digits),
            FilingStyle::Zheng => format!("{}ICP证{}号", self.province, self.digits),
            FilingStyle::Licence => format!("{}B2-{}", self.province, self.digits),
        };
        if let Some(seq) = self.sequence {
            out.push('-');
            out.push_str(&seq.to_string());
            match self.service {
                Some(ServiceKind::App) => out.push('A'),
                Some(ServiceKind::MiniProgram) => out.push('X'),
                Some(ServiceKind::QuickApp) => out.push('K'),
                None => {}
            }
        }
        out
    }
}

/// A value-added telecom licence: `粤B2-20090059`, with an optional service suffix `-1`, `-2A`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LicenceNumber {
    /// The province character.
    pub province: char,
    /// The licence class: `B2` (ICP) or `B1` (IDC, not an ICP licence).
    pub class: String,
    /// The eight digits, ASCII.
    pub digits: String,
    /// The service suffix as written after the second `-` (`1`, `2A`), if any.
    pub suffix: Option<String>,
}

/// A public-security filing number: `京公网安备 11010802020287号` (14 digits).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MpsNumber {
    /// The province character.
    pub province: char,
    /// The 14 digits, ASCII.
    pub digits: String,
}

impl MpsNumber {
    /// The canonical form: `京公网安备11010802020287号`.
    pub fn canonical(&self) -> String {
        format!("{}公网安备{}号", self.province, self.digits)
    }
}

/// Any number the grammar recognises, including the ones that are not real filings.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum AnyNumber {
    /// An ICP filing (or ICP证) number with a known or unknown province prefix.
    Filing(FilingNumber),
    /// A telecom licence number.
    Licence(LicenceNumber),
    /// A public-security filing number.
    Mps(MpsNumber),
    /// Shaped like an ICP number but not a real one: no province, a joke or city prefix,
    /// placeholder letters, or a digit count outside 6-10. Never satisfies a check.
    NotReal {
        /// Why it is not real.
        why: NotRealWhy,
    },
}

/// Why an ICP-shaped string is not a real filing number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotRealWhy {
    /// `ICP备12345678号` with no prefix at all.
    NoPrefix,
    /// A prefix that is not a province (`萌`, `杭`).
    UnknownPrefix,
    /// Letters or placeholder characters where digits belong (`粤ICP备xxxxxxxx号`).
    Placeholder,
    /// Too few or too many digits.
    DigitCount,
}

/// A number found in a longer text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NumberMatch {
    /// What was found.
    pub number: AnyNumber,
    /// Byte offset of the first byte of the match in the text given to `find_numbers`.
    pub start: usize,
    /// Byte offset just past the match.
    pub end: usize,
}

impl NumberMatch {
    /// The matched text exactly as it appears in `text`.
    pub fn raw<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

impl LicenceNumber {
    /// The licence read as a filing number (`FilingStyle::Licence`), as MIIT records of
    /// commercial operators use it: `粤B2-20090059` is the entity, `-5` a site, `-2A` an App.
    /// `None` for a `B1` (IDC) licence, which is not an ICP filing, or an unreadable suffix.
    pub fn as_filing(&self) -> Option<FilingNumber> {
        if self.class != "B2" {
            return None;
        }
        let (sequence, service) = match &self.suffix {
            None => (None, None),
            Some(suffix) => {
                let digits_end = suffix
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(suffix.len());
                let sequence: u32 = suffix.get(..digits_end)?.parse().ok()?;
                let service = match suffix.get(digits_end..)? {
                    "" => None,
                    "A" | "a" => Some(ServiceKind::App),
                    "X" | "x" => Some(ServiceKind::MiniProgram),
                    "K" | "k" => Some(ServiceKind::QuickApp),
                    _ => return None,
                };
                (Some(sequence), service)
            }
        };
        Some(FilingNumber {
            province: self.province,
            style: FilingStyle::Licence,
            digits: self.digits.clone(),
            sequence,
            service,
        })
    }

    /// The canonical form: `粤B2-20090059`, `粤B2-20090059-2A`.
    pub fn canonical(&self) -> String {
        let mut out = format!("{}{}-{}", self.province, self.class, self.digits);
        if let Some(suffix) = &self.suffix {
            out.push('-');
            out.push_str(suffix);
        }
        out
    }
}

impl AnyNumber {
    /// The canonical form of a real-shaped number; `None` for `NotReal`.
    pub fn canonical(&self) -> Option<String> {
        match self {
            AnyNumber::Filing(f) => Some(f.canonical()),
            AnyNumber::Licence(l) => Some(l.canonical()),
            AnyNumber::Mps(m) => Some(m.canonical()),
            AnyNumber::NotReal { .. } => None,
        }
    }
}

/// Parse a string that should hold exactly one number (a record value, a bare paste).
///
/// Accepts the loose forms of RULES.md (width, spaces, zero-width characters, missing 号,
/// surrounding whitespace); returns `None` when the string is not exactly one number: leading
/// or trailing words (`备案号：京ICP备…`, `京ICP备12345678号abc`) make it `None`, as do two
/// numbers. A not-real ICP-shaped value (`ICP备12345678号`) is `Some(NotReal)`.
pub fn parse_number(text: &str) -> Option<AnyNumber> {
    let folded = Folded::new(text);
    let first = folded.text.find(|c| c != ' ')?;
    let last_end = folded.text.trim_end_matches(' ').len();
    let mut found = scan(&folded.text);
    if found.len() != 1 {
        return None;
    }
    let only = found.pop()?;
    (only.start == first && only.end == last_end).then_some(only.number)
}

/// Every number in `text`, in order, not overlapping; offsets point into `text` as given, so
/// the caller can report the loose form exactly as it appears.
///
/// A match starts at its first visible character and ends after its last one, so `raw()` has
/// no surrounding spaces; invisible characters inside it are part of the span.
pub fn find_numbers(text: &str) -> Vec<NumberMatch> {
    let folded = Folded::new(text);
    scan(&folded.text)
        .into_iter()
        .filter_map(|m| {
            Some(NumberMatch {
                number: m.number,
                start: folded.original_start(m.start)?,
                end: folded.original_end(m.end)?,
            })
        })
        .collect()
}

/// The text as the grammar sees it: width-folded, invisible characters dropped, every run of
/// spaces made one ASCII space, trimmed. Useful to compare or show a loose number plainly;
/// to compare numbers, prefer `parse_number` and `canonical()`.
pub fn normalise_number_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in Folded::new(text).text.chars() {
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}
