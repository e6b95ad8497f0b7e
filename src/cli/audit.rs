//! `beian-check audit SITES`: checks many sites with one browser, `-j N` tabs at a time. A site
//! that cannot be checked is an error line and the audit goes on. With `--out DIR` each report
//! is written as it finishes (`DIR/<n>.json`) and appended to `DIR/index.jsonl`, so a stopped
//! run loses nothing and `--resume` skips the sites that have a report (those that could not be
//! checked are tried again). `--shard K/N` takes every Nth site.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use beian_check::core::report::{Report, Verdict};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{json, Value};

use super::browser::Browser;
use super::output::{self, Format};
use super::{check_url, Options, EXIT_ERROR};

/// One line of the sites file.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    /// Position in the file (0-based), the id in `--out`.
    pub index: usize,
    /// The page to check.
    pub url: String,
    /// The record text (read from the file the entry names, when it names one).
    pub record: String,
}

/// Split one CSV line into fields (RFC 4180 quoting, one line per record).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            (c, _) => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

/// The record of an entry: the text of the file it names (relative to the sites file), or the
/// entry itself as record text (`\n` escapes allowed in CSV).
fn record_of(value: &str, base: &Path) -> String {
    let path = base.join(value);
    if !value.contains('\n') && value.len() < 4096 && path.is_file() {
        if let Ok(text) = std::fs::read_to_string(&path) {
            return text;
        }
    }
    value.replace("\\n", "\n")
}

/// Parse a sites file: JSON Lines (`{"url": ..., "record": ...}`) or CSV with a header holding
/// `url` and `record` columns.
pub fn parse_sites(text: &str, base: &Path) -> Result<Vec<Site>, String> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut sites = Vec::new();
    if lines
        .first()
        .is_some_and(|l| l.trim_start().starts_with('{'))
    {
        for (n, line) in lines.iter().enumerate() {
            let v: Value =
                serde_json::from_str(line).map_err(|e| format!("line {}: {e}", n + 1))?;
            let (Some(url), Some(record)) = (v["url"].as_str(), v["record"].as_str()) else {
                return Err(format!("line {}: needs \"url\" and \"record\"", n + 1));
            };
            sites.push(Site {
                index: n,
                url: url.to_string(),
                record: record_of(record, base),
            });
        }
        return Ok(sites);
    }
    let header = csv_fields(lines.first().ok_or("the sites file is empty")?);
    let col = |name: &str| header.iter().position(|h| h.trim() == name);
    let (Some(u), Some(r)) = (col("url"), col("record")) else {
        return Err("the CSV header needs url and record columns".into());
    };
    for (n, line) in lines.iter().skip(1).enumerate() {
        let f = csv_fields(line);
        let (Some(url), Some(record)) = (f.get(u), f.get(r)) else {
            return Err(format!("line {}: needs url and record", n + 2));
        };
        sites.push(Site {
            index: n,
            url: url.trim().to_string(),
            record: record_of(record, base),
        });
    }
    Ok(sites)
}

/// The entries of `DIR/index.jsonl`, the latest per URL, in the order URLs first appear: a
/// site checked again (by `--resume`, after an error) keeps its place with its new outcome.
fn index_entries(out: &Path) -> Vec<Value> {
    let mut entries: Vec<Value> = Vec::new();
    let text = std::fs::read_to_string(out.join("index.jsonl")).unwrap_or_default();
    for entry in text
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
    {
        match entries.iter_mut().find(|e| e["url"] == entry["url"]) {
            Some(earlier) => *earlier = entry,
            None => entries.push(entry),
        }
    }
    entries
}

/// The URLs `--resume` skips: those with a report (a site that could not be checked is tried
/// again).
fn finished(out: &Path) -> Vec<String> {
    index_entries(out)
        .iter()
        .filter(|e| e["overall"] != "error")
        .filter_map(|e| e["url"].as_str().map(str::to_string))
        .collect()
}

/// The exit status of an outcome by its `overall` word (`error`: could not check).
fn status_of(overall: &str, fail_on_warn: bool) -> i32 {
    match overall {
        "fail" => 2,
        "warn" if fail_on_warn => 1,
        "error" => EXIT_ERROR,
        _ => 0,
    }
}

fn verdict_of(outcome: &Result<Report, String>) -> &'static str {
    match outcome {
        Ok(r) => match r.overall {
            Verdict::Pass => "pass",
            Verdict::Warn => "warn",
            Verdict::Fail => "fail",
            Verdict::Skip => "skip",
        },
        Err(_) => "error",
    }
}

