//! The `domain` check: the page's host is one of the record's domains or a subdomain of one.

use crate::core::checks::context::CheckContext;
use crate::core::report::{CheckResult, Evidence, Reason};
use crate::core::url::host_within;

/// Run the check.
pub fn check(ctx: &CheckContext) -> CheckResult {
    let host = ctx
        .url
        .as_ref()
        .filter(|u| matches!(u.scheme.as_str(), "http" | "https") && !u.host.is_empty())
        .map(|u| u.host.clone());
    let Some(host) = host else {
        return CheckResult::new(
            Reason::DomainNoPageHost,
            Evidence {
                found: Some(ctx.view.facts.url.clone()),
                ..Default::default()
            },
        );
    };
    let domains: Vec<&String> = ctx
        .record
        .sites
        .iter()
        .flat_map(|s| s.domains.iter())
        .collect();
    if domains.is_empty() {
        return CheckResult::new(
            Reason::DomainNotInRecord,
            Evidence {
                found: Some(host),
                ..Default::default()
            },
        );
    }
    let matched = domains.iter().find(|d| host_within(&host, d));
    match matched {
        Some(domain) => CheckResult::new(
            Reason::DomainMatch,
            Evidence {
                found: Some(host),
                expected: Some(domain.to_string()),
                ..Default::default()
            },
        ),
        None => CheckResult::new(
            Reason::DomainOtherSite,
            Evidence {
                found: Some(host),
                expected: Some(
                    domains
                        .iter()
                        .map(|d| d.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                ..Default::default()
            },
        ),
    }
}
