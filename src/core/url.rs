//! URLs and hosts as a browser reads them: a thin adapter over the `url` crate (the WHATWG URL
//! Standard, with UTS #46 IDNA through `idna`). It gives the checks the parts they look at
//! (scheme, host, path, query, fragment) of the absolute URLs the browser hands us (resolved
//! `href`s, `location.href`) and of the record's 首页地址, and compares hosts with the record's
//! domains in their ASCII form. It does not resolve relative references (the browser already
//! did) and never fails hard: what the URL Standard rejects gives `None` or `false`.
//!
//! Decisions beyond the URL Standard: a host's trailing dot (`example.cn.`, a fully qualified
//! name) is dropped, since it names the same host; ports and userinfo are not part of `host`.

use url::{Host, Url};

/// The parts of an absolute URL that the checks look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlParts {
    /// Lower-case scheme without `:` (`https`, `javascript`).
    pub scheme: String,
    /// The host as the URL Standard serialises it (lower case, internationalised labels in
    /// `xn--` form, IPv6 in brackets), without port, userinfo or trailing dot; empty for
    /// `javascript:` and other URLs without a host.
    pub host: String,
    /// The path as serialised (`/` for an empty hierarchical path; `void(0)` for
    /// `javascript:void(0)`).
    pub path: String,
    /// The query without `?`.
    pub query: String,
    /// The fragment without `#`.
    pub fragment: String,
}

/// Parse an absolute URL as a browser does: leading and trailing spaces and control characters
/// are dropped and tabs and newlines inside removed, `\` is `/` in http(s) URLs, the host goes
/// through UTS #46 (`中文。CN` is `xn--fiq228c.cn`). `None` when the URL Standard rejects it
/// (no scheme, `http://`, `http://[::1`, a relative reference).
pub fn parse_url(input: &str) -> Option<UrlParts> {
    let url = Url::parse(input).ok()?;
    Some(UrlParts {
        scheme: url.scheme().to_string(),
        host: url.host().map(host_text).unwrap_or_default(),
        path: url.path().to_string(),
        query: url.query().unwrap_or_default().to_string(),
        fragment: url.fragment().unwrap_or_default().to_string(),
    })
}

/// A parsed host as text, without a domain's trailing dot.
fn host_text(host: Host<&str>) -> String {
    match host {
        Host::Domain(domain) => domain.trim_end_matches('.').to_string(),
        other => other.to_string(),
    }
}

/// A host or domain as the URL Standard's host parser reads it (`中文.CN` is
/// `xn--fiq228c.cn`, `0x7f.1` is `127.0.0.1`), without a trailing dot; `None` when it is no
/// host (empty, spaces inside, a port, forbidden characters).
fn parse_host(text: &str) -> Option<Host<String>> {
    match Host::parse(text.trim()).ok()? {
        Host::Domain(domain) => {
            let domain = domain.trim_end_matches('.');
            (!domain.is_empty()).then(|| Host::Domain(domain.to_string()))
        }
        other => Some(other),
    }
}

/// `text` as a host in ASCII, as the URL Standard serialises it (`中文。CN` is
/// `xn--fiq228c.cn`, `0x7f.1` is `127.0.0.1`), without a trailing dot; `None` when it is no
/// host.
pub fn host_ascii(text: &str) -> Option<String> {
    Some(match parse_host(text)? {
        Host::Domain(domain) => domain,
        other => other.to_string(),
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

/// Whether two hosts name the same host, compared as the URL Standard reads them (`中文.cn` is
/// `xn--fiq228c.cn`); `false` when either is no host.
pub fn same_host(a: &str, b: &str) -> bool {
    matches!((parse_host(a), parse_host(b)), (Some(a), Some(b)) if a == b)
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
            ("JavaScript:", "javascript", "", "", "", ""),
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
            // As browsers read them: UTS #46 (full-width dots, capitals), `\` for `/`, a
            // missing `//`, IPv4 in other radixes, default ports.
            ("http://中文。CN/", "http", "xn--fiq228c.cn", "/", "", ""),
            (
                "https://ＢＥＩＡＮ．miit．gov．cn",
                "https",
                "beian.miit.gov.cn",
                "/",
                "",
                "",
            ),
            (
                "https:\\\\beian.miit.gov.cn\\a\\b",
                "https",
                "beian.miit.gov.cn",
                "/a/b",
                "",
                "",
            ),
            ("http:example.cn", "http", "example.cn", "/", "", ""),
            ("http://0x7f.1:80/", "http", "127.0.0.1", "/", "", ""),
            ("http://[0:0::1]/", "http", "[::1]", "/", "", ""),
            (
                "HTTP://a@b@Example.cn:/首页",
                "http",
                "example.cn",
                "/%E9%A6%96%E9%A1%B5",
                "",
                "",
            ),
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
        for bad in [
            "",
            "#",
            "/relative",
            "1http://x",
            "://x",
            "http://",
            "http://[::1",
            "http://exa mple.cn/",
            "http://example.cn:99999/",
            "http://256.1.1.1/",
        ] {
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
        assert!(host_within("www.xn--fiq228c.cn", "中文。ＣＮ."));
        assert!(!host_within("xn--fiq228c.cn", "中国.cn"));
        assert!(same_host("xn--fiq228c.cn", "中文.CN"));
        assert!(same_host("example.cn.", "EXAMPLE.cn"));
        assert!(!same_host("www.example.cn", "example.cn"));
        assert!(!host_within("example.cn", ""));
        assert!(!same_host("", ""));
        // IP addresses are equal or not; no "subdomain" of an address.
        assert!(host_within("127.0.0.1", "0x7f.0.0.1"));
        assert!(!host_within("1.2.3.4", "2.3.4"));
        assert!(host_within("[::1]", "[0::1]"));
        // Not a host.
        assert!(!host_within("example.cn:8080", "example.cn"));
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
