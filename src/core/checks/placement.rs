//! The `placement` check: the number sits at the bottom of the homepage, horizontally
//! centred, in the page's own end rather than a fixed bar.
//!
//! The thresholds, in one place:
//! - Bottom zone: the last `BOTTOM_ZONE_FRACTION` of the page, but at least the last
//!   `BOTTOM_ZONE_MIN_PX` (a footer below 400 px of padding is still "at the bottom" on a long
//!   page) and at most the lower half (on a short page the top half is never "the bottom").
//!   The number's vertical centre must lie in it; above it the number is in the upper part.
//! - Centred: the number's horizontal centre lies within `CENTRE_TOLERANCE` of the viewport
//!   width from the middle. A centred line "© 2024 公司 | 京ICP备…" puts the number somewhat
//!   right of the middle; 15 % keeps that a pass while a left column or a corner warns.
//! - Fixed bar: a `position: fixed` copy whose centre is in the lower half of the viewport is a
//!   floating bottom bar (warn); in the upper half it is a fixed header (fail).
//! - The page's height: the document's, except on a page that does not scroll, where the window
//!   is taller than the content and the page ends at its lowest visible text (fixed boxes aside):
//!   a short homepage's last line is its bottom, however tall the window.

use crate::core::checks::context::CheckContext;
use crate::core::checks::page_numbers::PageNumber;
use crate::core::checks::page_view::PageView;
use crate::core::report::{CheckResult, Evidence, Reason};

/// Share of the page height, from the bottom, that counts as the bottom.
pub const BOTTOM_ZONE_FRACTION: f64 = 0.25;
/// The bottom zone is at least this tall (CSS px).
pub const BOTTOM_ZONE_MIN_PX: f64 = 400.0;
/// The bottom zone is at most this share of the page.
pub const BOTTOM_ZONE_MAX_FRACTION: f64 = 0.5;
/// Largest distance of the number's centre from the middle, as a share of the viewport width.
pub const CENTRE_TOLERANCE: f64 = 0.15;
/// A fixed copy centred below this share of the viewport height is a bottom bar.
pub const FIXED_BAR_FROM: f64 = 0.5;

/// Where a number's box sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// At the bottom, centred.
    BottomCentre,
    /// Above the bottom zone (header, sidebar, middle of the page).
    UpperPart,
    /// At the bottom but off-centre.
    OffCentre,
    /// In a fixed bar at the bottom of the viewport.
    FixedBar,
}

/// Page geometry a placement is judged in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// Page height (document or viewport, the larger).
    pub page_height: f64,
    /// Viewport width.
    pub viewport_width: f64,
    /// Viewport height.
    pub viewport_height: f64,
    /// Vertical scroll offset when the boxes were measured.
    pub scroll_y: f64,
}

/// The bottom edge of the lowest visible text that scrolls with the page (any source: an
/// image's alt counts, its box is the image), or `None` when no text is visible.
pub fn content_bottom(view: &PageView) -> Option<f64> {
    view.facts
        .texts
        .iter()
        .enumerate()
        .filter(|(i, t)| view.text_hidden_by(*i).is_none() && !view.is_fixed(t.element))
        .map(|(_, t)| t.rect.bottom())
        .filter(|b| b.is_finite())
        .reduce(f64::max)
}

/// The height placement is judged in: the document's, or on a page that does not scroll (the
/// document is no taller than the viewport) the end of its visible content.
pub fn page_height(view: &PageView) -> f64 {
    let facts = view.facts;
    let (document, viewport) = (facts.document.height, facts.viewport.height);
    if scrolls(facts.document, facts.viewport) {
        return document.max(viewport);
    }
    content_bottom(view).map_or(viewport, |bottom| bottom.clamp(0.0, viewport))
}

/// Whether the page scrolls (or has no usable viewport): then its height is the document's and
/// `content_bottom`, which reads every text, is not needed.
pub fn scrolls(document: crate::core::facts::Size, viewport: crate::core::facts::Size) -> bool {
    let (document, viewport) = (document.height, viewport.height);
    document > viewport + 1.0 || viewport.is_nan() || viewport <= 0.0
}

