//! Bounded mutation fuzzing of the parsers that take untrusted input: the number grammar
//! (`parse_number`, `find_numbers`: `regex` patterns), the URL and host reader (`parse_url`,
//! `host_within`, `same_host`: the `url` crate), the record parser (`parse_record`) and the
//! page facts (`PageFacts::from_json`, then every check on what it accepts), the page read's
//! first read as the collector sends it (`TextRead::from_json`, then the measuring rounds and
//! every check on the facts they assemble); and each of the first four
//! on inputs of megabytes (a 10 MB record, a page of one 5 MB text node, a 5 MB URL), which
//! must finish in linear time.
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
//! snippet whose only tags are `div`, `a` and `br`; a parsed http(s) URL has a lower-case host
//! without a trailing dot, reads back to the same parts from its own parts, and covers itself.
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
use beian_check::core::checks::link::{miit_link_reason, LinkTarget};
use beian_check::core::facts::{PageFacts, Rect, Size};
use beian_check::core::number::{find_numbers, parse_number, AnyNumber};
use beian_check::core::page_read::replay::text_read_json_of;
use beian_check::core::page_read::wire::{MeasuredElement, MeasuredLink, MeasuredText};
use beian_check::core::page_read::{Inspection, Measured, TextRead, MAX_ROUNDS};
use beian_check::core::record::{parse_record, Record};
use beian_check::core::report::{CheckId, CheckOptions};
use beian_check::core::url::{host_within, parse_url, same_host};
use serde_json::Value;

#[path = "support/fuzz_mutate.rs"]
mod mutate;

use mutate::{mutate_json, mutate_text, Rng};

/// A single call slower than this (debug build) is a finding.
const SLOW_CALL: Duration = Duration::from_secs(3);
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

fn url_target(text: &str) -> Result<String, String> {
    let _ = host_within(text, "example.cn");
    let _ = host_within("www.example.cn", text);
    if same_host(text, "example.cn") != same_host("example.cn", text) {
        return Err("same_host is not symmetric".into());
    }
    let Some(url) = parse_url(text) else {
        return Ok("rejected".into());
    };
    let reason = miit_link_reason(&LinkTarget::Url(url.clone())).code();
    let host_kind = match url.host.as_bytes().first() {
        None => "none",
        Some(b'[') => "ipv6",
        Some(b) if b.is_ascii_digit() => "digits",
        Some(_) if url.host.contains("xn--") => "idn",
        Some(_) => "name",
    };
    let shape = format!("{} {host_kind} {reason}", url.scheme.len().min(6));
    if !matches!(url.scheme.as_str(), "http" | "https") || url.host.is_empty() {
        return Ok(shape);
    }
    if url.host.bytes().any(|b| b.is_ascii_uppercase()) || url.host.ends_with('.') {
        return Err(format!("host {:?} is not in its serialised form", url.host));
    }
    let mut again = format!("{}://{}{}", url.scheme, url.host, url.path);
    if !url.query.is_empty() {
        again.push('?');
        again.push_str(&url.query);
    }
    if !url.fragment.is_empty() {
        again.push('#');
        again.push_str(&url.fragment);
    }
    if parse_url(&again).as_ref() != Some(&url) {
        return Err(format!("{again:?} reads back as {:?}", parse_url(&again)));
    }
    if !host_within(&url.host, &url.host) || !same_host(&url.host, &url.host) {
        return Err(format!("host {:?} does not cover itself", url.host));
    }
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
    judge_facts(&facts)
}

