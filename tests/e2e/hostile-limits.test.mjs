// The collector returns within its bounds on any page, and says when it read only part
// (issues #7, #11). Its reads run here straight in the page (no extension): the bounds are the
// functions' own, whatever world they run in. What they return goes through the core (the test
// build's wasm, `PageRead`) to check it stays usable: the footer is still found, and the report
// carries the notice.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import puppeteer from 'puppeteer-core';

import { measurePage, pageChanged, readPageText } from '../../extension/page/collector.js';
import { CHROMIUM, FIREFOX, TEST_BUILD } from './lib/browsers.mjs';

/** The collector's functions, as `scripting.executeScript` serialises them. */
const READ = readPageText.toString();
const MEASURE = measurePage.toString();
const CHANGED = pageChanged.toString();
const RECORD = '网站名称：示例\n网站域名：example.cn\n网站备案号：京ICP备12345678号-1\n';
const FOOTER = '<footer style="text-align:center"><a href="https://beian.miit.gov.cn/">京ICP备12345678号-1</a></footer>';
/** Slack over a time bound for timer granularity and a loaded machine. */
const SLACK_MS = 2500;

let engine;

/** The core, from the test build's wasm. */
async function loadEngine() {
  if (engine) return engine;
  const dir = path.join(TEST_BUILD.chromium, 'wasm');
  const glue = await import(path.join(dir, 'beian_check.js'));
  glue.initSync({ module: fs.readFileSync(path.join(dir, 'beian_check_bg.wasm')) });
  engine = glue;
  return engine;
}

/** The first read of `page` with `options`; its `wire` unpacked as `read`, for the asserts. */
async function readText(page, options) {
  const text = await page.evaluate(`(${READ})(${JSON.stringify(options)})`);
  return { ...text, read: JSON.parse(text.wire) };
}

/** The core's reading of the first read `text`: every measuring round, then the facts. */
async function readWhole(page, text) {
  const { PageRead } = await loadEngine();
  const read = new PageRead(text.wire);
  for (let request = read.request(); request; request = read.request()) {
    const measured = await page.evaluate(`(${MEASURE})(${JSON.stringify({ ...request, token: text.token })})`);
    assert.ok(!measured.stale, 'the first read is still there for the second');
    read.measured(measured);
  }
  return read;
}

/** Check the read page with the core: the number check's reason and the notices. */
async function judge(page, text) {
  const read = await readWhole(page, text);
  const report = read.check(RECORD, {});
  return { number: report.checks.find((c) => c.id === 'number').reason, notices: report.notices };
}

async function launchBrowser(name) {
  return name === 'firefox'
    ? puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true })
    : puppeteer.launch({ executablePath: CHROMIUM, headless: true, pipe: true, args: ['--no-sandbox', '--disable-gpu'] });
}

