//! MIIT list rows: tab-separated cells, with or without the list's column header row.
//!
//! Owns a line with tabs (a header row, `label<TAB>value` pairs handed to `detail.rs`, or a
//! row), reading a row by its header's columns or, without one, by what its cells look like
//! (also for space-separated rows), and the cell kinds only rows have (性质, dates, 是/否).

use crate::core::fold::{fold_width, is_space};

use super::builder::Builder;
use super::labels::{is_ui_word, label_field, normalise_label, Field, Section};
use super::values::{is_domain_list, read_number, trim_line};
use super::LineIssue;

/// Most cells a MIIT list row or header can have (the list has about ten columns); a line
/// with more is not read as a row, which also bounds the work spent guessing cells.
pub(super) const MAX_ROW_CELLS: usize = 40;

/// 主办单位性质 values, for list rows read without a header.
fn is_nature(norm: &str) -> bool {
    matches!(
        norm,
        "企业"
            | "个人"
            | "事业单位"
            | "政府机关"
            | "社会团体"
            | "民办非企业单位"
            | "基金会"
            | "律师执业机构"
            | "群众性团体组织"
            | "司法鉴定机构"
            | "宗教团体"
            | "境外机构"
            | "医疗机构"
            | "公证机构"
            | "国防机构"
            | "部队"
            | "军队"
            | "基层群众性自治组织"
            | "农村集体经济组织"
            | "宗教活动场所"
            | "外国在华文化中心"
    )
}

/// Whether `text` is a date as the MIIT pages write it: `2023-05-16`, `2023/5/16`,
/// `2023年5月16日`, optionally followed by a time.
fn is_date(text: &str) -> bool {
    if text.len() > 64 {
        return false;
    }
    let chars: Vec<char> = text.trim().chars().map(fold_width).collect();
    let mut i = 0;
    let digits = |i: &mut usize, min: usize, max: usize| {
        let start = *i;
        while chars.get(*i).is_some_and(char::is_ascii_digit) {
            *i += 1;
        }
        (min..=max).contains(&(*i - start))
    };
    let ok = digits(&mut i, 4, 4)
        && matches!(chars.get(i), Some('-' | '/' | '.' | '年'))
        && {
            i += 1;
            digits(&mut i, 1, 2)
        }
        && matches!(chars.get(i), Some('-' | '/' | '.' | '月'))
        && {
            i += 1;
            digits(&mut i, 1, 2)
        };
    if !ok {
        return false;
    }
    if chars.get(i) == Some(&'日') {
        i += 1;
    }
    chars[i..]
        .iter()
        .all(|c| c.is_ascii_digit() || *c == ':' || *c == 'T' || *c == '.' || is_space(*c))
}

/// Whether `text` is a short answer of the 是否限制接入 column.
fn is_yes_no(norm: &str) -> bool {
    matches!(norm, "是" | "否")
}

/// Whether a domain cell is rather a home address (scheme, path or `www.`).
fn is_home_address(text: &str) -> bool {
    let t = text.trim().to_ascii_lowercase();
    t.contains("://") || t.starts_with("www.") || t.trim_end_matches('/').contains('/')
}

impl Builder {
    /// A line holding tabs: a column header row, `label<TAB>value` pairs, the value of a
    /// pending label, or a list row. `false` (and nothing used) when it has fewer than two
    /// filled cells.
    pub(super) fn read_tab_line(&mut self, n: usize, raw: &str, line: &str) -> bool {
        let cells: Vec<&str> = raw.split('\t').map(trim_line).collect();
        let filled: Vec<&str> = cells.iter().copied().filter(|c| !c.is_empty()).collect();
        if filled.len() > MAX_ROW_CELLS {
            match self.pending.take() {
                Some(field) if field != Field::Ignored => {
                    self.set_field(field, &filled.join(" "), n, line)
                }
                _ => self.diag(n, line, LineIssue::NotUnderstood),
            }
            return true;
        }
        if filled.len() < 2 {
            return false;
        }
        let labels: Vec<Option<Field>> = filled
            .iter()
            .map(|c| normalise_label(c).and_then(|l| label_field(&l)))
            .collect();
        let label_count = labels.iter().filter(|l| l.is_some()).count();
        if label_count == filled.len() || (label_count >= 3 && label_count * 2 > filled.len()) {
            self.pending = None;
            self.read_header_row(n, line, &cells);
            return true;
        }
        if labels.first().copied().flatten().is_some() {
            self.pending = None;
            self.read_token_pairs(n, line, &filled);
            self.votes.detail += 1;
            return true;
        }
        match self.pending.take() {
            Some(field) if field != Field::Ignored => {
                self.set_field(field, &filled.join(" "), n, line);
            }
            _ => self.read_list_row(n, line, &cells),
        }
        true
    }

