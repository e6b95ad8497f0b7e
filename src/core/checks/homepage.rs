//! The `homepage` check: the display rules apply to the homepage, so say when the page
//! checked is not the site's root (or the record's 首页地址).

use crate::core::checks::context::CheckContext;
use crate::core::report::{CheckResult, Evidence, Reason};
use crate::core::url::{parse_url, same_host};

/// Paths that serve a site's root document.
const ROOT_DOCUMENTS: &[&str] = &[
    "/",
    "/index.html",
    "/index.htm",
    "/index.php",
    "/index.jsp",
    "/index.asp",
    "/index.aspx",
    "/default.html",
    "/default.htm",
    "/default.asp",
    "/default.aspx",
];

/// Whether `path` is a site root (ignoring case and a trailing `/`).
pub fn is_root_path(path: &str) -> bool {
    let path = path.to_ascii_lowercase();
    ROOT_DOCUMENTS.contains(&path.as_str()) || path.is_empty()
}

/// Run the check.
pub fn check(ctx: &CheckContext) -> CheckResult {
    let page_url = ctx.view.facts.url.clone();
    let Some(url) = ctx
        .url
        .as_ref()
        .filter(|u| matches!(u.scheme.as_str(), "http" | "https") && !u.host.is_empty())
    else {
        return CheckResult::new(
            Reason::HomepageNoPageUrl,
            Evidence {
                found: Some(page_url),
                ..Default::default()
            },
        );
    };
    let home = ctx
        .site_record()
        .and_then(|s| s.home_url.as_deref())
        .map(|h| {
            if h.contains("://") {
                h.to_string()
            } else {
                format!("http://{h}")
            }
        });
    let home_parts = home.as_deref().and_then(parse_url);
    let is_record_home = home_parts.as_ref().is_some_and(|h| {
        same_host(&h.host, &url.host)
            && h.path.trim_end_matches('/') == url.path.trim_end_matches('/')
    });
    let expected = match &home_parts {
        Some(h) if !is_root_path(&h.path) => home.clone(),
        _ => Some(format!("{}://{}/", url.scheme, url.host)),
    };
    let evidence = Evidence {
        found: Some(page_url),
        expected,
        ..Default::default()
    };
    if is_root_path(&url.path) || is_record_home {
        CheckResult::new(Reason::HomepageRoot, evidence)
    } else {
        CheckResult::new(Reason::HomepageNotRoot, evidence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_paths() {
        for p in ["/", "/index.html", "/INDEX.HTM", "/default.aspx", ""] {
            assert!(is_root_path(p), "{p}");
        }
        for p in ["/about", "/index.html/x", "/news/index.html", "/zh/"] {
            assert!(!is_root_path(p), "{p}");
        }
    }
}
