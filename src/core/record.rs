//! The pasted filing record: every format RULES.md lists turned into one `Record`.
//!
//! Owns: format detection (MIIT detail page text, MIIT list rows, `标签：值` lines, MIIT API
//! JSON, a bare number), label synonyms, and a diagnostic for every line that was not
//! understood. Must not look at the page: choosing the site that covers a page is
//! `Record::site_for_host`, given a host name.
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
//!   a bad value's line is where its text is found (see `Builder::json_line`).

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::core::fold::{fold_width, is_invisible, is_space};
use crate::core::number::{
    find_numbers, parse_number, AnyNumber, FilingNumber, LicenceNumber, MpsNumber,
};
use crate::core::url::host_within;

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
    /// A known label whose value could not be read (a malformed or not-real number, a domain
    /// that is not one), or that contradicts a value read before (a second, different entity
    /// number, unit name or 公安 number).
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

/// Read a pasted record in any supported format. Never fails: what cannot be read is in
/// `Record::diagnostics`, and an empty paste gives `RecordFormat::Empty`.
pub fn parse_record(text: &str) -> Record {
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

/// Longest diagnostic text kept, in characters.
const MAX_DIAGNOSTIC_CHARS: usize = 200;
/// Longest value handed to the number grammar, in bytes: a number with loose spacing fits
/// easily; anything longer is not one number, and this keeps the work per value bounded.
const MAX_NUMBER_VALUE_BYTES: usize = 400;
/// Longest line searched for numbers without a label, in bytes.
const MAX_NUMBER_LINE_BYTES: usize = 2000;
/// Most cells a MIIT list row or header can have (the list has about ten columns); a line
/// with more is not read as a row, which also bounds the work spent guessing cells.
const MAX_ROW_CELLS: usize = 40;
/// Longest label, in normalised characters.
const MAX_LABEL_CHARS: usize = 16;
/// JSON line searches allowed to fail before line lookups stop (see `Builder::json_line`).
const MAX_JSON_MISSES: usize = 16;
/// How far back from a colon a label is looked for, in characters.
const MAX_LABEL_SCAN_CHARS: usize = 64;
/// Longest text looked up as a label or header, in bytes.
const MAX_LABEL_BYTES: usize = 160;

/// What a label (or a JSON key) fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    /// The entity (主体) number.
    EntityNumber,
    /// The site (网站/服务) number.
    SiteNumber,
    /// A number whose kind decides where it goes (备案号, 经营许可证, 公安备案号).
    AnyNumber,
    /// 主办单位名称.
    UnitName,
    /// 主办单位性质.
    Nature,
    /// 网站名称 / 服务名称.
    SiteName,
    /// 网站域名: one or more domains.
    Domain,
    /// 网站首页地址: kept as written; gives the domains when 网站域名 is missing.
    HomeUrl,
    /// 审核通过日期, kept as written.
    Approved,
    /// A known label whose value is not used (主办单位所在地, 是否限制接入, 前置审批项, ...).
    Ignored,
}

/// The section of the MIIT detail page being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Section {
    /// No section header seen, or a neutral one.
    #[default]
    None,
    /// ICP备案主体信息.
    Entity,
    /// ICP备案服务信息 / 网站信息.
    Site,
}

/// Every known label, in normalised form (see `normalise_label`), with what it fills.
const LABELS: &[(Field, &[&str])] = &[
    (
        Field::EntityNumber,
        &[
            "备案/许可证号",
            "ICP备案/许可证号",
            "主体备案号",
            "主体备案/许可证号",
            "ICP备案许可证号",
            "备案许可证号",
            "主体备案许可证号",
            "主体许可证号",
            "主体ICP备案号",
            "ICP主体备案号",
            "主体备案编号",
            "主办单位备案号",
        ],
    ),
    (
        Field::SiteNumber,
        &[
            "网站备案/许可证号",
            "服务备案号",
            "网站备案号",
            "服务备案/许可证号",
            "网站备案许可证号",
            "服务备案许可证号",
            "网站许可证号",
            "服务许可证号",
            "网站ICP备案号",
            "网站备案编号",
            "服务备案编号",
            "站点备案号",
        ],
    ),
    (
        Field::AnyNumber,
        &[
            "备案号",
            "ICP备案号",
            "ICP备案",
            "备案编号",
            "ICP备案编号",
            "ICP号",
            "工信部备案号",
            "经营许可证",
            "经营许可证号",
            "ICP经营许可证",
            "ICP经营许可证号",
            "ICP许可证",
            "ICP许可证号",
            "ICP证",
            "增值电信业务经营许可证",
            "增值电信经营许可证",
            "许可证号",
            "公安备案号",
            "公安备案",
            "公网安备",
            "公网安备号",
            "网安备案号",
            "网安备案",
            "公安机关备案号",
            "公安联网备案号",
            "公安部备案号",
            "公安网备案号",
            "公安联网备案",
        ],
    ),
    (
        Field::UnitName,
        &[
            "主办单位名称",
            "主办单位",
            "单位名称",
            "主体名称",
            "备案主体",
            "主体单位名称",
            "主办者名称",
            "备案主体名称",
            "主体单位",
            "开办者名称",
        ],
    ),
    (
        Field::Nature,
        &[
            "主办单位性质",
            "单位性质",
            "主体性质",
            "备案主体性质",
            "主体单位性质",
            "单位类型",
        ],
    ),
    (Field::SiteName, &["网站名称", "服务名称", "站点名称"]),
    (
        Field::Domain,
        &[
            "网站域名",
            "域名",
            "服务域名",
            "站点域名",
            "主域名",
            "域名列表",
            "网站域名列表",
        ],
    ),
    (
        Field::HomeUrl,
        &[
            "网站首页地址",
            "网站首页网址",
            "服务首页地址",
            "服务首页网址",
            "首页地址",
            "首页网址",
            "网站首页",
            "网站地址",
            "网站网址",
            "网址",
            "网站首页网址/域名",
            "首页网址/域名",
            "网站URL",
            "首页URL",
        ],
    ),
    (
        Field::Approved,
        &[
            "审核通过日期",
            "审核日期",
            "审核通过时间",
            "审核时间",
            "通过日期",
            "审核通过",
            "备案通过日期",
            "备案通过时间",
            "备案日期",
            "备案时间",
        ],
    ),
    (
        Field::Ignored,
        &[
            "主办单位所在地",
            "所在地",
            "是否限制接入",
            "限制接入",
            "前置审批项",
            "服务前置审批项",
            "网站前置审批项",
            "前置审批",
            "服务内容",
            "网站内容",
            "网站服务内容",
            "内容类型",
            "服务类型",
            "负责人",
            "网站负责人",
            "负责人姓名",
            "网站负责人姓名",
            "主体负责人",
            "主办单位负责人",
            "法定代表人",
            "序号",
            "操作",
            "备注",
            "接入服务商",
            "接入商",
            "备案类型",
            "证件类型",
            "证件号码",
            "主体证件类型",
            "主体证件号码",
            "网站语言",
            "通信地址",
            "通讯地址",
            "主办单位通讯地址",
            "主办单位通信地址",
            "住所",
            "IP地址",
            "网站IP地址",
            "备案状态",
            "状态",
            "专项审批",
            "是否专项审批",
        ],
    ),
];

