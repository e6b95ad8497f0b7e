//! Finding every filing, licence and 公安 number on a page, however it is written.
//!
//! DOM text nodes are joined into lines of reading: consecutive pieces under the same
//! block-level element, with nothing in between, so `豫ICP备<span>2026018839</span>号-<span>1</span>`
//! reads as one number. Alt, title and pseudo-element text are read piece by piece. Each number
//! keeps the pieces it came from, so the checks know whether it is visible, linked, and where.

use crate::core::checks::page_view::{HiddenBy, PageView};
use crate::core::facts::{Rect, TextSource};
use crate::core::number::{find_numbers, AnyNumber};

/// Separates lines of reading in the joined text: not a space and not an invisible format
/// character, so the grammar never reads a number across two lines.
const LINE_BREAK: char = '\u{1F}';

/// A number found on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageNumber {
    /// What it is.
    pub number: AnyNumber,
    /// The text exactly as it appears (the loose form).
    pub raw: String,
    /// Where the text came from (a text node, an image's alt, ...).
    pub source: TextSource,
    /// Indices of the text pieces it spans.
    pub texts: Vec<usize>,
    /// Why it cannot be seen (`None` when a person can read it).
    pub hidden: Option<HiddenBy>,
    /// The link that encloses it (index into `PageFacts::links`).
    pub link: Option<usize>,
    /// Its box, the union of its pieces' boxes.
    pub rect: Rect,
    /// The element of its first piece.
    pub element: usize,
}

impl PageNumber {
    /// Whether a person can see and select it.
    pub fn is_visible(&self) -> bool {
        self.source == TextSource::Node && self.hidden.is_none()
    }
}

/// One piece of joined text: where it starts in the joined string, and which text fact it is.
struct Span {
    start: usize,
    text: usize,
}

/// Every number on the page, in document order.
pub fn page_numbers(view: &PageView) -> Vec<PageNumber> {
    let facts = view.facts;
    let mut joined = String::new();
    let mut spans: Vec<Span> = Vec::new();
    let mut previous: Option<(TextSource, usize)> = None;
    for (i, text) in facts.texts.iter().enumerate() {
        let block = view.block_of(text.element);
        let continues =
            text.source == TextSource::Node && previous == Some((TextSource::Node, block));
        if !continues && !joined.is_empty() {
            joined.push(LINE_BREAK);
        }
        spans.push(Span {
            start: joined.len(),
            text: i,
        });
        // A stray separator character inside page text must not split or join lines.
        joined.extend(
            text.text
                .chars()
                .map(|c| if c == LINE_BREAK { ' ' } else { c }),
        );
        previous = Some((text.source, block));
    }
    find_numbers(&joined)
        .into_iter()
        .filter_map(|m| {
            let first = spans
                .partition_point(|s| s.start <= m.start)
                .checked_sub(1)?;
            let last = spans
                .partition_point(|s| s.start < m.end)
                .checked_sub(1)?
                .max(first);
            let texts: Vec<usize> = spans[first..=last].iter().map(|s| s.text).collect();
            let pieces = texts.iter().filter_map(|&t| facts.texts.get(t));
            let rect = pieces
                .clone()
                .fold(Rect::default(), |acc, t| acc.union(&t.rect));
            let link = pieces.clone().find_map(|t| t.link);
            let first_text = facts.texts.get(texts[0])?;
            let hidden = texts.iter().find_map(|&t| view.text_hidden_by(t));
            Some(PageNumber {
                raw: m.raw(&joined).trim().to_string(),
                number: m.number,
                source: first_text.source,
                hidden,
                link,
                rect,
                element: first_text.element,
                texts,
            })
        })
        .collect()
}
