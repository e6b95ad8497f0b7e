//! The www checker: the extension's check on pasted page source, and the footer generator.
//!
//! One implementation with the extension: the page is read by the same collector
//! (`page/collector.js`, given the frame's window), checked by the same wasm core, shown by the
//! same renderer (`shared/report-view.js`) with the same locales. build.sh copies those next to
//! this file in dist/www/; nothing here decides a rule.
//!
//! The pasted source is rendered in `<iframe id="page" sandbox="allow-same-origin" srcdoc>`, 1280
//! x 800 CSS px like a desktop window, so layout checks (placement, visibility) have a layout:
//! - no `allow-scripts`: no script, event handler or `javascript:` URL of the page runs (and the
//!   browser ignores its `<meta http-equiv="refresh">`); `allow-same-origin` only lets this page
//!   read the frame's DOM and keep its links from navigating;
//! - a Content-Security-Policy `<meta>` put first in the frame's source blocks every network
//!   load of the page (stylesheets, images, fonts, frames, prefetches): only inline styles and
//!   data: images and fonts render. The page's remote CSS is therefore missing, which the page
//!   says under the preview;
//! - before that, the source loses what could reach the network despite both (`<link>` of any
//!   kind, `<meta http-equiv>`), in nested `srcdoc` frames and templates too (networkFreeSource);
//! - a `<base href>` with the page URL put first makes relative links resolve as on the real
//!   site (the page's own `<base href>` is resolved against the URL and used instead).
//!
//! Contract for automation (as in the popup, issue #2 / #6; keep stable):
//! - `#html` page source, `#url` page URL (empty: the record's 首页地址, else `http://<first
//!   domain>/`), `#record` the record, `#check` checks (footer mode: generates). Edits re-run
//!   the check after a short pause, as in the popup.
//! - `html[data-state]`: `checking` while a check is pending or running, `idle` while an input
//!   is missing, `ready` when a report (footer mode: a snippet) is shown, `error` when it could
//!   not be made (a message says why). `html[data-mode]`: `check` or `footer`.
//! - One `[data-check][data-verdict][data-reason]` row per check; `#overall[data-verdict]`;
//!   `#snippet` holds the footer HTML as text, `#copy` copies it; `#report-json` holds the
//!   report JSON exactly as the core returned it (empty in footer mode).
//! - The popup's options: `#strict-site-number` (require the site number), and for the snippet
//!   `input[name=snippet-number]` (site or entity, shown when they differ), `#snippet-mps`, and
//!   `#snippet-site` when the record lists several sites (footer mode).
//! - `?mode=footer` opens the generator, `?lang=en|zh_CN` picks the language (default zh_CN).

import { LANGUAGES, DEFAULT_LANGUAGE, loadI18n } from './shared/i18n.js';
import {
  copyText,
  recordFormatText,
  reportText,
  renderChecks,
  renderDiagnostics,
  renderNotices,
  renderOverall,
  renderOverallState,
} from './shared/report-view.js';
import { measurePage, readPageText } from './page/collector.js';

/** The frame's size: a common desktop window, as the extension's tests use. */
const FRAME_VIEWPORT = { w: 1280, h: 800 };
/** The pasted page has no scripts, so nothing changes after load: no need to wait for quiet. */
const READ_OPTIONS = { settleMs: 0 };
/**
 * Put first in the frame's source. Nothing of the page may load from the network (privacy:
 * nothing the user pastes causes a request); inline styles and data: URLs still render.
 */
const FRAME_HEAD =
  '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; ' +
  'img-src data:; font-src data:; form-action \'none\'">' +
  '<meta http-equiv="x-dns-prefetch-control" content="off">';
/** The snippet preview: our own escaped HTML in a plain page footer; links may open a tab. */
const PREVIEW_HEAD =
  '<!doctype html><html><head><meta charset="utf-8">' +
  '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">' +
  '<style>html{color-scheme:light}body{margin:0;padding:0;font:14px/1.7 system-ui,"PingFang SC",' +
  '"Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;color:#5b6472;background:#f3f4f6}a{color:#5b6472}</style>' +
  '</head><body>';
/** Refuse files larger than this: a homepage is far smaller, and a textarea chokes on more. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;
/** Wait this long after the last keystroke before checking (page source and URL: longer). */
const RECORD_DEBOUNCE_MS = 300;
const PAGE_DEBOUNCE_MS = 600;
const COPIED_MS = 2000;
const LANGUAGE_KEY = 'beian-check.lang';
const STRICT_KEY = 'beian-check.strict-site-number';

