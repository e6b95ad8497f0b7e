//! The wasm-bindgen boundary: converts JS values to core types and core results back.
//! No rules live here; every function is a thin call into `crate::core`.

use wasm_bindgen::prelude::*;

use crate::core::checks::check_page_with_record;
use crate::core::facts::PageFacts;
use crate::core::record::{parse_record, MAX_RECORD_BYTES};
use crate::core::report::CheckOptions;
use crate::core::site_key::site_keys;
use crate::core::snippet::{footer_snippet, SnippetOptions};

#[wasm_bindgen]
extern "C" {
    /// The engine's own `JSON.stringify`: turns a plain object into text for serde_json, which
    /// is smaller in the wasm and faster than walking the object across the boundary.
    #[wasm_bindgen(js_namespace = JSON, js_name = stringify, catch)]
    fn json_stringify(value: &JsValue) -> Result<JsValue, JsValue>;
}

/// Read `value` as `T`: JSON text (what the collector returns) or a plain object; `undefined`
/// and `null` give the default.
fn from_js<T: serde::de::DeserializeOwned + Default>(value: JsValue) -> Result<T, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    let text = match value.as_string() {
        Some(text) => text,
        None => json_stringify(&value)
            .ok()
            .and_then(|v| v.as_string())
            .ok_or_else(|| JsError::new("not JSON text nor a plain object"))?,
    };
    serde_json::from_str(&text).map_err(|e| JsError::new(&e.to_string()))
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, JsError> {
    serde_json::to_string(value).map_err(|e| JsError::new(&e.to_string()))
}

/// Check page `facts` (the collector's JSON text, or the same as a plain object) against the
/// pasted `record` text. Returns the report as JSON text, exactly as the core serialised it.
#[wasm_bindgen(js_name = checkPage)]
pub fn check_page(facts: JsValue, record: &str, options: JsValue) -> Result<String, JsError> {
    let facts: PageFacts = from_js(facts)?;
    let options: CheckOptions = from_js(options)?;
    to_json(&check_page_with_record(
        &facts,
        parse_record(record),
        options,
    ))
}

/// Parse a pasted record; returns the `Record` as JSON text.
#[wasm_bindgen(js_name = parseRecord)]
pub fn parse_record_json(record: &str) -> Result<String, JsError> {
    to_json(&parse_record(record))
}

/// Build the footer snippet for the pasted `record`, for the site covering `host` (may be
/// empty). Returns the `Snippet` as JSON text, or `null` when the record has no number.
#[wasm_bindgen(js_name = footerSnippet)]
pub fn footer_snippet_json(record: &str, host: &str, options: JsValue) -> Result<String, JsError> {
    let options: SnippetOptions = from_js(options)?;
    let record = parse_record(record);
    let site = record.site_for_host(host);
    to_json(&footer_snippet(&record, site, options))
}

/// The site keys of `host`: `{"key": ..., "lookup": [...]}` as JSON text, where `key` is what a
/// record checked there is remembered under (`filed`: the record's domains, most relevant
/// first, or `undefined`) and `lookup` the keys that may hold one for it, most specific first.
#[wasm_bindgen(js_name = siteKey)]
pub fn site_key_json(host: &str, filed: JsValue) -> Result<String, JsError> {
    let filed: Vec<String> = from_js(filed)?;
    to_json(&site_keys(host, &filed))
}

/// The longest record the core reads, in bytes of UTF-8 (`record::MAX_RECORD_BYTES`): a longer
/// paste is refused as `record_too_large`, so the popup need not even put it in its text box.
#[wasm_bindgen(js_name = maxRecordBytes)]
pub fn max_record_bytes() -> usize {
    MAX_RECORD_BYTES
}
