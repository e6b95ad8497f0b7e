// Which key the popup saves a record under and where it looks for one (extension/popup/
// site-store.js): the core's site key (the test build's wasm), the registrable domain under the
// Public Suffix List (issue #16). Plain Node, no browser.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';

import { candidateKeys, forgetSite, hostOf, loadSite, saveSite, siteDomain } from '../../extension/popup/site-store.js';
import { TEST_BUILD } from './lib/browsers.mjs';

/** The core, from the test build's wasm. */
let engine;
before(async () => {
  const dir = path.join(TEST_BUILD.chromium, 'wasm');
  engine = await import(path.join(dir, 'beian_check.js'));
  engine.initSync({ module: fs.readFileSync(path.join(dir, 'beian_check_bg.wasm')) });
});

const report = (sites, site = 0) => ({ record: { sites }, site });

test('hostOf: http(s) hosts only, lower-case, no trailing dot', () => {
  const cases = [
    ['https://WWW.Example.CN./a?b', 'www.example.cn'],
    ['http://shop.example.com.cn:8080/', 'shop.example.com.cn'],
    ['file:///tmp/index.html', ''],
    ['chrome://version/', ''],
    ['', ''],
    [undefined, ''],
  ];
  for (const [url, host] of cases) assert.equal(hostOf(url), host, String(url));
});

test('siteDomain: the filed domain covering the host, else the registrable domain', () => {
  const cases = [
    // [sites, chosen site, host, key]
    [[{ domains: ['example.cn'] }], 0, 'www.example.cn', 'example.cn'],
    [[{ domains: ['www.example.cn'] }], 0, 'www.example.cn', 'example.cn'],
    [[{ domains: ['example.com.cn'] }], 0, 'shop.example.com.cn', 'example.com.cn'],
    [[{ domains: ['other.cn'] }, { domains: ['example.cn'] }], null, 'm.example.cn', 'example.cn'],
    // A filed domain that only ends with the same letters does not cover the host.
    [[{ domains: ['ample.cn'] }], 0, 'www.example.cn', 'example.cn'],
    [[{ domains: [] }], 0, 'www.example.cn', 'example.cn'],
    [[], null, 'blog.example.cn', 'example.cn'],
    [[{ domains: ['example.cn'] }], 0, '', ''],
    // Never a public suffix (issue #16): not the net.cn of a www.net.cn, not a filed com.cn.
    [[{ domains: ['www.net.cn'] }], 0, 'www.net.cn', 'www.net.cn'],
    [[], null, 'www.net.cn', 'www.net.cn'],
    [[{ domains: ['com.cn'] }], 0, 'shop.example.com.cn', 'example.com.cn'],
    [[{ domains: ['shop.example.cn'] }], 0, 'm.shop.example.cn', 'shop.example.cn'],
  ];
  for (const [sites, site, host, key] of cases) {
    assert.equal(siteDomain(engine, report(sites, site), host), key, `${host} ${JSON.stringify(sites)}`);
  }
  assert.equal(siteDomain(engine, null, 'www.example.cn'), 'example.cn');
});

test('candidateKeys: the host and its parents down to its registrable domain, never a public suffix', () => {
  assert.deepEqual(candidateKeys(engine, 'a.b.example.com.cn'), [
    'site:a.b.example.com.cn',
    'site:b.example.com.cn',
    'site:example.com.cn',
  ]);
  assert.deepEqual(candidateKeys(engine, 'www.unrelated-shop.net.cn'), ['site:www.unrelated-shop.net.cn', 'site:unrelated-shop.net.cn']);
  assert.deepEqual(candidateKeys(engine, 'localhost'), ['site:localhost']);
  assert.deepEqual(candidateKeys(engine, ''), []);
});

/** A storage.local stand-in with the extension API's get/set/remove. */
function fakeApi() {
  const items = {};
  const local = {
    async get(keys) {
      const list = keys === null ? Object.keys(items) : [].concat(keys);
      return Object.fromEntries(list.filter((k) => k in items).map((k) => [k, structuredClone(items[k])]));
    },
    async set(values) {
      Object.assign(items, structuredClone(values));
    },
    async remove(keys) {
      for (const k of [].concat(keys)) delete items[k];
    },
  };
  return { items, storage: { local } };
}

test('a record saved for a site is found from any host of it and forgotten from all', async () => {
  const api = fakeApi();
  await saveSite(api, 'example.cn', 'record A', { number: 'entity', includeMps: false });
  await saveSite(api, 'shop.example.cn', 'record B', null);
  assert.deepEqual(await loadSite(api, engine, 'www.example.cn'), { domain: 'example.cn', record: 'record A', snippet: { number: 'entity', includeMps: false } });
  // The most specific key wins.
  assert.equal((await loadSite(api, engine, 'm.shop.example.cn')).record, 'record B');
  assert.equal(await loadSite(api, engine, 'example.com'), null);
  await forgetSite(api, engine, 'm.shop.example.cn', 'shop.example.cn');
  assert.equal(await loadSite(api, engine, 'm.shop.example.cn'), null, 'nothing is restored there any more');
  assert.deepEqual(Object.keys(api.items), []);
});

test('a record saved on www.net.cn is not restored on another site under net.cn', async () => {
  const api = fakeApi();
  const filed = report([{ domains: ['www.net.cn'] }]);
  await saveSite(api, siteDomain(engine, filed, 'www.net.cn'), 'record N', null);
  assert.equal((await loadSite(api, engine, 'www.net.cn')).record, 'record N');
  assert.equal(await loadSite(api, engine, 'www.unrelated-shop.net.cn'), null);
  const listsSuffix = report([{ domains: ['com.cn'] }]);
  await saveSite(api, siteDomain(engine, listsSuffix, 'shop.example.com.cn'), 'record C', null);
  assert.equal(await loadSite(api, engine, 'www.other.com.cn'), null);
  assert.equal((await loadSite(api, engine, 'm.shop.example.com.cn')).record, 'record C');
});
