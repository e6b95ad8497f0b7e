//! `beian-check`, the native command-line checker (issue #14): opens a page in headless
//! Chromium, reads it with the extension's own collector (`page_read`), checks it with the core
//! and prints the report. Argument parsing and the `check` and `footer` commands live here;
//! `audit` in `audit.rs`. Exit status: 0 pass, 1 warn with `--fail-on warn`, 2 fail,
//! 3 could not check (or bad usage).

mod audit;
mod browser;
mod output;
mod page_read;
mod serve;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use beian_check::core::checks::check_page_with_record;
use beian_check::core::record::parse_record;
use beian_check::core::report::{CheckOptions, Report, Verdict};
use beian_check::core::snippet::{footer_snippet, SnippetNumber, SnippetOptions};

use browser::{Browser, DEFAULT_BROWSER};
use output::{Format, Messages};

const USAGE: &str = "\
usage:
  beian-check check URL --record FILE|- [options]
  beian-check check FILE.html|FOLDER --as URL --record FILE|- [options]
                                 (the file, or the folder's index.html, shown at URL)
  beian-check audit SITES.csv|SITES.jsonl [-j N] [--out DIR] [--resume] [--shard K/N] [options]
  beian-check footer [URL] --record FILE|- [--entity] [--no-mps] [--format text|json]
options:
  --format text|json|junit|csv   output (audit: json gives JSON Lines)      [text]
  --lang zh|en                   language of text output            [from LANG]
  --fail-on warn                 exit 1 when the worst verdict is warn
  --strict                       require the site number (not the entity number)
  --resolve HOST:PORT:ADDR       open HOST on PORT at ADDR (as curl); repeatable
  --connect-to HOST:PORT:ADDR:PORT2  open HOST:PORT at ADDR:PORT2 (as curl); repeatable
  --browser PATH                 the browser                 [/usr/bin/chromium]
  --timeout SECONDS              page load timeout                           [30]
exit status: 0 pass, 1 warn (with --fail-on warn), 2 fail, 3 could not check";

/// Exit status when the page could not be checked (or the command line is wrong).
pub const EXIT_ERROR: i32 = 3;

/// Options shared by every command.
pub struct Options {
    /// Positional arguments.
    pub args: Vec<String>,
    /// `--record`.
    pub record: Option<String>,
    /// `--as`.
    pub serve_as: Option<String>,
    /// `--format`.
    pub format: Format,
    /// Messages in the chosen language.
    pub messages: Messages,
    /// `--fail-on warn`.
    pub fail_on_warn: bool,
    /// `--strict`.
    pub strict: bool,
    /// `--host-resolver-rules` built from `--resolve` and `--connect-to`.
    pub resolver_rules: Vec<String>,
    /// `--browser`.
    pub browser: String,
    /// `--timeout`.
    pub timeout: Duration,
    /// `-j`.
    pub jobs: usize,
    /// `--out`.
    pub out: Option<PathBuf>,
    /// `--resume`.
    pub resume: bool,
    /// `--shard K/N` as (K-1, N).
    pub shard: (usize, usize),
    /// `--entity`.
    pub entity: bool,
    /// Whether the footer shows the 公安 number (when the record has one): yes, as the popup's
    /// default, unless `--no-mps`.
    pub mps: bool,
}

fn parse_options(argv: Vec<String>) -> Result<Options, String> {
    let mut o = Options {
        args: Vec::new(),
        record: None,
        serve_as: None,
        format: Format::Text,
        messages: Messages::load(output::default_lang()),
        fail_on_warn: false,
        strict: false,
        resolver_rules: Vec::new(),
        browser: DEFAULT_BROWSER.to_string(),
        timeout: Duration::from_secs(30),
        jobs: 1,
        out: None,
        resume: false,
        shard: (0, 1),
        entity: false,
        mps: true,
    };
    let mut it = argv.into_iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--record" => o.record = Some(value("--record")?),
            "--as" => o.serve_as = Some(value("--as")?),
            "--format" => {
                o.format = match value("--format")?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    "junit" => Format::Junit,
                    "csv" => Format::Csv,
                    other => return Err(format!("unknown format {other}")),
                }
            }
            "--lang" => {
                let lang = value("--lang")?;
                if !matches!(lang.as_str(), "zh" | "en") {
                    return Err(format!("--lang: zh or en, not {lang}"));
                }
                o.messages = Messages::load(&lang);
            }
            "--fail-on" => {
                let level = value("--fail-on")?;
                o.fail_on_warn = match level.as_str() {
                    "warn" => true,
                    "fail" => false,
                    _ => return Err(format!("--fail-on: warn or fail, not {level}")),
                }
            }
            "--strict" => o.strict = true,
            "--resolve" => {
                let spec = value("--resolve")?;
                o.resolver_rules.push(resolve_rule(&spec)?);
            }
            "--connect-to" => {
                let spec = value("--connect-to")?;
                o.resolver_rules.push(connect_to_rule(&spec)?);
            }
            "--browser" => o.browser = value("--browser")?,
            "--timeout" => {
                let s = value("--timeout")?;
                let secs: u64 = s.parse().map_err(|_| format!("--timeout: {s}"))?;
                o.timeout = Duration::from_secs(secs.max(1));
            }
            "-j" | "--jobs" => {
                let s = value("-j")?;
                o.jobs = s
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or(format!("-j: {s}"))?;
            }
            "--out" => o.out = Some(PathBuf::from(value("--out")?)),
            "--resume" => o.resume = true,
            "--shard" => {
                let s = value("--shard")?;
                let (k, n) = s.split_once('/').ok_or(format!("--shard K/N, not {s}"))?;
                let (k, n): (usize, usize) = (
                    k.parse().map_err(|_| format!("--shard {s}"))?,
                    n.parse().map_err(|_| format!("--shard {s}"))?,
                );
                if k == 0 || k > n {
                    return Err(format!("--shard K/N needs 1 <= K <= N, not {s}"));
                }
                o.shard = (k - 1, n);
            }
            "--entity" => o.entity = true,
            "--mps" => o.mps = true,
            "--no-mps" => o.mps = false,
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with('-') && s != "-" => return Err(format!("unknown option {s}")),
            _ => o.args.push(arg),
        }
    }
    Ok(o)
}

