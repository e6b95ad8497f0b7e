// The www page (dist/www, issue #6) on its own, in Chromium and Firefox ESR: nothing in a pasted
// page runs or loads, the footer generator and its options, the check mode's inputs (URL from
// the record, a saved file in its own encoding), the language switch; and, without a browser,
// the locale keys it uses and the server `./build.sh serve` runs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import puppeteer from 'puppeteer-core';

import { CHROMIUM, FIREFOX, retryNewPage } from './lib/browsers.mjs';
import { loadCases, ROOT } from './lib/fixtures.mjs';
import { assertReport, copySnippet, readReport } from './lib/popup.mjs';
import { checkFixtureOnWww, fillWww, openWww, WWW_DIR } from './lib/www-page.mjs';
import { startWwwServer } from './lib/www-server.mjs';

const VIEWPORT = { width: 1280, height: 900 };

/** A browser without the extension: the www page needs none. */
async function launchPlain(name) {
  if (name === 'firefox') {
    return retryNewPage(await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, defaultViewport: VIEWPORT }));
  }
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    pipe: true,
    defaultViewport: VIEWPORT,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A server on 127.0.0.1 that answers everything and remembers what was asked. */
async function startTrap() {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('x');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * A page that tries every way to run script or reach the network. Each script sets
 * `top.__ran` (the www page's window, were it to run); each load asks `t`, a URL prefix on a
 * server that records requests.
 */
function hostilePage(t) {
  return `<!DOCTYPE html>
<html lang="zh-CN"><head>
<meta charset="utf-8"><title>知行教育</title>
<meta http-equiv="refresh" content="0;url=${t}/refresh">
<link rel="stylesheet" href="${t}/style.css"><link rel="prefetch" href="${t}/prefetch"><link rel="preload" as="image" href="${t}/preload.png">
<link rel="icon" href="${t}/favicon.ico">
<script>top.__ran = 'inline script';</script>
<script src="${t}/script.js"></script>
<style>@import url(${t}/import.css); body { background: url(${t}/background.png); }
@font-face { font-family: trap; src: url(${t}/font.woff); } p { font-family: trap; }</style>
</head>
<body onload="top.__ran = 'body onload'">
<img src="${t}/image.png" onerror="top.__ran = 'img onerror'"><img src="missing.png" onerror="top.__ran = 'relative img onerror'">
<img srcset="${t}/srcset.png 2x"><picture><source srcset="${t}/source.png"><img alt=""></picture>
<svg onload="top.__ran = 'svg onload'"><script>top.__ran = 'svg script';</script><image href="${t}/svg-image.png"/></svg>
<iframe src="${t}/frame"></iframe><iframe srcdoc="<script>top.__ran = 'nested srcdoc'</script>"></iframe>
<object data="${t}/object"></object><embed src="${t}/embed"><video poster="${t}/poster.png" src="${t}/video.mp4" autoplay></video><audio src="${t}/audio.mp3" autoplay></audio>
<details open ontoggle="top.__ran = 'details ontoggle'"><summary>x</summary></details>
<input autofocus onfocus="top.__ran = 'autofocus'">
<form action="${t}/form"><button class="click">go</button></form>
<a class="click" href="javascript:top.__ran = 'javascript: link'">x</a>
<a class="click" href="${t}/away">away</a><a class="click" href="/about">about</a>
<div style="height: 900px"></div>
<p style="text-align: center"><a href="https://beian.miit.gov.cn/">京ICP备16058732号-1</a></p>
</body></html>`;
}

/** The old-miit-address record, which fits the pages below. */
const RECORD = loadCases().find((c) => c.name === 'old-miit-address').record;

const MULTI_SITE_RECORD = `主办单位名称：杭州云帆网络科技有限公司
主体备案号：浙ICP备20031234号
网站名称：云帆博客
网站域名：yunfanblog.cn
网站备案号：浙ICP备20031234号-1
公安备案号：浙公网安备33010602011234号
网站名称：云帆商城
网站域名：yunfanshop.com
网站备案号：浙ICP备20031234号-2`;

/**
 * A saved homepage in GBK, as many older Chinese sites are, with and without the `<meta
 * charset>` that declares it. Its text (UTF-8 here):
 *   <title>知行教育 - 中小学在线辅导</title> ... <a href="https://beian.miit.gov.cn/">京ICP备16058732号-1</a>
 */
const GBK_PAGES = {
  declared:
    'PCFET0NUWVBFIGh0bWw+CjxodG1sIGxhbmc9InpoLUNOIj48aGVhZD48bWV0YSBjaGFyc2V0PSJnYmsiPjx0aXRsZT7WqtDQvczT/SAtINbQ0KHRp9Taz9+4qLW8PC90aXRsZT48L2hlYWQ+Cjxib2R5IHN0eWxlPSJtYXJnaW46MCI+PGRpdiBzdHlsZT0iaGVpZ2h0OjkwMHB4Ij7K19KzPC9kaXY+CjxkaXYgc3R5bGU9InRleHQtYWxpZ246Y2VudGVyIj48YSBocmVmPSJodHRwczovL2JlaWFuLm1paXQuZ292LmNuLyI+vqlJQ1CxuDE2MDU4NzMyusUtMTwvYT48L2Rpdj48L2JvZHk+PC9odG1sPgo=',
  undeclared:
    'PCFET0NUWVBFIGh0bWw+CjxodG1sIGxhbmc9InpoLUNOIj48aGVhZD48dGl0bGU+1qrQ0L3M0/0gLSDW0NCh0afU2s/fuKi1vDwvdGl0bGU+PC9oZWFkPgo8Ym9keSBzdHlsZT0ibWFyZ2luOjAiPjxkaXYgc3R5bGU9ImhlaWdodDo5MDBweCI+ytfSszwvZGl2Pgo8ZGl2IHN0eWxlPSJ0ZXh0LWFsaWduOmNlbnRlciI+PGEgaHJlZj0iaHR0cHM6Ly9iZWlhbi5taWl0Lmdvdi5jbi8iPr6pSUNQsbgxNjA1ODczMrrFLTE8L2E+PC9kaXY+PC9ib2R5PjwvaHRtbD4K',
};

/** Drop a file holding `bytes` on the page, as dragging it from the desktop does. */
async function dropFile(www, name, bytes) {
  await www.evaluate(
    (win, fileName, data) => {
      const transfer = new win.DataTransfer();
      transfer.items.add(new win.File([new win.Uint8Array(data)], fileName, { type: 'text/html' }));
      const target = win.document.querySelector('#html');
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new win.DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
      }
    },
    name,
    [...bytes],
  );
}

/** Click the `index`th `.click` element of the pasted page with the mouse, through the preview's scaling. */
async function clickInFrame(www, index) {
  const point = await www.evaluate((win, i) => {
    const frame = win.document.querySelector('#page');
    const el = frame.contentDocument.querySelectorAll('.click')[i];
    el.scrollIntoView({ block: 'center' });
    frame.scrollIntoView({ block: 'center' });
    const box = frame.getBoundingClientRect();
    const scale = box.width / frame.offsetWidth;
    const r = el.getBoundingClientRect();
    return { x: box.left + (r.left + r.width / 2) * scale, y: box.top + (r.top + r.height / 2) * scale };
  }, index);
  await www.page.mouse.click(point.x, point.y);
}

/** Click `selector` and return what it put on the clipboard (as the page handed it over). */
async function copied(www, selector) {
  await www.evaluate((win) => {
    win.__e2e.copied = [];
  });
  await www.click(selector);
  await www.waitFor((win) => win.__e2e.copied.length > 0);
  return www.evaluate((win) => win.__e2e.copied.at(-1).text);
}

/** The snippet options as shown: radio and checkbox states (null: not offered), site count. */
const snippetChoices = (www) =>
  www.evaluate((win) => {
    const doc = win.document;
    const shown = (el) => !el.closest('[hidden]');
    const state = (sel) => (shown(doc.querySelector(sel)) ? doc.querySelector(sel).checked : null);
    return {
      site: state('#snippet-number-site'),
      entity: state('#snippet-number-entity'),
      mps: state('#snippet-mps'),
      sites: shown(doc.querySelector('#snippet-site')) ? doc.querySelector('#snippet-site').options.length : 0,
    };
  });

/** The keys of the notes shown about how the pasted page was rendered. */
const pageNotes = (www) =>
  www.evaluate((win) => (win.document.querySelector('#page-notes').hidden ? [] : [...win.document.querySelectorAll('#page-notes li')].map((li) => li.dataset.note)));

const reportOf = (seen) => JSON.parse(seen.json);
const checkOf = (report, id) => report.checks.find((c) => c.id === id);

for (const browserName of ['chromium', 'firefox']) {
  describe(`${browserName}: the www page`, () => {
    let server;
    let browser;
    let trap;
    /** Requests for /trap/ paths on the www page's own server. */
    const ownTrap = [];

    before(async () => {
      server = await startWwwServer(WWW_DIR, 0, { onRequest: (p) => p.startsWith('/trap/') && ownTrap.push(p) });
      trap = await startTrap();
      browser = await launchPlain(browserName);
    });

    after(async () => {
      await browser?.close();
      await trap?.close();
      await server?.close();
    });

    test('nothing in a pasted page runs, loads or navigates', async () => {
      const www = await openWww(browser, server.url);
      try {
        // Two copies: one loading from another origin (which the www page's own policy, inherited
        // by the frame, already refuses) and one from the www page's origin, which only the
        // frame's own policy refuses.
        const html = hostilePage(trap.origin) + hostilePage(`${server.url}trap`);
        await fillWww(www, { html, url: 'http://www.zhixingedu.com/', record: RECORD });
        const seen = await readReport(www);
        assert.equal(seen.state, 'ready', seen.errorText ?? '');
        // The page was rendered and read: its number and title were found.
        const report = reportOf(seen);
        assert.equal(checkOf(report, 'number').reason, 'number_site_found');
        assert.equal(checkOf(report, 'title').verdict, 'pass');
        // The user is told that scripts did not run and stylesheets and frames did not load.
        assert.deepEqual(await pageNotes(www), ['www_note_scripts', 'www_note_styles', 'www_note_frames']);
        // Follow its links and submit its form: clicked with the mouse in the preview, as a
        // visitor would, and from script.
        const clickable = await www.evaluate((win) => win.document.querySelector('#page').contentDocument.querySelectorAll('.click').length);
        assert.equal(clickable, 8);
        for (let i = 0; i < clickable; i++) await clickInFrame(www, i);
        await www.evaluate((win) => {
          const doc = win.document.querySelector('#page').contentDocument;
          for (const el of doc.querySelectorAll('.click')) el.click();
          for (const form of doc.forms) form.requestSubmit();
        });
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const after = await www.evaluate((win) => {
          const frame = win.document.querySelector('#page');
          return { ran: win.__ran ?? null, sandbox: [...frame.sandbox], at: frame.contentWindow.location.href };
        });
        assert.deepEqual(after, { ran: null, sandbox: ['allow-same-origin'], at: 'about:srcdoc' });
        assert.deepEqual(trap.requests, [], 'the pasted page reached another origin');
        assert.deepEqual(ownTrap, [], "the pasted page reached the www page's origin");
      } finally {
        await www.close();
      }
    });

    test('footer mode: a snippet from the record alone, with its options', async () => {
      const www = await openWww(browser, `${server.url}?mode=footer`);
      try {
        const read = async () => {
          const seen = await readReport(www);
          assert.equal(seen.state, 'ready', seen.errorText ?? '');
          return seen;
        };
        assert.equal(await www.evaluate((win) => win.document.documentElement.dataset.state), 'idle');
        await fillWww(www, { record: MULTI_SITE_RECORD });
        let seen = await read();
        assert.equal(seen.json, '', 'no report in footer mode');
        assert.deepEqual(seen.rows, []);
        assert.match(seen.snippet, /<a href="https:\/\/beian\.miit\.gov\.cn\/" target="_blank" rel="noopener noreferrer">浙ICP备20031234号-1<\/a>/);
        assert.match(seen.snippet, /code=33010602011234" target="_blank" rel="noopener noreferrer">浙公网安备33010602011234号<\/a>/);
        // The preview shows the snippet rendered: both numbers as links.
        await www.waitFor((win) => win.document.querySelector('#snippet-preview').contentDocument?.querySelectorAll('a').length === 2);
        const preview = await www.evaluate((win) =>
          [...win.document.querySelector('#snippet-preview').contentDocument.querySelectorAll('a')].map((a) => [a.textContent, a.href]),
        );
        assert.deepEqual(preview, [
          ['浙ICP备20031234号-1', 'https://beian.miit.gov.cn/'],
          ['浙公网安备33010602011234号', 'https://beian.mps.gov.cn/#/query/webSearch?code=33010602011234'],
        ]);

        // The popup's options: the site number by default, the entity number on request.
        assert.deepEqual(await snippetChoices(www), { site: true, entity: false, mps: true, sites: 2 });
        await www.click('#snippet-number-entity');
        seen = await read();
        assert.match(seen.snippet, />浙ICP备20031234号<\/a>/);
        assert.doesNotMatch(seen.snippet, /号-1/);

        await www.click('#snippet-mps');
        seen = await read();
        assert.doesNotMatch(seen.snippet, /公网安备/);

        await www.click('#snippet-number-site');
        await www.click('#snippet-mps');
        await www.evaluate((win) => {
          const select = win.document.querySelector('#snippet-site');
          select.value = 'yunfanshop.com';
          select.dispatchEvent(new win.Event('change', { bubbles: true }));
        });
        seen = await read();
        assert.match(seen.snippet, />浙ICP备20031234号-2<\/a>/);
        assert.doesNotMatch(seen.snippet, /公网安备/, 'the 公安 number belongs to the first site');
        assert.equal((await snippetChoices(www)).mps, null, 'no 公安 option for a site without one');

        if (browserName === 'chromium') {
          await browser.defaultBrowserContext().overridePermissions(server.url.slice(0, -1), ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
          await www.page.bringToFront();
        }
        assert.equal(await copySnippet(www, { readClipboard: browserName === 'chromium' }), seen.snippet);

        await fillWww(www, { record: '主办单位名称：杭州云帆网络科技有限公司' });
        seen = await readReport(www);
        assert.equal(seen.state, 'error', 'a record without a number gives no snippet');
        assert.equal(seen.snippet, '');
      } finally {
        await www.close();
      }
    });

    test('check mode waits for source and record, and takes the URL from the record', async () => {
      const fixture = loadCases().find((c) => c.name === 'old-miit-address');
      const www = await openWww(browser, server.url);
      try {
        const state = () => www.evaluate((win) => win.document.documentElement.dataset.state);
        assert.equal(await state(), 'idle');
        await fillWww(www, { record: fixture.record });
        await www.waitFor((win) => win.document.querySelector('#steps li[data-step="record"]').dataset.done === 'true');
        assert.equal(await state(), 'idle', 'no page source yet');
        // No URL typed: the record's domain (网站域名：zhixingedu.com) is the page's address.
        await fillWww(www, { html: fixture.html.toString('utf8') });
        let report = reportOf(await readReport(www));
        assert.equal(report.page.url, 'http://zhixingedu.com/');
        assert.equal(checkOf(report, 'domain').verdict, 'pass');
        assert.equal(await www.evaluate((win) => win.document.querySelector('#url').placeholder), 'http://zhixingedu.com/');
        // Another site's URL: the domain check fails, as in the extension on that site.
        await fillWww(www, { url: 'www.example.com/' });
        report = reportOf(await readReport(www));
        assert.equal(report.page.url, 'http://www.example.com/');
        assert.equal(checkOf(report, 'domain').reason, 'domain_other_site');
        // #check alone (no input event) checks what the boxes hold.
        await checkFixtureOnWww(www, fixture, { click: true });
        report = assertReport(await readReport(www), fixture);
        assert.deepEqual(await pageNotes(www), [], 'a static standards-mode page needs no caution');
        // The export copies the report as the core's JSON, and as text in the page's language.
        const json = await www.evaluate((win) => win.document.querySelector('#report-json').textContent);
        assert.equal(await copied(www, '#export-json'), json);
        const text = await copied(www, '#export-text');
        assert.match(text, /京ICP备16058732号-1/);
        assert.match(text, /备案号链接/);
        // The strict setting: a page showing only the entity number then fails the number check.
        const entityOnly = fixture.html.toString('utf8').replace('京ICP备16058732号-1', '京ICP备16058732号');
        await fillWww(www, { html: entityOnly });
        assert.equal(checkOf(reportOf(await readReport(www)), 'number').reason, 'number_entity_found');
        await www.evaluate((win) => {
          win.document.querySelector('#options').open = true;
        });
        await www.click('#strict-site-number');
        assert.equal(checkOf(reportOf(await readReport(www)), 'number').reason, 'number_site_required');
        await www.click('#strict-site-number');
        assert.equal(checkOf(reportOf(await readReport(www)), 'number').reason, 'number_entity_found');
        await fillWww(www, { html: fixture.html.toString('utf8') });
        report = assertReport(await readReport(www), fixture);
        // Without a doctype a tab would use quirks mode, which a srcdoc frame never does: say so.
        await fillWww(www, { html: fixture.html.toString('utf8').replace(/<!DOCTYPE html>/i, '') });
        assertReport(await readReport(www), fixture);
        assert.deepEqual(await pageNotes(www), ['www_note_quirks']);
        await fillWww(www, { html: fixture.html.toString('utf8') });
        assertReport(await readReport(www), fixture);
        // "Show in preview" outlines the number where the preview shows it.
        await www.click('[data-check="link"] .locate');
        const shown = await www.evaluate((win) => {
          const frame = win.document.querySelector('#page');
          const scale = frame.getBoundingClientRect().width / frame.offsetWidth;
          const box = win.document.querySelector('#highlight');
          const a = frame.contentDocument.querySelector('a[href*="miitbeian"]').getBoundingClientRect();
          return { hidden: box.hidden, left: box.offsetLeft / scale, top: box.offsetTop / scale, a: { left: a.left, top: a.top } };
        });
        assert.equal(shown.hidden, false);
        assert.ok(Math.abs(shown.left - shown.a.left) < 20 && Math.abs(shown.top - shown.a.top) < 20, JSON.stringify(shown));
      } finally {
        await www.close();
      }
    });

    for (const [kind, base64] of Object.entries(GBK_PAGES)) {
      test(`a dropped GBK page (${kind} charset) is read in its encoding`, async () => {
        const www = await openWww(browser, server.url);
        try {
          await fillWww(www, { record: RECORD, url: 'http://www.zhixingedu.com/' });
          await dropFile(www, 'index.html', Buffer.from(base64, 'base64'));
          const seen = await readReport(www);
          assert.equal(seen.state, 'ready', seen.errorText ?? '');
          const report = reportOf(seen);
          assert.equal(report.page.title, '知行教育 - 中小学在线辅导');
          assert.equal(checkOf(report, 'title').reason, 'title_contains');
          assert.equal(checkOf(report, 'number').reason, 'number_site_found');
          assert.match(await www.evaluate((win) => win.document.querySelector('#html-status').textContent), /index\.html.*(gbk|gb18030)/i);
        } finally {
          await www.close();
        }
      });
    }

    test('the language switch words the same report in English, and is remembered', async () => {
      const fixture = loadCases().find((c) => c.name === 'old-miit-address');
      const www = await openWww(browser, server.url);
      try {
        await checkFixtureOnWww(www, fixture);
        const zh = await readReport(www);
        const words = () =>
          www.evaluate((win) => ({
            lang: win.document.documentElement.lang,
            link: win.document.querySelector('[data-check="link"] .check-name').textContent,
            query: win.location.search,
          }));
        assert.deepEqual(await words(), { lang: 'zh-CN', link: '备案号链接', query: '' });
        await www.click('.language[data-lang="en"]');
        const en = await readReport(www);
        assert.deepEqual(en.rows, zh.rows);
        assert.equal(en.json, zh.json);
        const english = JSON.parse(fs.readFileSync(path.join(ROOT, 'extension/_locales/en/messages.json'), 'utf8'));
        assert.deepEqual(await words(), { lang: 'en', link: english.check_link.message, query: '?lang=en' });
        await www.page.goto(server.url, { waitUntil: 'load' });
        www.win = null; // the driver's handle was the old document's window
        await www.waitFor((win) => win.document.documentElement.dataset.state === 'idle');
        assert.equal(await www.evaluate((win) => win.document.documentElement.lang), 'en', 'the choice is remembered');
        await www.click('.language[data-lang="zh_CN"]');
      } finally {
        await www.close();
      }
    });
  });
}

describe('www: without a browser', () => {
  test('every locale key the page uses exists in every locale', () => {
    const dir = path.join(ROOT, 'www');
    const used = new Set();
    for (const file of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      for (const m of text.matchAll(/data-i18n(?:-[a-z-]+)?="([A-Za-z0-9_]+)"/g)) used.add(m[1]);
      // Message keys appear in www.js as string literals: 'www_…', 'ui_…', 'error_…'.
      for (const m of text.matchAll(/'((?:www|ui|error)_[a-z0-9_]+)'/g)) used.add(m[1]);
      for (const m of text.matchAll(/@@[A-Za-z_]+:([A-Za-z0-9_]+)@@/g)) used.add(m[1]);
    }
    assert.ok(used.size > 40, `found only ${used.size} keys: is the pattern stale?`);
    for (const locale of ['zh_CN', 'en']) {
      const messages = JSON.parse(fs.readFileSync(path.join(ROOT, 'extension/_locales', locale, 'messages.json'), 'utf8'));
      assert.deepEqual([...used].filter((k) => !messages[k]).sort(), [], `${locale} lacks keys`);
    }
  });

  test('dist/www holds the shared files copied, not its own copies in www/', () => {
    for (const file of ['index.html', 'www.js', 'www.css', 'shared/i18n.js', 'shared/report-view.js', 'page/collector.js', '_locales/zh_CN/messages.json', '_locales/en/messages.json', 'wasm/beian_check.js', 'wasm/beian_check_bg.wasm']) {
      assert.ok(fs.existsSync(path.join(WWW_DIR, file)), `dist/www/${file} is missing`);
    }
    for (const [built, source] of [['page/collector.js', 'extension/page/collector.js'], ['shared/report-view.js', 'extension/shared/report-view.js']]) {
      assert.ok(fs.readFileSync(path.join(WWW_DIR, built)).equals(fs.readFileSync(path.join(ROOT, source))), `${built} is not ${source}`);
    }
    assert.deepEqual(fs.readdirSync(path.join(ROOT, 'www')).sort(), ['index.html', 'www.css', 'www.js']);
    assert.doesNotMatch(fs.readFileSync(path.join(WWW_DIR, 'index.html'), 'utf8'), /@@/, 'a build-time mark was left');
  });

  test('the server gives wasm its type and nothing outside its folder', async () => {
    const server = await startWwwServer(WWW_DIR);
    try {
      const wasm = await fetch(`${server.url}wasm/beian_check_bg.wasm`);
      assert.equal(wasm.status, 200);
      assert.equal(wasm.headers.get('content-type'), 'application/wasm');
      const js = await fetch(`${server.url}www.js`);
      assert.match(js.headers.get('content-type'), /^text\/javascript/);
      const index = await fetch(server.url);
      assert.match(index.headers.get('content-type'), /^text\/html/);
      for (const escape of ['../README.md', '%2e%2e/README.md', '..%2fREADME.md']) {
        // A raw path: fetch() and URL strings would resolve the dots before sending.
        const res = await new Promise((resolve) => http.get({ host: '127.0.0.1', port: server.port, path: `/${escape}` }, resolve));
        res.resume();
        assert.equal(res.statusCode, 404, escape);
      }
    } finally {
      await server.close();
    }
  });
});
