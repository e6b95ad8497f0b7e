//! Tests of the page view: visibility, clipping, frames and lines of reading.

use super::*;
use crate::core::facts::{ElementFact, Size, TextFact};

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
