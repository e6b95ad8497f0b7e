//! Label synonyms: every label, section header and MIIT page word the text formats know.
//!
//! Owns `Field` (what a label fills), `Section` (the MIIT detail page section being read), the
//! synonym table and the normalisation a label is compared in. JSON keys are in `json.rs`.

use crate::core::fold::{fold_width, is_invisible, is_space};

/// Longest label, in normalised characters.
pub(super) const MAX_LABEL_CHARS: usize = 16;
/// Longest text looked up as a label or header, in bytes.
const MAX_LABEL_BYTES: usize = 160;

/// What a label (or a JSON key) fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
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
pub(super) enum Section {
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
pub(super) fn label_field(norm: &str) -> Option<Field> {
    if norm.is_empty() || norm.len() > MAX_LABEL_CHARS * 4 {
        return None;
    }
    LABELS
        .iter()
        .find(|(_, names)| names.contains(&norm))
        .map(|(field, _)| *field)
}

/// The section a normalised line opens, if it is a section header or page chrome.
pub(super) fn section_header(norm: &str) -> Option<Section> {
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
pub(super) fn is_ui_word(norm: &str) -> bool {
    matches!(
        norm,
        "详情" | "查看详情" | "查看" | "操作" | "返回" | "关闭" | "更多"
    )
}

/// Colons that end a label: ASCII, full-width, small and ratio.
pub(super) fn is_colon(c: char) -> bool {
    matches!(c, ':' | '：' | '﹕' | '∶')
}

/// Characters decorating a label or header that carry no meaning (`*网站名称`, `【主体信息】`).
pub(super) fn is_decoration(c: char) -> bool {
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

/// Folded, space-free, ASCII upper-case form of a short text, decorations trimmed from both
/// ends; `None` when the text is too long to be a label.
pub(super) fn normalise_label(text: &str) -> Option<String> {
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
