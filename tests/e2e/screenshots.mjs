// Regenerates the README's screenshots: the popup on a passing, a warning and a failing fixture
// page, in Chinese and English, light and dark, as a user first sees it (the popup's 440 x 600
// window), written to docs/screenshots/popup-<pass|warn|fail>-<zh_CN|en>-<light|dark>.png; and
// the failing report at full length (what scrolling the popup shows) to
// docs/screenshots/popup-fail-<zh_CN|en>-full.png.
//
//   node tests/e2e/screenshots.mjs        (or ./build.sh screenshots, which builds first)
//
// The popup is opened as a tab of the test build at its own width. The language comes from
// `?lang=`, the theme from the emulated `prefers-color-scheme`. Each case is checked first, so a
// screenshot never shows a report the fixture does not expect.
// Not a test (node --test does not pick this file up): it writes committed images.
import fs from 'node:fs';
import path from 'node:path';

import { launchChromium, TEST_BUILD } from './lib/browsers.mjs';
import { loadCases, ROOT } from './lib/fixtures.mjs';
import { assertReport, enterRecord, PagePopup, popupOpened, readReport } from './lib/popup.mjs';
import { startFixtureServer } from './lib/server.mjs';

/** The fixture shown for each overall verdict. */
const STATES = { pass: 'correct-footer', warn: 'guangdong-entity-number', fail: 'old-miit-address' };
const LANGS = ['zh_CN', 'en'];
const THEMES = ['light', 'dark'];
/** The popup's width in popup.css. */
const POPUP_WIDTH = 440;
const OUT_DIR = path.join(ROOT, 'docs/screenshots');

const cases = loadCases().filter((c) => Object.values(STATES).includes(c.name));
const server = await startFixtureServer(cases);
const session = await launchChromium({ extensionDir: TEST_BUILD.chromium, hosts: server.hosts, port: server.port });
try {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  for (const [state, name] of Object.entries(STATES)) {
    const fixture = cases.find((c) => c.name === name);
    await session.openFixture(fixture);
    const tabId = await session.tabIdOf(fixture.url);
    for (const lang of LANGS) {
      for (const theme of THEMES) {
        const full = state === 'fail' && theme === 'light';
        const page = await session.browser.newPage();
        // The grid shows these at half width: 1x is sharp there; the full report is at 2x.
        await page.setViewport({ width: POPUP_WIDTH, height: 600, deviceScaleFactor: full ? 2 : 1 });
        await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
        await page.goto(session.extensionUrl(`popup/popup.html?tab=${tabId}&lang=${lang}`));
        const popup = new PagePopup(page);
        await popupOpened(popup);
        // The first popup on a site saves the record; later ones restore it and check at once.
        const restored = await popup.evaluate((win) => win.document.querySelector('#record').value !== '');
        if (!restored) await enterRecord(popup, fixture.record, 'type');
        const seen = await readReport(popup);
        assertReport(seen, fixture);
        await popup.waitFor((win) => win.document.querySelector('#snippet-preview').hasAttribute('data-loaded'));
        // Show the first row that needs action with its details open, as a reader would.
        await popup.evaluate((win) => {
          win.document.querySelector('#checks [data-verdict="fail"] details, #checks [data-verdict="warn"] details')?.setAttribute('open', '');
          win.document.activeElement?.blur();
          win.getSelection().removeAllRanges();
          win.document.querySelector('#record').scrollTop = 0; // show the record from its first line
        });
        await new Promise((resolve) => setTimeout(resolve, 300));
        const shots = [[`popup-${state}-${lang}-${theme}.png`, false]];
        if (full) shots.push([`popup-fail-${lang}-full.png`, true]);
        for (const [file, fullPage] of shots) {
          const out = path.join(OUT_DIR, file);
          if (fullPage) {
            // A window as tall as the report rather than `fullPage`, whose capture leaves the
            // preview (a sandboxed frame, drawn by another process) blank below the first screen.
            const height = await page.evaluate(() => document.documentElement.scrollHeight);
            await page.setViewport({ width: POPUP_WIDTH, height, deviceScaleFactor: 2 });
            await popup.waitFor((win) => win.document.querySelector('#snippet-preview').hasAttribute('data-loaded'));
            await new Promise((resolve) => setTimeout(resolve, 300));
          }
          await page.screenshot({ path: out });
          console.log(`wrote ${path.relative(ROOT, out)}`);
        }
        await page.close();
      }
    }
  }
} finally {
  await session.close();
  await server.close();
}
