//! Bounded mutation fuzzing of the three parsers that take untrusted input: the number grammar
//! (`parse_number`, `find_numbers`), the record parser (`parse_record`) and the page facts
//! (`PageFacts::from_json`, then every check on what it accepts).
//!
//! Why this and not cargo-fuzz: libFuzzer needs a nightly toolchain (or `RUSTC_BOOTSTRAP=1`),
//! `cargo install cargo-fuzz` and a C++ build on every fresh CI machine, and its runs are not
//! reproducible from one machine to the next. This fuzzer is plain Rust on stable, seeded and
//! counted, so `./build.sh test` runs the same inputs everywhere in a known time, and a
//! failure found once is found again. It is not coverage-guided; instead it keeps any mutant
//! that gives a report shape not seen before (a new reason, format or diagnostic) as a parent
//! for further mutation, and its mutations know the material of each input (province
//! characters, labels, spaces and format characters, JSON structure, extreme numbers).
//!
//! Oracles, besides "never panics": every call finishes quickly (a slow one is kept as a
//! finding, since the core must stay linear); number matches are ordered, inside the text and
//! on character boundaries, and a real number's canonical form parses back to itself; record
//! diagnostics point at real lines and the record survives a JSON round trip; the report of any
//! accepted facts has every check once, in order, with the verdict its reason carries, and a
//! snippet whose only tags are `div`, `a` and `br`.
//!
//! Layout: seeds in `fuzz/corpus/<target>/` (plus the fixtures' `record.txt`); any input that
//! ever failed is kept in `fuzz/regressions/<target>/` and replayed by `regressions_still_pass`
//! in every `cargo test`. The fuzz runs themselves are `#[ignore]`d so a plain `cargo test`
//! stays quick; `./build.sh test` runs them (`cargo test --test fuzz -- --ignored`, 20,000
//! inputs per target). Knobs: `FUZZ_ITERATIONS` (inputs per target, default 4000), `FUZZ_SEED`,
//! `FUZZ_SECONDS` (a time cap per target, default 60; reaching it stops early and says so). A
//! failing input is written to `fuzz/regressions/<target>/` before the test fails: commit it
//! with the fix.

use std::collections::HashSet;
use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use beian_check::core::checks::check_page_with_record;
use beian_check::core::facts::PageFacts;
use beian_check::core::number::{find_numbers, parse_number, AnyNumber};
use beian_check::core::record::{parse_record, Record};
use beian_check::core::report::{CheckId, CheckOptions};
use serde_json::Value;

