//! The popup: reads the page once (the injected collector: its texts first, then only what the
//! wasm core asks to have measured, issue #11), checks it against the pasted record with the
//! core on every edit, without reading the page again, and shows the report; remembers the record per site, shows
//! a finding on the page, builds the footer snippet the user chooses, sets the toolbar badge and
//! exports the report.
//!
//! Contract for automation (keep stable):
//! - `popup.html?tab=<tabId>` checks that tab; otherwise the active tab of the current window.
//!   `?lang=en|zh_CN` overrides the UI language (screenshots, tests), before the stored choice.
//! - `<html data-state>`: `checking` while the page is read or a check is pending or running,
//!   `idle` when the page is read and the record box is empty, `ready` when a report is shown,
//!   `error` when the check could not run (a message says why; `#message[data-error]` names the
//!   reason: `restricted_page`, `web_store`, `pdf_page`, `file_page`, `no_access`, ...).
//! - `<html data-watching>` is present while a report is shown but may still change: a page
//!   loaded long ago is read at once and watched for a moment; if it changed, it is read again
//!   and the report updated in place. The report is final when `data-state` is `ready` and
//!   `data-watching` is absent.
//! - `#record` is the record box; a check runs on `input` (at once for a paste or a drop,
//!   debounced while typing) and on `#check` click
//!   (which also reads the page again). A record saved for the site is restored into it and
//!   checked at once; `#saved` shows where it is saved and `#forget` removes it.
//! - One `[data-check][data-verdict][data-reason]` row per check; `#overall[data-verdict]`; a
//!   row about an element on the page has a `.show-on-page[data-element]` button.
//! - `#snippet` holds the footer HTML as text for the chosen options (`input[name=snippet-number]`,
//!   `#snippet-mps`), `#snippet-preview` renders it (`[data-loaded]` once its document has
//!   loaded), `#copy` copies it; `#report-json` holds the
//!   report JSON exactly as the core returned it; `#export-text` / `#export-json` copy the report.
//! - `#strict-site-number` is the "require the site number" setting, `#lang` switches language.
//!
//! Everything page- or record-derived is rendered with `textContent` (see shared/report-view.js);
//! the only HTML is the preview frame's document, built from the core's escaped snippet and shown
//! in a frame sandboxed without any permission.

import { LANGUAGES, loadI18n, browserLanguage, languageTag, pickLanguage } from '../shared/i18n.js';
import {
  copyText,
  countVerdicts,
  h,
  recordFormatText,
  renderChecks,
  renderDiagnostics,
  renderNotices,
  renderOverall,
  renderOverallState,
  reportText,
} from '../shared/report-view.js';
import { measurePage, pageChanged, readPageText } from '../page/collector.js';
import { highlightElement } from '../page/highlight.js';
import * as store from './site-store.js';

const api = globalThis.browser ?? globalThis.chrome;

/** Waits and bounds of the page's first read (see page/collector.js). */
const READ_OPTIONS = { settleMs: 200, maxWaitMs: 3000 };
/** Wait this long after the last keystroke before checking. */
const INPUT_DEBOUNCE_MS = 300;
/** How long a "copied" confirmation stays. */
const COPIED_MS = 2000;
/** Give up reading a page that has not loaded after this long. */
const COLLECT_TIMEOUT_MS = 20000;
/** How long "show on page" outlines an element. */
const HIGHLIGHT_MS = 3000;
/** The toolbar badge per overall verdict: a short mark and a colour (never colour alone). */
const BADGE = {
  pass: { text: '✓', color: '#1c7c3c' },
  warn: { text: '!', color: '#a15c00' },
  fail: { text: '✕', color: '#c0262d' },
};
/** Errors that trying again may cure; for the others the message says what to do instead. */
const RETRYABLE = new Set(['error_read_failed', 'error_page_loading', 'error_check_failed']);
/** Hosts whose pages no extension may read: the browsers' add-on stores and Mozilla's own sites. */
const PROTECTED_HOSTS = new Set([
  'chromewebstore.google.com',
  'addons.mozilla.org',
  'discovery.addons.mozilla.org',
  'addons.cdn.mozilla.net',
  'accounts.firefox.com',
  'accounts-static.cdn.mozilla.net',
  'api.accounts.firefox.com',
  'oauth.accounts.firefox.com',
  'profile.accounts.firefox.com',
  'content.cdn.mozilla.net',
  'install.mozilla.org',
  'support.mozilla.org',
  'sync.services.mozilla.com',
]);
/**
 * The last check's phase durations in ms, and when (ms from the popup's navigation start) the
 * script started, the page read began, the wasm was ready and the first report was shown, read
 * by the benchmark (bench/); nothing acts on them.
 */