/// The label a normalised text (see `normalise_label`) names, if any. A scan of the 140-odd
/// names: no slower than a hash map on a 6 MB record, and 3 KB less wasm (issue #8).
fn label_field(norm: &str) -> Option<Field> {
    if norm.is_empty() || norm.len() > MAX_LABEL_CHARS * 4 {
        return None;
    }
    LABELS
        .iter()
        .find(|(_, names)| names.contains(&norm))
        .map(|(field, _)| *field)
}

/// The section a normalised line opens, if it is a section header or page chrome.
fn section_header(norm: &str) -> Option<Section> {
    Some(match norm {
        "ICP备案主体信息" | "主体信息" | "备案主体信息" | "主办单位信息" | "ICP主体信息" => {
            Section::Entity
        }
        "ICP备案服务信息"
        | "服务信息"
        | "ICP备案网站信息"
        | "网站信息"
        | "备案网站信息"
        | "网站备案信息"
        | "ICP服务信息"
        | "ICP网站信息" => Section::Site,
        "ICP备案信息"
        | "备案信息"
        | "备案详情"
        | "ICP备案详情"
        | "详细信息"
        | "ICP备案查询结果"
        | "查询结果" => Section::None,
        _ => return None,
    })
}

/// Cells and lines that are buttons or links of the MIIT pages, understood and ignored.
fn is_ui_word(norm: &str) -> bool {
    matches!(
        norm,
        "详情" | "查看详情" | "查看" | "操作" | "返回" | "关闭" | "更多"
    )
}

/// 主办单位性质 values, for list rows read without a header.
fn is_nature(norm: &str) -> bool {
    matches!(
        norm,
        "企业"
            | "个人"
            | "事业单位"
            | "政府机关"
            | "社会团体"
            | "民办非企业单位"
            | "基金会"
            | "律师执业机构"
            | "群众性团体组织"
            | "司法鉴定机构"
            | "宗教团体"
            | "境外机构"
            | "医疗机构"
            | "公证机构"
            | "国防机构"
            | "部队"
            | "军队"
            | "基层群众性自治组织"
            | "农村集体经济组织"
            | "宗教活动场所"
            | "外国在华文化中心"
    )
}

/// The MIIT API's keys (compared in ASCII lower case), then any key that is a known label.
fn json_field(key: &str) -> Option<Field> {
    use Field::*;
    let lower = key.to_ascii_lowercase();
    let field = match lower.as_str() {
        "unitname" | "mainunitname" | "unit_name" | "mainname" => UnitName,
        "naturename" | "mainunitnature" | "unitnature" | "nature" | "nature_name" => Nature,
        "mainlicence" | "mainlicense" | "mainlicenceno" | "main_licence" | "mainicp" => {
            EntityNumber
        }
        "servicelicence" | "servicelicense" | "sitelicence" | "sitelicense" | "websitelicence"
        | "websitelicense" | "service_licence" => SiteNumber,
        "servicename" | "sitename" | "websitename" | "webname" | "service_name" => SiteName,
        "domain" | "domains" | "domainname" | "sitedomain" | "servicedomain" => Domain,
        "homeurl" | "homepage" | "siteindex" | "indexurl" | "siteurl" | "home_url" => HomeUrl,
        "updaterecordtime" | "verifytime" | "audittime" | "approvaltime" | "passtime" => Approved,
        "icp" | "icpnumber" | "icpno" | "licence" | "license" | "mps" | "mpsnumber" => AnyNumber,
        _ => return normalise_label(key).and_then(|n| label_field(&n)),
    };
    Some(field)
}

/// Colons that end a label: ASCII, full-width, small and ratio.
fn is_colon(c: char) -> bool {
    matches!(c, ':' | '：' | '﹕' | '∶')
}

/// Characters decorating a label or header that carry no meaning (`*网站名称`, `【主体信息】`).
fn is_decoration(c: char) -> bool {
    is_colon(c)
        || matches!(
            c,
            '[' | ']'
                | '('
                | ')'
                | '【'
                | '】'
                | '〖'
                | '〗'
                | '《'
                | '》'
                | '#'
                | '*'
                | '■'
                | '□'
                | '●'
                | '○'
                | '◆'
                | '◇'
                | '•'
                | '·'
                | '★'
                | '☆'
                | '▶'
                | '►'
                | '-'
                | '='
                | '_'
                | '<'
                | '>'
                | '|'
        )
}

