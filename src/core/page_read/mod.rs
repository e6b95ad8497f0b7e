//! The page read, led by the core (issue #11): the collector reads the page's texts and
//! structure once (`TextRead`), the core picks what the rules need measured (`Inspection::request`),
//! the collector measures only that (`Measured`), and the core judges the assembled
//! `PageFacts` (`Inspection::facts`). A record edit judges the same facts again: the page is not
//! read again.
//!
//! What is measured, and why that is enough (every verdict is the one the whole page's facts
//! would give, which `tests/page_read.rs` checks on every fixture of facts):
//! - The lines of reading that hold a number. Every number the grammar finds contains an anchor
//!   (`ICP`, `公网安`, `B1`/`B2`, in any width, case or with format characters inside:
//!   `anchors`), and a line of reading is a run of consecutive text pieces, so the pieces that
//!   hold an anchor in the page's text joined whole are a superset of those that hold a number.
//!   Around each, the line is measured out to where it ends (the neighbour on another line), so
//!   the number, its bidi context and its visibility read exactly as on the whole page.
//! - The texts inside links to the MIIT or a registry, with their links.
//! - The first texts, until three of them are visible (the `reachable` check reads them).
//! - Every text when the page does not scroll and holds a candidate: its height is then the end of
//!   its visible content (`placement`).
//! - For each of these, its element and every ancestor (styles: visibility, clipping, colour,
//!   lines), its link, and the window and document sizes.
//!
//! The parts of the page left out are marked (`TextFact::gap_before`) so that no line of reading
//! is joined across them.

mod anchors;
mod assemble;
mod pick;
pub mod replay;
pub mod wire;

use std::collections::{BTreeMap, BTreeSet};

use crate::core::facts::{
    CollectorFact, ElementFact, FrameFact, GeneratorMarks, LinkFact, PageFacts, Point, Rect, Size,
    TextSource,
};

pub use wire::{MeasureRequest, Measured, ReadError, TextReadWire};

/// At most this many measuring rounds; a line still growing after them is judged as far as it
/// was measured.
pub const MAX_ROUNDS: usize = 12;

/// A piece of text of the first read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    /// Byte range in `TextRead::text`.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// Index of its element.
    pub element: usize,
    /// Where it came from.
    pub source: TextSource,
}

/// An element of the first read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadElement {
    /// Lower-case tag name.
    pub tag: String,
    /// Parent index (always lower than the element's own), crossing shadow roots and frames.
    pub parent: Option<usize>,
}

/// The first read: every text of the page and its structure, nothing measured.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TextRead {
    /// `location.href` of the top document.
    pub url: String,
    /// `document.title`.
    pub title: String,
    /// `document.documentElement.lang`.
    pub lang: String,
    /// Every piece of text joined.
    pub text: String,
    /// The pieces, in document order.
    pub pieces: Vec<Piece>,
    /// The elements, parents first.
    pub elements: Vec<ReadElement>,
    /// Link elements and their `href` attribute as written.
    pub links: BTreeMap<usize, Option<String>>,
    /// Frames met.
    pub frames: Vec<FrameFact>,
    /// Meta tags, asset URLs, element names and every link's `href` as written.
    pub generator_marks: GeneratorMarks,
    /// How the read went.
    pub collector: CollectorFact,
}

impl TextRead {
    /// Parse, check and unpack the collector's first read as it travels: the JSON text of a
    /// `TextReadWire` (see `wire`).
    pub fn from_json(json: &str) -> Result<TextRead, ReadError> {
        let wire: TextReadWire = serde_json::from_str(json).map_err(|_| ReadError::BadJson)?;
        TextRead::from_wire(wire)
    }

    /// Check and unpack the collector's compact first read.
    pub fn from_wire(wire: TextReadWire) -> Result<TextRead, ReadError> {
        let lengths = wire::numbers(&wire.lengths)?;
        let owners = wire::running(&wire.owners)?;
        let tags = wire::numbers(&wire.tags)?;
        let back = wire::numbers(&wire.parents)?;
        if owners.len() != lengths.len() || back.len() != tags.len() {
            return Err(ReadError::BadIndex);
        }
        let mut elements = Vec::with_capacity(tags.len());
        for (i, (&tag, &back)) in tags.iter().zip(&back).enumerate() {
            let tag = wire.tag_names.get(tag).ok_or(ReadError::BadIndex)?;
            let parent = match back {
                0 => None,
                b => Some(i.checked_sub(b).ok_or(ReadError::BadIndex)?),
            };
            elements.push(ReadElement {
                tag: tag.clone(),
                parent,
            });
        }
        let mut sources = vec![TextSource::Node; lengths.len()];
        for pair in wire.sources.split(',').filter(|p| !p.is_empty()) {
            let (piece, code) = pair.split_once(':').ok_or(ReadError::BadNumber)?;
            let piece: usize = piece.parse().map_err(|_| ReadError::BadNumber)?;
            let code: usize = code.parse().map_err(|_| ReadError::BadNumber)?;
            *sources.get_mut(piece).ok_or(ReadError::BadIndex)? = wire::source_of(code)?;
        }
        // UTF-16 lengths to byte ranges, in one walk over the text.
        let mut pieces = Vec::with_capacity(lengths.len());
        let mut chars = wire.text.char_indices();
        let mut at = 0;
        for ((&units, &element), &source) in lengths.iter().zip(&owners).zip(&sources) {
            if element >= elements.len() {
                return Err(ReadError::BadIndex);
            }
            let start = at;
            let mut left = units;
            while left > 0 {
                let (i, c) = chars.next().ok_or(ReadError::BadLengths)?;
                left = left
                    .checked_sub(c.len_utf16())
                    .ok_or(ReadError::BadLengths)?;
                at = i + c.len_utf8();
            }
            pieces.push(Piece {
                start,
                end: at,
                element,
                source,
            });
        }
        if chars.next().is_some() {
            return Err(ReadError::BadLengths);
        }
        let link_elements = wire::numbers(&wire.link_elements)?;
        if link_elements.len() != wire.link_hrefs.len()
            || link_elements.iter().any(|&e| e >= elements.len())
        {
            return Err(ReadError::BadIndex);
        }
        let mut generator_marks = wire.generator_marks;
        generator_marks.links = wire.link_hrefs.iter().flatten().cloned().collect();
        let links = link_elements.into_iter().zip(wire.link_hrefs).collect();
        Ok(TextRead {
            url: wire.url,
            title: wire.title,
            lang: wire.lang,
            text: wire.text,
            pieces,
            elements,
            links,
            frames: wire.frames,
            generator_marks,
            collector: wire.collector,
        })
    }

