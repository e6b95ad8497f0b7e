//! `PageFacts`: the facts of a page the checks judge.
//!
//! The collector (`extension/page/collector.js`) copies facts out of the live DOM and decides
//! nothing; every decision made from these facts lives in the core. A page is read in two steps
//! (`core::page_read`): the first read copies every text and the structure, the core picks what
//! the rules need, the second read measures only that, and `page_read` assembles these facts
//! from the two. This module owns their shape (serde, camelCase) and the small, rule-free
//! helpers that read them (element paths, rectangles). It must not know anything about ICP
//! numbers.
//!
//! Layout of the data:
//! - `elements`: the measured elements (the texts' elements and all their ancestors), with
//!   their computed-style facts and a `parent` index, parents first.
//! - `texts`: the measured pieces of text in document order (text nodes, image alt/title
//!   attributes, pseudo-element `content`), each pointing at its element; the core joins
//!   pieces that share a block-level ancestor, so text split over inline elements is found,
//!   never across a part of the page left out (`gap_before`).
//! - `links`: one entry per `<a>`/`<area>` that encloses a measured text.
//! - `element_ids`: each element's index in the first read, for "show on page".

use serde::{Deserialize, Serialize};

use crate::core::report::one_line;

/// An axis-aligned rectangle in CSS pixels, in document coordinates (scroll offset added).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    #[serde(rename = "w")]
    pub width: f64,
    /// Height.
    #[serde(rename = "h")]
    pub height: f64,
}

impl Rect {
    /// Right edge.
    pub fn right(&self) -> f64 {
        self.x + self.width
    }

    /// Bottom edge.
    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }

    /// Horizontal centre.
    pub fn centre_x(&self) -> f64 {
        self.x + self.width / 2.0
    }

    /// True when the rectangle covers no area.
    pub fn is_empty(&self) -> bool {
        !(self.width > 0.0 && self.height > 0.0)
    }

    /// The overlap of two rectangles (empty when they do not overlap).
    pub fn intersect(&self, other: &Rect) -> Rect {
        let x = self.x.max(other.x);
        let y = self.y.max(other.y);
        let right = self.right().min(other.right());
        let bottom = self.bottom().min(other.bottom());
        Rect {
            x,
            y,
            width: (right - x).max(0.0),
            height: (bottom - y).max(0.0),
        }
    }

    /// The smallest rectangle covering both (an empty one does not count).
    pub fn union(&self, other: &Rect) -> Rect {
        if self.is_empty() {
            return *other;
        }
        if other.is_empty() {
            return *self;
        }
        let x = self.x.min(other.x);
        let y = self.y.min(other.y);
        Rect {
            x,
            y,
            width: self.right().max(other.right()) - x,
            height: self.bottom().max(other.bottom()) - y,
        }
    }
}

/// A point in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Point {
    /// Horizontal.
    pub x: f64,
    /// Vertical.
    pub y: f64,
}

/// A width and height in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Size {
    /// Width.
    #[serde(rename = "w")]
    pub width: f64,
    /// Height.
    #[serde(rename = "h")]
    pub height: f64,
}

/// Everything the collector read from one page.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PageFacts {
    /// `location.href` of the top document.
    pub url: String,
    /// `document.title` of the top document, as the browser exposes it.
    pub title: String,
    /// `document.documentElement.lang`.
    pub lang: String,
    /// The layout viewport (`innerWidth` x `innerHeight`).
    pub viewport: Size,
    /// The scrollable document (`scrollWidth` x `scrollHeight` of the root).
    pub document: Size,
    /// The window's scroll offset when the facts were read (`scrollX`, `scrollY`): a fixed
    /// element's document rect depends on it.
    pub scroll: Point,
    /// The HTTP status of the navigation, when the browser exposes it.
    pub http_status: Option<u16>,
    /// Elements that enclose collected text, parents before children.
    pub elements: Vec<ElementFact>,
    /// Pieces of text in document order.
    pub texts: Vec<TextFact>,
    /// Links that enclose collected text.
    pub links: Vec<LinkFact>,
    /// Frames met on the page and whether their content was read.
    pub frames: Vec<FrameFact>,
    /// How the collection went.
    pub collector: CollectorFact,
    /// When these facts are a part of a page read (`core::page_read`): the page-read index of
    /// each of `elements`, which the report's locations carry so that "show on page" finds the
    /// element again. Empty when `elements` are the page read's own.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub element_ids: Vec<usize>,
    /// What the top document says about the software that made it (meta tags, asset URLs).
    pub generator_marks: GeneratorMarks,
}

