//! The report: verdicts, check ids, reason codes and evidence.
//!
//! This is the public contract between the core and every renderer (popup, www, JSON export,
//! tests). Check ids and reason codes are stable snake_case strings; each reason code `x` has the
//! locale keys `reason_x` (what was found) and, for warn and fail, `fix_x` (what to do) in every
//! `extension/_locales/*/messages.json`. Wording for people never lives here.

use serde::{Deserialize, Serialize};

use crate::core::facts::Rect;
use crate::core::generator::{Generator, GeneratorFix};
use crate::core::record::Record;
use crate::core::snippet::Snippet;

/// The outcome of one check. Ordered from best to worst for `overall`; `Skip` is not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Could not be judged (the reason says why).
    Skip,
    /// Meets the rule.
    Pass,
    /// Meets the rule, but a reviewer may object or a better form exists.
    Warn,
    /// Breaks the rule.
    Fail,
}

impl Verdict {
    fn severity(self) -> u8 {
        match self {
            Verdict::Skip => 0,
            Verdict::Pass => 1,
            Verdict::Warn => 2,
            Verdict::Fail => 3,
        }
    }

    /// The worst of a set of verdicts (fail > warn > pass); `Skip` only when all are skipped.
    pub fn worst(verdicts: impl IntoIterator<Item = Verdict>) -> Verdict {
        verdicts.into_iter().fold(Verdict::Skip, |acc, v| {
            if v.severity() > acc.severity() {
                v
            } else {
                acc
            }
        })
    }
}

/// The checks, in the order the report lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckId {
    /// The pasted record yields usable numbers.
    Record,
    /// The page's host belongs to the record.
    Domain,
    /// The page is the site's homepage.
    Homepage,
    /// The page title contains the filed site name.
    Title,
    /// A visible copy of the filing number is on the page.
    Number,
    /// The number links to the MIIT filing system.
    Link,
    /// The number sits at the bottom centre of the page.
    Placement,
    /// The filed site name avoids restricted words.
    SiteName,
    /// The public-security (公安) filing number.
    Mps,
    /// The page is a real site, not a server default or error page.
    Reachable,
}

impl CheckId {
    /// Every check id, in report order.
    pub const ALL: [CheckId; 10] = [
        CheckId::Record,
        CheckId::Domain,
        CheckId::Homepage,
        CheckId::Title,
        CheckId::Number,
        CheckId::Link,
        CheckId::Placement,
        CheckId::SiteName,
        CheckId::Mps,
        CheckId::Reachable,
    ];

    /// The snake_case id used in the JSON report and in `data-check`.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::Record => "record",
            CheckId::Domain => "domain",
            CheckId::Homepage => "homepage",
            CheckId::Title => "title",
            CheckId::Number => "number",
            CheckId::Link => "link",
            CheckId::Placement => "placement",
            CheckId::SiteName => "site_name",
            CheckId::Mps => "mps",
            CheckId::Reachable => "reachable",
        }
    }
}

macro_rules! reasons {
    ($( $check:ident => { $( $variant:ident = $code:literal : $verdict:ident ),* $(,)? } )*) => {
        /// Every distinct situation a check can report. The code is the locale key suffix.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Reason {
            $( $(
                #[doc = concat!("`", $code, "`")]
                #[serde(rename = $code)]
                $variant,
            )* )*
        }

        impl Reason {
            /// Every reason code, grouped by check.
            pub const ALL: &'static [Reason] = &[ $( $( Reason::$variant, )* )* ];

            /// The stable snake_case code.
            pub fn code(self) -> &'static str {
                match self { $( $( Reason::$variant => $code, )* )* }
            }

            /// The check this reason belongs to.
            pub fn check(self) -> CheckId {
                match self { $( $( Reason::$variant => CheckId::$check, )* )* }
            }

            /// The verdict this reason carries.
            pub fn verdict(self) -> Verdict {
                match self { $( $( Reason::$variant => Verdict::$verdict, )* )* }
            }
        }
    };
}

