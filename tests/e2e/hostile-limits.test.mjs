// The collector returns within its bounds on any page, and says when it read only part
// (issue #7). `collectPageFacts` runs here straight in the page (no extension): the bounds are
// the function's own, whatever world it runs in. The facts it returns go through the core
// (the test build's wasm) to check they stay usable: the footer is still found, and the report
// carries the notice.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import puppeteer from 'puppeteer-core';

import { collectPageFacts } from '../../extension/page/collector.js';
import { CHROMIUM, FIREFOX, TEST_BUILD } from './lib/browsers.mjs';

/** The collector's source, as `scripting.executeScript` serialises it. */
const COLLECTOR = collectPageFacts.toString();
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

/** Run the collector in `page` with `options`; resolves to { facts, wallMs }. */
async function collect(page, options) {
  const started = Date.now();
  const facts = await page.evaluate(`(${COLLECTOR})(${JSON.stringify(options)})`);
  return { facts, wallMs: Date.now() - started };
}

/** Check facts with the core: the number check's reason and the notices. */
async function judge(facts) {
  const { checkPage } = await loadEngine();
  const report = JSON.parse(checkPage(facts, RECORD, {}));
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
      const maxMs = 500;
      // The bound is judged by the collector's own clock; the wall time a person waits is
      // measured by the benchmark (bench/browser-bench.mjs), not asserted in a timed test.
      const { facts } = await collect(page, { settleMs: 0, maxMs });
      assert.ok(facts.collector.elapsedMs <= maxMs + SLACK_MS, `in the page: ${facts.collector.elapsedMs} ms`);
      assert.equal(facts.collector.truncated, true);
      assert.deepEqual(await judge(facts), { number: 'number_site_found', notices: ['page_truncated'] });
    });

    test('the node bound: a tiny budget reads the ends of the page and says so', async () => {
      await open(`<main id="m"></main>${FOOTER}`, () => {
        document.getElementById('m').innerHTML = '<p>段落</p>'.repeat(5000);
      });
      const { facts } = await collect(page, { settleMs: 0, maxNodes: 200 });
      assert.ok(facts.collector.nodesVisited <= 201, `${facts.collector.nodesVisited} elements visited`);
      assert.equal(facts.collector.truncated, true);
      assert.equal(facts.texts.at(-1).text, '京ICP备12345678号-1');
    });

    test('500,000 text nodes under one element: the time bound counts them too', async () => {
      await open(`<div id="d"></div>${FOOTER}`, () => {
        const d = document.getElementById('d');
        for (let i = 0; i < 500000; i++) d.appendChild(document.createTextNode(`t${i} `));
      });
      const maxMs = 400;
      const { facts } = await collect(page, { settleMs: 0, maxMs });
      assert.ok(facts.collector.elapsedMs <= maxMs + SLACK_MS, `in the page: ${facts.collector.elapsedMs} ms`);
      assert.equal(facts.collector.truncated, true);
      assert.ok(facts.texts.length <= 10000, `${facts.texts.length} texts kept`);
      assert.equal((await judge(facts)).number, 'number_site_found');
    });

    test('a 5 MB text node is cut, and the facts stay small', async () => {
      await open(`<p id="p"></p>${FOOTER}`, () => {
        document.getElementById('p').textContent = '很长的文字'.repeat(1_000_000);
      });
      const { facts } = await collect(page, { settleMs: 0 });
      assert.ok(facts.texts.every((t) => t.text.length <= 20000));
      assert.equal(facts.collector.truncated, true);
      assert.ok(JSON.stringify(facts).length < 100_000);
      assert.deepEqual(await judge(facts), { number: 'number_site_found', notices: ['page_truncated'] });
    });

    test('a chain of nested elements longer than the element budget', async () => {
      // Browsers lay out deeper chains only slowly (the HTML parser stops nesting at 512; a
      // script can go on): 3,000 levels against a budget of 1,000 elements.
      await open(`<div id="d"></div>${FOOTER}`, () => {
        let el = document.getElementById('d');
        for (let i = 0; i < 3000; i++) el = el.appendChild(document.createElement('span'));
        el.textContent = '最深处';
      });
      const { facts } = await collect(page, { settleMs: 0, maxElements: 1000 });
      assert.ok(facts.elements.length <= 1000, `${facts.elements.length} elements`);
      assert.equal(facts.collector.truncated, true);
      assert.ok(!facts.texts.some((t) => t.text === '最深处'), 'the deepest text needs more elements than the budget');
      assert.equal((await judge(facts)).number, 'number_site_found');
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
      const { facts } = await collect(page, { settleMs: 100, maxWaitMs, minLoadedMs: 60_000, lateMs: 0 });
      assert.equal(facts.collector.unsettled, true);
      assert.ok(facts.collector.elapsedMs >= maxWaitMs - 50, `${facts.collector.elapsedMs} ms`);
      assert.ok(facts.collector.elapsedMs <= maxWaitMs + SLACK_MS, `${facts.collector.elapsedMs} ms`);
      assert.deepEqual(await judge(facts), { number: 'number_site_found', notices: ['page_unsettled'] });
    });

    test('a page loaded long ago that keeps changing: caught while read, then waited for and reported', async () => {
      await open(`<p id="tick">0</p><script>/* the page's own scripts */</script>${FOOTER}`, () => {
        let n = 0;
        setInterval(() => {
          document.getElementById('tick').textContent = String(++n);
        }, 20);
      });
      // `minLoadedMs` and `lateMs` 0: the load event is long enough ago, so the page is read at once.
      const maxWaitMs = 600;
      const { facts } = await collect(page, { settleMs: 100, maxWaitMs, minLoadedMs: 0, lateMs: 0, probeMs: 100 });
      assert.equal(facts.collector.unsettled, true);
      assert.ok(facts.collector.elapsedMs >= maxWaitMs - 50, `${facts.collector.elapsedMs} ms`);
      assert.deepEqual(await judge(facts), { number: 'number_site_found', notices: ['page_unsettled'] });
    });

    test('a quiet page loaded long ago is read at once: with scripts after a short watch', async () => {
      await open(`<script>/* the page's own scripts */</script>${FOOTER}`);
      const withScripts = (await collect(page, { settleMs: 100, minLoadedMs: 0, lateMs: 0, probeMs: 1500 })).facts;
      assert.equal(withScripts.collector.unsettled, false);
      assert.ok(withScripts.collector.elapsedMs >= 1450, `watched: ${withScripts.collector.elapsedMs} ms`);
      await open(FOOTER);
      const without = (await collect(page, { settleMs: 100, minLoadedMs: 0, lateMs: 0, probeMs: 1500 })).facts;
      assert.equal(without.collector.unsettled, false);
      assert.ok(without.collector.elapsedMs < 1450, `nothing could change it, so not watched: ${without.collector.elapsedMs} ms`);
    });

    test('a quiet page just loaded settles at once', async () => {
      await open(FOOTER);
      const { facts } = await collect(page, { settleMs: 100, maxWaitMs: 3000, minLoadedMs: 0, lateMs: 0 });
      assert.equal(facts.collector.unsettled, false);
      assert.ok(facts.collector.elapsedMs < 1500, `${facts.collector.elapsedMs} ms`);
      assert.equal(facts.collector.truncated, false);
    });
  });
}
