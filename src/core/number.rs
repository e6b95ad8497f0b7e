//! ICP filing, ICP licence and 公安 (public security) number grammar and normalisation.
//!
//! Owns: what a number looks like (RULES.md "Number grammar"), how loose page text is
//! normalised (full-width forms, odd spaces, zero-width and format characters, missing 号),
//! and finding numbers inside a longer text. Must not touch page facts or records: callers
//! give it strings and get back parsed numbers with byte offsets into the string they gave.

use serde::{Deserialize, Serialize};

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
        let style = match self.style {
            FilingStyle::Bei => '备',
            FilingStyle::Zheng => '证',
        };
        let mut out = format!("{}ICP{}{}号", self.province, style, self.digits);
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

/// Parse a string that should hold exactly one number (a record value, a bare paste).
/// Accepts the loose forms of RULES.md (width, spaces, zero-width characters, missing 号,
/// surrounding whitespace); returns `None` when the string is not one number.
pub fn parse_number(text: &str) -> Option<AnyNumber> {
    let _ = text;
    None
}

/// Every number in `text`, in order, not overlapping; offsets point into `text` as given, so
/// the caller can report the loose form exactly as it appears.
pub fn find_numbers(text: &str) -> Vec<NumberMatch> {
    let _ = text;
    Vec::new()
}
