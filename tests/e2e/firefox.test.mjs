// The fixture suite in Firefox ESR over WebDriver BiDi, through the test build (host
// permissions, popup as a tab). Firefox asks before a page reads the clipboard, so the Copy
// test checks what the popup handed to the clipboard instead of reading it back.
import { fixtureSuite } from './lib/suite.mjs';

fixtureSuite('firefox', { readClipboard: null });
