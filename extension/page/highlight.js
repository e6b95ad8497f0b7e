//! "Show on page": scrolls the page to an element a check is about and outlines it for a few
//! seconds, then removes every trace (the outline is one overlay element in the top document).
//!
//! `highlightElement` is passed as `func` to `scripting.executeScript`, like the collector
//! (page/collector.js): it must stay ONE self-contained function. It finds the element by its
//! index in the last PageFacts the collector produced in this frame: the collector leaves the
//! element list in `globalThis.__beianCheckElements` in the extension's isolated world, which
//! the page cannot see and which lives as long as the document does. It changes nothing but
//! the scroll position and that temporary overlay, styled through the CSSOM (`style.setProperty`),
//! which a page's CSP does not block.
//!
//! The page can put names on the isolated world's `window` without running a line of script:
//! `<iframe name=X>` makes `window.X` that frame's window, and a `<form>` element's named
//! controls shadow its methods (issue #16). So the outline's handle is kept under a registered
//! Symbol (no element name is a Symbol) and is used only when it carries this function's own
//! brand; the element's methods and getters are the prototypes' own, called on it.

/**
 * Scroll to and outline element `index` of the last PageFacts.
 *
 * @param {number} index `evidence.location.element` of a check.
 * @param {object} [options]
 * @param {number} [options.ms=3000] how long the outline stays.
 * @param {string} [options.label=''] a short text shown on the outline (the check's name).
 * @returns {{status: 'shown'|'hidden'|'stale', rect?: object}} `stale` when the page was
 *   reloaded or changed since it was read (the element is gone), `hidden` when the element has
 *   no box on the page (display:none, zero size, moved off the page).
 */
export function highlightElement(index, options) {
  const opts = options || {};
  const ms = opts.ms > 0 ? opts.ms : 3000;
  const label = typeof opts.label === 'string' ? opts.label.slice(0, 80) : '';
  const MARK = 'data-beian-check-highlight';
  // Where the running outline's handle lives, and the brand only a handle made here carries.
  const SLOT = Symbol.for('beian-check.highlight');
  const BRAND = Symbol.for('beian-check.highlight.brand');
  const own = (object, key) => object !== null && typeof object === 'object' && Object.prototype.hasOwnProperty.call(object, key);
  const nodeGetter = (name) => Object.getOwnPropertyDescriptor(Node.prototype, name).get;
  const isConnected = nodeGetter('isConnected');
  const ownerDocument = nodeGetter('ownerDocument');
  const boundingRect = Element.prototype.getBoundingClientRect;
  const clientRects = Element.prototype.getClientRects;
  const scrollIntoView = Element.prototype.scrollIntoView;
  // `<img name=createElement>` would shadow the document's own (named properties override it).
  const docGetter = (name) => Object.getOwnPropertyDescriptor(Document.prototype, name).get;
  const defaultView = docGetter('defaultView');
  const documentElement = docGetter('documentElement');
  const createElement = Document.prototype.createElement;
  const viewOf = (node) => defaultView.call(ownerDocument.call(node));

  const previous = own(globalThis, SLOT) ? globalThis[SLOT] : null;
  if (own(previous, BRAND) && previous[BRAND] === true) previous.stop();

  const list = globalThis.__beianCheckElements;
  const el = Array.isArray(list) && Number.isInteger(index) ? list[index] : undefined;
  if (!(el instanceof Element) || !isConnected.call(el)) return { status: 'stale' };

  // The element's box in the top window's viewport: add the offsets of the frames it sits in.
  function viewportRect() {
    const r = boundingRect.call(el);
    let x = r.left;
    let y = r.top;
    let win = viewOf(el);
    while (win && win !== window && win.frameElement) {
      const frame = win.frameElement;
      const fr = frame.getBoundingClientRect();
      const fs = viewOf(frame).getComputedStyle(frame);
      x += fr.left + frame.clientLeft + (parseFloat(fs.paddingLeft) || 0);
      y += fr.top + frame.clientTop + (parseFloat(fs.paddingTop) || 0);
      win = viewOf(frame);
    }
    return { x, y, w: r.width, h: r.height };
  }

  const first = viewportRect();
  if (clientRects.call(el).length === 0 || first.w < 1 || first.h < 1) return { status: 'hidden' };

  const reduce = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  scrollIntoView.call(el, { block: 'center', inline: 'nearest', behavior: reduce ? 'auto' : 'smooth' });

  // Off the page (left:-9999px and the like): scrolling cannot reach it.
  const doc = documentElement.call(document);
  const pageX = first.x + window.scrollX;
  const pageY = first.y + window.scrollY;
  if (pageX + first.w <= 0 || pageY + first.h <= 0 || pageX >= doc.scrollWidth || pageY >= doc.scrollHeight) {
    return { status: 'hidden' };
  }

  function styled(node, props) {
    node.style.setProperty('all', 'initial', 'important');
    for (const [name, value] of Object.entries(props)) node.style.setProperty(name, value, 'important');
    return node;
  }

  const PAD = 4;
  const box = styled(createElement.call(document, 'div'), {
    position: 'fixed',
    'z-index': '2147483647',
    'pointer-events': 'none',
    'box-sizing': 'border-box',
    border: '3px solid #e8590c',
    'border-radius': '4px',
    'box-shadow': '0 0 0 2px #ffffff, 0 0 0 6px rgba(232, 89, 12, 0.35)',
    background: 'rgba(232, 89, 12, 0.10)',
    margin: '0',
    padding: '0',
    overflow: 'visible',
    display: 'block',
  });
  box.setAttribute(MARK, '');
  box.setAttribute('aria-hidden', 'true');
  if (label) {
    const tag = styled(createElement.call(document, 'div'), {
      position: 'absolute',
      left: '-3px',
      bottom: '100%',
      'margin-bottom': '5px',
      padding: '2px 8px',
      'border-radius': '4px',
      background: '#e8590c',
      color: '#ffffff',
      font: '600 12px/18px system-ui, sans-serif',
      'white-space': 'nowrap',
      display: 'block',
    });
    tag.textContent = label;
    box.append(tag);
  }

  function place() {
    const r = viewportRect();
    box.style.setProperty('left', `${r.x - PAD}px`, 'important');
    box.style.setProperty('top', `${r.y - PAD}px`, 'important');
    box.style.setProperty('width', `${r.w + 2 * PAD}px`, 'important');
    box.style.setProperty('height', `${r.h + 2 * PAD}px`, 'important');
    const tag = box.firstElementChild;
    if (tag) {
      // Too close to the top for the label above the box: put it inside.
      const inside = r.y - PAD < 28;
      tag.style.setProperty('bottom', inside ? 'auto' : '100%', 'important');
      tag.style.setProperty('top', inside ? '3px' : 'auto', 'important');
      tag.style.setProperty('left', inside ? '3px' : '-3px', 'important');
    }
  }

  place();
  doc.append(box);
  // In the top layer when the browser has popovers, so a page's modal dialog cannot cover it.
  try {
    box.setAttribute('popover', 'manual');
    box.showPopover();
  } catch (e) {
    box.removeAttribute('popover');
  }

  let frame = 0;
  let timer = 0;
  const follow = () => {
    place();
    frame = requestAnimationFrame(follow);
  };
  frame = requestAnimationFrame(follow);

  const handle = {
    [BRAND]: true,
    stop() {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      box.remove();
      if (own(globalThis, SLOT) && globalThis[SLOT] === handle) delete globalThis[SLOT];
    },
  };
  timer = setTimeout(handle.stop, ms);
  globalThis[SLOT] = handle;
  return { status: 'shown', rect: viewportRect() };
}
