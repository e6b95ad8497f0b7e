// The browser benchmark (issue #8): a check measured against the cheapest way to read a page.
//
//   node bench/browser-bench.mjs [--sizes 1000,10000,100000,300000] [--reps 7] [--heap-checks 500]
//                                [--opens 0] [--open-sizes 1000,100000] [--json FILE]
//
// Needs the test build (`./build.sh --test`; `./build.sh bench` does it all). For each size, a
// generated homepage (bench/page.mjs) is served on 127.0.0.1 under its real-looking host name and
// loaded in headless Chromium with the test build installed, and left for more than 3 s, as a
// page is when a person opens the popup on it. Each repetition, in alternating order:
// - fresh: what a person waits for (issue #11): a new popup (`popup.html?tab=<id>`, in its own
//   window) opened on the page, the record pasted as soon as it listens; the paste ->
//   `html[data-state=ready]`, timed in the popup; its marks (`globalThis.beianTimings`) split it
//   into the first read (in the page, and its round trip), the core's picking and the measuring
//   rounds, the judging and the rendering. Then in the same popup a record edit -> ready (the
//   re-check: the page is not read again);
// - re-read: `#check` clicked in a popup that already checked (the page read again, warm);
// - floor: `scripting.executeScript` from the popup, the same way, of a bare TreeWalker pass that
//   reads every text node's data and returns only a count: the least any reader can do.
// Medians are reported, and total / floor. Then: wasm size, popup open -> ready with the record
// already there, and the popup's and page's JS heap after 10 and after N repeated checks.
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import os from 'node:os';
import { execFileSync } from 'node:child_process';

import { launchChromium, TEST_BUILD } from '../tests/e2e/lib/browsers.mjs';
import { generatePage, HOST, RECORD } from './page.mjs';

const args = parseArgs(process.argv.slice(2));
const SIZES = (args.sizes ?? '1000,10000,100000,300000').split(',').map(Number);
const REPS = Number(args.reps ?? 7);
const HEAP_CHECKS = Number(args['heap-checks'] ?? 500);
const HEAP_SIZE = Number(args['heap-size'] ?? 10000);
/** `--opens 0` skips the popup openings (a quick look at the paste alone). */
const OPENS = args.opens !== '0';
/** The page sizes the toolbar opening is timed on. */
const OPEN_SIZES = (args['open-sizes'] ?? '1000,100000').split(',').map(Number);
const URL_ = `http://${HOST}/`;
/** The collector's `maxWaitMs` in popup.js, and a little more. */
const SETTLE_WINDOW_MS = 3100;

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const m = argv[i].match(/^--([\w-]+)(?:=(.*))?$/);
    if (!m) throw new Error(`unknown argument ${argv[i]}`);
    out[m[1]] = m[2] ?? argv[++i];
  }
  return out;
}

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const ms = (x) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x.toFixed(1)) : '-');
const log = (...a) => console.error('bench:', ...a);

