// The fixture suite in Chromium, through the test build (host permissions, popup as a tab).
import { fixtureSuite } from './lib/suite.mjs';

fixtureSuite('chromium', {
  // Let the popup's origin read the clipboard back, and focus it: reading needs focus.
  readClipboard: async (session, popup) => {
    await session.browser
      .defaultBrowserContext()
      .overridePermissions(session.extensionOrigin, ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
    await popup.page.bringToFront();
  },
});
