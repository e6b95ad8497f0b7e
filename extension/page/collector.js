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
 * @param {number} [options.minLoadedMs=1000] when waiting, also wait until the page finished
 *   loading at least this long ago: scripts often draw a footer just after the load event.
 * @param {Window} [options.window] read this window's document instead of the global one (the
 *   www page passes its sandboxed frame; the extension injects the function and passes nothing).
 * @returns {Promise<object>} the PageFacts.
 */
export async function collectPageFacts(options) {
  const opts = options || {};
  const maxNodes = opts.maxNodes > 0 ? opts.maxNodes : 400000;
  const maxMs = opts.maxMs > 0 ? opts.maxMs : 4000;
  const settleMs = opts.settleMs === undefined ? 200 : Number(opts.settleMs) || 0;
  const maxWaitMs = opts.maxWaitMs > 0 ? opts.maxWaitMs : 3000;
  const minLoadedMs = opts.minLoadedMs === undefined ? 1000 : Number(opts.minLoadedMs) || 0;
  const started = performance.now();
  const topWindow = opts.window || window;
  const document = topWindow.document; // shadows the global: every read below is of this one

  // Wait until no node has been added, removed or changed for `settleMs`. Attribute changes
  // are ignored on purpose: animated pages change styles on every frame and would never settle.
  function settle() {
    if (!(settleMs > 0)) return Promise.resolve(false);
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

  function addElement(el, parent) {
    const cs = style(el);
    const info = rootInfo(el);
    const className = el.getAttribute('class'); // SVG `className` is an object: read the attribute
    let rendered;
    if (typeof el.checkVisibility === 'function') {
      rendered = el.checkVisibility();
    } else {
      rendered = cs.display !== 'none' && el.getClientRects().length > 0;
    }
    const index = elements.length;
    elements.push({
      tag: el.localName.toLowerCase(),
      id: el.getAttribute('id') || '',
      class: className || '',
      role: el.getAttribute('role') || '',
      parent: parent === undefined ? null : parent,
      rendered,
      display: cs.display,
      visibility: cs.visibility,
      opacity: parseFloat(cs.opacity),
      color: cs.color,
      background: cs.backgroundColor,
      backgroundImage: !!cs.backgroundImage && cs.backgroundImage !== 'none',
      fontSize: parseFloat(cs.fontSize) || 0,
      position: cs.position,
      overflowX: cs.overflowX,
      overflowY: cs.overflowY,
      clip: cs.clip || 'auto',
      clipPath: cs.clipPath || 'none',
      ariaHidden: el.getAttribute('aria-hidden') === 'true',
      rect: toDocRect(el.getBoundingClientRect(), info),
      scope: info.scope,
    });
    elementIndex.set(el, index);
    return index;
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
    links.push({
      href: resolvedHref(a),
      rawHref: rawHref === null ? null : rawHref,
      onclick: a.hasAttribute('onclick') || typeof a.onclick === 'function',
      target: a.getAttribute('target') || '',
      element: ensureElement(a),
    });
    linkIndex.set(a, index);
    return index;
  }

  function addText(text, source, el, rect) {
    const element = ensureElement(el);
    texts.push({ text, source, element, rect, link: linkFor(el) });
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

  function visitPseudo(el, which) {
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
      stack.push([node]);
      // Push in reverse so children pop in document order: shadow content first (it is what
      // renders), then the light children (rendered through slots, or not at all).
      const children = node.childNodes;
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
      const shadow = node.shadowRoot;
      if (shadow) {
        if (!roots.has(shadow)) {
          const outer = rootInfo(node);
          addRoot(shadow, outer.dx, outer.dy, node);
        }
        const inner = shadow.childNodes;
        for (let i = inner.length - 1; i >= 0; i--) stack.push(inner[i]);
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
    const nav = topWindow.performance.getEntriesByType('navigation')[0];
    if (nav && nav.responseStatus > 0) httpStatus = nav.responseStatus;
  } catch (e) {
    // Older browsers have no navigation timing entry.
  }

  return {
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
    collector: {
      nodesVisited,
      elapsedMs: Math.round((performance.now() - started) * 10) / 10,
      truncated,
      unsettled,
    },
  };
}
