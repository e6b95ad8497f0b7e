// The popup's everyday features (issue #5) in Chromium, through the test build; then what only
// Chromium's driver can hold: keyboard-only use, Ctrl+C in the snippet box, 200% zoom, and
// axe-core's WCAG A/AA rules in every state, language and theme. One browser for the file.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import { clearStorage, popupFeatureSuite } from './lib/popup-features.mjs';
import { enterRecord, PagePopup, popupOpened, readReport } from './lib/popup.mjs';

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** The WCAG 2.x A and AA rules of axe-core. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Open the popup as a tab for `tabId` in a page of `viewport` size, language `lang`, `theme`. */
async function openSizedPopup(session, tabId, { lang = 'en', theme = 'light', viewport = { width: 440, height: 600 } } = {}) {
  const page = await session.browser.newPage();
  await page.setViewport(viewport);
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
  await page.goto(session.extensionUrl(`popup/popup.html?tab=${tabId}&lang=${lang}`));
  const popup = new PagePopup(page);
  await popupOpened(popup);
  return popup;
}

/** Open every disclosure of a report (row details, the other checks, options). */
function openEverything(popup) {
  return popup.evaluate((win) => {
    for (const details of win.document.querySelectorAll('details')) details.open = true;
  });
}

popupFeatureSuite('chromium', {
  extra(ctx) {
    const failing = () => ctx.cases.find((c) => c.name === 'old-miit-address');

    test('keyboard only: tab order, visible focus, Enter and Space', async () => {
      const { page, popup, close } = await ctx.open(failing().name);
      const keyboard = popup.page.keyboard;
      const focused = () =>
        popup.evaluate((win) => {
          const el = win.document.activeElement;
          if (el === win.document.body) return { name: 'body', outline: true, ring: false };
          const style = win.getComputedStyle(el);
          const row = el.closest('[data-check]');
          return {
            name: el.id ? `#${el.id}` : el.localName === 'summary' ? `summary${row ? `@${row.dataset.check}` : `@${el.parentElement.id}`}` : `.${el.className.split(' ').at(-1)}${row ? `@${row.dataset.check}` : ''}`,
            outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
            ring: style.boxShadow !== 'none',
          };
        });
      try {
        await popup.page.bringToFront();
        await keyboard.press('Tab');
        assert.equal((await focused()).name, '#lang');
        await keyboard.press('Tab');
        assert.equal((await focused()).name, '#record');
        await keyboard.type(failing().record);
        await keyboard.press('Tab');
        assert.equal((await focused()).name, '#check');
        await keyboard.press('Enter');
        await readReport(popup);

        // Walk the whole page forwards and note every stop.
        await popup.evaluate((win) => win.document.querySelector('#lang').focus());
        const stops = [];
        for (let i = 0; i < 40; i++) {
          const seen = await focused();
          if (seen.name === 'body' || stops.some((s) => s.name === seen.name)) break;
          stops.push(seen);
          await keyboard.press('Tab');
        }
        const names = stops.map((s) => s.name);
        const expected = [
          '#lang',
          '#record',
          '#check',
          '#forget',
          'summary@options',
          'summary@link',
          '.show-on-page@link',
          '#checks-rest-summary',
          '#copy',
          '#snippet-number-site',
          '#snippet',
          '#export-text',
          '#export-json',
        ];
        assert.deepEqual(names.filter((n) => expected.includes(n)), expected, names.join(' '));
        for (const stop of stops) {
          assert.ok(stop.outline || (stop.name === '#record' && stop.ring), `no visible focus on ${stop.name}`);
        }

        // Space opens a disclosure, Enter presses a button, arrows move between radios.
        await popup.evaluate((win) => win.document.querySelector('#checks-rest summary').focus());
        await keyboard.press('Space');
        assert.equal(await popup.evaluate((win) => win.document.querySelector('#checks-rest').open), true);
        await popup.evaluate((win) => win.document.querySelector('#snippet-number-site').focus());
        await keyboard.press('ArrowRight');
        assert.match(await popup.evaluate((win) => win.document.querySelector('#snippet').textContent), />京ICP备16058732号</);
        await popup.evaluate((win) => win.document.querySelector('[data-check="link"] .show-on-page').focus());
        await keyboard.press('Enter');
        await popup.waitFor((win) => win.document.querySelector('[data-check="link"] .show-note')?.dataset.status === 'shown');
        assert.equal(await page.evaluate(() => document.querySelectorAll('[data-beian-check-highlight]').length), 1);
      } finally {
        await close();
      }
    });

    test('Ctrl+C in the snippet box copies the whole snippet and confirms it', async () => {
      const { session } = ctx;
      const { popup, close } = await ctx.open(failing().name);
      try {
        await session.browser
          .defaultBrowserContext()
          .overridePermissions(session.extensionOrigin, ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
        await popup.page.bringToFront();
        await enterRecord(popup, failing().record, 'type');
        const seen = await readReport(popup);
        await popup.evaluate((win) => win.navigator.clipboard.writeText(''));
        await popup.evaluate((win) => win.document.querySelector('#snippet').focus());
        await popup.page.keyboard.down('Control');
        await popup.page.keyboard.press('KeyC', { commands: ['copy'] });
        await popup.page.keyboard.up('Control');
        await popup.waitFor((win) => win.document.querySelector('#copy').classList.contains('copied'));
        assert.equal(await popup.evaluate((win) => win.navigator.clipboard.readText()), seen.snippet);
      } finally {
        await close();
      }
    });

    test('at 200% zoom (a 400 px wide popup) nothing overflows sideways', async () => {
      const { session } = ctx;
      const { page, popup: first, tabId } = await ctx.open(failing().name);
      await first.close();
      for (const lang of ['zh_CN', 'en']) {
        const popup = await openSizedPopup(session, tabId, { lang, viewport: { width: 400, height: 300, deviceScaleFactor: 2 } });
        try {
          await enterRecord(popup, `${failing().record}\n公安备案号：京公网安备11010802020287号\n`, 'type');
          await readReport(popup);
          await openEverything(popup);
          const overflow = await popup.evaluate((win) => {
            const doc = win.document;
            const width = win.innerWidth;
            const out = [];
            if (doc.documentElement.scrollWidth > width) out.push(`document ${doc.documentElement.scrollWidth} > ${width}`);
            for (const el of doc.body.querySelectorAll('*')) {
              if (el.closest('[hidden], .visually-hidden')) continue;
              const r = el.getBoundingClientRect();
              if (r.width === 0 && r.height === 0) continue;
              if (r.right > width + 0.5) out.push(`${el.localName}.${el.className} right ${Math.round(r.right)}`);
              const cs = win.getComputedStyle(el);
              if (el.scrollWidth > el.clientWidth + 1 && cs.overflowX !== 'visible' && cs.textOverflow !== 'ellipsis' && el.localName !== 'textarea') {
                out.push(`${el.localName}.${el.className} clips ${el.scrollWidth} > ${el.clientWidth}`);
              }
            }
            return out;
          });
          assert.deepEqual(overflow, [], `${lang}: ${overflow.join('; ')}`);
        } finally {
          await popup.close();
        }
      }
      await page.close();
      await clearStorage(session);
    });

    test('axe-core finds no WCAG A/AA violation in any state, language or theme', async () => {
      const { session } = ctx;
      const { page, popup: first, tabId } = await ctx.open(failing().name);
      await first.close();
      const tabs = await session.control.evaluate(async () => (await (globalThis.browser ?? globalThis.chrome).tabs.query({})).map((t) => t.id));
      const versionPage = await session.browser.newPage();
      await versionPage.goto('chrome://version/').catch(() => {});
      const after = await session.control.evaluate(async () => (await (globalThis.browser ?? globalThis.chrome).tabs.query({})).map((t) => t.id));
      const restrictedTab = Math.max(...after.filter((t) => !tabs.includes(t)));
      const problems = [];
      try {
        for (const lang of ['zh_CN', 'en']) {
          for (const theme of ['light', 'dark']) {
            for (const state of ['idle', 'ready', 'error']) {
              await clearStorage(session);
              const popup = await openSizedPopup(session, state === 'error' ? restrictedTab : tabId, { lang, theme });
              try {
                if (state === 'ready') {
                  await enterRecord(popup, `${failing().record}\n公安备案号：京公网安备11010802020287号\n`, 'type');
                  await readReport(popup);
                  await openEverything(popup);
                }
                assert.equal(await popup.evaluate((win) => win.document.documentElement.dataset.state), state);
                await popup.page.evaluate(AXE_SOURCE);
                // The preview frame runs no script, so axe cannot enter it (its document is ours).
                const violations = await popup.page.evaluate(async (tags) => {
                  const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, iframes: false });
                  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
                }, AXE_TAGS);
                for (const v of violations) problems.push(`${lang}/${theme}/${state}: ${v}`);
              } finally {
                await popup.close();
              }
            }
          }
        }
      } finally {
        await page.close();
        await versionPage.close().catch(() => {});
        await clearStorage(session);
      }
      assert.deepEqual(problems, []);
    });
  },
});
