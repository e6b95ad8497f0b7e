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

use serde::{Deserialize, Serialize};

use crate::core::checks::colour::{parse_colour, Rgba, CANVAS_WHITE};
use crate::core::facts::{ElementFact, PageFacts, Rect, TextSource};
use crate::core::report::Location;

/// Effective opacity below which an element counts as transparent.
pub const MIN_OPACITY: f64 = 0.05;

/// Text whose laid-out box (after clipping) is smaller than this in either direction, in CSS
/// pixels, cannot be read: this catches `font-size: 0`, `transform: scale(0)`, zero-size
/// boxes, and the 1x1 "screen-reader only" clip pattern.
pub const MIN_READABLE_PX: f64 = 2.0;

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
enum Backdrop {
    Colour(Rgba),
    /// An image (or something we cannot read) is behind: no colour comparison.
    Unknown,
}

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

fn is_inline_level(display: &str) -> bool {
    let d = display.trim();
    d.is_empty() || d.starts_with("inline") || d == "contents" || d.starts_with("ruby")
}

fn clips(overflow: &str) -> bool {
    matches!(overflow.trim(), "hidden" | "clip")
}

fn is_frame(el: &ElementFact) -> bool {
    matches!(el.tag.as_str(), "iframe" | "frame")
}

/// A CSS length in a computed `clip-path` (`12px`, `50%`, `0`) resolved against `base` px.
fn clip_length(value: &str, base: f64) -> Option<f64> {
    let v = value.trim();
    if let Some(pc) = v.strip_suffix('%') {
        return pc.trim().parse::<f64>().ok().map(|p| p / 100.0 * base);
    }
    v.strip_suffix("px").unwrap_or(v).trim().parse::<f64>().ok()
}

fn landmark_of(el: &ElementFact) -> Option<&'static str> {
    match (el.tag.as_str(), el.role.trim()) {
        (_, "contentinfo") | ("footer", _) => Some("footer"),
        (_, "banner") | ("header", _) => Some("header"),
        (_, "navigation") | ("nav", _) => Some("nav"),
        (_, "complementary") | ("aside", _) => Some("aside"),
        (_, "main") | ("main", _) => Some("main"),
        _ => None,
    }
}

/// Whether a computed `clip-path` cuts everything away from a box of `rect`'s size: an
/// `inset()` whose opposite sides meet (`inset(50%)`, `inset(0 50%)`, `inset(0 0 0 100%)`), a
/// zero circle or ellipse, or a `polygon()` without area (`polygon(0 0, 0 0, 0 0)`).
fn clip_path_hides(clip_path: &str, rect: &Rect) -> bool {
    let c = clip_path.trim().to_ascii_lowercase();
    let args_of = |name: &str| {
        c.strip_prefix(name)
            .map(|rest| rest.split(')').next().unwrap_or(rest).to_string())
    };
    if let Some(args) = args_of("inset(") {
        // inset(top right bottom left) with CSS's shorthand rules; `round …` is ignored.
        let values: Vec<&str> = args
            .split("round")
            .next()
            .unwrap_or("")
            .split_whitespace()
            .collect();
        let pick = |i: usize| match (values.len(), i) {
            (0, _) => None,
            (1, _) => values.first(),
            (2, 0 | 2) | (3, 0) => values.first(),
            (2, _) | (3, 1 | 3) => values.get(1),
            (3, _) => values.get(2),
            (_, i) => values.get(i),
        };
        // Each side as a share of the box; lengths count only when the box has a size.
        let side = |i: usize, size: f64| {
            let v = pick(i)?.trim();
            match v.strip_suffix('%') {
                Some(pc) => pc.trim().parse::<f64>().ok().map(|p| p / 100.0),
                None if size > 0.0 => clip_length(v, size).map(|px| px / size),
                None => clip_length(v, size).map(|_| 0.0),
            }
        };
        let (w, h) = (rect.width, rect.height);
        let (Some(top), Some(right), Some(bottom), Some(left)) =
            (side(0, h), side(1, w), side(2, h), side(3, w))
        else {
            return false;
        };
        return top + bottom >= 1.0 || left + right >= 1.0;
    }
    if let Some(args) = args_of("polygon(") {
        // Shoelace area of the points; a fill rule (`evenodd,`) before them is skipped. A box
        // without a size is measured as 100 x 100, so percentages still tell.
        let size = |s: f64| if s > 0.0 { s } else { 100.0 };
        let points: Vec<(f64, f64)> = args
            .split(',')
            .filter_map(|p| {
                let mut xy = p.split_whitespace();
                let x = clip_length(xy.next()?, size(rect.width))?;
                let y = clip_length(xy.next()?, size(rect.height))?;
                Some((x, y))
            })
            .collect();
        if points.len() < 3 {
            return points.len() == args.split(',').count();
        }
        let twice_area: f64 = points
            .iter()
            .zip(points.iter().cycle().skip(1))
            .map(|(a, b)| a.0 * b.1 - b.0 * a.1)
            .sum();
        return twice_area.abs() / 2.0 < MIN_READABLE_PX * MIN_READABLE_PX;
    }
    c.starts_with("circle(0") || c.starts_with("ellipse(0")
}

