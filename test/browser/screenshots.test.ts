// Screenshots of a realistic conversation in light, dark and high-contrast themes, into
// test-output/screenshots/ (gitignored), for a person to look at. Each test also asserts what its
// picture must show (the theme, the turns and their parts, in the DOM), so a blank or broken
// picture fails instead of passing for want of a console error.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { HostMessage } from '../../src/shared/protocol';
import { ANSWERS } from './fixtures/answers';
import { REPO_ROOT, deltas, panelState, randomSplit, rng, turnView, type PanelPage } from './harness';
import { openSharedPanel } from './setup';
import { THEMES, type ThemeName } from './themes';

const OUT = path.join(REPO_ROOT, 'test-output', 'screenshots');

const REASONING =
  'The user wants a debounce helper. Key points: clear the previous timer on each call, keep the latest arguments, ' +
  'and offer cancel(). Should mention the difference from throttling. A table of options would help.';

async function conversation(panel: PanelPage): Promise<void> {
  const t0 = Date.now() - 60_000;
  const first = turnView({
    id: 'shot-1',
    question: 'How do I debounce an input handler in TypeScript?',
    status: 'streaming',
    startedAt: t0,
    model: 'deepseek-flash',
  });
  await panel.post({ type: 'sync', state: panelState([], { title: 'Debounce in TypeScript', model: 'deepseek-flash' }) });
  await panel.post({ type: 'turnStart', turn: first });
  const random = rng(7);
  const reasoning = deltas('shot-1', randomSplit(REASONING, random, 30), 'reasoning');
  const content = deltas('shot-1', randomSplit(ANSWERS[0].text, random, 60), 'content', reasoning.length + 1);
  await panel.stream([...reasoning, ...content]);
  const end: HostMessage = {
    type: 'turnEnd',
    turn: 'shot-1',
    seq: reasoning.length + content.length,
    status: 'done',
    finishReason: 'stop',
    usage: { prompt_tokens: 1204, completion_tokens: 812, prompt_cache_hit_tokens: 1024, completion_tokens_details: { reasoning_tokens: 96 } },
    reasoningEndedAt: t0 + 12_000,
    endedAt: t0 + 30_000,
  };
  await panel.post(end);

  const second = turnView({
    id: 'shot-2',
    question: 'Explain this:\n\n```python\nprint(sum(x * x for x in range(10)))\n```',
    status: 'streaming',
    startedAt: Date.now(),
    note: 'Selection cut to 400 lines.',
  });
  await panel.post({ type: 'turnStart', turn: second });
  await panel.stream(deltas('shot-2', ['It sums the squares of 0–9 with a generator expression: ', '`x * x` for each `x`, so the result is **285**.\n\nThe connection then']));
  await panel.post({
    type: 'turnEnd',
    turn: 'shot-2',
    seq: 2,
    status: 'error',
    error: { kind: 'rate_limit', status: 429, requestId: 'req-7f3a', message: 'DeepSeek is rate limiting requests (429). Wait a moment and retry.', actions: ['retry', 'openSettings'] },
    endedAt: Date.now(),
  });
  await panel.post({ type: 'settings', hasApiKey: true, keyNeeded: false, model: 'deepseek-flash' });
  await panel.nextFrame();
}

/** textContent: innerText leaves out chunks off screen (content-visibility: auto). */
async function text(locator: import('playwright-core').Locator): Promise<string> {
  return (await locator.textContent()) ?? '';
}

