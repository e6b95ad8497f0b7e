// Pasted source on the www page opens no connection (issue #16, weakness 1). Chromium resolved
// and connected to the host of a `<link rel=preconnect>` in the pasted source, or in a nested
// `<iframe srcdoc>`, despite the frame's sandbox and policy: a connection, not a request, so the
// www test's request trap never saw it. Here a plain TCP listener counts connections: the page's
// host names map to it (Chromium: --host-resolver-rules; Firefox: it is the HTTP proxy, which
// every connection to a host name goes through), and its literal 127.0.0.1 address is in the
// payload too. Both browsers; the www page is served from dist/www by its own server.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import puppeteer from 'puppeteer-core';

import { CHROMIUM, FIREFOX, retryNewPage } from './lib/browsers.mjs';
import { loadCases } from './lib/fixtures.mjs';
import { fillWww, openWww, WWW_DIR } from './lib/www-page.mjs';
import { readReport } from './lib/popup.mjs';
import { startWwwServer } from './lib/www-server.mjs';

const TRAP_HOST = 'trap.hostile-www.cn';
/** How long after the report to keep listening: hints are taken up when the browser is idle. */
const LINGER_MS = 2000;

/** A TCP listener on 127.0.0.1 that counts connections and answers each with a bare 200. */
async function startListener() {
  const connections = [];
  const server = net.createServer((socket) => {
    const entry = { at: Date.now(), head: '' };
    connections.push(entry);
    socket.on('error', () => {});
    socket.once('data', (data) => {
      entry.head = data.toString('latin1').split('\r\n')[0];
      socket.end('HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    connections,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * Whether a connection could be the page's: any but those Firefox itself makes through its
 * proxy to its own services (`CONNECT firefox.settings.services.mozilla.com:443`, ...), which
 * name another host on their first line. A bare preconnect sends nothing, so it counts.
 */
function fromThePage({ head }) {
  const proxied = head.match(/^(?:CONNECT ([^:\s]+)|[A-Z]+ [a-z]+:\/\/([^/:\s]+))/);
  return !proxied || [TRAP_HOST, '127.0.0.1'].includes(proxied[1] ?? proxied[2]);
}

/** Every kind of hint and network element, at top level, in a nested srcdoc and in a shadow root. */
function payload(origins) {
  const hints = origins
    .map(
      (t) =>
        `<link rel="preconnect" href="${t}/"><link rel="dns-prefetch" href="${t}/">` +
        `<link rel="prefetch" href="${t}/prefetch"><link rel="preload" as="fetch" href="${t}/preload">` +
        `<link rel="modulepreload" href="${t}/module.js"><link rel="prerender" href="${t}/prerender">` +
        `<link rel="stylesheet" href="${t}/style.css"><link rel="icon" href="${t}/favicon.ico">` +
        `<link rel="manifest" href="${t}/manifest.json"><meta http-equiv="refresh" content="0;url=${t}/refresh">` +
        `<a ping="${t}/ping" href="${t}/away">away</a>`,
    )
    .join('');
  const quoted = (html) => html.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  const nested = `<p>nested</p>${hints}<iframe srcdoc="${quoted(`<p>deeper</p>${hints}`)}"></iframe>`;
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>知行教育</title>${hints}</head><body>
<iframe srcdoc="${quoted(nested)}"></iframe>
<div><template shadowrootmode="open">${hints}<slot></slot></template>shadow host</div>
<div style="height: 900px"></div>
<p style="text-align: center"><a href="https://beian.miit.gov.cn/">京ICP备16058732号-1</a></p>
</body></html>`;
}

const RECORD = loadCases().find((c) => c.name === 'old-miit-address').record;

async function launchWithTrap(name, port) {
  if (name === 'firefox') {
    return retryNewPage(
      await puppeteer.launch({
        browser: 'firefox',
        executablePath: FIREFOX,
        headless: true,
        extraPrefsFirefox: {
          'network.proxy.type': 1,
          'network.proxy.http': '127.0.0.1',
          'network.proxy.http_port': port,
          'network.proxy.ssl': '127.0.0.1',
          'network.proxy.ssl_port': port,
          'network.proxy.no_proxies_on': '',
          'network.proxy.allow_hijacking_localhost': false,
        },
      }),
    );
  }
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    pipe: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--host-resolver-rules=MAP ${TRAP_HOST} 127.0.0.1:${port}`,
    ],
  });
}

for (const browserName of ['chromium', 'firefox']) {
  describe(`${browserName}: pasted source on the www page opens no connection`, () => {
    let server;
    let listener;
    let browser;

    before(async () => {
      server = await startWwwServer(WWW_DIR);
      listener = await startListener();
      browser = await launchWithTrap(browserName, listener.port);
    });

    after(async () => {
      await browser?.close();
      await listener?.close();
      await server?.close();
    });

    test('resource hints at top level, in nested srcdoc frames and in shadow roots', async () => {
      const www = await openWww(browser, server.url);
      try {
        const html = payload([`http://${TRAP_HOST}`, `https://${TRAP_HOST}`, `http://127.0.0.1:${listener.port}`]);
        await fillWww(www, { html, url: 'http://www.zhixingedu.com/', record: RECORD });
        const seen = await readReport(www);
        assert.equal(seen.state, 'ready', seen.errorText ?? '');
        assert.equal(JSON.parse(seen.json).checks.find((c) => c.id === 'number').reason, 'number_site_found');
        // The frames did render: the nested ones and the shadow root are there.
        const rendered = await www.evaluate((win) => {
          const doc = win.document.querySelector('#page').contentDocument;
          const inner = doc.querySelector('iframe')?.contentDocument;
          return {
            nested: inner?.querySelector('p')?.textContent ?? null,
            deeper: inner?.querySelector('iframe')?.contentDocument?.querySelector('p')?.textContent ?? null,
            shadow: Boolean(doc.querySelector('div')?.shadowRoot),
          };
        });
        assert.deepEqual(rendered, { nested: 'nested', deeper: 'deeper', shadow: true });
        await new Promise((resolve) => setTimeout(resolve, LINGER_MS));
        assert.deepEqual(listener.connections.filter(fromThePage), [], 'connections the pasted page opened');
      } finally {
        await www.close();
      }
      // The listener does see a connection the browser makes to the trap host.
      const probe = await browser.newPage();
      try {
        await probe.goto(`http://${TRAP_HOST}/probe`).catch(() => {});
        assert.ok(listener.connections.some(fromThePage), 'the probe reached the listener');
      } finally {
        await probe.close();
      }
    });
  });
}