/// Separators between values of one line or one cell.
fn is_separator(c: char) -> bool {
    matches!(c, ',' | '，' | ';' | '；' | '|' | '、' | '\t')
}

/// Folded, space-free, ASCII upper-case form of a short text, decorations trimmed from both
/// ends; `None` when the text is too long to be a label.
fn normalise_label(text: &str) -> Option<String> {
    if text.len() > MAX_LABEL_BYTES {
        return None;
    }
    let folded: String = text
        .chars()
        .map(fold_width)
        .filter(|c| !is_space(*c) && !is_invisible(*c))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    Some(folded.trim_matches(is_decoration).to_string())
}

/// `text` without surrounding spaces and invisible characters.
fn trim_line(text: &str) -> &str {
    text.trim_matches(|c: char| is_space(c) || is_invisible(c))
}

/// `text` without surrounding spaces, invisible characters and separators.
fn trim_value(text: &str) -> &str {
    text.trim_matches(|c: char| is_space(c) || is_invisible(c) || is_separator(c))
}

/// The lines of `text`, split at `\n`, `\r\n` or a lone `\r`, without their terminators.
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match current.find(['\n', '\r']) {
            Some(i) => {
                let skip = if current[i..].starts_with("\r\n") {
                    2
                } else {
                    1
                };
                rest = Some(&current[i + skip..]);
                Some(&current[..i])
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

/// Whether the paste is JSON: it opens with `{` followed by a key or `}`, or with `[` followed
/// by a value that JSON can start an array of.
fn looks_like_json(text: &str) -> bool {
    let mut chars = text.chars().filter(|c| !is_space(*c) && !is_invisible(*c));
    match chars.next() {
        Some('{') => matches!(chars.next(), Some('"' | '}')),
        Some('[') => matches!(chars.next(), Some('{' | '[' | ']' | '"')),
        _ => false,
    }
}

/// The first at most `MAX_DIAGNOSTIC_CHARS` characters of the trimmed `text`.
fn diagnostic_text(text: &str) -> String {
    trim_line(text).chars().take(MAX_DIAGNOSTIC_CHARS).collect()
}

/// Read one number from a value: the whole value, or the only number inside it.
fn read_number(value: &str) -> Option<(AnyNumber, String)> {
    let value = trim_value(value);
    if value.is_empty() || value.len() > MAX_NUMBER_VALUE_BYTES {
        return None;
    }
    if let Some(number) = parse_number(value) {
        return Some((number, value.to_string()));
    }
    let mut found = find_numbers(value);
    if found.len() != 1 {
        return None;
    }
    let found = found.remove(0);
    // The number must stand apart from the rest (`…号-1 查看`), not be cut out of a longer
    // token (`…号-10001` is not `…号`).
    let joined = |c: Option<char>| {
        c.map(fold_width)
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    let before = value.get(..found.start).and_then(|s| s.chars().next_back());
    let after = value.get(found.end..).and_then(|s| s.chars().next());
    if joined(before) || joined(after) {
        return None;
    }
    let raw = found.raw(value).to_string();
    Some((found.number, raw))
}

/// Whether `text` is a date as the MIIT pages write it: `2023-05-16`, `2023/5/16`,
/// `2023年5月16日`, optionally followed by a time.
fn is_date(text: &str) -> bool {
    if text.len() > 64 {
        return false;
    }
    let chars: Vec<char> = text.trim().chars().map(fold_width).collect();
    let mut i = 0;
    let digits = |i: &mut usize, min: usize, max: usize| {
        let start = *i;
        while chars.get(*i).is_some_and(char::is_ascii_digit) {
            *i += 1;
        }
        (min..=max).contains(&(*i - start))
    };
    let ok = digits(&mut i, 4, 4)
        && matches!(chars.get(i), Some('-' | '/' | '.' | '年'))
        && {
            i += 1;
            digits(&mut i, 1, 2)
        }
        && matches!(chars.get(i), Some('-' | '/' | '.' | '月'))
        && {
            i += 1;
            digits(&mut i, 1, 2)
        };
    if !ok {
        return false;
    }
    if chars.get(i) == Some(&'日') {
        i += 1;
    }
    chars[i..]
        .iter()
        .all(|c| c.is_ascii_digit() || *c == ':' || *c == 'T' || *c == '.' || is_space(*c))
}

/// Whether `text` is a short answer of the 是否限制接入 column.
fn is_yes_no(norm: &str) -> bool {
    matches!(norm, "是" | "否")
}

/// The host of one domain or address as filed: lower-case, without scheme, user, port,
/// path, trailing dot or a leading `*.`; `None` when it is not a domain name.
fn domain_of(part: &str) -> Option<String> {
    let folded: String = part
        .chars()
        .map(fold_width)
        .filter(|c| !is_invisible(*c))
        .collect();
    let mut s = folded.trim_matches(|c: char| is_space(c) || c == '"' || c == '\'');
    if let Some(i) = s.find("://") {
        s = &s[i + 3..];
    } else if let Some(rest) = s.strip_prefix("//") {
        s = rest;
    }
    if let Some(i) = s.find(['/', '?', '#', '\\']) {
        s = &s[..i];
    }
    if let Some((_, host)) = s.rsplit_once('@') {
        s = host;
    }
    if let Some((host, port)) = s.rsplit_once(':') {
        if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s = host;
    }
    let s = s.trim_end_matches('.');
    let s = s.strip_prefix("*.").unwrap_or(s);
    let lower = s.to_ascii_lowercase();
    valid_domain(&lower).then_some(lower)
}

/// Whether `d` (lower-case) is a domain name: at least two dot-separated labels of letters,
/// digits and inner hyphens, ending in an alphabetic top-level label (ASCII, `xn--`, or
/// non-ASCII such as `中国`). IP addresses are not domains.
fn valid_domain(d: &str) -> bool {
    if d.len() > 1000 || !d.contains('.') {
        return false;
    }
    let labels_ok = d.split('.').all(|label| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || is_label_letter(c))
    });
    let tld = d.rsplit('.').next().unwrap_or("");
    let tld_ok = (tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_lowercase()))
        || tld.starts_with("xn--")
        || (!tld.is_ascii() && tld.chars().all(is_label_letter));
    labels_ok && tld_ok
}