const timings = (globalThis.beianTimings = { scriptAt: performance.now() });

const $ = (selector) => document.querySelector(selector);
const ui = {
  root: document.documentElement,
  lang: $('#lang'),
  pageUrl: $('#page-url'),
  overall: $('#overall'),
  record: $('#record'),
  recordFormat: $('#record-format'),
  check: $('#check'),
  saved: $('#saved'),
  savedText: $('#saved-text'),
  forget: $('#forget'),
  savedStatus: $('#saved-status'),
  diagnostics: $('#diagnostics'),
  options: $('#options'),
  optionsBadge: $('#options-badge'),
  strict: $('#strict-site-number'),
  recordSection: $('#record-section'),
  message: $('#message'),
  retry: $('#retry'),
  messageTitle: $('#message-title'),
  messageBody: $('#message-body'),
  notices: $('#notices'),
  results: $('#results'),
  checks: $('#checks'),
  rest: $('#checks-rest'),
  restSummary: $('#checks-rest-summary'),
  restList: $('#checks-ok'),
  snippetSection: $('#snippet-section'),
  snippetHint: $('#snippet-hint'),
  snippetOptions: $('#snippet-options'),
  numberChoice: $('#snippet-options .choice'),
  numberSite: $('#snippet-number-site'),
  numberEntity: $('#snippet-number-entity'),
  snippetDefault: $('#snippet-default'),
  mpsOption: $('#snippet-mps-option'),
  mps: $('#snippet-mps'),
  snippetBody: $('#snippet-body'),
  preview: $('#snippet-preview'),
  snippet: $('#snippet'),
  copy: $('#copy'),
  copyStatus: $('#copy-status'),
  exportSection: $('#export-section'),
  exportText: $('#export-text'),
  exportJson: $('#export-json'),
  exportStatus: $('#export-status'),
  reportJson: $('#report-json'),
};

let i18n = null;
let tab = null;
/** The checked page's host ('' for a page that is not http/https). */
let host = '';
let engine = null;
let enginePromise = null;
/** The page read: resolves to `{read, token, watching}` (`read`: the wasm's `PageRead`). */
let pagePromise = null;
/** Bumped by every new request; a run whose number is stale drops its result. */
let generation = 0;
let inputTimer = 0;
/** What the body shows: `report`, `idle`, `error`, or null before the first outcome. */
let shown = null;
/** The last report shown: `{report, json, text, checkedAt}`. */
let last = null;
let lastError = null;
/** Stored settings: `{lang, strictSiteNumber}`. */
let options = {};
/** The domain the current record is saved under, or '' when it is not saved. */
let savedDomain = '';
/** The user's snippet choices. `number: 'auto'` follows RULES.md (site number; entity for 粤). */
let snippetChoice = { number: 'auto', includeMps: true };
/** The footer HTML shown in `#snippet` ('' when the record has no number). */
let snippetHtml = '';

/** A failure the popup explains with a locale message (`key`) rather than a raw error. */
class PopupError extends Error {
  constructor(key, detail = '') {
    super(detail || key);
    this.key = key;
    this.detail = detail;
  }
}

const isFirefox = () => typeof globalThis.browser !== 'undefined' && typeof globalThis.browser.runtime?.getBrowserInfo === 'function';

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

/**
 * Why a page cannot be read, known from its URL alone, as a locale key; null when it may be
 * readable. An unknown URL (the browser hides it) proves nothing yet.
 */
function restrictedReason(url) {
  let parsed;
  try {
    parsed = new URL(url || '');
  } catch (e) {
    return null;
  }
  const path = parsed.pathname;
  if (parsed.protocol === 'file:') return null; // readable when the user allowed it: try
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'error_restricted_page';
  if (
    PROTECTED_HOSTS.has(parsed.hostname) ||
    (parsed.hostname === 'chrome.google.com' && path.startsWith('/webstore')) ||
    (parsed.hostname === 'microsoftedge.microsoft.com' && path.startsWith('/addons'))
  ) {
    return 'error_web_store';
  }
  if (/\.pdf$/i.test(path)) return 'error_pdf_page';
  return null;
}

