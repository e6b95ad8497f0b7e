//! The page-side collector: copies facts out of the live DOM into the `PageFacts` schema of
//! `src/core/facts.rs` (camelCase keys; rects `{x, y, w, h}` in document coordinates).
//!
//! It decides nothing: no knowledge of ICP numbers, no rules, no text patterns. Every judgement
//! made from these facts lives in the Rust core.
//!
//! `collectPageFacts` is passed as `func` to `scripting.executeScript`, which serialises its
//! source text: it must stay ONE self-contained function that references nothing outside itself
//! (inner helpers only, no imports, no module-level constants). Its result must be plain JSON.
//!
//! Any page must give an answer in bounded time and size, however large or hostile it is:
//! 1. Settle: a page that finished loading a while ago (a second; a page with scripts a few
//!    seconds, as single-page apps paint late) is read at once, one with scripts watched for a
//!    moment meanwhile. One still loading, just loaded, or caught changing is waited for: until
//!    its DOM has been quiet for a moment and it loaded that long ago, up to a bound;
//!    `unsettled` says it was still changing then.
//! 2. Walk: visit the composed tree (open and closed shadow roots, same-origin frames) and note
//!    every piece of text without measuring it: text nodes, alt/title attributes,
//!    `::before`/`::after` content. First backward from the end of the page for up to half the
//!    budget, then forward from its start until the two walks meet. A page larger than the
//!    budget (pieces, characters, elements, time) keeps its beginning and its end (where
//!    footers are) and drops the middle, so no bound ever costs the footer.
//! 3. Measure: read styles and boxes only for the pieces kept, the end of the page first.
//! Whenever a bound drops anything, `collector.truncated` says so.

/**
 * Read the facts of the current page.
 *
 * @param {object} [options]
 * @param {number} [options.maxNodes=400000] walk at most this many elements (truncated).
 * @param {number} [options.maxMs=4000] walk and measure for at most this many milliseconds
 *   (truncated): the backward walk until 35 %, the forward walk until 75 %, measuring after.
 * @param {number} [options.settleMs=200] before walking, wait until the DOM has been quiet this
 *   long (0 disables all waiting).
 * @param {number} [options.maxWaitMs=3000] give up waiting for quiet after this long (unsettled).
 * @param {number} [options.minLoadedMs=1000] when waiting, also wait until the page finished
 *   loading at least this long ago: scripts often draw a footer just after the load event.
 * @param {number} [options.probeMs=50] a page with scripts loaded longer ago than these waits is
 *   read at once and watched meanwhile: when its DOM changed within this long of the start (a
 *   ticker), it is read again after the full wait. Reading a large page takes this long anyway;
 *   a page's timers that came due meanwhile run before the watch ends, however slow the read.
 * @param {number} [options.lateMs=3000] on a page with scripts, also wait until this long after
 *   its load event, within `maxWaitMs`: single-page apps may paint for seconds more.
 * @param {number} [options.maxTexts=10000] keep at most this many pieces of text (truncated).
 * @param {number} [options.maxChars=1000000] keep at most this many characters of text in all.
 * @param {number} [options.maxPieceChars=20000] cut a longer piece of text to this length.
 * @param {number} [options.maxElements=30000] report at most this many elements.
 * @param {boolean} [options.json=false] return the facts as JSON text instead of an object.
 * @param {boolean} [options.settleFully=false] wait for the DOM to settle even on a page loaded long
 *   ago (set by the collector itself when it reads again a page caught changing).
 * @param {number} [options.startedAt] the first read's start, so a second read's bounds and
 *   `elapsedMs` count from it (set by the collector itself).
 * @param {Window} [options.window] read this window's document instead of the global one (the
 *   www page passes its sandboxed frame; the extension injects the function and passes nothing).
 * @returns {Promise<object>} the PageFacts.
 */
