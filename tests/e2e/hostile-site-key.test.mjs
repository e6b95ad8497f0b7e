// A record remembered on one site is not restored on another under the same public suffix
// (issue #16, weakness 5). The popup used to key records without a public-suffix list: a record
// checked on `www.net.cn` was saved under `net.cn` and restored (and checked) on
// `www.unrelated-shop.net.cn`; a record listing `com.cn` did the same across `*.com.cn`. The key
// now comes from the core, by the Public Suffix List (src/core/site_key.rs). Both browsers, the
// test build's popup opened as a tab on each page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launch, TEST_BUILD } from './lib/browsers.mjs';
import { enterRecord, openPopupForTab, readReport } from './lib/popup.mjs';
import { startFixtureServer } from './lib/server.mjs';

const PAGE = Buffer.from(
  '<!doctype html><meta charset="utf-8"><title>示例</title><body><main>示例</main>' +
    '<footer style="text-align:center"><a href="https://beian.miit.gov.cn/">京ICP备12345678号-1</a></footer>',
);
const page = (host) => ({ name: host, host, url: `http://${host}/`, html: PAGE });
const FILED_HOST = page('www.net.cn');
const OTHER_HOST = page('www.unrelated-shop.net.cn');
const SUFFIX_FILED = page('shop.example.com.cn');
const SUFFIX_OTHER = page('www.other.com.cn');
const record = (domain) => `网站名称：示例\n网站域名：${domain}\n网站备案号：京ICP备12345678号-1\n`;

for (const browserName of ['chromium', 'firefox']) {
  describe(`${browserName}: saved records stay on their own site`, () => {
    let server;
    let session;

    before(async () => {
      server = await startFixtureServer([FILED_HOST, OTHER_HOST, SUFFIX_FILED, SUFFIX_OTHER]);
      session = await launch(browserName, { extensionDir: TEST_BUILD[browserName], hosts: server.hosts, port: server.port });
    });

    after(async () => {
      await session?.close();
      await server?.close();
    });

    /** Open the popup on `fixture`'s page; resolves to { popup, tab, restored, saved } once its first state settled. */
    async function popupOn(fixture) {
      const tab = await session.openFixture(fixture);
      const popup = await openPopupForTab(session, await session.tabIdOf(fixture.url));
      // Settled: idle with nothing restored, or the restored record's report shown.
      await popup.waitFor((win) => ['idle', 'ready', 'error'].includes(win.document.documentElement.dataset.state) && win.performance.now() - win.__e2e.lastChange > 600);
      const state = await popup.evaluate((win) => ({
        restored: win.document.querySelector('#record').value,
        saved: win.document.querySelector('#saved').hidden ? '' : win.document.querySelector('#saved-text').textContent,
      }));
      return { popup, tab, ...state };
    }

    async function checkAndSave(fixture, text) {
      const { popup, tab } = await popupOn(fixture);
      try {
        await enterRecord(popup, text, 'check');
        const seen = await readReport(popup);
        assert.equal(seen.state, 'ready', seen.errorText ?? '');
        await popup.waitFor((win) => !win.document.querySelector('#saved').hidden);
        return await popup.evaluate(async () => Object.keys(await (globalThis.browser ?? globalThis.chrome).storage.local.get(null)));
      } finally {
        await popup.close();
        await tab.close();
      }
    }

    async function restoredOn(fixture) {
      const { popup, tab, restored, saved } = await popupOn(fixture);
      await popup.close();
      await tab.close();
      return { restored, saved };
    }

    test('a record checked on www.net.cn is not restored on www.unrelated-shop.net.cn', async () => {
      const keys = await checkAndSave(FILED_HOST, record('www.net.cn'));
      assert.ok(keys.includes('site:www.net.cn'), `saved under ${keys}`);
      assert.ok(!keys.includes('site:net.cn'), `a public suffix as a key: ${keys}`);
      // The record is back on its own site (the save worked) ...
      assert.equal((await restoredOn(FILED_HOST)).restored, record('www.net.cn'));
      // ... and nowhere else under net.cn.
      assert.deepEqual(await restoredOn(OTHER_HOST), { restored: '', saved: '' });
    });

    test('a record listing com.cn is not restored across *.com.cn', async () => {
      const keys = await checkAndSave(SUFFIX_FILED, record('com.cn'));
      assert.ok(keys.includes('site:example.com.cn'), `saved under ${keys}`);
      assert.ok(!keys.includes('site:com.cn'), `a public suffix as a key: ${keys}`);
      assert.equal((await restoredOn(SUFFIX_FILED)).restored, record('com.cn'));
      assert.deepEqual(await restoredOn(SUFFIX_OTHER), { restored: '', saved: '' });
    });
  });
}
