//! The mutation side of `tests/fuzz.rs`: a seeded random source, the material inputs are
//! made of (tokens of numbers, records, pages and URLs; characters at the edges of Unicode), and
//! the text and JSON mutations. Test-only; kept apart so the fuzz harness reads on its own.

use serde_json::Value;

/// Mutants longer than this (in bytes) are cut: size is not what these runs look for.
const MAX_INPUT: usize = 64 * 1024;

/// xorshift64*: small, fast, and the same everywhere.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Pieces numbers, records and pages are made of.
const TOKENS: &[&str] = &[
    "京",
    "粤",
    "沪",
    "蜀",
    "新",
    "萌",
    "杭",
    "北京",
    "ICP",
    "icp",
    "ＩＣＰ",
    "备",
    "備",
    "证",
    "號",
    "号",
    "-",
    "－",
    "—",
    "‐",
    "1",
    "12345678",
    "2026018839",
    "0",
    "０",
    "９",
    "x",
    "X",
    "*",
    "A",
    "K",
    "B2",
    "B1",
    "公网安备",
    "11010802020287",
    " ",
    "\u{a0}",
    "\u{3000}",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "：",
    ":",
    "；",
    "、",
    "|",
    "主体备案号",
    "ICP备案/许可证号",
    "网站备案号",
    "服务备案号",
    "网站名称",
    "网站域名",
    "网站首页地址",
    "主办单位名称",
    "主办单位性质",
    "审核日期",
    "ICP备案主体信息",
    "ICP备案服务信息",
    "详情",
    "企业",
    "个人",
    "example.cn",
    "www.",
    "https://",
    "http://",
    "/",
    "a.cn",
    "{",
    "}",
    "[",
    "]",
    "\"",
    ",",
    "\"domain\"",
    "\"unitName\"",
    "\"serviceLicence\"",
    "\"mainLicence\"",
    "\"params\"",
    "\"list\"",
    "null",
    "true",
    "1e308",
    "<img src=x onerror=alert(1)>",
    "</textarea>",
    "javascript:",
    "\\",
    "\\u0000",
    "HTTPS:",
    "//",
    "\\\\",
    "beian.miit.gov.cn",
    "xn--fiq228c",
    "中文",
    "。",
    "．",
    "｡",
    ".",
    "..",
    ":8080",
    ":99999",
    "@",
    "user:pw@",
    "[::1]",
    "[::1",
    "[",
    "0x7f.1",
    "256.0.0.1",
    "%",
    "%E4%B8%AD",
    "?code=11010802020287",
    "#/Integrated/index",
    "#",
    "?",
];

/// Characters at the edges of what the parsers meet.
const EDGE_CHARS: &[char] = &[
    '\u{0}',
    '\u{1}',
    '\u{1f}',
    '\u{7f}',
    '\u{85}',
    '\u{a0}',
    '\u{ad}',
    '\u{34f}',
    '\u{61c}',
    '\u{200b}',
    '\u{200d}',
    '\u{200e}',
    '\u{200f}',
    '\u{2028}',
    '\u{2029}',
    '\u{202a}',
    '\u{202b}',
    '\u{202c}',
    '\u{202e}',
    '\u{2060}',
    '\u{2066}',
    '\u{2067}',
    '\u{2069}',
    '\u{3164}',
    '\u{d7ff}',
    '\u{e000}',
    '\u{fe0f}',
    '\u{feff}',
    '\u{fffd}',
    '\u{ffff}',
    '\u{e0001}',
    '\u{e007f}',
    '\u{10ffff}',
    '\u{301}',
    '\u{20dd}',
    '٣',
    '۳',
    '߃',
    '३',
    '𝟑',
    '①',
    '⑴',
    '㈠',
    'Ⅲ',
    'İ',
    'ß',
    'ﬀ',
    '🙂',
    '👨',
    '\u{1f3fb}',
];

