//! Bare values: a line that is only a number or only domains, and numbers found in a line
//! of other text.
//!
//! Owns those lines; a line that holds numbers among words is used for its numbers and gets a
//! diagnostic for the rest.

use crate::core::number::{find_numbers, parse_number, AnyNumber};

use super::builder::Builder;
use super::labels::Field;
use super::values::{is_domain_list, trim_value, MAX_NUMBER_VALUE_BYTES};
use super::LineIssue;

/// Longest line searched for numbers without a label, in bytes.
const MAX_NUMBER_LINE_BYTES: usize = 2000;

/// Whether a whole line is exactly one number.
fn is_whole_number(line: &str) -> bool {
    let value = trim_value(line);
    !value.is_empty() && value.len() <= MAX_NUMBER_VALUE_BYTES && parse_number(value).is_some()
}

impl Builder {
    /// A line that is one or more domains, or exactly one number; `false` (and nothing used)
    /// otherwise.
    pub(super) fn read_bare_value(&mut self, n: usize, line: &str) -> bool {
        if is_domain_list(line) {
            self.set_field(Field::Domain, line, n, line);
            self.votes.bare += 1;
            return true;
        }
        if is_whole_number(line) {
            self.set_field(Field::AnyNumber, line, n, line);
            self.votes.bare += 1;
            return true;
        }
        false
    }

    /// The real numbers inside a line of other text: used, with a diagnostic for the rest of
    /// the line; `false` (and nothing used) when there is none or the line is too long.
    pub(super) fn read_numbers_in_line(&mut self, n: usize, line: &str) -> bool {
        if line.len() > MAX_NUMBER_LINE_BYTES {
            return false;
        }
        let found = find_numbers(line);
        let usable: Vec<_> = found
            .into_iter()
            .filter(|m| !matches!(m.number, AnyNumber::NotReal { .. }))
            .collect();
        if usable.is_empty() {
            return false;
        }
        // The numbers are used; the rest of the line was not understood.
        self.diag(n, line, LineIssue::NotUnderstood);
        for m in usable {
            self.set_field(Field::AnyNumber, m.raw(line), n, line);
        }
        self.votes.bare += 1;
        true
    }
}
