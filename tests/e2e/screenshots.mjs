// Regenerates the README's screenshot: the popup on a failing fixture page, in Chinese, written
// to docs/screenshots/popup-fail-zh_CN.png.
//
//   node tests/e2e/screenshots.mjs        (or ./build.sh screenshots, which builds first)
//
// The popup is opened as a tab of the test build at its own width, so the whole report fits in
// one image (a real popup is cut at 600 px and scrolls). Debian's Chromium ships only the
// en-US UI locale (the others are in chromium-l10n), so the page is told its browser speaks
// zh-CN, which is what chrome.i18n.getUILanguage() answers in a Chinese Chromium.
// Not a test (node --test does not pick this file up): it writes a committed image.
import fs from 'node:fs';
import path from 'node:path';

import { launchChromium, TEST_BUILD } from './lib/browsers.mjs';
import { loadCases, ROOT } from './lib/fixtures.mjs';
import { assertReport, enterRecord, PagePopup, popupOpened, readReport } from './lib/popup.mjs';
import { startFixtureServer } from './lib/server.mjs';

const CASE = 'old-miit-address';
/** The popup's width in popup.css. */
const POPUP_WIDTH = 440;
const OUT = path.join(ROOT, 'docs/screenshots/popup-fail-zh_CN.png');

const fixture = loadCases().find((c) => c.name === CASE);
const server = await startFixtureServer([fixture]);
const session = await launchChromium({
  extensionDir: TEST_BUILD.chromium,
  hosts: server.hosts,
  port: server.port,
});
try {
  await session.openFixture(fixture);
  const tabId = await session.tabIdOf(fixture.url);
  const page = await session.browser.newPage();
  await page.setViewport({ width: POPUP_WIDTH, height: 600, deviceScaleFactor: 2 });
  await page.evaluateOnNewDocument(() => {
    chrome.i18n.getUILanguage = () => 'zh-CN';
  });
  await page.goto(session.extensionUrl(`popup/popup.html?tab=${tabId}`));
  const popup = new PagePopup(page);
  await popupOpened(popup);
  await enterRecord(popup, fixture.record, 'type');
  assertReport(await readReport(popup), fixture);
  // Show the first failing check's details, as a user reading the report would.
  await popup.evaluate((win) => {
    win.document.querySelector('[data-verdict="fail"] details')?.setAttribute('open', '');
    win.document.activeElement?.blur();
    win.document.querySelector('#record').scrollTop = 0; // show the record from its first line
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  await popup.page.screenshot({ path: OUT, fullPage: true });
  console.log(`wrote ${path.relative(ROOT, OUT)}`);
} finally {
  await session.close();
  await server.close();
}