/// Whether a non-ASCII character may be part of a domain label: anything but spaces and the
/// punctuation and symbol blocks a pasted cell meets (Latin-1 signs, general punctuation, CJK
/// punctuation and brackets, the half- and full-width forms' punctuation). Unicode's letter
/// tables would be exact, but cost the wasm 5 KB for cells that the dot already tells apart.
fn is_label_letter(c: char) -> bool {
    !c.is_ascii()
        && !is_space(c)
        && !matches!(c,
            '\u{80}'..='\u{BF}' | '\u{D7}' | '\u{F7}'
            | '\u{2000}'..='\u{2BFF}'
            | '\u{3000}'..='\u{303F}'
            | '\u{FE10}'..='\u{FE6F}'
            | '\u{FF00}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}'
            | '\u{FF5B}'..='\u{FF65}' | '\u{FFE0}'..='\u{FFFF}')
}

/// Split a value listing domains or addresses (spaces, commas, `、`, semicolons) into hosts.
/// Returns the hosts and whether some part was not a domain.
fn split_domains(value: &str) -> (Vec<String>, bool) {
    let mut hosts = Vec::new();
    let mut bad = false;
    for part in value.split(|c: char| is_space(c) || is_separator(c)) {
        if trim_value(part).is_empty() {
            continue;
        }
        match domain_of(part) {
            Some(host) => hosts.push(host),
            None => bad = true,
        }
    }
    (hosts, bad)
}

/// Whether a whole cell or line is one or more domains or addresses and nothing else.
fn is_domain_list(text: &str) -> bool {
    let mut parts = text
        .split(|c: char| is_space(c) || is_separator(c))
        .filter(|p| !trim_value(p).is_empty())
        .peekable();
    parts.peek().is_some() && parts.all(|p| domain_of(p).is_some())
}

/// Whether a domain cell is rather a home address (scheme, path or `www.`).
fn is_home_address(text: &str) -> bool {
    let t = text.trim().to_ascii_lowercase();
    t.contains("://") || t.starts_with("www.") || t.trim_end_matches('/').contains('/')
}

/// One `标签：值` pair found in a line: the label's field, where the label starts, and the
/// value's byte range.
struct ColonPair {
    field: Field,
    label_start: usize,
    value_start: usize,
}

/// Find the `标签：值` pairs of a line. A colon opens a pair when the text just before it ends
/// with a known label (the longest one wins), so pairs need no separator between them and a
/// colon inside a value (`https://`, `12:00`) stays in the value.
fn colon_pairs(line: &str) -> Vec<ColonPair> {
    let mut pairs: Vec<ColonPair> = Vec::new();
    let mut floor = 0; // no label may start before the previous pair's value
    let mut rev: Vec<(char, usize)> = Vec::with_capacity(MAX_LABEL_CHARS);
    let mut candidate = String::with_capacity(MAX_LABEL_CHARS * 4);
    for (colon, c) in line.char_indices() {
        if !is_colon(c) {
            continue;
        }
        // Walk back from the colon, collecting up to MAX_LABEL_CHARS normalised characters.
        rev.clear();
        for (scanned, (i, ch)) in line[floor..colon].char_indices().rev().enumerate() {
            if scanned >= MAX_LABEL_SCAN_CHARS || rev.len() >= MAX_LABEL_CHARS {
                break;
            }
            let ch = fold_width(ch);
            if is_colon(ch) || is_separator(ch) {
                break;
            }
            // Spaces may sit inside a label (`网站 名称`), decorations after it (`名称*`).
            if is_space(ch) || is_invisible(ch) || (rev.is_empty() && is_decoration(ch)) {
                continue;
            }
            rev.push((ch.to_ascii_uppercase(), floor + i));
        }
        // The longest known label that ends just before the colon.
        let mut best = None;
        for k in 1..=rev.len() {
            candidate.clear();
            candidate.extend(rev[..k].iter().rev().map(|(ch, _)| *ch));
            if let Some(field) = label_field(&candidate) {
                best = Some((field, rev[k - 1].1));
            }
        }
        if let Some((field, label_start)) = best {
            let value_start = colon + c.len_utf8();
            pairs.push(ColonPair {
                field,
                label_start,
                value_start,
            });
            floor = value_start;
        }
    }
    pairs
}

/// Which kind of line was understood, for choosing `RecordFormat`.
#[derive(Debug, Default)]
struct FormatVotes {
    detail: usize,
    list: usize,
    labelled: usize,
    bare: usize,
    json: bool,
}

/// The parse in progress.
#[derive(Default)]
struct Builder {
    rec: Record,
    /// The site being filled.
    cur: SiteRecord,
    /// `cur.number_raw` is a number that is not real: alone it does not make a site.
    cur_raw_not_real: bool,
    /// Site number (canonical, or raw when unparsed) to index in `rec.sites`, for merging the
    /// rows of one site (the MIIT list and API give one row per domain).
    by_number: HashMap<String, usize>,
    section: Section,
    /// The field the previous value went to (a domain line after a domain adds to it).
    last_field: Option<Field>,
    /// A label alone on its line, waiting for its value on the next line.
    pending: Option<Field>,
    /// The column header row of MIIT list rows, once seen.
    columns: Option<Vec<Option<Field>>>,
    votes: FormatVotes,
    /// Where the JSON line search resumes: byte offset and its 1-based line.
    json_cursor: (usize, usize),
    /// JSON line searches that found nothing.
    json_misses: usize,
}

