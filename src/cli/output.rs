//! How the CLI shows a report: text in the locale files' own sentences (zh or en), JSON exactly
//! as the core serialises it (the popup's `#report-json`), JUnit XML and CSV. Colour only on a
//! terminal and never with `NO_COLOR`. Nothing here decides a verdict.

use std::collections::{BTreeMap, HashMap};

use beian_check::core::report::{CheckResult, Report, Verdict};
use serde_json::Value;

const MESSAGES_EN: &str = include_str!("../../extension/_locales/en/messages.json");
const MESSAGES_ZH: &str = include_str!("../../extension/_locales/zh_CN/messages.json");

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Sentences for people.
    Text,
    /// The report JSON.
    Json,
    /// JUnit XML, one test case per check.
    Junit,
    /// One CSV row per check.
    Csv,
}

/// The sentences of one locale.
pub struct Messages(HashMap<String, String>);

impl Messages {
    /// `lang` is `zh` or `en`.
    pub fn load(lang: &str) -> Messages {
        let source = if lang == "zh" {
            MESSAGES_ZH
        } else {
            MESSAGES_EN
        };
        let value: Value = serde_json::from_str(source).unwrap_or_default();
        let map = value
            .as_object()
            .map(|o| {
                o.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v["message"].as_str()?.to_string())))
                    .collect()
            })
            .unwrap_or_default();
        Messages(map)
    }

    /// The message `key`, or the key itself when the locale lacks it.
    pub fn get(&self, key: &str) -> String {
        self.0.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// The message `key` with its `$NAME$` placeholders filled from `values` (lower-case names).
    pub fn fill(&self, key: &str, values: &BTreeMap<String, String>) -> String {
        let mut text = self.get(key);
        for (name, value) in values {
            text = text.replace(&format!("${}$", name.to_uppercase()), value);
        }
        text
    }

    /// The reason sentence of `check`, its placeholders filled from the evidence.
    pub fn reason(&self, check: &CheckResult) -> String {
        let code = serde_json::to_value(check.reason)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let e = &check.evidence;
        let location = e.location.as_ref().map(|l| l.path.clone());
        let mut text = self.get(&format!("reason_{code}"));
        for (name, value) in [
            ("$FOUND$", &e.found),
            ("$EXPECTED$", &e.expected),
            ("$VALUE$", &e.value),
            ("$WHERE$", &location),
        ] {
            text = text.replace(name, value.as_deref().unwrap_or(""));
        }
        text
    }
}

/// Default language from the environment (`LC_ALL`, `LC_MESSAGES`, `LANG`): `zh` or `en`.
pub fn default_lang() -> &'static str {
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(v) = std::env::var(var) {
            if !v.is_empty() {
                return if v.starts_with("zh") { "zh" } else { "en" };
            }
        }
    }
    "en"
}

/// Whether to colour output on stdout.
pub fn use_colour() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

fn verdict_str(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "pass",
        Verdict::Warn => "warn",
        Verdict::Fail => "fail",
        Verdict::Skip => "skip",
    }
}

