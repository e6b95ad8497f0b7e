//! Why a piece of text cannot be seen, and what lies behind an element: the codes the
//! visibility rules of RULES.md ("Only visible text counts") report, and the opacity floor.

use serde::{Deserialize, Serialize};

use crate::core::checks::colour::Rgba;

/// Effective opacity below which an element counts as transparent.
pub const MIN_OPACITY: f64 = 0.05;

/// Why a piece of text cannot be seen. Serialised as the evidence `value` of
/// `number_hidden_only`; the locales name each one (`hidden_by_<code>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HiddenBy {
    /// `display: none` on it or an ancestor (or a closed `<details>`, `hidden`, ...).
    DisplayNone,
    /// `visibility: hidden` or `collapse`.
    VisibilityHidden,
    /// Opacity (multiplied over ancestors) is about 0, or the text colour is fully transparent.
    Transparent,
    /// The text has no size (`font-size: 0`, `transform: scale(0)`, an empty box).
    ZeroSize,
    /// Cut away by an ancestor's `overflow`, `clip` or `clip-path`.
    Clipped,
    /// Positioned outside the page (`left: -9999px`, `text-indent: -9999px`).
    OffScreen,
    /// The text has the colour of its background.
    SameColour,
    /// Inside `aria-hidden="true"`.
    AriaHidden,
    /// Right-to-left control characters inside it show its characters out of order (set by
    /// `page_numbers`, which sees the number's text).
    Reordered,
}

impl HiddenBy {
    /// The stable code (`display_none`, ...).
    pub fn code(self) -> &'static str {
        match self {
            HiddenBy::DisplayNone => "display_none",
            HiddenBy::VisibilityHidden => "visibility_hidden",
            HiddenBy::Transparent => "transparent",
            HiddenBy::ZeroSize => "zero_size",
            HiddenBy::Clipped => "clipped",
            HiddenBy::OffScreen => "off_screen",
            HiddenBy::SameColour => "same_colour",
            HiddenBy::AriaHidden => "aria_hidden",
            HiddenBy::Reordered => "reordered",
        }
    }
}

/// The colour behind an element, as far as computed styles tell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Backdrop {
    /// A known colour.
    Colour(Rgba),
    /// An image (or something we cannot read) is behind: no colour comparison.
    Unknown,
}