/** Why a page could not be read, as a locale key, from its URL and the browser's error. */
function unreadableReason(url, error) {
  const message = String((error && error.message) || error || '');
  const known = restrictedReason(url);
  if (known) return known;
  if (/^file:/i.test(url || '') || /file:/i.test(message)) return isFirefox() ? 'error_file_page_firefox' : 'error_file_page';
  if (/cannot be scripted|extensions gallery/i.test(message)) return 'error_web_store';
  if (/cannot access (a |contents of url ")?(chrome|edge|about|view-source|devtools|chrome-extension|moz-extension|data)[:-]/i.test(message)) {
    return 'error_restricted_page';
  }
  if (/cannot access|permission|host_permissions|missing host/i.test(message)) {
    // The browser shows the URL of a page the extension was given (by the toolbar click, or
    // by host permissions): no URL means one of its own pages (view-source:, about:blank, ...).
    return url ? 'error_no_access' : 'error_restricted_page';
  }
  // Injected into no frame at all, and the URL hidden: one of the browser's own pages again.
  return url ? 'error_read_failed' : 'error_restricted_page';
}

/** Load the wasm core once. */
function loadEngine() {
  enginePromise ??= (async () => {
    try {
      const module = await import('../wasm/beian_check.js');
      await module.default();
      timings.engineAt = performance.now();
      engine = module;
      return module;
    } catch (e) {
      throw new PopupError('error_engine', String((e && e.message) || e));
    }
  })();
  return enginePromise;
}

/** Run `func` in the checked tab's top frame; its result, or a PopupError saying why not. */
async function inject(func, args) {
  let results;
  let timer = 0;
  try {
    // The browser injects once the page has loaded; a page that never does is said so.
    results = await Promise.race([
      api.scripting.executeScript({ target: { tabId: tab.id }, func, args }),
      new Promise((resolve, reject) => {
        timer = setTimeout(() => reject(new PopupError('error_page_loading')), COLLECT_TIMEOUT_MS);
      }),
    ]);
  } catch (e) {
    if (e instanceof PopupError) throw e;
    throw new PopupError(unreadableReason(tab.url, e), String((e && e.message) || e));
  } finally {
    clearTimeout(timer);
  }
  const first = results && results[0];
  if (!first || first.error || !first.result) {
    const detail = String((first && first.error && (first.error.message || first.error)) || 'no result');
    throw new PopupError(unreadableReason(tab.url, detail), detail);
  }
  return first.result;
}

/**
 * Read the page (issue #11): its texts and structure first, then, round by round, what the core
 * asks to have measured. Resolves to `{read, token, watching}`.
 */
async function readPage({ settleFully = false } = {}) {
  if (!tab) throw new PopupError('error_no_tab');
  const known = restrictedReason(tab.url);
  if (known) throw new PopupError(known);
  if (/^file:/i.test(tab.url || '') && api.extension?.isAllowedFileSchemeAccess && !isFirefox()) {
    const allowed = await api.extension.isAllowedFileSchemeAccess().catch(() => true);
    if (!allowed) throw new PopupError('error_file_page');
  }
  const started = performance.now();
  timings.collectAt ??= started;
  // The PDF viewer's document may be scriptable but holds no page: ask for its type alongside.
  const [text, kind] = await Promise.all([
    inject(readPageText, [{ ...READ_OPTIONS, settleFully }]),
    inject(() => document.contentType, []).catch(() => ''),
  ]);
  if (kind === 'application/pdf') throw new PopupError('error_pdf_page');
  timings.textReadMs = performance.now() - started;
  timings.pageMs = text.collector.elapsedMs;
  await loadEngine();
  let read;
  try {
    read = new engine.PageRead(text.wire);
  } catch (e) {
    throw new PopupError('error_check_failed', String((e && e.message) || e));
  }
  timings.pickedAt = performance.now();
  for (let request = read.request(); request; request = read.request()) {
    const measured = await inject(measurePage, [{ ...request, token: text.token }]);
    if (measured.stale) throw new PopupError('error_read_failed', 'the page was read again meanwhile');
    read.measured(measured);
  }
  timings.rounds = read.rounds;
  timings.collectMs = performance.now() - started;
  return { read, token: text.token, watching: Boolean(text.collector.watching) };
}

/** Start reading the page; the promise is handled where it is awaited. */
function startReading(options) {
  pagePromise = readPage(options);
  pagePromise.catch(() => {}); // handled where awaited; avoid an unhandled-rejection log
  return pagePromise;
}

/**
 * A page loaded long ago was read at once while it was watched: when its DOM changed meanwhile
 * (a ticker, a late paint), read it again, waiting for it to settle, and update the report in
 * place. `html[data-watching]` is set until then (the automation contract's "not final yet").
 */
async function watchPage(page) {
  if (!page.watching) return;
  page.watching = false;
  ui.root.dataset.watching = '';
  try {
    const outcome = await inject(pageChanged, [page.token]).catch(() => ({ changed: false }));
    if (outcome.changed && pagePromise && (await pagePromise) === page) {
      startReading({ settleFully: true });
      await run(last ? { text: last.text } : {});
    }
  } finally {
    delete ui.root.dataset.watching;
  }
}

// ---- toolbar badge ----------------------------------------------------------------------------

/** Show `verdict` on this tab's toolbar icon (null clears it). The browser clears it on navigation. */
async function setBadge(verdict) {
  if (!tab || !api.action) return;
  const badge = BADGE[verdict];
  const tabId = tab.id;
  try {
    await api.action.setBadgeText({ tabId, text: badge ? badge.text : '' });
    if (!badge) return;
    await api.action.setBadgeBackgroundColor({ tabId, color: badge.color });
    if (api.action.setBadgeTextColor) await api.action.setBadgeTextColor({ tabId, color: '#ffffff' });
    await api.action.setTitle({ tabId, title: i18n.t('ui_badge_title', { verdict: i18n.t(`overall_${verdict}`) }) });
  } catch (e) {
    // The tab was closed meanwhile: nothing to mark.
  }
}

// ---- messages, idle, report -----------------------------------------------------------------

/** Show the message box (idle hint or error) instead of a report. */
function showMessage(kind, title, body, errorCode = '') {
  ui.messageTitle.textContent = title;
  ui.messageTitle.hidden = !title;
  ui.messageBody.textContent = body;
  ui.message.dataset.kind = kind;
  if (errorCode) ui.message.dataset.error = errorCode;
  else delete ui.message.dataset.error;
  ui.message.hidden = false;
  ui.retry.hidden = kind !== 'error' || !RETRYABLE.has(`error_${errorCode}`);
  ui.recordSection.hidden = kind === 'error';
  ui.results.hidden = true;
  ui.snippetSection.hidden = true;
  ui.exportSection.hidden = true;
  ui.notices.hidden = true;
  ui.reportJson.textContent = '';
  shown = kind;
  setState(kind);
}

function showError(error) {
  lastError = error;
  const key = error instanceof PopupError ? error.key : 'error_check_failed';
  const detail = error instanceof PopupError ? error.detail : String((error && error.message) || error);
  const titleKey = `${key}_title`;
  showMessage('error', i18n.has(titleKey) ? i18n.t(titleKey) : '', i18n.t(key, { detail }), key.replace(/^error_/, ''));
  setBadge(null);
}

function showIdle() {
  ui.recordFormat.textContent = '';
  ui.diagnostics.hidden = true;
  showMessage('idle', i18n.t('ui_idle_title'), i18n.t('ui_idle_body'));
  setBadge(null);
}

/** Add "show on page" to a row whose evidence points at an element of the page. */
function decorateRow(row, check) {
  const location = check.evidence && check.evidence.location;
  if (!location || !Number.isInteger(location.element)) return;
  const name = i18n.t(`check_${check.id}`);
  const button = h(
    'button',
    {
      type: 'button',
      className: 'link-button show-on-page',
      dataset: { element: String(location.element) },
      attrs: { 'aria-label': i18n.t('ui_show_on_page_label', { check: name }) },
    },
    h('span', { className: 'target-mark', attrs: { 'aria-hidden': 'true' } }),
    i18n.t('ui_show_on_page'),
  );
  const note = h('p', { className: 'show-note', attrs: { role: 'status' } });
  button.addEventListener('click', () => showOnPage(note, location.element, name));
  const foot = h('div', { className: 'check-foot' });
  const details = row.querySelector('.check-details');
  if (details) details.replaceWith(foot);
  if (details) foot.append(details);
  foot.append(button);
  row.append(note);
}

let noteTimer = 0;

/** Scroll the page to element `index` and outline it; say in `note` when it cannot be shown. */
async function showOnPage(note, index, label) {
  let status = 'failed';
  let detail = '';
  try {
    const [result] = await api.scripting.executeScript({
      target: { tabId: tab.id },
      func: highlightElement,
      args: [index, { ms: HIGHLIGHT_MS, label: `${i18n.t('ui_product')} · ${label}` }],
    });
    status = (result && result.result && result.result.status) || 'failed';
    detail = String((result && result.error && (result.error.message || result.error)) || '');
  } catch (e) {
    detail = String((e && e.message) || e);
  }
  for (const other of document.querySelectorAll('.show-note')) other.textContent = '';
  clearTimeout(noteTimer);
  note.dataset.status = status;
  note.textContent = i18n.t(`ui_show_${status}`, { detail });
  noteTimer = setTimeout(() => {
    note.textContent = '';
  }, status === 'shown' ? HIGHLIGHT_MS : HIGHLIGHT_MS * 3);
}

/** Fill the check rows: warn/fail rows first, the rest behind a toggle when there are any. */
function renderRows(report) {
  const attention = report.checks.filter((c) => c.verdict === 'fail' || c.verdict === 'warn');
  const rest = report.checks.filter((c) => c.verdict !== 'fail' && c.verdict !== 'warn');
  const options = { order: 'severity', decorate: decorateRow };
  if (attention.length === 0 || rest.length === 0) {
    renderChecks(ui.checks, report, i18n, options);
    ui.restList.replaceChildren();
    ui.rest.hidden = true;
    return;
  }
  renderChecks(ui.checks, { ...report, checks: attention }, i18n, options);
  renderChecks(ui.restList, { ...report, checks: rest }, i18n, options);
  const counts = countVerdicts({ checks: rest });
  const tally = ['pass', 'skip']
    .filter((v) => counts[v] > 0)
    .map((v) => i18n.t(`count_${v}`, { count: counts[v] }))
    .join(i18n.t('ui_list_separator'));
  ui.restSummary.textContent = i18n.t('ui_other_checks', { count: rest.length, summary: tally });
  ui.rest.hidden = false;
}

function showReport() {
  const { report, json } = last;
  ui.message.hidden = true;
  delete ui.message.dataset.error;
  ui.recordSection.hidden = false;
  renderOverall(ui.overall, report, i18n);
  renderRows(report);
  renderNotices(ui.notices, report, i18n);
  renderDiagnostics(ui.diagnostics, report.record, i18n);
  ui.recordFormat.textContent = recordFormatText(report.record, i18n);
  renderSnippet();
  ui.results.hidden = false;
  ui.snippetSection.hidden = false;
  ui.exportSection.hidden = false;
  ui.reportJson.textContent = json;
  shown = 'report';
  ui.root.dataset.state = 'ready';
  timings.readyAt ??= performance.now();
}

// ---- snippet ----------------------------------------------------------------------------------

/** The footer for the current record with `choice`, or null. */
function snippetFor(choice) {
  if (!engine || !last) return null;
  try {
    return engine.footerSnippet(last.text, host, choice);
  } catch (e) {
    return null;
  }
}

/** The document the preview frame shows: our own snippet HTML (values escaped by the core). */
function previewDocument(html) {
  return (
    `<!doctype html><html lang="${languageTag(i18n.lang)}"><head><meta charset="utf-8">` +
    '<meta name="color-scheme" content="light"><style>html{background:#fff;color:#333;' +
    'font-family:system-ui,"PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif}' +
    `body{margin:0}a{color:#1a4fc4}</style></head><body inert>${html}</body></html>`
  );
}

/** Show the snippet for the user's choices: options, preview, code. */
function renderSnippet() {
  const report = last.report;
  if (!report.snippet) {
    snippetHtml = '';
    ui.snippetHint.textContent = i18n.t('ui_snippet_none');
    ui.snippetOptions.hidden = true;
    ui.snippetBody.hidden = true;
    ui.copy.hidden = true;
    ui.snippet.textContent = '';
    return;
  }
  const site = snippetFor({ number: 'site', includeMps: false });
  const entity = snippetFor({ number: 'entity', includeMps: false });
  const auto = snippetFor({ number: 'auto', includeMps: false });
  const hasChoice = Boolean(site && entity && site.number !== entity.number);
  const defaultNumber = hasChoice && auto && auto.number === entity.number ? 'entity' : 'site';
  const number = hasChoice && snippetChoice.number !== 'auto' ? snippetChoice.number : hasChoice ? defaultNumber : 'auto';
  const withMps = snippetFor({ number, includeMps: true });
  const hasMps = Boolean(withMps && withMps.mps);
  const chosen = hasMps && snippetChoice.includeMps ? withMps : snippetFor({ number, includeMps: false });
  snippetHtml = (chosen && chosen.html) || report.snippet.html;

  ui.numberChoice.hidden = !hasChoice;
  ui.numberSite.checked = number === 'site';
  ui.numberEntity.checked = number === 'entity';
  ui.snippetDefault.hidden = !hasChoice;
  ui.snippetDefault.textContent = i18n.t(defaultNumber === 'entity' ? 'ui_snippet_default_entity' : 'ui_snippet_default_site');
  ui.mpsOption.hidden = !hasMps;
  ui.mps.checked = snippetChoice.includeMps;
  ui.snippetOptions.hidden = !hasChoice && !hasMps;

  ui.snippetHint.textContent = i18n.t('ui_snippet_hint');
  ui.snippetBody.hidden = false;
  ui.copy.hidden = false;
  ui.snippet.textContent = snippetHtml;
  const lines = (snippetHtml.match(/<br>/g) || []).length + 1;
  ui.preview.dataset.lines = String(lines);
  const doc = previewDocument(snippetHtml);
  if (ui.preview.srcdoc !== doc) {
    delete ui.preview.dataset.loaded; // set again by the frame's load event
    ui.preview.srcdoc = doc;
  }
}

function onSnippetOption() {
  snippetChoice = {
    number: ui.numberEntity.checked ? 'entity' : ui.numberSite.checked ? 'site' : 'auto',
    includeMps: ui.mps.checked,
  };
  if (last) renderSnippet();
  if (savedDomain && last) store.saveSite(api, savedDomain, last.text, snippetChoice).catch(() => {});
}

// ---- copy -------------------------------------------------------------------------------------

const flashTimers = new Map();

/**
 * Confirm a copy on `button` (its text becomes "Copied" for a moment) and in `status` (read by
 * screen readers; shown when copying failed).
 */
function confirmCopy(button, status, ok, idleKey) {
  clearTimeout(flashTimers.get(button));
  button.classList.toggle('copied', ok);
  button.textContent = i18n.t(ok ? 'ui_copied' : idleKey);
  status.textContent = i18n.t(ok ? 'ui_copied' : 'ui_copy_failed');
  status.dataset.ok = String(ok); // on success the button says it; the status is for screen readers
  flashTimers.set(
    button,
    setTimeout(() => {
      button.classList.remove('copied');
      button.textContent = i18n.t(idleKey);
      status.textContent = '';
    }, ok ? COPIED_MS : COPIED_MS * 3),
  );
}

async function onCopy() {
  const ok = await copyText(ui.snippet.textContent, ui.snippet);
  confirmCopy(ui.copy, ui.copyStatus, ok, 'ui_copy');
}

/** Select the whole snippet when it gets focus, so Ctrl/Cmd+C copies it. */
function selectSnippet() {
  const range = document.createRange();
  range.selectNodeContents(ui.snippet);
  const selection = getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}

/** Ctrl/Cmd+C in the snippet box copies all of it when nothing is selected. */
function onSnippetKey(event) {
  if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'c') {
    const selection = getSelection();
    if (selection.isCollapsed || !ui.snippet.contains(selection.anchorNode)) selectSnippet();
  }
}