/// The first read as the collector sends it (`TextRead::from_json`, issue #11), then every
/// measuring round the core asks for, answered as a plain page would (everything visible, each
/// piece on a line of its own), then every check on the facts so assembled. Oracles besides
/// the checks': every requested index exists in the read, and the rounds end.
fn first_read_target(text: &str) -> Result<String, String> {
    let read = match TextRead::from_json(text) {
        Ok(read) => read,
        Err(e) => return Ok(format!("rejected {e:?}")),
    };
    let (elements, pieces, links) = (read.elements.len(), read.pieces.len(), read.links.clone());
    let mut inspection = Inspection::new(read);
    let mut rounds = 0;
    while let Some(request) = inspection.request() {
        rounds += 1;
        if rounds > MAX_ROUNDS + 1 {
            return Err(format!("{rounds} measuring rounds"));
        }
        if request.elements.iter().any(|&e| e >= elements)
            || request.texts.iter().any(|&t| t >= pieces)
            || request.links.iter().any(|l| !links.contains_key(l))
        {
            return Err(format!("request out of range: {request:?}"));
        }
        let page = Size {
            width: 1200.0,
            height: 800.0,
        };
        inspection.add(Measured {
            viewport: request.page.then_some(page),
            document: request.page.then_some(page),
            elements: request
                .elements
                .iter()
                .map(|&index| MeasuredElement {
                    index,
                    ..Default::default()
                })
                .collect(),
            texts: request
                .texts
                .iter()
                .map(|&index| MeasuredText {
                    index,
                    rect: Rect {
                        x: 500.0,
                        y: 20.0 * index as f64,
                        width: 200.0,
                        height: 16.0,
                    },
                })
                .collect(),
            links: request
                .links
                .iter()
                .map(|&index| MeasuredLink {
                    index,
                    href: links[&index].clone().unwrap_or_default(),
                    raw_href: links[&index].clone(),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        });
    }
    judge_facts(&inspection.facts())
}

/// Every check on `facts`, under the oracles: each check once, in order, with the verdict its
/// reason carries; a snippet of `div`, `a` and `br` only; the report serialises.
fn judge_facts(facts: &PageFacts) -> Result<String, String> {
    let record = parse_record("主体备案号：京ICP备12345678号\n网站名称：示例\n网站域名：example.cn\n网站备案号：京ICP备12345678号-1");
    let mut shape = Vec::new();
    for strict in [false, true] {
        let report = check_page_with_record(
            facts,
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

/// The seeds of a target: its corpus files (number and URL seeds one per line), plus the fixtures'
/// records for the record parser.
fn seeds(target: &str) -> Vec<String> {
    let mut out = Vec::new();
    for file in read_dir_sorted(&root().join("fuzz/corpus").join(target)) {
        let text = String::from_utf8_lossy(&fs::read(&file).unwrap_or_default()).into_owned();
        if target == "number" || target == "url" {
            out.extend(text.lines().map(str::to_string));
        } else {
            out.push(text);
        }
    }
    if target == "first_read" {
        // The facts' seeds, as the collector would send their first read.
        for text in seeds("facts") {
            if let Ok(facts) = PageFacts::from_json(&text) {
                out.push(text_read_json_of(&facts));
            }
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
fn fuzz_url_reader() {
    fuzz("url", url_target, false);
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

#[test]
#[ignore = "bounded fuzz run: ./build.sh test runs it (cargo test --test fuzz -- --ignored)"]
fn fuzz_first_read() {
    fuzz("first_read", first_read_target, true);
}

/// Every input that ever failed, replayed through its target's oracles.
#[test]
fn regressions_still_pass() {
    let targets: [(&str, Target); 5] = [
        ("number", number_target),
        ("url", url_target),
        ("record", record_target),
        ("facts", facts_target),
        ("first_read", first_read_target),
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
    let targets: [(&str, Target); 5] = [
        ("number", number_target),
        ("url", url_target),
        ("record", record_target),
        ("facts", facts_target),
        ("first_read", first_read_target),
    ];
    for (name, target) in targets {
        for input in seeds(name) {
            if let Err(why) = run_one(target, &input) {
                panic!("seed of {name}: {why}\n{input}");
            }
        }
    }
}

/// Megabyte inputs through every target: each call finishes within a linear budget (a debug
/// build reads a few MB a second; quadratic work on megabytes would take hours, so the
/// generous cap does not flake on a busy machine and still catches it). A 10 MB record, a page of one 5 MB text node (the number
/// grammar and the checks), a 5 MB URL.
#[test]
#[ignore = "bounded fuzz run: ./build.sh test runs it (cargo test --test fuzz -- --ignored)"]
fn megabyte_inputs_take_linear_time() {
    const MB: usize = 1 << 20;
    let grow = |unit: &str, size: usize| unit.repeat(size / unit.len().max(1) + 1);
    let record_unit: String = seeds("record")
        .into_iter()
        .filter(|seed| !seed.trim_start().starts_with(['{', '[']))
        .collect();
    let text_unit = "京ICP备12345678号-1 粤B2-20090059-2A 京公网安备11010802020287号 \
        萌ICP备xxxxxxxx号 北京 ICP 备 1234５６７８ 号－12024 \u{200B}\u{00A0}ｉｃｐ備 ";
    let url_unit = "%E4%B8%AD/a\\b\t.";
    let facts_with_text = |text: &str| {
        let mut facts: Value = serde_json::from_str(&seeds("facts")[0]).unwrap_or_default();
        if let Some(first) = facts
            .get_mut("texts")
            .and_then(Value::as_array_mut)
            .and_then(|texts| texts.first_mut())
        {
            first["text"] = Value::String(text.to_string());
        }
        facts.to_string()
    };
    let n = MB; // 10 MB for the record, 5 MB for a text node or a URL
    let cases: [(&str, Target, String); 8] = [
        ("record", record_target, grow(&record_unit, 10 * n)),
        ("number", number_target, grow(text_unit, 5 * n)),
        ("number", number_target, " ".repeat(5 * n) + "京"),
        ("number", number_target, "京".repeat(5 * n / 3) + "ICP备1"),
        (
            "facts",
            facts_target,
            facts_with_text(&grow(text_unit, 5 * n)),
        ),
        (
            "url",
            url_target,
            format!("http://中文.cn/{}", grow(url_unit, 5 * n)),
        ),
        (
            "url",
            url_target,
            format!("http://{}.cn/", "a.".repeat(5 * n / 2)),
        ),
        (
            "url",
            url_target,
            format!("http://[{}", "1:".repeat(5 * n / 2)),
        ),
    ];
    for (name, target, input) in &cases {
        let started = Instant::now();
        if let Err(why) = target(input) {
            panic!("{name} on {} bytes: {why}", input.len());
        }
        let took = started.elapsed();
        eprintln!("{name}: {} bytes in {took:?}", input.len());
        assert!(took < Duration::from_secs(180), "{name}: {took:?}");
    }
}
