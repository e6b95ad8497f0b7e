//! The shared builder: the record in progress and where each labelled value goes.
//!
//! Owns the rules every format shares: a repeating site field starts the next site, sites with
//! the same number merge, a number goes where its kind says (entity, site, licence, 公安), and
//! the format reported is the kind of line read most. The format readers (`detail.rs`,
//! `list.rs`, `labelled.rs`, `json.rs`, `bare.rs`) only decide which field a value is.

use std::collections::{HashMap, HashSet};

use crate::core::number::{AnyNumber, FilingNumber, MpsNumber};
use crate::core::report::{one_line, MAX_TEXT_CHARS};

use super::labels::{Field, Section};
use super::values::{read_number, split_domains, trim_value};
use super::{LineIssue, Record, RecordFormat, SiteRecord};

/// Which kind of line was understood, for choosing `RecordFormat`.
#[derive(Debug, Default)]
pub(super) struct FormatVotes {
    pub(super) detail: usize,
    pub(super) list: usize,
    pub(super) labelled: usize,
    pub(super) bare: usize,
    pub(super) json: bool,
}

/// The parse in progress.
#[derive(Default)]
pub(super) struct Builder {
    /// The record so far (the site being filled is not in it yet).
    pub(super) rec: Record,
    /// The site being filled.
    pub(super) cur: SiteRecord,
    /// `cur.number_raw` is a number that is not real: alone it does not make a site.
    pub(super) cur_raw_not_real: bool,
    /// Site number (canonical, or raw when unparsed) to index in `rec.sites`, for merging the
    /// rows of one site (the MIIT list and API give one row per domain).
    pub(super) by_number: HashMap<String, usize>,
    /// The MIIT detail page section being read.
    pub(super) section: Section,
    /// The field the previous value went to (a domain line after a domain adds to it).
    pub(super) last_field: Option<Field>,
    /// A label alone on its line, waiting for its value on the next line.
    pub(super) pending: Option<Field>,
    /// The column header row of MIIT list rows, once seen.
    pub(super) columns: Option<Vec<Option<Field>>>,
    /// How many lines of each format were read.
    pub(super) votes: FormatVotes,
    /// Where the JSON line search resumes: byte offset and its 1-based line.
    pub(super) json_cursor: (usize, usize),
    /// JSON line searches that found nothing.
    pub(super) json_misses: usize,
}

impl Builder {
    /// Whether the current site has anything that identifies a site.
    pub(super) fn cur_started(&self) -> bool {
        let s = &self.cur;
        s.number.is_some()
            || (s.number_raw.is_some() && !self.cur_raw_not_real)
            || s.name.is_some()
            || !s.domains.is_empty()
            || s.home_url.is_some()
    }

    /// Close the current site: add it, or merge it into an earlier site with the same number.
    pub(super) fn flush(&mut self) {
        let started = self.cur_started();
        let site = std::mem::take(&mut self.cur);
        self.cur_raw_not_real = false;
        self.last_field = None;
        if !started {
            if self.rec.mps.is_none() {
                self.rec.mps = site.mps;
            }
            return;
        }
        let key = site
            .number
            .as_ref()
            .map(FilingNumber::canonical)
            .or_else(|| site.number_raw.clone());
        if let Some(key) = key {
            if let Some(&i) = self.by_number.get(&key) {
                if let Some(old) = self.rec.sites.get_mut(i) {
                    merge_site(old, site);
                    return;
                }
            }
            self.by_number.insert(key, self.rec.sites.len());
        }
        self.rec.sites.push(site);
    }

