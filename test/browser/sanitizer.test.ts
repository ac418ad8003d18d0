// The sanitizer layer on its own (the renderer escapes raw HTML, so the other suites rarely reach it):
// raw hostile HTML straight into it comes out inert, through the browser's HTML Sanitizer API where the
// browser has one (this Chromium) and through DOMPurify where it does not (the API removed from the
// page, as in an older Electron); and the renderer's own HTML comes out the same through both.

import * as assert from 'assert';
import type { Page } from 'playwright-core';
import { generateMarkdown } from '../../bench/lib/markdownGen';
import { fixtureBundle } from './fixtures/bundle';
import { XSS_CORPUS } from './fixtures/xssCorpus';
import { FORBIDDEN } from './inert';
import { shared } from './setup';

type SanitizerPage = import('./fixtures/sanitizerPage.mjs', { with: { 'resolution-mode': 'import' } }).SanitizerPage;

/** Payloads aimed at the sanitizer itself (the corpus aims at the whole pipeline). */
const RAW = [
  ...XSS_CORPUS,
  '<a href="javascript:window.__pwned=1">js</a><a href=" javascript:window.__pwned=1">sp</a><a href="data:text/html,x">data</a><a href="/relative">rel</a><a href="vscode:x">vs</a>',
  '<button type="submit" formaction="https://evil.example/">go</button><button onclick="window.__pwned=1">b</button>',
  '<p id="x" name="y" style="color:red" data-x="1" aria-hidden="true" class="ok" title="t">clobber</p>',
  '<details open ontoggle="window.__pwned=1"><summary>s</summary>d</details>',
  '<template><img src=x onerror="window.__pwned=1"></template><div><template shadowrootmode="open"><img src=x onerror="window.__pwned=1"></template></div>',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=1"></style></mglyph></table></mtext></math>',
  '<svg><foreignObject><img src=x onerror="window.__pwned=1"></foreignObject></svg>',
  '<noscript><p title="</noscript><img src=x onerror=window.__pwned=1>"></noscript>',
  '<form><button formaction="javascript:window.__pwned=1">f</button></form>',
  '<!-- <img src=x onerror="window.__pwned=1"> --><p>after comment</p>',
];

interface Opened {
  page: Page;
  /** Requests the page made (it has no origin of its own: any request is one too many). */
  requests: string[];
  close(): Promise<void>;
}

/** A blank page with the sanitizer loaded; `withoutApi` removes the HTML Sanitizer API first. */
async function open(withoutApi: boolean): Promise<Opened> {
  const context = await shared().browser.newContext();
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  if (withoutApi) {
    await page.evaluate(() => {
      delete (Element.prototype as { setHTML?: unknown }).setHTML;
      delete (window as { Sanitizer?: unknown }).Sanitizer;
    });
  }
  await page.addScriptTag({ content: await fixtureBundle('sanitizerPage.mts') });
  return { page, requests, close: () => context.close() };
}

type PageWindow = { __sanitizerPage: SanitizerPage };
const kindIn = (page: Page) => page.evaluate(() => (window as unknown as PageWindow).__sanitizerPage.kind);
const sanitizeIn = (page: Page, htmls: string[]) => page.evaluate((list) => (window as unknown as PageWindow).__sanitizerPage.sanitize(list), htmls);
const renderIn = (page: Page, texts: string[]) => page.evaluate((list) => list.map((md) => (window as unknown as PageWindow).__sanitizerPage.render(md)), texts);

/** Waits until the page's event loop is idle: any load, error or timer a node queued has run. */
async function idle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestIdleCallback(() => resolve(), { timeout: 10_000 }))));
}

describe('the sanitizer layer', function () {
  this.timeout(120_000);
  let native: Opened;
  let fallback: Opened;
  before(async () => {
    native = await open(false);
    fallback = await open(true);
  });
  after(async () => {
    await native?.close();
    await fallback?.close();
  });

  it("uses the browser's HTML Sanitizer API where there is one, DOMPurify where there is not", async () => {
    assert.strictEqual(await kindIn(native.page), 'native');
    assert.strictEqual(await kindIn(fallback.page), 'dompurify');
  });

  for (const which of ['native', 'dompurify'] as const) {
    it(`${which}: raw hostile HTML comes out inert, even once it is in the live document`, async () => {
      const { page, requests } = which === 'native' ? native : fallback;
      const outputs = await sanitizeIn(page, RAW);
      await idle(page);
      const found = await page.evaluate((forbidden) => {
        const all = Array.from(document.body.querySelectorAll('*'));
        const attrs = all.flatMap((el) => Array.from(el.attributes).map((a) => `${el.nodeName.toLowerCase()} ${a.name}=${a.value}`));
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_COMMENT);
        return {
          forbidden: Array.from(document.body.querySelectorAll(forbidden + ', template, math, noscript, details')).map((el) => el.outerHTML),
          // Only these attributes, and links only to absolute http(s)/mailto URLs.
          badAttrs: attrs.filter((a) => !/^\w+ (class|title|type|aria-label|align|start)=/.test(a) && !/^a href=(https?:|mailto:)/i.test(a)),
          submitButtons: Array.from(document.body.querySelectorAll('button')).filter((b) => b.getAttribute('type') !== 'button').length,
          comments: walker.nextNode() ? 1 : 0,
          pwned: (window as unknown as { __pwned?: unknown }).__pwned,
        };
      }, FORBIDDEN);
      assert.strictEqual(outputs.length, RAW.length);
      assert.deepStrictEqual(found.forbidden, []);
      assert.deepStrictEqual(found.badAttrs, []);
      assert.strictEqual(found.submitButtons, 0);
      assert.strictEqual(found.comments, 0);
      assert.strictEqual(found.pwned, undefined);
      assert.deepStrictEqual(requests, []);
      // Allowed markup survives: the sanitizer removes what is dangerous, not everything.
      assert.ok(outputs.some((o) => o.includes('<p class="ok" title="t">clobber</p>')), 'allowed attributes kept');
      assert.ok(outputs.some((o) => o.includes('<p>after comment</p>')), 'text after a comment kept');
    });
  }

  it("gives the renderer's HTML the same nodes through both", async () => {
    const text = generateMarkdown(40 * 1024, 20241129);
    const pieces: string[] = [];
    for (let i = 0; i < text.length; i += 1500) pieces.push(text.slice(i, i + 1500));
    const htmls = await renderIn(native.page, pieces);
    const a = await sanitizeIn(native.page, htmls);
    const b = await sanitizeIn(fallback.page, htmls);
    assert.deepStrictEqual(a, b);
    const all = a.join('');
    // What the renderer makes is kept: code blocks with their buttons, tables with alignment, links.
    for (const part of ['<div class="code-block">', '<button type="button" class="code-copy"', '<table>', '<td align=', '<a href="https://', '<code class="hljs language-']) {
      assert.ok(all.includes(part), `kept: ${part}`);
    }
  });
});