impl Builder {
    fn diag(&mut self, line: usize, text: &str, issue: LineIssue) {
        if let Some(last) = self.rec.diagnostics.last() {
            if last.line == line && last.issue == issue && last.text == diagnostic_text(text) {
                return;
            }
        }
        self.rec.diagnostics.push(LineDiagnostic {
            line,
            text: diagnostic_text(text),
            issue,
        });
    }

    /// Whether the current site has anything that identifies a site.
    fn cur_started(&self) -> bool {
        let s = &self.cur;
        s.number.is_some()
            || (s.number_raw.is_some() && !self.cur_raw_not_real)
            || s.name.is_some()
            || !s.domains.is_empty()
            || s.home_url.is_some()
    }

    /// Close the current site: add it, or merge it into an earlier site with the same number.
    fn flush(&mut self) {
        let started = self.cur_started();
        let site = std::mem::take(&mut self.cur);
        self.cur_raw_not_real = false;
        self.last_field = None;
        if !started {
            if self.rec.mps.is_none() {
                self.rec.mps = site.mps;
            }
            return;
        }
        let key = site
            .number
            .as_ref()
            .map(FilingNumber::canonical)
            .or_else(|| site.number_raw.clone());
        if let Some(key) = key {
            if let Some(&i) = self.by_number.get(&key) {
                if let Some(old) = self.rec.sites.get_mut(i) {
                    merge_site(old, site);
                    return;
                }
            }
            self.by_number.insert(key, self.rec.sites.len());
        }
        self.rec.sites.push(site);
    }

    /// Put `value` of a `field` label, read on `line` (whose text is `text`), in the record.
    fn set_field(&mut self, field: Field, value: &str, line: usize, text: &str) {
        let value = trim_value(value);
        if value.is_empty() || field == Field::Ignored {
            return;
        }
        match field {
            Field::EntityNumber | Field::SiteNumber | Field::AnyNumber => {
                self.set_number(field, value, line, text)
            }
            Field::UnitName => {
                if !set_once(&mut self.rec.unit_name, value) {
                    self.diag(line, text, LineIssue::BadValue);
                }
            }
            Field::Nature => {
                if !set_once(&mut self.rec.nature, value) {
                    self.diag(line, text, LineIssue::BadValue);
                }
            }
            Field::SiteName => {
                if self.cur.name.is_some() {
                    self.flush();
                }
                self.cur.name = Some(value.to_string());
            }
            Field::Domain => {
                let (hosts, bad) = split_domains(value);
                if bad {
                    self.diag(line, text, LineIssue::BadValue);
                }
                if hosts.is_empty() {
                    return;
                }
                if !self.cur.domains.is_empty() && self.last_field != Some(Field::Domain) {
                    self.flush();
                }
                self.cur.domains.extend(hosts);
            }
            Field::HomeUrl => {
                if self.cur.home_url.is_some() {
                    self.flush();
                }
                let (hosts, bad) = split_domains(value);
                if bad || hosts.is_empty() {
                    self.diag(line, text, LineIssue::BadValue);
                }
                self.cur.home_url = Some(value.to_string());
            }
            Field::Approved => {
                if self.section == Section::Entity {
                    // The entity's own 审核通过日期: understood, not a site's.
                    return;
                }
                if self.cur.approved.is_some() {
                    self.flush();
                }
                self.cur.approved = Some(value.to_string());
            }
            Field::Ignored => {}
        }
        self.last_field = Some(field);
    }

    /// A number value: where it goes depends on the label and on what the number is.
    fn set_number(&mut self, field: Field, value: &str, line: usize, text: &str) {
        let Some((number, raw)) = read_number(value) else {
            self.diag(line, text, LineIssue::BadValue);
            return;
        };
        let number = match number {
            // A B2 licence is the filing number of a commercial operator: read it as one.
            AnyNumber::Licence(licence) => {
                if !self.rec.licences.contains(&licence) {
                    self.rec.licences.push(licence.clone());
                }
                let as_filing = licence.as_filing().filter(|f| {
                    matches!(field, Field::SiteNumber | Field::EntityNumber) || f.sequence.is_some()
                });
                match as_filing {
                    Some(filing) => AnyNumber::Filing(filing),
                    None => {
                        // A B1 (IDC) licence is not an ICP filing; a bare licence under a
                        // 经营许可证 label is only a licence: understood, kept in `licences`.
                        if field == Field::SiteNumber || field == Field::EntityNumber {
                            self.diag(line, text, LineIssue::BadValue);
                        }
                        return;
                    }
                }
            }
            other => other,
        };
        match number {
            AnyNumber::Filing(filing) => {
                let site = match field {
                    Field::SiteNumber => true,
                    // An entity label holding a site number: keep it as the site number; the
                    // entity is derived from it.
                    _ => filing.sequence.is_some(),
                };
                if site {
                    self.set_site_number(Some(filing), raw);
                } else if let Err(()) = self.set_entity(filing, raw) {
                    self.diag(line, text, LineIssue::BadValue);
                }
            }
            AnyNumber::Licence(_) => {}
            AnyNumber::Mps(mps) => self.set_mps(mps, line, text),
            AnyNumber::NotReal { .. } => {
                // Kept as written where it was meant to go, so the `record` check can show it,
                // but it never opens a site on its own.
                self.diag(line, text, LineIssue::BadValue);
                match field {
                    Field::SiteNumber if self.cur.number_raw.is_none() => {
                        self.cur.number_raw = Some(raw);
                        self.cur_raw_not_real = true;
                    }
                    Field::EntityNumber if self.rec.entity_raw.is_none() => {
                        self.rec.entity_raw = Some(raw)
                    }
                    _ => {}
                }
            }
        }
    }

    fn set_entity(&mut self, entity: FilingNumber, raw: String) -> Result<(), ()> {
        match &self.rec.entity {
            None => {
                self.rec.entity = Some(entity);
                self.rec.entity_raw = Some(raw);
                Ok(())
            }
            Some(old) if *old == entity => Ok(()),
            Some(_) => Err(()),
        }
    }

