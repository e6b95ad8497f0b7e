//! Finding every filing, licence and 公安 number on a page, however it is written.
//!
//! DOM text nodes are joined into lines of reading: consecutive pieces under the same
//! block-level element, with nothing in between, so `豫ICP备<span>2026018839</span>号-<span>1</span>`
//! reads as one number. Alt, title and pseudo-element text are read piece by piece. Each number
//! keeps the pieces it came from, so the checks know whether it is visible, linked, and where.
//!
//! Invisible format characters inside a number are ignored by the grammar, but right-to-left
//! ones change what a reader sees: an override (U+202E) shows the digits reversed, a mark
//! (U+200F) before `-1` shows `号1-`. The checker does not lay out bidirectional text, so a
//! number with a right-to-left mark, embedding, override or isolate inside it, or inside an
//! unclosed right-to-left embedding, override or isolate opened earlier on its line, is
//! `HiddenBy::Reordered`: it does not read as written. Left-to-right controls and zero-width
//! characters change nothing in Chinese text and are ignored.

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

/// Right-to-left mark, Arabic letter mark, and the right-to-left embedding, override and
/// isolate. (A first-strong isolate is left-to-right here: Chinese text is.)
fn starts_rtl(c: char) -> bool {
    matches!(
        c,
        '\u{200F}' | '\u{061C}' | '\u{202B}' | '\u{202E}' | '\u{2067}'
    )
}

/// The explicit bidi embeddings, overrides and isolates open at a point of the joined text,
/// tracked forward through it (each character once, so linear in the text).
#[derive(Default)]
struct OpenBidi {
    /// Whether each open one is right-to-left, innermost last.
    stack: Vec<bool>,
    /// How many of `stack` are right-to-left.
    rtl: usize,
}

impl OpenBidi {
    fn feed(&mut self, text: &str) {
        for c in text.chars() {
            match c {
                LINE_BREAK => {
                    self.stack.clear();
                    self.rtl = 0;
                }
                '\u{202A}' | '\u{202D}' | '\u{2066}' | '\u{2068}' => self.stack.push(false),
                '\u{202B}' | '\u{202E}' | '\u{2067}' => {
                    self.stack.push(true);
                    self.rtl += 1;
                }
                '\u{202C}' | '\u{2069}' => {
                    self.rtl -= usize::from(self.stack.pop() == Some(true));
                }
                _ => {}
            }
        }
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
        let continues = text.source == TextSource::Node
            && !text.gap_before
            && previous == Some((TextSource::Node, block));
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
    // Bidi state at each match: matches come in order, so one forward scan serves them all.
    let mut bidi = OpenBidi::default();
    let mut scanned = 0;
    find_numbers(&joined)
        .into_iter()
        .filter_map(|m| {
            if let Some(before) = joined.get(scanned..m.start) {
                bidi.feed(before);
                scanned = m.start;
            }
            // Reordered: a right-to-left control inside it, or one opened before it on its line.
            let reordered = bidi.rtl > 0
                || joined
                    .get(m.start..m.end)
                    .is_some_and(|inside| inside.chars().any(starts_rtl));
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
            let hidden = texts
                .iter()
                .find_map(|&t| view.text_hidden_by(t))
                .or_else(|| reordered.then_some(HiddenBy::Reordered));
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