const $ = (selector) => document.querySelector(selector);
const ui = {
  root: document.documentElement,
  modeTabs: [...document.querySelectorAll('.mode')],
  languageButtons: [...document.querySelectorAll('.language')],
  introTitle: $('#intro-title'),
  introBody: $('#intro-body'),
  html: $('#html'),
  htmlStatus: $('#html-status'),
  dropZone: $('#drop-zone'),
  chooseFile: $('#choose-file'),
  file: $('#file'),
  url: $('#url'),
  record: $('#record'),
  recordFormat: $('#record-format'),
  diagnostics: $('#diagnostics'),
  check: $('#check'),
  overall: $('#overall'),
  message: $('#message'),
  messageTitle: $('#message-title'),
  messageBody: $('#message-body'),
  steps: $('#steps'),
  notices: $('#notices'),
  pageNotes: $('#page-notes'),
  results: $('#results'),
  checks: $('#checks'),
  snippetSection: $('#snippet-section'),
  snippetOptions: $('#snippet-options'),
  siteOption: $('#site-option'),
  site: $('#snippet-site'),
  numberOption: $('#number-option'),
  numberSite: $('#snippet-number-site'),
  numberEntity: $('#snippet-number-entity'),
  snippetDefault: $('#snippet-default'),
  mpsOption: $('#snippet-mps-option'),
  mps: $('#snippet-mps'),
  snippetBody: $('#snippet-body'),
  snippetHint: $('#snippet-hint'),
  snippet: $('#snippet'),
  copy: $('#copy'),
  copyStatus: $('#copy-status'),
  snippetPreview: $('#snippet-preview'),
  pageSection: $('#page-section'),
  pageAddress: $('#page-address'),
  pageViewport: $('#page-viewport'),
  frame: $('#page'),
  highlight: $('#highlight'),
  reportJson: $('#report-json'),
  strict: $('#strict-site-number'),
  optionsBadge: $('#options-badge'),
  exportSection: $('#export-section'),
  exportText: $('#export-text'),
  exportJson: $('#export-json'),
  exportStatus: $('#export-status'),
};

let i18n = null;
let enginePromise = null;
/** The page last rendered and read: `{html, url, read}` (a promise of `{read, notes}`). */
let pageRead = null;
/** Bumped by every new request; a run whose number is stale drops its result. */
let generation = 0;
let inputTimer = 0;
/** The last parsed record, `{text, record}`, for the URL default and the snippet's sites. */
let parsed = null;
/** What the output shows: `report`, `snippet`, `idle`, `error`, or null before the first outcome. */
let shown = null;
/** The report shown, for the export: `{report, json, checkedAt}`. */
let current = null;
/** The user's snippet choices, as in the popup. `number: 'auto'` follows RULES.md. */
let snippetChoice = { number: 'auto', includeMps: true };

/** A failure explained with a locale message (`key`) rather than a raw error. */
class WwwError extends Error {
  constructor(key, detail = '') {
    super(detail || key);
    this.key = key;
    this.detail = detail;
  }
}

const mode = () => ui.root.dataset.mode;

function setState(state) {
  ui.root.dataset.state = state;
  // While a shown report is re-checked it stays in place (dimmed by CSS) instead of flickering.
  if (state === 'checking' && shown === 'report') return;
  if (mode() === 'check') renderOverallState(ui.overall, state, i18n);
}

// ---------------------------------------------------------------------------------------------
// Engine and record
// ---------------------------------------------------------------------------------------------

/** Load the wasm core once. */
function loadEngine() {
  enginePromise ??= (async () => {
    try {
      const engine = await import('./wasm/beian_check.js');
      await engine.default();
      return engine;
    } catch (e) {
      throw new WwwError('www_error_engine', String((e && e.message) || e));
    }
  })();
  return enginePromise;
}

/** The record box parsed by the core (cached per text). */
function parseRecord(engine, text) {
  if (!parsed || parsed.text !== text) parsed = { text, record: engine.parseRecord(text) };
  return parsed.record;
}

/** `http://` in front of a URL typed without a scheme (`www.example.cn/`). */
function withScheme(url) {
  return /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `http://${url}`;
}

/** The URL a page of `record` is at when none is given: its 首页地址, else its first domain. */
function defaultUrl(record) {
  const sites = (record && record.sites) || [];
  const home = sites.find((s) => s.homeUrl);
  if (home) return withScheme(home.homeUrl.trim());
  const domain = sites.flatMap((s) => s.domains || [])[0];
  return domain ? `http://${domain}/` : '';
}

/** The URL to check the page as: `#url`, else the record's default. */
function pageUrl(record) {
  const typed = ui.url.value.trim();
  return typed ? withScheme(typed) : defaultUrl(record);
}

