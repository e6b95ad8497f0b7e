//! The checks of RULES.md, one module per check id, and `check_page`, which runs them all
//! on one page's facts and one record and assembles the `Report`.

use crate::core::facts::PageFacts;
use crate::core::record::{parse_record, Record};
use crate::core::report::{
    CheckOptions, CheckResult, Evidence, Notice, PageSummary, Reason, Report, Verdict,
};
use crate::core::snippet::{footer_snippet, SnippetOptions};

/// Parse `record_text` and check `facts` against it.
pub fn check_page(facts: &PageFacts, record_text: &str, options: CheckOptions) -> Report {
    let record = parse_record(record_text);
    check_page_with_record(facts, record, options)
}

/// Check `facts` against an already parsed record.
pub fn check_page_with_record(facts: &PageFacts, record: Record, options: CheckOptions) -> Report {
    let _ = options;
    let site = None;
    let checks: Vec<CheckResult> = vec![CheckResult::new(Reason::RecordEmpty, Evidence::default())];
    let mut notices = Vec::new();
    if facts.collector.truncated {
        notices.push(Notice::PageTruncated);
    }
    if facts.collector.unsettled {
        notices.push(Notice::PageUnsettled);
    }
    if facts.frames.iter().any(|f| !f.read) {
        notices.push(Notice::FramesNotRead);
    }
    Report {
        overall: Verdict::worst(checks.iter().map(|c| c.verdict)),
        checks,
        snippet: footer_snippet(&record, site, SnippetOptions::default()),
        record,
        site,
        page: PageSummary {
            url: facts.url.clone(),
            title: facts.title.clone(),
        },
        notices,
    }
}