/** Serve whichever page is current at `/` of HOST (one size at a time, so the path stays `/`). */
async function startServer() {
  let current = Buffer.from('');
  const server = http.createServer((req, res) => {
    if (new URL(req.url, URL_).pathname !== '/') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': current.length, 'cache-control': 'no-store' });
    res.end(current);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    serve: (html) => {
      current = Buffer.from(html);
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

// ---- Functions run in the popup (their first argument is nothing: they use globals) ----------

/** Click #check and resolve with ms until html[data-state=ready] (after it left `ready`). */
function timedCheck() {
  const root = document.documentElement;
  return new Promise((resolve, reject) => {
    let left = false;
    const observer = new MutationObserver(() => {
      const state = root.dataset.state;
      if (state !== 'ready') left = true;
      if (state === 'error') {
        observer.disconnect();
        reject(new Error(`popup error: ${document.body.innerText.slice(0, 600).replace(/\s+/g, " ")}`));
      } else if (left && state === 'ready') {
        observer.disconnect();
        resolve({ totalMs: performance.now() - started, ...globalThis.beianTimings });
      }
    });
    observer.observe(root, { attributes: true, attributeFilter: ['data-state'] });
    const started = performance.now();
    document.querySelector('#check').click();
  });
}

/** Run in a fresh popup: paste `record` and resolve with ms until `ready` (its marks too). */
function timedPaste(record) {
  const root = document.documentElement;
  return new Promise((resolve, reject) => {
    const box = document.querySelector('#record');
    let started = 0;
    const observer = new MutationObserver(() => {
      const state = root.dataset.state;
      if (state === 'error') {
        observer.disconnect();
        reject(new Error(`popup error: ${document.body.innerText.slice(0, 600).replace(/\s+/g, ' ')}`));
      } else if (state === 'ready' && box.value === record) {
        observer.disconnect();
        resolve({ totalMs: performance.now() - started, ...globalThis.beianTimings });
      }
    });
    observer.observe(root, { attributes: true, attributeFilter: ['data-state'] });
    started = performance.now();
    box.value = record;
    box.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste', data: record }));
  });
}

/** The floor: inject a bare TreeWalker text pass the way the collector is injected; time it. */
async function timedFloor(tabId) {
  const api = globalThis.browser ?? globalThis.chrome;
  const started = performance.now();
  const [{ result }] = await api.scripting.executeScript({
    target: { tabId },
    func: () => {
      const t = performance.now();
      const walker = document.createTreeWalker(document, NodeFilter.SHOW_TEXT);
      let nodes = 0;
      let chars = 0;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        chars += n.data.length;
        nodes++;
      }
      return { inPageMs: performance.now() - t, nodes, chars };
    },
  });
  return { floorMs: performance.now() - started, ...result };
}

/**
 * What each kind of read costs on this page, in the page (injected the same way): the floor's
 * text pass; a walk of every node; the element styles the collector reads of every element; the
 * text styles it reads of elements holding text; a box per text node; the two pseudo-element
 * style reads it makes of an element when the style sheets cannot tell it to skip them; and
 * JSON.stringify of objects shaped like the facts. Each is timed alone, so they show what
 * dominates and what a design that skips a kind of read would save.
 */
async function readCosts(tabId) {
  const api = globalThis.browser ?? globalThis.chrome;
  const [{ result }] = await api.scripting.executeScript({
    target: { tabId },
    func: () => {
      const out = {};
      const time = (name, fn) => {
        const t = performance.now();
        const r = fn();
        out[name] = performance.now() - t;
        return r;
      };
      const texts = time('textPass', () => {
        const walker = document.createTreeWalker(document, NodeFilter.SHOW_TEXT);
        const list = [];
        for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.data.trim() !== '') list.push(n);
        return list;
      });
      const els = time('nodeWalk', () => {
        const list = [];
        const stack = [document.documentElement];
        while (stack.length > 0) {
          const node = stack.pop();
          if (node.nodeType !== 1) continue;
          list.push(node);
          for (let c = node.lastChild; c; c = c.previousSibling) stack.push(c);
        }
        return list;
      });
      time('elementStyles', () => {
        let x = 0;
        for (const el of els) {
          const cs = getComputedStyle(el);
          x += (cs.display + cs.opacity + cs.backgroundColor + cs.backgroundImage + cs.position + cs.overflowX + cs.overflowY + cs.clipPath).length;
          x += (el.getAttribute('id') || '').length + (el.getAttribute('class') || '').length + (el.getAttribute('role') || '').length;
        }
        return x;
      });
      const holders = [...new Set(texts.map((n) => n.parentElement))];
      time('textStyles', () => {
        let x = 0;
        for (const el of holders) {
          const cs = getComputedStyle(el);
          x += (cs.visibility + cs.color + cs.fontSize).length + (el.checkVisibility() ? 1 : 0);
        }
        return x;
      });
      time('textBoxes', () => {
        const range = document.createRange();
        let x = 0;
        for (const n of texts) {
          range.selectNodeContents(n);
          for (const r of range.getClientRects()) x += r.width;
        }
        return x;
      });
      time('pseudoReads', () => {
        let x = 0;
        for (const el of els) x += getComputedStyle(el, '::before').content.length + getComputedStyle(el, '::after').content.length;
        return x;
      });
      time('stringify', () =>
        JSON.stringify({
          elements: els.map((el, i) => ({ tag: el.localName, parent: i - 1, color: 'rgb(51, 51, 51)', fontSize: 14 })),
          texts: texts.map((n, i) => ({ text: n.data, element: i, rect: { x: 100, y: i * 20.5, w: 300, h: 16 } })),
        }).length,
      );
      out.elements = els.length;
      out.textNodes = texts.length;
      return out;
    },
  });
  return result;
}

/**
 * The floor plus shipping: the same text pass, returning every text node's data as JSON text,
 * timed from the popup. What any design pays that judges the page outside it.
 */
async function timedTextShip(tabId) {
  const api = globalThis.browser ?? globalThis.chrome;
  const started = performance.now();
  const [{ result }] = await api.scripting.executeScript({
    target: { tabId },
    func: () => {
      const walker = document.createTreeWalker(document, NodeFilter.SHOW_TEXT);
      const texts = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n.data);
      return JSON.stringify(texts);
    },
  });
  return { shipMs: performance.now() - started, bytes: result.length };
}

/** Read once the way the popup does, for statistics: the first read's size, what was measured. */
async function factsStats(tabId) {
  const api = globalThis.browser ?? globalThis.chrome;
  const { readPageText, measurePage } = await import('../page/collector.js');
  const engine = await import('../wasm/beian_check.js');
  await engine.default();
  const [{ result: text }] = await api.scripting.executeScript({ target: { tabId }, func: readPageText, args: [{ settleMs: 0 }] });
  const read = new engine.PageRead(text.wire);
  for (let request = read.request(); request; request = read.request()) {
    const [{ result }] = await api.scripting.executeScript({ target: { tabId }, func: measurePage, args: [{ ...request, token: text.token }] });
    read.measured(result);
  }
  const facts = read.facts();
  const [{ result: page }] = await api.scripting.executeScript({
    target: { tabId },
    func: () => ({ elements: document.getElementsByTagName('*').length, visibility: document.visibilityState }),
  });
  return {
    firstReadChars: text.wire.length,
    pieces: read.pieces,
    rounds: read.rounds,
    elements: facts.elements.length,
    texts: facts.texts.length,
    links: facts.links.length,
    collector: text.collector,
    pageElements: page.elements,
    visibility: page.visibility,
  };
}

// ---------------------------------------------------------------------------------------------

async function heapUsed(page) {
  const cdp = await page.createCDPSession();
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize;
  } finally {
    await cdp.detach();
  }
}

