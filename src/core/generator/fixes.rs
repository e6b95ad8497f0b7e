//! Fixes in the generator's own terms: a table keyed by generator, theme and reason code, each
//! row naming the locale key of a sentence that says which file or screen, which setting and
//! which value. Sources for each row are in docs/GENERATORS.md.

use std::collections::BTreeMap;

use crate::core::generator::detect::{generator_signature, theme_name};
use crate::core::generator::{Generator, GeneratorFix};
use crate::core::report::{CheckResult, Reason, Verdict};
use crate::core::snippet::Snippet;

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct FixRow {
    /// The generator's id.
    pub generator: &'static str,
    /// The themes the row is for; empty: any theme (or none known).
    pub themes: &'static [&'static str],
    /// The reasons it fixes.
    pub reasons: &'static [Reason],
    /// The locale key of its sentence (`gfix_...`).
    pub key: &'static str,
}

/// The number shown is missing or is not the record's.
pub const ICP: &[Reason] = &[
    Reason::NumberMissing,
    Reason::NumberSiteRequired,
    Reason::NumberOtherOnly,
    Reason::NumberAppOnly,
    Reason::NumberPlaceholderOnly,
];

/// The number is there but not linked, or linked to the wrong place.
pub const LINK: &[Reason] = &[
    Reason::LinkHttp,
    Reason::LinkNotLinked,
    Reason::LinkEmptyHref,
    Reason::LinkOldAddress,
    Reason::LinkWrongRegistry,
    Reason::LinkOtherTarget,
];

/// Anything wrong with the 公安 line.
pub const MPS: &[Reason] = &[
    Reason::MpsNotLinked,
    Reason::MpsOldAddress,
    Reason::MpsOtherTarget,
    Reason::MpsCodeMismatch,
    Reason::MpsNumberMismatch,
    Reason::MpsMissingOnPage,
];

/// The bundled WordPress themes that show the Chinese language pack's ICP备案号 setting.
const WP_TWENTY: &[&str] = &[
    "twentyten",
    "twentyeleven",
    "twentytwelve",
    "twentythirteen",
    "twentyfourteen",
    "twentyfifteen",
];

const fn row(
    generator: &'static str,
    themes: &'static [&'static str],
    reasons: &'static [Reason],
    key: &'static str,
) -> FixRow {
    FixRow {
        generator,
        themes,
        reasons,
        key,
    }
}