/** Show the record's default URL in the empty URL box. */
function showUrlDefault(record) {
  const fallback = defaultUrl(record);
  ui.url.placeholder = fallback || 'http://www.example.cn/';
}

// ---------------------------------------------------------------------------------------------
// The page frame
// ---------------------------------------------------------------------------------------------

function escapeAttribute(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function hostOf(url) {
  try {
    return new URL(url).host;
  } catch (e) {
    return '';
  }
}

/**
 * What can reach the network from the frame although its sandbox and policy forbid loads (issue
 * #16): Chromium resolves and connects for `<link rel=preconnect|dns-prefetch>` despite the CSP,
 * and the other `<link>` kinds (prefetch, preload, modulepreload, prerender, icon, manifest,
 * stylesheet) are the same class of hint; `<meta http-equiv>` can ask for a refresh, a cookie or
 * prefetching. None of them shows anything, so they go, with `ping` attributes.
 */
const NETWORK_ELEMENTS = 'link, meta[http-equiv]';

/**
 * `html` without what could reach the network (NETWORK_ELEMENTS), as source for a srcdoc. Parsed
 * by DOMParser (which runs and loads nothing); the same is done to every nested `srcdoc`, which
 * also gets the frame's policy, and to the contents of `<template>`s (a declarative shadow root
 * becomes part of the page when the frame parses it).
 */
function networkFreeSource(html) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  clean(doc);
  const doctype = doc.doctype ? `<!DOCTYPE ${doc.doctype.name}>` : '';
  return doctype + doc.documentElement.outerHTML;

  function clean(root) {
    for (const el of root.querySelectorAll(NETWORK_ELEMENTS)) el.remove();
    for (const el of root.querySelectorAll('[ping]')) el.removeAttribute('ping');
    for (const frame of root.querySelectorAll('[srcdoc]')) {
      frame.setAttribute('srcdoc', FRAME_HEAD + networkFreeSource(frame.getAttribute('srcdoc')));
    }
    for (const template of root.querySelectorAll('template')) clean(template.content);
  }
}

/** Render `html` in the frame with `base` as its base URL; resolves to its window once loaded. */
function renderFrame(html, base) {
  return new Promise((resolve, reject) => {
    const frame = ui.frame;
    const timer = setTimeout(() => reject(new WwwError('www_error_render', 'timeout')), 30_000);
    frame.addEventListener(
      'load',
      () => {
        clearTimeout(timer);
        resolve(frame.contentWindow);
      },
      { once: true },
    );
    frame.srcdoc = FRAME_HEAD + (base ? `<base href="${escapeAttribute(base)}">` : '') + networkFreeSource(html);
  });
}

/** Keep a click in the frame from following a link: the preview is for looking only. */
function holdLinks(win) {
  // The prototype's own method: the page's named elements shadow the document's.
  const listen = (type) => EventTarget.prototype.addEventListener.call(win.document, type, (event) => event.preventDefault(), true);
  listen('click');
  listen('submit');
}

/**
 * Render `html` as the page at `url` and read it with the collector; resolves to the wasm's
 * `PageRead` and the rendering notes. The URL replaces
 * the frame's own (`about:srcdoc`): it is the page the user means.
 */
async function readPage(html, url) {
  ui.pageSection.hidden = false; // a frame that is not rendered has no layout to read
  ui.highlight.hidden = true;
  let base = /^https?:/i.test(url) && hostOf(url) ? url : '';
  let win = await renderFrame(html, base);
  // The page's own <base href> wins on the real site; ours, put first, shadows it. Use it.
  const bases = pastedAll(win.document, 'base[href]');
  if (base && bases.length > 1) {
    try {
      base = new URL(bases[1].getAttribute('href'), base).href;
      win = await renderFrame(html, base);
    } catch (e) {
      // An unusable base: keep the URL as the base, as a browser ignores a bad one.
    }
  }
  holdLinks(win);
  win.scrollTo(0, 0);
  // The extension's two reads (issue #11), with the same collector and core: the texts, then
  // what the core asks to have measured.
  const engine = await loadEngine();
  // The generator's marks from the source as pasted: the frame's copy has no <link>.
  const pasted = new DOMParser().parseFromString(html, 'text/html');
  const text = await readPageText({ ...READ_OPTIONS, window: win, marksDocument: pasted, url });
  const read = new engine.PageRead(text.wire);
  for (let request = read.request(); request; request = read.request()) {
    read.measured(measurePage({ ...request, token: text.token }));
  }
  return { read, notes: pageNotes(pasted) };
}

/**
 * The elements of the pasted page's document matching `selector`, through the prototype's own
 * method: the page's named elements (`<img name=querySelectorAll>`) shadow the document's.
 */
function pastedAll(doc, selector) {
  return [...Document.prototype.querySelectorAll.call(doc, selector)];
}

