// Launching a browser with the extension installed, one session per test file.
//
// A session hides the differences between Chromium (CDP) and Firefox ESR (WebDriver BiDi) so the
// same fixtures and assertions run in both:
//   session.extensionUrl(path)   chrome-extension://<id>/path or moz-extension://<uuid>/path
//   session.openFixture(fixture) a new tab showing the fixture's page under its own host name
//   session.tabIdOf(url)         the extension API's tab id of the tab showing `url`
//   session.openExtensionPage(p) a new tab showing an extension page (p = 'popup/popup.html?...')
//   session.clickAction(url)     Chromium: click the toolbar action on the tab showing `url`
//                                (CDP Extensions.triggerAction, which grants activeTab as a
//                                click does); resolves to the real popup's page
//   session.close()              closes the browser and removes its profile
// Browser facts this relies on: /work/shared/BROWSER-TESTING.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

import { ROOT } from './fixtures.mjs';

export const CHROMIUM = '/usr/bin/chromium';
export const FIREFOX = '/usr/bin/firefox-esr';

/** The test build (host permissions, for automation) and the release build of each browser. */
export const TEST_BUILD = { chromium: path.join(ROOT, 'dist-test/chrome'), firefox: path.join(ROOT, 'dist-test/firefox') };
export const RELEASE_BUILD = { chromium: path.join(ROOT, 'dist/chrome'), firefox: path.join(ROOT, 'dist/firefox') };

/** A desktop viewport, so the fixtures' fixed-width layouts fit and sit centred. */
const VIEWPORT = { width: 1280, height: 800 };

/** Firefox's internal extension id is random per profile; this pref fixes it. */
const FIREFOX_UUID = '7f3b1f0e-2c4d-4b8a-9e61-5d0c3a9b8e21';

function geckoId(extensionDir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(extensionDir, 'manifest.json'), 'utf8'));
  return manifest.browser_specific_settings.gecko.id;
}

function requireBuild(extensionDir) {
  if (!fs.existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error(`${extensionDir} is not built: run ./build.sh test (or ./build.sh --test)`);
  }
}

/** Open `url` in `page` and wait until its document has loaded. */
async function gotoLoaded(page, url) {
  await page.goto(url, { waitUntil: 'load' });
}

/**
 * Launch Chromium with `extensionDir` installed; fixture host names resolve to the fixture
 * server at 127.0.0.1:`port`.
 */
export async function launchChromium({ extensionDir, hosts, port }) {
  requireBuild(extensionDir);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beian-e2e-chromium-'));
  const rules = hosts.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(',');
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    pipe: true,
    enableExtensions: true,
    userDataDir,
    defaultViewport: VIEWPORT,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--host-resolver-rules=${rules}`,
    ],
  });
  try {
    const extensionId = await browser.installExtension(extensionDir);
    return new Session({
      name: 'chromium',
      browser,
      extensionOrigin: `chrome-extension://${extensionId}`,
      extensionId,
      cleanup: () => fs.rmSync(userDataDir, { recursive: true, force: true }),
    });
  } catch (e) {
    await browser.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Make `browser.newPage()` try again when Firefox's remote agent fails to create a tab because
 * another tab went away at that moment ("browsingContext.create: no such frame
 * DiscardedBrowsingContextError"), which happens when tests open and close tabs side by side.
 * Returns `browser`.
 */
export function retryNewPage(browser) {
  if (browser.__retryNewPage) return browser;
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (...args) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await newPage(...args);
      } catch (e) {
        if (attempt >= 3 || !/DiscardedBrowsingContext|no such frame/.test(String(e && e.message))) throw e;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  };
  browser.__retryNewPage = true;
  return browser;
}

/**
 * Launch Firefox ESR (WebDriver BiDi) with `extensionDir` installed as a temporary add-on;
 * fixture host names reach the fixture server through an HTTP proxy setting.
 */
export async function launchFirefox({ extensionDir, port }) {
  requireBuild(extensionDir);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    defaultViewport: VIEWPORT,
    // Without it the driver cannot open moz-extension:// pages.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [geckoId(extensionDir)]: FIREFOX_UUID }),
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': port,
      'network.proxy.no_proxies_on': '',
    },
  });
  retryNewPage(browser); // the suites open and close tabs side by side
  try {
    const extensionId = await browser.installExtension(extensionDir);
    return new Session({
      name: 'firefox',
      browser,
      extensionOrigin: `moz-extension://${FIREFOX_UUID}`,
      extensionId,
      cleanup: () => {},
    });
  } catch (e) {
    await browser.close();
    throw e;
  }
}

