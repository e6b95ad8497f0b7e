//! The `reachable` check: the page is a real site, not a server's default page, an error
//! page, a directory listing or an "under construction" placeholder. Providers fail filings
//! whose site is unreachable or whose content does not match the filing.

use crate::core::checks::context::CheckContext;
use crate::core::facts::TextSource;
use crate::core::report::{CheckResult, Evidence, Reason};

/// Title fragments of web servers' and panels' default pages (compared in lower case).
pub const SERVER_DEFAULT_TITLES: &[&str] = &[
    "welcome to nginx",
    "welcome to tengine",
    "welcome to openresty",
    "apache2 debian default page",
    "apache2 ubuntu default page",
    "test page for the apache http server",
    "test page for the nginx http server",
    "apache http server test page",
    "it works!",
    "iis windows server",
    "iis windows",
    "internet information services",
    "welcome to centos",
    "caddy works",
    "恭喜，站点创建成功",
    "恭喜, 站点创建成功",
    "站点创建成功",
    "没有找到站点",
];

/// Title fragments of error pages.
pub const ERROR_TITLES: &[&str] = &[
    "404 not found",
    "403 forbidden",
    "500 internal server error",
    "502 bad gateway",
    "503 service",
    "504 gateway",
    "page not found",
    "页面不存在",
    "找不到页面",
    "网站暂时无法访问",
    "网站无法访问",
    "域名未备案",
    "网站已暂停",
];

/// Title fragments of placeholders.
pub const UNDER_CONSTRUCTION_TITLES: &[&str] = &[
    "建设中",
    "正在建设",
    "维护中",
    "coming soon",
    "under construction",
];

fn find_in(haystack: &str, needles: &[&str]) -> Option<String> {
    needles
        .iter()
        .find(|n| haystack.contains(*n))
        .map(|n| n.to_string())
}

/// Run the check.
pub fn check(ctx: &CheckContext) -> CheckResult {
    let facts = ctx.view.facts;
    let title = facts.title.trim().to_ascii_lowercase();
    let first_text: String = facts
        .texts
        .iter()
        .enumerate()
        .filter(|(i, t)| t.source == TextSource::Node && ctx.view.text_hidden_by(*i).is_none())
        .take(3)
        .map(|(_, t)| t.text.trim().to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    let found = Some(facts.title.trim().to_string());
    let with = |reason: Reason, value: Option<String>| {
        CheckResult::new(
            reason,
            Evidence {
                found: found.clone(),
                value,
                ..Default::default()
            },
        )
    };
    if title.starts_with("index of /") || first_text.starts_with("index of /") {
        return with(Reason::ReachableDirectoryListing, Some("Index of /".into()));
    }
    if let Some(status) = facts.http_status.filter(|s| *s >= 400) {
        return with(Reason::ReachableErrorPage, Some(status.to_string()));
    }
    if let Some(v) = find_in(&title, ERROR_TITLES) {
        return with(Reason::ReachableErrorPage, Some(v));
    }
    if let Some(v) = find_in(&title, SERVER_DEFAULT_TITLES)
        .or_else(|| find_in(&first_text, SERVER_DEFAULT_TITLES))
    {
        return with(Reason::ReachableServerDefault, Some(v));
    }
    if let Some(v) = find_in(&title, UNDER_CONSTRUCTION_TITLES) {
        return with(Reason::ReachableUnderConstruction, Some(v));
    }
    with(Reason::ReachableOk, None)
}