/** Scripts that would run on the real page (not data blocks such as JSON-LD). */
const RUNNABLE_SCRIPTS =
  'script:not([type]), script[type=""], script[type="module" i], script[type*="javascript" i], script[type*="ecmascript" i]';

/**
 * Where this rendering may differ from the page in a browser tab, as `{key, count}` notes:
 * scripts that do not run here, stylesheets and frames that do not load, and a page a browser
 * would show in quirks mode (a srcdoc frame always uses standards mode). `doc` is the source as
 * pasted, parsed (DOMParser runs and loads nothing): the frame's copy has no <link>.
 */
function pageNotes(doc) {
  const notes = [];
  const scripts = pastedAll(doc, RUNNABLE_SCRIPTS).length;
  if (scripts > 0) notes.push({ key: 'www_note_scripts', count: scripts });
  const styles = pastedAll(doc, 'link[rel~="stylesheet" i][href]').length;
  if (styles > 0) notes.push({ key: 'www_note_styles', count: styles });
  const frames = pastedAll(doc, 'iframe[src], frame[src]').filter((f) => !/^\s*(?:$|about:|data:|javascript:)/i.test(Element.prototype.getAttribute.call(f, 'src'))).length;
  if (frames > 0) notes.push({ key: 'www_note_frames', count: frames });
  // DOMParser reads the doctype as a browser tab would, and runs and loads nothing.
  if (doc.compatMode === 'BackCompat') notes.push({ key: 'www_note_quirks' });
  return notes;
}

/** Show the notes about how the pasted page was rendered (see pageNotes). */
function showPageNotes(notes) {
  ui.pageNotes.replaceChildren(
    ...notes.map((note) => {
      const li = document.createElement('li');
      li.dataset.note = note.key;
      li.textContent = i18n.t(note.key, { count: note.count });
      return li;
    }),
  );
  ui.pageNotes.hidden = notes.length === 0;
}

/** The read of `html` at `url`, reading the page again only when either changed. */
function readOf(html, url, { force = false } = {}) {
  if (force || !pageRead || pageRead.html !== html || pageRead.url !== url) {
    const read = readPage(html, url);
    read.catch(() => {}); // handled where awaited
    pageRead = { html, url, read };
  }
  return pageRead.read;
}

/** Fit the snippet preview's height to its content once it has loaded. */
function fitPreview() {
  const doc = ui.snippetPreview.contentDocument;
  if (doc && doc.documentElement) ui.snippetPreview.style.height = `${doc.documentElement.scrollHeight + 2}px`;
}

/**
 * Give a row whose finding has a place on the page a button that shows that place in the
 * preview (the popup's "show on page"): the frame scrolls to it and a box outlines it. The box
 * is drawn over the frame, so the pasted page itself is never changed.
 */
function addLocateButton(row, check) {
  const location = check.evidence && check.evidence.location;
  const rect = location && location.rect;
  if (!rect || !(rect.w > 0 && rect.h > 0)) return;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'locate';
  button.textContent = i18n.t('www_show_in_preview');
  button.addEventListener('click', () => locate(rect));
  const details = row.querySelector('.check-details');
  if (details) details.before(button);
  else row.append(button);
}

let locateTimer = 0;

/** Scroll the frame to `rect` (document coordinates) and outline it for a few seconds. */
function locate(rect) {
  const win = ui.frame.contentWindow;
  if (!win) return;
  win.scrollTo({
    left: Math.max(0, rect.x + rect.w / 2 - FRAME_VIEWPORT.w / 2),
    top: Math.max(0, rect.y + rect.h / 2 - FRAME_VIEWPORT.h / 2),
    behavior: 'instant',
  });
  const scale = ui.pageViewport.clientWidth / FRAME_VIEWPORT.w;
  const pad = 4;
  const box = ui.highlight;
  box.style.left = `${(rect.x - win.scrollX) * scale - pad}px`;
  box.style.top = `${(rect.y - win.scrollY) * scale - pad}px`;
  box.style.width = `${rect.w * scale + 2 * pad}px`;
  box.style.height = `${rect.h * scale + 2 * pad}px`;
  box.hidden = false;
  box.classList.remove('flash');
  void box.offsetWidth; // restart the animation
  box.classList.add('flash');
  ui.pageSection.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  clearTimeout(locateTimer);
  locateTimer = setTimeout(() => {
    box.hidden = true;
  }, 4000);
}

/** Scale the 1280 px frame down to the width of its box. */
function fitFrame() {
  const width = ui.pageViewport.clientWidth;
  if (width > 0) ui.pageViewport.style.setProperty('--scale', String(width / FRAME_VIEWPORT.w));
}

