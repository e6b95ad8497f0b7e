//! Internationalised domain names in their ASCII form, so a record that files `中文.cn` matches a
//! page whose address the browser reports as `xn--fiq228c.cn`: each non-ASCII label becomes
//! `xn--` plus its Punycode (RFC 3492), and the ideographic full stops (`。`, `．`, `｡`) separate
//! labels as `.` does (RFC 3490 section 3.1).
//!
//! Owns that conversion only. Full UTS #46 mapping (Unicode case folding, NFC) is not done: it
//! needs the Unicode tables the wasm size budget keeps out. Letters are lower-cased in ASCII and
//! in Latin-1 (`Ü` as `ü`), which covers the domains filed in China; other non-ASCII capitals,
//! which MIIT's own records never hold, are compared as written.

/// The ASCII form of `domain` (lower-case, labels joined by `.`). A non-ASCII label longer than
/// DNS allows (63 characters) is kept as written: it is no domain's.
pub fn domain_to_ascii(domain: &str) -> String {
    let mut out = String::with_capacity(domain.len());
    let mut label = String::new();
    for c in domain.chars().chain(['.']) {
        if !matches!(c, '.' | '\u{3002}' | '\u{FF0E}' | '\u{FF61}') {
            label.push(lower_case(c));
            continue;
        }
        match punycode_encode(&label) {
            Some(encoded) if !label.is_ascii() => {
                out.push_str("xn--");
                out.push_str(&encoded);
            }
            _ => out.push_str(&label),
        }
        out.push('.');
        label.clear();
    }
    out.pop(); // the `.` after the last label
    out
}

/// The longest label DNS allows, in octets; no longer label can be a domain's.
const MAX_LABEL_CHARS: usize = 63;

/// Lower-case an ASCII or Latin-1 capital letter; other characters are returned unchanged.
fn lower_case(c: char) -> char {
    match c {
        'A'..='Z' | '\u{C0}'..='\u{DE}' if c != '\u{D7}' => {
            char::from_u32(c as u32 + 0x20).unwrap_or(c)
        }
        _ => c,
    }
}

// The Punycode parameters of RFC 3492 section 5.
const BASE: u32 = 36;
const T_MIN: u32 = 1;
const T_MAX: u32 = 26;
const SKEW: u32 = 38;
const DAMP: u32 = 700;
const INITIAL_BIAS: u32 = 72;
const INITIAL_N: u32 = 0x80;

/// The bias adaptation of RFC 3492 section 6.1.
fn adapt(delta: u32, num_points: u32, first_time: bool) -> u32 {
    let mut delta = if first_time { delta / DAMP } else { delta / 2 };
    delta += delta / num_points;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
}

/// The basic code point for digit `d` (0..36): `a`-`z` then `0`-`9`.
fn encode_digit(d: u32) -> char {
    char::from(if d < 26 {
        b'a' + d as u8
    } else {
        b'0' + (d - 26) as u8
    })
}

/// Punycode of one label (RFC 3492 section 6.3), without the `xn--` prefix; `None` for a label
/// over 63 characters (none is a domain's, and within that length no arithmetic can overflow:
/// `delta` stays below 64 times the largest code point plus 64 squared).
pub fn punycode_encode(label: &str) -> Option<String> {
    let total = label.chars().count();
    if total > MAX_LABEL_CHARS {
        return None;
    }
    let total = total as u32;
    let mut out: String = label.chars().filter(char::is_ascii).collect();
    let basic = out.len() as u32;
    if basic > 0 {
        out.push('-');
    }
    let mut n = INITIAL_N;
    let mut delta = 0;
    let mut bias = INITIAL_BIAS;
    let mut handled = basic;
    while handled < total {
        let next = label.chars().map(u32::from).filter(|&c| c >= n).min()?;
        delta += (next - n) * (handled + 1);
        n = next;
        for c in label.chars().map(u32::from) {
            if c < n {
                delta += 1;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = k.saturating_sub(bias).clamp(T_MIN, T_MAX);
                    if q < t {
                        break;
                    }
                    out.push(encode_digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(encode_digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_as_browsers_write_them() {
        // Expected values from Node's `url.domainToASCII`, which follows UTS #46.
        let cases = [
            ("中文.cn", "xn--fiq228c.cn"),
            ("例子.中国", "xn--fsqu00a.xn--fiqs8s"),
            ("政务.cn", "xn--zfr164b.cn"),
            ("公益.cn", "xn--55qw42g.cn"),
            ("中文网.com", "xn--fiq228c5hs.com"),
            ("ab中文.cn", "xn--ab-ry2cs33g.cn"),
            ("Bücher.de", "xn--bcher-kva.de"),
            ("ÄÖÜ.de", "xn--4ca0bs.de"),
            ("😀.cn", "xn--e28h.cn"),
            ("中文。cn", "xn--fiq228c.cn"),
            ("中文．cn", "xn--fiq228c.cn"),
            ("xn--fiq228c.cn", "xn--fiq228c.cn"),
            ("WWW.Example.CN", "www.example.cn"),
            ("a-b.cn", "a-b.cn"),
            ("", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(domain_to_ascii(input), expected, "{input}");
        }
    }

    #[test]
    fn rfc_3492_samples() {
        // Section 7.1: (A) Arabic (Egyptian), (B) Chinese (simplified), (L) 3<nen>B<gumi>.
        let arabic: String = [
            0x644, 0x64A, 0x647, 0x645, 0x627, 0x628, 0x62A, 0x643, 0x644, 0x645, 0x648, 0x634,
            0x639, 0x631, 0x628, 0x64A, 0x61F,
        ]
        .iter()
        .filter_map(|&c| char::from_u32(c))
        .collect();
        assert_eq!(
            punycode_encode(&arabic).as_deref(),
            Some("egbpdaj6bu4bxfgehfvwxn")
        );
        assert_eq!(
            punycode_encode("他们为什么不说中文").as_deref(),
            Some("ihqwcrb4cv8a8dqg056pqjye")
        );
        assert_eq!(
            punycode_encode("3年B組金八先生").as_deref(),
            Some("3B-ww4c5e180e575a65lsy2b")
        );
    }

    #[test]
    fn long_labels_do_not_panic() {
        let long: String = "中".repeat(100_000) + &"文".repeat(100_000);
        assert_eq!(domain_to_ascii(&long), long);
        assert_eq!(punycode_encode(&long), None);
        // The widest label that is still encoded: 63 characters, the highest code points.
        let widest: String = ('\u{10FFC1}'..='\u{10FFFF}').collect();
        assert_eq!(widest.chars().count(), 63);
        assert!(punycode_encode(&widest).is_some());
    }
}