/// One mutation of `input` (as text), using `pool` for crossover.
pub fn mutate_text(rng: &mut Rng, input: &str, pool: &[String]) -> String {
    let mut chars: Vec<char> = input.chars().collect();
    let rounds = 1 + rng.below(4);
    for _ in 0..rounds {
        let len = chars.len();
        let at = rng.below(len + 1);
        match rng.below(9) {
            0 => {
                let token: Vec<char> = rng.pick(TOKENS).chars().collect();
                chars.splice(at..at, token);
            }
            1 if len > 0 => {
                let end = (at + 1 + rng.below(16)).min(len);
                chars.drain(at.min(end)..end);
            }
            2 if len > 0 => {
                let end = (at + 1 + rng.below(32)).min(len);
                let piece: Vec<char> = chars[at.min(end)..end].to_vec();
                let most = if rng.chance(5) { 2000 } else { 4 };
                let times = 1 + rng.below(most);
                for _ in 0..times {
                    chars.splice(at..at, piece.iter().copied());
                }
            }
            3 if len > 0 => chars[at.min(len - 1)] = *rng.pick(EDGE_CHARS),
            4 => chars.insert(at, *rng.pick(EDGE_CHARS)),
            5 => {
                let other: Vec<char> = rng.pick(pool).chars().collect();
                let from = rng.below(other.len() + 1);
                let to = (from + rng.below(200)).min(other.len());
                chars.splice(at..at, other[from..to].iter().copied());
            }
            6 if len > 0 => {
                // Binary junk: flip bytes of a stretch and decode it as a browser would.
                let end = (at + 1 + rng.below(16)).min(len);
                let mut bytes = chars[at.min(end)..end]
                    .iter()
                    .collect::<String>()
                    .into_bytes();
                for b in bytes.iter_mut() {
                    if rng.chance(30) {
                        *b ^= 1 << rng.below(8);
                    }
                }
                let junk: Vec<char> = String::from_utf8_lossy(&bytes).chars().collect();
                chars.splice(at.min(end)..end, junk);
            }
            7 if len > 1 => {
                let a = rng.below(len);
                let b = rng.below(len);
                chars.swap(a, b);
            }
            _ => {
                let digit = char::from(b'0' + rng.below(10) as u8);
                chars.insert(at, digit);
            }
        }
    }
    let mut out: String = chars.into_iter().collect();
    if out.len() > MAX_INPUT {
        let mut cut = MAX_INPUT;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
    }
    out
}

/// Extreme or odd JSON values for structure-aware mutation of facts.
fn odd_value(rng: &mut Rng) -> Value {
    match rng.below(12) {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(50)),
        2 => serde_json::json!(-1),
        3 => serde_json::json!(u64::MAX),
        4 => serde_json::json!(1e308),
        5 => serde_json::json!(-1e308),
        6 => serde_json::json!(0.000_001),
        7 => serde_json::json!(rng.below(50)),
        8 => Value::String(rng.pick(TOKENS).to_string()),
        9 => Value::String(rng.pick(EDGE_CHARS).to_string().repeat(1 + rng.below(3))),
        10 => serde_json::json!([]),
        _ => serde_json::json!({}),
    }
}

/// Mutate one random node of a JSON tree: replace a value, drop or duplicate an array item,
/// point an index elsewhere, or change a string.
pub fn mutate_json(rng: &mut Rng, value: &mut Value, depth: usize) {
    match value {
        Value::Array(items) if !items.is_empty() && depth < 6 && rng.chance(80) => {
            let i = rng.below(items.len());
            match rng.below(10) {
                0 => {
                    items.remove(i);
                }
                1 => {
                    let copy = items[i].clone();
                    items.insert(rng.below(items.len() + 1), copy);
                }
                2 => {
                    let j = rng.below(items.len());
                    items.swap(i, j);
                }
                _ => mutate_json(rng, &mut items[i], depth + 1),
            }
        }
        Value::Object(map) if !map.is_empty() && depth < 6 && rng.chance(85) => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let key = rng.pick(&keys).clone();
            if rng.chance(8) {
                map.remove(&key);
            } else if let Some(v) = map.get_mut(&key) {
                mutate_json(rng, v, depth + 1);
            }
        }
        Value::String(s) => {
            *s = mutate_text(rng, s, std::slice::from_ref(s));
        }
        Value::Number(_) if rng.chance(50) => {
            // Indices and sizes: nearby, far, or another kind of value.
            let n = value.as_f64().unwrap_or(0.0);
            *value = match rng.below(4) {
                0 => serde_json::json!(n + 1.0),
                1 => serde_json::json!((n - 1.0).max(0.0) as u64),
                2 => serde_json::json!(rng.below(64)),
                _ => odd_value(rng),
            };
        }
        _ => *value = odd_value(rng),
    }
}