/// An address as a `--host-resolver-rules` replacement host: IPv6 in brackets.
fn rule_host(addr: &str) -> String {
    let addr = addr.trim_start_matches('[').trim_end_matches(']');
    if addr.contains(':') {
        format!("[{addr}]")
    } else {
        addr.to_string()
    }
}

/// Split `spec` at colons outside brackets (`[::1]` stays whole).
fn split_spec(spec: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut depth) = (0, 0);
    for (i, c) in spec.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            ':' if depth == 0 => {
                parts.push(&spec[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&spec[start..]);
    parts
}

/// curl's `--resolve HOST:PORT:ADDR` as a Chromium host rule: HOST on PORT connects to ADDR on
/// the same port; other ports of HOST resolve as usual.
fn resolve_rule(spec: &str) -> Result<String, String> {
    match split_spec(spec).as_slice() {
        [host, port, addr]
            if !host.is_empty() && port.parse::<u16>().is_ok() && !addr.is_empty() =>
        {
            Ok(format!("MAP {host}:{port} {}:{port}", rule_host(addr)))
        }
        _ => Err(format!("--resolve HOST:PORT:ADDR, not {spec}")),
    }
}

/// curl's `--connect-to HOST:PORT:ADDR:PORT2` as a Chromium host rule: HOST on PORT connects to
/// ADDR on PORT2. An empty HOST or PORT matches any; an empty ADDR or PORT2 keeps the original.
fn connect_to_rule(spec: &str) -> Result<String, String> {
    let error = || format!("--connect-to HOST:PORT:ADDR:PORT2, not {spec}");
    let [host, port, addr, port2] = split_spec(spec)[..] else {
        return Err(error());
    };
    let port_ok = |p: &str| p.is_empty() || p.parse::<u16>().is_ok();
    if !port_ok(port) || !port_ok(port2) || (addr.is_empty() && host.is_empty()) {
        return Err(error());
    }
    let pattern = match (host, port) {
        ("", "") => "*".to_string(),
        ("", port) => format!("*:{port}"),
        (host, "") => host.to_string(),
        (host, port) => format!("{host}:{port}"),
    };
    let target = rule_host(if addr.is_empty() { host } else { addr });
    let target_port = if port2.is_empty() { port } else { port2 };
    Ok(match target_port {
        "" => format!("MAP {pattern} {target}"),
        p => format!("MAP {pattern} {target}:{p}"),
    })
}

/// The host of an http(s) URL, without port.
fn host_of(url: &str) -> Option<String> {
    let parts = beian_check::core::url::parse_url(url)?;
    (matches!(parts.scheme.as_str(), "http" | "https") && !parts.host.is_empty())
        .then_some(parts.host)
}

/// Read a record: `-` is stdin, otherwise a file.
fn read_record(source: &str) -> Result<String, String> {
    if source == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("stdin: {e}"))?;
        return Ok(text);
    }
    std::fs::read_to_string(source).map_err(|e| format!("{source}: {e}"))
}

