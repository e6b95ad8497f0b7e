//! Everything the CLI does with the collector, in one place: it injects THE SAME file the
//! extension injects (`extension/page/collector.js`, compiled in) and follows the popup's page
//! read (issue #11): the first read with the popup's options, then the measuring rounds the
//! core asks for (`core::page_read::Inspection`), then, for a page loaded long ago that was
//! read at once, the watch, and a second read if it changed. It hands back the facts the core
//! judges. When the page-read protocol changes, only this module follows it.
//!
//! It runs where the extension's injected function runs: in an isolated world, out of the
//! page's reach (a page that redefines DOM methods fools neither), with the one extension API
//! the collector uses, `chrome.dom.openOrClosedShadowRoot`, stood in for: before the page's
//! scripts run, `prepare` makes `attachShadow` note the closed roots it creates, and the read
//! hands those to the isolated world through CDP. (Walking the whole DOM through CDP instead
//! took over 20 s on a page of 100,000 elements.) Closed roots declared in HTML
//! (`<template shadowrootmode="closed">`) are not noted: the CLI reads past them as it does an
//! open-only browser API.

use std::time::Duration;

use serde_json::Value;

use chromiumoxide::cdp::browser_protocol::dom::{DescribeNodeParams, ResolveNodeParams};
use chromiumoxide::cdp::browser_protocol::page::AddScriptToEvaluateOnNewDocumentParams;
use chromiumoxide::cdp::js_protocol::runtime::{
    CallFunctionOnParams, EvaluateParams, ExecutionContextId, GetPropertiesParams,
};

use super::browser::Tab;
use beian_check::core::facts::PageFacts;
use beian_check::core::page_read::{Inspection, MeasureRequest, Measured, TextRead};

/// The collector's source, exactly as the extension ships it.
const COLLECTOR: &str = include_str!("../../extension/page/collector.js");

/// The popup's `READ_OPTIONS` (extension/popup/popup.js).
const READ_OPTIONS: &str = r#"{"settleMs":200,"maxWaitMs":3000}"#;

/// The popup's `READ_OPTIONS` for a page caught changing while it was read at once.
const SETTLE_OPTIONS: &str = r#"{"settleMs":200,"maxWaitMs":3000,"settleFully":true}"#;

/// The popup's `COLLECT_TIMEOUT_MS`: give up on a page that has not answered after this long.
pub const COLLECT_TIMEOUT: Duration = Duration::from_secs(20);

/// Content types the collector can read.
const HTML_TYPES: [&str; 2] = ["text/html", "application/xhtml+xml"];

/// Why a loaded page could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The document is not HTML (its content type).
    NotHtml(String),
    /// The collector failed or timed out (its message).
    Failed(String),
}

/// The collector's three functions as plain declarations (their `export` dropped, as
/// `scripting.executeScript` serialises each function alone).
fn collector_functions() -> String {
    COLLECTOR
        .replace("export async function ", "async function ")
        .replace("export function ", "function ")
}

/// The script evaluated in the page: the collector's functions, then `call` (an expression
/// using them) awaited.
fn collector_call(call: &str) -> String {
    format!(
        "(async () => {{\n{}\nreturn await {call};\n}})()",
        collector_functions()
    )
}

/// The isolated world's stand-in for the extension API the collector looks for: the closed
/// shadow roots `reveal_closed_shadow_roots` registers, else the open one.
const CHROME_DOM: &str = "globalThis.chrome = { dom: { closedRoots: new WeakMap(), \
    openOrClosedShadowRoot(el) { return this.closedRoots.get(el) || el.shadowRoot || null; } } }; true";

/// Where the page's world keeps the closed shadow roots it attached (not enumerable).
const CLOSED_ROOTS: &str = "__beianCheckClosedShadowRoots";

/// Run in the page's world before its own scripts: `attachShadow` notes each closed root.
fn note_closed_roots() -> String {
    format!(
        "(() => {{ const roots = []; const attach = Element.prototype.attachShadow; \
         Object.defineProperty(globalThis, '{CLOSED_ROOTS}', {{ value: roots }}); \
         Element.prototype.attachShadow = function attachShadow(init) {{ \
         const root = attach.call(this, init); \
         if (init && init.mode === 'closed') roots.push(root); return root; }}; }})();"
    )
}

/// Make `tab` ready for `read_page_facts` on the pages it opens from now on.
pub fn prepare(tab: &Tab) -> Result<(), String> {
    tab.execute(AddScriptToEvaluateOnNewDocumentParams::new(
        note_closed_roots(),
    ))?;
    Ok(())
}

