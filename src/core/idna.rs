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
/// DNS allows (63 characters) is kept as written: it is no domain, and encoding it would cost
/// time quadratic in its length.
pub fn domain_to_ascii(domain: &str) -> String {
    let mut out = String::with_capacity(domain.len());
    for (i, label) in domain
        .split(['.', '\u{3002}', '\u{FF0E}', '\u{FF61}'])
        .enumerate()
    {
        if i > 0 {
            out.push('.');
        }
        let lower: String = label.chars().map(lower_case).collect();
        if lower.is_ascii() || lower.chars().count() > MAX_LABEL_CHARS {
            out.push_str(&lower);
        } else {
            match punycode_encode(&lower) {
                Some(encoded) => {
                    out.push_str("xn--");
                    out.push_str(&encoded);
                }
                None => out.push_str(&lower),
            }
        }
    }
    out
}

/// The longest label DNS allows, in octets; no longer label can be a domain's.
const MAX_LABEL_CHARS: usize = 63;

/// Lower-case an ASCII or Latin-1 capital letter; other characters are returned unchanged.
fn lower_case(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        '\u{C0}'..='\u{DE}' if c != '\u{D7}' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
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
    let byte = if d < 26 {
        b'a' + d as u8
    } else {
        b'0' + (d - 26) as u8
    };
    char::from(byte)
}

/// Punycode of one label (RFC 3492 section 6.3), without the `xn--` prefix; `None` on overflow.
pub fn punycode_encode(label: &str) -> Option<String> {
    let code_points: Vec<u32> = label.chars().map(|c| c as u32).collect();
    let mut out: String = label.chars().filter(char::is_ascii).collect();
    let basic = u32::try_from(out.len()).ok()?;
    let total = u32::try_from(code_points.len()).ok()?;
    if basic > 0 {
        out.push('-');
    }
    let mut n = INITIAL_N;
    let mut delta: u32 = 0;
    let mut bias = INITIAL_BIAS;
    let mut handled = basic;
    while handled < total {
        let next = code_points.iter().copied().filter(|&c| c >= n).min()?;
        delta = delta.checked_add((next - n).checked_mul(handled + 1)?)?;
        n = next;
        for &c in &code_points {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        T_MIN
                    } else if k >= bias + T_MAX {
                        T_MAX
                    } else {
                        k - bias
                    };
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
        delta = delta.checked_add(1)?;
        n = n.checked_add(1)?;
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
        let mixed: String = ('\u{4E00}'..='\u{4FFF}').collect();
        assert!(punycode_encode(&mixed).is_some());
    }
}
