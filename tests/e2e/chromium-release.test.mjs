// The release build (dist/chrome, no host permissions) through the real user path: the page is
// open in a tab, the toolbar action is clicked (CDP Extensions.triggerAction, which grants
// activeTab as a click does), and the real popup checks the page.
import { after, before, test } from 'node:test';

import { launchChromium, RELEASE_BUILD } from './lib/browsers.mjs';
import { loadCases } from './lib/fixtures.mjs';
import { assertReport, enterRecord, PagePopup, popupOpened, readReport } from './lib/popup.mjs';
import { startFixtureServer } from './lib/server.mjs';

const fixture = loadCases().find((c) => c.name === 'old-miit-address');
let server;
let session;

before(async () => {
  server = await startFixtureServer([fixture]);
  session = await launchChromium({ extensionDir: RELEASE_BUILD.chromium, hosts: server.hosts, port: server.port });
});

after(async () => {
  await session?.close();
  await server?.close();
});

test(`release build, real user path: toolbar click on ${fixture.name} gives the expected report`, async () => {
  const page = await session.openFixture(fixture);
  await page.bringToFront();
  const popup = new PagePopup(await session.clickAction(fixture.url));
  await popupOpened(popup);
  await enterRecord(popup, fixture.record, 'type');
  assertReport(await readReport(popup), fixture);
});
