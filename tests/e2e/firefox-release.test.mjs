// The release build (dist/firefox, no host permissions) through Firefox's real user path: the
// page is open in a tab, the toolbar action is triggered the way a click triggers it (which
// grants activeTab), and the real popup checks the page.
//
// WebDriver BiDi has no command for the toolbar, but with --remote-allow-system-access it can
// evaluate in the browser window's chrome scope, where the action's own triggerAction (what a
// click and the keyboard shortcut call) is reachable. The driver cannot attach to the popup's
// document, so the test reaches it from another page of the extension via extension.getViews.
import { after, before, test } from 'node:test';

import { launchFirefox, RELEASE_BUILD } from './lib/browsers.mjs';
import { loadCases } from './lib/fixtures.mjs';
import { assertReport, enterRecord, popupOpened, readReport, ViewPopup } from './lib/popup.mjs';
import { startFixtureServer } from './lib/server.mjs';

const fixture = loadCases().find((c) => c.name === 'old-miit-address');
let server;
let session;

before(async () => {
  server = await startFixtureServer([fixture]);
  session = await launchFirefox({ extensionDir: RELEASE_BUILD.firefox, hosts: server.hosts, port: server.port });
});

after(async () => {
  await session?.close();
  await server?.close();
});

/** Evaluate `expression` (awaited) in the browser window's chrome scope; returns its BiDi value. */
async function evaluateInBrowserWindow(expression) {
  const connection = session.browser.connection;
  const { result: tree } = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const window = tree.contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml');
  if (!window) throw new Error(`no browser window among ${JSON.stringify(tree.contexts)}`);
  const { result } = await connection.send('script.evaluate', {
    expression,
    target: { context: window.context },
    awaitPromise: true,
    resultOwnership: 'none',
  });
  if (result.type === 'exception') throw new Error(`chrome scope: ${JSON.stringify(result.exceptionDetails)}`);
  return result.result;
}

/** Click the extension's toolbar action in the window's selected tab. */
async function clickAction() {
  await evaluateInBrowserWindow(`(async () => {
    const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
    const extension = ExtensionParent.GlobalManager.getExtension(${JSON.stringify(session.extensionId)});
    await extension.apiManager.global.browserActionFor(extension).triggerAction(window);
  })()`);
}

test(`release build, real user path: toolbar click on ${fixture.name} gives the expected report`, async () => {
  // The page that reaches the popup; opened first so the fixture's tab is the selected one.
  const control = await session.openExtensionPage('popup/popup.html');
  const page = await session.openFixture(fixture);
  await page.bringToFront();
  await clickAction();
  const popup = new ViewPopup(control);
  await popupOpened(popup);
  await enterRecord(popup, fixture.record, 'type');
  assertReport(await readReport(popup), fixture);
});