    fn set_site_number(&mut self, number: Option<FilingNumber>, raw: String) {
        let has_number =
            self.cur.number.is_some() || (self.cur.number_raw.is_some() && !self.cur_raw_not_real);
        if has_number {
            self.flush();
        }
        self.cur.number = number;
        self.cur.number_raw = Some(raw);
        self.cur_raw_not_real = false;
    }

    /// A 公安 number goes with the site being read, or with the whole record before any site.
    fn set_mps(&mut self, mps: MpsNumber, line: usize, text: &str) {
        let started = self.cur_started();
        let slot = if started && self.cur.mps.as_ref().is_none_or(|m| *m == mps) {
            &mut self.cur.mps
        } else {
            &mut self.rec.mps
        };
        match slot {
            None => *slot = Some(mps),
            Some(old) if *old == mps => {}
            Some(_) => self.diag(line, text, LineIssue::BadValue),
        }
    }

    /// Read one line of a text paste.
    fn read_line(&mut self, n: usize, raw: &str) {
        let line = trim_line(raw);
        if line.is_empty() {
            return;
        }
        let norm = normalise_label(line);
        let norm = norm.as_deref().unwrap_or("");

        if let Some(section) = section_header(norm) {
            self.pending = None;
            if self.cur_started() {
                self.flush();
            }
            self.section = section;
            self.last_field = None;
            self.votes.detail += 1;
            return;
        }
        if is_ui_word(norm) {
            return;
        }

        let pairs = colon_pairs(line);
        if !pairs.is_empty() {
            self.pending = None;
            self.read_colon_pairs(n, line, &pairs);
            return;
        }

        if line.contains('\t') {
            let cells: Vec<&str> = raw.split('\t').map(trim_line).collect();
            let filled: Vec<&str> = cells.iter().copied().filter(|c| !c.is_empty()).collect();
            if filled.len() > MAX_ROW_CELLS {
                match self.pending.take() {
                    Some(field) if field != Field::Ignored => {
                        self.set_field(field, &filled.join(" "), n, line)
                    }
                    _ => self.diag(n, line, LineIssue::NotUnderstood),
                }
                return;
            }
            if filled.len() >= 2 {
                let labels: Vec<Option<Field>> = filled
                    .iter()
                    .map(|c| normalise_label(c).and_then(|l| label_field(&l)))
                    .collect();
                let label_count = labels.iter().filter(|l| l.is_some()).count();
                if label_count == filled.len()
                    || (label_count >= 3 && label_count * 2 > filled.len())
                {
                    self.pending = None;
                    self.read_header_row(n, line, &cells);
                    return;
                }
                if labels.first().copied().flatten().is_some() {
                    self.pending = None;
                    self.read_token_pairs(n, line, &filled);
                    self.votes.detail += 1;
                    return;
                }
                match self.pending.take() {
                    Some(field) if field != Field::Ignored => {
                        self.set_field(field, &filled.join(" "), n, line);
                    }
                    _ => self.read_list_row(n, line, &cells),
                }
                return;
            }
        }

        if let Some(field) = label_field(norm) {
            self.pending = Some(field);
            self.last_field = None;
            self.votes.detail += 1;
            return;
        }

        let tokens: Vec<&str> = line
            .split(|c: char| is_space(c) || c == '\t')
            .filter(|t| !t.is_empty())
            .collect();
        if tokens.len() >= 2
            && normalise_label(tokens[0])
                .and_then(|l| label_field(&l))
                .is_some()
        {
            self.pending = None;
            self.read_token_pairs(n, line, &tokens);
            self.votes.detail += 1;
            return;
        }

        if let Some(field) = self.pending.take() {
            self.set_field(field, line, n, line);
            return;
        }

        if is_domain_list(line) {
            self.set_field(Field::Domain, line, n, line);
            self.votes.bare += 1;
            return;
        }

        if is_whole_number(line) {
            self.set_field(Field::AnyNumber, line, n, line);
            self.votes.bare += 1;
            return;
        }

        if (3..=MAX_ROW_CELLS).contains(&tokens.len())
            && self.read_guessed_row(n, line, &tokens, true)
        {
            self.votes.list += 1;
            return;
        }

        if line.len() <= MAX_NUMBER_LINE_BYTES {
            let found = find_numbers(line);
            let usable: Vec<_> = found
                .into_iter()
                .filter(|m| !matches!(m.number, AnyNumber::NotReal { .. }))
                .collect();
            if !usable.is_empty() {
                // The numbers are used; the rest of the line was not understood.
                self.diag(n, line, LineIssue::NotUnderstood);
                for m in usable {
                    self.set_field(Field::AnyNumber, m.raw(line), n, line);
                }
                self.votes.bare += 1;
                return;
            }
        }
        self.diag(n, line, LineIssue::NotUnderstood);
    }

    fn read_colon_pairs(&mut self, n: usize, line: &str, pairs: &[ColonPair]) {
        self.votes.labelled += 1;
        let prefix = pairs.first().map_or("", |p| &line[..p.label_start]);
        let prefix_norm = normalise_label(prefix);
        let prefix_ok = prefix_norm
            .as_deref()
            .is_some_and(|p| p.is_empty() || section_header(p).is_some() || is_ui_word(p));
        if !prefix_ok {
            self.diag(n, line, LineIssue::NotUnderstood);
        }
        for (i, pair) in pairs.iter().enumerate() {
            let end = pairs.get(i + 1).map_or(line.len(), |p| p.label_start);
            let value = trim_value(&line[pair.value_start..end]);
            if value.is_empty() {
                if i + 1 == pairs.len() {
                    self.pending = Some(pair.field);
                }
                continue;
            }
            self.set_field(pair.field, value, n, line);
        }
    }