/// A single call slower than this (debug build) is a finding.
const SLOW_CALL: Duration = Duration::from_secs(3);
/// Mutants longer than this (in bytes) are cut: size is not what these runs look for.
const MAX_INPUT: usize = 64 * 1024;
/// At most this many parents kept per target.
const MAX_POOL: usize = 2000;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// xorshift64*: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, percent: u64) -> bool {
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
fn mutate_text(rng: &mut Rng, input: &str, pool: &[String]) -> String {
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
fn mutate_json(rng: &mut Rng, value: &mut Value, depth: usize) {
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

/// What a target does with one input: check the oracles, and say what shape the outcome had
/// (new shapes are kept as parents).
type Target = fn(&str) -> Result<String, String>;

fn number_target(text: &str) -> Result<String, String> {
    let mut shape = String::new();
    if let Some(n) = parse_number(text) {
        shape.push_str(if matches!(n, AnyNumber::Filing(_)) {
            "whole filing;"
        } else {
            "whole;"
        });
        if let AnyNumber::Filing(f) = &n {
            let again = parse_number(&f.canonical());
            if again.as_ref() != Some(&n) {
                return Err(format!(
                    "canonical {:?} parses as {again:?}, not {n:?}",
                    f.canonical()
                ));
            }
        }
    }
    let mut kinds = std::collections::BTreeSet::new();
    let mut last_end = 0;
    for m in find_numbers(text) {
        if !(m.start >= last_end && m.start < m.end && m.end <= text.len()) {
            return Err(format!(
                "match {}..{} after {last_end} in {} bytes",
                m.start,
                m.end,
                text.len()
            ));
        }
        if !(text.is_char_boundary(m.start) && text.is_char_boundary(m.end)) {
            return Err(format!("match {}..{} splits a character", m.start, m.end));
        }
        last_end = m.end;
        kinds.insert(match &m.number {
            AnyNumber::Filing(f) => format!("F{:?}{:?}{}", f.style, f.kind(), f.known_province()),
            AnyNumber::NotReal { why } => format!("N{why:?}"),
            AnyNumber::Licence(l) => format!("L{}", l.suffix.is_some()),
            AnyNumber::Mps(_) => "M".to_string(),
        });
    }
    shape.extend(kinds);
    Ok(shape)
}

fn record_target(text: &str) -> Result<String, String> {
    let record = parse_record(text);
    let lines = text.split('\n').count() + text.matches('\r').count();
    for d in &record.diagnostics {
        if d.line < 1 || d.line > lines {
            return Err(format!("diagnostic on line {} of {lines}", d.line));
        }
        if d.text.chars().count() > 200 {
            return Err("a diagnostic keeps more than 200 characters".into());
        }
    }
    let json = serde_json::to_string(&record).map_err(|e| e.to_string())?;
    let back: Record = serde_json::from_str(&json).map_err(|e| e.to_string())?;
    if back != record {
        return Err("the record changes through JSON".into());
    }
    let _ = record.site_for_host("www.example.cn");
    let issues: HashSet<String> = record
        .diagnostics
        .iter()
        .map(|d| format!("{:?}", d.issue))
        .collect();
    let mut issues: Vec<String> = issues.into_iter().collect();
    issues.sort();
    Ok(format!(
        "{:?} sites={} entity={} {:?}",
        record.format,
        record.sites.len().min(3),
        record.entity.is_some(),
        issues
    ))
}

fn facts_target(text: &str) -> Result<String, String> {
    let Ok(facts) = PageFacts::from_json(text) else {
        return Ok("rejected".into());
    };
    let record = parse_record("主体备案号：京ICP备12345678号\n网站名称：示例\n网站域名：example.cn\n网站备案号：京ICP备12345678号-1");
    let mut shape = Vec::new();
    for strict in [false, true] {
        let report = check_page_with_record(
            &facts,
            record.clone(),
            CheckOptions {
                strict_site_number: strict,
            },
        );
        if report.checks.len() != CheckId::ALL.len() {
            return Err(format!("{} checks", report.checks.len()));
        }
        for (check, id) in report.checks.iter().zip(CheckId::ALL) {
            if check.id != id || check.verdict != check.reason.verdict() {
                return Err(format!("check {:?}: {:?}", id, check));
            }
            shape.push(check.reason.code());
        }
        if let Some(snippet) = &report.snippet {
            for tag in snippet.html.split('<').skip(1) {
                let name: String = tag
                    .trim_start_matches('/')
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect();
                if !["div", "a", "br"].contains(&name.as_str()) {
                    return Err(format!("snippet tag {name:?}: {}", snippet.html));
                }
            }
        }
        serde_json::to_string(&report).map_err(|e| e.to_string())?;
    }
    Ok(shape.join(","))
}

fn read_dir_sorted(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| {
        p.is_file()
            && !p
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
    });
    files.sort();
    files
}

/// The seeds of a target: its corpus files (number seeds one per line), plus the fixtures'
/// records for the record parser.
fn seeds(target: &str) -> Vec<String> {
    let mut out = Vec::new();
    for file in read_dir_sorted(&root().join("fuzz/corpus").join(target)) {
        let text = String::from_utf8_lossy(&fs::read(&file).unwrap_or_default()).into_owned();
        if target == "number" {
            out.extend(text.lines().map(str::to_string));
        } else {
            out.push(text);
        }
    }
    if target == "record" {
        let mut dirs: Vec<PathBuf> = fs::read_dir(root().join("tests/fixtures"))
            .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        dirs.sort();
        for dir in dirs {
            if let Ok(text) = fs::read_to_string(dir.join("record.txt")) {
                out.push(text);
            }
        }
    }
    assert!(!out.is_empty(), "no seeds for {target}");
    out
}

/// Run `target` on `input` under the oracles: a panic, a broken invariant or a slow call is
/// an `Err` saying which.
fn run_one(target: Target, input: &str) -> Result<String, String> {
    let started = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(|| target(input)));
    let elapsed = started.elapsed();
    let outcome = match outcome {
        Ok(result) => result,
        Err(panic) => Err(format!(
            "panicked: {}",
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default()
        )),
    };
    if outcome.is_ok() && elapsed > SLOW_CALL {
        return Err(format!("took {elapsed:?} on {} bytes", input.len()));
    }
    outcome
}

