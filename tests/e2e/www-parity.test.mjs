// Parity (issue #6): every fixture of tests/fixtures/ checked by the extension (the test build's
// popup on the page served under its host) and by the www page (dist/www on 127.0.0.1, the
// fixture's page.html pasted with the URL http://<host>/ and its record) gives the same JSON
// report, in one browser each so fonts and layout are shared. Chromium compares every fixture;
// Firefox ESR every FIREFOX_SAMPLE-th (by name) and checks the www page's report against
// expected.json on the rest (firefox.test.mjs checks the extension against the same file):
// comparing all of them in both browsers would double the test run. WWW_PARITY_ALL=1 compares
// every fixture in Firefox too.
//
// What may differ, by design only:
// - A page with scripts: the www page renders the pasted source without running anything (a
//   sandboxed frame without allow-scripts), so whatever a script writes or changes never reaches
//   its report. For such a fixture only what does not come from the page is compared: the
//   parsed record, the chosen site, the snippet, and the checks judged from the record and the
//   URL alone (DOM_FREE_CHECKS).
// - A page with frames: only the top document's source is pasted, and the frame documents it
//   names are neither pasted nor loaded (the www page's policy blocks every load), so what the
//   frames show never reaches its report. Compared: the record-only parts, as for scripts.
// - A page a tab shows in quirks mode (no doctype, or a legacy one): a srcdoc frame always
//   uses standards mode, so layout may differ. Compared: the parts above plus `title`.
// - Nothing else. `page.url` is the URL the user gives (here the fixture's), the collector's
//   timing is not in the report, and element paths match because the frame's DOM is the page's
//   (the policy and base the www page puts first land in <head>, which is never collected).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launch, TEST_BUILD } from './lib/browsers.mjs';
import { loadCases } from './lib/fixtures.mjs';
import { assertReport, enterRecord, openPopupForTab, readReport } from './lib/popup.mjs';
import { startFixtureServer } from './lib/server.mjs';
import { checkFixtureOnWww, openWww, retryNewPage, WWW_DIR } from './lib/www-page.mjs';
import { startWwwServer } from './lib/www-server.mjs';

/** Checks judged without the page's DOM: the record, and the URL against the record. */
const DOM_FREE_CHECKS = ['record', 'domain', 'homepage', 'site_name'];

/**
 * Whether the fixture's page runs scripts as it loads (which the www page never runs): script
 * elements and handlers that fire without a click. `onclick` and `javascript:` links do not run
 * until clicked, and the collector reads them as attributes, so such pages compare in full.
 */
const hasScripts = (fixture) =>
  /<script\b|<[^>]*\son(?:load|error|pageshow|focus|toggle|animation[a-z]*|transition[a-z]*)\s*=/i.test(fixture.html.toString('utf8'));

/** Whether the page shows other documents in frames (which the www page cannot load). */
const hasFrames = (fixture) => /<(?:i?frame|frameset)\b/i.test(fixture.html.toString('utf8'));