/** A copy from the snippet box (keyboard or menu) gets the same confirmation as the button. */
function onDocumentCopy() {
  const selection = getSelection();
  if (!selection.isCollapsed && ui.snippet.contains(selection.anchorNode)) {
    confirmCopy(ui.copy, ui.copyStatus, true, 'ui_copy');
  }
}

async function onExport(kind) {
  if (!last) return;
  const text =
    kind === 'json'
      ? `${JSON.stringify(last.report, null, 2)}\n`
      : reportText(last.report, i18n, {
          checkedAt: last.checkedAt,
          version: api.runtime.getManifest().version,
          snippet: snippetHtml,
          strictSiteNumber: Boolean(options.strictSiteNumber),
        });
  const button = kind === 'json' ? ui.exportJson : ui.exportText;
  const ok = await copyText(text, null);
  confirmCopy(button, ui.exportStatus, ok, kind === 'json' ? 'ui_export_json' : 'ui_export_text');
}

// ---- saved record -----------------------------------------------------------------------------

function renderSaved() {
  ui.saved.hidden = !savedDomain;
  ui.savedText.textContent = savedDomain ? i18n.t('ui_saved', { site: savedDomain }) : '';
  ui.forget.setAttribute('aria-label', i18n.t('ui_forget_label', { site: savedDomain }));
}