/// Keep a failing input as a regression case and fail with where it is.
fn keep_and_fail(name: &str, input: &str, why: &str) -> ! {
    let hash = input.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let dir = root().join("fuzz/regressions").join(name);
    let _ = fs::create_dir_all(&dir);
    let path = dir.join(format!("{hash:016x}"));
    let _ = fs::write(&path, input);
    panic!(
        "fuzz {name}: {why}\ninput kept as {} (commit it with the fix)",
        path.display()
    );
}

fn fuzz(name: &str, target: Target, structured_json: bool) {
    let iterations = env_number("FUZZ_ITERATIONS", 4000);
    let seed = env_number("FUZZ_SEED", 0x5eed_beef_1234_5678) ^ name.len() as u64;
    let budget = Duration::from_secs(env_number("FUZZ_SECONDS", 60));
    let mut rng = Rng(seed | 1);
    let mut pool = seeds(name);
    let mut shapes = HashSet::new();
    for input in pool.clone() {
        match run_one(target, &input) {
            Ok(shape) => {
                shapes.insert(shape);
            }
            Err(why) => keep_and_fail(name, &input, &why),
        }
    }
    let parsed: Vec<Value> = if structured_json {
        pool.iter()
            .filter_map(|s| serde_json::from_str(s).ok())
            .collect()
    } else {
        Vec::new()
    };
    let started = Instant::now();
    let mut done = 0;
    while done < iterations {
        if started.elapsed() > budget {
            eprintln!("fuzz {name}: stopped by FUZZ_SECONDS after {done} of {iterations} inputs");
            break;
        }
        let input = if !parsed.is_empty() && rng.chance(70) {
            let mut value = rng.pick(&parsed).clone();
            for _ in 0..1 + rng.below(8) {
                mutate_json(&mut rng, &mut value, 0);
            }
            serde_json::to_string(&value).unwrap_or_default()
        } else {
            let parent = rng.pick(&pool).clone();
            mutate_text(&mut rng, &parent, &pool)
        };
        match run_one(target, &input) {
            Ok(shape) => {
                if shapes.insert(shape) && pool.len() < MAX_POOL {
                    pool.push(input);
                }
            }
            Err(why) => keep_and_fail(name, &input, &why),
        }
        done += 1;
    }
    eprintln!(
        "fuzz {name}: {done} inputs in {:.1?}, {} outcome shapes, {} parents",
        started.elapsed(),
        shapes.len(),
        pool.len()
    );
}

#[test]
#[ignore = "bounded fuzz run: ./build.sh test runs it (cargo test --test fuzz -- --ignored)"]
fn fuzz_number_grammar() {
    fuzz("number", number_target, false);
}

#[test]
#[ignore = "bounded fuzz run: ./build.sh test runs it (cargo test --test fuzz -- --ignored)"]
fn fuzz_record_parser() {
    fuzz("record", record_target, false);
}

#[test]
#[ignore = "bounded fuzz run: ./build.sh test runs it (cargo test --test fuzz -- --ignored)"]
fn fuzz_page_facts() {
    fuzz("facts", facts_target, true);
}

/// Every input that ever failed, replayed through its target's oracles.
#[test]
fn regressions_still_pass() {
    let targets: [(&str, Target); 3] = [
        ("number", number_target),
        ("record", record_target),
        ("facts", facts_target),
    ];
    for (name, target) in targets {
        for file in read_dir_sorted(&root().join("fuzz/regressions").join(name)) {
            let bytes = fs::read(&file).unwrap_or_default();
            let input = String::from_utf8_lossy(&bytes);
            if let Err(why) = run_one(target, &input) {
                panic!("{}: {why}", file.display());
            }
        }
    }
}

/// The seeds themselves pass (a quick smoke run of every target in plain `cargo test`).
#[test]
fn seeds_pass() {
    let targets: [(&str, Target); 3] = [
        ("number", number_target),
        ("record", record_target),
        ("facts", facts_target),
    ];
    for (name, target) in targets {
        for input in seeds(name) {
            if let Err(why) = run_one(target, &input) {
                panic!("seed of {name}: {why}\n{input}");
            }
        }
    }
}
