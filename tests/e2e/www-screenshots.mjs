// Regenerates the README's screenshots of the www page (dist/www) in docs/screenshots/:
//   www-check-zh_CN.png   check mode on a failing fixture page, in Chinese (the default)
//   www-check-en.png      the same in English
//   www-check-<zh_CN|en>-dark.png  the same in the dark theme (the system's prefers-color-scheme)
//   www-footer-zh_CN.png  footer mode on a record with two sites and a 公安 number
//
//   node tests/e2e/www-screenshots.mjs     (or ./build.sh screenshots, which builds first)
//
// Not a test (node --test does not pick this file up): it writes committed images.
import fs from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

import { CHROMIUM } from './lib/browsers.mjs';
import { loadCases, ROOT } from './lib/fixtures.mjs';
import { assertReport, readReport } from './lib/popup.mjs';
import { checkFixtureOnWww, fillWww, openWww, WWW_DIR } from './lib/www-page.mjs';
import { startWwwServer } from './lib/www-server.mjs';

const OUT = path.join(ROOT, 'docs/screenshots');
/** A desktop window: wide enough for the two columns. */
const VIEWPORT = { width: 1280, height: 900, deviceScaleFactor: 1 };
const CASE = 'old-miit-address';

const FOOTER_RECORD = `主办单位名称：杭州云帆网络科技有限公司
主办单位性质：企业
主体备案号：浙ICP备20031234号
网站名称：云帆博客
网站域名：yunfanblog.cn
网站备案号：浙ICP备20031234号-1
公安备案号：浙公网安备33010602011234号
网站名称：云帆商城
网站域名：yunfanshop.com
网站备案号：浙ICP备20031234号-2`;

/** Let the frames paint, move focus and the caret out of the picture, and take the page. */
async function shoot(www, name) {
  await www.evaluate((win) => {
    win.document.activeElement?.blur();
    for (const box of win.document.querySelectorAll('textarea')) box.scrollTop = 0;
  });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const file = path.join(OUT, name);
  await www.page.screenshot({ path: file, fullPage: true });
  console.log(`wrote ${path.relative(ROOT, file)}`);
}

const fixture = loadCases().find((c) => c.name === CASE);
const server = await startWwwServer(WWW_DIR);
const browser = await puppeteer.launch({
  executablePath: CHROMIUM,
  headless: true,
  pipe: true,
  defaultViewport: VIEWPORT,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--hide-scrollbars'],
});
try {
  fs.mkdirSync(OUT, { recursive: true });
  for (const theme of ['light', 'dark']) {
    for (const lang of ['zh_CN', 'en']) {
      const www = await openWww(browser, `${server.url}?lang=${lang}`);
      await www.page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
      await checkFixtureOnWww(www, fixture);
      assertReport(await readReport(www), fixture);
      // Open the failing check's details, as a user reading the report would.
      await www.evaluate((win) => win.document.querySelector('[data-verdict="fail"] details')?.setAttribute('open', ''));
      await shoot(www, `www-check-${lang}${theme === 'dark' ? '-dark' : ''}.png`);
      await www.close();
    }
  }
  const www = await openWww(browser, `${server.url}?lang=zh_CN&mode=footer`);
  await fillWww(www, { record: FOOTER_RECORD });
  const seen = await readReport(www);
  if (seen.state !== 'ready' || !seen.snippet.includes('浙公网安备')) throw new Error(`footer mode: ${JSON.stringify(seen)}`);
  await shoot(www, 'www-footer-zh_CN.png');
  await www.close();
} finally {
  await browser.close();
  await server.close();
}