/** Save the record for this site once it gives a usable number. */
async function remember(report, text) {
  const recordCheck = (report.checks || []).find((c) => c.id === 'record');
  if (!host || !recordCheck || recordCheck.verdict === 'fail') return;
  const domain = store.siteDomain(engine, report, host);
  try {
    await store.saveSite(api, domain, text, snippetChoice);
  } catch (e) {
    return; // storage unavailable: the popup still works, it only forgets
  }
  if (domain !== savedDomain) {
    savedDomain = domain;
    renderSaved();
  }
}

async function onForget() {
  const domain = savedDomain;
  try {
    await store.forgetSite(api, engine, host, domain);
  } catch (e) {
    // Nothing stored, or storage unavailable.
  }
  savedDomain = '';
  snippetChoice = { number: 'auto', includeMps: true };
  renderSaved();
  ui.savedStatus.textContent = i18n.t('ui_forgotten', { site: domain });
  setTimeout(() => {
    ui.savedStatus.textContent = '';
  }, COPIED_MS * 2);
  ui.record.value = '';
  ui.record.focus();
  clearTimeout(inputTimer);
  run();
}

// ---- settings and language --------------------------------------------------------------------

function renderOptions() {
  ui.strict.checked = Boolean(options.strictSiteNumber);
  ui.optionsBadge.hidden = !options.strictSiteNumber;
}