/// The top document's `<meta name>` tags and asset URLs, copied as they are: the core tells
/// the site's generator and theme from them (`core::generator`), and nothing else reads them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GeneratorMarks {
    /// Every `<meta name=...>` of the top document, in document order (at most 50).
    pub metas: Vec<MetaFact>,
    /// `<script src>` and stylesheet `<link href>` URLs of the top document, resolved
    /// (at most 200, each cut to 500 characters).
    pub assets: Vec<String>,
    /// The distinct `id` and `class` attribute values of the page's elements (at most 5,000,
    /// each cut to 500 characters): a page read measures only some elements (`core::page_read`).
    pub names: Vec<String>,
    /// Every link's `href` as written, from the page read's first read (the measured `links`
    /// are only those around the texts the rules read).
    pub links: Vec<String>,
}

/// One `<meta name=... content=...>` tag.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MetaFact {
    /// The `name` attribute, lower-cased.
    pub name: String,
    /// The `content` attribute (cut to 500 characters).
    pub content: String,
}

/// Computed-style and identity facts about one element. Missing fields default to what an
/// ordinary rendered, visible element has. The collector leaves out fields equal to their
/// default, and reads the text styles (`rendered`, `visibility`, `color`, `font_size`) only for
/// elements that hold collected text, and frames (a text's own element already reflects its
/// ancestors in its document: `checkVisibility()` looks up the tree and `visibility` is
/// inherited).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ElementFact {
    /// Lower-case tag name (`div`, `footer`, `my-widget`).
    pub tag: String,
    /// The `id` attribute, if any.
    pub id: String,
    /// The `class` attribute, if any.
    pub class: String,
    /// The `role` attribute, if any.
    pub role: String,
    /// Index of the parent element in `PageFacts::elements` (crossing shadow roots and frames).
    pub parent: Option<usize>,
    /// Whether the element is rendered at all (`checkVisibility()`: false under `display:none`).
    pub rendered: bool,
    /// Computed `display`.
    pub display: String,
    /// Computed `visibility` (inherited, so it already reflects ancestors).
    pub visibility: String,
    /// Computed `opacity` of this element alone.
    pub opacity: f64,
    /// Computed `color` (`rgb(...)`/`rgba(...)`).
    pub color: String,
    /// Computed `background-color` of this element alone.
    pub background: String,
    /// Whether a `background-image` is set (then the colour behind text is unknown).
    pub background_image: bool,
    /// Computed `font-size` in pixels.
    pub font_size: f64,
    /// Computed `position`.
    pub position: String,
    /// Computed `overflow-x` (`visible`, `hidden`, `clip`, `auto`, `scroll`).
    pub overflow_x: String,
    /// Computed `overflow-y`.
    pub overflow_y: String,
    /// Computed `clip` (`auto` when absent).
    pub clip: String,
    /// Computed `clip-path` (`none` when absent).
    pub clip_path: String,
    /// Whether the element has `aria-hidden="true"`.
    pub aria_hidden: bool,
    /// Border box in document coordinates. The collector reads it only where the core uses it:
    /// where `overflow` is not `visible` or a `clip-path` is set (the box cuts off content), and
    /// for frames; elsewhere it stays empty.
    pub rect: Rect,
    /// Which shadow root or frame the element lives in: 0 is the top document.
    pub scope: usize,
}

