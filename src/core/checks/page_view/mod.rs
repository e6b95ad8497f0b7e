//! `PageView`: what the page looks like to a person, derived once from `PageFacts` and shared
//! by every check. Owns the visibility rules of RULES.md ("Only visible text counts": display,
//! visibility, opacity, zero size, clipping, off-screen, colour equal to background,
//! aria-hidden), block flow (so text split over inline elements reads as one line), landmarks,
//! and fixed positioning. Works in one pass over the elements (parents come before children),
//! so it is linear in the size of the facts.
//!
//! Frames: a same-origin frame's document hangs under its `<iframe>`/`<frame>` element. The
//! frame's own `visibility`, opacity and `display` hide its content (visibility does not
//! inherit into the frame's document, but the frame box is not painted); a frame box smaller
//! than `MIN_READABLE_PX` shows nothing; and the content's "page" for off-page tests is the
//! frame's document (its root element's box), not the top document: a frame scrolls.
//!
//! Split by concern: `visibility` (the hidden-by codes), `geometry` (clipping, off-page),
//! `frames` (a frame box and its document), `flow` (lines of reading and landmarks).

mod flow;
mod frames;
mod geometry;
mod visibility;

use crate::core::checks::colour::{parse_colour, CANVAS_WHITE};
use crate::core::facts::{PageFacts, Rect, TextSource};
use crate::core::report::Location;

use flow::{is_inline_level, landmark_of};
use frames::{frame_box_too_small, frame_off_page, is_frame};
use geometry::{clip_path_hides, clip_rect_hides, clips, view_off_page};
use visibility::Backdrop;

pub use geometry::MIN_READABLE_PX;
pub use visibility::{HiddenBy, MIN_OPACITY};

/// Facts derived for one element from it and its ancestors.
#[derive(Debug, Clone)]
struct ElementContext {
    hidden: Option<HiddenBy>,
    /// Whether `hidden` passes to every descendant, even one that turns `visibility` back on
    /// (a hidden frame: its document's own visibility cannot show it).
    hidden_sticks: bool,
    opacity: f64,
    backdrop: Backdrop,
    /// Visible region left by clipping ancestors: (left, top, right, bottom).
    clip: (f64, f64, f64, f64),
    fixed: bool,
    block: usize,
    landmark: Option<&'static str>,
    /// The page the element lies on when that is a frame's document; `None`: the top document.
    page: Option<Rect>,
}

/// The page as a reader sees it.
pub struct PageView<'a> {
    /// The facts it was built from.
    pub facts: &'a PageFacts,
    contexts: Vec<ElementContext>,
}

