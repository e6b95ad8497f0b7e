//! MIIT detail page text: section headers, a label alone on its line (its value on the next),
//! and `label value` cells or space-separated tokens.
//!
//! Owns those lines; `标签：值` pairs of the same page are in `labelled.rs`, tab cells are
//! routed by `list.rs`.

use super::builder::Builder;
use super::labels::{label_field, normalise_label, Field, Section};
use super::LineIssue;

impl Builder {
    /// A section header: it closes the site being read.
    pub(super) fn open_section(&mut self, section: Section) {
        self.pending = None;
        if self.cur_started() {
            self.flush();
        }
        self.section = section;
        self.last_field = None;
        self.votes.detail += 1;
    }

    /// A label alone on its line: its value is on the next line.
    pub(super) fn open_label(&mut self, field: Field) {
        self.pending = Some(field);
        self.last_field = None;
        self.votes.detail += 1;
    }

    /// `label value ...` separated by spaces: `false` (and nothing used) unless the first
    /// token is a known label and a value follows it.
    pub(super) fn read_spaced_pairs(&mut self, n: usize, line: &str, tokens: &[&str]) -> bool {
        if tokens.len() < 2
            || normalise_label(tokens[0])
                .and_then(|l| label_field(&l))
                .is_none()
        {
            return false;
        }
        self.pending = None;
        self.read_token_pairs(n, line, tokens);
        self.votes.detail += 1;
        true
    }

    /// `label value label value ...` cells or tokens (a value may span several).
    pub(super) fn read_token_pairs(&mut self, n: usize, line: &str, tokens: &[&str]) {
        let mut current: Option<(Field, Vec<&str>)> = None;
        for token in tokens {
            let field = normalise_label(token).and_then(|l| label_field(&l));
            match (field, &mut current) {
                (Some(field), _) => {
                    if let Some((f, values)) = current.take() {
                        self.set_field(f, &values.join(" "), n, line);
                    }
                    current = Some((field, Vec::new()));
                }
                (None, Some((_, values))) => values.push(token),
                (None, None) => self.diag(n, line, LineIssue::NotUnderstood),
            }
        }
        if let Some((f, values)) = current {
            if values.is_empty() {
                self.pending = Some(f);
            } else {
                self.set_field(f, &values.join(" "), n, line);
            }
        }
    }
}
