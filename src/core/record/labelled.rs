//! `标签：值` lines: one or more label-colon-value pairs on a line.
//!
//! Owns finding the pairs (the longest known label just before a colon, so pairs need no
//! separator and a colon inside a value stays in it) and reading them.

use crate::core::fold::{fold_width, is_invisible, is_space};

use super::builder::Builder;
use super::labels::{
    is_colon, is_decoration, is_ui_word, label_field, normalise_label, section_header, Field,
    MAX_LABEL_CHARS,
};
use super::values::{is_separator, trim_value};
use super::LineIssue;

/// How far back from a colon a label is looked for, in characters.
const MAX_LABEL_SCAN_CHARS: usize = 64;

/// One `标签：值` pair found in a line: the label's field, where the label starts, and the
/// value's byte range.
pub(super) struct ColonPair {
    pub(super) field: Field,
    pub(super) label_start: usize,
    pub(super) value_start: usize,
}

/// Find the `标签：值` pairs of a line. A colon opens a pair when the text just before it ends
/// with a known label (the longest one wins), so pairs need no separator between them and a
/// colon inside a value (`https://`, `12:00`) stays in the value.
pub(super) fn colon_pairs(line: &str) -> Vec<ColonPair> {
    let mut pairs: Vec<ColonPair> = Vec::new();
    let mut floor = 0; // no label may start before the previous pair's value
    let mut rev: Vec<(char, usize)> = Vec::with_capacity(MAX_LABEL_CHARS);
    let mut candidate = String::with_capacity(MAX_LABEL_CHARS * 4);
    for (colon, c) in line.char_indices() {
        if !is_colon(c) {
            continue;
        }
        // Walk back from the colon, collecting up to MAX_LABEL_CHARS normalised characters.
        rev.clear();
        for (scanned, (i, ch)) in line[floor..colon].char_indices().rev().enumerate() {
            if scanned >= MAX_LABEL_SCAN_CHARS || rev.len() >= MAX_LABEL_CHARS {
                break;
            }
            let ch = fold_width(ch);
            if is_colon(ch) || is_separator(ch) {
                break;
            }
            // Spaces may sit inside a label (`网站 名称`), decorations after it (`名称*`).
            if is_space(ch) || is_invisible(ch) || (rev.is_empty() && is_decoration(ch)) {
                continue;
            }
            rev.push((ch.to_ascii_uppercase(), floor + i));
        }
        // The longest known label that ends just before the colon.
        let mut best = None;
        for k in 1..=rev.len() {
            candidate.clear();
            candidate.extend(rev[..k].iter().rev().map(|(ch, _)| *ch));
            if let Some(field) = label_field(&candidate) {
                best = Some((field, rev[k - 1].1));
            }
        }
        if let Some((field, label_start)) = best {
            let value_start = colon + c.len_utf8();
            pairs.push(ColonPair {
                field,
                label_start,
                value_start,
            });
            floor = value_start;
        }
    }
    pairs
}

impl Builder {
    /// Read the `标签：值` pairs `colon_pairs` found in `line`; text before the first label that
    /// is not a section header or page word gets a diagnostic.
    pub(super) fn read_colon_pairs(&mut self, n: usize, line: &str, pairs: &[ColonPair]) {
        self.votes.labelled += 1;
        let prefix = pairs.first().map_or("", |p| &line[..p.label_start]);
        let prefix_norm = normalise_label(prefix);
        let prefix_ok = prefix_norm
            .as_deref()
            .is_some_and(|p| p.is_empty() || section_header(p).is_some() || is_ui_word(p));
        if !prefix_ok {
            self.diag(n, line, LineIssue::NotUnderstood);
        }
        for (i, pair) in pairs.iter().enumerate() {
            let end = pairs.get(i + 1).map_or(line.len(), |p| p.label_start);
            let value = trim_value(&line[pair.value_start..end]);
            if value.is_empty() {
                if i + 1 == pairs.len() {
                    self.pending = Some(pair.field);
                }
                continue;
            }
            self.set_field(pair.field, value, n, line);
        }
    }
}
