//! The pasted filing record: every format RULES.md lists turned into one `Record`.
//!
//! Owns: the `Record` the checks read and `parse_record`, the one entry point. The formats
//! (MIIT detail page text, MIIT list rows, `标签：值` lines, MIIT API JSON, a bare number) each
//! have a file of their own; label synonyms, value reading, diagnostics and the builder that
//! assembles the record are shared. Must not look at the page: choosing the site that covers a
//! page is `Record::site_for_host`, given a host name.
//!
//! Files: `lines.rs` sends each line of a text paste to its format's reader: `detail.rs`,
//! `list.rs`, `labelled.rs`, `bare.rs`; `json.rs` reads JSON. `labels.rs` holds the label
//! synonyms, `values.rs` reads one value, `builder.rs` puts values in the record, and
//! `diagnostics.rs` notes the lines not used.
//!
//! How a paste is read (RULES.md leaves these to us):
//! - JSON when it opens with `{"` or `[{`/`[[`/`["`; every object holding API keys (`unitName`,
//!   `serviceLicence`, ...) or Chinese labels is one row, however deeply it is wrapped. Anything
//!   else is read line by line, each line on its own: section headers, `标签：值` pairs (the
//!   label is the longest known label just before a colon, so pairs need no separator), tab
//!   cells (a column header row, `label<TAB>value` pairs, or a list row), a label alone (its
//!   value is on the next line), `label value` with spaces, a domain, a number. The format
//!   reported is the kind of line that was read most.
//! - A site field that repeats (a second 网站名称, 网站备案号, ...) starts the next site; a
//!   section header or a list row starts one too. Sites with the same number merge (the MIIT
//!   list and API give one row per domain).
//! - The entity number comes from an entity label, or failing that from the first site number.
//!   A site number under an entity label is kept as the site number. Licence numbers
//!   (`粤B2-…`) go to `licences`; a B2 licence is also read as a filing number
//!   (`FilingStyle::Licence`: `粤B2-20090059` the entity, `粤B2-20090059-5` a site), as MIIT
//!   records of commercial operators use it; a B1 (IDC) licence is not an ICP filing.
//! - A 公安 number goes with the site being read, or with the record before any site.
//! - Domains are kept as filed (`www.` too), lower-case, without scheme, port or path.
//! - A diagnostic's line is 1-based; `\r\n`, `\n` and a lone `\r` each end a line. In JSON,
//!   a bad value's line is where its text is found (see `Builder::json_line` in `json.rs`).

mod bare;
mod builder;
mod detail;
mod diagnostics;
mod json;
mod labelled;
mod labels;
mod lines;
mod list;
mod values;

use serde::{Deserialize, Serialize};

use crate::core::number::{FilingNumber, LicenceNumber, MpsNumber};
use crate::core::url::host_within;

pub use diagnostics::{LineDiagnostic, LineIssue};

use builder::Builder;
use json::looks_like_json;
use lines::split_lines;

/// Which format the paste was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordFormat {
    /// Nothing could be read.
    #[default]
    Empty,
    /// The MIIT query detail page copied as text.
    MiitDetail,
    /// One or more tab-separated result rows of the MIIT list.
    MiitList,
    /// `标签：值` lines.
    Labelled,
    /// The MIIT query API's JSON.
    Json,
    /// A bare number on its own.
    BareNumber,
    /// Longer than `MAX_RECORD_BYTES`: not read at all.
    TooLarge,
}

/// One filed website (网站/服务) of the entity.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteRecord {
    /// 网站备案号 / 服务备案号, as parsed.
    pub number: Option<FilingNumber>,
    /// The site number exactly as pasted.
    pub number_raw: Option<String>,
    /// 网站名称 / 服务名称.
    pub name: Option<String>,
    /// 网站域名 (lower-case, no scheme, no path); several when the record lists several.
    pub domains: Vec<String>,
    /// 网站首页地址.
    pub home_url: Option<String>,
    /// 审核通过日期, as written.
    pub approved: Option<String>,
    /// A 公安 filing number given with this site.
    pub mps: Option<MpsNumber>,
}

/// Everything read from one paste.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Record {
    /// How the paste was read.
    pub format: RecordFormat,
    /// 主体备案号 (ICP备案/许可证号).
    pub entity: Option<FilingNumber>,
    /// The entity number exactly as pasted.
    pub entity_raw: Option<String>,
    /// 主办单位名称.
    pub unit_name: Option<String>,
    /// 主办单位性质 (企业, 个人, 事业单位, ...).
    pub nature: Option<String>,
    /// 经营许可证 numbers, when given.
    pub licences: Vec<LicenceNumber>,
    /// 公安 number given without a site (applies to all sites).
    pub mps: Option<MpsNumber>,
    /// The filed websites, in paste order.
    pub sites: Vec<SiteRecord>,
    /// Lines that were not used.
    pub diagnostics: Vec<LineDiagnostic>,
}

impl Record {
    /// Index of the site whose domains cover `host`: equal, or `host` is a subdomain of a filed
    /// domain. A filed `www.example.com` covers `example.com` and its other subdomains too (the
    /// filing is for the registered domain; `www.` is only the usual home). When no site covers
    /// the host: the only site when there is one, the first site when none has domains, else
    /// `None`.
    pub fn site_for_host(&self, host: &str) -> Option<usize> {
        let host = normalise_host(host);
        let covers = |d: &String| host_within(&host, d);
        if let Some(i) = self.sites.iter().position(|s| s.domains.iter().any(covers)) {
            return Some(i);
        }
        let none_has_domains = self.sites.iter().all(|s| s.domains.is_empty());
        if self.sites.len() == 1 || (none_has_domains && !self.sites.is_empty()) {
            Some(0)
        } else {
            None
        }
    }
}

/// A host as `site_for_host` compares it: trimmed, lower-case, no trailing dot, no port.
fn normalise_host(host: &str) -> String {
    let host = host.trim().trim_end_matches('.');
    let host = match host.rsplit_once(':') {
        Some((h, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    };
    host.trim_end_matches('.').to_ascii_lowercase()
}

/// The longest paste read as a record, in bytes of UTF-8 (128 KiB). Real records are far
/// shorter (a MIIT list of 500 sites is about 75 KB); reading one this long takes a few hundred
/// milliseconds in the popup, a 10 MB one took 41 s (issue #16), so longer pastes are refused.
pub const MAX_RECORD_BYTES: usize = 128 * 1024;

/// Read a pasted record in any supported format. Never fails: what cannot be read is in
/// `Record::diagnostics`, an empty paste gives `RecordFormat::Empty`, and one longer than
/// `MAX_RECORD_BYTES` gives `RecordFormat::TooLarge` and nothing else.
pub fn parse_record(text: &str) -> Record {
    if text.len() > MAX_RECORD_BYTES {
        return Record {
            format: RecordFormat::TooLarge,
            ..Default::default()
        };
    }
    parse_record_unbounded(text)
}

/// `parse_record` without the size limit: what the parser makes of a paste of any length (the
/// robustness tests feed it megabytes; nothing a user pastes reaches it directly).
pub fn parse_record_unbounded(text: &str) -> Record {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut builder = Builder::default();
    if looks_like_json(text) {
        builder.read_json(text);
    } else {
        for (index, line) in split_lines(text).enumerate() {
            builder.read_line(index + 1, line);
        }
    }
    builder.finish()
}
