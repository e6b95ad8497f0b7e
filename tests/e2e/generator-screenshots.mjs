// Writes the screenshots of issue #15: the popup on the NexT page of tests/fixtures/generators/
// (number missing: the usual fix and the fix in NexT's terms), in Chinese and English, light,
// to docs/screenshots/popup-generator-<zh_CN|en>.png, from the top of the report down to the
// failing row (a window as tall as that).
//
//   ./build.sh --test && node tests/e2e/generator-screenshots.mjs
//
// Not a test (node --test does not pick this file up): it writes committed images. The report is
// checked first, so a screenshot never shows one the fixture does not expect.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { launchChromium, TEST_BUILD } from './lib/browsers.mjs';
import { FIXTURES, GENERATOR_FIXTURES, ROOT } from './lib/fixtures.mjs';
import { enterRecord, PagePopup, popupOpened, readReport } from './lib/popup.mjs';
import { startFixtureServer } from './lib/server.mjs';

const DIR = path.join(FIXTURES, GENERATOR_FIXTURES);
const NAME = 'next';
const POPUP_WIDTH = 440;
const OUT_DIR = path.join(ROOT, 'docs/screenshots');

const host = `${NAME}.qingshantea.cn`;
const fixture = { name: NAME, host, url: `http://${host}/`, html: fs.readFileSync(path.join(DIR, `${NAME}.html`)) };
const record = fs.readFileSync(path.join(DIR, 'record.txt'), 'utf8');
const server = await startFixtureServer([fixture]);
const session = await launchChromium({ extensionDir: TEST_BUILD.chromium, hosts: server.hosts, port: server.port });
try {
  await session.openFixture(fixture);
  const tabId = await session.tabIdOf(fixture.url);
  for (const lang of ['zh_CN', 'en']) {
    const page = await session.browser.newPage();
    await page.setViewport({ width: POPUP_WIDTH, height: 600, deviceScaleFactor: 2 });
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    await page.goto(session.extensionUrl(`popup/popup.html?tab=${tabId}&lang=${lang}`));
    const popup = new PagePopup(page);
    await popupOpened(popup);
    const restored = await popup.evaluate((win) => win.document.querySelector('#record').value !== '');
    if (!restored) await enterRecord(popup, record, 'type');
    const seen = await readReport(popup);
    const report = JSON.parse(seen.json);
    assert.equal(report.generator?.theme, 'next');
    assert.equal(report.checks.find((c) => c.id === 'number').generatorFix?.key, 'gfix_hexo_next_icp');
    // Down to the end of the number row (its generator fix), whole.
    const bottom = await popup.evaluate((win) => {
      win.document.activeElement?.blur();
      win.getSelection().removeAllRanges();
      win.document.querySelector('#record').scrollTop = 0; // the record from its first line
      const fix = win.document.querySelector('[data-check="number"] [data-generator-fix]');
      return Math.ceil(fix.getBoundingClientRect().bottom + win.scrollY + 12);
    });
    await page.setViewport({ width: POPUP_WIDTH, height: Math.max(600, bottom), deviceScaleFactor: 2 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const out = path.join(OUT_DIR, `popup-generator-${lang}.png`);
    await page.screenshot({ path: out });
    console.log(`wrote ${path.relative(ROOT, out)}`);
    await page.close();
  }
} finally {
  await session.close();
  await server.close();
}