fn paint(text: &str, verdict: Verdict, colour: bool) -> String {
    if !colour {
        return text.to_string();
    }
    let code = match verdict {
        Verdict::Pass => "32",
        Verdict::Warn => "33",
        Verdict::Fail => "31",
        Verdict::Skip => "2",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

/// The report as text: the overall verdict, then one line per check.
pub fn text(report: &Report, m: &Messages, colour: bool) -> String {
    let overall = verdict_str(report.overall);
    let mut out = format!(
        "{}  {}\n",
        paint(
            &m.get(&format!("overall_{overall}")),
            report.overall,
            colour
        ),
        report.page.url
    );
    // The site's generator, as the popup shows it under the verdict (issue #15).
    if let Some(g) = &report.generator {
        let named = match &g.version {
            Some(version) => format!("{} {version}", g.name),
            None => g.name.clone(),
        };
        let named = [Some(named), g.theme.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ");
        let values = BTreeMap::from([("generator".to_string(), named)]);
        out.push_str(&format!("  {}\n", m.fill("generator_line", &values)));
    }
    for check in &report.checks {
        let v = verdict_str(check.verdict);
        out.push_str(&format!(
            "  [{}] {}: {}\n",
            paint(&m.get(&format!("verdict_{v}")), check.verdict, colour),
            m.get(&format!("check_{}", check.id.as_str())),
            m.reason(check)
        ));
        // A failing or warning row's fix in the terms of the site's generator and theme.
        if let (Verdict::Fail | Verdict::Warn, Some(fix)) = (check.verdict, &check.generator_fix) {
            out.push_str(&format!(
                "      {} {}\n",
                m.fill("fix_generator_label", &fix.values),
                m.fill(&fix.key, &fix.values)
            ));
        }
    }
    out
}

/// Escape text for XML content and attributes.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

/// One JUnit `<testsuite>` for a site: a test case per check; fail (and warn when
/// `warn_fails`) is a `<failure>`, skip is `<skipped/>`; `error` makes a single `<error>` case.
pub fn junit_suite(
    url: &str,
    outcome: Result<&Report, &str>,
    m: &Messages,
    warn_fails: bool,
) -> String {
    let name = xml_escape(url);
    let report = match outcome {
        Err(error) => {
            return format!(
                "  <testsuite name=\"{name}\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n    <testcase classname=\"{name}\" name=\"check\">\n      <error message=\"{}\"/>\n    </testcase>\n  </testsuite>\n",
                xml_escape(error)
            )
        }
        Ok(report) => report,
    };
    let mut cases = String::new();
    let (mut failures, mut skipped) = (0, 0);
    for check in &report.checks {
        let id = check.id.as_str();
        cases.push_str(&format!(
            "    <testcase classname=\"{name}\" name=\"{id}\">\n"
        ));
        let reason = xml_escape(&m.reason(check));
        let failing =
            check.verdict == Verdict::Fail || (warn_fails && check.verdict == Verdict::Warn);
        if failing {
            failures += 1;
            cases.push_str(&format!(
                "      <failure message=\"{reason}\" type=\"{}\"/>\n",
                verdict_str(check.verdict)
            ));
        } else if check.verdict == Verdict::Skip {
            skipped += 1;
            cases.push_str(&format!("      <skipped message=\"{reason}\"/>\n"));
        } else {
            cases.push_str(&format!("      <system-out>{reason}</system-out>\n"));
        }
        cases.push_str("    </testcase>\n");
    }
    format!(
        "  <testsuite name=\"{name}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">\n{cases}  </testsuite>\n",
        report.checks.len()
    )
}

/// Wrap suites in `<testsuites>`.
pub fn junit_document(suites: &str) -> String {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"beian-check\">\n{suites}</testsuites>\n")
}

/// The CSV header.
pub const CSV_HEADER: &str = "url,check,verdict,reason,found,expected,message";

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// CSV rows for a site (no header): one per check, or one `error` row.
pub fn csv_rows(url: &str, outcome: Result<&Report, &str>, m: &Messages) -> String {
    let report = match outcome {
        Err(error) => return format!("{},,error,,,,{}\n", csv_field(url), csv_field(error)),
        Ok(report) => report,
    };
    let mut out = String::new();
    for check in &report.checks {
        let reason = serde_json::to_value(check.reason).unwrap_or_default();
        out.push_str(
            &[
                csv_field(url),
                check.id.as_str().to_string(),
                verdict_str(check.verdict).to_string(),
                reason.as_str().unwrap_or("").to_string(),
                csv_field(check.evidence.found.as_deref().unwrap_or("")),
                csv_field(check.evidence.expected.as_deref().unwrap_or("")),
                csv_field(&m.reason(check)),
            ]
            .join(","),
        );
        out.push('\n');
    }
    out
}
