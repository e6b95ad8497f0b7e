//! The `link` check: the filing number is a hyperlink to the MIIT filing system, judged from
//! the resolved URL (attributes may carry whitespace and newlines), and the classification of
//! link targets that the `mps` check reuses.

use crate::core::checks::context::CheckContext;
use crate::core::checks::page_numbers::PageNumber;
use crate::core::facts::LinkFact;
use crate::core::report::{CheckResult, Evidence, Reason};
use crate::core::snippet::MIIT_URL;
use crate::core::url::{parse_url, UrlParts};

/// The MIIT filing system's host.
pub const MIIT_HOST: &str = "beian.miit.gov.cn";

/// Hosts of the MIIT system's former addresses: links there no longer reach the system.
pub const OLD_MIIT_HOSTS: &[&str] = &[
    "www.beian.miit.gov.cn",
    "www.miitbeian.gov.cn",
    "miitbeian.gov.cn",
    "www.miibeian.gov.cn",
    "miibeian.gov.cn",
];

/// Hosts that are not the MIIT filing system: the public-security registry and
/// third-party lookup sites.
pub const WRONG_REGISTRY_HOSTS: &[&str] = &[
    "beian.mps.gov.cn",
    "www.beian.gov.cn",
    "beian.gov.cn",
    "icp.chinaz.com",
    "beian.chinaz.com",
    "icp.aizhan.com",
    "www.beianx.cn",
    "beianx.cn",
    "www.icplishi.com",
    "icplishi.com",
    "www.icpapi.com",
    "beian.tianyancha.com",
    "www.beian88.com",
];

/// Where a link leads, as far as the rules care.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// No enclosing link at all.
    NotLinked,
    /// A link with an empty `href`, `#…`, `javascript:`, or only an onclick handler.
    EmptyHref,
    /// An absolute URL (http, https or anything else) with its parts.
    Url(UrlParts),
}

/// Classify the link enclosing a piece of text.
pub fn link_target(link: Option<&LinkFact>) -> LinkTarget {
    let Some(link) = link else {
        return LinkTarget::NotLinked;
    };
    let raw: String = match &link.raw_href {
        None => {
            return if link.onclick {
                LinkTarget::EmptyHref
            } else {
                LinkTarget::NotLinked
            }
        }
        Some(raw) => raw.chars().filter(|c| !c.is_whitespace()).collect(),
    };
    let lowered = raw.to_ascii_lowercase();
    if raw.is_empty() || raw.starts_with('#') || lowered.starts_with("javascript:") {
        return LinkTarget::EmptyHref;
    }
    match parse_url(&link.href).or_else(|| parse_url(&raw)) {
        Some(url) if url.scheme == "javascript" => LinkTarget::EmptyHref,
        Some(url) => LinkTarget::Url(url),
        None => LinkTarget::EmptyHref,
    }
}

/// The reason the `link` check gives for a link target.
pub fn miit_link_reason(target: &LinkTarget) -> Reason {
    match target {
        LinkTarget::NotLinked => Reason::LinkNotLinked,
        LinkTarget::EmptyHref => Reason::LinkEmptyHref,
        LinkTarget::Url(url) => {
            let host = url.host.as_str();
            if host == MIIT_HOST {
                match url.scheme.as_str() {
                    "https" => Reason::LinkOk,
                    "http" => Reason::LinkHttp,
                    _ => Reason::LinkOtherTarget,
                }
            } else if OLD_MIIT_HOSTS.contains(&host) {
                Reason::LinkOldAddress
            } else if WRONG_REGISTRY_HOSTS.contains(&host) {
                Reason::LinkWrongRegistry
            } else {
                Reason::LinkOtherTarget
            }
        }
    }
}

/// How good a number's link is, for choosing among several copies (lower is better).
pub fn link_rank(ctx: &CheckContext, number: &PageNumber) -> u8 {
    match miit_link_reason(&link_target(
        number.link.and_then(|l| ctx.view.facts.links.get(l)),
    )) {
        Reason::LinkOk => 0,
        Reason::LinkHttp => 1,
        _ => 2,
    }
}