// ---------------------------------------------------------------------------------------------
// Showing outcomes
// ---------------------------------------------------------------------------------------------

/** Show the message box instead of a report: `idle` (with the steps in check mode) or `error`. */
function showMessage(kind, title, body) {
  ui.messageTitle.textContent = title;
  ui.messageTitle.hidden = !title;
  ui.messageBody.textContent = body;
  ui.messageBody.hidden = !body;
  ui.message.dataset.kind = kind;
  ui.message.hidden = false;
  ui.results.hidden = true;
  ui.notices.hidden = true;
  ui.pageNotes.hidden = true;
  ui.snippetSection.hidden = true;
  ui.exportSection.hidden = true;
  ui.reportJson.textContent = '';
  current = null;
  shown = kind;
  setState(kind);
}

function showError(error) {
  const key = error instanceof WwwError ? error.key : 'error_check_failed';
  const detail = error instanceof WwwError ? error.detail : String((error && error.message) || error);
  ui.steps.hidden = true;
  showMessage('error', i18n.t('www_error_title'), i18n.t(key, { detail }));
}

/** Check mode, an input missing: say which, as a list of the three steps. */
function showCheckIdle(done) {
  for (const li of ui.steps.children) li.dataset.done = String(Boolean(done[li.dataset.step]));
  ui.steps.hidden = false;
  if (!done.html) ui.pageSection.hidden = true;
  showMessage('idle', i18n.t('www_idle_check_title'), '');
}

function showFooterIdle() {
  ui.steps.hidden = true;
  showMessage('idle', i18n.t('www_idle_footer_title'), i18n.t('www_idle_footer_body'));
}

/** Show the record's format and unread lines under the record box. */
function showRecordNotes(record) {
  ui.recordFormat.textContent = record ? recordFormatText(record, i18n) : '';
  renderDiagnostics(ui.diagnostics, record, i18n);
}

/** Offer a site choice when the record lists several (footer mode); returns the chosen host. */
function chooseSite(record) {
  const sites = record.sites || [];
  const options = sites.map((site, i) => {
    const host = (site.domains || [])[0] || hostOf(withScheme(site.homeUrl || '')) || '';
    const label = [site.name, host].filter(Boolean).join(' · ') || site.numberRaw || String(i + 1);
    const option = document.createElement('option');
    option.value = host;
    option.textContent = label;
    return option;
  });
  const before = ui.site.value;
  const same =
    options.length === ui.site.options.length && options.every((o, i) => o.value === ui.site.options[i].value && o.textContent === ui.site.options[i].textContent);
  if (!same) {
    ui.site.replaceChildren(...options);
    if (options.some((o) => o.value === before)) ui.site.value = before;
  }
  ui.siteOption.hidden = options.length < 2;
  return options.length > 0 ? ui.site.value : '';
}

/**
 * Fill the snippet section for the record and the site covering `host`, with the popup's
 * options: the site or the entity number (offered when they differ; by default as RULES.md
 * says), and the 公安 line (offered when the record has one). Returns whether the record had a
 * number to build a footer from.
 */
function showSnippet(engine, recordText, host) {
  const footer = (choice) => engine.footerSnippet(recordText, host, choice);
  const auto = footer({ number: 'auto', includeMps: false });
  if (!auto) {
    ui.snippetHint.textContent = i18n.t('ui_snippet_none');
    ui.snippetOptions.hidden = true;
    ui.snippetBody.hidden = true;
    ui.copy.hidden = true;
    ui.snippet.textContent = '';
    ui.snippetSection.hidden = false;
    return false;
  }
  const site = footer({ number: 'site', includeMps: false });
  const entity = footer({ number: 'entity', includeMps: false });
  const hasChoice = Boolean(site && entity && site.number !== entity.number);
  const defaultNumber = hasChoice && auto.number === entity.number ? 'entity' : 'site';
  const number = !hasChoice ? 'auto' : snippetChoice.number === 'auto' ? defaultNumber : snippetChoice.number;
  const withMps = footer({ number, includeMps: true });
  const hasMps = Boolean(withMps && withMps.mps);
  const chosen = hasMps && snippetChoice.includeMps ? withMps : footer({ number, includeMps: false });
  const html = chosen.html;

  ui.numberOption.hidden = !hasChoice;
  ui.numberSite.checked = number === 'site';
  ui.numberEntity.checked = number === 'entity';
  ui.snippetDefault.textContent = i18n.t(defaultNumber === 'entity' ? 'ui_snippet_default_entity' : 'ui_snippet_default_site');
  ui.mpsOption.hidden = !hasMps;
  ui.mps.checked = snippetChoice.includeMps;
  ui.snippetOptions.hidden = !hasChoice && !hasMps && ui.siteOption.hidden;
  ui.snippetHint.textContent = i18n.t('ui_snippet_hint');
  ui.snippetBody.hidden = false;
  ui.copy.hidden = false;
  ui.snippet.textContent = html;
  if (ui.snippetPreview.dataset.html !== html) {
    ui.snippetPreview.dataset.html = html;
    ui.snippetPreview.srcdoc = PREVIEW_HEAD + html;
  }
  ui.snippetSection.hidden = false;
  return true;
}

