//! The `mps` check: the public-security (公安) filing number, when the page shows one or the
//! record has one: shown, linked to the MPS query page with its own code.

use crate::core::checks::context::CheckContext;
use crate::core::checks::link::{link_target, LinkTarget};
use crate::core::checks::page_numbers::PageNumber;
use crate::core::number::{AnyNumber, MpsNumber};
use crate::core::report::{CheckResult, Evidence, Reason};
use crate::core::snippet::MPS_QUERY_PREFIX;
use crate::core::url::{query_param, UrlParts};

/// The MPS filing system's current host.
pub const MPS_HOST: &str = "beian.mps.gov.cn";
/// Hosts of the MPS system's former address (`/portal/registerSystemInfo?recordcode=`).
pub const OLD_MPS_HOSTS: &[&str] = &["www.beian.gov.cn", "beian.gov.cn"];

/// The code a link to the MPS system carries, from the query or the hash route.
fn link_code(url: &UrlParts) -> Option<String> {
    let from_fragment = url
        .fragment
        .split_once('?')
        .and_then(|(_, q)| query_param(q, "code"));
    query_param(&url.query, "code")
        .or(from_fragment)
        .or_else(|| query_param(&url.query, "recordcode"))
        .map(|c| c.trim().to_string())
}

/// The reason for a 公安 number's link.
pub fn mps_link_reason(target: &LinkTarget, digits: &str) -> Reason {
    match target {
        LinkTarget::NotLinked | LinkTarget::EmptyHref => Reason::MpsNotLinked,
        LinkTarget::Url(url) if OLD_MPS_HOSTS.contains(&url.host.as_str()) => Reason::MpsOldAddress,
        LinkTarget::Url(url) if url.host == MPS_HOST => {
            if link_code(url).as_deref() == Some(digits) {
                Reason::MpsLinked
            } else {
                Reason::MpsCodeMismatch
            }
        }
        LinkTarget::Url(_) => Reason::MpsOtherTarget,
    }
}

fn mps_of(n: &PageNumber) -> Option<&MpsNumber> {
    match &n.number {
        AnyNumber::Mps(m) => Some(m),
        _ => None,
    }
}

/// Run the check.
pub fn check(ctx: &CheckContext) -> CheckResult {
    let record_mps = ctx
        .site_record()
        .and_then(|s| s.mps.as_ref())
        .or(ctx.record.mps.as_ref());
    let shown: Vec<(&PageNumber, &MpsNumber)> = ctx
        .numbers
        .iter()
        .filter(|n| n.is_visible())
        .filter_map(|n| mps_of(n).map(|m| (n, m)))
        .collect();
    let chosen = shown
        .iter()
        .find(|(_, m)| record_mps.is_some_and(|r| r.digits == m.digits))
        .or(shown.first());
    let expected = record_mps.map(MpsNumber::canonical);
    let Some((number, mps)) = chosen else {
        return match record_mps {
            None => CheckResult::new(Reason::MpsNone, Evidence::default()),
            Some(_) => CheckResult::new(
                Reason::MpsMissingOnPage,
                Evidence {
                    expected,
                    ..Default::default()
                },
            ),
        };
    };
    let link = number.link.and_then(|l| ctx.view.facts.links.get(l));
    let evidence = Evidence {
        found: Some(number.raw.clone()),
        expected: expected
            .clone()
            .or_else(|| Some(format!("{MPS_QUERY_PREFIX}{}", mps.digits))),
        value: link.map(|l| l.href.clone()),
        location: Some(ctx.view.location(number.element, number.rect)),
        ..Default::default()
    };
    if record_mps.is_some_and(|r| r.digits != mps.digits) {
        return CheckResult::new(Reason::MpsNumberMismatch, evidence);
    }
    let reason = mps_link_reason(&link_target(link), &mps.digits);
    let evidence = Evidence {
        expected: Some(format!("{MPS_QUERY_PREFIX}{}", mps.digits)),
        ..evidence
    };
    CheckResult::new(reason, evidence)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::facts::LinkFact;

    #[test]
    fn mps_link_table() {
        let digits = "11010802020287";
        let cases: &[(Option<&str>, Reason)] = &[
            (None, Reason::MpsNotLinked),
            (
                Some("https://beian.mps.gov.cn/#/query/webSearch?code=11010802020287"),
                Reason::MpsLinked,
            ),
            (
                Some("https://beian.mps.gov.cn/#/query/webSearch?code=11010802020288"),
                Reason::MpsCodeMismatch,
            ),
            (Some("https://beian.mps.gov.cn/"), Reason::MpsCodeMismatch),
            (
                Some("http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=11010802020287"),
                Reason::MpsOldAddress,
            ),
            (Some("https://beian.miit.gov.cn/"), Reason::MpsOtherTarget),
            (Some("javascript:;"), Reason::MpsNotLinked),
        ];
        for (href, want) in cases {
            let fact = href.map(|h| LinkFact {
                href: h.into(),
                raw_href: Some(h.into()),
                ..Default::default()
            });
            assert_eq!(
                mps_link_reason(&link_target(fact.as_ref()), digits),
                *want,
                "{href:?}"
            );
        }
    }
}
