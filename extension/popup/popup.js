//! The popup: reads the page once (the injected collector), checks it against the pasted record
//! with the wasm core on every edit, and shows the report.
//!
//! Contract for automation (keep stable):
//! - `popup.html?tab=<tabId>` checks that tab; otherwise the active tab of the current window.
//!   `?lang=en|zh_CN` overrides the browser's UI language (screenshots, tests).
//! - `<html data-state>`: `checking` while the page is read or a check is pending or running,
//!   `idle` when the page is read and the record box is empty, `ready` when a report is shown,
//!   `error` when the check could not run (a message says why).
//! - `#record` is the record box; a check runs on `input` (debounced) and on `#check` click
//!   (which also reads the page again).
//! - One `[data-check][data-verdict][data-reason]` row per check; `#overall[data-verdict]`.
//! - `#snippet` holds the footer HTML as text, `#copy` copies it; `#report-json` holds the
//!   report JSON exactly as the core returned it.
//!
//! Everything page- or record-derived is rendered with `textContent` (see shared/report-view.js).

import { LANGUAGES, loadI18n, browserLanguage, pickLanguage } from '../shared/i18n.js';
import {
  copyText,
  recordFormatText,
  renderChecks,
  renderDiagnostics,
  renderNotices,
  renderOverall,
  renderOverallState,
} from '../shared/report-view.js';
import { collectPageFacts } from '../page/collector.js';

const api = globalThis.browser ?? globalThis.chrome;

/** Bounds for the collector (see page/collector.js). */
const COLLECT_OPTIONS = { settleMs: 200, maxWaitMs: 3000, maxNodes: 400000, maxMs: 4000, json: true };
/** Wait this long after the last keystroke before checking. */
const INPUT_DEBOUNCE_MS = 300;
/** How long the "copied" confirmation stays. */
const COPIED_MS = 2000;
/** The last check's phase durations in ms, read by the benchmark (bench/); nothing acts on them. */
const timings = (globalThis.beianTimings = {});

const $ = (selector) => document.querySelector(selector);
const ui = {
  root: document.documentElement,
  pageUrl: $('#page-url'),
  overall: $('#overall'),
  record: $('#record'),
  recordFormat: $('#record-format'),
  check: $('#check'),
  diagnostics: $('#diagnostics'),
  recordSection: $('#record-section'),
  message: $('#message'),
  retry: $('#retry'),
  messageTitle: $('#message-title'),
  messageBody: $('#message-body'),
  notices: $('#notices'),
  results: $('#results'),
  checks: $('#checks'),
  snippetSection: $('#snippet-section'),
  snippetHint: $('#snippet-hint'),
  snippet: $('#snippet'),
  copy: $('#copy'),
  copyStatus: $('#copy-status'),
  reportJson: $('#report-json'),
};

let i18n = null;
let tab = null;
let enginePromise = null;
let factsPromise = null;
/** Bumped by every new request; a run whose number is stale drops its result. */
let generation = 0;
let inputTimer = 0;
let copiedTimer = 0;
/** What the body shows: `report`, `idle`, `error`, or null before the first outcome. */
let shown = null;

/** A failure the popup explains with a locale message (`key`) rather than a raw error. */
class PopupError extends Error {
  constructor(key, detail = '') {
    super(detail || key);
    this.key = key;
    this.detail = detail;
  }
}

function setState(state) {
  ui.root.dataset.state = state;
  // While a shown report is re-checked it stays in place (dimmed by CSS) instead of flickering.
  if (state === 'checking' && shown === 'report') return;
  renderOverallState(ui.overall, state, i18n);
}

/** The tab to check: `?tab=<id>` when given, else the active tab of this window. */
async function resolveTab() {
  const param = new URLSearchParams(location.search).get('tab');
  try {
    if (param !== null) return await api.tabs.get(Number(param));
    const [active] = await api.tabs.query({ active: true, currentWindow: true });
    if (active) return active;
  } catch (e) {
    // Reported below as "no tab".
  }
  throw new PopupError('error_no_tab');
}

