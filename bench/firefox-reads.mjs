// The page read in Firefox ESR (issue #11: its figures beside Chromium's). The extension's
// popup cannot be timed from outside in Firefox (the driver cannot attach to its pages), so
// this times the same steps the popup takes, driven from here: the generated homepage
// (bench/page.mjs) served on 127.0.0.1 and loaded for more than 3 s; the collector's first
// read run in the page (its own clock, and the round trip of its result); the core's picking
// and judging in the test build's wasm (in Node); each measuring round in the page; and the
// floor, a bare TreeWalker pass over every text node, the same way. Medians.
//
//   node bench/firefox-reads.mjs [--sizes 1000,10000,100000,300000] [--reps 5]
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

import { measurePage, readPageText } from '../extension/page/collector.js';
import { FIREFOX, TEST_BUILD } from '../tests/e2e/lib/browsers.mjs';
import { generatePage, HOST, RECORD } from './page.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((out, arg, i, all) => (arg.startsWith('--') ? [...out, [arg.slice(2), all[i + 1]]] : out), []),
);
const SIZES = (args.sizes ?? '1000,10000,100000,300000').split(',').map(Number);
const REPS = Number(args.reps ?? 5);
const READ = readPageText.toString();
const MEASURE = measurePage.toString();
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const ms = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

const dir = path.join(TEST_BUILD.firefox, 'wasm');
const engine = await import(path.join(dir, 'beian_check.js'));
engine.initSync({ module: fs.readFileSync(path.join(dir, 'beian_check_bg.wasm')) });

let html = '';
const server = http.createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
const version = await browser.version();
const rows = [];
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  for (const size of SIZES) {
    html = generatePage(size).html;
    await page.goto(`http://127.0.0.1:${server.address().port}/`, { waitUntil: 'load', timeout: 120_000 });
    await new Promise((resolve) => setTimeout(resolve, 3200));
    const samples = [];
    for (let r = 0; r < REPS + 1; r++) {
      const floorStarted = performance.now();
      await page.evaluate(() => {
        const walker = document.createTreeWalker(document, NodeFilter.SHOW_TEXT);
        let chars = 0;
        for (let n = walker.nextNode(); n; n = walker.nextNode()) chars += n.data.length;
        return chars;
      });
      const floor = performance.now() - floorStarted;
      const started = performance.now();
      // Served from 127.0.0.1: `url` is the page the record is for.
      const text = await page.evaluate(`(${READ})({ settleMs: 200, maxWaitMs: 3000, url: 'http://${HOST}/' })`);
      const firstRead = performance.now() - started;
      const picked = performance.now();
      const read = new engine.PageRead(text.wire);
      const pick = performance.now() - picked;
      const measuring = performance.now();
      for (let request = read.request(); request; request = read.request()) {
        read.measured(await page.evaluate(`(${MEASURE})(${JSON.stringify({ ...request, token: text.token })})`));
      }
      const measure = performance.now() - measuring;
      const judged = performance.now();
      const report = read.check(RECORD, {});
      const judge = performance.now() - judged;
      if (report.overall !== 'pass') throw new Error(`${size}: ${report.overall} ${report.checks.filter((c) => c.verdict === 'fail').map((c) => c.reason)}`);
      if (r > 0) samples.push({ floor, firstRead, inPage: text.collector.elapsedMs, pick, measure, judge, total: firstRead + pick + measure + judge, pieces: read.pieces, rounds: read.rounds, truncated: text.collector.truncated });
      read.free();
    }
    const m = (key) => median(samples.map((s) => s[key]));
    const row = { size, pieces: samples[0].pieces, rounds: samples[0].rounds, truncated: samples[0].truncated, floor: m('floor'), firstRead: m('firstRead'), inPage: m('inPage'), pick: m('pick'), measure: m('measure'), judge: m('judge'), total: m('total') };
    rows.push(row);
    console.error(`firefox ${size}: ${JSON.stringify(row)}`);
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`Firefox ${version}, driven from Node (WebDriver BiDi round trips included), medians of ${REPS}:`);
console.log('');
console.log('| elements | pieces | first read: in the page | its round trip | picking (wasm) | measuring rounds | judge | **total** | floor (round trip) | **ratio** |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.size.toLocaleString('en')} | ${r.pieces.toLocaleString('en')} | ${ms(r.inPage)} | ${ms(r.firstRead)} | ${ms(r.pick)} | ${ms(r.measure)} (${r.rounds}) | ${ms(r.judge)} | **${ms(r.total)}** | ${ms(r.floor)} | **${(r.total / r.floor).toFixed(2)}** |`);
}
