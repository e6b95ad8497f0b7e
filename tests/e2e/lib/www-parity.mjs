// Parity (issue #6), run by the fixture suite (lib/suite.mjs) in the same browser session, after
// its fixtures: a fixture of tests/fixtures/ checked by the extension (the test build's
// popup on the page served under its host; the fixture suite's own report of it, or a popup
// opened again when that test did not produce one) and by the www page (dist/www on 127.0.0.1, the
// fixture's page.html pasted with the URL http://<host>/ and its record) gives the same JSON
// report, rows and snippet, each browser comparing its own two (same fonts, same layout).
// Chromium compares every fixture; Firefox ESR every FIREFOX_SAMPLE-th by name (comparing all
// of them in both browsers would double the test run; www.test.mjs drives the www page in
// Firefox too). WWW_PARITY_ALL=1 runs every fixture in Firefox as in Chromium.
//
// What differs by design, and how such a fixture is checked instead:
// - A page with scripts (that run as it loads): the www page renders the pasted source without
//   running anything (a sandboxed frame without allow-scripts), so what a script writes never
//   reaches its report.
// - A page with frames loaded from its own site (<iframe src>, <frameset>): the www page has
//   only the source the user pasted and loads nothing, so what the frames hold is not there.
// - A page a tab shows in quirks mode (no doctype, or a legacy one): a srcdoc frame always uses
//   standards mode, so its layout may differ.
// For these Chromium checks the www page's report against expected.json on what does not come
// from the page's body: the checks judged from the record and the URL (DOM_FREE_CHECKS),
// `title` unless scripts may change it, and the snippet. The extension is not run for them:
// those parts are the same core code on the same record, and the extension suites check them.
// Nothing else may differ. `page.url` is the URL the user gives (here the fixture's), the
// collector's timing is not in the report, and element paths match because the frame's DOM is
// the page's (the policy and base the www page puts first land in <head>, never collected).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertReport, enterRecord, openPopupForTab, readReport } from './popup.mjs';
import { checkFixtureOnWww, openWww, WWW_DIR } from './www-page.mjs';
import { startWwwServer } from './www-server.mjs';

/** Checks judged without the page's DOM: the record, and the URL against the record. */
const DOM_FREE_CHECKS = ['record', 'domain', 'homepage', 'site_name'];

/**
 * Whether the fixture's page runs scripts as it loads (which the www page never runs): script
 * elements and handlers that fire without a click. `onclick` and `javascript:` links do not run
 * until clicked, and the collector reads them as attributes, so such pages compare in full.
 */
const hasScripts = (fixture) =>
  /<script\b|<[^>]*\son(?:load|error|pageshow|focus|toggle|animation[a-z]*|transition[a-z]*)\s*=/i.test(fixture.html.toString('utf8'));

/**
 * Whether the page loads frames from its own site (which the www page never loads; frames from
 * other sites cannot be read by the extension either, so those pages compare in full).
 */
function hasFrames(fixture) {
  const sources = [...fixture.html.toString('utf8').matchAll(/<i?frame\b[^>]*?\ssrc\s*=\s*["']?([^"'\s>]*)/gi)];
  return sources.some(([, src]) => {
    try {
      const url = new URL(src, fixture.url);
      return /^https?:$/.test(url.protocol) && url.host === new URL(fixture.url).host;
    } catch (e) {
      return false;
    }
  });
}

/** Whether a tab may show the page in quirks mode: anything but a plain `<!DOCTYPE html>` first. */
const mayBeQuirks = (fixture) => !/^\uFEFF?\s*(?:<!--[\s\S]*?-->\s*)*<!doctype html(?:\s+system\s+["']about:legacy-compat["'])?\s*>/i.test(fixture.html.toString('utf8'));

/** Why the www page's report may differ from the extension's for `fixture`, or '' (it may not). */
function byDesign(fixture) {
  if (hasScripts(fixture)) return 'scripted page: record-only parts';
  if (hasFrames(fixture)) return 'page in frames: record-only parts and title';
  if (mayBeQuirks(fixture)) return 'quirks-mode page: record-only parts and title';
  return '';
}

/** The checks the www page must reproduce for a fixture that differs by design (see the top). */
const comparableChecks = (fixture) => (hasScripts(fixture) ? DOM_FREE_CHECKS : [...DOM_FREE_CHECKS, 'title']);

/** Firefox runs every this many fixtures (see the top of the file). */
const FIREFOX_SAMPLE = 4;

/**
 * How `browserName` checks the `index`th fixture: 'compare' with the extension, 'expected'
 * (differs by design: the www page against expected.json), or 'skip' (not in Firefox's sample).
 */
function plan(browserName, fixture, index) {
  const all = browserName === 'chromium' || process.env.WWW_PARITY_ALL === '1';
  if (!all && index % FIREFOX_SAMPLE !== 0) return 'skip';
  if (byDesign(fixture)) return all ? 'expected' : 'skip';
  return 'compare';
}

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
  assert.ok(seen.snippet?.includes(fixture.snippetNumber), `${fixture.name}: #snippet lacks ${fixture.snippetNumber}`);
}

/**
 * The extension's report for `fixture`: popup (as a tab) on the fixture's page, the record
 * entered through `#check` (used when the fixture suite has no report of its own for it).
 */
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

/**
 * The parity suite for `browserName`, declared inside the fixture suite's `describe` (so it
 * shares its browser session and fixture server): `cases` are the fixtures, `session()` the
 * running session, `reports` the popup reports the fixture suite read, by fixture name.
 */
export function wwwParitySuite(browserName, { cases, session, reports }) {
  describe(`${browserName}: the www page reports what the extension reports`, () => {
    let server;
    let tabs;

    before(async () => {
      server = await startWwwServer(WWW_DIR);
      tabs = wwwTabs(session().browser, server.url);
    });

    after(async () => {
      await tabs?.close();
      await server?.close();
    });

    describe('every fixture', { concurrency: CONCURRENCY }, () => {
      cases.forEach((fixture, index) => {
        const how = plan(browserName, fixture, index);
        if (how === 'skip') return;
        const why = byDesign(fixture);
        test(`${fixture.name}${why ? ` (${why}: www page against expected.json)` : ''}`, async () => {
          if (how === 'expected') {
            assertExpected(await wwwReport(tabs, fixture), fixture);
            return;
          }
          const [fromExtension, fromWww] = await Promise.all([
            reports.get(fixture.name) ?? extensionReport(session(), fixture),
            wwwReport(tabs, fixture),
          ]);
          // Both are right in their own terms first, so a shared mistake cannot pass as parity.
          const extension = assertReport(fromExtension, fixture);
          const page = assertReport(fromWww, fixture);
          assert.deepEqual(page, extension, `${fixture.name}: www and extension reports differ`);
          assert.deepEqual(fromWww.rows, fromExtension.rows, `${fixture.name}: rows differ`);
          assert.equal(fromWww.snippet, fromExtension.snippet, `${fixture.name}: #snippet differs`);
        });
      });
    });
  });
}
