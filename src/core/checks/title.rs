//! The `title` check: the page `<title>` holds the filed site name, whole.

use crate::core::checks::context::CheckContext;
use crate::core::fold::{fold_width, is_invisible, is_space};
use crate::core::report::{CheckResult, Evidence, Reason};

/// How a page title relates to a filed site name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleMatch {
    /// The title is the name.
    Equal,
    /// The title contains the name whole (name + description, description + name).
    Contains,
    /// Only after ignoring spaces, letter case and full/half-width forms.
    Loose,
    /// The name is not in the title.
    Missing,
}

/// Fold a string for the loose comparison: half-width forms, lower case, no spaces or
/// invisible characters. Lower case is ASCII's, after width folding (so `ＡＢＣ` matches `abc`):
/// Unicode's case tables would add 19 KB to the wasm for letters site names do not use.
pub fn fold_for_title(text: &str) -> String {
    text.chars()
        .map(fold_width)
        .filter(|c| !is_space(*c) && !is_invisible(*c))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Compare a page title with a filed site name.
pub fn match_title(title: &str, name: &str) -> TitleMatch {
    let (title, name) = (title.trim(), name.trim());
    if name.is_empty() {
        return TitleMatch::Missing;
    }
    if title == name {
        TitleMatch::Equal
    } else if title.contains(name) {
        TitleMatch::Contains
    } else {
        let name = fold_for_title(name);
        if !name.is_empty() && fold_for_title(title).contains(&name) {
            TitleMatch::Loose
        } else {
            TitleMatch::Missing
        }
    }
}

/// Run the check.
pub fn check(ctx: &CheckContext) -> CheckResult {
    let title = ctx.view.facts.title.trim();
    let Some(name) = ctx.site_name() else {
        return CheckResult::new(
            Reason::TitleNoRecordName,
            Evidence {
                found: Some(title.to_string()),
                ..Default::default()
            },
        );
    };
    let evidence = Evidence {
        found: Some(title.to_string()),
        expected: Some(name.to_string()),
        ..Default::default()
    };
    if title.is_empty() {
        return CheckResult::new(Reason::TitleEmpty, evidence);
    }
    let reason = match match_title(title, name) {
        TitleMatch::Equal => Reason::TitleEqual,
        TitleMatch::Contains => Reason::TitleContains,
        TitleMatch::Loose => Reason::TitleLooseMatch,
        TitleMatch::Missing => Reason::TitleMissingName,
    };
    CheckResult::new(reason, evidence)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_matching_table() {
        use TitleMatch::*;
        let cases: &[(&str, &str, TitleMatch)] = &[
            ("示例商城", "示例商城", Equal),
            ("  示例商城 ", "示例商城", Equal),
            ("示例商城 - 正品低价", "示例商城", Contains),
            ("正品低价 | 示例商城", "示例商城", Contains),
            ("首页_示例商城_官网", "示例商城", Contains),
            ("示例 商城", "示例商城", Loose),
            ("示例\u{3000}商城", "示例商城", Loose),
            ("示例\u{200B}商城", "示例商城", Loose),
            ("Example Shop", "example shop", Loose),
            ("EXAMPLESHOP官网", "Example Shop", Loose),
            ("ＡＢＣ商城", "ABC商城", Loose),
            ("abc商城", "ＡＢＣ商城", Loose),
            ("首页", "示例商城", Missing),
            ("示例", "示例商城", Missing),
            ("示例商", "示例商城", Missing),
            ("商城示例", "示例商城", Missing),
            ("", "示例商城", Missing),
            ("示例商城", "", Missing),
        ];
        for (title, name, want) in cases {
            assert_eq!(match_title(title, name), *want, "{title:?} vs {name:?}");
        }
    }
}