/** Launch `name` ('chromium' or 'firefox'); see launchChromium and launchFirefox. */
export function launch(name, options) {
  return name === 'firefox' ? launchFirefox(options) : launchChromium(options);
}

class Session {
  constructor({ name, browser, extensionOrigin, extensionId, cleanup }) {
    this.name = name;
    this.browser = browser;
    this.extensionOrigin = extensionOrigin;
    this.extensionId = extensionId;
    this.cleanup = cleanup;
    this.control = null;
  }

  extensionUrl(pathAndQuery) {
    return `${this.extensionOrigin}/${pathAndQuery}`;
  }

  /** A new tab showing the fixture's page at http://<host>/. */
  async openFixture(fixture) {
    const page = await this.browser.newPage();
    await gotoLoaded(page, fixture.url);
    return page;
  }

  /**
   * A new tab showing an extension page (with `window`, in a new window). Firefox never reports
   * such a navigation as loaded (BROWSER-TESTING.md), so wait for the document itself instead of
   * the navigation.
   */
  async openExtensionPage(pathAndQuery, { window = false } = {}) {
    // In a window of its own, the page it is about stays in front of its window, as under a real
    // popup: browsers clamp the timers of a tab in the background.
    const page = await this.browser.newPage(window ? { type: 'window' } : undefined);
    const url = this.extensionUrl(pathAndQuery);
    if (this.name === 'firefox') {
      page.goto(url).catch(() => {}); // never resolves in Firefox; the poll below replaces it
      // Poll from here rather than with waitForFunction: the navigation replaces the document
      // the wait would run in, which fails the wait ("Waiting failed") instead of retrying it.
      const deadline = Date.now() + 20_000;
      for (;;) {
        const loaded = await page
          .evaluate((u) => location.href === u && document.readyState === 'complete', url)
          .catch(() => false);
        if (loaded) break;
        if (Date.now() > deadline) throw new Error(`${url} did not load`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } else {
      await gotoLoaded(page, url);
    }
    return page;
  }

  /** The tab id (as the extension APIs see it) of the one tab showing `url`. */
  async tabIdOf(url) {
    // Any extension page can call tabs.query; the popup page is the one the package has.
    this.control ??= await this.openExtensionPage('popup/popup.html');
    // Query every tab and filter here: Firefox's tabs.query({url}) misses URLs with a port.
    const tabs = await this.control.evaluate(async () => {
      const api = globalThis.browser ?? globalThis.chrome;
      return (await api.tabs.query({})).map((t) => ({ id: t.id, url: t.url }));
    });
    const matches = tabs.filter((t) => t.url === url);
    if (matches.length !== 1) {
      throw new Error(`expected one tab at ${url}, found ${JSON.stringify(tabs)}`);
    }
    return matches[0].id;
  }

  async clickAction(url) {
    const cdp = await this.browser.target().createCDPSession();
    try {
      // triggerAction wants the tab's target id, not its page's ("can only be triggered on a tab target").
      const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] });
      const tab = targetInfos.find((t) => t.url === url);
      if (!tab) throw new Error(`no tab target at ${url}: ${JSON.stringify(targetInfos)}`);
      const popupUrl = this.extensionUrl(`popup/popup.html`);
      const opened = this.browser.waitForTarget((t) => t.url().startsWith(popupUrl), { timeout: 10_000 });
      await cdp.send('Extensions.triggerAction', { id: this.extensionId, targetId: tab.targetId });
      return (await opened).asPage();
    } finally {
      await cdp.detach();
    }
  }

  async close() {
    try {
      await this.browser.close();
    } finally {
      this.cleanup();
    }
  }
}
