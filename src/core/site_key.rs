//! Which site a host belongs to, by the Public Suffix List (`public_suffix_list.dat` beside this
//! file, read by the `publicsuffix` crate): the
//! key a pasted record is remembered under, the keys looked up to find one again, and how far a
//! filed domain reaches.
//!
//! A site is its registrable domain: the public suffix plus one label (`example.com.cn`,
//! `shop.net.cn`). A public suffix (`com.cn`, `net.cn`, `github.io`) is never a site that
//! covers others: a record filed for `www.net.cn` stands for `www.net.cn` alone, and a record
//! listing `com.cn` covers no `*.com.cn` site. A host that is itself a public suffix, an IP
//! address or a single label (`localhost`) is keyed as itself and reaches nothing else.
//!
//! Owns those decisions; takes hosts and domains in any form the URL Standard reads as a host
//! (`中文。CN`, `EXAMPLE.cn.`; see `url::host_ascii`).

use std::sync::OnceLock;

use publicsuffix::{List, Psl};
use serde::Serialize;

use crate::core::url::host_ascii;

/// The Public Suffix List, parsed on first use (a few milliseconds): as data it adds about
/// 140 KB to the wasm, against about 930 KB as the code the `psl` crate compiles it to.
fn suffix_list() -> &'static List {
    static LIST: OnceLock<List> = OnceLock::new();
    LIST.get_or_init(|| {
        include_str!("public_suffix_list.dat")
            .parse()
            .unwrap_or_default()
    })
}

/// Where a record for one host is remembered and looked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SiteKeys {
    /// The key a record checked on the host is saved under (`site_key`).
    pub key: String,
    /// The keys that may hold a record for the host, most specific first (`lookup_keys`).
    pub lookup: Vec<String>,
}

/// Both keys of `host` at once, for the popup; `filed` as for `site_key`.
pub fn site_keys<S: AsRef<str>>(host: &str, filed: &[S]) -> SiteKeys {
    SiteKeys {
        key: site_key(host, filed),
        lookup: lookup_keys(host),
    }
}

/// The registrable domain of `host` (lower-case ASCII, no trailing dot), or `None` when it has
/// none: a public suffix itself, an IP address, a single label, or empty.
pub fn registrable_domain(host: &str) -> Option<String> {
    let host = normalise(host);
    if host.is_empty() || is_ip_address(&host) || !host.contains('.') {
        return None;
    }
    let domain = suffix_list().domain(host.as_bytes())?;
    let domain = std::str::from_utf8(domain.as_bytes()).ok()?;
    // The list answers for a name with empty labels too (`a..cn`); no such name is a site.
    (!domain.split('.').any(str::is_empty)).then(|| domain.to_string())
}

/// Whether `name` is a public suffix (`cn`, `com.cn`, `net.cn`, `github.io`): a name under
/// which others register, never one site.
pub fn is_public_suffix(name: &str) -> bool {
    let name = normalise(name);
    !name.is_empty()
        && !is_ip_address(&name)
        && suffix_list()
            .suffix(name.as_bytes())
            .is_some_and(|s| s.as_bytes() == name.as_bytes())
}

/// The key a record is remembered under on `host`: the first of `filed` (the record's domains,
/// most relevant first) that covers the host and is not above its registrable domain (`www.`
/// dropped unless what remains is a public suffix), else the host's registrable domain, else
/// the host itself. Empty when `host` is empty.
pub fn site_key<S: AsRef<str>>(host: &str, filed: &[S]) -> String {
    let host = normalise(host);
    if host.is_empty() {
        return String::new();
    }
    let Some(registrable) = registrable_domain(&host) else {
        return host;
    };
    filed
        .iter()
        .map(|d| filed_scope(&normalise(d.as_ref())))
        .find(|d| within(&host, d) && within(d, &registrable))
        .unwrap_or(registrable)
}

