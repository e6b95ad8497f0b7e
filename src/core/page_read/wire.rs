//! The page read's data on the wire, as the collector (`extension/page/collector.js`) sends it
//! and takes it: the first read (`TextReadWire`: the texts and the structure, compact), the core's
//! request for measurements (`MeasureRequest`) and the second read's answer (`Measured`).
//!
//! The first read is the big one (every text of the page), so its lists travel as text: numbers
//! in decimal separated by commas, parents and owners as differences, which keeps a 300,000-element
//! page to a few short strings. The collector sends the whole `TextReadWire` as ONE string, its
//! JSON (`JSON.stringify` in the page): `scripting.executeScript` converts a result value by
//! value, and one string of several megabytes crosses about ten times faster than an object
//! holding the same strings and arrays of strings (measured, BENCHMARKS.md #11). The wasm, the
//! CLI and the tests parse it with `TextRead::from_json`, which checks every index.

use serde::{Deserialize, Serialize};

use crate::core::facts::{
    CollectorFact, ElementFact, FrameFact, GeneratorMarks, Point, Rect, Size, TextSource,
};

/// The first read, as the collector sends it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TextReadWire {
    /// `location.href` of the top document.
    pub url: String,
    /// `document.title`.
    pub title: String,
    /// `document.documentElement.lang`.
    pub lang: String,
    /// Every piece of text, in document order, joined with nothing between.
    pub text: String,
    /// Each piece's length in UTF-16 code units (JavaScript's string length).
    pub lengths: String,
    /// Each piece's element: the difference from the previous piece's (the first from 0).
    pub owners: String,
    /// Pieces that are not text nodes, as `piece:source` pairs (1 alt, 2 title attribute,
    /// 3 pseudo-element content).
    pub sources: String,
    /// The tag names met, each once.
    pub tag_names: Vec<String>,
    /// Each element's tag, as an index into `tag_names`.
    pub tags: String,
    /// Each element's parent: how many elements back it is (0: no parent). Parents come first.
    pub parents: String,
    /// The `<a>`/`<area>` elements, as indices.
    pub link_elements: String,
    /// Each link element's `href` attribute as written (`None` when absent).
    pub link_hrefs: Vec<Option<String>>,
    /// Frames met on the page and whether they were read.
    pub frames: Vec<FrameFact>,
    /// Meta tags, asset URLs and element names, for naming the site's generator.
    pub generator_marks: GeneratorMarks,
    /// How the read went.
    pub collector: CollectorFact,
}

/// What the core asks the second read to measure, by first-read index.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MeasureRequest {
    /// Elements whose styles (and, where they cut off content or are frames, boxes) to read.
    pub elements: Vec<usize>,
    /// Pieces of text whose boxes to read.
    pub texts: Vec<usize>,
    /// Link elements whose resolved `href`, `onclick` and `target` to read.
    pub links: Vec<usize>,
    /// Whether to read the window and the document's size (the first request does).
    pub page: bool,
}

impl MeasureRequest {
    /// True when nothing is asked.
    pub fn is_empty(&self) -> bool {
        self.elements.is_empty() && self.texts.is_empty() && self.links.is_empty() && !self.page
    }
}

/// One measured element: its first-read index and its facts (tag, parent and scope are the
/// first read's and are ignored here).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MeasuredElement {
    /// First-read index (not `id`: that is the element's `id` attribute, in `fact`).
    pub index: usize,
    /// Its computed-style facts; omitted fields take `ElementFact::default()`'s values.
    #[serde(flatten)]
    pub fact: ElementFact,
}

/// One measured piece of text.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MeasuredText {
    /// First-read index of the piece.
    pub index: usize,
    /// Its box in document coordinates (empty when not laid out).
    pub rect: Rect,
}

/// One measured link.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MeasuredLink {
    /// First-read index of the link element.
    pub index: usize,
    /// The resolved URL (`a.href`), empty when the attribute is missing.
    pub href: String,
    /// The `href` attribute as written.
    pub raw_href: Option<String>,
    /// Whether it has an `onclick` attribute or handler.
    pub onclick: bool,
    /// The `target` attribute.
    pub target: String,
}

/// The second read's answer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Measured {
    /// The layout viewport, when asked (`page`).
    pub viewport: Option<Size>,
    /// The scrollable document's size, when asked.
    pub document: Option<Size>,
    /// The window's scroll offset, when asked.
    pub scroll: Option<Point>,
    /// The navigation's HTTP status, when asked and known.
    pub http_status: Option<u16>,
    /// The elements asked for.
    pub elements: Vec<MeasuredElement>,
    /// The pieces asked for.
    pub texts: Vec<MeasuredText>,
    /// The links asked for.
    pub links: Vec<MeasuredLink>,
    /// Milliseconds the collector spent measuring.
    pub elapsed_ms: f64,
}

/// Why a first read could not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadError {
    /// A list is not numbers separated by commas.
    BadNumber,
    /// An index points outside its list, or the lists disagree in length.
    BadIndex,
    /// The piece lengths do not add up to the text.
    BadLengths,
    /// The first read is not the JSON of a `TextReadWire`.
    BadJson,
}

/// Parse a comma-separated list of unsigned decimal numbers ("" is the empty list).
pub(super) fn numbers(list: &str) -> Result<Vec<usize>, ReadError> {
    if list.is_empty() {
        return Ok(Vec::new());
    }
    list.split(',')
        .map(|n| n.parse::<usize>().map_err(|_| ReadError::BadNumber))
        .collect()
}

/// Parse a comma-separated list of signed decimal differences into running values.
pub(super) fn running(list: &str) -> Result<Vec<usize>, ReadError> {
    if list.is_empty() {
        return Ok(Vec::new());
    }
    let mut value: i64 = 0;
    list.split(',')
        .map(|n| {
            let delta = n.parse::<i64>().map_err(|_| ReadError::BadNumber)?;
            value = value.checked_add(delta).ok_or(ReadError::BadNumber)?;
            usize::try_from(value).map_err(|_| ReadError::BadIndex)
        })
        .collect()
}

/// The source code of `sources`.
pub(super) fn source_of(code: usize) -> Result<TextSource, ReadError> {
    match code {
        0 => Ok(TextSource::Node),
        1 => Ok(TextSource::Alt),
        2 => Ok(TextSource::TitleAttr),
        3 => Ok(TextSource::Pseudo),
        _ => Err(ReadError::BadNumber),
    }
}
