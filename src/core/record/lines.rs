//! A text paste, line by line: each line goes to the first format reader that understands it.
//!
//! Owns the order of that decision (section header, page word, `标签：值` pairs, tab cells, a
//! label alone, spaced `label value`, a pending label's value, a bare value, a space-separated
//! list row, numbers in text) and where lines end.

use crate::core::fold::is_space;

use super::builder::Builder;
use super::labelled::colon_pairs;
use super::labels::{is_ui_word, label_field, normalise_label, section_header};
use super::list::MAX_ROW_CELLS;
use super::values::trim_line;
use super::LineIssue;

/// The lines of `text`, split at `\n`, `\r\n` or a lone `\r`, without their terminators.
pub(super) fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match current.find(['\n', '\r']) {
            Some(i) => {
                let skip = if current[i..].starts_with("\r\n") {
                    2
                } else {
                    1
                };
                rest = Some(&current[i + skip..]);
                Some(&current[..i])
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

impl Builder {
    /// Read one line (`n`, 1-based) of a text paste.
    pub(super) fn read_line(&mut self, n: usize, raw: &str) {
        let line = trim_line(raw);
        if line.is_empty() {
            return;
        }
        let norm = normalise_label(line);
        let norm = norm.as_deref().unwrap_or("");

        if let Some(section) = section_header(norm) {
            self.open_section(section);
            return;
        }
        if is_ui_word(norm) {
            return;
        }

        let pairs = colon_pairs(line);
        if !pairs.is_empty() {
            self.pending = None;
            self.read_colon_pairs(n, line, &pairs);
            return;
        }

        if line.contains('\t') && self.read_tab_line(n, raw, line) {
            return;
        }

        if let Some(field) = label_field(norm) {
            self.open_label(field);
            return;
        }

        let tokens: Vec<&str> = line
            .split(|c: char| is_space(c) || c == '\t')
            .filter(|t| !t.is_empty())
            .collect();
        if self.read_spaced_pairs(n, line, &tokens) {
            return;
        }

        if let Some(field) = self.pending.take() {
            self.set_field(field, line, n, line);
            return;
        }

        if self.read_bare_value(n, line) {
            return;
        }

        if (3..=MAX_ROW_CELLS).contains(&tokens.len())
            && self.read_guessed_row(n, line, &tokens, true)
        {
            self.votes.list += 1;
            return;
        }

        if self.read_numbers_in_line(n, line) {
            return;
        }
        self.diag(n, line, LineIssue::NotUnderstood);
    }
}
