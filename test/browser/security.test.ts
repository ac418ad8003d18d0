// Hostile markdown does nothing: no script runs, no element that could run one or fetch a remote
// resource exists, javascript:/data: links are plain text, no request leaves for another host.

import * as assert from 'assert';
import type { HostMessage } from '../../src/shared/protocol';
import { answerSelector, turnView, type PanelPage } from './harness';
import { inspect } from './inert';
import { closeClean, openSharedPanel } from './setup';

/** Pieces as the host would send them; tags are split across deltas on purpose. */
const HOSTILE_PIECES = [
  'Hello <scr',
  'ipt>window.__pwned=1</scr',
  'ipt> there.\n\n',
  '<img src=x onerror="window.__pwned=1">\n\n',
  '<script>window.__pwned=1</script>\n\n',
  '[click me](javascript:window.__pwned=1) and [data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) and ',
  '[vbs](vbscript:msgbox) [file](file:///etc/passwd) [cmd](command:workbench.action.quit) [rel](/relative) [anchor](#top)\n\n',
  '![tracker](https://evil.example/x.png) ![local](x.png) ![data](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)\n\n',
  '<iframe src="https://evil.example/"></iframe>\n\n',
  '<a href="javascript:window.__pwned=1">raw anchor</a> and <a href="https://evil.example/raw">raw https anchor</a>\n\n',
  'Inline code: `<b>bold</b>` and `<script>window.__pwned=1</script>`\n\n',
  '<svg onload="window.__pwned=1"><circle r="1"/></svg>\n\n',
  '<style>body { display: none }</style>\n\n<div style="position:fixed;inset:0">overlay</div>\n\n',
  '<form action="https://evil.example/"><input name=q><button>go</button></form>\n\n',
  '<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/e">\n\n',
  '<link rel="stylesheet" href="https://evil.example/x.css"><meta http-equiv="refresh" content="0;url=https://evil.example/">\n\n',
  '[ref link][bad]\n\n[bad]: javascript:window.__pwned=1\n\n',
  '<java',
  'script:window.__pwned=1> autolink and <https://example.com/ok> autolink\n\n',
  '```html\n<script>window.__pwned=1</script>\n```\n\n',
  '[fine](https://example.com/fine "a title") and [mail](mailto:someone@example.com)',
];

describe('hostile markdown is inert', () => {
  let panel: PanelPage;
  beforeEach(async () => {
    panel = await openSharedPanel();
  });
  afterEach(() => closeClean(panel));

  it('streamed in pieces (tags split across deltas) and after the end: nothing runs, nothing is fetched', async () => {
    await panel.post({ type: 'turnStart', turn: turnView({ id: 'h1', question: 'Be <b>evil</b> <img src=x onerror="window.__pwned=1">' }) });
    const checks: Awaited<ReturnType<typeof inspect>>[] = [];
    for (let i = 0; i < HOSTILE_PIECES.length; i++) {
      await panel.post({ type: 'delta', turn: 'h1', seq: i + 1, content: HOSTILE_PIECES[i] });
      await panel.nextFrame();
      checks.push(await inspect(panel));
    }
    await panel.post({ type: 'turnEnd', turn: 'h1', seq: HOSTILE_PIECES.length, status: 'done', endedAt: Date.now() });
    await panel.nextFrame();
    checks.push(await inspect(panel));
    for (const c of checks) {
      assert.deepStrictEqual(c.forbidden, []);
      assert.deepStrictEqual(c.handlers, []);
      assert.strictEqual(c.styles, 0);
      assert.deepStrictEqual(c.badHrefs, []);
      assert.strictEqual(c.pwned, undefined);
    }

    const answer = panel.page.locator(answerSelector('h1'));
    // textContent: innerText depends on layout, and answer chunks off screen (or not laid out yet) are left out.
    const text = (await answer.textContent()) ?? '';
    // Raw HTML is shown as text, not dropped silently.
    assert.match(text, /<script>window.__pwned=1<\/script>/);
    assert.match(text, /<iframe src="https:\/\/evil.example\/"><\/iframe>/);
    // HTML inside code spans is shown as text.
    const codes = await answer.locator(':not(pre) > code').allTextContents();
    assert.ok(codes.includes('<b>bold</b>'), `code spans: ${codes.join(' | ')}`);
    assert.ok(codes.includes('<script>window.__pwned=1</script>'));
    assert.strictEqual(await answer.locator('b').count(), 0);
    // Unsafe links are plain text; only http(s)/mailto links exist.
    const hrefs = await answer.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepStrictEqual(hrefs.sort(), [
      'https://evil.example/x.png', // the remote image, as a link the host would open in a browser (never loaded here)
      'https://example.com/fine',
      'https://example.com/ok',
      'mailto:someone@example.com',
    ]);
    assert.match(text, /click me and data link and/);
    // The question went through the same pipeline.
    assert.strictEqual(await panel.page.locator('.question-body b, .question-body img').count(), 0);

    // Clicking the javascript:/data: link text posts nothing and navigates nowhere.
    await panel.clearMessages();
    const url = panel.page.url();
    await answer.getByText('click me').click();
    await answer.getByText('data link').click();
    await answer.getByText(/raw anchor/).first().click();
    await answer.getByText('ref link').click();
    await panel.nextFrame();
    assert.deepStrictEqual(await panel.messages(), []);
    assert.strictEqual(panel.page.url(), url);
    assert.strictEqual(await panel.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);

    // No request left for another host (images, frames, styles, objects).
    const foreign = panel.requests.filter((u) => !u.startsWith(panel.origin));
    assert.deepStrictEqual(foreign, []);
  });

  it('a sync with hostile text (one-shot path) is just as inert', async () => {
    const message: HostMessage = {
      type: 'sync',
      state: {
        title: '<img src=x onerror="window.__pwned=1">',
        hasApiKey: true,
        keyNeeded: false,
        model: '<script>window.__pwned=1</script>',
        turns: [
          turnView({
            id: 'h2',
            status: 'error',
            question: HOSTILE_PIECES.join(''),
            answer: HOSTILE_PIECES.join(''),
            reasoning: '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">',
            note: '<img src=x onerror="window.__pwned=1">',
            error: { kind: 'server', message: '<img src=x onerror="window.__pwned=1"> failed', actions: ['retry'] },
          }),
        ],
      },
    };
    await panel.post(message);
    await panel.nextFrame();
    const c = await inspect(panel);
    assert.deepStrictEqual(c.forbidden, []);
    assert.deepStrictEqual(c.handlers, []);
    assert.strictEqual(c.pwned, undefined);
    const everywhere = await panel.page.evaluate(() => Array.from(document.querySelectorAll('img, iframe, body script:not([nonce])')).map((e) => e.outerHTML));
    assert.deepStrictEqual(everywhere, []);
    assert.match(await panel.page.locator('.error-message').innerText(), /<img src=x/);
    assert.match(await panel.page.locator('.panel-title').innerText(), /<img src=x/);
    assert.deepStrictEqual(panel.requests.filter((u) => !u.startsWith(panel.origin)), []);
  });
});