/// The table, read top to bottom: theme rows before a generator's any-theme rows.
pub const FIXES: &[FixRow] = &[
    row("hexo", &["next"], ICP, "gfix_hexo_next_icp"),
    row("hexo", &["next"], LINK, "gfix_hexo_next_icp"),
    row("hexo", &["next"], MPS, "gfix_hexo_next_mps"),
    row("hexo", &["fluid"], ICP, "gfix_hexo_fluid_icp"),
    row("hexo", &["fluid"], LINK, "gfix_hexo_fluid_link"),
    row("hexo", &["fluid"], MPS, "gfix_hexo_fluid_mps"),
    row("hexo", &["butterfly"], ICP, "gfix_hexo_butterfly_footer"),
    row("hexo", &["butterfly"], LINK, "gfix_hexo_butterfly_footer"),
    row("hexo", &["butterfly"], MPS, "gfix_hexo_butterfly_footer"),
    row("hugo", &["stack"], ICP, "gfix_hugo_stack_footer"),
    row("hugo", &["stack"], LINK, "gfix_hugo_stack_footer"),
    row("hugo", &["stack"], MPS, "gfix_hugo_stack_footer"),
    row("hugo", &["papermod"], ICP, "gfix_hugo_papermod_icp"),
    row("hugo", &["papermod"], LINK, "gfix_hugo_papermod_icp"),
    row("hugo", &["papermod"], MPS, "gfix_hugo_papermod_mps"),
    row("wordpress", WP_TWENTY, ICP, "gfix_wordpress_twenty_icp"),
    row("wordpress", WP_TWENTY, LINK, "gfix_wordpress_twenty_link"),
    row("wordpress", &[], ICP, "gfix_wordpress_footer"),
    row("wordpress", &[], LINK, "gfix_wordpress_footer"),
    row("wordpress", &[], MPS, "gfix_wordpress_footer"),
    row("typecho", &[], ICP, "gfix_typecho_footer"),
    row("typecho", &[], LINK, "gfix_typecho_footer"),
    row("typecho", &[], MPS, "gfix_typecho_footer"),
    row("halo", &["earth"], ICP, "gfix_halo_earth_icp"),
    row("halo", &["earth"], LINK, "gfix_halo_earth_link"),
    row("halo", &["earth"], MPS, "gfix_halo_earth_mps"),
    row("vitepress", &[], ICP, "gfix_vitepress_footer"),
    row("vitepress", &[], LINK, "gfix_vitepress_footer"),
    row("vitepress", &[], MPS, "gfix_vitepress_footer"),
    row("discuz", &[], ICP, "gfix_discuz_icp"),
    row("discuz", &[], LINK, "gfix_discuz_icp"),
    row("discuz", &[], MPS, "gfix_discuz_mps"),
    row("dedecms", &[], ICP, "gfix_dedecms_beian"),
    row("dedecms", &[], LINK, "gfix_dedecms_beian"),
    row("dedecms", &[], MPS, "gfix_dedecms_mps"),
    row("zblogphp", &[], ICP, "gfix_zblogphp_copyright"),
    row("zblogphp", &[], LINK, "gfix_zblogphp_copyright"),
    row("zblogphp", &[], MPS, "gfix_zblogphp_copyright"),
];

/// The row for `reason` on a page made with `generator`, if any.
pub fn fix_row(generator: &Generator, reason: Reason) -> Option<&'static FixRow> {
    let theme = generator.theme.as_deref();
    FIXES.iter().find(|r| {
        r.generator == generator.id
            && r.reasons.contains(&reason)
            && (r.themes.is_empty() || theme.is_some_and(|t| r.themes.contains(&t)))
    })
}

/// Give each failing or warning check that has a row its `generator_fix`, filled from the
/// snippet (the number to show, the 公安 number). Verdicts, reasons and evidence stay as they
/// are; a check whose sentence would lack its value (no number, no 公安 number) gets none.
pub fn attach_fixes(
    checks: &mut [CheckResult],
    generator: Option<&Generator>,
    snippet: Option<&Snippet>,
) {
    let (Some(generator), Some(snippet)) = (generator, snippet) else {
        return;
    };
    for check in checks.iter_mut() {
        if !matches!(check.verdict, Verdict::Warn | Verdict::Fail) {
            continue;
        }
        let Some(row) = fix_row(generator, check.reason) else {
            continue;
        };
        if MPS.contains(&check.reason) && snippet.mps.is_none() {
            continue;
        }
        check.generator_fix = Some(GeneratorFix {
            key: row.key.to_string(),
            values: values(generator, snippet),
        });
    }
}

/// The placeholder values every generator sentence may use.
fn values(generator: &Generator, snippet: &Snippet) -> BTreeMap<String, String> {
    let mut values = BTreeMap::new();
    let name = generator_signature(&generator.id).map_or(generator.name.as_str(), |g| g.name);
    let label = match &generator.theme {
        Some(theme) => format!("{name} · {}", theme_name(&generator.id, theme)),
        None => name.to_string(),
    };
    values.insert("generator".to_string(), label);
    values.insert("number".to_string(), snippet.number.clone());
    if let Some(theme) = &generator.theme {
        values.insert("theme".to_string(), theme.clone());
    }
    if let Some(mps) = &snippet.mps {
        values.insert("mps".to_string(), mps.clone());
        let digits: String = mps.chars().filter(char::is_ascii_digit).collect();
        values.insert("mps_code".to_string(), digits);
    }
    values
}