    /// `label value label value ...` cells or tokens (a value may span several).
    fn read_token_pairs(&mut self, n: usize, line: &str, tokens: &[&str]) {
        let mut current: Option<(Field, Vec<&str>)> = None;
        for token in tokens {
            let field = normalise_label(token).and_then(|l| label_field(&l));
            match (field, &mut current) {
                (Some(field), _) => {
                    if let Some((f, values)) = current.take() {
                        self.set_field(f, &values.join(" "), n, line);
                    }
                    current = Some((field, Vec::new()));
                }
                (None, Some((_, values))) => values.push(token),
                (None, None) => self.diag(n, line, LineIssue::NotUnderstood),
            }
        }
        if let Some((f, values)) = current {
            if values.is_empty() {
                self.pending = Some(f);
            } else {
                self.set_field(f, &values.join(" "), n, line);
            }
        }
    }

    fn read_header_row(&mut self, n: usize, line: &str, cells: &[&str]) {
        let mut columns: Vec<Option<Field>> = cells
            .iter()
            .map(|c| normalise_label(c).and_then(|l| label_field(&l)))
            .collect();
        let unknown = cells
            .iter()
            .zip(&columns)
            .any(|(c, f)| !c.is_empty() && f.is_none());
        if unknown {
            self.diag(n, line, LineIssue::NotUnderstood);
        }
        // Trailing empty cells (a copied row ends in tabs) are not columns.
        let width = cells
            .iter()
            .rposition(|c| !c.is_empty())
            .map_or(0, |i| i + 1);
        columns.truncate(width);
        self.columns = Some(columns);
        self.last_field = None;
    }

    /// A tab-separated MIIT list row: by the header's columns when it fits, else by content.
    fn read_list_row(&mut self, n: usize, line: &str, cells: &[&str]) {
        let mut len = cells.len();
        while len > 0 && cells[len - 1].is_empty() {
            len -= 1;
        }
        let cells = &cells[..len];
        let columns = self.columns.take();
        let fits = columns.as_ref().is_some_and(|c| c.len() == cells.len());
        if let (true, Some(columns)) = (fits, columns.as_ref()) {
            let assigned: Vec<(Field, &str)> = cells
                .iter()
                .zip(columns)
                .filter_map(|(c, f)| f.map(|f| (f, *c)))
                .filter(|(f, c)| *f != Field::Ignored && !c.is_empty() && !is_ui_word(c))
                .collect();
            if assigned.is_empty() {
                self.diag(n, line, LineIssue::NotUnderstood);
            } else {
                self.apply_row(n, line, &assigned);
                self.votes.list += 1;
            }
        } else {
            let filled: Vec<&str> = cells.iter().copied().filter(|c| !c.is_empty()).collect();
            if self.read_guessed_row(n, line, &filled, false) {
                self.votes.list += 1;
            } else {
                self.diag(n, line, LineIssue::NotUnderstood);
            }
        }
        self.columns = columns;
    }

    /// Read a row without a header by what its cells look like; `false` (and nothing used)
    /// when nothing anchors it as a MIIT row: a number or a domain for tab-separated cells; a
    /// number plus a 主办单位性质 or a date for space-separated ones (`strict`), so that a
    /// sentence holding a number is not mistaken for a row.
    fn read_guessed_row(&mut self, n: usize, line: &str, cells: &[&str], strict: bool) -> bool {
        let mut assigned: Vec<(Field, &str)> = Vec::new();
        let mut seen_number = false;
        let mut anchored = false;
        let mut unknown = false;
        let mut has_unit = false;
        let mut has_name = false;
        let mut has_home = false;
        let mut has_row_cell = false;
        for (i, cell) in cells.iter().enumerate() {
            let norm = normalise_label(cell).unwrap_or_default();
            if is_ui_word(&norm) || is_yes_no(&norm) {
                continue;
            }
            if i == 0 && cell.len() <= 6 && cell.bytes().all(|b| b.is_ascii_digit()) {
                continue; // 序号
            }
            if label_field(&norm) == Some(Field::Ignored) {
                continue;
            }
            if is_nature(&norm) {
                assigned.push((Field::Nature, cell));
                has_row_cell = true;
            } else if is_date(cell) {
                assigned.push((Field::Approved, cell));
                has_row_cell = true;
            } else if read_number(cell).is_some() {
                assigned.push((Field::AnyNumber, cell));
                seen_number = true;
                anchored = true;
            } else if is_domain_list(cell) {
                let field = if is_home_address(cell) && !has_home {
                    has_home = true;
                    Field::HomeUrl
                } else {
                    Field::Domain
                };
                assigned.push((field, cell));
                anchored |= !strict;
            } else if !seen_number && !has_unit {
                assigned.push((Field::UnitName, cell));
                has_unit = true;
            } else if !has_name {
                assigned.push((Field::SiteName, cell));
                has_name = true;
            } else {
                unknown = true;
            }
        }
        if !anchored || (strict && !(seen_number && has_row_cell)) {
            return false;
        }
        if unknown {
            self.diag(n, line, LineIssue::NotUnderstood);
        }
        self.apply_row(n, line, &assigned);
        true
    }

    /// One list row is one site (rows of the same site number merge).
    fn apply_row(&mut self, n: usize, line: &str, assigned: &[(Field, &str)]) {
        self.flush();
        self.section = Section::None;
        for (field, value) in assigned {
            self.set_field(*field, value, n, line);
        }
        self.flush();
    }

    /// Read the paste as JSON: one or more values, each searched for objects with record keys.
    fn read_json(&mut self, text: &str) {
        self.votes.json = true;
        self.json_cursor = (0, 1);
        let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
        let mut found = false;
        let mut failed = false;
        for value in stream.by_ref() {
            match value {
                Ok(value) => found |= self.read_json_value(&value, text),
                Err(e) => {
                    let line = e.line().max(1);
                    let line_text = split_lines(text).nth(line - 1).unwrap_or("");
                    self.diag(line, line_text, LineIssue::BadJson);
                    failed = true;
                    break;
                }
            }
        }
        if !found && !failed {
            let first = split_lines(text)
                .find(|l| !trim_line(l).is_empty())
                .unwrap_or("");
            self.diag(1, first, LineIssue::NotUnderstood);
        }
    }