/// Run the audit; returns the exit status of the worst site.
pub fn run(o: &Options) -> Result<i32, String> {
    let [file] = o.args.as_slice() else {
        return Err("audit needs one sites file".into());
    };
    let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let base = Path::new(file).parent().unwrap_or(Path::new("."));
    let mut sites = parse_sites(&text, base)?;
    sites.retain(|s| s.index % o.shard.1 == o.shard.0);
    if let Some(out) = &o.out {
        std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
        if o.resume {
            let done = finished(out);
            sites.retain(|s| !done.contains(&s.url));
        }
    }
    let browser = Browser::launch(&o.browser, &o.resolver_rules.join(","))?;
    let bar = ProgressBar::new(sites.len() as u64);
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} {elapsed} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(Site, &'static str)>> = Mutex::new(Vec::new());
    let worst = Mutex::new(0);
    let suites = Mutex::new(String::new());
    let colour = output::use_colour();
    if o.format == Format::Csv {
        println!("{}", output::CSV_HEADER);
    }
    std::thread::scope(|scope| {
        for _ in 0..o.jobs.min(sites.len()).max(1) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(site) = sites.get(i) else { break };
                let outcome = check_url(&browser, &site.url, &site.record, None, o);
                if super::browser::stopping() {
                    break; // the browser was stopped under this check: not the site's outcome
                }
                let verdict = verdict_of(&outcome);
                let status = status_of(verdict, o.fail_on_warn);
                let line = match &outcome {
                    Ok(r) => json!({"url": site.url, "overall": verdict, "report": r}),
                    Err(e) => json!({"url": site.url, "overall": "error", "error": e}),
                };
                let _guard = results.lock().unwrap();
                if let Some(out) = &o.out {
                    let _ = write_result(out, site, &line);
                }
                let shown = match o.format {
                    Format::Json => Some(line.to_string()),
                    Format::Text => Some(match &outcome {
                        Ok(r) => format!(
                            "{}  {}",
                            paint_word(verdict, colour),
                            o.messages
                                .get(&format!("overall_{verdict}"))
                                .replace('\n', " ")
                                + "  "
                                + &r.page.url
                        ),
                        Err(e) => format!("{}  {}  {e}", paint_word("error", colour), site.url),
                    }),
                    Format::Csv => Some(
                        output::csv_rows(
                            &site.url,
                            outcome.as_ref().map_err(String::as_str),
                            &o.messages,
                        )
                        .trim_end()
                        .to_string(),
                    ),
                    Format::Junit => {
                        suites.lock().unwrap().push_str(&output::junit_suite(
                            &site.url,
                            outcome.as_ref().map_err(String::as_str),
                            &o.messages,
                            o.fail_on_warn,
                        ));
                        None
                    }
                };
                if let Some(shown) = shown {
                    bar.suspend(|| println!("{shown}"));
                }
                drop(_guard);
                results.lock().unwrap().push((site.clone(), verdict));
                let mut w = worst.lock().unwrap();
                *w = (*w).max(status);
                bar.inc(1);
            });
        }
    });
    bar.finish_and_clear();
    drop(browser);
    let results = results.into_inner().unwrap();
    if o.format == Format::Junit {
        print!("{}", output::junit_document(&suites.into_inner().unwrap()));
    }
    let mut worst = worst.into_inner().unwrap();
    if let Some(out) = &o.out {
        // The whole audit's status, earlier runs resumed from included.
        let entries = index_entries(out);
        write_index(out, &entries)?;
        for entry in &entries {
            let overall = entry["overall"].as_str().unwrap_or("error");
            worst = worst.max(status_of(overall, o.fail_on_warn));
        }
    }
    eprint!("{}", summary(&results, o));
    Ok(worst)
}

fn paint_word(verdict: &str, colour: bool) -> String {
    let word = format!("{verdict:<5}");
    if !colour {
        return word;
    }
    let code = match verdict {
        "pass" => "32",
        "warn" => "33",
        "skip" => "2",
        _ => "31",
    };
    format!("\x1b[{code}m{word}\x1b[0m")
}

/// Write `DIR/<n>.json` and append to `DIR/index.jsonl`.
fn write_result(out: &Path, site: &Site, line: &Value) -> std::io::Result<()> {
    let name = format!("{:05}.json", site.index + 1);
    let path: PathBuf = out.join(&name);
    std::fs::write(&path, serde_json::to_vec_pretty(line).unwrap_or_default())?;
    let mut index = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(out.join("index.jsonl"))?;
    let entry = json!({"url": site.url, "overall": line["overall"], "file": name});
    writeln!(index, "{entry}")
}

/// Write `DIR/index.json`: every site of `index.jsonl`, this run's and earlier ones.
fn write_index(out: &Path, entries: &[Value]) -> Result<(), String> {
    std::fs::write(
        out.join("index.json"),
        serde_json::to_vec_pretty(entries).unwrap_or_default(),
    )
    .map_err(|e| format!("{}: {e}", out.display()))
}

/// The summary table: how many sites per verdict.
fn summary(results: &[(Site, &'static str)], o: &Options) -> String {
    let mut out = String::from("\n");
    for verdict in ["pass", "warn", "fail", "skip", "error"] {
        let n = results.iter().filter(|(_, v)| *v == verdict).count();
        let label = if verdict == "error" {
            "error".to_string()
        } else {
            o.messages.get(&format!("verdict_{verdict}"))
        };
        out.push_str(&format!("  {label:<12} {n:>6}\n"));
    }
    out.push_str(&format!("  {:<12} {:>6}\n", "total", results.len()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_and_json_lines_give_the_same_sites() {
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let csv = "url,record\nhttp://a.cn/,\"网站备案号：京ICP备11018762号-1\"\nhttp://b.cn/,correct-footer/record.txt\n";
        let jsonl = "{\"url\":\"http://a.cn/\",\"record\":\"网站备案号：京ICP备11018762号-1\"}\n{\"url\":\"http://b.cn/\",\"record\":\"correct-footer/record.txt\"}\n";
        let a = parse_sites(csv, &base).unwrap();
        assert_eq!(a, parse_sites(jsonl, &base).unwrap());
        assert_eq!(a.len(), 2);
        assert!(a[1].record.contains("ICP备"));
        assert!(parse_sites("u,r\nx,y\n", &base).is_err());
    }
}
