//! The wasm-bindgen boundary: converts JS values to core types and core results back.
//! No rules live here; every function is a thin call into `crate::core`.
//!
//! The crates, each with its job: `serde-wasm-bindgen` carries the measured facts, the options,
//! the requests and the reports across as JS values (no JSON text in between), all small; the
//! first read, the one large value, comes as one string of JSON (see `core::page_read::wire`);
//! `web-sys` marks the phases on the page's `performance` timeline,
//! where the benchmark reads them.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::core::checks::check_page_with_record;
use crate::core::facts::PageFacts;
use crate::core::page_read::{Inspection, Measured, TextRead};
use crate::core::record::{parse_record, MAX_RECORD_BYTES};
use crate::core::report::CheckOptions;
use crate::core::site_key::site_keys;
use crate::core::snippet::{footer_snippet, SnippetOptions};

/// Read `value` as `T`; `undefined` and `null` give the default.
fn from_js<T: serde::de::DeserializeOwned + Default>(value: JsValue) -> Result<T, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&e.to_string()))
}

/// `value` as a plain JS value: objects, not `Map`s, so that `JSON.stringify` shows it as the
/// core's own JSON would.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// A mark on the performance timeline (`beian:<name>`), where there is one.
fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(&format!("beian:{name}"));
    }
}

/// One page read (issue #11): made from the collector's first read, it says what to measure
/// (`request`), takes the measurements (`measured`) and judges against any record (`check`),
/// as often as the record changes, without reading the page again.
#[wasm_bindgen]
pub struct PageRead {
    inspection: Inspection,
    facts: Option<PageFacts>,
}

#[wasm_bindgen]
impl PageRead {
    /// Take the collector's first read: the `wire` string of `readPageText`'s result (the JSON
    /// of a `TextReadWire`, one string because it crosses from the page fastest that way).
    #[wasm_bindgen(constructor)]
    pub fn new(wire: &str) -> Result<PageRead, JsError> {
        mark("read-start");
        let read =
            TextRead::from_json(wire).map_err(|e| JsError::new(&format!("page read: {e:?}")))?;
        let inspection = Inspection::new(read);
        mark("read-picked");
        Ok(PageRead {
            inspection,
            facts: None,
        })
    }

    /// What to measure next (`MeasureRequest`), or `null` when the facts are complete.
    pub fn request(&mut self) -> Result<JsValue, JsError> {
        match self.inspection.request() {
            Some(request) => to_js(&request),
            None => Ok(JsValue::NULL),
        }
    }

    /// Take the collector's answer to the last request (`measurePage`'s result).
    pub fn measured(&mut self, measured: JsValue) -> Result<(), JsError> {
        let measured: Measured = from_js(measured)?;
        self.inspection.add(measured);
        self.facts = None;
        Ok(())
    }

    /// Measuring rounds so far.
    #[wasm_bindgen(getter)]
    pub fn rounds(&self) -> usize {
        self.inspection.rounds()
    }

    /// How many pieces of text the page has.
    #[wasm_bindgen(getter)]
    pub fn pieces(&self) -> usize {
        self.inspection.read().pieces.len()
    }

    /// The facts judged, as a JS value (for the report export and the tests).
    pub fn facts(&mut self) -> Result<JsValue, JsError> {
        to_js(self.facts.get_or_insert_with(|| self.inspection.facts()))
    }

    /// Check the page against the pasted `record`; the `Report` as a JS value.
    pub fn check(&mut self, record: &str, options: JsValue) -> Result<JsValue, JsError> {
        mark("judge-start");
        let options: CheckOptions = from_js(options)?;
        let facts = self.facts.get_or_insert_with(|| self.inspection.facts());
        let report = to_js(&check_page_with_record(
            facts,
            parse_record(record),
            options,
        ));
        mark("judge-end");
        report
    }
}

/// Check complete page `facts` (a `PageFacts` object, as a test builds it) against `record`.
#[wasm_bindgen(js_name = checkFacts)]
pub fn check_facts(facts: JsValue, record: &str, options: JsValue) -> Result<JsValue, JsError> {
    let facts: PageFacts = from_js(facts)?;
    let options: CheckOptions = from_js(options)?;
    to_js(&check_page_with_record(
        &facts,
        parse_record(record),
        options,
    ))
}

/// Parse a pasted record; the `Record` as a JS value.
#[wasm_bindgen(js_name = parseRecord)]
pub fn parse_record_js(record: &str) -> Result<JsValue, JsError> {
    to_js(&parse_record(record))
}

/// Build the footer snippet for the pasted `record`, for the site covering `host` (may be
/// empty): the `Snippet` as a JS value, or `null` when the record has no number.
#[wasm_bindgen(js_name = footerSnippet)]
pub fn footer_snippet_js(record: &str, host: &str, options: JsValue) -> Result<JsValue, JsError> {
    let options: SnippetOptions = from_js(options)?;
    let record = parse_record(record);
    let site = record.site_for_host(host);
    to_js(&footer_snippet(&record, site, options))
}

/// The site keys of `host`: `{key, lookup}`, where `key` is what a
/// record checked there is remembered under (`filed`: the record's domains, most relevant
/// first, or `undefined`) and `lookup` the keys that may hold one for it, most specific first.
#[wasm_bindgen(js_name = siteKey)]
pub fn site_key_js(host: &str, filed: JsValue) -> Result<JsValue, JsError> {
    let filed: Vec<String> = from_js(filed)?;
    to_js(&site_keys(host, &filed))
}

/// The longest record the core reads, in bytes of UTF-8 (`record::MAX_RECORD_BYTES`): a longer
/// paste is refused as `record_too_large`, so the popup need not even put it in its text box.
#[wasm_bindgen(js_name = maxRecordBytes)]
pub fn max_record_bytes() -> usize {
    MAX_RECORD_BYTES
}
