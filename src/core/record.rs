//! The pasted filing record: every format RULES.md lists turned into one `Record`.
//!
//! Owns: format detection (MIIT detail page text, MIIT list rows, `标签：值` lines, MIIT API
//! JSON, a bare number), label synonyms, and a diagnostic for every line that was not
//! understood. Must not look at the page: choosing the site that covers a page is
//! `Record::site_for_host`, given a host name.

use serde::{Deserialize, Serialize};

use crate::core::number::{FilingNumber, LicenceNumber, MpsNumber};

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

/// Why a line of the paste was not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineIssue {
    /// The line did not match any known label, header or value.
    NotUnderstood,
    /// A known label whose value could not be read (for example a malformed number).
    BadValue,
    /// The JSON could not be parsed.
    BadJson,
}

/// A line of the paste that was not used, with its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LineDiagnostic {
    /// 1-based line number in the paste.
    pub line: usize,
    /// The line's text (trimmed, at most 200 characters).
    pub text: String,
    /// What went wrong.
    pub issue: LineIssue,
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
    /// Index of the site whose domains cover `host` (equal, or `host` is a subdomain);
    /// the first site when only one exists or none has domains.
    pub fn site_for_host(&self, host: &str) -> Option<usize> {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let covers = |d: &String| host == *d || host.ends_with(&format!(".{d}"));
        self.sites
            .iter()
            .position(|s| s.domains.iter().any(covers))
            .or(if self.sites.len() == 1 { Some(0) } else { None })
    }
}

/// Read a pasted record in any supported format. Never fails: what cannot be read is in
/// `Record::diagnostics`, and an empty paste gives `RecordFormat::Empty`.
pub fn parse_record(text: &str) -> Record {
    let _ = text;
    Record::default()
}