/** The host of the site a report was checked against, so the snippet is built for it. */
function reportHost(report, url) {
  const site = Number.isInteger(report.site) ? report.record.sites[report.site] : null;
  return (site && (site.domains || [])[0]) || hostOf(url);
}

function showReport(engine, report, json, url) {
  ui.message.hidden = true;
  renderOverall(ui.overall, report, i18n);
  renderChecks(ui.checks, report, i18n, { order: 'severity', decorate: addLocateButton });
  renderNotices(ui.notices, report, i18n);
  showRecordNotes(report.record);
  ui.results.hidden = false;
  ui.pageAddress.textContent = url;
  ui.pageAddress.title = url;
  ui.siteOption.hidden = true; // the site is the one the page belongs to
  showSnippet(engine, ui.record.value, reportHost(report, url));
  ui.reportJson.textContent = json;
  current = { report, json, checkedAt: new Date() };
  ui.exportSection.hidden = false;
  shown = 'report';
  ui.root.dataset.state = 'ready';
}

// ---------------------------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------------------------

/** Check mode: render and read the pasted page (when it changed), then check it. */
async function runCheck(mine, { reread }) {
  const engine = await loadEngine();
  if (mine !== generation) return;
  const html = ui.html.value;
  const text = ui.record.value;
  const record = text.trim() ? parseRecord(engine, text) : null;
  showUrlDefault(record);
  showRecordNotes(record);
  const url = pageUrl(record);
  if (!html.trim() || !text.trim()) {
    showCheckIdle({ html: html.trim(), url, record: text.trim() });
    return;
  }
  const { read, notes } = await readOf(html, url, { force: reread });
  if (mine !== generation) return;
  const report = read.check(text, { strictSiteNumber: ui.strict.checked });
  showReport(engine, report, JSON.stringify(report), url);
  showPageNotes(notes);
}

/** Footer mode: the snippet from the record alone. */
async function runFooter(mine) {
  const engine = await loadEngine();
  if (mine !== generation) return;
  const text = ui.record.value;
  if (!text.trim()) {
    showRecordNotes(null);
    showFooterIdle();
    return;
  }
  const record = parseRecord(engine, text);
  showRecordNotes(record);
  ui.message.hidden = true;
  ui.reportJson.textContent = '';
  if (!showSnippet(engine, text, chooseSite(record))) {
    ui.snippetSection.hidden = true;
    ui.steps.hidden = true;
    showMessage('error', i18n.t('www_footer_error_title'), i18n.t('www_footer_no_number'));
    return;
  }
  shown = 'snippet';
  ui.root.dataset.state = 'ready';
}

/** Run the current mode's job; only the latest call shows its outcome. */
async function run({ reread = false } = {}) {
  clearTimeout(inputTimer);
  const mine = ++generation;
  setState('checking');
  try {
    if (mode() === 'footer') await runFooter(mine);
    else await runCheck(mine, { reread });
  } catch (error) {
    if (mine === generation) showError(error);
  }
}

/** An edit: mark the output stale now, run after a pause. */
function schedule(delay) {
  generation++; // a result still on its way is now stale
  setState('checking');
  clearTimeout(inputTimer);
  inputTimer = setTimeout(() => run(), delay);
}

// ---------------------------------------------------------------------------------------------
// Page source from a file
// ---------------------------------------------------------------------------------------------

/**
 * The encoding to decode a saved page with: its byte order mark, else the charset its
 * `<meta>` declares, else UTF-8 when the bytes are valid UTF-8, else GB 18030 (the superset of
 * GBK and GB 2312, the usual encodings of older Chinese pages).
 */
