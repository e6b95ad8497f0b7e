// Driving the www page (dist/www, issue #6) through its automation contract, which is the
// popup's: `html[data-state]`, `#record`, `#check`, `[data-check][data-verdict][data-reason]`,
// `#overall`, `#snippet`, `#copy`, `#report-json`, plus `#html` (page source) and `#url`.
// Because the contract is the same, the popup's driver (popup.mjs) reads its reports.
import path from 'node:path';

import { ROOT } from './fixtures.mjs';
import { PagePopup, popupOpened } from './popup.mjs';

export const WWW_DIR = path.join(ROOT, 'dist/www');

/**
 * Open the www page at `url` (the server's URL plus an optional query) in a new tab of
 * `browser` and wait until it has settled. Resolves to a popup.mjs driver for it.
 */
export async function openWww(browser, url) {
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const www = new PagePopup(page);
  await popupOpened(www);
  return www;
}

/**
 * Fill the given boxes (`html`, `url`, `record`: text, or undefined to leave a box alone) as a
 * paste does: the value, then one input event each. With `click`, set the values without events
 * and click `#check`, so only the button can have started the check.
 */
export async function fillWww(www, fields, { click = false } = {}) {
  await www.evaluate(
    (win, values, silent) => {
      for (const [id, value] of Object.entries(values)) {
        if (value === undefined) continue;
        const el = win.document.getElementById(id);
        el.focus();
        el.value = value;
        if (!silent) el.dispatchEvent(new win.InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
      }
    },
    fields,
    click,
  );
  // A click from the page's script: the driver's mouse would wait for a frame to be drawn, which
  // a tab in the background never draws.
  if (click) await www.evaluate((win) => win.document.getElementById('check').click());
}

/** Check `fixture` on the www page: its source, its URL `http://<host>/` and its record. */
export async function checkFixtureOnWww(www, fixture, options) {
  await fillWww(www, { html: fixture.html.toString('utf8'), url: fixture.url, record: fixture.record }, options);
}
