//! Reading one value of any format: trimming, a number, domains and addresses.
//!
//! Owns what a value is, not where it goes (that is `builder.rs`).

use crate::core::fold::{fold_width, is_invisible, is_space};
use crate::core::number::{find_numbers, parse_number, AnyNumber};

/// Longest value handed to the number grammar, in bytes: a number with loose spacing fits
/// easily; anything longer is not one number, and this keeps the work per value bounded.
pub(super) const MAX_NUMBER_VALUE_BYTES: usize = 400;

/// Separators between values of one line or one cell.
pub(super) fn is_separator(c: char) -> bool {
    matches!(c, ',' | '，' | ';' | '；' | '|' | '、' | '\t')
}

/// `text` without surrounding spaces and invisible characters.
pub(super) fn trim_line(text: &str) -> &str {
    text.trim_matches(|c: char| is_space(c) || is_invisible(c))
}

/// `text` without surrounding spaces, invisible characters and separators.
pub(super) fn trim_value(text: &str) -> &str {
    text.trim_matches(|c: char| is_space(c) || is_invisible(c) || is_separator(c))
}

/// Read one number from a value: the whole value, or the only number inside it.
pub(super) fn read_number(value: &str) -> Option<(AnyNumber, String)> {
    let value = trim_value(value);
    if value.is_empty() || value.len() > MAX_NUMBER_VALUE_BYTES {
        return None;
    }
    if let Some(number) = parse_number(value) {
        return Some((number, value.to_string()));
    }
    let mut found = find_numbers(value);
    if found.len() != 1 {
        return None;
    }
    let found = found.remove(0);
    // The number must stand apart from the rest (`…号-1 查看`), not be cut out of a longer
    // token (`…号-10001` is not `…号`).
    let joined = |c: Option<char>| {
        c.map(fold_width)
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    let before = value.get(..found.start).and_then(|s| s.chars().next_back());
    let after = value.get(found.end..).and_then(|s| s.chars().next());
    if joined(before) || joined(after) {
        return None;
    }
    let raw = found.raw(value).to_string();
    Some((found.number, raw))
}

/// The host of one domain or address as filed: lower-case, without scheme, user, port,
/// path, trailing dot or a leading `*.`; `None` when it is not a domain name.
fn domain_of(part: &str) -> Option<String> {
    let folded: String = part
        .chars()
        .map(fold_width)
        .filter(|c| !is_invisible(*c))
        .collect();
    let mut s = folded.trim_matches(|c: char| is_space(c) || c == '"' || c == '\'');
    if let Some(i) = s.find("://") {
        s = &s[i + 3..];
    } else if let Some(rest) = s.strip_prefix("//") {
        s = rest;
    }
    if let Some(i) = s.find(['/', '?', '#', '\\']) {
        s = &s[..i];
    }
    if let Some((_, host)) = s.rsplit_once('@') {
        s = host;
    }
    if let Some((host, port)) = s.rsplit_once(':') {
        if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s = host;
    }
    let s = s.trim_end_matches('.');
    let s = s.strip_prefix("*.").unwrap_or(s);
    let lower = s.to_ascii_lowercase();
    valid_domain(&lower).then_some(lower)
}

/// Whether `d` (lower-case) is a domain name: at least two dot-separated labels of letters,
/// digits and inner hyphens, ending in an alphabetic top-level label (ASCII, `xn--`, or
/// non-ASCII such as `中国`). IP addresses are not domains.
fn valid_domain(d: &str) -> bool {
    if d.len() > 1000 || !d.contains('.') {
        return false;
    }
    let labels_ok = d.split('.').all(|label| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || is_label_letter(c))
    });
    let tld = d.rsplit('.').next().unwrap_or("");
    let tld_ok = (tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_lowercase()))
        || tld.starts_with("xn--")
        || (!tld.is_ascii() && tld.chars().all(is_label_letter));
    labels_ok && tld_ok
}

/// Whether a non-ASCII character may be part of a domain label: anything but spaces and the
/// punctuation and symbol blocks a pasted cell meets (Latin-1 signs, general punctuation, CJK
/// punctuation and brackets, the half- and full-width forms' punctuation). Unicode's letter
/// tables would be exact, but cost the wasm 5 KB for cells that the dot already tells apart.
fn is_label_letter(c: char) -> bool {
    !c.is_ascii()
        && !is_space(c)
        && !matches!(c,
            '\u{80}'..='\u{BF}' | '\u{D7}' | '\u{F7}'
            | '\u{2000}'..='\u{2BFF}'
            | '\u{3000}'..='\u{303F}'
            | '\u{FE10}'..='\u{FE6F}'
            | '\u{FF00}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}'
            | '\u{FF5B}'..='\u{FF65}' | '\u{FFE0}'..='\u{FFFF}')
}

/// Split a value listing domains or addresses (spaces, commas, `、`, semicolons) into hosts.
/// Returns the hosts and whether some part was not a domain.
pub(super) fn split_domains(value: &str) -> (Vec<String>, bool) {
    let mut hosts = Vec::new();
    let mut bad = false;
    for part in value.split(|c: char| is_space(c) || is_separator(c)) {
        if trim_value(part).is_empty() {
            continue;
        }
        match domain_of(part) {
            Some(host) => hosts.push(host),
            None => bad = true,
        }
    }
    (hosts, bad)
}

/// Whether a whole cell or line is one or more domains or addresses and nothing else.
pub(super) fn is_domain_list(text: &str) -> bool {
    let mut parts = text
        .split(|c: char| is_space(c) || is_separator(c))
        .filter(|p| !trim_value(p).is_empty())
        .peekable();
    parts.peek().is_some() && parts.all(|p| domain_of(p).is_some())
}