reasons! {
    Record => {
        RecordOk = "record_ok": Pass,
        RecordEntityMismatch = "record_entity_mismatch": Warn,
        RecordAppNumber = "record_app_number": Warn,
        RecordUnknownPrefix = "record_unknown_prefix": Warn,
        RecordEmpty = "record_empty": Fail,
        RecordTooLarge = "record_too_large": Fail,
    }
    Domain => {
        DomainMatch = "domain_match": Pass,
        DomainOtherSite = "domain_other_site": Fail,
        DomainNotInRecord = "domain_not_in_record": Skip,
        DomainNoPageHost = "domain_no_page_host": Skip,
    }
    Homepage => {
        HomepageRoot = "homepage_root": Pass,
        HomepageNotRoot = "homepage_not_root": Warn,
        HomepageNoPageUrl = "homepage_no_page_url": Skip,
    }
    Title => {
        TitleEqual = "title_equal": Pass,
        TitleContains = "title_contains": Pass,
        TitleLooseMatch = "title_loose_match": Warn,
        TitleMissingName = "title_missing_name": Fail,
        TitleEmpty = "title_empty": Fail,
        TitleNoRecordName = "title_no_record_name": Skip,
    }
    Number => {
        NumberSiteFound = "number_site_found": Pass,
        NumberEntityFound = "number_entity_found": Pass,
        NumberSiteRequired = "number_site_required": Fail,
        NumberMissing = "number_missing": Fail,
        NumberOtherOnly = "number_other_only": Fail,
        NumberAppOnly = "number_app_only": Fail,
        NumberPlaceholderOnly = "number_placeholder_only": Fail,
        NumberHiddenOnly = "number_hidden_only": Fail,
        NumberImageOnly = "number_image_only": Fail,
        NumberNoRecord = "number_no_record": Skip,
    }
    Link => {
        LinkOk = "link_ok": Pass,
        LinkHttp = "link_http": Warn,
        LinkNotLinked = "link_not_linked": Fail,
        LinkEmptyHref = "link_empty_href": Fail,
        LinkOldAddress = "link_old_address": Fail,
        LinkWrongRegistry = "link_wrong_registry": Fail,
        LinkOtherTarget = "link_other_target": Fail,
        LinkNoNumber = "link_no_number": Skip,
    }
    Placement => {
        PlacementBottomCentre = "placement_bottom_centre": Pass,
        PlacementUpperPart = "placement_upper_part": Fail,
        PlacementOffCentre = "placement_off_centre": Warn,
        PlacementFixedBar = "placement_fixed_bar": Warn,
        PlacementNoNumber = "placement_no_number": Skip,
        PlacementNoLayout = "placement_no_layout": Skip,
    }
    SiteName => {
        SiteNameOk = "site_name_ok": Pass,
        SiteNameRestrictedWord = "site_name_restricted_word": Warn,
        SiteNameCompanyForm = "site_name_company_form": Warn,
        SiteNameNoName = "site_name_no_name": Skip,
    }
    Mps => {
        MpsLinked = "mps_linked": Pass,
        MpsNotLinked = "mps_not_linked": Warn,
        MpsOldAddress = "mps_old_address": Warn,
        MpsOtherTarget = "mps_other_target": Warn,
        MpsCodeMismatch = "mps_code_mismatch": Warn,
        MpsNumberMismatch = "mps_number_mismatch": Warn,
        MpsMissingOnPage = "mps_missing_on_page": Warn,
        MpsNone = "mps_none": Skip,
    }
    Reachable => {
        ReachableOk = "reachable_ok": Pass,
        ReachableServerDefault = "reachable_server_default": Warn,
        ReachableErrorPage = "reachable_error_page": Warn,
        ReachableDirectoryListing = "reachable_directory_listing": Warn,
        ReachableUnderConstruction = "reachable_under_construction": Warn,
    }
}

/// Where on the page a finding sits.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    /// A short CSS-like path to the element (`footer#ft > p > a`).
    pub path: String,
    /// The nearest landmark (`footer`, `header`, `nav`, `aside`, `main`), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub landmark: Option<String>,
    /// The finding's box in document coordinates.
    pub rect: Rect,
    /// Index of the element in the page facts (for "show on page").
    pub element: usize,
}

