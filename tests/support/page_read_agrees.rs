//! The assertion every facts-based test makes of the page read (issue #11): judging what the two
//! reads would take from a page (its texts, then only what the rules need measured) gives the
//! very same report as judging the whole facts. Test-only; shared by page_checks.rs,
//! hostile_pages.rs and generators.rs, each of which judges with its own record and options.

use beian_check::core::facts::PageFacts;
use beian_check::core::page_read::replay::replay;
use beian_check::core::report::Report;

/// `judge(facts)`, after asserting that `judge` gives the same report on the page read of
/// `facts` (replayed through the core's two reads) as on the whole facts.
pub fn judged_as_the_page_read_judges(
    facts: &PageFacts,
    judge: impl Fn(&PageFacts) -> Report,
) -> Report {
    let whole = judge(facts);
    let read = replay(facts).expect("well-formed facts").facts();
    let part = judge(&read);
    assert_eq!(
        serde_json::to_value(&part).unwrap(),
        serde_json::to_value(&whole).unwrap(),
        "the page read's report differs from the whole page's"
    );
    whole
}
