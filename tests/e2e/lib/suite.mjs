// The fixture suite, the same for every browser: each case of tests/fixtures/ checked through
// the test build's popup opened as a tab (`popup.html?tab=<id>`), plus the `#check` button and
// the Copy button. chromium.test.mjs and firefox.test.mjs each run it once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launch, TEST_BUILD } from './browsers.mjs';
import { byTimers, loadCases } from './fixtures.mjs';
import { assertReport, copySnippet, enterRecord, openPopupForTab, readReport } from './popup.mjs';
import { startFixtureServer } from './server.mjs';

/** How many fixture cases run at once in one browser. */
const FIXTURE_CONCURRENCY = 4;

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
    const typingGivesTheReport = (fixture) =>
      test(`${fixture.name}: typing the record gives the expected report`, () =>
        withPopupOn(session, fixture, async (popup) => {
          await enterRecord(popup, fixture.record, 'type');
          assertReport(await readReport(popup), fixture);
        }));
    const { together, alone } = byTimers(cases);
    describe('every fixture', { concurrency: FIXTURE_CONCURRENCY }, () => together.forEach(typingGivesTheReport));
    describe('every fixture whose page timers matter, alone', () => alone.forEach(typingGivesTheReport));

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
  });
}