    /// The text of piece `index`.
    pub fn piece_text(&self, index: usize) -> &str {
        self.pieces
            .get(index)
            .and_then(|p| self.text.get(p.start..p.end))
            .unwrap_or("")
    }

    /// The nearest `<a>`/`<area>` around element `index` (itself included), crossing shadow
    /// roots but not frames, as the browser's link activation does. A link is an element the
    /// read lists in `links` (the collector lists every `<a>` and `<area>`): asking the tag too
    /// would let a malformed read name a link it never listed (found by the fuzz step).
    pub fn link_of(&self, index: usize) -> Option<usize> {
        let mut current = Some(index);
        while let Some(i) = current {
            let el = self.elements.get(i)?;
            if self.links.contains_key(&i) {
                return Some(i);
            }
            let parent = el.parent?;
            if matches!(self.elements[parent].tag.as_str(), "iframe" | "frame") {
                return None;
            }
            current = Some(parent);
        }
        None
    }
}

/// The window and document as measured.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct PageGeometry {
    viewport: Size,
    document: Size,
    scroll: Point,
    http_status: Option<u16>,
}

/// One page being read: the first read, what has been measured so far, and what is wanted.
#[derive(Debug, Clone)]
pub struct Inspection {
    read: TextRead,
    /// Pieces holding an anchor or inside a registry link: their lines are measured whole.
    candidates: BTreeSet<usize>,
    /// Pieces wanted so far (measured or asked for).
    wanted: BTreeSet<usize>,
    /// How many pieces from the start are wanted for `reachable`.
    prefix: usize,
    page: Option<PageGeometry>,
    elements: BTreeMap<usize, ElementFact>,
    texts: BTreeMap<usize, Rect>,
    links: BTreeMap<usize, LinkFact>,
    rounds: usize,
    measure_ms: f64,
}

impl Inspection {
    /// Start from a first read: finds the candidates.
    pub fn new(read: TextRead) -> Inspection {
        let candidates = pick::candidates(&read);
        Inspection {
            read,
            candidates,
            wanted: BTreeSet::new(),
            prefix: 0,
            page: None,
            elements: BTreeMap::new(),
            texts: BTreeMap::new(),
            links: BTreeMap::new(),
            rounds: 0,
            measure_ms: 0.0,
        }
    }

    /// The first read.
    pub fn read(&self) -> &TextRead {
        &self.read
    }

    /// How many pieces hold a candidate.
    pub fn candidate_count(&self) -> usize {
        self.candidates.len()
    }

    /// Measuring rounds so far.
    pub fn rounds(&self) -> usize {
        self.rounds
    }

    /// What to measure next, or `None` when the facts are complete for every rule.
    pub fn request(&mut self) -> Option<MeasureRequest> {
        if self.rounds >= MAX_ROUNDS {
            return None;
        }
        let request = pick::next_request(self);
        (!request.is_empty()).then_some(request)
    }

    /// Take the second read's answer to the last request.
    pub fn add(&mut self, measured: Measured) {
        self.rounds += 1;
        self.measure_ms += measured.elapsed_ms.max(0.0);
        if let (Some(viewport), Some(document)) = (measured.viewport, measured.document) {
            self.page = Some(PageGeometry {
                viewport,
                document,
                scroll: measured.scroll.unwrap_or_default(),
                http_status: measured.http_status,
            });
        }
        for m in measured.elements {
            if m.index < self.read.elements.len() {
                self.elements.insert(m.index, m.fact);
            }
        }
        for m in measured.texts {
            if m.index < self.read.pieces.len() {
                self.texts.insert(m.index, m.rect);
            }
        }
        for m in measured.links {
            if self.read.links.contains_key(&m.index) {
                self.links.insert(
                    m.index,
                    LinkFact {
                        href: m.href,
                        raw_href: m.raw_href,
                        onclick: m.onclick,
                        target: m.target,
                        element: m.index,
                    },
                );
            }
        }
    }

    /// The facts the rules judge: the measured part of the page.
    pub fn facts(&self) -> PageFacts {
        assemble::facts(self)
    }
}

#[cfg(test)]
mod tests;
