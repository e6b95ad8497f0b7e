//! What to measure: the candidates of a first read and, round after round, the request that
//! completes their lines of reading, the first visible texts and, on a page that does not
//! scroll, every text (see the module above for why this is enough).

use std::collections::BTreeSet;

use crate::core::checks::link::{MIIT_HOST, OLD_MIIT_HOSTS, WRONG_REGISTRY_HOSTS};
use crate::core::checks::page_view::flow::is_inline_level;
use crate::core::checks::page_view::PageView;
use crate::core::checks::placement::scrolls;
use crate::core::facts::TextSource;
use crate::core::page_read::anchors::anchor_spans;
use crate::core::page_read::{assemble, Inspection, MeasureRequest, TextRead};
use crate::core::url::parse_url;

/// The first request measures this many pieces around each candidate.
const FIRST_REACH: usize = 4;
/// A line still growing is measured this many pieces further per round (doubling each round).
const GROW_FROM: usize = 8;
/// ... up to this many per round.
const GROW_MAX: usize = 256;
/// The first request measures this many pieces from the start; more while fewer than
/// `REACHABLE_TEXTS` of them are visible.
const FIRST_PREFIX: usize = 8;
/// How many visible texts from the start the `reachable` check reads.
const REACHABLE_TEXTS: usize = 3;

/// Pieces that hold (part of) an anchor in the page's text joined whole, and pieces inside a
/// link to the MIIT or a registry.
pub(super) fn candidates(read: &TextRead) -> BTreeSet<usize> {
    let Some(spans) = anchor_spans(&read.text) else {
        return (0..read.pieces.len()).collect();
    };
    let mut out = BTreeSet::new();
    for (start, end) in spans {
        let first = read.pieces.partition_point(|p| p.end <= start);
        for (i, p) in read.pieces.iter().enumerate().skip(first) {
            if p.start >= end {
                break;
            }
            out.insert(i);
        }
    }
    let registry: BTreeSet<usize> = read
        .links
        .iter()
        .filter(|(_, href)| href.as_deref().is_some_and(is_registry))
        .map(|(&element, _)| element)
        .collect();
    if !registry.is_empty() {
        for (i, p) in read.pieces.iter().enumerate() {
            if read
                .link_of(p.element)
                .is_some_and(|l| registry.contains(&l))
            {
                out.insert(i);
            }
        }
    }
    out
}

/// Whether an `href` as written leads to the MIIT system or a registry (old or wrong ones too).
fn is_registry(href: &str) -> bool {
    parse_url(href.trim()).is_some_and(|u| {
        let host = u.host.as_str();
        host == MIIT_HOST || OLD_MIIT_HOSTS.contains(&host) || WRONG_REGISTRY_HOSTS.contains(&host)
    })
}

/// The nearest element at or above `element` that starts a line of reading (not inline level),
/// or the topmost one; `None` while an element on the way is not measured.
fn block_of(insp: &Inspection, element: usize) -> Option<usize> {
    let mut current = element;
    loop {
        let fact = insp.elements.get(&current)?;
        if !is_inline_level(&fact.display) {
            return Some(current);
        }
        match insp.read.elements.get(current).and_then(|e| e.parent) {
            Some(parent) => current = parent,
            None => return Some(current),
        }
    }
}

/// Whether measured pieces `a` and `a + 1` read as one line (`page_numbers` joins them).
fn same_line(insp: &Inspection, a: usize) -> Option<bool> {
    let (p, q) = (insp.read.pieces.get(a)?, insp.read.pieces.get(a + 1)?);
    if p.source != TextSource::Node || q.source != TextSource::Node {
        return Some(false);
    }
    Some(block_of(insp, p.element)? == block_of(insp, q.element)?)
}

/// Add to `want` the pieces that continue a candidate's line beyond what is measured.
fn grow_lines(insp: &Inspection, want: &mut BTreeSet<usize>) {
    let n = insp.read.pieces.len();
    let step = (GROW_FROM << insp.rounds.min(8)).min(GROW_MAX);
    for &c in &insp.candidates {
        // Leftwards: walk while measured and on the same line; ask for more where it stops.
        let mut k = c;
        while k > 0 {
            if !insp.texts.contains_key(&(k - 1)) {
                want.extend(k.saturating_sub(step)..k);
                break;
            }
            match same_line(insp, k - 1) {
                Some(true) => k -= 1,
                _ => break,
            }
        }
        let mut k = c;
        while k + 1 < n {
            if !insp.texts.contains_key(&(k + 1)) {
                want.extend(k + 1..(k + 1 + step).min(n));
                break;
            }
            match same_line(insp, k) {
                Some(true) => k += 1,
                _ => break,
            }
        }
    }
}

/// How many of the first `prefix` pieces a person can read as page text.
fn visible_in_prefix(insp: &Inspection) -> usize {
    let (facts, ids) = assemble::facts_with_ids(insp);
    let view = PageView::new(&facts);
    ids.iter()
        .enumerate()
        .take_while(|(_, &id)| id < insp.prefix)
        .filter(|(i, _)| view.is_visible_node_text(*i))
        .count()
}

/// The next request: what is wanted and not yet measured, with the elements (and all their
/// ancestors) and links it needs. Records what is now wanted.
pub(super) fn next_request(insp: &mut Inspection) -> MeasureRequest {
    let n = insp.read.pieces.len();
    let mut want = insp.wanted.clone();
    if insp.rounds == 0 {
        for &c in &insp.candidates {
            want.extend(c.saturating_sub(FIRST_REACH)..(c + FIRST_REACH + 1).min(n));
        }
        insp.prefix = FIRST_PREFIX.min(n);
    } else {
        grow_lines(insp, &mut want);
        if insp.prefix < n && visible_in_prefix(insp) < REACHABLE_TEXTS {
            insp.prefix = (insp.prefix * 4).min(n);
        }
        let page_is_short = insp.page.is_some_and(|g| !scrolls(g.document, g.viewport));
        if page_is_short && !insp.candidates.is_empty() {
            want.extend(0..n);
        }
    }
    want.extend(0..insp.prefix);
    let texts: Vec<usize> = want
        .iter()
        .copied()
        .filter(|t| !insp.texts.contains_key(t))
        .collect();
    let mut elements = BTreeSet::new();
    let mut links = BTreeSet::new();
    for &t in &texts {
        let element = insp.read.pieces[t].element;
        if let Some(link) = insp.read.link_of(element) {
            if !insp.links.contains_key(&link) {
                links.insert(link);
            }
        }
        let mut current = Some(element);
        while let Some(e) = current {
            if insp.elements.contains_key(&e) || !elements.insert(e) {
                break;
            }
            current = insp.read.elements.get(e).and_then(|el| el.parent);
        }
    }
    // A link's own element and ancestors are an ancestor chain of its text: already in.
    insp.wanted = want;
    MeasureRequest {
        elements: elements.into_iter().collect(),
        texts,
        links: links.into_iter().collect(),
        page: insp.page.is_none(),
    }
}