export async function collectPageFacts(options) {
  const opts = options || {};
  const positive = (value, fallback) => (Number(value) > 0 ? Number(value) : fallback);
  const maxNodes = positive(opts.maxNodes, 400000);
  const maxMs = positive(opts.maxMs, 4000);
  const settleMs = opts.settleMs === undefined ? 200 : Number(opts.settleMs) || 0;
  const maxWaitMs = positive(opts.maxWaitMs, 3000);
  const minLoadedMs = opts.minLoadedMs === undefined ? 1000 : Number(opts.minLoadedMs) || 0;
  const lateMs = opts.lateMs === undefined ? 3000 : Number(opts.lateMs) || 0;
  const probeMs = opts.probeMs === undefined ? 50 : Number(opts.probeMs) || 0;
  const maxTexts = positive(opts.maxTexts, 10000);
  const maxChars = positive(opts.maxChars, 1000000);
  const maxPieceChars = positive(opts.maxPieceChars, 20000);
  const maxElements = positive(opts.maxElements, 30000);
  const started = opts.startedAt > 0 ? opts.startedAt : performance.now(); // set on a second read
  const topWindow = opts.window || window;
  const document = topWindow.document; // shadows the global: every read below is of this one
  let truncated = false;

  // ------------------------------------------------------------------------------------------
  // 1. Settle
  // ------------------------------------------------------------------------------------------

  // The document and the same-origin frame documents in it (a few levels deep): what is read.
  // Frames that cannot be read are neither watched nor waited for.
  function readableDocuments(doc, out = [], depth = 0) {
    out.push(doc);
    if (depth < 3) {
      for (const frame of doc.querySelectorAll('iframe, frame')) {
        let inner = null;
        try {
          inner = frame.contentDocument;
        } catch (e) {
          // Cross-origin.
        }
        if (inner && inner.documentElement) readableDocuments(inner, out, depth + 1);
      }
    }
    return out;
  }

  // Whether any of `docs` runs scripts that may still change what is read (data blocks do not).
  function hasScripts(docs) {
    return docs.some((doc) =>
      [...doc.scripts].some((s) => {
        const type = (s.getAttribute('type') || '').trim().toLowerCase();
        return type === '' || type === 'module' || /javascript|ecmascript/.test(type);
      }),
    );
  }

  // When the load event ended, on the clock of `performance.now()`; null before it has.
  function loadEnd() {
    try {
      const nav = performance.getEntriesByType('navigation')[0];
      if (nav && nav.loadEventEnd > 0) return nav.loadEventEnd;
    } catch (e) {
      // No navigation timing: decide from readyState alone.
    }
    return document.readyState === 'complete' ? 0 : null;
  }

  // Resolves to true when the DOM was still changing at the deadline. Attribute changes are
  // ignored on purpose: animated pages change styles on every frame and would never settle.
  function settle() {
    if (!(settleMs > 0)) return Promise.resolve(false);
    if (!opts.settleFully && loadedLongAgo()) {
      if (hasScripts(readableDocuments(document))) watchWhileReading();
      return Promise.resolve(false);
    }
    const deadline = started + maxWaitMs;
    return new Promise((resolve) => {
      let lastChange = performance.now();
      let timer = 0;
      const observer = new MutationObserver(() => {
        lastChange = performance.now();
      });
      const finish = (unsettled) => {
        observer.disconnect();
        clearTimeout(timer);
        resolve(unsettled);
      };
      const poll = () => {
        const now = performance.now();
        const end = loadEnd();
        // Quiet for settleMs, loaded minLoadedMs ago, and lateMs ago where scripts may paint.
        let readyAt = lastChange + settleMs;
        if (end === null) readyAt = Infinity;
        else readyAt = Math.max(readyAt, end + minLoadedMs);
        if (end !== null && lateMs > 0 && hasScripts(readableDocuments(document))) {
          readyAt = Math.max(readyAt, end + lateMs);
        }
        if (now >= readyAt) return finish(false);
        if (now >= deadline) return finish(now - lastChange < settleMs);
        timer = setTimeout(poll, Math.max(10, Math.min(readyAt, deadline) - now));
      };
      for (const doc of readableDocuments(document)) {
        observer.observe(doc, { childList: true, characterData: true, subtree: true });
      }
      timer = setTimeout(poll, Math.min(settleMs, maxWaitMs));
    });
  }

  // Whether the page finished loading long enough ago that no late paint is expected: then it is
  // read at once (issue #8: the wait was most of a check's time). A page with scripts is watched
  // meanwhile (`watcher`): one that changed within `probeMs` (a ticker) is read again after the
  // full wait, at the end of this function, so it gets `unsettled` as a page just loaded does.
  // A page without scripts has nothing that could change it.
  function loadedLongAgo() {
    const end = loadEnd();
    if (end === null) return false;
    let wait = minLoadedMs;
    if (lateMs > wait && hasScripts(readableDocuments(document))) wait = lateMs;
    return performance.now() >= end + wait;
  }

  let watcher = null;
  function watchWhileReading() {
    const w = { changed: false, observer: new MutationObserver(() => (w.changed = true)) };
    for (const doc of readableDocuments(document)) {
      w.observer.observe(doc, { childList: true, characterData: true, subtree: true });
    }
    watcher = w;
  }

  const unsettled = await settle();
  const walkStarted = performance.now();
  // The walks end by these times; measuring gets what is left of `maxMs`, at least a quarter.
  const backwardUntil = walkStarted + maxMs * 0.35;
  const forwardUntil = walkStarted + maxMs * 0.75;
  const measureUntil = walkStarted + maxMs;

  // ------------------------------------------------------------------------------------------
  // 2. Walk
  // ------------------------------------------------------------------------------------------

  const frames = [];
  // Root node (Document or ShadowRoot) -> { scope, dx, dy, host }: `dx`/`dy` turn a client rect
  // in that root's window into top-document coordinates; `host` is the shadow host or frame.
  const roots = new Map();
  let nextScope = 0;
  let nodesVisited = 0;

  const shadowHosts = new Set();

  function addRoot(root, dx, dy, host) {
    const info = { scope: nextScope++, dx, dy, host };
    roots.set(root, info);
    if (root.nodeType === 11) shadowHosts.add(host);
    return info;
  }

  function rootInfo(node) {
    return roots.get(node.getRootNode()) || roots.get(document);
  }

  // A piece of text is { text, source, el, node } (`node` only for text nodes). Two walks
  // collect them: the backward walk from the end of the page into `tail` (in reverse order),
  // then the forward walk from the start into `head`, until it meets the first piece the
  // backward walk reached (`tailFirst`) or the budget runs out: then the middle is dropped.
  const head = [];
  const tail = [];
  let headChars = 0;
  let tailChars = 0;
  let tailFirst = null;
  let met = false;

  function piece(text, source, el, node) {
    let value = text;
    if (value.length > maxPieceChars) {
      value = value.slice(0, maxPieceChars);
      truncated = true;
    }
    return { text: value, source, el, node };
  }

  // Keep a piece; false stops the walk (budget spent, or the forward walk met the tail).
  function keepBackward(p) {
    if (tail.length >= Math.floor(maxTexts / 2) || tailChars + p.text.length > maxChars / 2) return false;
    tail.push(p);
    tailChars += p.text.length;
    tailFirst = p;
    return true;
  }

  function keepForward(p) {
    if (tailFirst && (p.node || p.el) === (tailFirst.node || tailFirst.el) && p.source === tailFirst.source) {
      met = true;
      return false;
    }
    if (head.length + tail.length >= maxTexts || headChars + tailChars + p.text.length > maxChars) return false;
    head.push(p);
    headChars += p.text.length;
    return true;
  }

  // The text a `content` value draws: its strings, `attr()` values and quotes; counters and
  // images draw nothing readable here. Firefox leaves `attr()` unresolved in the computed value.
  function contentText(content, el) {
    let out = '';
    let i = 0;
    const n = content.length;
    while (i < n) {
      const c = content[i];
      if (c === '"' || c === "'") {
        i++;
        while (i < n && content[i] !== c) {
          if (content[i] === '\\' && i + 1 < n) {
            const hex = /^[0-9a-fA-F]{1,6}/.exec(content.slice(i + 1, i + 7));
            if (hex) {
              const code = parseInt(hex[0], 16);
              out += code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
              i += 1 + hex[0].length;
              if (i < n && /\s/.test(content[i])) i++;
            } else {
              out += content[i + 1] === '\n' ? '' : content[i + 1];
              i += 2;
            }
          } else {
            out += content[i++];
          }
        }
        i++;
      } else if (c === '/') {
        break; // what follows is the alternative text for speech
      } else if (/[A-Za-z-]/.test(c)) {
        const word = /^[A-Za-z-]+/.exec(content.slice(i))[0];
        i += word.length;
        if (content[i] === '(') {
          const close = content.indexOf(')', i);
          const args = content.slice(i + 1, close < 0 ? n : close).trim();
          i = close < 0 ? n : close + 1;
          if (word.toLowerCase() === 'attr') {
            const name = args.split(/[\s,]/)[0];
            out += (name && el.getAttribute(name)) || '';
          }
        } else if (word === 'open-quote') {
          out += '“';
        } else if (word === 'close-quote') {
          out += '”';
        }
      } else {
        i++;
      }
    }
    return out;
  }

  // Asking an element for its ::before/::after costs two style computations, the dearest read of
  // all (issue #8), so a document's style sheets say which elements can have one: those a rule
  // that sets `content` on a pseudo-element matches, and <q> (quotes from the browser's own
  // sheet). When a sheet cannot be read (another origin) or a selector not queried, every
  // element is asked, as are elements in shadow trees and shadow hosts (`:host::before`).
  const pseudoHosts = new Map(); // Document -> Set of elements, or null: ask every element

  function pseudoHostsOf(doc) {
    const selectors = ['q'];
    const pseudo = /::?(?:before|after)\b/i;
    function scan(rules, nested) {
      for (const rule of rules) {
        if (rule.styleSheet) {
          scan(rule.styleSheet.cssRules, nested); // @import
        } else if (typeof rule.selectorText === 'string') {
          if (pseudo.test(rule.selectorText) && rule.style && rule.style.getPropertyValue('content')) {
            if (nested) throw new Error('nested pseudo-element rule'); // `&` cannot be queried
            selectors.push(rule.selectorText);
          }
          if (rule.cssRules && rule.cssRules.length > 0) scan(rule.cssRules, true);
        } else if (rule.cssRules) {
          scan(rule.cssRules, nested); // @media, @supports, @layer, @container, @scope
        }
      }
    }
    try {
      for (const sheet of doc.styleSheets) scan(sheet.cssRules, false);
      for (const sheet of doc.adoptedStyleSheets || []) scan(sheet.cssRules, false);
      // The element a pseudo-element belongs to: drop the pseudo-element (a lone one is `*`).
      const hosts = selectors
        .map((sel) => sel.replace(/(^|[\s,>+~(])::?(?:before|after)\b/gi, '$1*').replace(/::?(?:before|after)\b/gi, ''))
        .join(',');
      return new Set(doc.querySelectorAll(hosts));
    } catch (e) {
      return null;
    }
  }

  function mayHavePseudo(el) {
    const root = el.getRootNode();
    if (root.nodeType !== 9 || shadowHosts.has(el)) return true;
    if (!pseudoHosts.has(root)) pseudoHosts.set(root, pseudoHostsOf(root));
    const hosts = pseudoHosts.get(root);
    return hosts === null || hosts.has(el);
  }

  // The pieces an element adds before its content (alt, title attribute, ::before) or after it
  // (::after), in document order; `keep` is called for each, the walk stops when it says false.
  function pseudoPiece(el, which) {
    if (!mayHavePseudo(el)) return null;
    let content;
    try {
      const view = el.ownerDocument.defaultView || topWindow;
      content = view.getComputedStyle(el, which).content;
    } catch (e) {
      return null;
    }
    if (!content || content === 'none' || content === 'normal') return null;
    const text = contentText(content, el);
    return text.trim() === '' ? null : piece(text, 'pseudo', el, null);
  }

  function openingPieces(el, tag) {
    const pieces = [];
    const alt = el.getAttribute('alt');
    if (alt && alt.trim() !== '' && (tag === 'img' || tag === 'area' || tag === 'input')) {
      pieces.push(piece(alt, 'alt', el, null));
    }
    const title = el.getAttribute('title');
    if (title && title.trim() !== '') pieces.push(piece(title, 'title_attr', el, null));
    const before = pseudoPiece(el, '::before');
    if (before) pieces.push(before);
    return pieces;
  }

  function textPiece(node) {
    const text = node.data;
    if (text.trim() === '') return null;
    const el = node.parentElement || (node.parentNode && node.parentNode.host);
    return el ? piece(text, 'node', el, node) : null;
  }

  // A same-origin frame's document, or null when it cannot be read.
  function frameDocument(frame) {
    try {
      const doc = frame.contentDocument;
      return doc && doc.documentElement ? doc : null;
    } catch (e) {
      return null;
    }
  }

  // The root element of a frame's document to walk into, or null; notes the frame once.
  const unreadFrames = new Set();
  function enterFrame(frame) {
    const doc = frameDocument(frame);
    if (doc && roots.has(doc)) return doc.documentElement;
    if (!doc) {
      if (!unreadFrames.has(frame)) {
        unreadFrames.add(frame);
        frames.push({ url: frame.src || frame.getAttribute('src') || '', read: false });
      }
      return null;
    }
    frames.push({ url: doc.URL, read: true });
    const outer = rootInfo(frame);
    const box = frame.getBoundingClientRect();
    const view = frame.ownerDocument.defaultView || topWindow;
    const cs = view.getComputedStyle(frame);
    const dx = outer.dx + box.left + frame.clientLeft + (parseFloat(cs.paddingLeft) || 0);
    const dy = outer.dy + box.top + frame.clientTop + (parseFloat(cs.paddingTop) || 0);
    addRoot(doc, dx, dy, frame);
    return doc.documentElement;
  }

  // An element's shadow root, closed ones included where the extension APIs reveal them
  // (Chrome: chrome.dom.openOrClosedShadowRoot; Firefox: Element.openOrClosedShadowRoot, both
  // only in content scripts); elsewhere only open ones.
  const extensionDom = globalThis.chrome && globalThis.chrome.dom;
  function shadowOf(el) {
    try {
      if ('openOrClosedShadowRoot' in el) return el.openOrClosedShadowRoot;
      if (extensionDom && typeof extensionDom.openOrClosedShadowRoot === 'function') {
        return extensionDom.openOrClosedShadowRoot(el);
      }
    } catch (e) {
      // Not a possible host: fall back to the open root.
    }
    return el.shadowRoot;
  }

  // Never shown as page text. (`head` holds only the <title>, which is read as `title`.)
  const skipped = new Set(['script', 'style', 'noscript', 'template', 'head']);

  // Walk the composed tree under `rootElement` (shadow content before light children, as it
  // renders; same-origin frames' documents in place of the frame) forward in document order,
  // or backward in exactly the reverse order, handing every piece of text to `keep`. Returns
  // 'done' at the end, 'stopped' when `keep` said so, 'limit' at the deadline or node budget.
  function walk(rootElement, backward, keep, until, nodeBudget) {
    const stack = [rootElement];
    let steps = 0;
    let visited = 0;
    // `[el, tag]` on the stack marks where el's ::after (forward) or its opening pieces
    // (backward) go: after its content.
    while (stack.length > 0) {
      if ((++steps & 255) === 0 && performance.now() > until) return 'limit';
      const node = stack.pop();
      if (Array.isArray(node)) {
        const [el, tag] = node;
        const pieces = backward ? openingPieces(el, tag).reverse() : [pseudoPiece(el, '::after')];
        for (const p of pieces) if (p && !keep(p)) return 'stopped';
        continue;
      }
      if (node.nodeType === 3) {
        const p = textPiece(node);
        if (p && !keep(p)) return 'stopped';
        continue;
      }
      if (node.nodeType !== 1) continue;
      nodesVisited++;
      if (++visited > nodeBudget) return 'limit';
      const tag = node.localName.toLowerCase();
      if (skipped.has(tag)) continue;
      if (tag === 'iframe' || tag === 'frame') {
        // A frame has no ::after; its document stands for its content.
        if (backward) stack.push([node, tag]);
        else for (const p of openingPieces(node, tag)) if (!keep(p)) return 'stopped';
        const inner = enterFrame(node);
        if (inner) stack.push(inner);
        continue;
      }
      const shadow = shadowOf(node);
      if (shadow && !roots.has(shadow)) {
        const outer = rootInfo(node);
        addRoot(shadow, outer.dx, outer.dy, node);
      }
      // Sibling links, not `childNodes`: a NodeList per element costs more than the rest of
      // the walk (issue #8).
      if (backward) {
        const after = pseudoPiece(node, '::after');
        if (after && !keep(after)) return 'stopped';
        stack.push([node, tag]);
        for (let c = shadow ? shadow.firstChild : null; c; c = c.nextSibling) stack.push(c);
        for (let c = node.firstChild; c; c = c.nextSibling) stack.push(c);
      } else {
        for (const p of openingPieces(node, tag)) if (!keep(p)) return 'stopped';
        if (mayHavePseudo(node)) stack.push([node, tag]); // only its ::after goes there
        for (let c = node.lastChild; c; c = c.previousSibling) stack.push(c);
        for (let c = shadow ? shadow.lastChild : null; c; c = c.previousSibling) stack.push(c);
      }
    }
    return 'done';
  }

  addRoot(document, topWindow.scrollX, topWindow.scrollY, null);
  const rootElement = document.documentElement;
  if (rootElement) {
    const backward = walk(rootElement, true, keepBackward, backwardUntil, Math.floor(maxNodes / 2));
    if (backward !== 'done') {
      const forward = walk(rootElement, false, keepForward, forwardUntil, maxNodes - nodesVisited);
      // Complete only when the walks met, or the forward walk alone read the whole page.
      if (!met && !(forward === 'done' && !tailFirst)) truncated = true;
    }
  }

  // ------------------------------------------------------------------------------------------
  // 3. Measure
  // ------------------------------------------------------------------------------------------

  const elements = [];
  const texts = [];
  const links = [];
  const elementIndex = new Map(); // Element -> index in `elements`
  const linkIndex = new Map(); // <a>/<area> Element -> index in `links`
  const enclosingLink = new Map(); // Element -> its nearest <a>/<area> Element, or null
  const styles = new Map(); // Element -> CSSStyleDeclaration (read once)

  function style(el) {
    let cs = styles.get(el);
    if (!cs) {
      const view = el.ownerDocument.defaultView || topWindow;
      cs = view.getComputedStyle(el);
      styles.set(el, cs);
    }
    return cs;
  }

  function toDocRect(clientRect, info) {
    return { x: clientRect.left + info.dx, y: clientRect.top + info.dy, w: clientRect.width, h: clientRect.height };
  }

  const emptyRect = () => ({ x: 0, y: 0, w: 0, h: 0 });

  function unionRects(rectList, info) {
    let left = Infinity;
    let top = Infinity;
    let right = -Infinity;
    let bottom = -Infinity;
    for (const r of rectList) {
      if (!(r.width > 0 && r.height > 0)) continue;
      left = Math.min(left, r.left);
      top = Math.min(top, r.top);
      right = Math.max(right, r.right);
      bottom = Math.max(bottom, r.bottom);
    }
    if (left === Infinity) return emptyRect();
    return { x: left + info.dx, y: top + info.dy, w: right - left, h: bottom - top };
  }

  // The parent in the composed tree we report: the DOM parent, the shadow host for a shadow
  // root's top-level children, the <iframe> for a frame's root element.
  function parentOf(el) {
    if (el.parentElement) return el.parentElement;
    const parent = el.parentNode;
    if (!parent) return null;
    const info = roots.get(parent);
    return info ? info.host : null;
  }

  // The index of `el` in `elements`, adding it and its missing ancestors (parents first); null
  // when that would pass the element budget.
  function ensureElement(el) {
    const known = elementIndex.get(el);
    if (known !== undefined) return known;
    const chain = [];
    let cursor = el;
    while (cursor && !elementIndex.has(cursor)) {
      chain.push(cursor);
      if (elements.length + chain.length > maxElements) return null;
      cursor = parentOf(cursor);
    }
    let parent = cursor ? elementIndex.get(cursor) : null;
    for (let i = chain.length - 1; i >= 0; i--) {
      parent = addElement(chain[i], parent);
    }
    return parent;
  }

  // The colour glyphs are painted with: `-webkit-text-fill-color` (Chrome and Firefox) wins
  // over `color`. Where a background image shows through the glyphs (`background-clip: text`,
  // gradient text) there is no one colour: '' (unknown, so the core does not judge it).
  function textColour(cs) {
    const clip = `${cs.webkitBackgroundClip || ''} ${cs.backgroundClip || ''}`;
    if (clip.includes('text') && cs.backgroundImage && cs.backgroundImage !== 'none') return '';
    return cs.webkitTextFillColor || cs.color;
  }

  // Values equal to `ElementFact::default()` (src/core/facts.rs) are left out of an element's
  // facts: the core fills them in, and a large page's facts shrink by half, which makes them
  // much quicker to hand to the popup. tests/hostile_pages.rs checks this list against the core.
  // ElementFact defaults:
  const elementDefaults = {"id": "", "class": "", "role": "", "rendered": true, "display": "block", "visibility": "visible", "opacity": 1, "color": "rgb(0, 0, 0)", "background": "rgba(0, 0, 0, 0)", "backgroundImage": false, "fontSize": 16, "position": "static", "overflowX": "visible", "overflowY": "visible", "clip": "auto", "clipPath": "none", "ariaHidden": false, "scope": 0};

  function omitDefaults(fact, values) {
    for (const key in values) {
      if (values[key] !== elementDefaults[key]) fact[key] = values[key];
    }
  }

  // Each style read costs about a microsecond per element, so an element's facts are what the
  // core reads of it (issue #8). The text styles (`rendered`, `visibility`, `color`, `fontSize`)
  // are read in `holdsText`, for elements that hold a piece of text: the text's own element
  // already reflects its ancestors (checkVisibility() looks up the tree, visibility inherits).
  function addElement(el, parent) {
    const cs = style(el);
    const info = rootInfo(el);
    const className = el.getAttribute('class'); // SVG `className` is an object: read the attribute
    const fact = {
      tag: el.localName.toLowerCase(),
      parent: parent === undefined ? null : parent,
    };
    const position = cs.position;
    const overflowX = cs.overflowX;
    const overflowY = cs.overflowY;
    const opacity = parseFloat(cs.opacity);
    omitDefaults(fact, {
      id: el.getAttribute('id') || '',
      class: className || '',
      role: el.getAttribute('role') || '',
      display: cs.display,
      opacity: Number.isFinite(opacity) ? opacity : 1,
      background: cs.backgroundColor,
      backgroundImage: !!cs.backgroundImage && cs.backgroundImage !== 'none',
      position,
      overflowX,
      overflowY,
      // `clip` applies to absolutely positioned boxes only (CSS 2.1 11.1.2); elsewhere it is inert.
      clip: position === 'absolute' || position === 'fixed' ? cs.clip || 'auto' : 'auto',
      clipPath: cs.clipPath || 'none',
      ariaHidden: el.getAttribute('aria-hidden') === 'true',
      scope: info.scope,
    });
    // The border box matters where it cuts off content (overflow, a clip-path drawn in it) and
    // for a frame (its document's page); every piece of text has its own box.
    const frame = fact.tag === 'iframe' || fact.tag === 'frame';
    if (overflowX !== 'visible' || overflowY !== 'visible' || fact.clipPath || frame) {
      fact.rect = toDocRect(el.getBoundingClientRect(), info);
    }
    const index = elements.length;
    elements.push(fact);
    elementIndex.set(el, index);
    // A frame's document does not inherit from it or see it in checkVisibility(): read them here.
    if (frame) holdsText(index, el);
    return index;
  }

  const textHolders = new Set(); // indices of elements whose text styles are read

  function holdsText(index, el) {
    if (textHolders.has(index)) return;
    textHolders.add(index);
    const cs = style(el);
    omitDefaults(elements[index], {
      rendered:
        typeof el.checkVisibility === 'function'
          ? el.checkVisibility()
          : cs.display !== 'none' && el.getClientRects().length > 0,
      visibility: cs.visibility,
      color: textColour(cs),
      fontSize: parseFloat(cs.fontSize) || 0,
    });
  }

  function isLink(el) {
    const tag = el.localName.toLowerCase();
    return tag === 'a' || tag === 'area';
  }

  // The nearest enclosing <a>/<area>, crossing shadow roots but not frames. Memoised.
  function linkElementOf(el) {
    const chain = [];
    let cursor = el;
    let found = null;
    while (cursor) {
      if (enclosingLink.has(cursor)) {
        found = enclosingLink.get(cursor);
        break;
      }
      chain.push(cursor);
      if (isLink(cursor)) {
        found = cursor;
        break;
      }
      const parent = cursor.parentElement || (cursor.parentNode && cursor.parentNode.host) || null;
      cursor = parent;
    }
    for (const c of chain) enclosingLink.set(c, found);
    return found;
  }

  function resolvedHref(a) {
    if (typeof a.href === 'string') return a.href;
    // SVG <a>: `href` is an SVGAnimatedString.
    const raw = a.getAttribute('href') || a.getAttribute('xlink:href');
    if (raw === null) return '';
    try {
      return new URL(raw, a.baseURI).href;
    } catch (e) {
      return '';
    }
  }

  function linkFor(el) {
    const a = linkElementOf(el);
    if (!a) return null;
    const known = linkIndex.get(a);
    if (known !== undefined) return known;
    const element = ensureElement(a);
    if (element === null) return null;
    const index = links.length;
    const rawHref = a.hasAttribute('href') ? a.getAttribute('href') : a.getAttribute('xlink:href');
    // Defaults (`LinkFact::default()`) left out, as for elements.
    const fact = { href: resolvedHref(a), element };
    if (rawHref !== null) fact.rawHref = rawHref;
    if (a.hasAttribute('onclick') || typeof a.onclick === 'function') fact.onclick = true;
    const target = a.getAttribute('target');
    if (target) fact.target = target;
    links.push(fact);
    linkIndex.set(a, index);
    return index;
  }

  const ranges = new Map(); // Document -> a reusable Range

  function measureText(node, info) {
    try {
      let r = ranges.get(node.ownerDocument);
      if (!r) {
        r = node.ownerDocument.createRange();
        ranges.set(node.ownerDocument, r);
      }
      r.selectNodeContents(node);
      return unionRects(r.getClientRects(), info);
    } catch (e) {
      return emptyRect(); // a node that cannot be measured keeps an empty rect
    }
  }

  function measure(p, order) {
    const element = ensureElement(p.el);
    if (element === null) {
      truncated = true;
      return;
    }
    holdsText(element, p.el);
    const info = rootInfo(p.node || p.el);
    const rect = p.node ? measureText(p.node, info) : toDocRect(p.el.getBoundingClientRect(), info);
    // Defaults (`TextFact::default()`) left out, as for elements.
    const fact = { order, text: p.text, element };
    if (p.source !== 'node') fact.source = p.source;
    if (rect.x !== 0 || rect.y !== 0 || rect.w !== 0 || rect.h !== 0) fact.rect = rect;
    const link = linkFor(p.el);
    if (link !== null) fact.link = link;
    texts.push(fact);
  }

  // The end of the page first (the backward walk's pieces, nearest the end first), then its
  // beginning; then back into document order.
  const inOrder = head.concat(tail.slice().reverse());
  for (let i = 0; i < inOrder.length; i++) {
    if ((i & 63) === 63 && performance.now() > measureUntil) {
      truncated = true;
      break;
    }
    const k = i < tail.length ? inOrder.length - 1 - i : i - tail.length;
    measure(inOrder[k], k);
  }
  texts.sort((a, b) => a.order - b.order);
  for (const t of texts) delete t.order;

  // "Show on page" (page/highlight.js) finds `elements[i]` again here: this runs in the
  // extension's isolated world, so the page cannot see it; the next read replaces it.
  globalThis.__beianCheckElements = [...elementIndex.keys()]; // insertion order = index order

  const root = document.documentElement;
  const body = document.body;
  let httpStatus = null;
  try {
    const nav = topWindow.performance.getEntriesByType('navigation')[0];
    if (nav && nav.responseStatus > 0) httpStatus = nav.responseStatus;
  } catch (e) {
    // Older browsers have no navigation timing entry.
  }

  // What the top document says about the software that made it: every `<meta name>` and the
  // script and stylesheet URLs, as they are (GeneratorMarks in src/core/facts.rs; the core
  // decides what they mean).
  function generatorMarks(doc) {
    const cut = (value) => String(value || '').slice(0, 500);
    const metas = [...doc.querySelectorAll('meta[name]')].slice(0, 50).map((m) => ({
      name: cut(m.getAttribute('name')).toLowerCase(),
      content: cut(m.getAttribute('content')),
    }));
    const urls = [...doc.querySelectorAll('script[src], link[rel~="stylesheet" i][href]')].slice(0, 200);
    return { metas, assets: urls.map((el) => cut(el.src || el.href)) };
  }

  const facts = {
    url: topWindow.location.href,
    title: document.title,
    lang: (root && root.lang) || '',
    viewport: { w: topWindow.innerWidth, h: topWindow.innerHeight },
    document: {
      w: Math.max(root ? root.scrollWidth : 0, body ? body.scrollWidth : 0),
      h: Math.max(root ? root.scrollHeight : 0, body ? body.scrollHeight : 0),
    },
    scroll: { x: topWindow.scrollX, y: topWindow.scrollY },
    httpStatus,
    elements,
    texts,
    links,
    frames,
    generatorMarks: generatorMarks(document),
    collector: {
      nodesVisited,
      elapsedMs: Math.round((performance.now() - started) * 10) / 10,
      truncated,
      unsettled,
    },
  };
  if (watcher) {
    // Let timers that came due while reading run, then wait out the rest of the probe.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + probeMs - performance.now())));
    watcher.observer.disconnect();
    if (watcher.changed) return collectPageFacts({ ...opts, settleFully: true, startedAt: started });
    facts.collector.elapsedMs = Math.round((performance.now() - started) * 10) / 10;
  }
  // A string crosses from the page to the extension far faster than a large object (issue #8).
  return opts.json ? JSON.stringify(facts) : facts;
}