async function wasmMemory(popup) {
  return popup.evaluate(async () => {
    const engine = await import('../wasm/beian_check.js');
    return (await engine.default()).memory.buffer.byteLength; // already loaded: returns the instance
  });
}

/**
 * Open an extension page in a window of its own, so the page tab stays visible (as under a real
 * popup): a hidden tab gets its timers throttled, which would distort every wait in the page.
 */
async function openInNewWindow(session, url, { waitUntil = 'load' } = {}) {
  const cdp = await session.browser.target().createCDPSession();
  try {
    const { targetId } = await cdp.send('Target.createTarget', { url: 'about:blank', newWindow: true });
    const target = await session.browser.waitForTarget((t) => t._targetId === targetId);
    const page = await target.page();
    if (waitUntil) await page.goto(url, { waitUntil, timeout: 120_000 });
    return page;
  } finally {
    await cdp.detach();
  }
}

/**
 * Wait until the page's load event is more than the collector's `maxWaitMs` (3 s) old: a
 * person opens the popup on a page they have looked at, and only then does the collector read
 * at once instead of waiting for the DOM to settle (see page/collector.js).
 */
async function pastSettleWindow(tab) {
  await tab.waitForFunction(
    (windowMs) => {
      const nav = performance.getEntriesByType('navigation')[0];
      return nav && nav.loadEventEnd > 0 && performance.now() - nav.loadEventEnd > windowMs;
    },
    { polling: 100, timeout: 60_000 },
    SETTLE_WINDOW_MS,
  );
}