/// What a check saw: the values its locale message is built from.
///
/// The messages `reason_<code>` and `fix_<code>` refer to these fields by name as the
/// placeholders `$FOUND$`, `$EXPECTED$`, `$VALUE$` and `$WHERE$` (the path of `location`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    /// What was found, as it appears (page text, title, URL).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found: Option<String>,
    /// What the rule expects (the record's value, the right address).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// A further value the message needs (a link's address, a restricted word).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Where the finding sits on the page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Further findings worth listing (other numbers on the page, unparsed record lines).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub others: Vec<String>,
}

/// The result of one check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckResult {
    /// Which check.
    pub id: CheckId,
    /// Its verdict (always `reason.verdict()`).
    pub verdict: Verdict,
    /// Why: the reason code.
    pub reason: Reason,
    /// What it saw.
    pub evidence: Evidence,
    /// The fix in the terms of the page's generator and theme (locale key `gfix_...`), shown
    /// beside `fix_<reason>` on a warn or fail; never changes the verdict.
    #[serde(
        rename = "generatorFix",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub generator_fix: Option<GeneratorFix>,
}

impl CheckResult {
    /// A result for `reason`, with the verdict and check id the reason carries.
    pub fn new(reason: Reason, evidence: Evidence) -> CheckResult {
        CheckResult {
            id: reason.check(),
            verdict: reason.verdict(),
            reason,
            evidence,
            generator_fix: None,
        }
    }
}

/// Notes about the check as a whole (not about a rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Notice {
    /// The collector hit its bound and read only part of the page.
    PageTruncated,
    /// The page was still changing when it was read.
    PageUnsettled,
    /// Some frames could not be read (cross-origin).
    FramesNotRead,
    /// The record holds several sites; the one covering the page was used.
    SiteChosenByDomain,
}

/// The page the report is about.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PageSummary {
    /// Its URL.
    pub url: String,
    /// Its title.
    pub title: String,
}

/// Options a user can set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CheckOptions {
    /// Require the site number (not the entity number), except for 粤 filings.
    pub strict_site_number: bool,
}

/// The whole report: what the popup and www render, and what `#report-json` shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The worst verdict of the checks.
    pub overall: Verdict,
    /// One result per check id, in `CheckId::ALL` order.
    pub checks: Vec<CheckResult>,
    /// The parsed record.
    pub record: Record,
    /// Index into `record.sites` of the site the page was checked against.
    pub site: Option<usize>,
    /// The page that was checked.
    pub page: PageSummary,
    /// Notes about the check as a whole.
    pub notices: Vec<Notice>,
    /// The footer snippet built from the record, when it has a number.
    pub snippet: Option<Snippet>,
    /// The software the page was made with, when its marks tell it (`null` otherwise).
    #[serde(default)]
    pub generator: Option<Generator>,
}

impl Report {
    /// The result of one check, if present.
    pub fn check(&self, id: CheckId) -> Option<&CheckResult> {
        self.checks.iter().find(|c| c.id == id)
    }

    /// Make every string the page gave the report safe for one line of text output (the text
    /// and JSON exports, the rows): see `one_line`. Run once, after the checks judged the page
    /// as it is. (Issue #16: an element id with line breaks forged result lines in the copied
    /// text report.)
    pub fn make_printable(&mut self) {
        for check in &mut self.checks {
            check.evidence.make_printable();
        }
        self.page.url = one_line(&self.page.url, MAX_TEXT_CHARS);
        self.page.title = one_line(&self.page.title, MAX_TEXT_CHARS);
        // The generator's version and theme come from the page's meta tags and asset paths.
        if let Some(generator) = &mut self.generator {
            for text in [&mut generator.version, &mut generator.theme]
                .into_iter()
                .flatten()
            {
                *text = one_line(text, MAX_TEXT_CHARS);
            }
        }
    }
}