async function onStrict() {
  options = await store.saveOptions(api, { strictSiteNumber: ui.strict.checked || undefined }).catch(() => ({
    ...options,
    strictSiteNumber: ui.strict.checked,
  }));
  renderOptions();
  clearTimeout(inputTimer);
  run();
}

/** Put the words of the current language into the static markup and the language switch. */
function applyLanguage() {
  i18n.apply(document);
  const other = i18n.lang === 'en' ? 'zh_CN' : 'en';
  // The visible name is in the other language (tagged so); the accessible name, in this one, contains it.
  ui.lang.replaceChildren(h('span', { lang: languageTag(other) }, i18n.t('ui_lang_other')));
  ui.lang.setAttribute('aria-label', i18n.t('ui_lang_title'));
  ui.lang.title = i18n.t('ui_lang_title');
  renderSaved();
  renderOptions();
}

/** Draw what is shown again in the current language. */
function rerender() {
  for (const button of [ui.copy, ui.exportText, ui.exportJson]) button.classList.remove('copied');
  for (const status of [ui.copyStatus, ui.exportStatus, ui.savedStatus]) status.textContent = '';
  if (shown === 'report' && last) showReport();
  else if (shown === 'idle') showIdle();
  else if (shown === 'error') showError(lastError);
  else setState(ui.root.dataset.state || 'checking');
}

