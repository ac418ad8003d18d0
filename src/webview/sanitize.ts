// The second safety layer: whatever HTML the markdown renderer produced goes through DOMPurify with a
// strict allow-list (no images, media, forms, frames, styles or event handlers; links http/https/mailto).

import DOMPurify from 'dompurify';
import { safeLinkUrl } from './urls.js';

const ALLOWED_TAGS = [
  'a', 'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code',
  'span', 'em', 'strong', 'del', 's', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'div', 'button',
];
const ALLOWED_ATTR = ['href', 'title', 'class', 'type', 'aria-label', 'align', 'start'];

const CONFIG = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
  // DOMPurify checks every attribute not on its URI-safe list against ALLOWED_URI_REGEXP; these
  // carry plain words, not URLs.
  ADD_URI_SAFE_ATTR: ['aria-label', 'align', 'start', 'type'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  RETURN_DOM_FRAGMENT: true as const,
};

// An instance of its own, configured once: a config passed to every sanitize() call is parsed again
// each time (new allow-list sets per call), a good part of a streaming answer's garbage.
const purify = DOMPurify(window);
purify.setConfig(CONFIG);

purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.nodeName === 'A') {
    const href = node.getAttribute('href');
    if (href !== null && !safeLinkUrl(href)) node.removeAttribute('href');
  } else if (node.nodeName === 'BUTTON') {
    node.setAttribute('type', 'button');
  }
});

/** Sanitized DOM nodes for an HTML string from the markdown renderer. */
export function sanitizeToFragment(html: string): DocumentFragment {
  // setConfig's RETURN_DOM_FRAGMENT applies; the typings only know that from a per-call config.
  const result: unknown = purify.sanitize(html);
  if (!(result instanceof DocumentFragment)) throw new Error('the sanitizer returned no fragment');
  return result;
}
