//! Frames in the page view: a same-origin frame's document hangs under its `<iframe>` or
//! `<frame>` element; the frame box decides what of that document can be seen.

use crate::core::facts::{ElementFact, PageFacts, Rect};

use super::geometry::{view_off_page, MIN_READABLE_PX};

/// Whether the element is a frame whose document may hang under it.
pub(super) fn is_frame(el: &ElementFact) -> bool {
    matches!(el.tag.as_str(), "iframe" | "frame")
}

/// Whether a frame box is too small to show anything of its document.
pub(super) fn frame_box_too_small(el: &ElementFact) -> bool {
    is_frame(el) && !(el.rect.width >= MIN_READABLE_PX && el.rect.height >= MIN_READABLE_PX)
}

/// Whether a frame box lies off its page (`page`: the page the frame itself is on), so that
/// nothing of its document shows.
pub(super) fn frame_off_page(facts: &PageFacts, page: Option<&Rect>, el: &ElementFact) -> bool {
    is_frame(el) && view_off_page(facts, page, &el.rect)
}