/** Open the page tab, loaded more than 3 s ago. */
async function openTab(session, server, size) {
  const page = generatePage(size);
  server.serve(page.html);
  const tab = await openInNewWindow(session, URL_);
  const tabId = await session.tabIdOf(URL_);
  await pastSettleWindow(tab);
  return { page, tab, tabId };
}

/** A fresh popup on `tabId`, listening for input (its record box empty: nothing remembered). */
async function openFreshPopup(session, tabId) {
  await session.control.evaluate(() => (globalThis.browser ?? globalThis.chrome).storage.local.clear());
  const popup = await openInNewWindow(session, session.extensionUrl(`popup/popup.html?tab=${tabId}`), { waitUntil: 'domcontentloaded' });
  await popup.waitForFunction(() => document.documentElement.dataset.state, { timeout: 120_000, polling: 5 });
  return popup;
}

/** Open the page tab and the popup on it, with the record in the box and one check done. */
async function openPair(session, server, size) {
  const { page, tab, tabId } = await openTab(session, server, size);
  const popup = await openInNewWindow(session, session.extensionUrl(`popup/popup.html?tab=${tabId}`));
  await popup.waitForFunction(() => document.documentElement.dataset.state !== 'checking', { timeout: 120_000 });
  await popup.evaluate((record) => {
    document.querySelector('#record').value = record;
  }, RECORD);
  return { page, tab, tabId, popup };
}

async function benchSize(session, server, size) {
  const { page, tab, tabId } = await openTab(session, server, size);
  const fresh = [];
  const edits = [];
  const rereads = [];
  const floors = [];
  let report = null;
  try {
    // Warm-up, not counted: the first injection compiles, the first popup loads the wasm files.
    const warm = await openFreshPopup(session, tabId);
    await warm.evaluate(timedPaste, RECORD);
    await warm.close();
    await session.control.evaluate(timedFloor, tabId);
    const reps = size >= 300_000 ? Math.min(REPS, 5) : REPS;
    for (let i = 0; i < reps; i++) {
      // Alternate the order so neither always runs on a just-warmed page.
      if (i % 2 === 1) floors.push(await session.control.evaluate(timedFloor, tabId));
      const popup = await openFreshPopup(session, tabId);
      fresh.push(await popup.evaluate(timedPaste, RECORD));
      edits.push(await popup.evaluate(timedPaste, `${RECORD}\n`));
      rereads.push(await popup.evaluate(timedCheck));
      if (i === 0) report = JSON.parse(await popup.evaluate(() => document.querySelector('#report-json').textContent));
      await popup.close();
      if (i % 2 === 0) floors.push(await session.control.evaluate(timedFloor, tabId));
    }
    const stats = await session.control.evaluate(factsStats, tabId);
    const costs = await session.control.evaluate(readCosts, tabId);
    const ships = [];
    for (let i = 0; i < reps; i++) ships.push(await session.control.evaluate(timedTextShip, tabId));
    const row = {
      size,
      elements: stats.pageElements,
      read: { pieces: stats.pieces, firstReadChars: stats.firstReadChars, rounds: stats.rounds },
      facts: { elements: stats.elements, texts: stats.texts, links: stats.links },
      visibility: stats.visibility,
      overall: report.overall,
      truncated: stats.collector.truncated,
      reps,
      pageMs: median(fresh.map((c) => c.pageMs)),
      textReadMs: median(fresh.map((c) => c.textReadMs)),
      collectMs: median(fresh.map((c) => c.collectMs)),
      wasmMs: median(fresh.map((c) => c.wasmMs)),
      renderMs: median(fresh.map((c) => c.renderMs)),
      totalMs: median(fresh.map((c) => c.totalMs)),
      editMs: median(edits.map((c) => c.totalMs)),
      editWasmMs: median(edits.map((c) => c.wasmMs)),
      rereadMs: median(rereads.map((c) => c.totalMs)),
      floorMs: median(floors.map((f) => f.floorMs)),
      floorInPageMs: median(floors.map((f) => f.inPageMs)),
      textNodes: floors[0].nodes,
      generated: { texts: page.texts, links: page.links },
      costs,
      textShipMs: median(ships.map((x) => x.shipMs)),
      textShipChars: ships[0].bytes,
      samples: {
        fresh: fresh.map((c) => +c.totalMs.toFixed(1)),
        edit: edits.map((c) => +c.totalMs.toFixed(1)),
        reread: rereads.map((c) => +c.totalMs.toFixed(1)),
        floor: floors.map((f) => +f.floorMs.toFixed(1)),
      },
    };
    row.transferMs = row.textReadMs - row.pageMs;
    row.measureMs = row.collectMs - row.textReadMs;
    row.ratio = row.totalMs / row.floorMs;
    return row;
  } finally {
    await tab.close();
  }
}

