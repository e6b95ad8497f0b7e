//! The `record` check: the pasted record yields an entity or site number, and its numbers
//! agree with each other.

use crate::core::checks::context::CheckContext;
use crate::core::number::{find_numbers, AnyNumber, FilingKind, NotRealWhy};
use crate::core::record::{RecordFormat, MAX_RECORD_BYTES};
use crate::core::report::{CheckResult, Evidence, Reason};

/// How many unread record lines the evidence lists (the record itself keeps them all).
pub const MAX_LISTED_LINES: usize = 20;

/// Run the check.
pub fn check(ctx: &CheckContext) -> CheckResult {
    let record = ctx.record;
    if record.format == RecordFormat::TooLarge {
        return CheckResult::new(
            Reason::RecordTooLarge,
            Evidence {
                value: Some((MAX_RECORD_BYTES / 1024).to_string()),
                ..Default::default()
            },
        );
    }
    let site = ctx.site_record();
    let site_number = site.and_then(|s| s.number.as_ref());
    let diagnostics: Vec<String> = record
        .diagnostics
        .iter()
        .take(MAX_LISTED_LINES)
        .map(|d| format!("{}: {}", d.line, d.text))
        .collect();
    if record.entity.is_none() && site_number.is_none() {
        // A number with a prefix that is no province (`杭ICP备…`) is not read as a number but
        // stays in the diagnostics as pasted: say so rather than "nothing usable".
        let unknown_prefix = record.diagnostics.iter().find_map(|d| {
            find_numbers(&d.text).into_iter().find_map(|m| {
                matches!(
                    m.number,
                    AnyNumber::NotReal {
                        why: NotRealWhy::UnknownPrefix
                    }
                )
                .then(|| m.raw(&d.text).to_string())
            })
        });
        if let Some(raw) = unknown_prefix {
            return CheckResult::new(
                Reason::RecordUnknownPrefix,
                Evidence {
                    found: Some(raw.to_string()),
                    value: raw.chars().next().map(String::from),
                    others: diagnostics,
                    ..Default::default()
                },
            );
        }
        return CheckResult::new(
            Reason::RecordEmpty,
            Evidence {
                others: diagnostics,
                ..Default::default()
            },
        );
    }
    let shown = site_number.or(record.entity.as_ref());
    let found = site
        .and_then(|s| s.number_raw.clone())
        .or_else(|| shown.map(|n| n.canonical()));
    if let (Some(site_number), Some(entity)) = (site_number, record.entity.as_ref()) {
        if site_number.entity() != *entity {
            return CheckResult::new(
                Reason::RecordEntityMismatch,
                Evidence {
                    found,
                    expected: Some(entity.canonical()),
                    ..Default::default()
                },
            );
        }
    }
    if let Some(n) = site_number.filter(|n| matches!(n.kind(), FilingKind::Service(_))) {
        return CheckResult::new(
            Reason::RecordAppNumber,
            Evidence {
                found: Some(n.canonical()),
                ..Default::default()
            },
        );
    }
    let unknown = [site_number, record.entity.as_ref()]
        .into_iter()
        .flatten()
        .find(|n| !n.known_province());
    if let Some(n) = unknown {
        return CheckResult::new(
            Reason::RecordUnknownPrefix,
            Evidence {
                found: Some(n.canonical()),
                value: Some(n.province.to_string()),
                ..Default::default()
            },
        );
    }
    CheckResult::new(
        Reason::RecordOk,
        Evidence {
            found,
            others: diagnostics,
            ..Default::default()
        },
    )
}
