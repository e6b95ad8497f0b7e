//! Everything the CLI does with the collector, in one place: it injects THE SAME file the
//! extension injects (`extension/page/collector.js`, compiled in) with the popup's options,
//! and hands back the facts as JSON text for the core. When the page-read protocol changes,
//! only this module follows it.
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

use super::browser::Tab;

/// The collector's source, exactly as the extension ships it.
const COLLECTOR: &str = include_str!("../../extension/page/collector.js");

/// The popup's `COLLECT_OPTIONS` (extension/popup/popup.js).
const COLLECT_OPTIONS: &str =
    r#"{"settleMs":200,"maxWaitMs":3000,"maxNodes":400000,"maxMs":4000,"json":true}"#;

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

/// The script evaluated in the page: the collector's function (its `export` dropped, as
/// `scripting.executeScript` serialises the function alone) called with the popup's options.
fn collector_call() -> String {
    let source = COLLECTOR.replacen(
        "export async function collectPageFacts",
        "async function collectPageFacts",
        1,
    );
    format!("(async () => {{\n{source}\nreturn await collectPageFacts({COLLECT_OPTIONS});\n}})()")
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
    tab.call(
        "Page.addScriptToEvaluateOnNewDocument",
        serde_json::json!({"source": note_closed_roots()}),
    )?;
    Ok(())
}

/// Register with the stand-in every closed shadow root the main document's scripts attached.
fn reveal_closed_shadow_roots(tab: &Tab, world: u64) -> Result<(), String> {
    let roots = tab.call(
        "Runtime.evaluate",
        serde_json::json!({"expression": format!("globalThis.{CLOSED_ROOTS} || []")}),
    )?;
    let Some(list) = roots["result"]["objectId"].as_str() else {
        return Ok(());
    };
    let items = tab.call(
        "Runtime.getProperties",
        serde_json::json!({"objectId": list, "ownProperties": true}),
    )?;
    let found = items["result"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["name"].as_str().is_some_and(|n| n.parse::<u32>().is_ok()));
    for item in found {
        let Some(object) = item["value"]["objectId"].as_str() else {
            continue;
        };
        let node = tab.call("DOM.describeNode", serde_json::json!({"objectId": object}))?;
        let root = tab.call(
            "DOM.resolveNode",
            serde_json::json!({
                "backendNodeId": node["node"]["backendNodeId"],
                "executionContextId": world,
            }),
        )?;
        tab.call(
            "Runtime.callFunctionOn",
            serde_json::json!({
                "objectId": root["object"]["objectId"],
                "functionDeclaration": "function () { chrome.dom.closedRoots.set(this.host, this); }",
            }),
        )?;
    }
    Ok(())
}

/// Read the facts of the page loaded in `tab`: the collector's JSON text.
pub fn read_page_facts(tab: &Tab) -> Result<String, ReadError> {
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
    match tab.evaluate(&collector_call(), Some(world), COLLECT_TIMEOUT) {
        Ok(Value::String(json)) => Ok(json),
        Ok(other) => Err(ReadError::Failed(format!("unexpected result: {other}"))),
        Err(e) => Err(ReadError::Failed(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_collector_is_called_as_a_plain_function() {
        let call = collector_call();
        assert!(!call.contains("export async function collectPageFacts"));
        assert!(call.contains("async function collectPageFacts"));
        assert!(call.ends_with(&format!("collectPageFacts({COLLECT_OPTIONS});\n}})()")));
    }
}
