//! What the popup remembers, in `storage.local` only (nothing is sent anywhere):
//! - `options`: `{lang, strictSiteNumber}`, the user's settings;
//! - `site:<domain>`: `{record, snippet, savedAt}`, the record pasted for one site and the
//!   snippet choices made there.
//!
//! A site's key is its registrable domain, found without a public-suffix list: the record's
//! filed domain that covers the page's host (what the filing itself says the site is, `www.`
//! dropped), else the page's host without a leading `www.`. To find a saved record, the popup
//! looks up the host and each parent domain of it (`a.b.example.cn`, `b.example.cn`,
//! `example.cn`; never a bare top-level label) and takes the most specific key that exists, so a
//! record saved on `www.example.cn` under `example.cn` is found on `shop.example.cn` too.

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

const stripWww = (name) => name.replace(/^www\./, '');

/**
 * The domain a record is saved under for `host`: the first filed domain of the report's site
 * (then of any site) that covers the host, else the host without `www.`; '' when there is no
 * host (a file:// page).
 * @param {object|null} report the core's report (its `record.sites` and `site`).
 * @param {string} host
 */
export function siteDomain(report, host) {
  if (!host) return '';
  const sites = (report && report.record && Array.isArray(report.record.sites) && report.record.sites) || [];
  const chosen = report && Number.isInteger(report.site) ? sites[report.site] : null;
  const ordered = chosen ? [chosen, ...sites.filter((s) => s !== chosen)] : sites;
  for (const site of ordered) {
    for (const filed of site.domains || []) {
      const domain = stripWww(String(filed).toLowerCase());
      if (domain && (host === domain || host.endsWith(`.${domain}`))) return domain;
    }
  }
  return stripWww(host);
}

/** The keys that may hold a record for `host`, most specific first. */
export function candidateKeys(host) {
  if (!host) return [];
  const labels = host.split('.');
  const keys = [];
  for (let i = 0; i < labels.length; i++) {
    const name = labels.slice(i).join('.');
    if (i > 0 && !name.includes('.')) break; // never a bare top-level label
    keys.push(SITE_PREFIX + name);
  }
  return keys;
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
export async function loadSite(api, host) {
  const keys = candidateKeys(host);
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
export async function forgetSite(api, host, domain) {
  const keys = new Set(candidateKeys(host));
  if (domain) keys.add(SITE_PREFIX + domain);
  await area(api).remove([...keys]);
}