    /// Put `value` of a `field` label, read on `line` (whose text is `text`), in the record.
    pub(super) fn set_field(&mut self, field: Field, value: &str, line: usize, text: &str) {
        let value = trim_value(value);
        if value.is_empty() || field == Field::Ignored {
            return;
        }
        // A name, an address or a date as the report shows it: on one line and capped, since a
        // JSON record's value may hold line breaks or bidi controls (see `report::one_line`).
        let shown = || one_line(value, MAX_TEXT_CHARS);
        match field {
            Field::EntityNumber | Field::SiteNumber | Field::AnyNumber => {
                self.set_number(field, value, line, text)
            }
            Field::UnitName => {
                if !set_once(&mut self.rec.unit_name, &shown()) {
                    self.diag(line, text, LineIssue::BadValue);
                }
            }
            Field::Nature => {
                if !set_once(&mut self.rec.nature, &shown()) {
                    self.diag(line, text, LineIssue::BadValue);
                }
            }
            Field::SiteName => {
                if self.cur.name.is_some() {
                    self.flush();
                }
                self.cur.name = Some(shown());
            }
            Field::Domain => {
                let (hosts, bad) = split_domains(value);
                if bad {
                    self.diag(line, text, LineIssue::BadValue);
                }
                if hosts.is_empty() {
                    return;
                }
                if !self.cur.domains.is_empty() && self.last_field != Some(Field::Domain) {
                    self.flush();
                }
                self.cur.domains.extend(hosts);
            }
            Field::HomeUrl => {
                if self.cur.home_url.is_some() {
                    self.flush();
                }
                let (hosts, bad) = split_domains(value);
                if bad || hosts.is_empty() {
                    self.diag(line, text, LineIssue::BadValue);
                }
                self.cur.home_url = Some(shown());
            }
            Field::Approved => {
                if self.section == Section::Entity {
                    // The entity's own 审核通过日期: understood, not a site's.
                    return;
                }
                if self.cur.approved.is_some() {
                    self.flush();
                }
                self.cur.approved = Some(shown());
            }
            Field::Ignored => {}
        }
        self.last_field = Some(field);
    }

    /// A number value: where it goes depends on the label and on what the number is.
    pub(super) fn set_number(&mut self, field: Field, value: &str, line: usize, text: &str) {
        let Some((number, raw)) = read_number(value) else {
            self.diag(line, text, LineIssue::BadValue);
            return;
        };
        let number = match number {
            // A B2 licence is the filing number of a commercial operator: read it as one.
            AnyNumber::Licence(licence) => {
                if !self.rec.licences.contains(&licence) {
                    self.rec.licences.push(licence.clone());
                }
                let as_filing = licence.as_filing().filter(|f| {
                    matches!(field, Field::SiteNumber | Field::EntityNumber) || f.sequence.is_some()
                });
                match as_filing {
                    Some(filing) => AnyNumber::Filing(filing),
                    None => {
                        // A B1 (IDC) licence is not an ICP filing; a bare licence under a
                        // 经营许可证 label is only a licence: understood, kept in `licences`.
                        if field == Field::SiteNumber || field == Field::EntityNumber {
                            self.diag(line, text, LineIssue::BadValue);
                        }
                        return;
                    }
                }
            }
            other => other,
        };
        match number {
            AnyNumber::Filing(filing) => {
                let site = match field {
                    Field::SiteNumber => true,
                    // An entity label holding a site number: keep it as the site number; the
                    // entity is derived from it.
                    _ => filing.sequence.is_some(),
                };
                if site {
                    self.set_site_number(Some(filing), raw);
                } else if let Err(()) = self.set_entity(filing, raw) {
                    self.diag(line, text, LineIssue::BadValue);
                }
            }
            AnyNumber::Licence(_) => {}
            AnyNumber::Mps(mps) => self.set_mps(mps, line, text),
            AnyNumber::NotReal { .. } => {
                // Kept as written where it was meant to go, so the `record` check can show it,
                // but it never opens a site on its own.
                self.diag(line, text, LineIssue::BadValue);
                match field {
                    Field::SiteNumber if self.cur.number_raw.is_none() => {
                        self.cur.number_raw = Some(raw);
                        self.cur_raw_not_real = true;
                    }
                    Field::EntityNumber if self.rec.entity_raw.is_none() => {
                        self.rec.entity_raw = Some(raw)
                    }
                    _ => {}
                }
            }
        }
    }

