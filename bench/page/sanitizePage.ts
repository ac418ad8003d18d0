// Page script for sanitizeCost.ts: replays an answer through the webview's own IncrementalMarkdown
// (src/webview) in the page, keeping each frame's tail HTML, then times per frame: step() (lex +
// render of the tail), the webview's sanitizeToFragment(tail) as shipped (the browser's HTML
// Sanitizer API where it has one, see `kind`), and DOMPurify configured once with setConfig(CONFIG)
// (the shipped fallback: same allow-lists and hook). Interleaved rounds; outputs compared.
import DOMPurify from 'dompurify';
import { IncrementalMarkdown } from '../../src/webview/incrementalMarkdown.js';
import { SANITIZER_KIND, sanitizeToFragment } from '../../src/webview/sanitize.js';
import { safeLinkUrl } from '../../src/webview/urls.js';
import { generateMarkdown, splitDeltas } from '../lib/markdownGen.js';

// Copy of the DOMPurify configuration in src/webview/sanitize.ts (not exported there).
const CONFIG = {
  ALLOWED_TAGS: ['a', 'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'span', 'em', 'strong', 'del', 's', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'div', 'button'],
  ALLOWED_ATTR: ['href', 'title', 'class', 'type', 'aria-label', 'align', 'start'],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
  ADD_URI_SAFE_ATTR: ['aria-label', 'align', 'start', 'type'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  RETURN_DOM_FRAGMENT: true as const,
};
const once = DOMPurify(window);
once.addHook('afterSanitizeAttributes', (node) => {
  if (node.nodeName === 'A') {
    const href = node.getAttribute('href');
    if (href !== null && !safeLinkUrl(href)) node.removeAttribute('href');
  } else if (node.nodeName === 'BUTTON') node.setAttribute('type', 'button');
});
once.setConfig(CONFIG);

(window as unknown as { __run: (kb: number) => unknown }).__run = (kb: number) => {
  const text = generateMarkdown(kb * 1024, 20240601);
  const deltas = splitDeltas(text, 7, 20, 40);
  const inc = new IncrementalMarkdown();
  const tails: string[] = [];
  const stepMs: number[] = [];
  for (const d of deltas) {
    inc.append(d);
    const t0 = performance.now();
    const { tail } = inc.step();
    stepMs.push(performance.now() - t0);
    tails.push(tail);
  }
  const shipped: number[] = [];
  const dompurify: number[] = [];
  let same = true;
  for (let round = 0; round < 3; round++) {
    for (const [name, fn, out] of [
      ['shipped', (h: string) => sanitizeToFragment(h), shipped],
      ['dompurify', (h: string) => once.sanitize(h) as unknown as DocumentFragment, dompurify],
    ] as const) {
      void name;
      const t0 = performance.now();
      for (const h of tails) fn(h);
      out.push(performance.now() - t0);
    }
  }
  for (const h of tails.slice(0, 200)) {
    const a = document.createElement('div');
    a.append(sanitizeToFragment(h));
    const b = document.createElement('div');
    b.append(once.sanitize(h) as unknown as DocumentFragment);
    if (a.innerHTML !== b.innerHTML) same = false;
  }
  const sum = (xs: number[]) => xs.reduce((x, y) => x + y, 0);
  return {
    kind: SANITIZER_KIND,
    frames: deltas.length,
    meanTailChars: sum(tails.map((t) => t.length)) / tails.length,
    stepMsPerFrame: sum(stepMs) / deltas.length,
    shippedMsPerFrame: Math.min(...shipped) / deltas.length,
    dompurifyMsPerFrame: Math.min(...dompurify) / deltas.length,
    sameOutput: same,
  };
};