/**
 * Popup opened on the page -> ready, with the record saved for the site: the popup restores it
 * from storage.local (popup/site-store.js, issue #5) and checks at once. On a build without
 * site-store.js, the record is put in the box while the popup document is parsed, before
 * popup.js runs, which is what a restored record amounts to.
 */
/** Run in a popup: its own marks (`beianTimings`), its DOMContentLoaded and its state. */
function popupMarks() {
  const nav = performance.getEntriesByType('navigation')[0];
  return { domContentLoaded: nav && nav.domContentLoadedEventStart, state: document.documentElement.dataset.state, ...globalThis.beianTimings };
}

/**
 * Where an opening's time goes, medians from the popup's navigation start: its document parsed,
 * its script running, the page read asked for, the facts in.
 */
function openingSplit(samples) {
  return {
    domContentLoadedAt: median(samples.map((s) => s.domContentLoaded)),
    scriptAt: median(samples.map((s) => s.scriptAt)),
    collectAt: median(samples.map((s) => s.collectAt)),
    textReadAt: median(samples.map((s) => s.collectAt + s.textReadMs)),
    engineAt: median(samples.map((s) => s.engineAt)),
    pickedAt: median(samples.map((s) => s.pickedAt)),
    factsAt: median(samples.map((s) => s.collectAt + s.collectMs)),
    runAt: median(samples.map((s) => s.runAt)),
  };
}

async function benchPopupOpen(session, server, size, reps) {
  server.serve(generatePage(size).html);
  const tab = await openInNewWindow(session, URL_);
  const tabId = await session.tabIdOf(URL_);
  await pastSettleWindow(tab);
  const restores = await session.control.evaluate(async (record, host) => {
    let store;
    try {
      store = await import('./site-store.js');
    } catch (e) {
      return false;
    }
    const api = globalThis.browser ?? globalThis.chrome;
    await store.saveSite(api, host.replace(/^www\./, ''), record, null);
    return true;
  }, RECORD, HOST);
  const samples = [];
  try {
    for (let i = 0; i < reps + 1; i++) {
      const popup = await openInNewWindow(session, 'about:blank', { waitUntil: null });
      await popup.evaluateOnNewDocument(
        (record, fill) => {
          globalThis.__openedReady = null;
          const watch = new MutationObserver(() => {
            const box = document.querySelector('#record');
            if (fill && box && !box.value) box.value = record;
            if (document.documentElement?.dataset.state === 'ready' && globalThis.__openedReady === null) {
              globalThis.__openedReady = performance.now(); // from navigation start
              watch.disconnect();
            }
          });
          watch.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-state'] });
        },
        RECORD,
        !restores,
      );
      await popup.goto(session.extensionUrl(`popup/popup.html?tab=${tabId}`));
      await popup.waitForFunction(() => globalThis.__openedReady !== null, { timeout: 60_000 });
      const t = { ...(await popup.evaluate(popupMarks)), ready: await popup.evaluate(() => globalThis.__openedReady) };
      if (i > 0) samples.push(t); // the first open warms the browser's caches
      await popup.close();
    }
  } finally {
    await tab.close();
  }
  return {
    size,
    reps,
    restored: restores,
    readyMs: median(samples.map((s) => s.ready)),
    collectMs: median(samples.map((s) => s.collectMs)),
    wasmMs: median(samples.map((s) => s.wasmMs)),
    ...openingSplit(samples),
  };
}

