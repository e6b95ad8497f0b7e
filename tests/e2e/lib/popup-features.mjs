// The popup's everyday features (issue #5), the same in every browser: the record remembered
// per site and forgotten, "show on page", the snippet options and the sandboxed preview, the
// toolbar badge, the export, the restricted-page messages, the language switch and the strict
// setting. popup-chromium.test.mjs and popup-firefox.test.mjs each run it once, in one browser,
// through the test build's popup opened as a tab (`popup.html?tab=<id>`).
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';

import { launch, TEST_BUILD } from './browsers.mjs';
import { loadCases } from './fixtures.mjs';
import { assertReport, enterRecord, openPopupForTab, readReport } from './popup.mjs';

/** A 公安 number added to a fixture's record, for the snippet's second line. */
export const MPS = '京公网安备11010802020287号';

/** Extra pages (host, path) beside the fixtures' homepages. */
export const STRICT_HOST = 'strict.zhixingedu.com';
export const PDF_HOST = 'docs.zhixingedu.com';

/** A page of the old-miit-address filing that shows only the entity number, well linked. */
const STRICT_PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>知行教育</title>
<style>body{margin:0;font:14px sans-serif}main{height:1200px}footer{text-align:center;padding:20px}</style></head>
<body><main>内容</main><footer><a href="https://beian.miit.gov.cn/">京ICP备16058732号</a></footer></body></html>`;

/** The smallest PDF a viewer opens: one empty page. */
function tinyPdf() {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/**
 * Serve the fixtures' homepages and the extra pages on 127.0.0.1 (routed by Host header, as
 * lib/server.mjs does; Firefox reaches it as an HTTP proxy).
 */
async function startServer(cases) {
  const pages = new Map();
  for (const c of cases) pages.set(`${c.host}/`, { type: 'text/html; charset=utf-8', body: c.html });
  pages.set(`${STRICT_HOST}/`, { type: 'text/html; charset=utf-8', body: Buffer.from(STRICT_PAGE) });
  pages.set(`${PDF_HOST}/filing.pdf`, { type: 'application/pdf', body: tinyPdf() });
  const server = http.createServer((req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const page = pages.get(host + new URL(req.url, `http://${host || 'unknown'}`).pathname);
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found\n');
      return;
    }
    res.writeHead(200, { 'content-type': page.type, 'content-length': page.body.length, 'cache-control': 'no-store' });
    res.end(page.body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const hosts = [...new Set([...pages.keys()].map((k) => k.split('/')[0]))];
  return {
    port: server.address().port,
    hosts,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Call `fn` in an extension page (the session's control page, opened once as the harness's
 * `tabIdOf` does), where the extension APIs are reachable.
 */
export async function extensionCall(session, fn, ...args) {
  session.control ??= await session.openExtensionPage('popup/popup.html');
  return session.control.evaluate(fn, ...args);
}

/** The extension's whole storage.local. */
export function storedItems(session) {
  return extensionCall(session, () => (globalThis.browser ?? globalThis.chrome).storage.local.get(null));
}

export function clearStorage(session) {
  return extensionCall(session, () => (globalThis.browser ?? globalThis.chrome).storage.local.clear());
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The feature suite for `browserName`. `extra(ctx)` adds browser-specific tests to the same
 * describe block, sharing its browser: `ctx.session`, `ctx.cases`, `ctx.open(name)`.
 */
export function popupFeatureSuite(browserName, { extra } = {}) {
  const cases = loadCases();
  const byName = (name) => cases.find((c) => c.name === name);
  const failing = byName('old-miit-address');

  describe(`${browserName}: popup features (test build)`, () => {
    const ctx = { cases, session: null, server: null };

    before(async () => {
      ctx.server = await startServer(cases);
      ctx.session = await launch(browserName, {
        extensionDir: TEST_BUILD[browserName],
        hosts: ctx.server.hosts,
        port: ctx.server.port,
      });
    });

    after(async () => {
      await ctx.session?.close();
      await ctx.server?.close();
    });

    /**
     * Open `url` (or the fixture named `name`) in a tab and the popup for it, with storage
     * cleared unless `keepStorage`. Returns `{page, popup, tabId}`; `close()` closes both.
     */
    ctx.open = async (nameOrUrl, { keepStorage = false, query = '' } = {}) => {
      const { session } = ctx;
      if (!keepStorage) await clearStorage(session);
      const fixture = byName(nameOrUrl);
      const url = fixture ? fixture.url : nameOrUrl;
      const page = await session.browser.newPage();
      await page.goto(url, { waitUntil: 'load' });
      const tabId = await session.tabIdOf(url);
      const popup = await openPopupForTab(session, query ? `${tabId}&${query}` : tabId);
      return {
        page,
        popup,
        tabId,
        close: async () => {
          await popup.close().catch(() => {});
          await page.close().catch(() => {});
        },
      };
    };

    test('remembers the record per site, restores and checks it at once, and forgets it', async () => {
      const { session } = ctx;
      const first = await ctx.open(failing.name);
      try {
        await enterRecord(first.popup, failing.record, 'type');
        assertReport(await readReport(first.popup), failing);
        await first.popup.waitFor((win) => !win.document.querySelector('#saved').hidden);
        const saved = await first.popup.evaluate((win) => win.document.querySelector('#saved-text').textContent);
        assert.match(saved, /zhixingedu\.com/);
        const items = await storedItems(session);
        assert.equal(items['site:zhixingedu.com']?.record, failing.record, JSON.stringify(Object.keys(items)));
      } finally {
        await first.popup.close();
      }

      // A new popup on the same page restores the record and checks without any input.
      const again = await openPopupForTab(session, first.tabId);
      try {
        const seen = await readReport(again);
        assertReport(seen, failing);
        assert.equal(await again.evaluate((win) => win.document.querySelector('#record').value), failing.record);

        await again.click('#forget');
        await again.waitFor((win) => win.document.documentElement.dataset.state === 'idle');
        const after = await again.evaluate((win) => ({
          record: win.document.querySelector('#record').value,
          saved: win.document.querySelector('#saved').hidden,
          status: win.document.querySelector('#saved-status').textContent,
        }));
        assert.deepEqual({ record: after.record, saved: after.saved }, { record: '', saved: true });
        assert.match(after.status, /zhixingedu\.com/);
        const items = await storedItems(session);
        assert.equal(Object.keys(items).filter((k) => k.startsWith('site:')).length, 0, JSON.stringify(items));
      } finally {
        await again.close();
      }

      const third = await openPopupForTab(session, first.tabId);
      try {
        assert.equal(await third.evaluate((win) => win.document.documentElement.dataset.state), 'idle');
      } finally {
        await third.close();
        await first.page.close();
      }
    });

    test('a record saved on www.<domain> is restored on another subdomain of it', async () => {
      const { session } = ctx;
      const home = await ctx.open(failing.name);
      try {
        await enterRecord(home.popup, failing.record, 'type');
        await readReport(home.popup);
      } finally {
        await home.close();
      }
      const other = await ctx.open(`http://${STRICT_HOST}/`, { keepStorage: true });
      try {
        const seen = await readReport(other.popup);
        assert.equal(seen.state, 'ready');
        assert.equal(await other.popup.evaluate((win) => win.document.querySelector('#record').value), failing.record);
        assert.equal(JSON.parse(seen.json).checks.find((c) => c.id === 'domain').verdict, 'pass');
      } finally {
        await other.close();
        await clearStorage(session);
      }
    });

    test('"show on page" scrolls to the element, outlines it, and removes the outline', async () => {
      const { page, popup, close } = await ctx.open(failing.name);
      try {
        await enterRecord(popup, failing.record, 'type');
        await readReport(popup);
        // A short window, so the footer link is out of view until the popup scrolls to it.
        await page.setViewport({ width: 1000, height: 300 });
        await page.evaluate(() => window.scrollTo(0, 0));
        const index = await popup.evaluate((win) => win.document.querySelector('[data-check="link"] .show-on-page').dataset.element);
        const report = JSON.parse(await popup.evaluate((win) => win.document.querySelector('#report-json').textContent));
        assert.equal(Number(index), report.checks.find((c) => c.id === 'link').evidence.location.element);
        // The page is in front, as it is behind a real popup (a background tab does not scroll).
        await page.bringToFront();
        await popup.evaluate((win) => win.document.querySelector('[data-check="link"] .show-on-page').click());
        await popup.waitFor((win) => win.document.querySelector('[data-check="link"] .show-note')?.dataset.status === 'shown');
        // The outline sits over the link the check is about, which is now in view.
        await page.waitForFunction(() => document.querySelector('[data-beian-check-highlight]'), { timeout: 5000 });
        await sleep(800); // let a smooth scroll finish
        const seen = await page.evaluate(() => {
          const outline = document.querySelector('[data-beian-check-highlight]').getBoundingClientRect();
          const link = document.querySelector('a[href*="miitbeian"]').getBoundingClientRect();
          return {
            covers: outline.left <= link.left && outline.right >= link.right && outline.top <= link.top && outline.bottom >= link.bottom,
            inView: link.top >= 0 && link.bottom <= innerHeight,
            scrolled: scrollY > 0,
          };
        });
        assert.deepEqual(seen, { covers: true, inView: true, scrolled: true });
        await page.waitForFunction(() => !document.querySelector('[data-beian-check-highlight]'), { timeout: 6000 });
        // Nothing else was left behind: the page has the same elements as it was served with.
        assert.equal(await page.evaluate(() => document.querySelectorAll('[data-beian-check-highlight], [popover]').length), 0);
      } finally {
        await close();
      }
    });

    test('"show on page" says so when the element is hidden or the page changed', async () => {
      const hidden = byName('number-hidden');
      const { page, popup, close } = await ctx.open(hidden.name);
      try {
        await enterRecord(popup, hidden.record, 'type');
        await readReport(popup);
        await popup.click('[data-check="number"] .show-on-page');
        await popup.waitFor((win) => win.document.querySelector('[data-check="number"] .show-note')?.dataset.status === 'hidden');
        assert.equal(await page.evaluate(() => document.querySelectorAll('[data-beian-check-highlight]').length), 0);
        await page.reload({ waitUntil: 'load' });
        await popup.click('[data-check="number"] .show-on-page');
        await popup.waitFor((win) => win.document.querySelector('[data-check="number"] .show-note')?.dataset.status === 'stale');
      } finally {
        await close();
      }
    });

    test('snippet options change #snippet and its sandboxed preview', async () => {
      const { session } = ctx;
      const { popup, close } = await ctx.open(failing.name);
      try {
        await enterRecord(popup, `${failing.record}\n公安备案号：${MPS}\n`, 'type');
        await readReport(popup);
        const read = () =>
          popup.evaluate((win) => {
            const doc = win.document;
            const frame = doc.querySelector('#snippet-preview');
            return {
              snippet: doc.querySelector('#snippet').textContent,
              srcdoc: frame.getAttribute('srcdoc') ?? frame.srcdoc,
              sandbox: frame.getAttribute('sandbox'),
              frameReadable: (() => {
                try {
                  return frame.contentDocument !== null;
                } catch (e) {
                  return false;
                }
              })(),
              site: doc.querySelector('#snippet-number-site').checked,
              entity: doc.querySelector('#snippet-number-entity').checked,
              mpsShown: !doc.querySelector('#snippet-mps-option').hidden,
            };
          });
        let seen = await read();
        assert.equal(seen.sandbox, '', 'the preview frame is sandboxed without any permission');
        assert.equal(seen.frameReadable, false, 'the sandboxed preview has an opaque origin');
        assert.ok(seen.site && !seen.entity, 'the site number by default (RULES.md)');
        assert.ok(seen.mpsShown);
        assert.match(seen.snippet, /京ICP备16058732号-1</);
        assert.match(seen.snippet, /11010802020287/);
        assert.ok(seen.srcdoc.includes(seen.snippet), 'the preview renders the snippet shown');

        await popup.click('#snippet-mps');
        seen = await read();
        assert.doesNotMatch(seen.snippet, /公网安备/);
        assert.ok(seen.srcdoc.includes(seen.snippet));

        await popup.click('#snippet-number-entity');
        seen = await read();
        assert.match(seen.snippet, />京ICP备16058732号</);
        assert.ok(seen.entity && !seen.site);
        assert.ok(seen.srcdoc.includes(seen.snippet));
        // The choice is remembered with the site's record.
        await popup.waitFor(() => true);
        const items = await storedItems(session);
        assert.deepEqual(items['site:zhixingedu.com']?.snippet, { number: 'entity', includeMps: false });
      } finally {
        await close();
      }
    });

    test('the toolbar badge shows the verdict after a check and clears when the tab navigates', async () => {
      const { session } = ctx;
      const { page, popup, tabId, close } = await ctx.open(failing.name);
      const badge = () => extensionCall(session, (id) => (globalThis.browser ?? globalThis.chrome).action.getBadgeText({ tabId: id }), tabId);
      try {
        await enterRecord(popup, failing.record, 'type');
        await readReport(popup);
        assert.equal(await badge(), '✕');
        const title = await extensionCall(session, (id) => (globalThis.browser ?? globalThis.chrome).action.getTitle({ tabId: id }), tabId);
        assert.match(title, /(不符合|Does not comply)/);
        await page.reload({ waitUntil: 'load' });
        await sleep(300);
        assert.equal(await badge(), '');
      } finally {
        await close();
      }
    });

    test('a page loaded long ago that turns out to be changing is waited for, and the report says so', async () => {
      const { session } = ctx;
      await clearStorage(session);
      const restless = byName('hostile-restless-page');
      const page = await session.browser.newPage();
      try {
        await page.goto(restless.url, { waitUntil: 'load' });
        // Past the collector's late-paint window (3 s after load on a page with scripts) the page
        // is read at once and watched meanwhile; its ticker changes it within the watch.
        await page.waitForFunction(
          () => {
            const nav = performance.getEntriesByType('navigation')[0];
            return nav && nav.loadEventEnd > 0 && performance.now() - nav.loadEventEnd > 3200;
          },
          { polling: 100, timeout: 30_000 },
        );
        // The popup in a window of its own leaves the page in front, as a real popup does:
        // browsers clamp the timers of a tab in the background, and the ticker would slow down.
        const popup = await openPopupForTab(session, await session.tabIdOf(restless.url), { window: true });
        try {
          await enterRecord(popup, restless.record, 'check');
          const seen = await readReport(popup);
          assert.deepEqual(seen.notices, ['page_unsettled']);
          assert.equal(JSON.parse(seen.json).checks.find((c) => c.id === 'number').reason, 'number_site_found');
          // Caught changing, read again after the full wait (the collector's `maxWaitMs`, 3 s).
          const pageMs = await popup.evaluate((win) => win.beianTimings.pageMs);
          assert.ok(pageMs >= 2900, `in the page: ${pageMs} ms`);
        } finally {
          await popup.close();
        }
      } finally {
        await page.close();
      }
    });

    test('the report exports as text (in the UI language) and as JSON', async () => {
      const { session } = ctx;
      if (session.name === 'chromium') {
        // Chromium writes to the clipboard from a focused page only, unless allowed.
        await session.browser
          .defaultBrowserContext()
          .overridePermissions(session.extensionOrigin, ['clipboard-write', 'clipboard-sanitized-write']);
      }
      for (const lang of ['zh_CN', 'en']) {
        const { popup, close } = await ctx.open(failing.name, { query: `lang=${lang}` });
        try {
          await enterRecord(popup, failing.record, 'type');
          const seen = await readReport(popup);
          await popup.page.bringToFront(); // the clipboard takes writes from the focused page only
          await popup.evaluate((win) => {
            win.__e2e.copied = [];
          });
          await popup.click('#export-json');
          await popup.waitFor((win) => win.__e2e.copied.length > 0);
          const json = await popup.evaluate((win) => win.__e2e.copied.at(-1).text);
          assert.deepEqual(JSON.parse(json), JSON.parse(seen.json));
          // The confirmation follows once the clipboard took the text.
          await popup.waitFor((win) => win.document.querySelector('#export-status').dataset.ok !== undefined);
          assert.match(await popup.evaluate((win) => win.document.querySelector('#export-json').textContent), /(已复制|Copied)/);

          await popup.click('#export-text');
          await popup.waitFor((win) => win.__e2e.copied.length > 1);
          const text = await popup.evaluate((win) => win.__e2e.copied.at(-1).text);
          const words =
            lang === 'en'
              ? ['beian-check report', 'Page: http://www.zhixingedu.com/', 'Result: Does not comply', '[✕ Fail] Link to MIIT', 'How to fix: ', 'https://beian.miit.gov.cn/', 'Site number: 京ICP备16058732号-1']
              : ['备案检查报告', '页面：http://www.zhixingedu.com/', '结论：不符合', '[✕ 未通过] 备案号链接', '修改建议：', 'https://beian.miit.gov.cn/', '网站备案号：京ICP备16058732号-1'];
          for (const word of words) assert.ok(text.includes(word), `${lang}: ${word} missing in\n${text}`);
          // Failing rows come first.
          assert.ok(text.indexOf('✕') < text.indexOf('✓'), text);
        } finally {
          await close();
        }
      }
    });

    test('the strict setting requires the site number, and is stored', async () => {
      const { session } = ctx;
      const url = `http://${STRICT_HOST}/`;
      const first = await ctx.open(url);
      try {
        await enterRecord(first.popup, failing.record, 'type');
        let report = JSON.parse((await readReport(first.popup)).json);
        assert.equal(report.checks.find((c) => c.id === 'number').reason, 'number_entity_found');
        await first.popup.click('#options summary');
        await first.popup.click('#strict-site-number');
        await first.popup.waitFor((win) => win.document.querySelector('[data-check="number"]')?.dataset.reason === 'number_site_required');
        report = JSON.parse((await readReport(first.popup)).json);
        assert.equal(report.checks.find((c) => c.id === 'number').verdict, 'fail');
        assert.equal((await storedItems(session)).options?.strictSiteNumber, true);
      } finally {
        await first.popup.close();
      }
      const again = await openPopupForTab(session, first.tabId);
      try {
        const seen = await readReport(again);
        assert.equal(seen.rows.find((r) => r.id === 'number').reason, 'number_site_required');
        assert.equal(await again.evaluate((win) => win.document.querySelector('#strict-site-number').checked), true);
      } finally {
        await again.close();
        await first.page.close();
        await clearStorage(session);
      }
    });

    test('the language switch overrides the browser language and is stored', async () => {
      const { session } = ctx;
      const first = await ctx.open(failing.name);
      const texts = (popup) =>
        popup.evaluate((win) => ({
          lang: win.document.documentElement.lang,
          check: win.document.querySelector('#check').textContent,
          row: win.document.querySelector('[data-check="link"] .check-name')?.textContent,
          state: win.document.documentElement.dataset.state,
        }));
      try {
        await enterRecord(first.popup, failing.record, 'type');
        await readReport(first.popup);
        // The harness's browsers speak English.
        assert.deepEqual(await texts(first.popup), { lang: 'en', check: 'Check', row: 'Link to MIIT', state: 'ready' });
        await first.popup.click('#lang');
        await first.popup.waitFor((win) => win.document.documentElement.lang === 'zh-CN');
        assert.deepEqual(await texts(first.popup), { lang: 'zh-CN', check: '检查', row: '备案号链接', state: 'ready' });
        assert.equal((await storedItems(session)).options?.lang, 'zh_CN');
      } finally {
        await first.popup.close();
      }
      const again = await openPopupForTab(session, first.tabId);
      try {
        await readReport(again);
        assert.equal((await texts(again)).lang, 'zh-CN');
        await again.click('#lang');
        await again.waitFor((win) => win.document.documentElement.lang === 'en');
        assert.equal((await storedItems(session)).options?.lang, undefined, 'back to following the browser');
      } finally {
        await again.close();
        await first.page.close();
        await clearStorage(session);
      }
    });

    test('pages the extension may not read get a message saying why and what to do', async () => {
      const { session } = ctx;
      // Chromium's driver opens view-source: in a tab of its own it cannot tell apart.
      const restricted = browserName === 'chromium' ? ['chrome://version/'] : ['about:robots', `view-source:${failing.url}`];
      const cases = [
        ...restricted.map((url) => [url, 'restricted_page']),
        ['https://chromewebstore.google.com/', 'web_store'],
        ['https://addons.mozilla.org/', 'web_store'],
        [`http://${PDF_HOST}/filing.pdf`, 'pdf_page'],
      ];
      for (const [url, reason] of cases) {
        const page = await session.browser.newPage();
        // Some of these never report "loaded" to the driver, or fail to load (no network):
        // what matters is the URL the tab shows.
        await page.goto(url, { timeout: 5000 }).catch(() => {});
        // The newest tab that is not a page of the extension (restricted pages hide their URL).
        const tabs = await extensionCall(session, async () =>
          (await (globalThis.browser ?? globalThis.chrome).tabs.query({}))
            .filter((t) => !/^(chrome|moz)-extension:/.test(t.url || ''))
            .map((t) => t.id),
        );
        const tabId = Math.max(...tabs);
        const popup = await openPopupForTab(session, tabId);
        try {
          const seen = await popup.evaluate((win) => ({
            state: win.document.documentElement.dataset.state,
            error: win.document.querySelector('#message').dataset.error,
            title: win.document.querySelector('#message-title').textContent,
            body: win.document.querySelector('#message-body').textContent,
            retry: !win.document.querySelector('#retry').hidden,
          }));
          assert.equal(seen.state, 'error', url);
          assert.equal(seen.error, reason, `${url}: ${seen.body}`);
          assert.ok(seen.title.length > 0 && seen.body.length > 40, `${url}: ${JSON.stringify(seen)}`);
          assert.ok(!seen.retry, `${url}: trying again cannot help`);
        } finally {
          await popup.close();
          await page.close().catch(() => {});
        }
      }
    });

    if (extra) extra(ctx);
  });
}
