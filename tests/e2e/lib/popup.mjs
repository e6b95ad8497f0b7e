// Driving the popup through its automation contract (issue #2), and the assertions every
// browser test makes on a fixture's report.
//
// Contract: `popup.html?tab=<id>` checks that tab; `html[data-state]` is `checking` while a check
// runs, `ready` when its report is shown (final once `html[data-watching]` is gone), `error` when
// it could not run; the record box is
// `#record` (a check runs on input, or on `#check`); one `[data-check=<id>]` per check with
// `data-verdict` and `data-reason`; `#overall[data-verdict]`; `#snippet`; `#copy`; the report
// as JSON in `#report-json`.
//
// The popup is reached through a handle, so one driver serves every way in:
// - `PagePopup`: the popup is a page the driver attached to (a tab, or Chromium's real popup);
// - `ViewPopup`: Firefox's real popup, which the driver cannot attach to, reached from another
//   extension page through `extension.getViews({type: 'popup'})`.
// Functions run in the popup take its window as their first argument (`win`).
import assert from 'node:assert/strict';

/** How long the popup must stay unchanged before its report counts as final. */
const QUIET_MS = 600;
const TIMEOUT_MS = 20_000;

/** A popup the driver is attached to as a page. */
export class PagePopup {
  constructor(page) {
    this.page = page;
    this.win = null;
  }

  async window() {
    this.win ??= await this.page.evaluateHandle(() => window);
    return this.win;
  }

  async evaluate(fn, ...args) {
    return this.page.evaluate(fn, await this.window(), ...args);
  }

  async waitFor(fn, ...args) {
    await this.page.waitForFunction(fn, { polling: 50, timeout: TIMEOUT_MS }, await this.window(), ...args);
  }

  /** Key by key, as a user types. */
  async type(selector, text) {
    await this.page.type(selector, text);
  }

  async click(selector) {
    await this.page.click(selector);
  }

  async close() {
    await this.page.close();
  }
}

/** Firefox's real popup, driven from `control`, another page of the same extension. */
export class ViewPopup extends PagePopup {
  constructor(control) {
    super(control);
  }

  /** Wait until the extension has a popup view with a loaded document, and hold on to it. */
  async window() {
    if (!this.win) {
      await this.page.waitForFunction(
        () => {
          const api = globalThis.browser ?? globalThis.chrome;
          const [view] = api.extension.getViews({ type: 'popup' });
          return view?.document.readyState === 'complete';
        },
        { polling: 50, timeout: TIMEOUT_MS },
      );
      this.win = await this.page.evaluateHandle(() => (globalThis.browser ?? globalThis.chrome).extension.getViews({ type: 'popup' })[0]);
    }
    return this.win;
  }

  /** The driver cannot send keys to this popup: set the value and fire one input event, as a paste does. */
  async type(selector, text) {
    await this.evaluate(
      (win, sel, value) => {
        const el = win.document.querySelector(sel);
        el.focus();
        el.value += value;
        el.dispatchEvent(new win.InputEvent('input', { bubbles: true, inputType: 'insertFromPaste', data: value }));
      },
      selector,
      text,
    );
  }

  async click(selector) {
    await this.evaluate((win, sel) => win.document.querySelector(sel).click(), selector);
  }

  async close() {
    await this.evaluate((win) => win.close());
  }
}

/**
 * Wait until the popup is interactive and its first state settled, and start watching it: every
 * DOM mutation and input event moves `__e2e.lastChange`. A report is final when the state is
 * `ready` and nothing changed for QUIET_MS, so a check still pending behind a debounce is not
 * mistaken for the final one. Also records what the popup hands to the clipboard.
 */
export async function popupOpened(popup) {
  await popup.waitFor((win) => Boolean(win.document.querySelector('#record')));
  await popup.evaluate((win) => {
    if (win.__e2e) return;
    const e2e = { lastChange: win.performance.now(), copied: [] };
    win.__e2e = e2e;
    const touch = () => {
      e2e.lastChange = win.performance.now();
    };
    new win.MutationObserver(touch).observe(win.document.documentElement, {
      attributes: true,
      childList: true,
      characterData: true,
      subtree: true,
    });
    win.document.addEventListener('input', touch, true);
    win.document.addEventListener('copy', (event) => {
      e2e.copied.push({ via: 'copy-event', text: event.clipboardData?.getData('text/plain') || String(win.getSelection()) });
    }, true);
    const clipboard = win.navigator.clipboard;
    if (clipboard?.writeText) {
      const writeText = clipboard.writeText.bind(clipboard);
      clipboard.writeText = (text) => {
        e2e.copied.push({ via: 'writeText', text });
        return writeText(text);
      };
    }
  });
  await popup.waitFor((win) => win.document.documentElement.dataset.state !== 'checking');
}

/** Open the popup as a tab for `tabId` (the test build's way in); with `window`, in a new window. */
export async function openPopupForTab(session, tabId, { window = false } = {}) {
  const popup = new PagePopup(await session.openExtensionPage(`popup/popup.html?tab=${tabId}`, { window }));
  await popupOpened(popup);
  return popup;
}

/**
 * Enter `record` into `#record`: `how` = 'type' types it (input events as a user makes them);
 * 'paste' sets it at once with one `insertFromPaste` input event, as a paste does (and as
 * `ViewPopup.type` does); 'check' sets the value without any input event and clicks `#check`,
 * so only the button can have started the check.
 */