/// Whether a computed `clip` (for absolutely positioned boxes) leaves no area.
fn clip_rect_hides(clip: &str) -> bool {
    let c = clip.trim().to_ascii_lowercase();
    let Some(args) = c.strip_prefix("rect(").and_then(|a| a.strip_suffix(')')) else {
        return false;
    };
    let values: Vec<f64> = args
        .split([',', ' '])
        .filter(|p| !p.is_empty())
        .map(|p| p.trim_end_matches("px").parse::<f64>().unwrap_or(f64::NAN))
        .collect();
    // rect(top, right, bottom, left): empty when bottom <= top or right <= left.
    values.len() == 4 && (values[2] - values[0] < 1.0 || values[1] - values[3] < 1.0)
}

/// Whether a box lies wholly outside its page: left of or above the origin, or beyond the
/// right/bottom edge of the scrollable document; inside a frame, left of or above the frame's
/// document (`page`, its root element's box, which starts at the frame's content origin).
fn view_off_page(facts: &PageFacts, page: Option<&Rect>, r: &Rect) -> bool {
    match page {
        // Content right of or below a frame's document is reached by scrolling the frame.
        Some(p) => r.right() <= p.x || r.bottom() <= p.y,
        None => {
            let width = facts.document.width.max(facts.viewport.width);
            let height = facts.document.height.max(facts.viewport.height);
            r.right() <= 0.0
                || r.bottom() <= 0.0
                || (width > 0.0 && r.x >= width)
                || (height > 0.0 && r.y >= height)
        }
    }
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
            let frame_box_too_small =
                is_frame(el) && !(r.width >= MIN_READABLE_PX && r.height >= MIN_READABLE_PX);
            let own = if !el.rendered {
                Some(HiddenBy::DisplayNone)
            } else if el.aria_hidden {
                Some(HiddenBy::AriaHidden)
            } else if clip_path_hides(&el.clip_path, &r) || clip_rect_hides(&el.clip) {
                Some(HiddenBy::Clipped)
            } else if frame_box_too_small {
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
                (is_frame(el) && view_off_page(facts, page.as_ref(), &r))
                    .then_some(HiddenBy::OffScreen)
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
mod tests {
    use super::*;
    use crate::core::facts::{Size, TextFact};

    fn rect(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect {
            x,
            y,
            width: w,
            height: h,
        }
    }

    /// A page with body (0) > footer (1) > p (2) > the element under test (3), and one text
    /// in element 3 at `text_rect`.
    fn page(edit: impl Fn(&mut ElementFact, &mut ElementFact), text_rect: Rect) -> PageFacts {
        let body = ElementFact {
            tag: "body".into(),
            background: "rgb(255, 255, 255)".into(),
            rect: rect(0.0, 0.0, 1200.0, 2000.0),
            ..Default::default()
        };
        let footer = ElementFact {
            tag: "footer".into(),
            parent: Some(0),
            rect: rect(0.0, 1900.0, 1200.0, 100.0),
            ..Default::default()
        };
        let mut p = ElementFact {
            tag: "p".into(),
            parent: Some(1),
            rect: rect(0.0, 1920.0, 1200.0, 20.0),
            ..Default::default()
        };
        let mut target = ElementFact {
            tag: "span".into(),
            display: "inline".into(),
            parent: Some(2),
            rect: text_rect,
            ..Default::default()
        };
        edit(&mut p, &mut target);
        PageFacts {
            viewport: Size {
                width: 1200.0,
                height: 800.0,
            },
            document: Size {
                width: 1200.0,
                height: 2000.0,
            },
            elements: vec![body, footer, p, target],
            texts: vec![TextFact {
                text: "京ICP备12345678号".into(),
                element: 3,
                rect: text_rect,
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn each_way_of_hiding_is_named() {
        let normal = rect(500.0, 1922.0, 160.0, 16.0);
        type Edit = fn(&mut ElementFact, &mut ElementFact);
        let cases: Vec<(&str, Edit, Rect, Option<HiddenBy>)> = vec![
            ("visible", |_, _| {}, normal, None),
            (
                "display none",
                |_, t| t.rendered = false,
                normal,
                Some(HiddenBy::DisplayNone),
            ),
            (
                "parent display none",
                |p, _| p.rendered = false,
                normal,
                Some(HiddenBy::DisplayNone),
            ),
            (
                "visibility hidden",
                |_, t| t.visibility = "hidden".into(),
                normal,
                Some(HiddenBy::VisibilityHidden),
            ),
            (
                "visibility collapse",
                |_, t| t.visibility = "collapse".into(),
                normal,
                Some(HiddenBy::VisibilityHidden),
            ),
            (
                "visible child of hidden parent",
                |p, _| p.visibility = "hidden".into(),
                normal,
                None,
            ),
            (
                "opacity 0",
                |_, t| t.opacity = 0.0,
                normal,
                Some(HiddenBy::Transparent),
            ),
            (
                "opacity product",
                |p, t| {
                    p.opacity = 0.2;
                    t.opacity = 0.2
                },
                normal,
                Some(HiddenBy::Transparent),
            ),
            ("faint but there", |_, t| t.opacity = 0.3, normal, None),
            (
                "transparent colour",
                |_, t| t.color = "rgba(0, 0, 0, 0)".into(),
                normal,
                Some(HiddenBy::Transparent),
            ),
            (
                "zero size",
                |_, _| {},
                rect(500.0, 1922.0, 0.0, 0.0),
                Some(HiddenBy::ZeroSize),
            ),
            (
                "font-size 0",
                |_, t| t.font_size = 0.0,
                rect(500.0, 1922.0, 0.0, 16.0),
                Some(HiddenBy::ZeroSize),
            ),
            (
                "clipped by zero-height parent",
                |p, _| {
                    p.overflow_y = "hidden".into();
                    p.rect.height = 0.0
                },
                normal,
                Some(HiddenBy::Clipped),
            ),
            (
                "overflow auto does not clip",
                |p, _| {
                    p.overflow_y = "auto".into();
                    p.rect.height = 0.0
                },
                normal,
                None,
            ),
            (
                "overflow-x hidden does not clip vertically",
                |p, _| {
                    p.overflow_x = "hidden".into();
                    p.rect.height = 0.0
                },
                normal,
                None,
            ),
            (
                "clip-path inset 100%",
                |_, t| t.clip_path = "inset(100%)".into(),
                normal,
                Some(HiddenBy::Clipped),
            ),
            (
                "clip-path inset 10% is fine",
                |_, t| t.clip_path = "inset(10%)".into(),
                normal,
                None,
            ),
            (
                "clip-path inset 0 50% meets in the middle",
                |_, t| t.clip_path = "inset(0px 50%)".into(),
                normal,
                Some(HiddenBy::Clipped),
            ),
            (
                "clip-path inset from the left all the way",
                |_, t| t.clip_path = "inset(0px 0px 0px 100%)".into(),
                normal,
                Some(HiddenBy::Clipped),
            ),
            (
                "clip-path inset in px past the height",
                |_, t| t.clip_path = "inset(8px 0px 8px) round 4px".into(),
                normal,
                Some(HiddenBy::Clipped),
            ),
            (
                "clip-path inset in px leaving a line",
                |_, t| t.clip_path = "inset(2px 0px)".into(),
                normal,
                None,
            ),
            (
                "clip-path polygon without area",
                |_, t| t.clip_path = "polygon(0px 0px, 0px 0px, 0px 0px)".into(),
                normal,
                Some(HiddenBy::Clipped),
            ),
            (
                "clip-path polygon on a line",
                |_, t| t.clip_path = "polygon(0% 0%, 50% 50%, 100% 100%)".into(),
                normal,
                Some(HiddenBy::Clipped),
            ),
            (
                "clip-path polygon covering the box",
                |_, t| t.clip_path = "polygon(0% 0%, 100% 0%, 100% 100%, 0% 100%)".into(),
                normal,
                None,
            ),
            (
                "clip-path polygon with a fill rule",
                |_, t| t.clip_path = "polygon(evenodd, 0% 0%, 100% 0%, 100% 100%)".into(),
                normal,
                None,
            ),
            (
                "clip-path we cannot read",
                |_, t| t.clip_path = "polygon(calc(1px), 0 0)".into(),
                normal,
                None,
            ),
            (
                "clip rect 0",
                |_, t| t.clip = "rect(0px, 0px, 0px, 0px)".into(),
                normal,
                Some(HiddenBy::Clipped),
            ),
            (
                "off-screen left",
                |_, _| {},
                rect(-9999.0, 1922.0, 160.0, 16.0),
                Some(HiddenBy::OffScreen),
            ),
            (
                "off-screen top",
                |_, _| {},
                rect(500.0, -500.0, 160.0, 16.0),
                Some(HiddenBy::OffScreen),
            ),
            (
                "beyond the right edge",
                |_, _| {},
                rect(5000.0, 1922.0, 160.0, 16.0),
                Some(HiddenBy::OffScreen),
            ),
            (
                "white on white",
                |_, t| t.color = "rgb(255, 255, 255)".into(),
                normal,
                Some(HiddenBy::SameColour),
            ),
            (
                "white on dark footer",
                |p, t| {
                    p.background = "rgb(30, 30, 30)".into();
                    t.color = "rgb(255, 255, 255)".into()
                },
                normal,
                None,
            ),
            (
                "same colour over an image",
                |p, t| {
                    p.background_image = true;
                    t.color = "rgb(255, 255, 255)".into()
                },
                normal,
                None,
            ),
            (
                "aria-hidden",
                |p, _| p.aria_hidden = true,
                normal,
                Some(HiddenBy::AriaHidden),
            ),
        ];
        for (name, edit, text_rect, want) in cases {
            let facts = page(edit, text_rect);
            let view = PageView::new(&facts);
            assert_eq!(view.text_hidden_by(0), want, "{name}");
        }
    }

    #[test]
    fn fixed_boxes_escape_clipping_and_are_flagged() {
        let facts = page(
            |p, t| {
                p.overflow_y = "hidden".into();
                p.rect.height = 0.0;
                t.position = "fixed".into();
            },
            rect(500.0, 1922.0, 160.0, 16.0),
        );
        let view = PageView::new(&facts);
        assert_eq!(view.text_hidden_by(0), None);
        assert!(view.is_fixed(3));
        assert!(!view.is_fixed(2));
    }

    #[test]
    fn blocks_and_landmarks() {
        let facts = page(|_, _| {}, rect(0.0, 0.0, 10.0, 10.0));
        let view = PageView::new(&facts);
        assert_eq!(view.block_of(3), 2);
        assert_eq!(view.block_of(2), 2);
        assert_eq!(view.landmark(3), Some("footer"));
        assert_eq!(view.landmark(0), None);
        assert_eq!(
            view.location(3, Rect::default()).path,
            "body > footer > p > span"
        );
    }
}
