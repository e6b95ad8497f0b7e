//! Loads the product's locale files (`_locales/<lang>/messages.json`, the Chrome format) and
//! turns message keys into text, substituting named placeholders (`$FOUND$`, `$EXPECTED$`, ...).
//!
//! Shared by the popup and the www page: it uses only `fetch` and the DOM, and finds the locale
//! files relative to this module, so any page that ships `shared/` next to `_locales/` can use it.
//! It produces text or text parts, never HTML.

/** The language used when a message or a locale is missing. */
export const DEFAULT_LANGUAGE = 'zh_CN';

/** The languages the product ships, as `_locales` folder names. */
export const LANGUAGES = ['zh_CN', 'en'];

/** What a placeholder shows when the evidence has no value for it. */
const MISSING_VALUE = '—';

/**
 * The locale folder for a browser UI language: `en` for any English, `zh_CN` otherwise.
 * @param {string} uiLanguage e.g. `en-US`, `zh-CN`, `en`.
 */
export function pickLanguage(uiLanguage) {
  return /^en(?:[-_]|$)/i.test(uiLanguage || '') ? 'en' : DEFAULT_LANGUAGE;
}

/** The browser's UI language (extension API when present, else `navigator.language`). */
export function browserLanguage() {
  const api = globalThis.browser ?? globalThis.chrome;
  try {
    if (api && api.i18n && typeof api.i18n.getUILanguage === 'function') {
      return api.i18n.getUILanguage();
    }
  } catch (e) {
    // Not an extension page: fall through to the web API.
  }
  return (globalThis.navigator && globalThis.navigator.language) || '';
}

/** The BCP 47 tag for a locale folder name (`zh_CN` -> `zh-CN`), for `<html lang>`. */
export function languageTag(lang) {
  return lang.replace('_', '-');
}

async function fetchMessages(lang, base) {
  const url = new URL(`${lang}/messages.json`, base);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

/**
 * Load the messages of `lang` (with the default language behind it for missing keys).
 * @param {string} [lang] a folder name from `LANGUAGES`; defaults to the browser's language.
 * @param {object} [options]
 * @param {string|URL} [options.base] the `_locales/` folder URL (default: next to `shared/`).
 * @returns {Promise<I18n>}
 */
export async function loadI18n(lang, options = {}) {
  const chosen = LANGUAGES.includes(lang) ? lang : pickLanguage(browserLanguage());
  const base = options.base || new URL('../_locales/', import.meta.url);
  const [messages, fallback] = await Promise.all([
    fetchMessages(chosen, base),
    chosen === DEFAULT_LANGUAGE ? Promise.resolve({}) : fetchMessages(DEFAULT_LANGUAGE, base).catch(() => ({})),
  ]);
  return new I18n(chosen, messages, fallback);
}

/** Messages of one language, ready to format. */
export class I18n {
  /**
   * @param {string} lang locale folder name.
   * @param {object} messages parsed messages.json.
   * @param {object} [fallback] messages used for keys `messages` lacks.
   */
  constructor(lang, messages, fallback = {}) {
    this.lang = lang;
    this.tag = languageTag(lang);
    this.messages = messages;
    this.fallback = fallback;
  }

  /** Whether a message exists for `key`. */
  has(key) {
    return Object.hasOwn(this.messages, key) || Object.hasOwn(this.fallback, key);
  }

  entry(key) {
    return this.messages[key] || this.fallback[key] || null;
  }

  /**
   * The message split into literal text and substituted values, so a renderer can style the
   * values (`{text}` or `{text, name}` where `name` is the placeholder's lower-case name).
   * An unknown key gives the key itself, so a missing message is visible, not silent.
   * @param {string} key
   * @param {Object<string, string|number|null|undefined>} [values] by placeholder name.
   * @returns {{text: string, name?: string}[]}
   */
  parts(key, values = {}) {
    const entry = this.entry(key);
    if (!entry) return [{ text: key }];
    const placeholders = entry.placeholders || {};
    const parts = [];
    const pattern = /\$([A-Za-z0-9_@]+)\$|\$\$/g;
    let last = 0;
    for (const match of entry.message.matchAll(pattern)) {
      if (match.index > last) parts.push({ text: entry.message.slice(last, match.index) });
      last = match.index + match[0].length;
      if (match[0] === '$$') {
        parts.push({ text: '$' });
        continue;
      }
      const name = match[1].toLowerCase();
      const placeholder = placeholders[name];
      if (placeholder && !/^\$\d+$/.test(placeholder.content)) {
        parts.push({ text: placeholder.content }); // a literal placeholder (Chrome allows these)
        continue;
      }
      const value = values[name];
      const missing = value === undefined || value === null || value === '';
      parts.push({ text: missing ? MISSING_VALUE : String(value), name });
    }
    if (last < entry.message.length) parts.push({ text: entry.message.slice(last) });
    return parts;
  }

  /** The message as plain text. Same arguments as `parts`. */
  t(key, values = {}) {
    return this.parts(key, values)
      .map((p) => p.text)
      .join('');
  }

  /**
   * Fill static markup: `data-i18n` sets textContent, `data-i18n-placeholder`,
   * `data-i18n-title` and `data-i18n-aria-label` set those attributes. Also sets `<html lang>`.
   * @param {ParentNode} root
   */
  apply(root) {
    for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = this.t(el.dataset.i18n);
    for (const el of root.querySelectorAll('[data-i18n-placeholder]')) {
      el.setAttribute('placeholder', this.t(el.dataset.i18nPlaceholder));
    }
    for (const el of root.querySelectorAll('[data-i18n-title]')) {
      el.setAttribute('title', this.t(el.dataset.i18nTitle));
    }
    for (const el of root.querySelectorAll('[data-i18n-aria-label]')) {
      el.setAttribute('aria-label', this.t(el.dataset.i18nAriaLabel));
    }
    const doc = root.ownerDocument || root;
    if (doc.documentElement) doc.documentElement.lang = this.tag;
  }
}