/// Open `url` in a fresh tab of `browser` (its origin answered from `site` when given), read it
/// and check it against `record`.
pub fn check_url(
    browser: &Browser,
    url: &str,
    record: &str,
    site: Option<&Arc<serve::StaticSite>>,
    o: &Options,
) -> Result<Report, String> {
    let mut tab = browser.new_tab()?;
    page_read::prepare(&tab)?;
    if let Some(site) = site {
        tab.answer_requests(&site.pattern(), site.responder())?;
    }
    tab.navigate(url, o.timeout)?;
    let facts = page_read::read_page(&tab).map_err(|e| match e {
        page_read::ReadError::NotHtml(kind) => format!("not HTML: {kind}"),
        page_read::ReadError::Failed(why) => format!("could not read the page: {why}"),
    })?;
    Ok(check_page_with_record(
        &facts,
        parse_record(record),
        CheckOptions {
            strict_site_number: o.strict,
        },
    ))
}

/// The exit status for a verdict.
pub fn exit_status(overall: Verdict, fail_on_warn: bool) -> i32 {
    match overall {
        Verdict::Fail => 2,
        Verdict::Warn if fail_on_warn => 1,
        _ => 0,
    }
}

/// Print one site's outcome in the chosen format (single-site commands).
fn print_outcome(url: &str, outcome: Result<&Report, &str>, o: &Options) {
    match o.format {
        Format::Json => match outcome {
            Ok(report) => println!("{}", serde_json::to_string(report).unwrap_or_default()),
            Err(e) => println!("{}", serde_json::json!({"url": url, "error": e})),
        },
        Format::Text => match outcome {
            Ok(report) => print!(
                "{}",
                output::text(report, &o.messages, output::use_colour())
            ),
            Err(e) => eprintln!("beian-check: {url}: {e}"),
        },
        Format::Junit => print!(
            "{}",
            output::junit_document(&output::junit_suite(
                url,
                outcome,
                &o.messages,
                o.fail_on_warn
            ))
        ),
        Format::Csv => print!(
            "{}\n{}",
            output::CSV_HEADER,
            output::csv_rows(url, outcome, &o.messages)
        ),
    }
}