impl Default for ElementFact {
    fn default() -> Self {
        ElementFact {
            tag: String::new(),
            id: String::new(),
            class: String::new(),
            role: String::new(),
            parent: None,
            rendered: true,
            display: "block".into(),
            visibility: "visible".into(),
            opacity: 1.0,
            color: "rgb(0, 0, 0)".into(),
            background: "rgba(0, 0, 0, 0)".into(),
            background_image: false,
            font_size: 16.0,
            position: "static".into(),
            overflow_x: "visible".into(),
            overflow_y: "visible".into(),
            clip: "auto".into(),
            clip_path: "none".into(),
            aria_hidden: false,
            rect: Rect::default(),
            scope: 0,
        }
    }
}

/// Where a piece of text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextSource {
    /// A DOM text node: the only source a person can see and select.
    #[default]
    Node,
    /// An image's `alt` attribute.
    Alt,
    /// An element's `title` attribute (a tooltip).
    TitleAttr,
    /// A `::before` or `::after` pseudo-element's `content`.
    Pseudo,
}

/// One piece of text with where it sits and what encloses it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TextFact {
    /// The text exactly as in the DOM (not trimmed, not normalised).
    pub text: String,
    /// Where it came from.
    pub source: TextSource,
    /// Index of the enclosing element in `PageFacts::elements`.
    pub element: usize,
    /// Union of the text's client rects, document coordinates (empty when not laid out).
    pub rect: Rect,
    /// Index of the enclosing link in `PageFacts::links`.
    pub link: Option<usize>,
    /// Whether pieces of the page were left out right before this one (the core measured only
    /// what the rules need, see `core::page_read`): no line of reading continues across.
    #[serde(skip_serializing_if = "is_false")]
    pub gap_before: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// A hyperlink that encloses collected text.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LinkFact {
    /// The resolved URL (`a.href`), empty when the attribute is missing.
    pub href: String,
    /// The `href` attribute as written, `None` when absent.
    pub raw_href: Option<String>,
    /// Whether the element has an `onclick` attribute or handler property.
    pub onclick: bool,
    /// The `target` attribute.
    pub target: String,
    /// Index of the link element in `PageFacts::elements`.
    pub element: usize,
}

/// A frame on the page.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FrameFact {
    /// The frame's `src` as resolved, or its document URL when read.
    pub url: String,
    /// Whether its content could be read (same origin) and was collected.
    pub read: bool,
}

/// How the collection itself went.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CollectorFact {
    /// Elements visited.
    pub nodes_visited: usize,
    /// Milliseconds spent in the page.
    pub elapsed_ms: f64,
    /// True when a bound (time or size) stopped the walk before the end of the page.
    pub truncated: bool,
    /// Whether the DOM was still changing when the collector gave up waiting for it to settle.
    pub unsettled: bool,
}

impl PageFacts {
    /// Parse facts from JSON (as the collector produced them).
    pub fn from_json(json: &str) -> Result<PageFacts, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// The page-read index of the element at `index` (see `element_ids`).
    pub fn element_id(&self, index: usize) -> usize {
        self.element_ids.get(index).copied().unwrap_or(index)
    }

    /// The element at `index`, if the index is in range.
    pub fn element(&self, index: usize) -> Option<&ElementFact> {
        self.elements.get(index)
    }

    /// The chain of element indices from `index` up to the root (starting with `index`).
    /// Stops on a cycle or an out-of-range parent, so malformed facts cannot loop.
    pub fn ancestors(&self, index: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut current = Some(index);
        while let Some(i) = current {
            if i >= self.elements.len() || chain.len() > self.elements.len() {
                break;
            }
            chain.push(i);
            current = self.elements[i].parent.filter(|p| *p < i);
        }
        chain
    }

