// "Show on page" works on a page that puts names on the extension's isolated world (issue #16,
// weakness 4). `<iframe name="__beianCheckHighlight" src=other-origin>` made the highlighter's
// global that frame's window, and every "show on page" then failed reading it; `<img
// name=createElement>` shadows `document.createElement`. The highlighter now keeps its handle
// under a registered Symbol with a brand, and calls the prototypes' own methods
// (extension/page/highlight.js). Both browsers, the test build's popup opened as a tab.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launch, TEST_BUILD } from './lib/browsers.mjs';
import { enterRecord, openPopupForTab, readReport } from './lib/popup.mjs';
import { startFixtureServer } from './lib/server.mjs';

const OTHER = { name: 'other', host: 'other-origin.clobber-highlight.cn', html: Buffer.from('<!doctype html><title>other</title><p>another origin</p>') };
const PAGE = {
  name: 'clobber',
  host: 'www.clobber-highlight.cn',
  html: Buffer.from(
    '<!doctype html><meta charset="utf-8"><title>示例</title><body>' +
      `<iframe name="__beianCheckHighlight" src="http://${OTHER.host}/" width="300" height="100"></iframe>` +
      '<iframe name="__beianCheckElements" srcdoc="<p>x</p>" width="10" height="10"></iframe>' +
      '<img name="createElement" alt=""><img name="documentElement" alt=""><img name="defaultView" alt="">' +
      '<main style="height:600px">示例</main>' +
      '<footer style="text-align:center"><a href="https://beian.miit.gov.cn/">京ICP备12345678号-1</a></footer>',
  ),
};
PAGE.url = `http://${PAGE.host}/`;
const RECORD = '网站名称：示例\n网站域名：clobber-highlight.cn\n网站备案号：京ICP备12345678号-1\n';

for (const browserName of ['chromium', 'firefox']) {
  describe(`${browserName}: "show on page" on a page that clobbers names`, () => {
    let server;
    let session;

    before(async () => {
      server = await startFixtureServer([PAGE, OTHER]);
      session = await launch(browserName, { extensionDir: TEST_BUILD[browserName], hosts: server.hosts, port: server.port });
    });

    after(async () => {
      await session?.close();
      await server?.close();
    });

    test('the clobbering frame does not stop the outline, twice in a row', async () => {
      const page = await session.openFixture(PAGE);
      const popup = await openPopupForTab(session, await session.tabIdOf(PAGE.url));
      try {
        // The clobbering works in the page's world: the name is the other origin's window.
        assert.equal(await page.evaluate(() => window.__beianCheckHighlight === window.frames[0]), true);
        await enterRecord(popup, RECORD, 'check');
        const seen = await readReport(popup);
        assert.equal(seen.state, 'ready', seen.errorText ?? '');
        assert.equal(seen.rows.find((r) => r.id === 'number').reason, 'number_site_found');
        await page.bringToFront();
        for (let round = 1; round <= 2; round++) {
          // The second click finds the first outline still up and replaces it.
          await popup.evaluate((win) => {
            const note = win.document.querySelector('[data-check="number"] .show-note');
            if (note) delete note.dataset.status;
            win.document.querySelector('[data-check="number"] .show-on-page').click();
          });
          await popup.waitFor((win) => Boolean(win.document.querySelector('[data-check="number"] .show-note')?.dataset.status));
          const note = await popup.evaluate((win) => {
            const el = win.document.querySelector('[data-check="number"] .show-note');
            return { status: el.dataset.status, text: el.textContent };
          });
          assert.equal(note.status, 'shown', `round ${round}: ${note.text}`);
          await page.waitForFunction(() => document.querySelectorAll('[data-beian-check-highlight]').length === 1, { timeout: 5000 });
        }
        await page.waitForFunction(() => !document.querySelector('[data-beian-check-highlight]'), { timeout: 8000 });
      } finally {
        await popup.close();
        await page.close();
      }
    });
  });
}