function sniffEncoding(bytes) {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  // The prescan reads ASCII only; windows-1252 maps every byte, so nothing throws.
  const head = new TextDecoder('windows-1252').decode(bytes.subarray(0, 4096));
  const declared = head.match(/<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i);
  if (declared) {
    const label = /^utf-16/i.test(declared[1]) ? 'utf-8' : declared[1]; // as the HTML spec says
    try {
      return new TextDecoder(label).encoding;
    } catch (e) {
      // Unknown label: guess below.
    }
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch (e) {
    return 'gb18030';
  }
}

function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

async function loadFile(file) {
  if (!file) return;
  if (file.size > MAX_FILE_BYTES) {
    ui.htmlStatus.textContent = i18n.t('www_html_too_big', { name: file.name, size: formatSize(file.size) });
    ui.htmlStatus.dataset.kind = 'error';
    return;
  }
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const encoding = sniffEncoding(bytes);
    ui.html.value = new TextDecoder(encoding).decode(bytes);
    ui.htmlStatus.textContent = i18n.t('www_html_file', { name: file.name, size: formatSize(file.size), encoding });
    ui.htmlStatus.dataset.kind = 'file';
  } catch (e) {
    ui.htmlStatus.textContent = i18n.t('www_html_file_error', { name: file.name, detail: String((e && e.message) || e) });
    ui.htmlStatus.dataset.kind = 'error';
    return;
  }
  if (mode() !== 'check') setMode('check');
  run();
}

function hasFiles(event) {
  return Boolean(event.dataTransfer && [...event.dataTransfer.types].includes('Files'));
}

function listenForDrops() {
  let depth = 0;
  const dragging = (on) => ui.dropZone.classList.toggle('dragging', on);
  // Anywhere on the page: a dropped file must never replace this page with itself.
  window.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  });
  window.addEventListener('dragenter', (event) => {
    if (!hasFiles(event)) return;
    depth++;
    dragging(true);
  });
  window.addEventListener('dragleave', (event) => {
    if (!hasFiles(event)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) dragging(false);
  });
  window.addEventListener('drop', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth = 0;
    dragging(false);
    loadFile(event.dataTransfer.files[0]);
  });
}

// ---------------------------------------------------------------------------------------------
// Controls
// ---------------------------------------------------------------------------------------------

function setMode(next) {
  ui.root.dataset.mode = next;
  for (const tab of ui.modeTabs) {
    const selected = tab.dataset.mode === next;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    if (selected) $('#workspace').setAttribute('aria-labelledby', tab.id);
  }
  const params = new URLSearchParams(location.search);
  if (next === 'footer') params.set('mode', 'footer');
  else params.delete('mode');
  const query = params.toString();
  history.replaceState(null, '', query ? `?${query}` : location.pathname);
  applyModeWords();
  shown = null;
}

function applyModeWords() {
  const footer = mode() === 'footer';
  ui.introTitle.textContent = i18n.t(footer ? 'www_intro_footer_title' : 'www_intro_check_title');
  ui.introBody.textContent = i18n.t(footer ? 'www_intro_footer_body' : 'www_intro_check_body');
  ui.check.textContent = i18n.t(footer ? 'www_generate' : 'ui_check');
  ui.check.title = footer ? '' : i18n.t('www_check_title');
}

async function setLanguage(lang, { remember = true } = {}) {
  i18n = await loadI18n(lang);
  i18n.apply(document);
  applyModeWords();
  for (const button of ui.languageButtons) button.setAttribute('aria-pressed', String(button.dataset.lang === lang));
  if (remember) {
    try {
      localStorage.setItem(LANGUAGE_KEY, lang);
    } catch (e) {
      // Storage off: the choice lasts for this visit.
    }
    const params = new URLSearchParams(location.search);
    params.set('lang', lang);
    history.replaceState(null, '', `?${params}`);
  }
  ui.htmlStatus.textContent = '';
}

/** The language: `?lang=`, else the last choice, else zh_CN. */
function initialLanguage() {
  const param = new URLSearchParams(location.search).get('lang');
  if (LANGUAGES.includes(param)) return param;
  try {
    const saved = localStorage.getItem(LANGUAGE_KEY);
    if (LANGUAGES.includes(saved)) return saved;
  } catch (e) {
    // Storage off.
  }
  return DEFAULT_LANGUAGE;
}

/**
 * Confirm a copy on `button` (its text says "Copied" for a moment) and in `status` (read by
 * screen readers; shown when copying failed), as the popup does.
 */
function confirmCopy(button, status, ok, wordKey) {
  clearTimeout(copiedTimers.get(button));
  button.classList.toggle('copied', ok);
  button.textContent = i18n.t(ok ? 'ui_copied' : wordKey);
  status.textContent = i18n.t(ok ? 'ui_copied' : 'ui_copy_failed');
  status.dataset.ok = String(ok);
  copiedTimers.set(
    button,
    setTimeout(
      () => {
        button.classList.remove('copied');
        button.textContent = i18n.t(wordKey);
        status.textContent = '';
      },
      ok ? COPIED_MS : COPIED_MS * 3,
    ),
  );
}

const copiedTimers = new Map();