/** Whether a tab may show the page in quirks mode: anything but a plain `<!DOCTYPE html>` first. */
const mayBeQuirks = (fixture) => !/^\uFEFF?\s*(?:<!--[\s\S]*?-->\s*)*<!doctype html(?:\s+system\s+["']about:legacy-compat["'])?\s*>/i.test(fixture.html.toString('utf8'));

/** Why the www page's report may differ from the extension's for `fixture`, or '' (it may not). */
function byDesign(fixture) {
  if (hasScripts(fixture)) return 'scripted page: record-only parts';
  if (hasFrames(fixture)) return 'framed page: record-only parts';
  if (mayBeQuirks(fixture)) return 'quirks-mode page: record-only parts and title';
  return '';
}

/** The checks the www page must reproduce for a fixture that differs by design. */
const comparableChecks = (fixture) => (hasScripts(fixture) || hasFrames(fixture) ? DOM_FREE_CHECKS : [...DOM_FREE_CHECKS, 'title']);

/** The report parts the www page must reproduce for `fixture`. */
function comparable(report, fixture) {
  if (!byDesign(fixture)) return report;
  const ids = comparableChecks(fixture);
  return {
    record: report.record,
    site: report.site,
    snippet: report.snippet,
    checks: report.checks.filter((c) => ids.includes(c.id)),
  };
}

/** Firefox compares in full every this many fixtures (see the top of the file). */
const FIREFOX_SAMPLE = 3;

/** Whether `browserName` compares the `index`th fixture with the extension in full. */
const fullParity = (browserName, index) =>
  browserName === 'chromium' || process.env.WWW_PARITY_ALL === '1' || index % FIREFOX_SAMPLE === 0;

/** The www page's report against expected.json alone (the parts it can reproduce). */
function assertExpected(seen, fixture) {
  if (!byDesign(fixture)) {
    assertReport(seen, fixture);
    return;
  }
  const checks = new Map(JSON.parse(seen.json).checks.map((c) => [c.id, [c.verdict, c.reason]]));
  for (const [id, want] of Object.entries(fixture.expected.checks)) {
    if (comparableChecks(fixture).includes(id)) assert.deepEqual(checks.get(id), want, `${fixture.name}: ${id}`);
  }
}

/** The extension's report for `fixture`: popup (as a tab) on the fixture's page. */
async function extensionReport(session, fixture) {
  const pageTab = await session.openFixture(fixture);
  let popup;
  try {
    popup = await openPopupForTab(session, await session.tabIdOf(fixture.url));
    await enterRecord(popup, fixture.record, 'check');
    return await readReport(popup);
  } finally {
    await popup?.close();
    await pageTab.close();
  }
}

/**
 * Tabs of the www page, reused from fixture to fixture (a new tab per fixture would load and
 * compile the wasm each time): `take()` resolves to a free one, `give(www)` returns it.
 */
function wwwTabs(browser, url) {
  const free = [];
  const all = [];
  return {
    async take() {
      if (free.length > 0) return free.pop();
      const www = await openWww(browser, url);
      all.push(www);
      return www;
    },
    give(www) {
      free.push(www);
    },
    close: () => Promise.all(all.map((www) => www.close().catch(() => {}))),
  };
}

/** The www page's report for `fixture`: its source, URL and record pasted, then `#check`. */
async function wwwReport(tabs, fixture) {
  const www = await tabs.take();
  try {
    await checkFixtureOnWww(www, fixture, { click: true });
    return await readReport(www);
  } finally {
    tabs.give(www);
  }
}

/** How many fixtures run at once in one browser (each in its own tabs, as in lib/suite.mjs). */
const CONCURRENCY = 4;

for (const browserName of ['chromium', 'firefox']) {
  describe(`${browserName}: the www page reports what the extension reports`, () => {
    const cases = loadCases();
    let fixtures;
    let server;
    let session;
    let tabs;

    before(async () => {
      fixtures = await startFixtureServer(cases);
      server = await startWwwServer(WWW_DIR);
      session = await launch(browserName, { extensionDir: TEST_BUILD[browserName], hosts: fixtures.hosts, port: fixtures.port });
      retryNewPage(session.browser); // fixtures run side by side: see retryNewPage
      tabs = wwwTabs(session.browser, server.url);
    });

    after(async () => {
      await tabs?.close();
      await session?.close();
      await server?.close();
      await fixtures?.close();
    });

    describe('every fixture', { concurrency: CONCURRENCY }, () => {
      cases.forEach((fixture, index) => {
        const why = byDesign(fixture);
        const full = fullParity(browserName, index);
        const label = [why, full ? '' : 'www page against expected.json'].filter(Boolean).join('; ');
        test(`${fixture.name}${label ? ` (${label})` : ''}`, async () => {
          if (!full) {
            assertExpected(await wwwReport(tabs, fixture), fixture);
            return;
          }
          const [fromExtension, fromWww] = await Promise.all([
            extensionReport(session, fixture),
            wwwReport(tabs, fixture),
          ]);
          // Both are right in their own terms first, so a shared mistake cannot pass as parity.
          const extension = assertReport(fromExtension, fixture);
          const page = why ? JSON.parse(fromWww.json) : assertReport(fromWww, fixture);
          assert.deepEqual(comparable(page, fixture), comparable(extension, fixture), `${fixture.name}: www and extension reports differ`);
          if (!why) assert.deepEqual(fromWww.rows, fromExtension.rows, `${fixture.name}: rows differ`);
          assert.equal(fromWww.snippet, fromExtension.snippet, `${fixture.name}: #snippet differs`);
        });
      });
    });
  });
}