/// The keys that may hold a record for `host`, most specific first: the host and each parent
/// of it down to its registrable domain, never a public suffix. Just the host when it has no
/// registrable domain; none when it is empty.
pub fn lookup_keys(host: &str) -> Vec<String> {
    let host = normalise(host);
    if host.is_empty() {
        return Vec::new();
    }
    let Some(registrable) = registrable_domain(&host) else {
        return vec![host];
    };
    let mut keys = vec![host.clone()];
    let mut rest = host.as_str();
    while rest != registrable {
        match rest.split_once('.') {
            Some((_, parent)) => {
                keys.push(parent.to_string());
                rest = parent;
            }
            None => break,
        }
    }
    keys
}

/// Whether the filed `domain` covers `host` (both ASCII): the host is the domain's scope (the
/// domain, or its registered domain for a filed `www.` name) or a subdomain of it. A scope that
/// is a public suffix covers that exact host only.
pub fn filed_domain_covers(domain: &str, host: &str) -> bool {
    let host = normalise(host);
    let scope = filed_scope(&normalise(domain));
    if host.is_empty() || scope.is_empty() {
        return false;
    }
    if is_public_suffix(&scope) {
        return host == scope;
    }
    within(&host, &scope)
}

/// What a filed domain stands for: a filed `www.example.cn` is for `example.cn` and its other
/// hosts (`www.` is only the usual home), unless `example.cn` would be a public suffix
/// (`www.net.cn` is a site of its own) or a single label (`www.cn`).
fn filed_scope(domain: &str) -> String {
    match domain.strip_prefix("www.") {
        Some(rest) if rest.contains('.') && !is_public_suffix(rest) => rest.to_string(),
        _ => domain.to_string(),
    }
}

/// `host` is `domain` or a subdomain of it.
fn within(host: &str, domain: &str) -> bool {
    !domain.is_empty()
        && (host == domain
            || host
                .strip_suffix(domain)
                .is_some_and(|sub| sub.ends_with('.')))
}

/// Trimmed, ASCII, lower-case, without a trailing dot: as the URL Standard reads the host, or
/// (what it rejects, such as a bare IPv6 address or a port) lower-cased as written.
fn normalise(name: &str) -> String {
    let name = name.trim().trim_end_matches('.');
    host_ascii(name).unwrap_or_else(|| name.to_ascii_lowercase())
}