/** What the conversation's pictures must show, in any theme. */
async function assertConversationShown(panel: PanelPage, theme: ThemeName): Promise<void> {
  const page = panel.page;
  assert.equal(await page.evaluate((c) => document.body.classList.contains(c), THEMES[theme].bodyClass), true, `not in the ${theme} theme`);
  const turns = page.locator('.messages .turn');
  assert.equal(await turns.count(), 2, 'expected the two turns');
  const [first, second] = [turns.nth(0), turns.nth(1)];
  assert.match(await text(first.locator('.question-body')), /How do I debounce an input handler in TypeScript\?/);
  const reasoning = first.locator('details.reasoning');
  assert.equal(await reasoning.evaluate((d) => (d as HTMLDetailsElement).open), true, 'the reasoning is not open');
  assert.match(await text(reasoning), /clear the previous timer on each call/);
  const answer = first.locator('.answer-body');
  assert.equal((await text(answer.locator('h2').first())).trim(), 'Debouncing in TypeScript');
  assert.ok((await answer.locator('pre').count()) >= 3, 'the code blocks are missing');
  assert.equal(await answer.locator('table tbody tr').count(), 3, 'the options table is missing');
  assert.doesNotMatch(await text(answer), /```|\| :-----/, 'markdown shown raw');
  assert.match(await text(first.locator('.usage')), /812/, 'the usage line does not show the answer tokens');
  assert.match(await text(second.locator('.answer-body')), /the result is 285/);
  const error = second.locator('.error-box');
  assert.ok(await error.isVisible(), 'the error box is not shown');
  assert.match(await text(error.locator('.error-message')), /rate limiting requests \(429\)/);
  assert.ok(await error.getByRole('button', { name: /retry/i }).isVisible(), 'no Retry button on the error');
}

describe('screenshots', () => {
  before(() => fs.mkdirSync(OUT, { recursive: true }));

  for (const theme of ['light', 'dark', 'high-contrast'] as ThemeName[]) {
    it(`${theme} theme: a conversation with reasoning, markdown, code, usage and an error`, async () => {
      const panel = await openSharedPanel({ theme, viewport: { width: 760, height: 1000 } });
      try {
        await conversation(panel);
        const page = panel.page;
        // Open the reasoning block so the screenshot shows it too.
        await page.locator('details.reasoning summary').first().click();
        await page.evaluate(() => {
          document.querySelector('.transcript')!.scrollTop = 0;
        });
        await panel.nextFrame();
        await page.screenshot({ path: path.join(OUT, `panel-${theme}-top.png`) });
        await page.evaluate(() => {
          const t = document.querySelector('.transcript')!;
          t.scrollTop = t.scrollHeight;
        });
        await panel.nextFrame();
        await page.screenshot({ path: path.join(OUT, `panel-${theme}-bottom.png`) });
        // A full-length image of the transcript, too.
        const height = await page.evaluate(() => document.querySelector('.messages')!.scrollHeight + 200);
        await page.setViewportSize({ width: 760, height: Math.min(height, 6000) });
        await panel.nextFrame();
        await page.screenshot({ path: path.join(OUT, `panel-${theme}-full.png`) });
        await assertConversationShown(panel, theme);
        assert.deepStrictEqual(await panel.problems(), []);
      } finally {
        await panel.close();
      }
    });
  }

  it('while streaming: live reasoning, partial answer, Stop', async () => {
    const panel = await openSharedPanel({ theme: 'dark', viewport: { width: 760, height: 700 } });
    try {
      await panel.post({ type: 'sync', state: panelState([], { title: 'Streaming', model: 'deepseek-flash' }) });
      await panel.post({ type: 'turnStart', turn: turnView({ id: 'live', question: 'Why is my build slow?', startedAt: Date.now() - 7000 }) });
      const thinking = deltas('live', randomSplit(REASONING, rng(3), 25), 'reasoning');
      await panel.stream(thinking);
      await panel.page.screenshot({ path: path.join(OUT, 'panel-streaming-thinking.png') });
      const n = thinking.length;
      await panel.stream(deltas('live', randomSplit(ANSWERS[1].text.slice(0, 700), rng(4), 40), 'content', n + 1));
      await panel.nextFrame();
      await panel.page.screenshot({ path: path.join(OUT, 'panel-streaming-answer.png') });
      assert.ok(await panel.page.getByRole('button', { name: 'Stop', exact: true }).isVisible());
      const turn = panel.page.locator('.messages .turn');
      assert.equal(await turn.count(), 1);
      assert.match(await text(turn.locator('.question-body')), /Why is my build slow\?/);
      assert.match(await text(turn.locator('details.reasoning')), /clear the previous timer/);
      assert.ok((await text(turn.locator('.answer-body'))).length > 100, 'the partial answer is not shown');
      assert.deepStrictEqual((await panel.messages()).filter((m) => m.type === 'resync'), []);
      assert.deepStrictEqual(await panel.problems(), []);
    } finally {
      await panel.close();
    }
  });

  it('empty state', async () => {
    const panel = await openSharedPanel({ theme: 'dark', viewport: { width: 760, height: 600 } });
    try {
      await panel.post({ type: 'sync', state: panelState([], { hasApiKey: false, keyNeeded: true, title: '' }) });
      await panel.nextFrame();
      await panel.page.screenshot({ path: path.join(OUT, 'panel-empty-no-key.png') });
      const page = panel.page;
      assert.equal(await page.locator('.messages .turn').count(), 0);
      assert.ok(await page.locator('.welcome').isVisible(), 'the welcome text is not shown');
      assert.ok((await text(page.locator('.welcome-title'))).trim().length > 0, 'the welcome title is empty');
      assert.ok(await page.locator('.key-hint').isVisible(), 'no API key hint without a key');
      assert.ok(await page.locator('.key-hint').getByRole('button', { name: /set api key/i }).isVisible(), 'no Set API Key button');
      assert.ok(await page.locator('textarea').isVisible(), 'no question box');
      assert.deepStrictEqual(await panel.problems(), []);
    } finally {
      await panel.close();
    }
  });
});