for (const browserName of ['chromium', 'firefox']) {
  describe(`${browserName}: the collector's bounds`, () => {
    let browser;
    let page;

    before(async () => {
      browser = await launchBrowser(browserName);
      page = await browser.newPage();
      await page.setViewport({ width: 1280, height: 800 });
    });

    after(async () => {
      await browser?.close();
    });

    /** A fresh page with `body` as its body, then `build` run in it. */
    async function open(body, build = () => {}, arg = null) {
      await page.setContent(`<!doctype html><meta charset="utf-8"><body>${body}</body>`);
      await page.evaluate(build, arg);
    }

    test('200,000 elements: the time bound holds and the footer is still read', async () => {
      await open(`<main id="m"></main>${FOOTER}`, () => {
        const rows = [];
        for (let i = 0; i < 100000; i++) rows.push(`<div><span>商品 ${i}</span></div>`);
        document.getElementById('m').innerHTML = rows.join('');
      });
      const maxMs = 100;
      // The bound is judged by the collector's own clock; the wall time a person waits is
      // measured by the benchmark (bench/browser-bench.mjs), not asserted in a timed test.
      const text = await readText(page, { settleMs: 0, maxMs });
      assert.ok(text.collector.elapsedMs <= maxMs + SLACK_MS, `in the page: ${text.collector.elapsedMs} ms`);
      assert.equal(text.collector.truncated, true);
      assert.deepEqual(await judge(page, text), { number: 'number_site_found', notices: ['page_truncated'] });
    });

    test('the same 200,000 elements without a tight bound: the whole page is read', async () => {
      const text = await readText(page, { settleMs: 0 });
      assert.equal(text.collector.truncated, false);
      assert.ok(text.collector.nodesVisited >= 200000, `${text.collector.nodesVisited} elements`);
      assert.ok(text.read.text.includes('商品 0商品 1'), 'the beginning of the page is read too');
      const read = await readWhole(page, text);
      assert.equal(read.pieces, 100001);
      assert.ok(read.facts().texts.length < 100, 'only what the rules need is measured');
      assert.deepEqual(await judge(page, text), { number: 'number_site_found', notices: [] });
    });

    test('the node bound: a tiny budget reads the end of the page and says so', async () => {
      await open(`<main id="m"></main>${FOOTER}`, () => {
        document.getElementById('m').innerHTML = '<p>段落</p>'.repeat(5000);
      });
      const text = await readText(page, { settleMs: 0, maxNodes: 200 });
      assert.ok(text.collector.nodesVisited <= 201, `${text.collector.nodesVisited} elements visited`);
      assert.equal(text.collector.truncated, true);
      assert.ok(text.read.text.endsWith('京ICP备12345678号-1'));
      assert.equal((await judge(page, text)).number, 'number_site_found');
    });

    test('500,000 text nodes under one element: the time bound counts them too', async () => {
      await open(`<div id="d"></div>${FOOTER}`, () => {
        const d = document.getElementById('d');
        for (let i = 0; i < 500000; i++) d.appendChild(document.createTextNode(`t${i} `));
      });
      const maxMs = 50;
      const text = await readText(page, { settleMs: 0, maxMs });
      assert.ok(text.collector.elapsedMs <= maxMs + SLACK_MS, `in the page: ${text.collector.elapsedMs} ms`);
      assert.equal(text.collector.truncated, true);
      assert.equal((await judge(page, text)).number, 'number_site_found');
    });

    test('a 5 MB text node is cut, and the read stays small', async () => {
      await open(`<p id="p"></p>${FOOTER}`, () => {
        document.getElementById('p').textContent = '很长的文字'.repeat(1_000_000);
      });
      const text = await readText(page, { settleMs: 0 });
      assert.ok(text.read.text.length <= 20000 + 100, `${text.read.text.length} characters`);
      assert.equal(text.collector.truncated, true);
      assert.deepEqual(await judge(page, text), { number: 'number_site_found', notices: ['page_truncated'] });
    });

    test('lone surrogates in texts, attributes and the title do not spoil the read', async () => {
      // JSON carries a lone surrogate as an escape that does not parse as text: the collector
      // sends U+FFFD in its place, and a split pair across two pieces stays two pieces.
      await open(`<p id="p"></p><a id="a" href="/x">链接</a>${FOOTER}`, () => {
        document.title = 'bad \ud800 title';
        document.getElementById('p').textContent = 'lone \udc00 low';
        document.getElementById('p').appendChild(document.createTextNode('\ud83d'));
        document.getElementById('p').appendChild(document.createElement('b')).textContent = '\ude00 half';
        document.getElementById('a').setAttribute('href', '/\ud800');
        document.getElementById('a').title = 'title \udbff';
      });
      const text = await readText(page, { settleMs: 0 });
      assert.ok(text.read.text.includes('lone \ufffd low'), text.read.text.slice(0, 80));
      assert.ok(!/\\u[dD][89a-fA-F]/.test(text.wire), 'no surrogate escape on the wire');
      assert.equal(text.read.title, 'bad \ufffd title');
      assert.equal((await judge(page, text)).number, 'number_site_found');
    });

    test('a chain of 3,000 nested elements is read to its deepest text', async () => {
      // Browsers lay out deeper chains only slowly (the HTML parser stops nesting at 512; a
      // script can go on).
      await open(`<div id="d"></div>${FOOTER}`, () => {
        let el = document.getElementById('d');
        for (let i = 0; i < 3000; i++) el = el.appendChild(document.createElement('span'));
        el.textContent = '最深处';
      });
      const text = await readText(page, { settleMs: 0 });
      assert.equal(text.collector.truncated, false);
      assert.ok(text.read.text.startsWith('最深处'));
      assert.equal((await judge(page, text)).number, 'number_site_found');
    });

    test('a page that never stops changing just after loading: the wait is bounded and reported', async () => {
      await open(`<p id="tick">0</p>${FOOTER}`, () => {
        let n = 0;
        setInterval(() => {
          document.getElementById('tick').textContent = String(++n);
        }, 20);
      });
      const maxWaitMs = 600;
      // "Loaded less than a minute ago" stands for a page that has just loaded.
      const text = await readText(page, { settleMs: 100, maxWaitMs, minLoadedMs: 60_000, lateMs: 0 });
      assert.equal(text.collector.unsettled, true);
      assert.equal(text.collector.watching, false);
      assert.ok(text.collector.elapsedMs >= maxWaitMs - 50, `${text.collector.elapsedMs} ms`);
      assert.ok(text.collector.elapsedMs <= maxWaitMs + SLACK_MS, `${text.collector.elapsedMs} ms`);
      assert.deepEqual(await judge(page, text), { number: 'number_site_found', notices: ['page_unsettled'] });
    });

    test('a page loaded long ago that keeps changing: read at once, caught, read again and reported', async () => {
      await open(`<p id="tick">0</p><script>/* the page's own scripts */</script>${FOOTER}`, () => {
        let n = 0;
        setInterval(() => {
          document.getElementById('tick').textContent = String(++n);
        }, 20);
      });
      // `minLoadedMs` and `lateMs` 0: the load event is long enough ago, so the page is read at once.
      const options = { settleMs: 100, maxWaitMs: 600, minLoadedMs: 0, lateMs: 0, probeMs: 100 };
      const first = await readText(page, options);
      assert.equal(first.collector.watching, true);
      assert.equal(first.collector.unsettled, false);
      assert.ok(first.collector.elapsedMs < 600, `read at once: ${first.collector.elapsedMs} ms`);
      const outcome = await page.evaluate(`(${CHANGED})(${JSON.stringify(first.token)})`);
      assert.deepEqual(outcome, { changed: true });
      // What the popup then does: read again, waiting for the page to settle.
      const again = await readText(page, { ...options, settleFully: true });
      assert.equal(again.collector.unsettled, true);
      assert.ok(again.collector.elapsedMs >= 550, `${again.collector.elapsedMs} ms`);
      assert.deepEqual(await judge(page, again), { number: 'number_site_found', notices: ['page_unsettled'] });
      // The first read is gone: a request about it says so.
      assert.deepEqual(await page.evaluate(`(${MEASURE})({ token: ${JSON.stringify(first.token)}, elements: [0] })`), { stale: true });
    });

    test('a quiet page loaded long ago is read at once: with scripts watched, without not', async () => {
      await open(`<script>/* the page's own scripts */</script>${FOOTER}`);
      const options = { settleMs: 100, minLoadedMs: 0, lateMs: 0, probeMs: 1500 };
      const withScripts = await readText(page, options);
      assert.equal(withScripts.collector.unsettled, false);
      assert.equal(withScripts.collector.watching, true);
      assert.ok(withScripts.collector.elapsedMs < 1450, `not waited for: ${withScripts.collector.elapsedMs} ms`);
      const started = Date.now();
      assert.deepEqual(await page.evaluate(`(${CHANGED})(${JSON.stringify(withScripts.token)})`), { changed: false });
      assert.ok(Date.now() - started >= 1000, 'the watch lasts its time');
      await open(FOOTER);
      const without = await readText(page, options);
      assert.equal(without.collector.unsettled, false);
      assert.equal(without.collector.watching, false, 'nothing could change it, so not watched');
    });

    test('a quiet page just loaded settles at once', async () => {
      await open(FOOTER);
      const text = await readText(page, { settleMs: 100, maxWaitMs: 3000, minLoadedMs: 0, lateMs: 0 });
      assert.equal(text.collector.unsettled, false);
      assert.ok(text.collector.elapsedMs < 1500, `${text.collector.elapsedMs} ms`);
      assert.equal(text.collector.truncated, false);
    });
  });
}
