//! Geometry of the page view: clipping (`overflow`, `clip`, `clip-path`), the smallest
//! readable box, and whether a box lies off its page (the top document or a frame's document).

use crate::core::facts::{PageFacts, Rect};

/// Text whose laid-out box (after clipping) is smaller than this in either direction, in CSS
/// pixels, cannot be read: this catches `font-size: 0`, `transform: scale(0)`, zero-size
/// boxes, and the 1x1 "screen-reader only" clip pattern.
pub const MIN_READABLE_PX: f64 = 2.0;

/// Whether an `overflow` value clips its content.
pub(super) fn clips(overflow: &str) -> bool {
    matches!(overflow.trim(), "hidden" | "clip")
}

/// A CSS length in a computed `clip-path` (`12px`, `50%`, `0`) resolved against `base` px.
fn clip_length(value: &str, base: f64) -> Option<f64> {
    let v = value.trim();
    if let Some(pc) = v.strip_suffix('%') {
        return pc.trim().parse::<f64>().ok().map(|p| p / 100.0 * base);
    }
    v.strip_suffix("px").unwrap_or(v).trim().parse::<f64>().ok()
}

/// Whether a computed `clip-path` cuts everything away from a box of `rect`'s size: an
/// `inset()` whose opposite sides meet (`inset(50%)`, `inset(0 50%)`, `inset(0 0 0 100%)`), a
/// zero circle or ellipse, or a `polygon()` without area (`polygon(0 0, 0 0, 0 0)`).
pub(super) fn clip_path_hides(clip_path: &str, rect: &Rect) -> bool {
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
pub(super) fn clip_rect_hides(clip: &str) -> bool {
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
pub(super) fn view_off_page(facts: &PageFacts, page: Option<&Rect>, r: &Rect) -> bool {
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
