//! The page-side collector: copies facts out of the live DOM into the `PageFacts` schema of
//! `src/core/facts.rs` (camelCase keys; rects `{x, y, w, h}` in document coordinates).
//!
//! It decides nothing: no knowledge of ICP numbers, no rules, no text patterns. Every judgement
//! made from these facts lives in the Rust core.
//!
//! `collectPageFacts` is passed as `func` to `scripting.executeScript`, which serialises its
//! source text: it must stay ONE self-contained function that references nothing outside itself
//! (inner helpers only, no imports, no module-level constants). Its result must be plain JSON.

/**
 * Read the facts of the current page.
 *
 * @param {object} [options]
 * @param {number} [options.maxNodes=400000] stop after visiting this many elements (truncated).
 * @param {number} [options.maxMs=4000] stop the walk after this many milliseconds (truncated).
 * @param {number} [options.settleMs=200] before walking, wait until the DOM has been quiet this
 *   long (0 disables waiting).
 * @param {number} [options.maxWaitMs=3000] give up waiting for quiet after this long (unsettled).
 *   The wait happens only while the page may still be painting: while it loads and for
 *   `maxWaitMs` after its load event. Later the DOM is what the person sees, so it is read at
 *   once (issue #8: a fixed wait was most of a check's time).
 * @param {number} [options.minLoadedMs=1000] when waiting, also wait until the page finished
 *   loading at least this long ago: scripts often draw a footer just after the load event.
 * @param {boolean} [options.json=false] return the facts as JSON text: a string crosses from
 *   the page to the extension far faster than a large object (issue #8).
 * @returns {Promise<object|string>} the PageFacts (fields equal to their defaults in
 *   `src/core/facts.rs` left out), or their JSON text.
 */