async function onLanguage() {
  const next = i18n.lang === 'en' ? 'zh_CN' : 'en';
  try {
    i18n = await loadI18n(next);
  } catch (e) {
    return;
  }
  // Following the browser again when the choice matches it; stored only when it differs.
  const followsBrowser = next === pickLanguage(browserLanguage());
  store.saveOptions(api, { lang: followsBrowser ? undefined : next }).then((o) => {
    options = o;
  }, () => {});
  const state = ui.root.dataset.state;
  applyLanguage();
  rerender();
  if (state === 'checking') setState('checking'); // a check still running shows its outcome later
  if (last && shown === 'report') setBadge(last.report.overall);
}

// ---- checking ---------------------------------------------------------------------------------

/**
 * Check the page against the record box. Reads the page first when `recollect` is set or it
 * has not been read yet. Only the latest call shows its outcome. `text` replaces the record box
 * (a paste the box refused, see onOversizedPaste).
 */
async function run({ recollect = false, text: given } = {}) {
  const mine = ++generation;
  setState('checking');
  try {
    if (recollect || !pagePromise) startReading();
    timings.runAt ??= performance.now();
    const [page] = await Promise.all([pagePromise, loadEngine()]);
    timings.inputsAt ??= performance.now();
    if (mine !== generation) return;
    const text = given ?? ui.record.value;
    if (text.trim() === '') {
      last = null;
      showIdle();
      return;
    }
    const checked = performance.now();
    const report = page.read.check(text, { strictSiteNumber: Boolean(options.strictSiteNumber) });
    timings.wasmMs = performance.now() - checked;
    if (mine !== generation) return;
    last = { report, json: JSON.stringify(report), text, checkedAt: new Date() };
    if (page.watching) ui.root.dataset.watching = ''; // before `ready`: the report may still change
    showReport();
    timings.renderMs = performance.now() - checked - timings.wasmMs;
    setBadge(report.overall);
    watchPage(page);
    await remember(report, text);
  } catch (error) {
    if (mine === generation) showError(error);
  }
}

