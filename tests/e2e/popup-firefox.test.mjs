// The popup's everyday features (issue #5) in Firefox ESR, through the test build.
import { popupFeatureSuite } from './lib/popup-features.mjs';

popupFeatureSuite('firefox');