export async function enterRecord(popup, record, how = 'type') {
  await popup.evaluate((win) => {
    win.document.querySelector('#record').value = '';
  });
  if (how === 'type') {
    await popup.type('#record', record);
  } else if (how === 'paste') {
    await popup.evaluate((win, value) => {
      const el = win.document.querySelector('#record');
      el.focus();
      el.value = value;
      el.dispatchEvent(new win.InputEvent('input', { bubbles: true, inputType: 'insertFromPaste', data: value }));
    }, record);
  } else {
    await popup.evaluate((win, text) => {
      win.document.querySelector('#record').value = text;
    }, record);
    await popup.click('#check');
  }
}

/** Wait for the final report and read everything the contract exposes. */
export async function readReport(popup) {
  await popup.waitFor((win, quietMs) => {
    const root = win.document.documentElement;
    const state = root.dataset.state;
    const settled = win.performance.now() - win.__e2e.lastChange >= quietMs && !('watching' in root.dataset);
    return settled && (state === 'ready' || state === 'error');
  }, QUIET_MS);
  return popup.evaluate((win) => {
    const doc = win.document;
    const text = (sel) => doc.querySelector(sel)?.textContent ?? null;
    const state = doc.documentElement.dataset.state;
    return {
      state,
      overall: doc.querySelector('#overall')?.dataset.verdict ?? null,
      rows: [...doc.querySelectorAll('[data-check]')].map((e) => ({
        id: e.dataset.check,
        verdict: e.dataset.verdict,
        reason: e.dataset.reason,
      })),
      notices: doc.querySelector('#notices')?.hidden ? [] : [...doc.querySelectorAll('[data-notice]')].map((e) => e.dataset.notice),
      json: text('#report-json'),
      snippet: text('#snippet'),
      errorText: state === 'error' ? doc.body.innerText.slice(0, 500) : null,
    };
  });
}

/** Assert the popup's report for `fixture` against its expected.json. Returns the parsed report. */
export function assertReport(seen, fixture) {
  const { expected, name } = fixture;
  assert.equal(seen.state, 'ready', `${name}: popup state (${seen.errorText ?? ''})`);
  assert.ok(seen.json, `${name}: #report-json is empty`);
  const report = JSON.parse(seen.json);
  const rows = new Map(seen.rows.map((r) => [r.id, r]));
  const checks = new Map(report.checks.map((c) => [c.id, c]));

  for (const [id, [verdict, reason]] of Object.entries(expected.checks)) {
    const row = rows.get(id);
    assert.ok(row, `${name}: no [data-check=${id}] row`);
    assert.deepEqual(
      { verdict: row.verdict, reason: row.reason },
      { verdict, reason },
      `${name}: ${id} (evidence: ${JSON.stringify(checks.get(id)?.evidence)})`,
    );
  }
  // Optional evidence fields: { "<check id>": { "<field>": <value>, ... } } (e.g. why it is hidden).
  for (const [id, fields] of Object.entries(expected.evidence ?? {})) {
    const evidence = checks.get(id)?.evidence ?? {};
    for (const [field, want] of Object.entries(fields)) {
      assert.deepEqual(evidence[field], want, `${name}: ${id} evidence.${field} (evidence: ${JSON.stringify(evidence)})`);
    }
  }
  // The rows render the JSON: same checks, same verdicts and reasons.
  for (const check of report.checks) {
    const row = rows.get(check.id);
    assert.ok(row, `${name}: check ${check.id} in #report-json has no row`);
    assert.deepEqual(
      { verdict: row.verdict, reason: row.reason },
      { verdict: check.verdict, reason: check.reason },
      `${name}: row ${check.id} disagrees with #report-json`,
    );
  }
  assert.equal(seen.overall, report.overall, `${name}: #overall disagrees with #report-json`);
  if (expected.overall) {
    assert.equal(
      report.overall,
      expected.overall,
      `${name}: overall verdict (checks: ${report.checks.map((c) => `${c.id}=${c.verdict}/${c.reason}`).join(' ')})`,
    );
  }
  // Optional: exactly the notices shown.
  if (expected.notices) {
    assert.deepEqual([...seen.notices].sort(), [...expected.notices].sort(), `${name}: notices shown`);
  }
  assert.ok(seen.snippet?.includes(fixture.snippetNumber), `${name}: #snippet lacks ${fixture.snippetNumber}: ${seen.snippet}`);
  assert.ok(seen.snippet.includes('beian.miit.gov.cn'), `${name}: #snippet lacks the MIIT address`);
  return report;
}

/**
 * Click `#copy` and return what reached the clipboard: read back from the system clipboard
 * when `readClipboard` (Chromium, with the permission granted), else what the popup handed to
 * the clipboard API or the copy event.
 */
export async function copySnippet(popup, { readClipboard }) {
  await popup.evaluate(async (win, clear) => {
    if (clear) await win.navigator.clipboard.writeText('');
    win.__e2e.copied = [];
  }, readClipboard);
  await popup.click('#copy');
  await popup.waitFor((win) => win.__e2e.copied.length > 0);
  if (!readClipboard) {
    return popup.evaluate((win) => win.__e2e.copied.at(-1).text);
  }
  // The write may still be in flight when the click returns.
  for (let i = 0; i < 50; i++) {
    const text = await popup.evaluate((win) => win.navigator.clipboard.readText());
    if (text) return text;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return '';
}
