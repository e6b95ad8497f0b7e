//! The MIIT query API's JSON (or any JSON holding record objects).
//!
//! Owns telling JSON from text, the API's key names, walking the values for objects with
//! record keys, and finding the line of a bad value in the pasted text.

use serde_json::Value;

use crate::core::fold::{is_invisible, is_space};

use super::builder::Builder;
use super::labels::{label_field, normalise_label, Field, Section};
use super::lines::split_lines;
use super::values::{trim_line, trim_value};
use super::LineIssue;

/// JSON line searches allowed to fail before line lookups stop (see `Builder::json_line`).
const MAX_JSON_MISSES: usize = 16;

/// The MIIT API's keys (compared in ASCII lower case), then any key that is a known label.
fn json_field(key: &str) -> Option<Field> {
    use Field::*;
    let lower = key.to_ascii_lowercase();
    let field = match lower.as_str() {
        "unitname" | "mainunitname" | "unit_name" | "mainname" => UnitName,
        "naturename" | "mainunitnature" | "unitnature" | "nature" | "nature_name" => Nature,
        "mainlicence" | "mainlicense" | "mainlicenceno" | "main_licence" | "mainicp" => {
            EntityNumber
        }
        "servicelicence" | "servicelicense" | "sitelicence" | "sitelicense" | "websitelicence"
        | "websitelicense" | "service_licence" => SiteNumber,
        "servicename" | "sitename" | "websitename" | "webname" | "service_name" => SiteName,
        "domain" | "domains" | "domainname" | "sitedomain" | "servicedomain" => Domain,
        "homeurl" | "homepage" | "siteindex" | "indexurl" | "siteurl" | "home_url" => HomeUrl,
        "updaterecordtime" | "verifytime" | "audittime" | "approvaltime" | "passtime" => Approved,
        "icp" | "icpnumber" | "icpno" | "licence" | "license" | "mps" | "mpsnumber" => AnyNumber,
        _ => return normalise_label(key).and_then(|n| label_field(&n)),
    };
    Some(field)
}

/// Whether the paste is JSON: it opens with `{` followed by a key or `}`, or with `[` followed
/// by a value that JSON can start an array of.
pub(super) fn looks_like_json(text: &str) -> bool {
    let mut chars = text.chars().filter(|c| !is_space(*c) && !is_invisible(*c));
    match chars.next() {
        Some('{') => matches!(chars.next(), Some('"' | '}')),
        Some('[') => matches!(chars.next(), Some('{' | '[' | ']' | '"')),
        _ => false,
    }
}

impl Builder {
    /// Read the paste as JSON: one or more values, each searched for objects with record keys.
    pub(super) fn read_json(&mut self, text: &str) {
        self.votes.json = true;
        self.json_cursor = (0, 1);
        let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
        let mut found = false;
        let mut failed = false;
        for value in stream.by_ref() {
            match value {
                Ok(value) => found |= self.read_json_value(&value, text),
                Err(e) => {
                    let line = e.line().max(1);
                    let line_text = split_lines(text).nth(line - 1).unwrap_or("");
                    self.diag(line, line_text, LineIssue::BadJson);
                    failed = true;
                    break;
                }
            }
        }
        if !found && !failed {
            let first = split_lines(text)
                .find(|l| !trim_line(l).is_empty())
                .unwrap_or("");
            self.diag(1, first, LineIssue::NotUnderstood);
        }
    }

    /// Walk a JSON value (without recursion) and read every object that has record keys.
    pub(super) fn read_json_value(&mut self, root: &Value, text: &str) -> bool {
        let mut found = false;
        let mut stack = vec![root];
        while let Some(value) = stack.pop() {
            match value {
                Value::Object(map) => {
                    let is_item = map.iter().any(|(k, v)| {
                        json_field(k).is_some_and(|f| f != Field::Ignored) && json_text(v).is_some()
                    });
                    if is_item {
                        self.read_json_item(map, text);
                        found = true;
                    } else {
                        stack.extend(map.values().rev());
                    }
                }
                Value::Array(items) => stack.extend(items.iter().rev()),
                _ => {}
            }
        }
        found
    }

    pub(super) fn read_json_item(&mut self, map: &serde_json::Map<String, Value>, text: &str) {
        self.flush();
        self.section = Section::None;
        // Entity keys first, then the site's, whatever order the map keeps. Three passes in map
        // order rather than a stable sort, whose code is 4 KB of the wasm (issue #8).
        let fields: Vec<(Field, &str, String)> = map
            .iter()
            .filter_map(|(k, v)| Some((json_field(k)?, k.as_str(), json_text(v)?)))
            .collect();
        let rank = |f: &Field| match f {
            Field::EntityNumber | Field::UnitName | Field::Nature => 0,
            Field::SiteNumber => 1,
            _ => 2,
        };
        let ordered =
            (0..3).flat_map(|pass| fields.iter().filter(move |(f, _, _)| rank(f) == pass));
        for (field, key, value) in ordered {
            let (field, key) = (*field, *key);
            // Lines are looked up only for values that get a diagnostic (line 0 until then).
            let before = self.rec.diagnostics.len();
            self.set_field(field, value, 0, &format!("{key}: {value}"));
            if self.rec.diagnostics.len() > before {
                let line = self.json_line(text, value);
                for d in &mut self.rec.diagnostics[before..] {
                    d.line = line;
                }
            }
        }
        self.flush();
    }

    /// The line of `needle`'s next occurrence in `text`, searching forward from the last one
    /// found (values are met in paste order, mostly). A search that fails leaves the cursor
    /// where it was; after `MAX_JSON_MISSES` failures the last line found is used from then
    /// on, so the searches stay linear in the paste.
    pub(super) fn json_line(&mut self, text: &str, needle: &str) -> usize {
        let (offset, line) = self.json_cursor;
        if self.json_misses >= MAX_JSON_MISSES || needle.is_empty() {
            return line;
        }
        match text.get(offset..).and_then(|rest| rest.find(needle)) {
            Some(i) => {
                let line = line + text[offset..offset + i].matches('\n').count();
                self.json_cursor = (offset + i, line);
                line
            }
            None => {
                self.json_misses += 1;
                line
            }
        }
    }
}

/// A JSON value as record text: a string, an array of strings joined by spaces, a number.
fn json_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !trim_value(s).is_empty() => Some(s.clone()),
        Value::Array(items) => {
            let parts: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        }
        _ => None,
    }
}
