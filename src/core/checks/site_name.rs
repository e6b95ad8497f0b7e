//! The `site_name` check: the filed site name avoids words that need a national body or
//! pre-approval, and a personal (个人) filing does not use a company form. Always a warning,
//! never a failure: provinces differ in how strictly they apply these.

use crate::core::checks::context::CheckContext;
use crate::core::report::{CheckResult, Evidence, Reason};

/// Words that imply a national body, news, interactive services or a pre-approved field.
pub const RESTRICTED_WORDS: &[&str] = &[
    // National or state bodies.
    "中国", "中华", "中央", "国家", "全国", "国际", "人民", "人大", "中共", "政府", "政务",
    // News: needs a news information service licence.
    "新闻", "时政", // Interactive services: need a separate security assessment.
    "论坛", "社区", "BBS", "bbs", "聊天", "交友", "直播",
    // Fields that need pre-approval (前置审批).
    "医疗", "医院", "药品", "金融", "理财", "贷款", "彩票", "出版", "视频", "影视",
];

/// Company forms a personal filing must not use.
pub const COMPANY_FORMS: &[&str] = &["公司", "有限", "集团", "企业", "工作室", "商行"];

/// The first restricted word in `name`, if any.
pub fn restricted_word(name: &str) -> Option<&'static str> {
    RESTRICTED_WORDS.iter().copied().find(|w| name.contains(w))
}

/// The first company form in `name`, if any.
pub fn company_form(name: &str) -> Option<&'static str> {
    COMPANY_FORMS.iter().copied().find(|w| name.contains(w))
}

/// Run the check.
pub fn check(ctx: &CheckContext) -> CheckResult {
    let Some(name) = ctx.site_name() else {
        return CheckResult::new(Reason::SiteNameNoName, Evidence::default());
    };
    let found = Some(name.to_string());
    if let Some(word) = restricted_word(name) {
        return CheckResult::new(
            Reason::SiteNameRestrictedWord,
            Evidence {
                found,
                value: Some(word.to_string()),
                ..Default::default()
            },
        );
    }
    let personal = ctx
        .record
        .nature
        .as_deref()
        .is_some_and(|n| n.contains("个人"));
    if personal {
        if let Some(word) = company_form(name) {
            return CheckResult::new(
                Reason::SiteNameCompanyForm,
                Evidence {
                    found,
                    value: Some(word.to_string()),
                    ..Default::default()
                },
            );
        }
    }
    CheckResult::new(
        Reason::SiteNameOk,
        Evidence {
            found,
            ..Default::default()
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        let cases: &[(&str, Option<&str>, Option<&str>)] = &[
            ("示例商城", None, None),
            ("中国示例网", Some("中国"), None),
            ("示例新闻网", Some("新闻"), None),
            ("示例技术论坛", Some("论坛"), None),
            ("张三的博客", None, None),
            ("示例科技有限公司官网", None, Some("公司")),
            ("小明工作室", None, Some("工作室")),
        ];
        for (name, restricted, company) in cases {
            assert_eq!(restricted_word(name), *restricted, "{name}");
            assert_eq!(company_form(name), *company, "{name}");
        }
    }
}
