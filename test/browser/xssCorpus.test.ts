// The XSS corpus streamed as answers (split at random points, so tags arrive in pieces) and as a
// one-shot sync: nothing runs, nothing is fetched from another host, nothing unsafe is left in the DOM.

import * as assert from 'assert';
import { XSS_CORPUS } from './fixtures/xssCorpus';
import { deltas, panelState, turnView, type PanelPage } from './harness';
import { inspect } from './inert';
import { closeClean, openSharedPanel } from './setup';
import { randomSplit, rng } from './splits';

/** Two frames and then an idle period of the page's event loop: no task (load, error, timer) left queued. */
async function pageIdle(panel: PanelPage): Promise<void> {
  await panel.nextFrame();
  await panel.page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 10_000 })));
}

describe('XSS corpus streamed as answers', function () {
  this.timeout(120_000);
  let panel: PanelPage;
  beforeEach(async () => {
    panel = await openSharedPanel();
  });
  afterEach(() => closeClean(panel));

  it(`${XSS_CORPUS.length} payloads, each in a paragraph, a list item and a table cell, streamed in random pieces`, async () => {
    const answer = XSS_CORPUS.map((p, i) => `Payload ${i}: ${p}\n\n- in a list: ${p.replace(/\n/g, ' ')}\n\n| col |\n|---|\n| ${p.replace(/\n/g, ' ').replace(/\|/g, '\\|')} |\n\n`).join('');
    const random = rng(20261122);
    const pieces = randomSplit(answer, random, 30);
    await panel.post({ type: 'turnStart', turn: turnView({ id: 'x1', question: 'corpus' }) });
    const messages = deltas('x1', pieces);
    for (let i = 0; i < messages.length; i++) {
      await panel.post(messages[i]);
      // Check mid-stream every so often: the open tail is rendered too.
      if (i % 50 === 0) {
        await panel.nextFrame();
        const c = await inspect(panel);
        assert.deepStrictEqual(c.forbidden, [], `at piece ${i}`);
        assert.deepStrictEqual(c.handlers, [], `at piece ${i}`);
        assert.strictEqual(c.pwned, undefined, `at piece ${i}`);
      }
    }
    await panel.post({ type: 'turnEnd', turn: 'x1', seq: messages.length, status: 'done', endedAt: Date.now() });
    await panel.nextFrame();
    // Anything that might fire late (onload, onerror, meta refresh) has had its turn once the page is idle.
    await pageIdle(panel);
    const c = await inspect(panel);
    assert.deepStrictEqual(c.forbidden, []);
    assert.deepStrictEqual(c.handlers, []);
    assert.strictEqual(c.styles, 0);
    assert.deepStrictEqual(c.badHrefs, []);
    assert.strictEqual(c.pwned, undefined);
    assert.deepStrictEqual(panel.requests.filter((u) => !u.startsWith(panel.origin)), []);
    // Every payload's paragraph made it to the page as text (nothing silently dropped). textContent:
    // innerText leaves out the chunks of the answer that are off screen (content-visibility).
    const text = (await panel.page.locator('[role="log"]').textContent()) ?? '';
    for (let i = 0; i < XSS_CORPUS.length; i++) assert.ok(text.includes(`Payload ${i}:`), `payload ${i} is shown`);
  });

  it('the corpus as questions, notes and errors in a one-shot sync', async () => {
    const turns = XSS_CORPUS.map((p, i) =>
      turnView({ id: `s${i}`, question: p, answer: p, reasoning: p, note: p, status: 'error', error: { kind: 'server', message: p, actions: ['retry'] } }),
    );
    await panel.post({ type: 'sync', state: panelState(turns, { title: XSS_CORPUS[0] }) });
    await panel.nextFrame();
    await pageIdle(panel);
    const c = await inspect(panel);
    assert.deepStrictEqual(c.forbidden, []);
    assert.deepStrictEqual(c.handlers, []);
    assert.strictEqual(c.pwned, undefined);
    assert.deepStrictEqual(await panel.page.evaluate(() => Array.from(document.querySelectorAll('body img, body iframe, body script:not([nonce])')).length), 0);
    assert.deepStrictEqual(panel.requests.filter((u) => !u.startsWith(panel.origin)), []);
  });
});