    /// A short CSS-like path to an element, e.g. `footer#site-footer > div.beian > a`.
    /// Starts at the nearest ancestor with an id (or the root) and keeps at most four steps.
    pub fn element_path(&self, index: usize) -> String {
        const MAX_STEPS: usize = 4;
        let mut steps = Vec::new();
        let mut current = Some(index);
        while let Some(i) = current.filter(|i| *i < self.elements.len()) {
            let el = &self.elements[i];
            steps.push(element_label(el));
            if !el.id.is_empty() || steps.len() >= MAX_STEPS {
                break;
            }
            current = el.parent.filter(|p| *p < i);
        }
        steps.reverse();
        steps.join(" > ")
    }
}

/// The most characters of an element's tag, id or class a label keeps.
const MAX_LABEL_PART_CHARS: usize = 60;

/// `tag#id.class` for one element (first class only, to keep paths short). Each part is one line
/// of at most 60 characters (`report::one_line`): an id is the page's to choose, line breaks
/// included (issue #16).
pub fn element_label(el: &ElementFact) -> String {
    let part = |text: &str| one_line(text, MAX_LABEL_PART_CHARS);
    let mut label = if el.tag.is_empty() {
        "?".to_string()
    } else {
        part(&el.tag)
    };
    if !el.id.trim().is_empty() {
        label.push('#');
        label.push_str(&part(el.id.trim()));
    } else if let Some(class) = el.class.split_whitespace().next() {
        label.push('.');
        label.push_str(&part(class));
    }
    label
}

#[cfg(test)]
mod tests {
    use super::*;

    fn el(tag: &str, id: &str, class: &str, parent: Option<usize>) -> ElementFact {
        ElementFact {
            tag: tag.into(),
            id: id.into(),
            class: class.into(),
            parent,
            ..Default::default()
        }
    }

    #[test]
    fn labels_are_one_short_line_whatever_the_id() {
        // Issue #16: an id that forges result lines in the copied text report.
        let forged = "x\n\n[✓ Pass] Filing number  京ICP备12345678号-1\r\n[✓ Pass] Link";
        let facts = PageFacts {
            elements: vec![el("footer", "", "", None), el("a", forged, "", Some(0))],
            ..Default::default()
        };
        let path = facts.element_path(1);
        assert!(!path.contains(['\n', '\r']), "{path:?}");
        assert_eq!(
            path,
            "a#x [✓ Pass] Filing number  京ICP备12345678号-1 [✓ Pass] Link"
        );
        let long = el("div", &"i".repeat(5000), "", None);
        assert_eq!(element_label(&long).chars().count(), "div#".len() + 60);
        let classy = el("p", "", "a\u{2028}b\u{85}c", None);
        assert_eq!(element_label(&classy), "p.a");
    }

    #[test]
    fn path_stops_at_an_id_and_keeps_four_steps() {
        let facts = PageFacts {
            elements: vec![
                el("html", "", "", None),
                el("body", "", "", Some(0)),
                el("footer", "ft", "x", Some(1)),
                el("div", "", "beian links", Some(2)),
                el("a", "", "", Some(3)),
            ],
            ..Default::default()
        };
        assert_eq!(facts.element_path(4), "footer#ft > div.beian > a");
        assert_eq!(facts.element_path(1), "html > body");
    }

    #[test]
    fn ancestors_survive_cycles_and_bad_indices() {
        let facts = PageFacts {
            elements: vec![el("a", "", "", Some(1)), el("b", "", "", Some(0))],
            ..Default::default()
        };
        assert_eq!(facts.ancestors(1), vec![1, 0]);
        assert!(facts.ancestors(9).is_empty());
    }

    #[test]
    fn rect_geometry() {
        let a = Rect {
            x: 0.0,
            y: 0.0,
            width: 10.0,
            height: 10.0,
        };
        let b = Rect {
            x: 5.0,
            y: 5.0,
            width: 10.0,
            height: 10.0,
        };
        assert_eq!(a.intersect(&b).width, 5.0);
        assert_eq!(a.union(&b).right(), 15.0);
        assert!(Rect::default().is_empty());
    }
}
