//! What the popup remembers, in `storage.local` only (nothing is sent anywhere):
//! - `options`: `{lang, strictSiteNumber}`, the user's settings;
//! - `site:<domain>`: `{record, snippet, savedAt}`, the record pasted for one site and the
//!   snippet choices made there.
//!
//! Which key a record is saved under and which keys are looked up is the core's decision
//! (`siteKey` of the wasm, `src/core/site_key.rs`, issue #16), by the Public Suffix List: a
//! site's key is its registrable domain (or the record's filed domain covering the host, when
//! that is narrower), never a public suffix, so a record saved on `www.net.cn` is not restored
//! on `www.unrelated-shop.net.cn`. To find a saved record, the popup looks up the host and each
//! parent of it down to its registrable domain and takes the most specific key that exists, so
//! a record saved on `www.example.cn` under `example.cn` is found on `shop.example.cn` too.
//! The functions that need keys take `engine`, the loaded wasm module (anything with `siteKey`).

/** The storage key of the settings. */
export const OPTIONS_KEY = 'options';

const SITE_PREFIX = 'site:';

/** The storage area: `storage.local` of the extension API. */
function area(api) {
  return api.storage.local;
}

/** The host of an http(s) URL, lower-case without a trailing dot; '' for any other URL. */
export function hostOf(url) {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return '';
    return parsed.hostname.toLowerCase().replace(/\.$/, '');
  } catch (e) {
    return '';
  }
}

/** The core's keys for `host`: `{key, lookup}` (`filed`: the record's domains, most relevant first). */
function keysOf(engine, host, filed = []) {
  return JSON.parse(engine.siteKey(host, filed.map(String)));
}

/**
 * The domain a record is saved under for `host`: the core's site key, given the filed domains of
 * the report's site first, then those of the other sites; '' when there is no host (a file://
 * page).
 * @param {{siteKey: Function}} engine the wasm module.
 * @param {object|null} report the core's report (its `record.sites` and `site`).
 * @param {string} host
 */
export function siteDomain(engine, report, host) {
  if (!host) return '';
  const sites = (report && report.record && Array.isArray(report.record.sites) && report.record.sites) || [];
  const chosen = report && Number.isInteger(report.site) ? sites[report.site] : null;
  const ordered = chosen ? [chosen, ...sites.filter((s) => s !== chosen)] : sites;
  return keysOf(engine, host, ordered.flatMap((site) => site.domains || [])).key;
}

/** The keys that may hold a record for `host`, most specific first. */
export function candidateKeys(engine, host) {
  if (!host) return [];
  return keysOf(engine, host).lookup.map((name) => SITE_PREFIX + name);
}

/** The domain a key stands for. */
export const domainOfKey = (key) => key.slice(SITE_PREFIX.length);

/** Read the settings (`{}` when none are stored). */
export async function loadOptions(api) {
  try {
    const got = await area(api).get(OPTIONS_KEY);
    const options = got && got[OPTIONS_KEY];
    return options && typeof options === 'object' ? options : {};
  } catch (e) {
    return {};
  }
}

/** Merge `changes` into the stored settings. */
export async function saveOptions(api, changes) {
  const options = { ...(await loadOptions(api)), ...changes };
  for (const [k, v] of Object.entries(options)) if (v === undefined) delete options[k];
  await area(api).set({ [OPTIONS_KEY]: options });
  return options;
}

/**
 * The record saved for `host`, or null: `{domain, record, snippet}` from the most specific key.
 */
export async function loadSite(api, engine, host) {
  const keys = candidateKeys(engine, host);
  if (keys.length === 0) return null;
  let got;
  try {
    got = await area(api).get(keys);
  } catch (e) {
    return null;
  }
  for (const key of keys) {
    const entry = got && got[key];
    if (entry && typeof entry.record === 'string' && entry.record.trim() !== '') {
      return { domain: domainOfKey(key), record: entry.record, snippet: entry.snippet || null };
    }
  }
  return null;
}

/** Save `record` (and the snippet choices) for `domain`. */
export async function saveSite(api, domain, record, snippet) {
  if (!domain) return;
  await area(api).set({ [SITE_PREFIX + domain]: { record, snippet: snippet || null, savedAt: Date.now() } });
}

/** Forget every record that would be restored on `host` (and the one saved under `domain`). */
export async function forgetSite(api, engine, host, domain) {
  const keys = new Set(candidateKeys(engine, host));
  if (domain) keys.add(SITE_PREFIX + domain);
  await area(api).remove([...keys]);
}
