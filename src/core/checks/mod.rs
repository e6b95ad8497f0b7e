//! The checks of RULES.md, one module per check id, and `check_page`, which runs them all
//! on one page's facts and one record and assembles the `Report`.

pub mod colour;
pub mod context;
pub mod domain;
pub mod homepage;
pub mod link;
pub mod mps;
pub mod number;
pub mod page_numbers;
pub mod page_view;
pub mod placement;
pub mod reachable;
pub mod record;
pub mod site_name;
pub mod title;

use crate::core::checks::context::CheckContext;
use crate::core::checks::page_view::PageView;
use crate::core::facts::PageFacts;
use crate::core::generator;
use crate::core::record::{parse_record, Record};
use crate::core::report::{CheckOptions, Notice, PageSummary, Report, Verdict};
use crate::core::snippet::{footer_snippet, SnippetOptions};

/// Parse `record_text` and check `facts` against it.
pub fn check_page(facts: &PageFacts, record_text: &str, options: CheckOptions) -> Report {
    check_page_with_record(facts, parse_record(record_text), options)
}

/// Check `facts` against an already parsed record.
pub fn check_page_with_record(facts: &PageFacts, record: Record, options: CheckOptions) -> Report {
    let ctx = CheckContext::new(PageView::new(facts), &record, options);
    let number = number::check(&ctx);
    let mut checks = vec![
        record::check(&ctx),
        domain::check(&ctx),
        homepage::check(&ctx),
        title::check(&ctx),
        number.result.clone(),
        link::check(&ctx, number.subject),
        placement::check(&ctx, number.subject),
        site_name::check(&ctx),
        mps::check(&ctx),
        reachable::check(&ctx),
    ];
    let site = ctx.site;
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
    if record.sites.len() > 1 && site.is_some() {
        notices.push(Notice::SiteChosenByDomain);
    }
    drop(ctx);
    let overall = Verdict::worst(checks.iter().map(|c| c.verdict));
    let snippet = footer_snippet(&record, site, SnippetOptions::default());
    // The generator adds advice only: the verdicts above are final.
    let generator = generator::detect(facts);
    generator::attach_fixes(&mut checks, generator.as_ref(), snippet.as_ref());
    let mut report = Report {
        overall,
        checks,
        snippet,
        generator,
        record,
        site,
        page: PageSummary {
            url: facts.url.clone(),
            title: facts.title.clone(),
        },
        notices,
    };
    report.make_printable();
    report
}