impl<'a> PageView<'a> {
    /// Derive the view of `facts`.
    pub fn new(facts: &'a PageFacts) -> PageView<'a> {
        let unbounded = (
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
            f64::INFINITY,
            f64::INFINITY,
        );
        let mut contexts: Vec<ElementContext> = Vec::with_capacity(facts.elements.len());
        for (i, el) in facts.elements.iter().enumerate() {
            let parent = el.parent.filter(|p| *p < i).map(|p| contexts[p].clone());
            let own_opacity = if el.opacity.is_finite() {
                el.opacity.clamp(0.0, 1.0)
            } else {
                1.0
            };
            let opacity = parent.as_ref().map_or(1.0, |p| p.opacity) * own_opacity;
            let fixed = el.position == "fixed" || parent.as_ref().is_some_and(|p| p.fixed);
            let own_bg = parse_colour(&el.background);
            let backdrop = if el.background_image {
                Backdrop::Unknown
            } else {
                match own_bg {
                    Some(c) if c.a >= 0.9 => Backdrop::Colour(c),
                    Some(c) if c.a <= 0.05 => parent
                        .as_ref()
                        .map_or(Backdrop::Colour(CANVAS_WHITE), |p| p.backdrop),
                    _ => Backdrop::Unknown,
                }
            };
            let mut clip = parent.as_ref().map_or(unbounded, |p| p.clip);
            // A fixed box escapes its ancestors' overflow (it is positioned on the viewport).
            if el.position == "fixed" {
                clip = unbounded;
            }
            let r = el.rect;
            if clips(&el.overflow_x) {
                clip.0 = clip.0.max(r.x);
                clip.2 = clip.2.min(r.right());
            }
            if clips(&el.overflow_y) {
                clip.1 = clip.1.max(r.y);
                clip.3 = clip.3.min(r.bottom());
            }
            let own = if !el.rendered {
                Some(HiddenBy::DisplayNone)
            } else if el.aria_hidden {
                Some(HiddenBy::AriaHidden)
            } else if clip_path_hides(&el.clip_path, &r) || clip_rect_hides(&el.clip) {
                Some(HiddenBy::Clipped)
            } else if frame_box_too_small(el) {
                Some(HiddenBy::ZeroSize)
            } else {
                None
            };
            // `visibility` is inherited but a child may turn it back on, so only the element's
            // own computed value counts; everything else hides the whole subtree. A frame's
            // document cannot turn it back on: a hidden frame box paints nothing.
            let parent_element = el
                .parent
                .filter(|p| *p < i)
                .and_then(|p| facts.elements.get(p));
            let enters_frame = parent_element.is_some_and(is_frame);
            let sticks = enters_frame || parent.as_ref().is_some_and(|p| p.hidden_sticks);
            let inherited = parent
                .as_ref()
                .and_then(|p| p.hidden)
                .filter(|h| sticks || *h != HiddenBy::VisibilityHidden);
            let own_visibility = matches!(el.visibility.trim(), "hidden" | "collapse")
                .then_some(HiddenBy::VisibilityHidden);
            let hidden = own.or(inherited).or(own_visibility);
            let hidden = hidden.or((opacity < MIN_OPACITY).then_some(HiddenBy::Transparent));
            let block = if is_inline_level(&el.display) {
                parent.as_ref().map_or(i, |p| p.block)
            } else {
                i
            };
            let landmark = landmark_of(el).or(parent.as_ref().and_then(|p| p.landmark));
            // A frame's document is its own page, which scrolls inside the frame box.
            let page = if enters_frame {
                Some(r)
            } else {
                parent.as_ref().and_then(|p| p.page)
            };
            // A frame box off the page shows nothing of its document.
            let hidden = hidden.or_else(|| {
                frame_off_page(facts, page.as_ref(), el).then_some(HiddenBy::OffScreen)
            });
            contexts.push(ElementContext {
                hidden,
                hidden_sticks: sticks && inherited.is_some(),
                opacity,
                backdrop,
                clip,
                fixed,
                block,
                landmark,
                page,
            });
        }
        PageView { facts, contexts }
    }

    /// Why the text at `index` cannot be seen, or `None` when a person can read it.
    /// Text that is not a DOM text node (alt, title, pseudo content) is judged by its box.
    pub fn text_hidden_by(&self, index: usize) -> Option<HiddenBy> {
        let Some(text) = self.facts.texts.get(index) else {
            return Some(HiddenBy::DisplayNone);
        };
        let Some(ctx) = self.contexts.get(text.element) else {
            return Some(HiddenBy::DisplayNone);
        };
        if let Some(h) = ctx.hidden {
            return Some(h);
        }
        let r = text.rect;
        if !(r.width >= MIN_READABLE_PX && r.height >= MIN_READABLE_PX) {
            return Some(HiddenBy::ZeroSize);
        }
        let (l, t, rt, b) = ctx.clip;
        let visible_w = rt.min(r.right()) - l.max(r.x);
        let visible_h = b.min(r.bottom()) - t.max(r.y);
        if !(visible_w >= MIN_READABLE_PX && visible_h >= MIN_READABLE_PX) {
            return Some(HiddenBy::Clipped);
        }
        if view_off_page(self.facts, ctx.page.as_ref(), &r) {
            return Some(HiddenBy::OffScreen);
        }
        let element = &self.facts.elements[text.element];
        if let Some(colour) = parse_colour(&element.color) {
            if colour.a * ctx.opacity < MIN_OPACITY {
                return Some(HiddenBy::Transparent);
            }
            if let Backdrop::Colour(bg) = ctx.backdrop {
                if colour.looks_like(&bg) {
                    return Some(HiddenBy::SameColour);
                }
            }
        }
        None
    }

    /// Whether a DOM text node at `index` can be read by a person.
    pub fn is_visible_node_text(&self, index: usize) -> bool {
        self.facts
            .texts
            .get(index)
            .is_some_and(|t| t.source == TextSource::Node)
            && self.text_hidden_by(index).is_none()
    }

    /// The block-level element whose line of reading the element at `index` belongs to.
    pub fn block_of(&self, index: usize) -> usize {
        self.contexts.get(index).map_or(index, |c| c.block)
    }

    /// Whether the element (or an ancestor) is `position: fixed`.
    pub fn is_fixed(&self, index: usize) -> bool {
        self.contexts.get(index).is_some_and(|c| c.fixed)
    }

    /// The nearest landmark (`footer`, `header`, `nav`, `aside`, `main`) around an element.
    pub fn landmark(&self, index: usize) -> Option<&'static str> {
        self.contexts.get(index).and_then(|c| c.landmark)
    }

    /// A report `Location` for an element and a box.
    pub fn location(&self, element: usize, rect: Rect) -> Location {
        Location {
            path: self.facts.element_path(element),
            landmark: self.landmark(element).map(str::to_string),
            rect,
            element,
        }
    }
}

#[cfg(test)]
mod tests;