/// Run the check on the number the `number` check settled on.
pub fn check(ctx: &CheckContext, subject: Option<&PageNumber>) -> CheckResult {
    let Some(number) = subject else {
        return CheckResult::new(Reason::LinkNoNumber, Evidence::default());
    };
    let link = number.link.and_then(|l| ctx.view.facts.links.get(l));
    let reason = miit_link_reason(&link_target(link));
    let location_element = link.map_or(number.element, |l| l.element);
    CheckResult::new(
        reason,
        Evidence {
            found: link.map(|l| {
                if l.href.is_empty() {
                    l.raw_href.clone().unwrap_or_default()
                } else {
                    l.href.clone()
                }
            }),
            expected: Some(MIIT_URL.to_string()),
            value: Some(number.raw.clone()),
            location: Some(ctx.view.location(location_element, number.rect)),
            ..Default::default()
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(href: &str, raw: Option<&str>, onclick: bool) -> LinkFact {
        LinkFact {
            href: href.into(),
            raw_href: raw.map(str::to_string),
            onclick,
            ..Default::default()
        }
    }

    #[test]
    fn link_classification_table() {
        use Reason::*;
        let cases: &[(Option<LinkFact>, Reason)] = &[
            (None, LinkNotLinked),
            (Some(link("", None, false)), LinkNotLinked),
            (Some(link("", None, true)), LinkEmptyHref),
            (Some(link("http://x.cn/", Some(""), false)), LinkEmptyHref),
            (Some(link("http://x.cn/#", Some("#"), false)), LinkEmptyHref),
            (
                Some(link("http://x.cn/#top", Some(" #top "), true)),
                LinkEmptyHref,
            ),
            (
                Some(link(
                    "javascript:void(0)",
                    Some("javascript:void(0)"),
                    false,
                )),
                LinkEmptyHref,
            ),
            (
                Some(link("javascript:;", Some(" JavaScript:;"), false)),
                LinkEmptyHref,
            ),
            (
                Some(link(
                    "https://beian.miit.gov.cn/",
                    Some("https://beian.miit.gov.cn/"),
                    false,
                )),
                LinkOk,
            ),
            (
                Some(link(
                    "https://beian.miit.gov.cn/#/Integrated/index",
                    Some("https://beian.miit.gov.cn/#/Integrated/index"),
                    false,
                )),
                LinkOk,
            ),
            (
                Some(link(
                    "https://beian.miit.gov.cn/",
                    Some("https://beian.miit.gov.cn\n/"),
                    false,
                )),
                LinkOk,
            ),
            (
                Some(link(
                    "https://beian.miit.gov.cn/",
                    Some("//beian.miit.gov.cn/"),
                    false,
                )),
                LinkOk,
            ),
            (
                Some(link(
                    "http://beian.miit.gov.cn/",
                    Some("http://beian.miit.gov.cn"),
                    false,
                )),
                LinkHttp,
            ),
            (
                Some(link(
                    "http://www.beian.miit.gov.cn/",
                    Some("http://www.beian.miit.gov.cn"),
                    false,
                )),
                LinkOldAddress,
            ),
            (
                Some(link(
                    "http://www.miitbeian.gov.cn/",
                    Some("http://www.miitbeian.gov.cn/"),
                    false,
                )),
                LinkOldAddress,
            ),
            (
                Some(link(
                    "http://miitbeian.gov.cn/",
                    Some("http://miitbeian.gov.cn"),
                    false,
                )),
                LinkOldAddress,
            ),
            (
                Some(link(
                    "http://www.miibeian.gov.cn/",
                    Some("http://www.miibeian.gov.cn/"),
                    false,
                )),
                LinkOldAddress,
            ),
            (
                Some(link(
                    "https://beian.mps.gov.cn/#/query/webSearch",
                    Some("https://beian.mps.gov.cn/#/query/webSearch"),
                    false,
                )),
                LinkWrongRegistry,
            ),
            (
                Some(link(
                    "http://www.beian.gov.cn/portal/registerSystemInfo",
                    Some("http://www.beian.gov.cn/portal/registerSystemInfo"),
                    false,
                )),
                LinkWrongRegistry,
            ),
            (
                Some(link(
                    "https://icp.chinaz.com/example.cn",
                    Some("https://icp.chinaz.com/example.cn"),
                    false,
                )),
                LinkWrongRegistry,
            ),
            (
                Some(link("https://www.example.cn/beian", Some("/beian"), false)),
                LinkOtherTarget,
            ),
            (
                Some(link(
                    "https://beian.miit.gov.cn.evil.example/",
                    Some("https://beian.miit.gov.cn.evil.example/"),
                    false,
                )),
                LinkOtherTarget,
            ),
            (
                Some(link(
                    "ftp://beian.miit.gov.cn/",
                    Some("ftp://beian.miit.gov.cn/"),
                    false,
                )),
                LinkOtherTarget,
            ),
            // Read as the URL Standard reads them (docs/DECISIONS.md "Links"): what it rejects
            // leads nowhere; full-width dots, capitals and `\\` name the MIIT host.
            (Some(link("http://", Some("http://"), false)), LinkEmptyHref),
            (
                Some(link("http://[::1", Some("http://[::1"), false)),
                LinkEmptyHref,
            ),
            (
                Some(link("", Some("https://ＢＥＩＡＮ．miit。gov.cn./"), false)),
                LinkOk,
            ),
            (
                Some(link("", Some("https:\\\\beian.miit.gov.cn\\"), false)),
                LinkOk,
            ),
        ];
        for (fact, want) in cases {
            assert_eq!(
                miit_link_reason(&link_target(fact.as_ref())),
                *want,
                "{fact:?}"
            );
        }
    }
}
