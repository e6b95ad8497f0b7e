// The fixture suite, the same for every browser: each case of tests/fixtures/ checked through
// the test build's popup opened as a tab (`popup.html?tab=<id>`), the record typed on a
// representative set (TYPED_CASES) and pasted on the rest, plus the `#check` button and the Copy
// button; then the www page's parity with those reports (lib/www-parity.mjs) in the same
// browser. chromium.test.mjs and firefox.test.mjs each run it once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launch, TEST_BUILD } from './browsers.mjs';
import { byTimers, loadCases } from './fixtures.mjs';
import { assertReport, copySnippet, enterRecord, openPopupForTab, readReport } from './popup.mjs';
import { startFixtureServer } from './server.mjs';
import { wwwParitySuite } from './www-parity.mjs';

/** How many fixture cases run at once in one browser. */
const FIXTURE_CONCURRENCY = 4;

/**
 * The cases whose record is typed key by key, as a user types it (the popup's debounced path):
 * a pass, a fail, a 粤 entity number, a record full of markup, a number split over spans, and the
 * page whose timers matter. The other cases paste it (lib/popup.mjs `enterRecord`).
 */
export const TYPED_CASES = [
  'correct-footer',
  'old-miit-address',
  'guangdong-entity-number',
  'hostile-injection',
  'number-split-spans',
  'hostile-restless-page',
];

/** Run `fn(popup, fixture)` with the popup opened on `fixture`'s page; closes both tabs after. */
async function withPopupOn(session, fixture, fn) {
  const pageTab = await session.openFixture(fixture);
  let popup;
  try {
    // A page whose timers matter (`popupWindow`) stays in front, as under a real popup. Only
    // those: many windows side by side make Firefox's remote agent time out.
    const window = Boolean(fixture.expected.popupWindow);
    popup = await openPopupForTab(session, await session.tabIdOf(fixture.url), { window });
    return await fn(popup);
  } finally {
    await popup?.close();
    await pageTab.close();
  }
}

export function fixtureSuite(browserName, { readClipboard }) {
  const cases = loadCases();

  describe(`${browserName}: fixtures, popup opened as a tab (test build)`, () => {
    let server;
    let session;
    /** The report each fixture's test read, by name, for the www parity suite. */
    const reports = new Map();

    before(async () => {
      server = await startFixtureServer(cases);
      session = await launch(browserName, {
        extensionDir: TEST_BUILD[browserName],
        hosts: server.hosts,
        port: server.port,
      });
    });

    after(async () => {
      await session?.close();
      await server?.close();
    });

    // Each case has its own host and tabs, and spends most of its time waiting (the collector's
    // settle time, the popup's debounce, the report's quiet time): run a few side by side.
    // The record is typed key by key on TYPED_CASES; on the others it is pasted (one input
    // event, checked at once), which asserts the same report without a keystroke per character.
    const recordGivesTheReport = (fixture) => {
      const how = TYPED_CASES.includes(fixture.name) ? 'type' : 'paste';
      return test(`${fixture.name}: ${how === 'type' ? 'typing' : 'pasting'} the record gives the expected report`, () =>
        withPopupOn(session, fixture, async (popup) => {
          await enterRecord(popup, fixture.record, how);
          const seen = await readReport(popup);
          assertReport(seen, fixture);
          reports.set(fixture.name, seen);
        }));
    };
    const { together, alone } = byTimers(cases);
    describe('every fixture', { concurrency: FIXTURE_CONCURRENCY }, () => together.forEach(recordGivesTheReport));
    describe('every fixture whose page timers matter, alone', () => alone.forEach(recordGivesTheReport));

    const failing = cases.find((c) => c.name === 'old-miit-address') ?? cases[0];

    test(`${failing.name}: the #check button runs the check without an input event`, () =>
      withPopupOn(session, failing, async (popup) => {
        await enterRecord(popup, failing.record, 'check');
        assertReport(await readReport(popup), failing);
      }));

    test(`${failing.name}: #copy puts the snippet on the clipboard`, () =>
      withPopupOn(session, failing, async (popup) => {
        if (readClipboard) await readClipboard(session, popup);
        await enterRecord(popup, failing.record, 'type');
        const seen = await readReport(popup);
        assertReport(seen, failing);
        const copied = await copySnippet(popup, { readClipboard: Boolean(readClipboard) });
        assert.equal(copied, seen.snippet);
      }));

    // The same fixtures on the www page, compared with the reports above (one browser launch).
    wwwParitySuite(browserName, { cases, session: () => session, reports });
  });
}
