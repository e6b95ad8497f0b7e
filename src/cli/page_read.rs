//! Everything the CLI does with the collector, in one place: it injects THE SAME file the
//! extension injects (`extension/page/collector.js`, compiled in) with the popup's options,
//! and hands back the facts as JSON text for the core. When the page-read protocol changes,
//! only this module follows it.
//!
//! It runs where the extension's injected function runs: in an isolated world, out of the
//! page's reach (a page that redefines DOM methods fools neither), with the one extension API
//! the collector uses, `chrome.dom.openOrClosedShadowRoot`, given to it from CDP's DOM domain
//! (which sees closed shadow roots; roots attached after the read starts stay unseen).

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

/// Register with the stand-in every closed shadow root of the main document (frames' documents
/// are not in this world).
fn reveal_closed_shadow_roots(tab: &Tab, world: u64) -> Result<(), String> {
    fn closed_roots(node: &Value, found: &mut Vec<u64>) {
        for root in node["shadowRoots"].as_array().into_iter().flatten() {
            if root["shadowRootType"] == "closed" {
                found.extend(root["nodeId"].as_u64());
            }
            closed_roots(root, found);
        }
        for child in node["children"].as_array().into_iter().flatten() {
            closed_roots(child, found);
        }
    }
    let document = tab.call_within(
        "DOM.getDocument",
        serde_json::json!({"depth": -1, "pierce": true}),
        COLLECT_TIMEOUT,
    )?;
    let mut found = Vec::new();
    closed_roots(&document["root"], &mut found);
    for node in found {
        let root = tab.call(
            "DOM.resolveNode",
            serde_json::json!({"nodeId": node, "executionContextId": world}),
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