export async function collectPageFacts(options) {
  const opts = options || {};
  const maxNodes = opts.maxNodes > 0 ? opts.maxNodes : 400000;
  const maxMs = opts.maxMs > 0 ? opts.maxMs : 4000;
  const settleMs = opts.settleMs === undefined ? 200 : Number(opts.settleMs) || 0;
  const maxWaitMs = opts.maxWaitMs > 0 ? opts.maxWaitMs : 3000;
  const minLoadedMs = opts.minLoadedMs === undefined ? 1000 : Number(opts.minLoadedMs) || 0;
  const started = performance.now();
  const topWindow = window;

  // Wait until no node has been added, removed or changed for `settleMs`. Attribute changes
  // are ignored on purpose: animated pages change styles on every frame and would never settle.
  function settle() {
    if (!(settleMs > 0) || !recentlyLoaded()) return Promise.resolve(false);
    // How long to stay quiet: settleMs, and until minLoadedMs after the load event (a page still
    // loading counts as loaded now).
    function quietMs() {
      const nav = performance.getEntriesByType('navigation')[0];
      const loadedAt = nav && nav.loadEventEnd > 0 ? nav.loadEventEnd : performance.now();
      return Math.max(settleMs, loadedAt + minLoadedMs - performance.now());
    }
    return new Promise((resolve) => {
      let quiet = 0;
      let limit = 0;
      const observer = new MutationObserver(() => {
        clearTimeout(quiet);
        quiet = setTimeout(done, quietMs(), false);
      });
      function done(unsettled) {
        observer.disconnect();
        clearTimeout(quiet);
        clearTimeout(limit);
        resolve(unsettled);
      }
      observer.observe(document, { childList: true, characterData: true, subtree: true });
      quiet = setTimeout(done, quietMs(), false);
      limit = setTimeout(done, maxWaitMs, true);
    });
  }

  // Still loading, or loaded less than `maxWaitMs` ago (a script may still be painting).
  function recentlyLoaded() {
    if (document.readyState !== 'complete') return true;
    try {
      const timing = topWindow.performance;
      const nav = timing.getEntriesByType('navigation')[0];
      return !(nav && nav.loadEventEnd > 0 && timing.now() - nav.loadEventEnd >= maxWaitMs);
    } catch (e) {
      return true;
    }
  }

  const unsettled = await settle();
  const walkStarted = performance.now();

  const elements = [];
  const texts = [];
  const links = [];
  const frames = [];
  const elementIndex = new Map(); // Element -> index in `elements`
  const linkIndex = new Map(); // <a>/<area> Element -> index in `links`
  const enclosingLink = new Map(); // Element -> its nearest <a>/<area> Element, or null
  const styles = new Map(); // Element -> CSSStyleDeclaration (read once)
  // Root node (Document or ShadowRoot) -> { scope, dx, dy, host }: `dx`/`dy` turn a client rect
  // in that root's window into top-document coordinates; `host` is the shadow host or iframe.
  const roots = new Map();
  let nextScope = 0;
  let nodesVisited = 0;
  let truncated = false;

  function addRoot(root, dx, dy, host) {
    const info = { scope: nextScope++, dx, dy, host };
    roots.set(root, info);
    return info;
  }

  function rootInfo(node) {
    return roots.get(node.getRootNode()) || roots.get(document);
  }

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

  function ensureElement(el) {
    const known = elementIndex.get(el);
    if (known !== undefined) return known;
    const chain = [];
    let cursor = el;
    while (cursor && !elementIndex.has(cursor)) {
      chain.push(cursor);
      cursor = parentOf(cursor);
    }
    let parent = cursor ? elementIndex.get(cursor) : null;
    for (let i = chain.length - 1; i >= 0; i--) {
      parent = addElement(chain[i], parent);
    }
    return parent;
  }

  // Each style read costs about a microsecond per element, so an element's facts are what the
  // core reads of it, and a field equal to its default in `ElementFact::default()`
  // (src/core/facts.rs) is left out (serde fills it in). Text styles (`rendered`, `visibility`,
  // `color`, `fontSize`) are read in `holdsText`, for elements that hold collected text.
  function addElement(el, parent) {
    const cs = style(el);
    const info = rootInfo(el);
    const fact = { tag: el.localName.toLowerCase() };
    const id = el.getAttribute('id');
    if (id) fact.id = id;
    const className = el.getAttribute('class'); // SVG `className` is an object: read the attribute
    if (className) fact.class = className;
    const role = el.getAttribute('role');
    if (role) fact.role = role;
    if (parent !== undefined && parent !== null) fact.parent = parent;
    const display = cs.display;
    if (display !== 'block') fact.display = display;
    const opacity = parseFloat(cs.opacity);
    if (opacity !== 1 && Number.isFinite(opacity)) fact.opacity = opacity;
    const background = cs.backgroundColor;
    if (background !== 'rgba(0, 0, 0, 0)') fact.background = background;
    const backgroundImage = cs.backgroundImage;
    if (backgroundImage && backgroundImage !== 'none') fact.backgroundImage = true;
    const position = cs.position;
    if (position !== 'static') fact.position = position;
    const overflowX = cs.overflowX;
    if (overflowX !== 'visible') fact.overflowX = overflowX;
    const overflowY = cs.overflowY;
    if (overflowY !== 'visible') fact.overflowY = overflowY;
    // `clip` applies to absolutely positioned boxes only (CSS 2.1 11.1.2); elsewhere it is inert.
    if (position === 'absolute' || position === 'fixed') {
      const clip = cs.clip || 'auto';
      if (clip !== 'auto') fact.clip = clip;
    }
    const clipPath = cs.clipPath || 'none';
    if (clipPath !== 'none') fact.clipPath = clipPath;
    if (el.getAttribute('aria-hidden') === 'true') fact.ariaHidden = true;
    // The border box matters where it cuts off content (overflow other than visible); every
    // text carries its own box.
    if (overflowX !== 'visible' || overflowY !== 'visible') {
      fact.rect = toDocRect(el.getBoundingClientRect(), info);
    }
    if (info.scope !== 0) fact.scope = info.scope;
    const index = elements.length;
    elements.push(fact);
    elementIndex.set(el, index);
    return index;
  }

  const textHolders = new Set(); // indices of elements whose text styles are read

  function holdsText(index, el) {
    if (textHolders.has(index)) return;
    textHolders.add(index);
    const fact = elements[index];
    const cs = style(el);
    // checkVisibility() is false under display:none and content-visibility:hidden ancestors
    // too, so reading it here covers the ancestors.
    const rendered =
      typeof el.checkVisibility === 'function'
        ? el.checkVisibility()
        : cs.display !== 'none' && el.getClientRects().length > 0;
    if (!rendered) fact.rendered = false;
    const visibility = cs.visibility;
    if (visibility !== 'visible') fact.visibility = visibility;
    const color = cs.color;
    if (color !== 'rgb(0, 0, 0)') fact.color = color;
    const fontSize = parseFloat(cs.fontSize) || 0;
    if (fontSize !== 16) fact.fontSize = fontSize;
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
    const index = links.length;
    const rawHref = a.hasAttribute('href') ? a.getAttribute('href') : a.getAttribute('xlink:href');
    const fact = { href: resolvedHref(a), element: ensureElement(a) };
    if (rawHref !== null) fact.rawHref = rawHref;
    if (a.hasAttribute('onclick') || typeof a.onclick === 'function') fact.onclick = true;
    const target = a.getAttribute('target');
    if (target) fact.target = target;
    links.push(fact);
    linkIndex.set(a, index);
    return index;
  }

  function addText(text, source, el, rect) {
    const element = ensureElement(el);
    holdsText(element, el);
    const fact = { text, element };
    if (source !== 'node') fact.source = source;
    if (rect.x !== 0 || rect.y !== 0 || rect.w !== 0 || rect.h !== 0) fact.rect = rect;
    const link = linkFor(el);
    if (link !== null) fact.link = link;
    texts.push(fact);
  }

  const ranges = new Map(); // Document -> a reusable Range

  function visitText(node) {
    const text = node.data;
    if (text.trim() === '') return;
    const el = node.parentElement || (node.parentNode && node.parentNode.host);
    if (!el) return;
    const info = rootInfo(node);
    let rect = emptyRect();
    try {
      let r = ranges.get(node.ownerDocument);
      if (!r) {
        r = node.ownerDocument.createRange();
        ranges.set(node.ownerDocument, r);
      }
      r.selectNodeContents(node);
      rect = unionRects(r.getClientRects(), info);
    } catch (e) {
      // A node that cannot be measured keeps an empty rect.
    }
    addText(text, 'node', el, rect);
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
    if (root.nodeType !== 9 || el.shadowRoot) return true;
    if (!pseudoHosts.has(root)) pseudoHosts.set(root, pseudoHostsOf(root));
    const hosts = pseudoHosts.get(root);
    return hosts === null || hosts.has(el);
  }

  function visitPseudo(el, which) {
    if (!mayHavePseudo(el)) return;
    let content;
    try {
      const view = el.ownerDocument.defaultView || topWindow;
      content = view.getComputedStyle(el, which).content;
    } catch (e) {
      return;
    }
    if (!content || content === 'none' || content === 'normal') return;
    addText(content, 'pseudo', el, toDocRect(el.getBoundingClientRect(), rootInfo(el)));
  }

  function visitAttributes(el, tag) {
    const alt = el.getAttribute('alt');
    if (alt && alt.trim() !== '' && (tag === 'img' || tag === 'area' || tag === 'input')) {
      addText(alt, 'alt', el, toDocRect(el.getBoundingClientRect(), rootInfo(el)));
    }
    const title = el.getAttribute('title');
    if (title && title.trim() !== '') {
      addText(title, 'title_attr', el, toDocRect(el.getBoundingClientRect(), rootInfo(el)));
    }
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

  function enterFrame(frame, stack) {
    const doc = frameDocument(frame);
    if (!doc) {
      frames.push({ url: frame.src || frame.getAttribute('src') || '', read: false });
      return;
    }
    frames.push({ url: doc.URL, read: true });
    const outer = rootInfo(frame);
    const box = frame.getBoundingClientRect();
    const cs = style(frame);
    const dx = outer.dx + box.left + frame.clientLeft + (parseFloat(cs.paddingLeft) || 0);
    const dy = outer.dy + box.top + frame.clientTop + (parseFloat(cs.paddingTop) || 0);
    addRoot(doc, dx, dy, frame);
    stack.push(doc.documentElement);
  }

  // Never shown as page text. (`head` holds only the <title>, which is read as `title`.)
  const skipped = new Set(['script', 'style', 'noscript', 'template', 'head']);

  function walk(rootElement) {
    const stack = [rootElement];
    while (stack.length > 0) {
      const node = stack.pop();
      if (Array.isArray(node)) {
        // `[el]` marks the end of el's subtree: its ::after comes after its content.
        visitPseudo(node[0], '::after');
        continue;
      }
      if (node.nodeType === 3) {
        visitText(node);
        continue;
      }
      if (node.nodeType !== 1) continue;
      nodesVisited++;
      if (nodesVisited > maxNodes || ((nodesVisited & 255) === 0 && performance.now() - walkStarted > maxMs)) {
        truncated = true;
        return;
      }
      const tag = node.localName.toLowerCase();
      if (skipped.has(tag)) continue;
      visitAttributes(node, tag);
      visitPseudo(node, '::before');
      if (tag === 'iframe' || tag === 'frame') {
        enterFrame(node, stack);
        continue;
      }
      if (mayHavePseudo(node)) stack.push([node]);
      // Push in reverse so children pop in document order: shadow content first (it is what
      // renders), then the light children (rendered through slots, or not at all). Sibling
      // links, not `childNodes`: a NodeList per element costs more than the rest of the walk.
      for (let child = node.lastChild; child; child = child.previousSibling) stack.push(child);
      const shadow = node.shadowRoot;
      if (shadow) {
        if (!roots.has(shadow)) {
          const outer = rootInfo(node);
          addRoot(shadow, outer.dx, outer.dy, node);
        }
        for (let child = shadow.lastChild; child; child = child.previousSibling) stack.push(child);
      }
    }
  }

  addRoot(document, topWindow.scrollX, topWindow.scrollY, null);
  if (document.documentElement) walk(document.documentElement);

  // "Show on page" (page/highlight.js) finds `elements[i]` again here: this runs in the
  // extension's isolated world, so the page cannot see it; the next read replaces it.
  globalThis.__beianCheckElements = [...elementIndex.keys()]; // insertion order = index order

  const root = document.documentElement;
  const body = document.body;
  let httpStatus = null;
  try {
    const nav = performance.getEntriesByType('navigation')[0];
    if (nav && nav.responseStatus > 0) httpStatus = nav.responseStatus;
  } catch (e) {
    // Older browsers have no navigation timing entry.
  }

  const facts = {
    url: location.href,
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
    collector: {
      nodesVisited,
      elapsedMs: Math.round((performance.now() - started) * 10) / 10,
      truncated,
      unsettled,
    },
  };
  return opts.json ? JSON.stringify(facts) : facts;
}