/// Judge a box (document coordinates) in a frame.
pub fn place(rect: &crate::core::facts::Rect, fixed: bool, frame: &Frame) -> Placement {
    let centre_y = rect.y + rect.height / 2.0;
    if fixed {
        let in_viewport = centre_y - frame.scroll_y;
        return if in_viewport >= frame.viewport_height * FIXED_BAR_FROM {
            Placement::FixedBar
        } else {
            Placement::UpperPart
        };
    }
    let zone = (frame.page_height * BOTTOM_ZONE_FRACTION)
        .max(BOTTOM_ZONE_MIN_PX)
        .min(frame.page_height * BOTTOM_ZONE_MAX_FRACTION);
    if centre_y < frame.page_height - zone {
        return Placement::UpperPart;
    }
    let offset = (rect.centre_x() - frame.viewport_width / 2.0).abs();
    if offset > frame.viewport_width * CENTRE_TOLERANCE {
        Placement::OffCentre
    } else {
        Placement::BottomCentre
    }
}

/// Run the check on the number the `number` check settled on.
pub fn check(ctx: &CheckContext, subject: Option<&PageNumber>) -> CheckResult {
    let Some(number) = subject else {
        return CheckResult::new(Reason::PlacementNoNumber, Evidence::default());
    };
    let facts = ctx.view.facts;
    let frame = Frame {
        page_height: page_height(&ctx.view),
        viewport_width: facts.viewport.width,
        viewport_height: facts.viewport.height,
        scroll_y: facts.scroll.y,
    };
    let rect = number.rect;
    let evidence = Evidence {
        found: Some(number.raw.clone()),
        location: Some(ctx.view.location(number.element, rect)),
        ..Default::default()
    };
    if !(frame.page_height > 0.0 && frame.viewport_width > 0.0) || rect.is_empty() {
        return CheckResult::new(Reason::PlacementNoLayout, evidence);
    }
    // Rounded by hand: `{:.0}` on a float pulls the exact float formatter (5 KB) into the wasm.
    let percent =
        |v: f64, of: f64| format!("{}%", ((v / of * 100.0).clamp(0.0, 100.0) + 0.5) as u32);
    let reason = match place(&rect, ctx.view.is_fixed(number.element), &frame) {
        Placement::BottomCentre => Reason::PlacementBottomCentre,
        Placement::UpperPart => Reason::PlacementUpperPart,
        Placement::OffCentre => Reason::PlacementOffCentre,
        Placement::FixedBar => Reason::PlacementFixedBar,
    };
    let value = match reason {
        Reason::PlacementOffCentre => Some(percent(rect.centre_x(), frame.viewport_width)),
        _ => Some(percent(rect.y + rect.height / 2.0, frame.page_height)),
    };
    CheckResult::new(reason, Evidence { value, ..evidence })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::facts::{PageFacts, Rect};

    fn at(x: f64, y: f64) -> Rect {
        Rect {
            x: x - 80.0,
            y: y - 8.0,
            width: 160.0,
            height: 16.0,
        }
    }

    fn frame(page_height: f64) -> Frame {
        Frame {
            page_height,
            viewport_width: 1000.0,
            viewport_height: 800.0,
            scroll_y: 0.0,
        }
    }

    #[test]
    fn boundaries() {
        use Placement::*;
        let long = frame(4000.0); // bottom zone: last 1000 px (25 %), starts at 3000
        let mid = frame(1200.0); // 25 % = 300 < 400 px minimum: zone starts at 800
        let short = frame(600.0); // 400 px > half: capped at 300, starts at 300
        let cases: &[(&str, Rect, bool, &Frame, Placement)] = &[
            (
                "long page footer",
                at(500.0, 3950.0),
                false,
                &long,
                BottomCentre,
            ),
            (
                "just inside the zone",
                at(500.0, 3000.0),
                false,
                &long,
                BottomCentre,
            ),
            (
                "just above the zone",
                at(500.0, 2999.0),
                false,
                &long,
                UpperPart,
            ),
            ("header", at(500.0, 30.0), false, &long, UpperPart),
            (
                "middle of a long page",
                at(500.0, 2000.0),
                false,
                &long,
                UpperPart,
            ),
            (
                "min zone, inside",
                at(500.0, 800.0),
                false,
                &mid,
                BottomCentre,
            ),
            ("min zone, above", at(500.0, 799.0), false, &mid, UpperPart),
            (
                "short page, lower half",
                at(500.0, 300.0),
                false,
                &short,
                BottomCentre,
            ),
            (
                "short page, upper half",
                at(500.0, 299.0),
                false,
                &short,
                UpperPart,
            ),
            (
                "centre within tolerance",
                at(650.0, 3950.0),
                false,
                &long,
                BottomCentre,
            ),
            (
                "right at tolerance",
                at(350.0, 3950.0),
                false,
                &long,
                BottomCentre,
            ),
            (
                "just past tolerance",
                at(349.0, 3950.0),
                false,
                &long,
                OffCentre,
            ),
            ("left column", at(150.0, 3950.0), false, &long, OffCentre),
            (
                "bottom-right corner",
                at(900.0, 3950.0),
                false,
                &long,
                OffCentre,
            ),
            ("fixed bottom bar", at(500.0, 780.0), true, &long, FixedBar),
            (
                "fixed at half height",
                at(500.0, 400.0),
                true,
                &long,
                FixedBar,
            ),
            ("fixed header", at(500.0, 399.0), true, &long, UpperPart),
        ];
        for (name, rect, fixed, frame, want) in cases {
            assert_eq!(place(rect, *fixed, frame), *want, "{name}");
        }
    }

    /// How a line of the test page is shown.
    #[derive(Clone, Copy)]
    enum Line {
        Text,
        Alt,
        Hidden,
        Fixed,
    }

    /// A 1000 x 800 window showing a document of `document_height` with a 16 px line of text
    /// at each `(top, kind)`.
    fn page(document_height: f64, lines: &[(f64, Line)]) -> PageFacts {
        use crate::core::facts::{ElementFact, Size, TextFact, TextSource};
        let element = |tag: &str, position: &str, rendered: bool| ElementFact {
            tag: tag.into(),
            parent: Some(0),
            position: position.into(),
            rendered,
            ..Default::default()
        };
        PageFacts {
            viewport: Size {
                width: 1000.0,
                height: 800.0,
            },
            document: Size {
                width: 1000.0,
                height: document_height,
            },
            elements: vec![
                ElementFact {
                    tag: "body".into(),
                    ..Default::default()
                },
                element("p", "static", true),
                element("img", "static", true),
                element("p", "static", false),
                element("div", "fixed", true),
            ],
            texts: lines
                .iter()
                .map(|(top, line)| TextFact {
                    text: "text".into(),
                    element: match line {
                        Line::Text => 1,
                        Line::Alt => 2,
                        Line::Hidden => 3,
                        Line::Fixed => 4,
                    },
                    source: match line {
                        Line::Alt => TextSource::Alt,
                        _ => TextSource::Node,
                    },
                    rect: at(500.0, top + 8.0),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn a_page_that_does_not_scroll_ends_at_its_last_visible_text() {
        use Line::*;
        // (name, document height, lines, expected page height)
        type Case<'a> = (&'a str, f64, &'a [(f64, Line)], f64);
        let cases: &[Case] = &[
            (
                "short page: ends at its last line",
                800.0,
                &[(20.0, Text), (150.0, Text), (290.0, Text)],
                306.0,
            ),
            (
                "an image's alt counts",
                800.0,
                &[(20.0, Text), (290.0, Alt)],
                306.0,
            ),
            (
                "hidden text does not count",
                800.0,
                &[(20.0, Text), (150.0, Text), (290.0, Hidden)],
                166.0,
            ),
            (
                "a fixed bar does not count",
                800.0,
                &[(20.0, Text), (150.0, Text), (780.0, Fixed)],
                166.0,
            ),
            (
                "no text but a fixed bar: the window",
                800.0,
                &[(780.0, Fixed)],
                800.0,
            ),
            (
                "one pixel of rounding still fits",
                801.0,
                &[(20.0, Text), (290.0, Text)],
                306.0,
            ),
            (
                "a page that scrolls keeps its height",
                2400.0,
                &[(20.0, Text), (290.0, Text)],
                2400.0,
            ),
        ];
        for (name, document_height, lines, want) in cases {
            let facts = page(*document_height, lines);
            assert_eq!(page_height(&PageView::new(&facts)), *want, "{name}");
        }
        // On the short page the last line is at the bottom and the first in the upper part.
        let facts = page(800.0, &[(20.0, Text), (150.0, Text), (290.0, Text)]);
        let short = Frame {
            page_height: page_height(&PageView::new(&facts)),
            ..frame(0.0)
        };
        assert_eq!(
            place(&at(500.0, 298.0), false, &short),
            Placement::BottomCentre
        );
        assert_eq!(place(&at(500.0, 28.0), false, &short), Placement::UpperPart);
    }

    #[test]
    fn fixed_bars_are_judged_in_the_viewport() {
        let scrolled = Frame {
            scroll_y: 3000.0,
            ..frame(4000.0)
        };
        assert_eq!(
            place(&at(500.0, 3780.0), true, &scrolled),
            Placement::FixedBar
        );
        assert_eq!(
            place(&at(500.0, 3030.0), true, &scrolled),
            Placement::UpperPart
        );
    }
}