fn cmd_check(o: &Options) -> Result<i32, String> {
    let [target] = o.args.as_slice() else {
        return Err("check needs one URL or HTML file".into());
    };
    let record = read_record(o.record.as_deref().ok_or("check needs --record FILE|-")?)?;
    let site = match &o.serve_as {
        Some(as_url) => Some(Arc::new(serve::StaticSite::new(Path::new(target), as_url)?)),
        None if !target.contains("://") && Path::new(target).exists() => {
            return Err(format!(
                "{target} is a file: give the address it will have, --as https://..."
            ))
        }
        None => None,
    };
    let url = site.as_ref().map_or_else(|| target.clone(), |s| s.url());
    let browser = Browser::launch(&o.browser, &o.resolver_rules.join(","))?;
    let outcome = check_url(&browser, &url, &record, site.as_ref(), o);
    drop(browser);
    print_outcome(&url, outcome.as_ref().map_err(String::as_str), o);
    Ok(match outcome {
        Ok(report) => exit_status(report.overall, o.fail_on_warn),
        Err(_) => EXIT_ERROR,
    })
}

fn cmd_footer(o: &Options) -> Result<i32, String> {
    let record = parse_record(&read_record(
        o.record.as_deref().ok_or("footer needs --record FILE|-")?,
    )?);
    let options = SnippetOptions {
        number: if o.entity {
            SnippetNumber::Entity
        } else {
            SnippetNumber::Auto
        },
        include_mps: o.mps,
    };
    // The site the footer is for: the one covering the URL's host, as the popup picks it for
    // the page it is on; without a URL, the record's only site.
    let host = match o.args.as_slice() {
        [] => String::new(),
        [url] => host_of(url).ok_or(format!("footer: not an http(s) URL: {url}"))?,
        _ => return Err("footer takes at most one URL".into()),
    };
    let site = record.site_for_host(&host);
    let Some(snippet) = footer_snippet(&record, site, options) else {
        return Err("the record has no filing number".into());
    };
    match o.format {
        Format::Json => println!("{}", serde_json::to_string(&snippet).unwrap_or_default()),
        _ => println!("{}", snippet.html),
    }
    Ok(0)
}

fn main() {
    browser::stop_on_signals();
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match argv.split_first() {
        Some((c, rest)) => (c.clone(), rest.to_vec()),
        None => (String::new(), Vec::new()),
    };
    let result = parse_options(rest).and_then(|o| match command.as_str() {
        "check" => cmd_check(&o),
        "audit" => audit::run(&o),
        "footer" => cmd_footer(&o),
        _ => Err(String::new()),
    });
    match result {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            if e.is_empty() {
                eprintln!("{USAGE}");
            } else {
                eprintln!("beian-check: {e}");
            }
            std::process::exit(EXIT_ERROR);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_and_connect_to_mean_what_they_mean_in_curl() {
        assert_eq!(
            resolve_rule("www.example.cn:443:127.0.0.1").unwrap(),
            "MAP www.example.cn:443 127.0.0.1:443"
        );
        assert_eq!(
            resolve_rule("www.example.cn:80:[::1]").unwrap(),
            "MAP www.example.cn:80 [::1]:80"
        );
        assert_eq!(
            connect_to_rule("www.example.cn:80:127.0.0.1:8080").unwrap(),
            "MAP www.example.cn:80 127.0.0.1:8080"
        );
        assert_eq!(
            connect_to_rule("::staging.example.cn:").unwrap(),
            "MAP * staging.example.cn"
        );
        assert_eq!(
            connect_to_rule("www.example.cn:443::8443").unwrap(),
            "MAP www.example.cn:443 www.example.cn:8443"
        );
        for bad in [
            "www.example.cn:80",
            "www.example.cn:x:1.2.3.4",
            ":80:1.2.3.4",
        ] {
            assert!(resolve_rule(bad).is_err(), "{bad}");
        }
        for bad in ["a:80:b", "a:80:b:x", "::::"] {
            assert!(connect_to_rule(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn hosts_come_from_http_urls_only() {
        assert_eq!(
            host_of("https://WWW.Example.cn:8443/a?b").as_deref(),
            Some("www.example.cn")
        );
        assert_eq!(host_of("ftp://example.cn/"), None);
        assert_eq!(host_of("example.cn"), None);
    }
}
