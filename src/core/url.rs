//! A small, forgiving reader for the absolute URLs the browser hands us (resolved `href`s and
//! `location.href`): scheme, host, path, query and fragment. It does not resolve relative
//! references (the browser already did) and never fails hard: odd input gives `None`. Also how
//! hosts compare with the domains of a record.

use crate::core::idna::domain_to_ascii;

/// The parts of an absolute URL that the checks look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlParts {
    /// Lower-case scheme without `:` (`https`, `javascript`).
    pub scheme: String,
    /// Lower-case host without port, userinfo or trailing dot; empty for `javascript:` etc.
    pub host: String,
    /// The path, `/` when absent for hierarchical URLs.
    pub path: String,
    /// The query without `?`.
    pub query: String,
    /// The fragment without `#`.
    pub fragment: String,
}

/// Split an absolute URL. Leading/trailing whitespace and embedded tabs/newlines are removed
/// first, as browsers do. Returns `None` when there is no scheme.
pub fn parse_url(input: &str) -> Option<UrlParts> {
    let cleaned: String = input
        .trim()
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let colon = cleaned.find(':')?;
    let scheme = &cleaned[..colon];
    let valid_scheme = !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !valid_scheme {
        return None;
    }
    let rest = &cleaned[colon + 1..];
    let (rest, fragment) = match rest.find('#') {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, ""),
    };
    let (rest, query) = match rest.find('?') {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, ""),
    };
    let (host, path) = if let Some(after) = rest
        .strip_prefix("//")
        .or_else(|| rest.strip_prefix("\\\\"))
    {
        let end = after.find(['/', '\\']).unwrap_or(after.len());
        let authority = &after[..end];
        let path = &after[end..];
        let host_port = authority.rsplit('@').next().unwrap_or("");
        let host = if host_port.starts_with('[') {
            host_port
                .find(']')
                .map(|i| &host_port[..=i])
                .unwrap_or(host_port)
        } else {
            host_port.split(':').next().unwrap_or("")
        };
        let path = if path.is_empty() { "/" } else { path };
        (
            host.trim_end_matches('.').to_ascii_lowercase(),
            path.to_string(),
        )
    } else {
        (String::new(), rest.to_string())
    };
    Some(UrlParts {
        scheme: scheme.to_ascii_lowercase(),
        host,
        path,
        query: query.to_string(),
        fragment: fragment.to_string(),
    })
}

/// Whether `host` is `domain` or one of its subdomains (`www.example.cn` under `example.cn`),
/// compared in ASCII form, so a filed `中文.cn` covers the `xn--fiq228c.cn` the browser reports.
/// A filed `www.example.cn` stands for its registered domain and covers `example.cn` and its
/// other subdomains too: the filing is for the domain, `www.` is only the usual home. A public
/// suffix (`com.cn`, or `net.cn` of a filed `www.net.cn`) covers no other site: see `site_key`.
pub fn host_within(host: &str, domain: &str) -> bool {
    crate::core::site_key::filed_domain_covers(domain, host)
}

/// Whether two hosts name the same host, compared in ASCII form (`中文.cn` is `xn--fiq228c.cn`).
pub fn same_host(a: &str, b: &str) -> bool {
    domain_to_ascii(a.trim_end_matches('.')) == domain_to_ascii(b.trim_end_matches('.'))
}

/// The value of `name` in a query string (`a=1&code=2`), percent-decoding not applied.
pub fn query_param<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_we_meet() {
        let cases: &[(&str, &str, &str, &str, &str, &str)] = &[
            // input, scheme, host, path, query, fragment
            (
                "https://beian.miit.gov.cn/",
                "https",
                "beian.miit.gov.cn",
                "/",
                "",
                "",
            ),
            (
                "http://BEIAN.MIIT.GOV.CN",
                "http",
                "beian.miit.gov.cn",
                "/",
                "",
                "",
            ),
            (
                "https://beian.miit.gov.cn/#/Integrated/index",
                "https",
                "beian.miit.gov.cn",
                "/",
                "",
                "/Integrated/index",
            ),
            (
                "https://user:pw@example.cn:8443/a/b?x=1#y",
                "https",
                "example.cn",
                "/a/b",
                "x=1",
                "y",
            ),
            (
                " \nhttps://beian.\nmiit.gov.cn/\t",
                "https",
                "beian.miit.gov.cn",
                "/",
                "",
                "",
            ),
            ("javascript:void(0)", "javascript", "", "void(0)", "", ""),
            (
                "https://beian.mps.gov.cn/#/query/webSearch?code=11010802020287",
                "https",
                "beian.mps.gov.cn",
                "/",
                "",
                "/query/webSearch?code=11010802020287",
            ),
            ("http://example.cn.", "http", "example.cn", "/", "", ""),
            ("http://[::1]:80/x", "http", "[::1]", "/x", "", ""),
        ];
        for (input, scheme, host, path, query, fragment) in cases {
            let u = parse_url(input).unwrap_or_else(|| panic!("{input}"));
            assert_eq!(
                (
                    u.scheme.as_str(),
                    u.host.as_str(),
                    u.path.as_str(),
                    u.query.as_str(),
                    u.fragment.as_str()
                ),
                (*scheme, *host, *path, *query, *fragment),
                "{input}"
            );
        }
        for bad in ["", "#", "/relative", "1http://x", "://x"] {
            assert_eq!(parse_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn host_within_domain() {
        assert!(host_within("example.cn", "example.cn"));
        assert!(host_within("www.example.cn", "example.cn"));
        assert!(host_within("a.b.Example.CN", "example.cn"));
        assert!(!host_within("badexample.cn", "example.cn"));
        // A filed `www.` domain stands for its registered domain, but `www.cn` is no domain's.
        assert!(host_within("example.cn", "www.example.cn"));
        assert!(host_within("shop.example.cn", "www.example.cn"));
        assert!(!host_within("example.cn", "www.cn"));
        assert!(host_within("www.cn", "www.cn"));
        // Internationalised names compare in ASCII form, whichever side spells them so.
        assert!(host_within("www.xn--fiq228c.cn", "中文.cn"));
        assert!(host_within("中文.cn", "xn--fiq228c.cn"));
        assert!(!host_within("xn--fiq228c.cn", "中国.cn"));
        assert!(same_host("xn--fiq228c.cn", "中文.CN"));
        assert!(!same_host("www.example.cn", "example.cn"));
        assert!(!host_within("example.cn", ""));
        // A public suffix covers no site under it (issue #16).
        assert!(!host_within("shop.example.com.cn", "com.cn"));
        assert!(!host_within("www.unrelated-shop.net.cn", "www.net.cn"));
    }

    #[test]
    fn query_params() {
        assert_eq!(query_param("a=1&code=22", "code"), Some("22"));
        assert_eq!(query_param("recordcode=5", "code"), None);
        assert_eq!(query_param("", "code"), None);
    }
}