function onInput(event) {
  generation++; // a result still on its way is now stale
  setState('checking');
  clearTimeout(inputTimer);
  // A paste or a drop is the whole record at once: check it now. Typing waits for a pause.
  const whole = event && /^insertFrom(Paste|Drop)$/.test(event.inputType || '');
  if (whole) run();
  else inputTimer = setTimeout(() => run(), INPUT_DEBOUNCE_MS);
}

/**
 * A paste or drop the core would refuse as a record (`record_too_large`) never enters the box:
 * a text box holding megabytes takes the browser most of a minute to lay out (issue #16). It is
 * checked as it is, so the report says why it was refused, and the box keeps what it had.
 */
function onOversizedPaste(event) {
  const transfer = event.clipboardData || event.dataTransfer;
  const text = transfer ? transfer.getData('text/plain') : '';
  if (!engine || !text) return;
  // The core's limit is in UTF-8 bytes: a UTF-16 unit is 1 to 3 of them.
  const limit = engine.maxRecordBytes();
  if (text.length * 3 <= limit) return;
  if (text.length <= limit && new TextEncoder().encode(text).length <= limit) return;
  event.preventDefault();
  generation++;
  clearTimeout(inputTimer);
  run({ text });
}

function onCheck() {
  clearTimeout(inputTimer);
  run({ recollect: true });
}

async function main() {
  loadEngine().catch(() => {}); // compile the wasm while the settings and messages load (issue #8)
  // Read the page meanwhile too: the first run() takes these facts (issue #8).
  const tabPromise = resolveTab();
  tabPromise.then((found) => {
    tab = found;
    startReading();
  }, () => {});
  const param = new URLSearchParams(location.search).get('lang');
  options = await store.loadOptions(api);
  try {
    const lang = LANGUAGES.includes(param) ? param : LANGUAGES.includes(options.lang) ? options.lang : pickLanguage(browserLanguage());
    i18n = await loadI18n(lang);
  } catch (error) {
    // Without messages there are no words to explain with: show the raw error.
    ui.root.dataset.state = 'error';
    ui.message.hidden = false;
    ui.messageBody.textContent = String((error && error.message) || error);
    return;
  }
  applyLanguage();
  setState('checking');
  ui.lang.addEventListener('click', onLanguage);
  ui.record.addEventListener('input', onInput);
  ui.record.addEventListener('paste', onOversizedPaste);
  ui.record.addEventListener('drop', onOversizedPaste);
  ui.check.addEventListener('click', onCheck);
  ui.retry.addEventListener('click', onCheck);
  ui.forget.addEventListener('click', onForget);
  ui.strict.addEventListener('change', onStrict);
  ui.copy.addEventListener('click', onCopy);
  ui.snippet.addEventListener('focus', selectSnippet);
  ui.snippet.addEventListener('keydown', onSnippetKey);
  document.addEventListener('copy', onDocumentCopy);
  for (const input of [ui.numberSite, ui.numberEntity, ui.mps]) input.addEventListener('change', onSnippetOption);
  ui.preview.addEventListener('load', () => {
    ui.preview.dataset.loaded = '';
  });
  ui.exportText.addEventListener('click', () => onExport('text'));
  ui.exportJson.addEventListener('click', () => onExport('json'));
  try {
    tab = await tabPromise;
  } catch (error) {
    showError(error);
    return;
  }
  showPage(tab.url);
  host = store.hostOf(tab.url);
  // The core decides which saved record belongs to this site (issue #16); without the engine
  // nothing is restored, and run() below says why.
  const saved = await loadEngine().then((core) => store.loadSite(api, core, host), () => null);
  if (saved && ui.record.value === '') {
    ui.record.value = saved.record;
    savedDomain = saved.domain;
    if (saved.snippet) snippetChoice = { ...snippetChoice, ...saved.snippet };
    renderSaved();
  }
  await run();
}

main();