/**
 * Popup open -> ready as a person opens it: the toolbar action clicked on the page's tab (CDP
 * Extensions.triggerAction, as the release tests do), the record restored from storage.local.
 * Timed by the popup's own marks (`beianTimings`), from its navigation start.
 */
async function benchActionOpen(server, size, reps) {
  server.serve(generatePage(size).html);
  // A browser of its own, with the page the only tab: the action's popup checks the active tab
  // of the window it was clicked in, and the other measurements keep a control page open.
  const session = await launchChromium({ extensionDir: TEST_BUILD.chromium, hosts: [HOST], port: server.port });
  const samples = [];
  try {
    const tab = await session.browser.newPage();
    const control = await session.openExtensionPage('popup/popup.html');
    await control.evaluate(async (record, host) => {
      const store = await import('./site-store.js');
      await store.saveSite(globalThis.browser ?? globalThis.chrome, host.replace(/^www\./, ''), record, null);
    }, RECORD, HOST);
    await control.close();
    for (const page of await session.browser.pages()) if (page !== tab) await page.close();
    await tab.goto(URL_, { waitUntil: 'load' });
    await pastSettleWindow(tab);
    for (let i = 0; i < reps + 1; i++) {
      await tab.bringToFront();
      const popup = await session.clickAction(URL_);
      await popup
        .waitForFunction(() => globalThis.beianTimings?.readyAt > 0, { timeout: 20_000, polling: 20 })
        .catch(async (e) => {
          const seen = await popup.evaluate(() => `${document.documentElement.dataset.state}: ${document.body.innerText.slice(0, 600).replace(/\s+/g, " ")}`);
          throw new Error(`the action's popup never got ready (${seen})`, { cause: e });
        });
      const t = await popup.evaluate(popupMarks);
      if (i > 0) samples.push(t); // the first open warms the browser's caches
      await popup.close();
    }
  } finally {
    await session.close();
  }
  return {
    size,
    reps,
    readyMs: median(samples.map((s) => s.readyAt)),
    ...openingSplit(samples),
    collectMs: median(samples.map((s) => s.collectMs)),
    pageMs: median(samples.map((s) => s.pageMs)),
    engineAt: median(samples.map((s) => s.engineAt)),
    runAt: median(samples.map((s) => s.runAt)),
    inputsAt: median(samples.map((s) => s.inputsAt)),
    states: [...new Set(samples.map((s) => s.state))],
  };
}

async function benchHeap(session, server, size, checks) {
  const { tab, tabId, popup } = await openPair(session, server, size);
  try {
    const out = { size, checks, trail: [] };
    const marks = new Set([10, 50, 100, Math.round(checks / 2), checks]);
    for (let i = 1; i <= checks; i++) {
      await popup.evaluate(timedCheck);
      if (marks.has(i)) out.trail.push({ checks: i, popup: await heapUsed(popup), page: await heapUsed(tab) });
      if (i === 10) {
        out.popupAt10 = await heapUsed(popup);
        out.pageAt10 = await heapUsed(tab);
        out.wasmAt10 = await wasmMemory(popup);
      }
    }
    out.popupAtN = await heapUsed(popup);
    out.pageAtN = await heapUsed(tab);
    out.wasmAtN = await wasmMemory(popup);
    // The baseline: as many injections of the floor's bare text pass, which keeps nothing. What
    // the page's heap gains from it is the browser's cost of injecting, not the collector's.
    for (let i = 0; i < checks - 10; i++) await popup.evaluate(timedFloor, tabId);
    out.pageAfterFloors = await heapUsed(tab);
    out.popupAfterFloors = await heapUsed(popup);
    return out;
  } finally {
    await popup.close();
    await tab.close();
  }
}

