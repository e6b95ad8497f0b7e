//! Diagnostics: why a line of the paste was not used, and how the builder records it.
//!
//! Owns `LineIssue`, `LineDiagnostic` and `Builder::diag` (one diagnostic per line and issue,
//! its text trimmed and capped). Which lines deserve one is each format reader's decision.

use serde::{Deserialize, Serialize};

use super::builder::Builder;
use super::values::trim_line;
use crate::core::report::one_line;

/// Why a line of the paste was not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineIssue {
    /// The line did not match any known label, header or value.
    NotUnderstood,
    /// A known label whose value could not be read (a malformed or not-real number, a domain
    /// that is not one), or that contradicts a value read before (a second, different entity
    /// number, unit name or 公安 number).
    BadValue,
    /// The JSON could not be parsed.
    BadJson,
}

/// A line of the paste that was not used, with its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LineDiagnostic {
    /// 1-based line number in the paste.
    pub line: usize,
    /// The line's text (trimmed, on one line, at most 200 characters).
    pub text: String,
    /// What went wrong.
    pub issue: LineIssue,
}

/// Longest diagnostic text kept, in characters.
const MAX_DIAGNOSTIC_CHARS: usize = 200;

/// The trimmed `text` as one line (`report::one_line`) of at most `MAX_DIAGNOSTIC_CHARS`
/// characters: a JSON record's value may hold line breaks and bidi controls, which would forge
/// lines in the text export.
fn diagnostic_text(text: &str) -> String {
    one_line(trim_line(text), MAX_DIAGNOSTIC_CHARS)
        .trim()
        .to_string()
}

impl Builder {
    /// Record that line `line` (whose text is `text`) was not used, once per line and issue.
    pub(super) fn diag(&mut self, line: usize, text: &str, issue: LineIssue) {
        if let Some(last) = self.rec.diagnostics.last() {
            if last.line == line && last.issue == issue && last.text == diagnostic_text(text) {
                return;
            }
        }
        self.rec.diagnostics.push(LineDiagnostic {
            line,
            text: diagnostic_text(text),
            issue,
        });
    }
}