    pub(super) fn read_header_row(&mut self, n: usize, line: &str, cells: &[&str]) {
        let mut columns: Vec<Option<Field>> = cells
            .iter()
            .map(|c| normalise_label(c).and_then(|l| label_field(&l)))
            .collect();
        let unknown = cells
            .iter()
            .zip(&columns)
            .any(|(c, f)| !c.is_empty() && f.is_none());
        if unknown {
            self.diag(n, line, LineIssue::NotUnderstood);
        }
        // Trailing empty cells (a copied row ends in tabs) are not columns.
        let width = cells
            .iter()
            .rposition(|c| !c.is_empty())
            .map_or(0, |i| i + 1);
        columns.truncate(width);
        self.columns = Some(columns);
        self.last_field = None;
    }

    /// A tab-separated MIIT list row: by the header's columns when it fits, else by content.
    pub(super) fn read_list_row(&mut self, n: usize, line: &str, cells: &[&str]) {
        let mut len = cells.len();
        while len > 0 && cells[len - 1].is_empty() {
            len -= 1;
        }
        let cells = &cells[..len];
        let columns = self.columns.take();
        let fits = columns.as_ref().is_some_and(|c| c.len() == cells.len());
        if let (true, Some(columns)) = (fits, columns.as_ref()) {
            let assigned: Vec<(Field, &str)> = cells
                .iter()
                .zip(columns)
                .filter_map(|(c, f)| f.map(|f| (f, *c)))
                .filter(|(f, c)| *f != Field::Ignored && !c.is_empty() && !is_ui_word(c))
                .collect();
            if assigned.is_empty() {
                self.diag(n, line, LineIssue::NotUnderstood);
            } else {
                self.apply_row(n, line, &assigned);
                self.votes.list += 1;
            }
        } else {
            let filled: Vec<&str> = cells.iter().copied().filter(|c| !c.is_empty()).collect();
            if self.read_guessed_row(n, line, &filled, false) {
                self.votes.list += 1;
            } else {
                self.diag(n, line, LineIssue::NotUnderstood);
            }
        }
        self.columns = columns;
    }

    /// Read a row without a header by what its cells look like; `false` (and nothing used)
    /// when nothing anchors it as a MIIT row: a number or a domain for tab-separated cells; a
    /// number plus a 主办单位性质 or a date for space-separated ones (`strict`), so that a
    /// sentence holding a number is not mistaken for a row.
    pub(super) fn read_guessed_row(
        &mut self,
        n: usize,
        line: &str,
        cells: &[&str],
        strict: bool,
    ) -> bool {
        let mut assigned: Vec<(Field, &str)> = Vec::new();
        let mut seen_number = false;
        let mut anchored = false;
        let mut unknown = false;
        let mut has_unit = false;
        let mut has_name = false;
        let mut has_home = false;
        let mut has_row_cell = false;
        for (i, cell) in cells.iter().enumerate() {
            let norm = normalise_label(cell).unwrap_or_default();
            if is_ui_word(&norm) || is_yes_no(&norm) {
                continue;
            }
            if i == 0 && cell.len() <= 6 && cell.bytes().all(|b| b.is_ascii_digit()) {
                continue; // 序号
            }
            if label_field(&norm) == Some(Field::Ignored) {
                continue;
            }
            if is_nature(&norm) {
                assigned.push((Field::Nature, cell));
                has_row_cell = true;
            } else if is_date(cell) {
                assigned.push((Field::Approved, cell));
                has_row_cell = true;
            } else if read_number(cell).is_some() {
                assigned.push((Field::AnyNumber, cell));
                seen_number = true;
                anchored = true;
            } else if is_domain_list(cell) {
                let field = if is_home_address(cell) && !has_home {
                    has_home = true;
                    Field::HomeUrl
                } else {
                    Field::Domain
                };
                assigned.push((field, cell));
                anchored |= !strict;
            } else if !seen_number && !has_unit {
                assigned.push((Field::UnitName, cell));
                has_unit = true;
            } else if !has_name {
                assigned.push((Field::SiteName, cell));
                has_name = true;
            } else {
                unknown = true;
            }
        }
        if !anchored || (strict && !(seen_number && has_row_cell)) {
            return false;
        }
        if unknown {
            self.diag(n, line, LineIssue::NotUnderstood);
        }
        self.apply_row(n, line, &assigned);
        true
    }

    /// One list row is one site (rows of the same site number merge).
    pub(super) fn apply_row(&mut self, n: usize, line: &str, assigned: &[(Field, &str)]) {
        self.flush();
        self.section = Section::None;
        for (field, value) in assigned {
            self.set_field(*field, value, n, line);
        }
        self.flush();
    }
}
