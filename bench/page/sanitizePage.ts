// Page script for sanitizeCost.ts: replays an answer through the webview's own IncrementalMarkdown
// (src/webview) in the page, keeping each frame's tail HTML, then times per frame: step() (lex +
// render of the tail), the webview's sanitizeToFragment(tail) as shipped (the browser's HTML
// Sanitizer API where it has one, see `kind`), and the shipped DOMPurify fallback
// (dompurifySanitizer: same allow-lists and rules). Interleaved rounds; outputs compared.
import { IncrementalMarkdown } from '../../src/webview/incrementalMarkdown.js';
import { dompurifySanitizer, SANITIZER_KIND, sanitizeToFragment } from '../../src/webview/sanitize.js';
import { generateMarkdown, splitDeltas } from '../lib/markdownGen.js';

const fallback = dompurifySanitizer();

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
      ['dompurify', fallback, dompurify],
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
    b.append(fallback(h));
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