function machine() {
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  const chromium = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  return {
    nproc: os.cpus().length,
    cpu,
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    chromium,
    node: process.version,
    load: os.loadavg().map((x) => +x.toFixed(2)),
    date: new Date().toISOString(),
  };
}

async function main() {
  const wasmPath = path.join(TEST_BUILD.chromium, 'wasm/beian_check_bg.wasm');
  const wasm = fs.readFileSync(wasmPath);
  const result = {
    machine: machine(),
    // `gzip -9`, as build.sh reports it (Node's zlib at level 9 gives about 1 KB more).
    wasm: { raw: wasm.length, gzip: execFileSync('gzip', ['-9c', wasmPath], { maxBuffer: 1 << 26 }).length },
    sizes: [],
  };
  log(`machine: ${JSON.stringify(result.machine)}`);
  log(`wasm: ${result.wasm.raw} bytes raw, ${result.wasm.gzip} gzip`);
  const server = await startServer();
  const session = await launchChromium({ extensionDir: TEST_BUILD.chromium, hosts: [HOST], port: server.port });
  try {
    // The page session.tabIdOf queries tabs from; opened first so it never hides a page tab.
    session.control = await openInNewWindow(session, session.extensionUrl('popup/popup.html'));
    for (const size of SIZES) {
      const row = await benchSize(session, server, size);
      result.sizes.push(row);
      log(
        `${size}: fresh paste -> ready ${ms(row.totalMs)} (first read ${ms(row.pageMs)} in the page, ${ms(row.transferMs)} moving;` +
          ` picking and ${row.read.rounds} measuring rounds ${ms(row.measureMs)}; judge ${ms(row.wasmMs)}, render ${ms(row.renderMs)})` +
          ` floor ${ms(row.floorMs)} ratio ${row.ratio.toFixed(2)}; edit ${ms(row.editMs)}; re-read ${ms(row.rereadMs)} overall=${row.overall} visibility=${row.visibility}`,
      );
    }
    result.popupOpen = OPENS ? await benchPopupOpen(session, server, 1000, 5) : null;
    if (OPENS) log(`popup open -> ready (1k page, restored: ${result.popupOpen.restored}): ${ms(result.popupOpen.readyMs)} ms`);
    result.actionOpens = [];
    for (const size of OPENS ? OPEN_SIZES : []) {
      const open = await benchActionOpen(server, size, 5);
      result.actionOpens.push(open);
      log(`popup opened by the toolbar action -> ready (${size} page): ${ms(open.readyMs)} ms`);
    }
    if (HEAP_CHECKS > 0) {
      result.heap = await benchHeap(session, server, HEAP_SIZE, HEAP_CHECKS);
      log(`heap: ${JSON.stringify(result.heap)}`);
    }
    result.machine.loadAfter = os.loadavg().map((x) => +x.toFixed(2));
  } finally {
    await session.close();
    await server.close();
  }
  if (args.json) fs.writeFileSync(args.json, JSON.stringify(result, null, 2) + '\n');
  console.log(markdown(result));
}

