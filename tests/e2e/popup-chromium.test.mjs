// The popup's everyday features (issue #5) in Chromium, through the test build; then what only
// Chromium's driver can hold: keyboard-only use, Ctrl+C in the snippet box, 200% zoom, and
// axe-core's WCAG A/AA rules in every state, language and theme.
import { popupFeatureSuite } from './lib/popup-features.mjs';

popupFeatureSuite('chromium');