async function onCopy() {
  confirmCopy(ui.copy, ui.copyStatus, await copyText(ui.snippet.textContent, ui.snippet), 'ui_copy');
}

/** Copy the shown report as text (for a ticket or a 复查 request) or as the core's JSON. */
async function onExport(kind) {
  if (!current) return;
  const text =
    kind === 'json'
      ? current.json
      : reportText(current.report, i18n, {
          checkedAt: current.checkedAt,
          version: document.querySelector('meta[name="beian-check-version"]').content,
          snippet: ui.snippet.textContent,
          strictSiteNumber: ui.strict.checked,
        });
  const button = kind === 'json' ? ui.exportJson : ui.exportText;
  confirmCopy(button, ui.exportStatus, await copyText(text), kind === 'json' ? 'ui_export_json' : 'ui_export_text');
}

/** The "require the site number" setting: remembered on this computer, as in the popup. */
function loadStrict() {
  try {
    ui.strict.checked = localStorage.getItem(STRICT_KEY) === 'true';
  } catch (e) {
    // Storage off: off.
  }
  ui.optionsBadge.hidden = !ui.strict.checked;
  ui.strict.closest('details').open = ui.strict.checked;
}

function onStrict() {
  ui.optionsBadge.hidden = !ui.strict.checked;
  try {
    if (ui.strict.checked) localStorage.setItem(STRICT_KEY, 'true');
    else localStorage.removeItem(STRICT_KEY);
  } catch (e) {
    // Storage off: the choice lasts for this visit.
  }
  run();
}

function onSnippetOption() {
  snippetChoice = {
    number: ui.numberEntity.checked ? 'entity' : ui.numberSite.checked ? 'site' : 'auto',
    includeMps: ui.mps.checked,
  };
  run();
}

/** Select the whole snippet when it gets focus, so Ctrl/Cmd+C copies it. */
function selectSnippet() {
  const range = document.createRange();
  range.selectNodeContents(ui.snippet);
  const selection = getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}

/** Arrow keys move between the mode tabs, as in any tab list. */
function onTabKey(event) {
  const i = ui.modeTabs.indexOf(event.target);
  const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
  if (i < 0 || !step) return;
  const next = ui.modeTabs[(i + step + ui.modeTabs.length) % ui.modeTabs.length];
  next.focus();
  next.click();
}

async function main() {
  ui.root.dataset.state = 'checking';
  try {
    await setLanguage(initialLanguage(), { remember: false });
  } catch (error) {
    // Without messages there are no words to explain with: show the raw error.
    ui.root.dataset.state = 'error';
    ui.message.hidden = false;
    ui.messageBody.textContent = String((error && error.message) || error);
    return;
  }
  const params = new URLSearchParams(location.search);
  setMode(params.get('mode') === 'footer' ? 'footer' : 'check');
  new ResizeObserver(fitFrame).observe(ui.pageViewport);
  fitFrame();

  ui.html.addEventListener('input', () => {
    ui.htmlStatus.textContent = '';
    schedule(PAGE_DEBOUNCE_MS);
  });
  ui.url.addEventListener('input', () => schedule(PAGE_DEBOUNCE_MS));
  ui.record.addEventListener('input', () => schedule(RECORD_DEBOUNCE_MS));
  ui.check.addEventListener('click', () => run({ reread: true }));
  ui.chooseFile.addEventListener('click', () => ui.file.click());
  ui.file.addEventListener('change', () => {
    loadFile(ui.file.files[0]);
    ui.file.value = '';
  });
  listenForDrops();
  for (const tab of ui.modeTabs) {
    tab.addEventListener('click', () => {
      if (tab.dataset.mode === mode()) return;
      setMode(tab.dataset.mode);
      run();
    });
    tab.addEventListener('keydown', onTabKey);
  }
  for (const button of ui.languageButtons) {
    button.addEventListener('click', async () => {
      generation++; // what is shown is about to be worded again
      setState('checking');
      try {
        await setLanguage(button.dataset.lang);
      } finally {
        run(); // draws the outcome again in the new words; the page is not read again
      }
    });
  }
  ui.site.addEventListener('change', () => run());
  for (const input of [ui.numberSite, ui.numberEntity, ui.mps]) input.addEventListener('change', onSnippetOption);
  ui.copy.addEventListener('click', onCopy);
  ui.exportText.addEventListener('click', () => onExport('text'));
  ui.exportJson.addEventListener('click', () => onExport('json'));
  loadStrict();
  ui.strict.addEventListener('change', onStrict);
  ui.snippetPreview.addEventListener('load', fitPreview);
  ui.snippet.addEventListener('focus', selectSnippet);

  loadEngine().catch(() => {}); // start loading at once
  await run();
}

main();