    /// Walk a JSON value (without recursion) and read every object that has record keys.
    fn read_json_value(&mut self, root: &Value, text: &str) -> bool {
        let mut found = false;
        let mut stack = vec![root];
        while let Some(value) = stack.pop() {
            match value {
                Value::Object(map) => {
                    let is_item = map.iter().any(|(k, v)| {
                        json_field(k).is_some_and(|f| f != Field::Ignored) && json_text(v).is_some()
                    });
                    if is_item {
                        self.read_json_item(map, text);
                        found = true;
                    } else {
                        stack.extend(map.values().rev());
                    }
                }
                Value::Array(items) => stack.extend(items.iter().rev()),
                _ => {}
            }
        }
        found
    }

    fn read_json_item(&mut self, map: &serde_json::Map<String, Value>, text: &str) {
        self.flush();
        self.section = Section::None;
        // Entity keys first, then the site's, whatever order the map keeps. Three passes in map
        // order rather than a stable sort, whose code is 4 KB of the wasm (issue #8).
        let fields: Vec<(Field, &str, String)> = map
            .iter()
            .filter_map(|(k, v)| Some((json_field(k)?, k.as_str(), json_text(v)?)))
            .collect();
        let rank = |f: &Field| match f {
            Field::EntityNumber | Field::UnitName | Field::Nature => 0,
            Field::SiteNumber => 1,
            _ => 2,
        };
        let ordered =
            (0..3).flat_map(|pass| fields.iter().filter(move |(f, _, _)| rank(f) == pass));
        for (field, key, value) in ordered {
            let (field, key) = (*field, *key);
            // Lines are looked up only for values that get a diagnostic (line 0 until then).
            let before = self.rec.diagnostics.len();
            self.set_field(field, value, 0, &format!("{key}: {value}"));
            if self.rec.diagnostics.len() > before {
                let line = self.json_line(text, value);
                for d in &mut self.rec.diagnostics[before..] {
                    d.line = line;
                }
            }
        }
        self.flush();
    }

    /// The line of `needle`'s next occurrence in `text`, searching forward from the last one
    /// found (values are met in paste order, mostly). A search that fails leaves the cursor
    /// where it was; after `MAX_JSON_MISSES` failures the last line found is used from then
    /// on, so the searches stay linear in the paste.
    fn json_line(&mut self, text: &str, needle: &str) -> usize {
        let (offset, line) = self.json_cursor;
        if self.json_misses >= MAX_JSON_MISSES || needle.is_empty() {
            return line;
        }
        match text.get(offset..).and_then(|rest| rest.find(needle)) {
            Some(i) => {
                let line = line + text[offset..offset + i].matches('\n').count();
                self.json_cursor = (offset + i, line);
                line
            }
            None => {
                self.json_misses += 1;
                line
            }
        }
    }
}

/// A JSON value as record text: a string, an array of strings joined by spaces, a number.
fn json_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !trim_value(s).is_empty() => Some(s.clone()),
        Value::Array(items) => {
            let parts: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        }
        _ => None,
    }
}

/// Set an entity-level text once; `false` when it already holds a different value.
fn set_once(slot: &mut Option<String>, value: &str) -> bool {
    match slot {
        None => {
            *slot = Some(value.to_string());
            true
        }
        Some(old) => old == value,
    }
}

/// Whether a whole line is exactly one number.
fn is_whole_number(line: &str) -> bool {
    let value = trim_value(line);
    !value.is_empty() && value.len() <= MAX_NUMBER_VALUE_BYTES && parse_number(value).is_some()
}

/// Merge a later row of the same site into the earlier one: fill what it lacks, add domains.
fn merge_site(old: &mut SiteRecord, new: SiteRecord) {
    if old.number.is_none() {
        old.number = new.number;
    }
    if old.number_raw.is_none() {
        old.number_raw = new.number_raw;
    }
    if old.name.is_none() {
        old.name = new.name;
    }
    if old.home_url.is_none() {
        old.home_url = new.home_url;
    }
    if old.approved.is_none() {
        old.approved = new.approved;
    }
    if old.mps.is_none() {
        old.mps = new.mps;
    }
    old.domains.extend(new.domains);
}

impl Builder {
    fn finish(mut self) -> Record {
        self.flush();
        let mut rec = self.rec;
        for site in &mut rec.sites {
            if site.domains.is_empty() {
                if let Some(home) = &site.home_url {
                    site.domains = split_domains(home).0;
                }
            }
            let mut seen = HashSet::new();
            site.domains.retain(|d| seen.insert(d.clone()));
        }
        if rec.entity.is_none() {
            rec.entity = rec
                .sites
                .iter()
                .filter_map(|s| s.number.as_ref())
                .find(|n| n.sequence.is_some())
                .map(FilingNumber::entity);
        }
        let v = &self.votes;
        let anything = rec.entity.is_some()
            || rec.entity_raw.is_some()
            || rec.unit_name.is_some()
            || rec.nature.is_some()
            || !rec.licences.is_empty()
            || rec.mps.is_some()
            || !rec.sites.is_empty();
        rec.format = if v.json {
            RecordFormat::Json
        } else if !anything && v.list + v.detail + v.labelled + v.bare == 0 {
            RecordFormat::Empty
        } else if v.list > 0 && v.list >= v.detail && v.list >= v.labelled {
            RecordFormat::MiitList
        } else if v.detail > 0 && v.detail >= v.labelled {
            RecordFormat::MiitDetail
        } else if v.labelled > 0 {
            RecordFormat::Labelled
        } else if v.bare > 0 {
            RecordFormat::BareNumber
        } else {
            RecordFormat::Empty
        };
        rec
    }
}
