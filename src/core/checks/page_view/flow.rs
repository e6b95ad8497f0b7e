//! Text assembly in the page view: which elements continue their parent's line of reading
//! (inline level), and the landmark (`footer`, `header`, ...) a text belongs to.

use crate::core::facts::ElementFact;

/// Whether a computed `display` keeps the element inside its parent's line of reading.
pub(super) fn is_inline_level(display: &str) -> bool {
    let d = display.trim();
    d.is_empty() || d.starts_with("inline") || d == "contents" || d.starts_with("ruby")
}

/// The landmark an element opens, by tag or ARIA role.
pub(super) fn landmark_of(el: &ElementFact) -> Option<&'static str> {
    match (el.tag.as_str(), el.role.trim()) {
        (_, "contentinfo") | ("footer", _) => Some("footer"),
        (_, "banner") | ("header", _) => Some("header"),
        (_, "navigation") | ("nav", _) => Some("nav"),
        (_, "complementary") | ("aside", _) => Some("aside"),
        (_, "main") | ("main", _) => Some("main"),
        _ => None,
    }
}
