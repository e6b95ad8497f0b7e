//! The facts the rules judge, assembled from a first read and what was measured of it: the
//! measured pieces in document order, their elements with every ancestor (parents first), their
//! links, and the page's geometry. Indices are renumbered; `PageFacts::element_ids` keeps the
//! first read's, for "show on page".

use std::collections::{BTreeMap, BTreeSet};

use crate::core::facts::{CollectorFact, ElementFact, LinkFact, PageFacts, TextFact};
use crate::core::page_read::Inspection;

/// The assembled facts.
pub(super) fn facts(insp: &Inspection) -> PageFacts {
    facts_with_ids(insp).0
}

/// The assembled facts and the first-read index of each of their texts.
pub(super) fn facts_with_ids(insp: &Inspection) -> (PageFacts, Vec<usize>) {
    let read = &insp.read;
    let pieces: Vec<usize> = insp.texts.keys().copied().collect();
    // Every element the measured pieces and their links need, with its ancestors.
    let mut ids = BTreeSet::new();
    for &p in &pieces {
        let mut current = Some(read.pieces[p].element);
        while let Some(e) = current {
            if !ids.insert(e) {
                break;
            }
            current = read.elements.get(e).and_then(|el| el.parent);
        }
    }
    let index: BTreeMap<usize, usize> = ids.iter().enumerate().map(|(i, &e)| (e, i)).collect();
    let elements: Vec<ElementFact> = ids
        .iter()
        .map(|&e| {
            let el = &read.elements[e];
            let mut fact = insp.elements.get(&e).cloned().unwrap_or_default();
            fact.tag.clone_from(&el.tag);
            fact.parent = el.parent.and_then(|p| index.get(&p).copied());
            fact
        })
        .collect();
    let mut links: Vec<LinkFact> = Vec::new();
    let mut link_index: BTreeMap<usize, usize> = BTreeMap::new();
    let mut texts = Vec::with_capacity(pieces.len());
    let mut previous: Option<usize> = None;
    for &p in &pieces {
        let piece = read.pieces[p];
        let link = read.link_of(piece.element).and_then(|l| {
            if let Some(&i) = link_index.get(&l) {
                return Some(i);
            }
            let mut fact = insp.links.get(&l)?.clone();
            fact.element = *index.get(&l)?;
            link_index.insert(l, links.len());
            links.push(fact);
            Some(links.len() - 1)
        });
        texts.push(TextFact {
            text: read.piece_text(p).to_string(),
            source: piece.source,
            element: index.get(&piece.element).copied().unwrap_or_default(),
            rect: insp.texts.get(&p).copied().unwrap_or_default(),
            link,
            gap_before: p > 0 && previous != Some(p - 1),
        });
        previous = Some(p);
    }
    let geometry = insp.page.unwrap_or_default();
    let facts = PageFacts {
        url: read.url.clone(),
        title: read.title.clone(),
        lang: read.lang.clone(),
        viewport: geometry.viewport,
        document: geometry.document,
        scroll: geometry.scroll,
        http_status: geometry.http_status,
        elements,
        texts,
        links,
        frames: read.frames.clone(),
        collector: CollectorFact {
            elapsed_ms: read.collector.elapsed_ms + insp.measure_ms,
            ..read.collector.clone()
        },
        element_ids: ids.into_iter().collect(),
        generator_marks: read.generator_marks.clone(),
    };
    (facts, pieces)
}