/// Register with the stand-in every closed shadow root the main document's scripts attached.
fn reveal_closed_shadow_roots(tab: &Tab, world: ExecutionContextId) -> Result<(), String> {
    let roots = tab.execute(EvaluateParams::new(format!(
        "globalThis.{CLOSED_ROOTS} || []"
    )))?;
    let Some(list) = roots.result.object_id else {
        return Ok(());
    };
    let mut own = GetPropertiesParams::new(list);
    own.own_properties = Some(true);
    let items = tab.execute(own)?;
    let found = items
        .result
        .into_iter()
        .filter(|p| p.name.parse::<u32>().is_ok());
    for item in found {
        let Some(object) = item.value.and_then(|v| v.object_id) else {
            continue;
        };
        let node = tab.execute(DescribeNodeParams {
            object_id: Some(object),
            ..Default::default()
        })?;
        let root = tab.execute(ResolveNodeParams {
            backend_node_id: Some(node.node.backend_node_id),
            execution_context_id: Some(world),
            ..Default::default()
        })?;
        let mut register = CallFunctionOnParams::new(
            "function () { chrome.dom.closedRoots.set(this.host, this); }",
        );
        register.object_id = root.object.object_id;
        tab.execute(register)?;
    }
    Ok(())
}

/// Evaluate `call` with the collector's functions in the isolated world; its JSON value.
fn run(tab: &Tab, world: ExecutionContextId, call: &str) -> Result<Value, ReadError> {
    tab.evaluate(&collector_call(call), Some(world), COLLECT_TIMEOUT)
        .map_err(ReadError::Failed)
}

/// One page read: the first read with `options`, then every measuring round. Returns the
/// inspection, the first read's token and whether the page is being watched.
fn read_once(
    tab: &Tab,
    world: ExecutionContextId,
    options: &str,
) -> Result<(Inspection, String, bool), ReadError> {
    let first = run(tab, world, &format!("readPageText({options})"))?;
    let token = first["token"].as_str().unwrap_or_default().to_string();
    let watching = first["collector"]["watching"].as_bool().unwrap_or(false);
    // The first read's `wire`: one JSON string, parsed as the wasm parses it.
    let wire = first["wire"].as_str().unwrap_or_default();
    let read =
        TextRead::from_json(wire).map_err(|e| ReadError::Failed(format!("first read: {e:?}")))?;
    let mut inspection = Inspection::new(read);
    while let Some(request) = inspection.request() {
        inspection.add(measure(tab, world, &token, &request)?);
    }
    Ok((inspection, token, watching))
}

/// The second read's answer to `request`.
fn measure(
    tab: &Tab,
    world: ExecutionContextId,
    token: &str,
    request: &MeasureRequest,
) -> Result<Measured, ReadError> {
    let mut request =
        serde_json::to_value(request).map_err(|e| ReadError::Failed(e.to_string()))?;
    request["token"] = Value::String(token.to_string());
    let answer = run(tab, world, &format!("measurePage({request})"))?;
    if answer["stale"].as_bool() == Some(true) {
        return Err(ReadError::Failed(
            "the page was read again meanwhile".into(),
        ));
    }
    serde_json::from_value(answer).map_err(|e| ReadError::Failed(format!("measurements: {e}")))
}

/// Read the page loaded in `tab` as the popup does: the facts the core judges.
pub fn read_page(tab: &Tab) -> Result<PageFacts, ReadError> {
    let world = tab
        .isolated_world("beian-check")
        .map_err(ReadError::Failed)?;
    let kind = tab
        .evaluate("document.contentType", Some(world), Duration::from_secs(10))
        .map_err(ReadError::Failed)?;
    let kind = kind.as_str().unwrap_or_default().to_string();
    if !HTML_TYPES.contains(&kind.as_str()) {
        return Err(ReadError::NotHtml(kind));
    }
    tab.evaluate(CHROME_DOM, Some(world), Duration::from_secs(10))
        .map_err(ReadError::Failed)?;
    reveal_closed_shadow_roots(tab, world).map_err(ReadError::Failed)?;
    let (inspection, token, watching) = read_once(tab, world, READ_OPTIONS)?;
    // A page loaded long ago was read at once while watched: the popup shows that report and
    // replaces it if the page changed meanwhile; the CLI prints only the final one.
    if watching {
        let token = Value::String(token).to_string();
        let outcome = run(tab, world, &format!("pageChanged({token})"))?;
        if outcome["changed"].as_bool() == Some(true) {
            return Ok(read_once(tab, world, SETTLE_OPTIONS)?.0.facts());
        }
    }
    Ok(inspection.facts())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_collector_is_called_as_plain_functions() {
        let call = collector_call("readPageText({})");
        assert!(!call.contains("export "));
        for name in ["readPageText", "measurePage", "pageChanged"] {
            assert!(call.contains(&format!("function {name}(")), "{name}");
        }
        assert!(call.ends_with("return await readPageText({});\n})()"));
    }
}