function markdown(r) {
  const kb = (b) => `${(b / 1024).toFixed(1)} KiB`;
  const lines = [];
  lines.push('| elements | pieces of text (first read) | measured (texts / elements) | rounds | first read: in the page | moving it | picking + measuring | judge | render | **paste -> ready** | floor | **ratio** | record edit -> ready | re-read (`#check`) |');
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of r.sizes) {
    lines.push(
      `| ${s.elements.toLocaleString('en')} | ${s.read.pieces.toLocaleString('en')} | ${s.facts.texts} / ${s.facts.elements} | ${s.read.rounds} | ${ms(s.pageMs)} | ${ms(s.transferMs)} | ${ms(s.measureMs)} | ${ms(s.wasmMs)} | ${ms(s.renderMs)} | **${ms(s.totalMs)}** | ${ms(s.floorMs)} | **${s.ratio.toFixed(2)}** | ${ms(s.editMs)} | ${ms(s.rereadMs)} |`,
    );
  }
  lines.push('');
  lines.push('Read costs in the page, each timed alone over the whole page (ms):');
  lines.push('');
  lines.push('| elements | text pass (floor) | node walk | element styles | text styles | text boxes | pseudo reads, every element | JSON.stringify | floor + texts shipped to the popup (round trip) |');
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of r.sizes) {
    const c = s.costs;
    lines.push(
      `| ${s.elements.toLocaleString('en')} | ${ms(c.textPass)} | ${ms(c.nodeWalk)} | ${ms(c.elementStyles)} | ${ms(c.textStyles)} | ${ms(c.textBoxes)} | ${ms(c.pseudoReads)} | ${ms(c.stringify)} | ${ms(s.textShipMs)} (${(s.textShipMs / s.floorMs).toFixed(1)}x floor) |`,
    );
  }
  lines.push('');
  const odd = r.sizes.filter((s) => s.truncated || s.overall !== 'pass');
  for (const s of odd) lines.push(`note: ${s.size} elements: overall ${s.overall}${s.truncated ? ', read truncated by the collector budget (texts, elements or time)' : ''}`);
  lines.push(`wasm: ${r.wasm.raw.toLocaleString('en')} bytes raw (${kb(r.wasm.raw)}), ${r.wasm.gzip.toLocaleString('en')} bytes gzip -9 (${kb(r.wasm.gzip)})`);
  if (r.popupOpen) {
    const how = r.popupOpen.restored ? 'record restored from storage.local' : 'record put in the box as the popup loads (no site-store.js)';
    lines.push(`popup open -> ready, ${r.popupOpen.size}-element page, ${how}: ${ms(r.popupOpen.readyMs)} ms (median of ${r.popupOpen.reps})`);
    const o = r.popupOpen;
    lines.push(`  from the popup's navigation start: script running ${ms(o.scriptAt)}, DOMContentLoaded ${ms(o.domContentLoadedAt)}, page read asked ${ms(o.collectAt)}, facts in ${ms(o.factsAt)} (page ${ms(o.collectMs)} of it), ready ${ms(o.readyMs)}`);
  }
  for (const o of r.actionOpens ?? []) {
    lines.push(`popup opened by the toolbar action -> ready, ${o.size}-element page, record restored: ${ms(o.readyMs)} ms (median of ${o.reps}; states ${o.states.join(', ')})`);
    lines.push(`  from the popup's navigation start: script running ${ms(o.scriptAt)}, DOMContentLoaded ${ms(o.domContentLoadedAt)}, page read asked ${ms(o.collectAt)}, facts in ${ms(o.factsAt)} (in the page ${ms(o.pageMs)}), wasm ready ${ms(o.engineAt)}, check started ${ms(o.runAt)}, its inputs in ${ms(o.inputsAt)}, ready ${ms(o.readyMs)}`);
  }
  if (r.heap) {
    const h = r.heap;
    lines.push(
      `heap after GC, ${h.size}-element page: popup ${kb(h.popupAt10)} after 10 checks, ${kb(h.popupAtN)} after ${h.checks};` +
        ` page ${kb(h.pageAt10)} / ${kb(h.pageAtN)}; then, after as many more injections of the floor's text pass (the baseline),` +
        ` popup ${kb(h.popupAfterFloors)}, page ${kb(h.pageAfterFloors)};` +
        ` wasm memory ${kb(h.wasmAt10)} / ${kb(h.wasmAtN)}`,
    );
    lines.push(`heap trail (checks: popup KiB / page KiB): ${h.trail.map((t) => `${t.checks}: ${(t.popup / 1024).toFixed(0)} / ${(t.page / 1024).toFixed(0)}`).join(', ')}`);
  }
  lines.push(`load average before: ${r.machine.load.join(' ')}, after: ${(r.machine.loadAfter ?? []).join(' ')}`);
  return lines.join('\n');
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
