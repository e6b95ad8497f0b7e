// Which key the popup saves a record under and where it looks for one (extension/popup/
// site-store.js): the registrable domain without a public-suffix list. Plain Node, no browser.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { candidateKeys, forgetSite, hostOf, loadSite, saveSite, siteDomain } from '../../extension/popup/site-store.js';

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

test('siteDomain: the filed domain covering the host, else the host without www.', () => {
  const cases = [
    // [sites, chosen site, host, key]
    [[{ domains: ['example.cn'] }], 0, 'www.example.cn', 'example.cn'],
    [[{ domains: ['www.example.cn'] }], 0, 'www.example.cn', 'example.cn'],
    [[{ domains: ['example.com.cn'] }], 0, 'shop.example.com.cn', 'example.com.cn'],
    [[{ domains: ['other.cn'] }, { domains: ['example.cn'] }], null, 'm.example.cn', 'example.cn'],
    // A filed domain that only ends with the same letters does not cover the host.
    [[{ domains: ['ample.cn'] }], 0, 'www.example.cn', 'example.cn'],
    [[{ domains: [] }], 0, 'www.example.cn', 'example.cn'],
    [[], null, 'blog.example.cn', 'blog.example.cn'],
    [[{ domains: ['example.cn'] }], 0, '', ''],
  ];
  for (const [sites, site, host, key] of cases) {
    assert.equal(siteDomain(report(sites, site), host), key, `${host} ${JSON.stringify(sites)}`);
  }
  assert.equal(siteDomain(null, 'www.example.cn'), 'example.cn');
});

test('candidateKeys: the host and its parents, most specific first, never a bare label', () => {
  assert.deepEqual(candidateKeys('a.b.example.com.cn'), [
    'site:a.b.example.com.cn',
    'site:b.example.com.cn',
    'site:example.com.cn',
    'site:com.cn',
  ]);
  assert.deepEqual(candidateKeys('localhost'), ['site:localhost']);
  assert.deepEqual(candidateKeys(''), []);
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
  assert.deepEqual(await loadSite(api, 'www.example.cn'), { domain: 'example.cn', record: 'record A', snippet: { number: 'entity', includeMps: false } });
  // The most specific key wins.
  assert.equal((await loadSite(api, 'm.shop.example.cn')).record, 'record B');
  assert.equal(await loadSite(api, 'example.com'), null);
  await forgetSite(api, 'm.shop.example.cn', 'shop.example.cn');
  assert.equal(await loadSite(api, 'm.shop.example.cn'), null, 'nothing is restored there any more');
  assert.deepEqual(Object.keys(api.items), []);
});