function showPage(url) {
  let text = url || '';
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
      text = parsed.host + (parsed.pathname === '/' ? '' : parsed.pathname);
    }
  } catch (e) {
    // Not a URL: show it as it is.
  }
  ui.pageUrl.textContent = text;
  ui.pageUrl.title = url || '';
}

/** Why a page cannot be read, as a locale key, from its URL and the browser's error. */
function unreadableReason(url, error) {
  const message = String((error && error.message) || error || '');
  let parsed = null;
  try {
    parsed = new URL(url || '');
  } catch (e) {
    // No usable URL: decide from the error alone.
  }
  if (parsed) {
    const host = parsed.hostname;
    const path = parsed.pathname;
    if (parsed.protocol === 'file:') return 'error_file_page';
    if (!/^https?:$/.test(parsed.protocol)) return 'error_restricted_page';
    if (
      host === 'chromewebstore.google.com' ||
      (host === 'chrome.google.com' && path.startsWith('/webstore')) ||
      host === 'addons.mozilla.org' ||
      (host === 'microsoftedge.microsoft.com' && path.startsWith('/addons'))
    ) {
      return 'error_web_store';
    }
    if (/\.pdf$/i.test(path)) return 'error_restricted_page';
  }
  if (/cannot be scripted|extensions gallery/i.test(message)) return 'error_web_store';
  if (/cannot access (a |contents of url ")?(chrome|edge|about|view-source|devtools|chrome-extension|moz-extension|data)[:-]/i.test(message)) {
    return 'error_restricted_page';
  }
  if (/file:/i.test(message)) return 'error_file_page';
  if (/cannot access|permission|host_permissions|missing host/i.test(message)) return 'error_no_access';
  return 'error_read_failed';
}

/** Load the wasm core once. */
function loadEngine() {
  enginePromise ??= (async () => {
    try {
      const engine = await import('../wasm/beian_check.js');
      await engine.default();
      return engine;
    } catch (e) {
      throw new PopupError('error_engine', String((e && e.message) || e));
    }
  })();
  return enginePromise;
}

/** Read the page with the injected collector. */
async function collect() {
  if (!tab) throw new PopupError('error_no_tab');
  let results;
  const started = performance.now();
  try {
    results = await api.scripting.executeScript({
      target: { tabId: tab.id },
      func: collectPageFacts,
      args: [COLLECT_OPTIONS],
    });
  } catch (e) {
    const key = unreadableReason(tab.url, e);
    throw new PopupError(key, String((e && e.message) || e));
  }
  const first = results && results[0];
  if (!first || first.error || !first.result) {
    const detail = String((first && first.error && (first.error.message || first.error)) || 'no result');
    throw new PopupError(unreadableReason(tab.url, detail), detail);
  }
  timings.collectMs = performance.now() - started;
  timings.pageMs = Number((/"elapsedMs":([\d.]+)/.exec(String(first.result).slice(-200)) || [])[1]);
  return first.result;
}

/** Show the message box (idle hint or error) instead of a report. */
function showMessage(kind, title, body) {
  ui.messageTitle.textContent = title;
  ui.messageTitle.hidden = !title;
  ui.messageBody.textContent = body;
  ui.message.dataset.kind = kind;
  ui.message.hidden = false;
  ui.retry.hidden = kind !== 'error';
  ui.recordSection.hidden = kind === 'error';
  ui.results.hidden = true;
  ui.snippetSection.hidden = true;
  ui.notices.hidden = true;
  ui.reportJson.textContent = '';
  shown = kind;
  setState(kind);
}

function showError(error) {
  const key = error instanceof PopupError ? error.key : 'error_check_failed';
  const detail = error instanceof PopupError ? error.detail : String((error && error.message) || error);
  showMessage('error', '', i18n.t(key, { detail }));
}

function showIdle() {
  ui.recordFormat.textContent = '';
  ui.diagnostics.hidden = true;
  showMessage('idle', i18n.t('ui_idle_title'), i18n.t('ui_idle_body'));
}

function showReport(report, json) {
  ui.message.hidden = true;
  ui.recordSection.hidden = false;
  renderOverall(ui.overall, report, i18n);
  renderChecks(ui.checks, report, i18n, { order: 'severity' });
  renderNotices(ui.notices, report, i18n);
  renderDiagnostics(ui.diagnostics, report.record, i18n);
  ui.recordFormat.textContent = recordFormatText(report.record, i18n);
  const html = report.snippet && report.snippet.html;
  ui.snippet.textContent = html || '';
  ui.snippet.parentElement.hidden = !html;
  ui.copy.hidden = !html;
  ui.snippetHint.textContent = i18n.t(html ? 'ui_snippet_hint' : 'ui_snippet_none');
  ui.results.hidden = false;
  ui.snippetSection.hidden = false;
  ui.reportJson.textContent = json;
  shown = 'report';
  ui.root.dataset.state = 'ready';
}

/**
 * Check the page against the record box. Reads the page first when `recollect` is set or it
 * has not been read yet. Only the latest call shows its outcome.
 */
async function run({ recollect = false } = {}) {
  const mine = ++generation;
  setState('checking');
  try {
    if (recollect || !factsPromise) {
      factsPromise = collect();
      factsPromise.catch(() => {}); // handled where awaited; avoid an unhandled-rejection log
    }
    const [facts, engine] = await Promise.all([factsPromise, loadEngine()]);
    if (mine !== generation) return;
    const text = ui.record.value;
    if (text.trim() === '') {
      showIdle();
      return;
    }
    const checked = performance.now();
    const json = engine.checkPage(facts, text, { strictSiteNumber: false });
    timings.wasmMs = performance.now() - checked;
    if (mine !== generation) return;
    showReport(JSON.parse(json), json);
    timings.renderMs = performance.now() - checked - timings.wasmMs;
  } catch (error) {
    if (mine === generation) showError(error);
  }
}

function onInput() {
  generation++; // a result still on its way is now stale
  setState('checking');
  clearTimeout(inputTimer);
  inputTimer = setTimeout(() => run(), INPUT_DEBOUNCE_MS);
}

function onCheck() {
  clearTimeout(inputTimer);
  run({ recollect: true });
}

async function onCopy() {
  const ok = await copyText(ui.snippet.textContent, ui.snippet);
  clearTimeout(copiedTimer);
  ui.copy.classList.toggle('copied', ok);
  ui.copy.textContent = i18n.t(ok ? 'ui_copied' : 'ui_copy');
  ui.copyStatus.textContent = i18n.t(ok ? 'ui_copied' : 'ui_copy_failed');
  ui.copyStatus.dataset.ok = String(ok); // on success the button says it; the status is for screen readers
  copiedTimer = setTimeout(() => {
    ui.copy.classList.remove('copied');
    ui.copy.textContent = i18n.t('ui_copy');
    ui.copyStatus.textContent = '';
  }, ok ? COPIED_MS : COPIED_MS * 3);
}

/** Select the whole snippet when it gets focus, so Ctrl/Cmd+C copies it. */
function selectSnippet() {
  const range = document.createRange();
  range.selectNodeContents(ui.snippet);
  const selection = getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}

async function main() {
  loadEngine().catch(() => {}); // compile the wasm while the messages load (issue #8)
  try {
    const lang = new URLSearchParams(location.search).get('lang');
    i18n = await loadI18n(LANGUAGES.includes(lang) ? lang : pickLanguage(browserLanguage()));
  } catch (error) {
    // Without messages there are no words to explain with: show the raw error.
    ui.root.dataset.state = 'error';
    ui.message.hidden = false;
    ui.messageBody.textContent = String((error && error.message) || error);
    return;
  }
  i18n.apply(document);
  setState('checking');
  ui.record.addEventListener('input', onInput);
  ui.check.addEventListener('click', onCheck);
  ui.retry.addEventListener('click', onCheck);
  ui.copy.addEventListener('click', onCopy);
  ui.snippet.addEventListener('focus', selectSnippet);
  try {
    tab = await resolveTab();
  } catch (error) {
    showError(error);
    return;
  }
  showPage(tab.url);
  loadEngine().catch(() => {}); // start loading while the page is read
  await run();
}

main();