/// A dotted IPv4 address, or an IPv6 one (in brackets as a URL host, or bare).
fn is_ip_address(host: &str) -> bool {
    host.starts_with('[')
        || host.contains(':')
        || (host.split('.').count() == 4
            && host
                .split('.')
                .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registrable_domains_under_the_list() {
        let cases: &[(&str, Option<&str>)] = &[
            ("www.example.cn", Some("example.cn")),
            ("a.b.Example.COM.CN.", Some("example.com.cn")),
            ("www.net.cn", Some("www.net.cn")),
            ("www.unrelated-shop.net.cn", Some("unrelated-shop.net.cn")),
            ("shop.gd.cn", Some("shop.gd.cn")),
            ("user.github.io", Some("user.github.io")),
            ("www.中文.cn", Some("xn--fiq228c.cn")),
            // Internationalised rules match in ASCII too (`公司.cn`); a wildcard and its
            // exception (`*.ck`, `!www.ck`).
            ("shop.example.公司.cn", Some("example.xn--55qx5d.cn")),
            ("shop.example.xn--55qx5d.cn", Some("example.xn--55qx5d.cn")),
            ("a.shop.ck", Some("a.shop.ck")),
            ("www.ck", Some("www.ck")),
            ("shop.ck", None),
            ("net.cn", None),
            ("com.cn", None),
            ("cn", None),
            ("localhost", None),
            ("127.0.0.1", None),
            ("[::1]", None),
            ("", None),
        ];
        for (host, want) in cases {
            assert_eq!(registrable_domain(host).as_deref(), *want, "{host}");
        }
    }

    #[test]
    fn public_suffixes() {
        for name in [
            "cn",
            "com.cn",
            "NET.CN.",
            "gd.cn",
            "github.io",
            "中国",
            "xn--55qx5d.cn",
        ] {
            assert!(is_public_suffix(name), "{name}");
        }
        for name in ["example.cn", "www.net.cn", "127.0.0.1", ""] {
            assert!(!is_public_suffix(name), "{name}");
        }
    }

    #[test]
    fn keys_a_record_is_saved_under() {
        let none: &[&str] = &[];
        let cases: &[(&str, &[&str], &str)] = &[
            // host, filed domains, key
            ("www.example.cn", &["example.cn"], "example.cn"),
            ("www.example.cn", &["www.example.cn"], "example.cn"),
            ("shop.example.com.cn", &["example.com.cn"], "example.com.cn"),
            ("m.shop.example.cn", &["shop.example.cn"], "shop.example.cn"),
            ("m.example.cn", &["other.cn", "example.cn"], "example.cn"),
            // A filed domain that only ends with the same letters covers nothing.
            ("www.example.cn", &["ample.cn"], "example.cn"),
            ("blog.example.cn", none, "example.cn"),
            // Public suffixes are never keys for a site under them.
            ("www.net.cn", &["www.net.cn"], "www.net.cn"),
            ("www.net.cn", none, "www.net.cn"),
            ("shop.example.com.cn", &["com.cn"], "example.com.cn"),
            (
                "www.unrelated-shop.net.cn",
                &["net.cn"],
                "unrelated-shop.net.cn",
            ),
            // Hosts with no registrable domain are their own key.
            ("net.cn", &["net.cn"], "net.cn"),
            ("localhost", none, "localhost"),
            ("127.0.0.1", &["example.cn"], "127.0.0.1"),
            ("", &["example.cn"], ""),
        ];
        for (host, filed, key) in cases {
            assert_eq!(site_key(host, filed), *key, "{host} {filed:?}");
        }
    }

    #[test]
    fn keys_looked_up_stop_at_the_registrable_domain() {
        assert_eq!(
            lookup_keys("a.b.example.com.cn"),
            ["a.b.example.com.cn", "b.example.com.cn", "example.com.cn"]
        );
        assert_eq!(
            lookup_keys("www.unrelated-shop.net.cn"),
            ["www.unrelated-shop.net.cn", "unrelated-shop.net.cn"]
        );
        assert_eq!(lookup_keys("www.net.cn"), ["www.net.cn"]);
        assert_eq!(lookup_keys("localhost"), ["localhost"]);
        assert_eq!(lookup_keys("net.cn"), ["net.cn"]);
        assert!(lookup_keys("").is_empty());
        // What one host saves, another host of the same site finds, and no other site does.
        let saved = site_key("www.net.cn", &["www.net.cn"]);
        assert!(lookup_keys("www.net.cn").contains(&saved));
        assert!(!lookup_keys("www.unrelated-shop.net.cn").contains(&saved));
        let saved = site_key("shop.example.com.cn", &["com.cn"]);
        assert!(lookup_keys("m.shop.example.com.cn").contains(&saved));
        assert!(!lookup_keys("other.com.cn").contains(&saved));
    }

    #[test]
    fn filed_domains_cover_their_site_never_a_suffix() {
        let cases: &[(&str, &str, bool)] = &[
            // filed domain, host, covers
            ("example.cn", "www.example.cn", true),
            ("www.example.cn", "example.cn", true),
            ("www.example.cn", "shop.example.cn", true),
            ("example.cn", "badexample.cn", false),
            ("com.cn", "shop.example.com.cn", false),
            ("com.cn", "com.cn", true),
            ("www.net.cn", "www.unrelated-shop.net.cn", false),
            ("www.net.cn", "www.net.cn", true),
            ("www.net.cn", "net.cn", false),
            ("www.cn", "www.cn", true),
            ("www.cn", "example.cn", false),
            ("中文.cn", "www.xn--fiq228c.cn", true),
            ("example.cn", "", false),
        ];
        for (domain, host, covers) in cases {
            assert_eq!(
                filed_domain_covers(domain, host),
                *covers,
                "{domain} {host}"
            );
        }
    }
}
