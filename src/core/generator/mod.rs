//! The software that made the page (its generator: Hexo, WordPress, Hugo, ...) and its theme,
//! told from the page's own marks, and the fixes written in that software's terms.
//!
//! Two data tables hold all the knowledge: `detect::GENERATORS` / `detect::THEMES` (how each
//! one shows itself: `<meta name="generator">`, asset paths, element classes, credit links) and
//! `fixes::FIXES` (which setting of which generator and theme fixes which reason). Adding a
//! generator is adding rows there and messages in the locales; docs/GENERATORS.md says how.
//!
//! The generator only ever adds advice: it never changes a verdict, a reason or evidence, so a
//! page that lies in its meta tags gets wrong advice at worst, never a wrong result.

pub mod detect;
pub mod fixes;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use detect::detect;
pub use fixes::attach_fixes;

/// The generator (and theme) a page was made with, as `#report-json` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Generator {
    /// Lower-case id (`hexo`, `wordpress`, `zblogphp`).
    pub id: String,
    /// Its name as its makers write it (`Hexo`, `WordPress`, `Z-BlogPHP`).
    pub name: String,
    /// The version the page states, if any (`7.3.0`).
    pub version: Option<String>,
    /// Lower-case theme id (`next`, `fluid`, `twentyfifteen`), when it can be told.
    pub theme: Option<String>,
}

/// A fix in the generator's own terms, shown next to a check's usual fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneratorFix {
    /// The locale key of the sentence (`gfix_hexo_next_icp`).
    pub key: String,
    /// The sentence's placeholder values by lower-case name: `generator` (the generator and
    /// theme names), `number` (the number to show), `mps` and `mps_code` (the 公安 number and
    /// its 14 digits), `theme` (the theme id).
    pub values: BTreeMap<String, String>,
}
