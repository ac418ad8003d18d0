// The second safety layer: whatever HTML the markdown renderer produced is cleaned with a strict
// allow-list (no images, media, forms, frames, styles or event handlers; links http/https/mailto).
// Where the browser has the HTML Sanitizer API (Element.setHTML: Chromium 146 and later, so current
// code-server browsers), parsing and cleaning are one native pass, about three times faster than
// DOMPurify on a streaming answer's tail (bench/experiments/sanitizeCost.ts; figures in README.md);
// elsewhere (an older Electron) DOMPurify does it. Both apply the same lists, then the same link and
// button rules, and parse inert: nothing runs or loads before the nodes are clean. (A removed
// element's text goes with it in the native pass and stays with DOMPurify; the renderer never
// produces an element outside the lists, test/browser/sanitizer.test.ts checks both on its HTML.)

import DOMPurify from 'dompurify';
import { safeLinkUrl } from './urls.js';

const ALLOWED_TAGS = [
  'a', 'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code',
  'span', 'em', 'strong', 'del', 's', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'div', 'button',
];
const ALLOWED_ATTR = ['href', 'title', 'class', 'type', 'aria-label', 'align', 'start'];

/** Links keep only safe absolute URLs; buttons never submit. */
function applyElementRules(node: Element): void {
  if (node.nodeName === 'A') {
    const href = node.getAttribute('href');
    if (href !== null && !safeLinkUrl(href)) node.removeAttribute('href');
  } else if (node.nodeName === 'BUTTON') {
    node.setAttribute('type', 'button');
  }
}

/** The fallback: a DOMPurify instance with the same lists and rules (exported for the bench's comparison). */
export function dompurifySanitizer(): (html: string) => DocumentFragment {
  // An instance of its own, configured once: a config passed to every sanitize() call is parsed
  // again each time (new allow-list sets per call), a good part of a streaming answer's garbage.
  const purify = DOMPurify(window);
  purify.setConfig({
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
    // DOMPurify checks every attribute not on its URI-safe list against ALLOWED_URI_REGEXP; these
    // carry plain words, not URLs.
    ADD_URI_SAFE_ATTR: ['aria-label', 'align', 'start', 'type'],
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOW_UNKNOWN_PROTOCOLS: false,
    RETURN_DOM_FRAGMENT: true,
  });
  purify.addHook('afterSanitizeAttributes', applyElementRules);
  return (html) => {
    // setConfig's RETURN_DOM_FRAGMENT applies; the typings only know that from a per-call config.
    const result: unknown = purify.sanitize(html);
    // Null when the input parses as a frameset document: nothing in it may stay.
    if (result === null) return document.createDocumentFragment();
    if (!(result instanceof DocumentFragment)) throw new Error('the sanitizer returned no fragment');
    return result;
  };
}

type SanitizerConstructor = (new (config: object) => object) & { prototype: { get?: unknown } };
type SetHTML = (this: Element, html: string, options: { sanitizer: object }) => void;

/** Sanitizes with setHTML when the API is there and behaves as the current standard says; else undefined. */
function nativeSanitizer(): ((html: string) => DocumentFragment) | undefined {
  const Sanitizer = (window as unknown as { Sanitizer?: SanitizerConstructor }).Sanitizer;
  const setHTML = (Element.prototype as unknown as { setHTML?: SetHTML }).setHTML;
  // get() belongs to the standard's API; Chromium 105–118 had an earlier draft with other options.
  if (typeof Sanitizer !== 'function' || typeof setHTML !== 'function' || typeof Sanitizer.prototype.get !== 'function') return undefined;
  let sanitizer: object;
  try {
    sanitizer = new Sanitizer({ elements: ALLOWED_TAGS, attributes: ALLOWED_ATTR, comments: false, dataAttributes: false });
  } catch {
    return undefined;
  }
  const sanitize = (html: string): DocumentFragment => {
    const holder = document.createElement('div');
    setHTML.call(holder, html, { sanitizer });
    for (const el of Array.from(holder.querySelectorAll('a[href], button'))) applyElementRules(el);
    const fragment = document.createDocumentFragment();
    while (holder.firstChild) fragment.appendChild(holder.firstChild);
    return fragment;
  };
  // The lists must hold as configured: otherwise keep to DOMPurify.
  const probe = document.createElement('div');
  // (No event-handler or style attribute in the probe: the page's CSP reports those even here.)
  probe.append(sanitize('<p class="k" id="i" data-x="1">a<img><b>b</b></p><!--c--><script>x()</script><a href="javascript:x()">l</a>'));
  return probe.innerHTML === '<p class="k">a</p><a>l</a>' ? sanitize : undefined;
}

const native = nativeSanitizer();

/** Which implementation cleans the HTML in this browser. */
export const SANITIZER_KIND: 'native' | 'dompurify' = native ? 'native' : 'dompurify';

const sanitize = native ?? dompurifySanitizer();

/** Sanitized DOM nodes for an HTML string from the markdown renderer. */
export function sanitizeToFragment(html: string): DocumentFragment {
  return sanitize(html);
}