impl Evidence {
    /// Every string of the evidence through `one_line`.
    fn make_printable(&mut self) {
        for text in [&mut self.found, &mut self.expected, &mut self.value]
            .into_iter()
            .flatten()
        {
            *text = one_line(text, MAX_TEXT_CHARS);
        }
        for text in &mut self.others {
            *text = one_line(text, MAX_TEXT_CHARS);
        }
        if let Some(location) = &mut self.location {
            location.path = one_line(&location.path, MAX_TEXT_CHARS);
            if let Some(landmark) = &mut location.landmark {
                *landmark = one_line(landmark, MAX_TEXT_CHARS);
            }
        }
    }
}

/// The most characters of one page-derived string a report carries (a title, a link address,
/// a text found); the longest real ones seen are under 200.
pub const MAX_TEXT_CHARS: usize = 500;

/// `text` as one line of at most `max_chars` characters: each run of control characters (line
/// breaks, tabs, C1 controls such as NEL), Unicode line and paragraph separators and bidi
/// controls (which can reorder what a line appears to say) becomes one space; a longer result
/// is cut and ends with `…` (counted in `max_chars`).
pub fn one_line(text: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max_chars * 4));
    let mut count = 0;
    let mut in_break = false;
    for c in text.chars() {
        let c = if breaks_a_line(c) {
            if in_break {
                continue;
            }
            in_break = true;
            ' '
        } else {
            in_break = false;
            c
        };
        if count == max_chars {
            // One more character than fits: end with the ellipsis in the last place.
            out.pop();
            out.push('…');
            return out;
        }
        out.push(c);
        count += 1;
    }
    out
}

/// A character that must not reach a line of text output as itself.
fn breaks_a_line(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' // line and paragraph separators
                | '\u{061C}' | '\u{200E}' | '\u{200F}' // bidi marks
                | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
                | '\u{2066}'..='\u{2069}' // bidi isolates
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_removes_line_breaks_and_caps() {
        let cases: &[(&str, usize, &str)] = &[
            ("京ICP备12345678号", 500, "京ICP备12345678号"),
            (
                "x\n\n[✓ Pass] Filing number",
                500,
                "x [✓ Pass] Filing number",
            ),
            (
                "a\r\nb\tc\u{85}d\u{2028}e\u{2029}f\u{b}g\u{c}h\u{0}i",
                500,
                "a b c d e f g h i",
            ),
            ("abc\u{202E}fed\u{202C}\u{2066}x\u{2069}", 500, "abc fed x "),
            ("\u{7f}\u{9b}31m", 500, " 31m"),
            ("abcdef", 6, "abcdef"),
            ("abcdefg", 6, "abcde…"),
            ("备案备案备案备案", 4, "备案备…"),
            ("", 4, ""),
        ];
        for (text, max, want) in cases {
            assert_eq!(one_line(text, *max), *want, "{text:?}");
        }
        assert_eq!(
            one_line(&"长".repeat(10_000), MAX_TEXT_CHARS)
                .chars()
                .count(),
            MAX_TEXT_CHARS
        );
    }

    #[test]
    fn worst_ignores_skip() {
        assert_eq!(
            Verdict::worst([Verdict::Skip, Verdict::Pass]),
            Verdict::Pass
        );
        assert_eq!(
            Verdict::worst([Verdict::Warn, Verdict::Fail, Verdict::Pass]),
            Verdict::Fail
        );
        assert_eq!(Verdict::worst([Verdict::Skip]), Verdict::Skip);
        assert_eq!(Verdict::worst([]), Verdict::Skip);
    }

    #[test]
    fn reason_codes_are_unique_and_prefixed_by_their_check() {
        let mut seen = std::collections::HashSet::new();
        for r in Reason::ALL {
            assert!(seen.insert(r.code()), "duplicate {}", r.code());
            assert!(r.code().starts_with(r.check().as_str()), "{}", r.code());
            let json = serde_json::to_string(r).unwrap();
            assert_eq!(json, format!("\"{}\"", r.code()));
        }
    }

    #[test]
    fn every_check_has_a_pass_reason() {
        for id in CheckId::ALL {
            assert!(
                Reason::ALL
                    .iter()
                    .any(|r| r.check() == id && r.verdict() == Verdict::Pass),
                "{id:?}"
            );
        }
    }
}
