// Turns: live reasoning (open while thinking, collapsed when the answer starts, none when empty),
// usage line, status marks, error box and its actions, retry notes, notes, seq gaps → resync,
// sync restoring the full state, persisted state painted on reload, and accessibility hooks.

import * as assert from 'assert';
import type { HostMessage, PanelState, WebviewPersistedState } from '../../src/shared/protocol';
import { panelState, turnView, type PanelPage } from './harness';
import { answerHtml, answerText, oneShot } from './pageHelpers';
import { closeClean, openSharedPanel } from './setup';

const turnSel = (id: string) => `article.turn[data-turn-id="${id}"]`;

describe('turns', () => {
  let panel: PanelPage;
  beforeEach(async () => {
    panel = await openSharedPanel();
    await panel.post({ type: 'sync', state: panelState([]) });
    await panel.clearMessages();
  });
  afterEach(() => closeClean(panel));

  it('reasoning opens while thinking, ticks, collapses when the answer starts, then reads "Thought for N s"', async () => {
    const page = panel.page;
    const startedAt = Date.now() - 5000;
    await panel.post({ type: 'turnStart', turn: turnView({ id: 'r1', startedAt, model: 'deepseek-flash' }) });
    assert.strictEqual(await page.locator(`${turnSel('r1')} details.reasoning`).count(), 0);
    assert.ok(await page.locator(`${turnSel('r1')} .waiting`).isVisible(), 'no waiting indicator before the first token');
    await panel.stream([
      { type: 'delta', turn: 'r1', seq: 1, reasoning: 'Let me think about ' },
      { type: 'delta', turn: 'r1', seq: 2, reasoning: 'the <b>question</b>.' },
    ]);
    const details = page.locator(`${turnSel('r1')} details.reasoning`);
    assert.strictEqual(await details.count(), 1);
    assert.strictEqual(await details.evaluate((d) => (d as HTMLDetailsElement).open), true);
    assert.strictEqual(await details.locator('.reasoning-body').innerText(), 'Let me think about the <b>question</b>.');
    assert.match(await details.locator('summary').innerText(), /^Thinking… [5-7] s$/);
    assert.strictEqual(await page.locator(`${turnSel('r1')} .waiting`).isVisible(), false);
    // The elapsed time ticks while reasoning streams.
    const before = await details.locator('summary').innerText();
    await page.waitForFunction(
      ({ sel, text }) => document.querySelector(sel)?.textContent !== text,
      { sel: `${turnSel('r1')} details.reasoning summary`, text: before },
      { timeout: 3000 },
    );
    await panel.stream([{ type: 'delta', turn: 'r1', seq: 3, content: 'The answer.' }]);
    assert.strictEqual(await details.evaluate((d) => (d as HTMLDetailsElement).open), false, 'reasoning did not collapse');
    assert.match(await details.locator('summary').innerText(), /^Thought for \d+ s$/);
    await panel.post({
      type: 'turnEnd',
      turn: 'r1',
      seq: 3,
      status: 'done',
      reasoningEndedAt: startedAt + 12_000,
      endedAt: startedAt + 20_000,
      usage: { prompt_tokens: 1204, completion_tokens: 812, prompt_cache_hit_tokens: 1024, completion_tokens_details: { reasoning_tokens: 96 } },
    });
    assert.strictEqual(await details.locator('summary').innerText(), 'Thought for 12 s');
    const usage = await page.locator(`${turnSel('r1')} .usage`).innerText();
    for (const part of ['deepseek-flash', '1,204 tokens in', '1,024 cache hits', '812 tokens out', '96 reasoning']) {
      assert.ok(usage.includes(part), `usage line "${usage}" lacks "${part}"`);
    }
    // Clicking the summary opens it again.
    await details.locator('summary').click();
    assert.strictEqual(await details.evaluate((d) => (d as HTMLDetailsElement).open), true);
  });

  it('a reader who toggled the reasoning keeps their choice when the answer starts', async () => {
    await panel.post({ type: 'turnStart', turn: turnView({ id: 'r2' }) });
    await panel.stream([{ type: 'delta', turn: 'r2', seq: 1, reasoning: 'Thinking hard.' }]);
    const details = panel.page.locator(`${turnSel('r2')} details.reasoning`);
    await details.locator('summary').click(); // closes
    await details.locator('summary').click(); // opens again: the reader wants it open
    await panel.stream([{ type: 'delta', turn: 'r2', seq: 2, content: 'Answer.' }]);
    assert.strictEqual(await details.evaluate((d) => (d as HTMLDetailsElement).open), true);
  });

  it('no reasoning, or empty reasoning, makes no block; usage without reasoning tokens omits them', async () => {
    await panel.post({ type: 'turnStart', turn: turnView({ id: 'n1' }) });
    await panel.stream([
      { type: 'delta', turn: 'n1', seq: 1, reasoning: '' },
      { type: 'delta', turn: 'n1', seq: 2, reasoning: '\n' },
      { type: 'delta', turn: 'n1', seq: 3, content: 'Plain answer.' },
    ]);
    await panel.post({ type: 'turnEnd', turn: 'n1', seq: 3, status: 'done', endedAt: Date.now(), usage: { prompt_tokens: 10, completion_tokens: 3 } });
    assert.strictEqual(await panel.page.locator('details.reasoning').count(), 0);
    const usage = await panel.page.locator(`${turnSel('n1')} .usage`).innerText();
    assert.match(usage, /deepseek-flash/);
    assert.match(usage, /10 tokens in/);
    assert.doesNotMatch(usage, /reasoning/);
  });

  it('an error keeps the partial answer above a readable message with Retry / Set API Key / Open Settings', async () => {
    const page = panel.page;
    await panel.post({ type: 'turnStart', turn: turnView({ id: 'e1' }) });
    await panel.stream([{ type: 'delta', turn: 'e1', seq: 1, content: 'Partial **answer** so far' }]);
    await panel.post({ type: 'turnInfo', turn: 'e1', retryNote: 'Rate limited. Retrying in 2 s (attempt 1 of 3)…' });
    assert.match(await page.locator(`${turnSel('e1')} .retry-note`).innerText(), /Retrying in 2 s/);
    await panel.post({ type: 'turnInfo', turn: 'e1' });
    assert.strictEqual(await page.locator(`${turnSel('e1')} .retry-note`).isVisible(), false);
    await panel.post({
      type: 'turnEnd',
      turn: 'e1',
      seq: 1,
      status: 'error',
      endedAt: Date.now(),
      error: { kind: 'auth', status: 401, message: 'The API key was rejected (401).', actions: ['retry', 'setApiKey', 'openSettings'] },
    });
    const turn = page.locator(turnSel('e1'));
    assert.match(await turn.locator('.error-message').innerText(), /The API key was rejected \(401\)\./);
    assert.match(await turn.locator('.error-detail').innerText(), /HTTP 401/);
    // The partial answer stays, above the error box.
    const order = await turn.evaluate((el) => {
      const answer = el.querySelector('.answer-body')!;
      const box = el.querySelector('.error-box')!;
      return { text: answer.textContent?.trim(), before: !!(answer.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING) };
    });
    assert.deepStrictEqual(order, { text: 'Partial answer so far', before: true });
    await turn.getByRole('button', { name: 'Retry' }).click();
    await turn.getByRole('button', { name: 'Set API Key' }).click();
    await turn.getByRole('button', { name: 'Open Settings' }).click();
    assert.deepStrictEqual(await panel.messages(), [
      { type: 'retry', turn: 'e1' },
      { type: 'command', command: 'setApiKey' },
      { type: 'command', command: 'openSettings' },
    ]);
    await page.waitForFunction(() => document.querySelector('[role="status"]')?.textContent === 'The answer failed. The API key was rejected (401).');
  });

  it('Stopped and Interrupted marks, Continue, notes, aria-busy and one announcement at the end', async () => {
    const page = panel.page;
    await panel.post({ type: 'turnStart', turn: turnView({ id: 's1', note: 'Selection cut to 400 lines.' }) });
    const response = page.locator(`${turnSel('s1')} .response`);
    assert.strictEqual(await response.getAttribute('aria-busy'), 'true');
    assert.strictEqual(await page.locator(`${turnSel('s1')} .turn-note`).innerText(), 'Selection cut to 400 lines.');
    const noteFirst = await page.locator(turnSel('s1')).evaluate((el) => el.firstElementChild?.className);
    assert.strictEqual(noteFirst, 'turn-note');
    await panel.stream([{ type: 'delta', turn: 's1', seq: 1, content: 'Some text' }]);
    await panel.post({ type: 'turnEnd', turn: 's1', seq: 1, status: 'stopped', endedAt: Date.now(), canContinue: true });
    assert.strictEqual(await response.getAttribute('aria-busy'), null);
    assert.strictEqual(await page.locator(`${turnSel('s1')} .status-mark`).innerText(), 'Stopped');
    await page.waitForFunction(() => document.querySelector('[role="status"]')?.textContent === 'The answer was stopped.');
    await page.locator(turnSel('s1')).getByRole('button', { name: 'Continue' }).click();
    assert.deepStrictEqual(await panel.messages(), [{ type: 'continue', turn: 's1' }]);
    // A later sync that no longer offers Continue updates the footer in place.
    const s1 = await page.evaluate(() => ((window as unknown as { __s1: Element }).__s1 = document.querySelector('article.turn[data-turn-id="s1"]')!) !== null);
    assert.ok(s1);
    const synced = await panel.savedState();
    const view = { ...synced!.state.turns[0], canContinue: false };
    await panel.post({ type: 'sync', state: panelState([view]) });
    assert.strictEqual(await page.locator(turnSel('s1')).getByRole('button', { name: 'Continue' }).count(), 0);
    assert.ok(await page.evaluate(() => (window as unknown as { __s1: Element }).__s1 === document.querySelector('article.turn[data-turn-id="s1"]')));
    // Continue: the host turns the same turn back to streaming with a sync; deltas then extend the answer.
    await panel.post({ type: 'sync', state: panelState([{ ...view, status: 'streaming', endedAt: undefined, seq: 1 }]) });
    await panel.stream([{ type: 'delta', turn: 's1', seq: 2, content: ' and the rest.' }]);
    await panel.post({ type: 'turnEnd', turn: 's1', seq: 2, status: 'done', endedAt: Date.now() });
    assert.strictEqual(await answerText(page, 's1'), 'Some text and the rest.');
    await panel.clearMessages();

    await panel.post({ type: 'sync', state: panelState([turnView({ id: 'i1', status: 'interrupted', answer: 'Half an ans' })]) });
    assert.strictEqual(await page.locator(`${turnSel('i1')} .status-mark`).innerText(), 'Interrupted');
    // The role="log" region holds the conversation; only the status region announces.
    assert.strictEqual(await page.locator('.transcript').getAttribute('role'), 'log');
    assert.strictEqual(await page.locator('.visually-hidden[role="status"]').getAttribute('aria-live'), 'polite');
  });

  it('a seq gap asks for a resync once; the sync restores the full text, and deltas continue after it', async () => {
    const page = panel.page;
    const turn = turnView({ id: 'g1' });
    await panel.post({ type: 'turnStart', turn });
    await panel.stream([
      { type: 'delta', turn: 'g1', seq: 1, content: 'One. ' },
      { type: 'delta', turn: 'g1', seq: 2, content: 'Two. ' },
      { type: 'delta', turn: 'g1', seq: 4, content: 'Four. ' },
      { type: 'delta', turn: 'g1', seq: 5, content: 'Five. ' },
    ]);
    assert.deepStrictEqual(await panel.messages(), [{ type: 'resync' }]);
    assert.strictEqual(await answerText(page, 'g1'), 'One. Two.');
    // The host answers with the full state; seq says which deltas it includes.
    const synced: PanelState = panelState([{ ...turn, answer: 'One. Two. Three. Four. Five. ', seq: 5 }]);
    await panel.post({ type: 'sync', state: synced });
    await panel.stream([{ type: 'delta', turn: 'g1', seq: 6, content: '\n\nSix.' }]);
    await panel.post({ type: 'turnEnd', turn: 'g1', seq: 6, status: 'done', endedAt: Date.now() });
    const shown = await answerHtml(page, 'g1');
    const [ref] = await oneShot(page, ['One. Two. Three. Four. Five. \n\nSix.']);
    assert.strictEqual(shown, ref.raw);
    assert.deepStrictEqual((await panel.messages()).filter((m) => m.type === 'resync').length, 1);
  });

  it('a gap at turnEnd also asks for a resync; a delta for an unknown turn too', async () => {
    await panel.post({ type: 'turnStart', turn: turnView({ id: 'g2' }) });
    await panel.stream([{ type: 'delta', turn: 'g2', seq: 1, content: 'One.' }]);
    await panel.post({ type: 'turnEnd', turn: 'g2', seq: 3, status: 'done', endedAt: Date.now() });
    assert.deepStrictEqual(await panel.messages(), [{ type: 'resync' }]);
    // The Stop button does not linger while the sync is on its way.
    assert.strictEqual(await panel.page.getByRole('button', { name: 'Stop', exact: true }).isVisible(), false);
    await panel.post({ type: 'sync', state: panelState([turnView({ id: 'g2', status: 'done', answer: 'One. Two. Three.', seq: 3 })]) });
    assert.strictEqual(await answerText(panel.page, 'g2'), 'One. Two. Three.');
    await panel.clearMessages();
    // Right after a sync the panel does not ask again at once (RESYNC_RETRY_MS); a delta for an
    // unknown turn asks once that has passed: keep sending it until the request comes.
    const deadline = Date.now() + 30_000;
    while ((await panel.messages()).length === 0) {
      assert.ok(Date.now() < deadline, 'no resync request for a delta of an unknown turn within 30 s');
      await panel.post({ type: 'delta', turn: 'nope', seq: 1, content: 'x' });
      await panel.nextFrame();
    }
    assert.deepStrictEqual(await panel.messages(), [{ type: 'resync' }]);
  });

  it('sync paints a whole conversation (done, error, streaming) and reuses unchanged turns', async () => {
    const page = panel.page;
    const now = Date.now();
    const state = panelState(
      [
        turnView({ id: 'a', question: 'First?', answer: '# Title\n\nBody with `code`.', status: 'done', reasoning: 'Hmm.', reasoningEndedAt: now - 1000, startedAt: now - 4000, endedAt: now }),
        turnView({ id: 'b', question: 'Second?', answer: 'Par', status: 'error', error: { kind: 'network', message: 'Network down.', actions: ['retry'] } }),
        turnView({ id: 'c', question: 'Third?', answer: 'Streaming so far', status: 'streaming', seq: 7 }),
      ],
      { title: 'Three questions', hasApiKey: false, keyNeeded: true },
    );
    await panel.post({ type: 'sync', state });
    assert.strictEqual(await page.locator('article.turn').count(), 3);
    assert.strictEqual(await page.locator('.panel-title').innerText(), 'Three questions');
    assert.ok(await page.getByRole('button', { name: 'Set API Key' }).first().isVisible());
    // A new chat is named by its first question as soon as that turn starts (not at the next sync).
    await panel.post({ type: 'sync', state: panelState([], { title: '' }) });
    assert.strictEqual(await page.locator('.panel-title').innerText(), 'New chat');
    await panel.post({ type: 'turnStart', turn: turnView({ id: 'n1', question: 'What is a monad?', status: 'streaming' }), title: 'What is a monad?' });
    assert.strictEqual(await page.locator('.panel-title').innerText(), 'What is a monad?');
    await panel.post({ type: 'sync', state });
    assert.strictEqual(await page.locator(`${turnSel('a')} h1`).textContent(), 'Title');
    assert.strictEqual(await page.locator(`${turnSel('a')} details.reasoning summary`).innerText(), 'Thought for 3 s');
    assert.strictEqual(await page.locator(`${turnSel('a')} details.reasoning`).evaluate((d) => (d as HTMLDetailsElement).open), false);
    assert.match(await page.locator(`${turnSel('b')} .error-message`).innerText(), /Network down/);
    assert.ok(await page.getByRole('button', { name: 'Stop', exact: true }).isVisible());
    // Streaming continues from the synced seq.
    await panel.stream([{ type: 'delta', turn: 'c', seq: 8, content: ' and more' }]);
    assert.strictEqual(await answerText(page, 'c'), 'Streaming so far and more');
    assert.deepStrictEqual(await panel.messages(), []);
    // A second sync with the same finished turns keeps their DOM nodes.
    await page.evaluate(() => ((window as unknown as { __marker: Element }).__marker = document.querySelector('article.turn[data-turn-id="a"]')!));
    await panel.post({ type: 'sync', state: { ...state, turns: [state.turns[0], state.turns[1], { ...state.turns[2], answer: 'Streaming so far and more, and the end.', status: 'done', seq: 9 }] } });
    assert.ok(await page.evaluate(() => (window as unknown as { __marker: Element }).__marker === document.querySelector('article.turn[data-turn-id="a"]')));
    assert.strictEqual(await answerText(page, 'c'), 'Streaming so far and more, and the end.');
    assert.strictEqual(await page.getByRole('button', { name: 'Stop', exact: true }).isVisible(), false);
    // New chat: an empty sync shows the welcome again.
    await panel.post({ type: 'sync', state: panelState([]) });
    assert.ok(await page.locator('.welcome').isVisible());
  });

  it('leaves no space under the last block of a question and of an ended answer, streamed or synced', async () => {
    const page = panel.page;
    const lastMargin = (body: string) =>
      page.locator(`${turnSel('m')} .${body} > .md-chunk:last-child > :last-child`).evaluate((el) => getComputedStyle(el).marginBottom);
    await panel.post({ type: 'turnStart', turn: turnView({ id: 'm', question: 'One?\n\nTwo?' }) });
    await panel.stream([{ type: 'delta', turn: 'm', seq: 1, content: 'First paragraph.\n\nSecond paragraph.' }]);
    assert.strictEqual(await lastMargin('question-body'), '0px');
    await panel.post({ type: 'turnEnd', turn: 'm', seq: 1, status: 'done', endedAt: Date.now() });
    await panel.turnEnded('m');
    assert.strictEqual(await lastMargin('answer-body'), '0px');
    const firstMargin = await page.locator(`${turnSel('m')} .answer-body p`).first().evaluate((el) => getComputedStyle(el).marginBottom);
    assert.strictEqual(firstMargin, '10px', 'blocks before the last keep their space');
    await panel.post({ type: 'sync', state: panelState([turnView({ id: 'm', question: 'Q', answer: 'A list:\n\n- one\n- two', status: 'stopped' })]) });
    assert.strictEqual(await lastMargin('answer-body'), '0px');
  });

  it('persists the state with setState and paints it at once after a reload, before the host syncs', async () => {
    await panel.post({ type: 'turnStart', turn: turnView({ id: 'p1', question: 'Persist me' }) });
    await panel.stream([{ type: 'delta', turn: 'p1', seq: 1, content: '## Saved\n\nText' }]);
    await panel.post({ type: 'turnEnd', turn: 'p1', seq: 1, status: 'done', endedAt: Date.now(), usage: { prompt_tokens: 5, completion_tokens: 2 } });
    // The end-of-turn save runs right after the frame that shows the final text.
    await panel.page.waitForFunction(() => (window as unknown as { __state?: WebviewPersistedState }).__state?.state.turns[0]?.status === 'done');
    const saved = await panel.savedState();
    assert.ok(saved, 'setState was not called');
    assert.strictEqual(saved.version, 1);
    assert.strictEqual(saved.state.turns.length, 1);
    assert.strictEqual(saved.state.turns[0].answer, '## Saved\n\nText');
    assert.strictEqual(saved.state.turns[0].status, 'done');
    assert.strictEqual(saved.state.turns[0].seq, 1);
    const html = await answerHtml(panel.page, 'p1');

    const restored = await openSharedPanel({ savedState: saved });
    try {
      // Painted from getState before any host message; then 'ready' was posted.
      assert.strictEqual(await answerHtml(restored.page, 'p1'), html);
      assert.deepStrictEqual(await restored.messages(), [{ type: 'ready' }]);
      assert.deepStrictEqual(await restored.problems(), []);
    } finally {
      await restored.close();
    }
  });

  it('setState is throttled while streaming', async () => {
    await panel.page.evaluate(() => {
      const w = window as unknown as { __setStateCalls: number; acquireVsCodeApi: unknown };
      w.__setStateCalls = 0;
    });
    // Count setState calls by wrapping the stub's store.
    await panel.page.evaluate(() => {
      const w = window as unknown as { __state: unknown; __setStateCalls: number };
      let value = w.__state;
      Object.defineProperty(w, '__state', {
        get: () => value,
        set: (v) => {
          value = v;
          w.__setStateCalls++;
        },
      });
    });
    await panel.post({ type: 'turnStart', turn: turnView({ id: 'th' }) });
    const msgs: HostMessage[] = Array.from({ length: 60 }, (_, i) => ({ type: 'delta', turn: 'th', seq: i + 1, content: `word${i} ` }));
    await panel.stream(msgs); // about one second of frames
    const calls = await panel.page.evaluate(() => (window as unknown as { __setStateCalls: number }).__setStateCalls);
    assert.ok(calls <= 3, `setState called ${calls} times in ~60 frames`);
  });
});