    pub(super) fn set_entity(&mut self, entity: FilingNumber, raw: String) -> Result<(), ()> {
        match &self.rec.entity {
            None => {
                self.rec.entity = Some(entity);
                self.rec.entity_raw = Some(raw);
                Ok(())
            }
            Some(old) if *old == entity => Ok(()),
            Some(_) => Err(()),
        }
    }

    pub(super) fn set_site_number(&mut self, number: Option<FilingNumber>, raw: String) {
        let has_number =
            self.cur.number.is_some() || (self.cur.number_raw.is_some() && !self.cur_raw_not_real);
        if has_number {
            self.flush();
        }
        self.cur.number = number;
        self.cur.number_raw = Some(raw);
        self.cur_raw_not_real = false;
    }

    /// A 公安 number goes with the site being read, or with the whole record before any site.
    pub(super) fn set_mps(&mut self, mps: MpsNumber, line: usize, text: &str) {
        let started = self.cur_started();
        let slot = if started && self.cur.mps.as_ref().is_none_or(|m| *m == mps) {
            &mut self.cur.mps
        } else {
            &mut self.rec.mps
        };
        match slot {
            None => *slot = Some(mps),
            Some(old) if *old == mps => {}
            Some(_) => self.diag(line, text, LineIssue::BadValue),
        }
    }
}

/// Set an entity-level text once; `false` when it already holds a different value.
fn set_once(slot: &mut Option<String>, value: &str) -> bool {
    match slot {
        None => {
            *slot = Some(value.to_string());
            true
        }
        Some(old) => old == value,
    }
}

/// Merge a later row of the same site into the earlier one: fill what it lacks, add domains.
fn merge_site(old: &mut SiteRecord, new: SiteRecord) {
    if old.number.is_none() {
        old.number = new.number;
    }
    if old.number_raw.is_none() {
        old.number_raw = new.number_raw;
    }
    if old.name.is_none() {
        old.name = new.name;
    }
    if old.home_url.is_none() {
        old.home_url = new.home_url;
    }
    if old.approved.is_none() {
        old.approved = new.approved;
    }
    if old.mps.is_none() {
        old.mps = new.mps;
    }
    old.domains.extend(new.domains);
}

impl Builder {
    /// Close the last site and settle what the record as a whole says: domains from home
    /// addresses, the entity number from a site number, the format.
    pub(super) fn finish(mut self) -> Record {
        self.flush();
        let mut rec = self.rec;
        for site in &mut rec.sites {
            if site.domains.is_empty() {
                if let Some(home) = &site.home_url {
                    site.domains = split_domains(home).0;
                }
            }
            let mut seen = HashSet::new();
            site.domains.retain(|d| seen.insert(d.clone()));
        }
        if rec.entity.is_none() {
            rec.entity = rec
                .sites
                .iter()
                .filter_map(|s| s.number.as_ref())
                .find(|n| n.sequence.is_some())
                .map(FilingNumber::entity);
        }
        let v = &self.votes;
        let anything = rec.entity.is_some()
            || rec.entity_raw.is_some()
            || rec.unit_name.is_some()
            || rec.nature.is_some()
            || !rec.licences.is_empty()
            || rec.mps.is_some()
            || !rec.sites.is_empty();
        rec.format = if v.json {
            RecordFormat::Json
        } else if !anything && v.list + v.detail + v.labelled + v.bare == 0 {
            RecordFormat::Empty
        } else if v.list > 0 && v.list >= v.detail && v.list >= v.labelled {
            RecordFormat::MiitList
        } else if v.detail > 0 && v.detail >= v.labelled {
            RecordFormat::MiitDetail
        } else if v.labelled > 0 {
            RecordFormat::Labelled
        } else if v.bare > 0 {
            RecordFormat::BareNumber
        } else {
            RecordFormat::Empty
        };
        rec
    }
}
