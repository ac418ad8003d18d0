// The long-document loop, further: the token estimate and the repeat check on their own; what the
// progress reports say and when (with the loop's own clock seam); the request's options and the
// caller's signal; a failing or closing document; the held start of a continue-prompt part.
import * as assert from 'node:assert/strict';
import {
  estimateTokens,
  HOLD_CHARS,
  MIN_OVERLAP,
  repeatedTail,
  type LoopProgress,
} from '../../../../../src/host/longDocument/common/continuationLoop';
import { answer, droppedAnswer, errorResponse, lengthCut, stalledAnswer, startTestServer, usageFor, type TestServer } from '../../../../server';
import { config, waitFor } from '../../../helpers';
import { chatRequests, loop as runLoop, type LoopOverrides } from './loopHarness';

/** The loop on a stopped clock unless a test moves it: elapsed times and rates must not depend on the machine's speed. */
const loop = (server: TestServer, overrides: LoopOverrides = {}) => runLoop(server, { now: () => 1_000_000, ...overrides });

/** A progress report as the loop makes it, with the fields that do not change here filled in. */
const report = (p: Partial<LoopProgress>): LoopProgress => ({
  chars: 0,
  tokens: 0,
  tokensEstimated: false,
  tokensPerSecond: 0,
  elapsedMs: 0,
  part: 1,
  continuation: 0,
  maxContinuations: 8,
  thinking: false,
  ...p,
});

describe('long documents: the token estimate and the repeat at a seam', () => {
  it('estimates 0.3 tokens per character, 0.6 for CJK ideographs, kana and full-width forms (the ranges\' ends included)', () => {
    const close = (text: string, expected: number) => assert.ok(Math.abs(estimateTokens(text) - expected) < 1e-9, `${JSON.stringify(text)}: ${estimateTokens(text)} ≠ ${expected}`);
    close('a', 0.3);
    close('Hello, world', 12 * 0.3);
    close('中文', 1.2);
    close('ＡＢ', 1.2);
    const cases: Array<[number, number]> = [
      [0x2fff, 0.3],
      [0x3000, 0.6],
      [0x9fff, 0.6],
      [0xa000, 0.3],
      [0xac00, 0.3], // Hangul: not in the ranges
      [0xfeff, 0.3],
      [0xff00, 0.6],
      [0xffef, 0.6],
      [0xfff0, 0.3],
      [0xfffd, 0.3],
    ];
    for (const [code, tokens] of cases) close(String.fromCharCode(code), tokens);
    close('a中Ａ', 1.5);
    close('', 0);
  });

  it('a repeat of the text\'s tail counts from MIN_OVERLAP characters, and never longer than the new part\'s start', () => {
    const tail = 'abcdefghijklmnop';
    assert.equal(tail.length, MIN_OVERLAP);
    assert.equal(repeatedTail('Some text ends with ' + tail, tail + ' and goes on'), MIN_OVERLAP);
    assert.equal(repeatedTail('Some text ends with ' + tail.slice(1), tail.slice(1) + ' and goes on'), 0, 'one short: kept');
    const head = 'the whole new start repeated';
    assert.equal(repeatedTail('Earlier text, then ' + head, head), head.length);
  });
});

describe('long documents: the continuation loop, progress and edges', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(async () => server.close());

  it('a run whose signal is already aborted sends nothing and reports no part and no thinking', async () => {
    const abort = new AbortController();
    abort.abort();
    const { run, done } = loop(server, { signal: abort.signal });
    const result = await done;
    assert.deepEqual(result, { outcome: { kind: 'stopped' }, chars: 0, parts: 0, usage: { completion_tokens: 0, prompt_tokens: 0 } });
    assert.deepEqual(run.parts, []);
    assert.equal(chatRequests(server).length, 0);
    assert.deepEqual(run.progress, [report({ part: 0 })]);
  });

  it('cancel while the text so far is read for a continuation: the next part is never announced', async () => {
    server.enqueue(lengthCut('The first part. '), answer('never sent'));
    const abort = new AbortController();
    const { run, done } = loop(server, {
      signal: abort.signal,
      textSoFar: () => {
        abort.abort();
        return run.text;
      },
    });
    const result = await done;
    assert.deepEqual(result.outcome, { kind: 'stopped' });
    assert.deepEqual(run.parts, [[1, false]]);
    assert.equal(chatRequests(server).length, 1);
    assert.equal(result.parts, 1, 'one part was streamed');
  });

  it('with a long interval, progress is reported as each part starts, when thinking starts and at the end, and not for each piece of text', async () => {
    const reasoning = 'Planning the guide first.';
    const A = 'First part of the guide. '.repeat(8);
    const B = 'Second part, to the end. '.repeat(8);
    server.enqueue(lengthCut(A, { reasoning }), answer(B));
    const { run, done } = loop(server, { now: () => 1_000_000, progressIntervalMs: 60_000 });
    const result = await done;
    const t1 = usageFor(A, reasoning).completion_tokens!;
    const t2 = usageFor(B).completion_tokens!;
    assert.deepEqual(run.progress, [
      report({ part: 1 }),
      report({ part: 1, thinking: true }),
      report({ part: 2, continuation: 1, chars: A.length, tokens: t1 }),
      report({ part: 2, continuation: 1, chars: A.length + B.length, tokens: t1 + t2 }),
    ]);
    assert.deepEqual(result.usage, { completion_tokens: t1 + t2, prompt_tokens: 2 * usageFor(A).prompt_tokens! });
  });

  it('with no interval, every piece of text is reported as it arrives', async () => {
    const text = 'abcde'.repeat(4);
    server.enqueue(answer(text, { deltaSize: 5 }));
    const { run, done } = loop(server, { now: () => 1_000_000, progressIntervalMs: 0 });
    await done;
    assert.deepEqual(
      run.progress.map((p) => p.chars),
      [0, 5, 10, 15, 20, 20],
    );
  });

  it('while a part streams its tokens are estimated on top of the finished parts\' counts; a part cut before its count keeps the estimate', async () => {
    const A = 'The first part is counted by the server. '.repeat(4);
    const sent = 'The second part is cut before the server counts it. ';
    server.enqueue(lengthCut(A), droppedAnswer(sent, 'end'));
    const { run, done } = loop(server);
    const result = await done;
    assert.equal(result.outcome.kind, 'error');
    assert.equal(run.text, A + sent);
    const t1 = usageFor(A).completion_tokens!;
    const during = run.progress.filter((p) => p.part === 2 && p.chars > A.length);
    assert.ok(during.length >= 2, `${during.length} reports while the second part streamed`);
    for (const p of during) {
      assert.equal(p.tokensEstimated, true);
      assert.equal(p.tokens, Math.round(t1 + estimateTokens(sent.slice(0, p.chars - A.length))));
    }
    assert.equal(result.usage.completion_tokens, Math.round(t1 + estimateTokens(sent)));
  });

  it('a server that sends no usage: each finished part\'s estimate stays in the token count through the next parts', async () => {
    const A = 'The first part, never counted by the server. '.repeat(4);
    const B = 'The second part, not counted either.';
    server.enqueue(lengthCut(A, { usageLayout: 'none' }), answer(B, { usageLayout: 'none' }));
    const { run, done } = loop(server);
    const result = await done;
    assert.equal(run.text, A + B);
    const total = Math.round(estimateTokens(A) + estimateTokens(B));
    assert.equal(result.usage.completion_tokens, total);
    const tokens = run.progress.map((p) => p.tokens);
    for (let i = 1; i < tokens.length; i++) assert.ok(tokens[i]! >= tokens[i - 1]!, `the count went back: ${tokens.join(', ')}`);
    const partTwoStart = run.progress.find((p) => p.part === 2)!;
    assert.deepEqual([partTwoStart.chars, partTwoStart.tokens, partTwoStart.tokensEstimated], [A.length, Math.round(estimateTokens(A)), true]);
    const last = run.progress[run.progress.length - 1]!;
    assert.deepEqual([last.tokens, last.tokensEstimated], [total, true]);
  });

  it('elapsed time and tokens per second follow the loop\'s clock', async () => {
    const text = 'Ten chars.'.repeat(4);
    server.enqueue(answer(text, { deltaSize: 10 }));
    const clock = { t: 5_000 };
    const { run, done } = loop(server, {
      now: () => clock.t,
      append: (t) => {
        run.text += t;
        clock.t += 1000; // each piece takes a second to write
      },
    });
    await done;
    assert.deepEqual(
      run.progress.map((p) => p.elapsedMs),
      [0, 1000, 2000, 3000, 4000, 4000],
    );
    assert.equal(run.progress[0]!.tokensPerSecond, 0);
    for (const p of run.progress.slice(1)) assert.equal(p.tokensPerSecond, (p.tokens * 1000) / p.elapsedMs);
    const last = run.progress[run.progress.length - 1]!;
    assert.equal(last.tokens, usageFor(text).completion_tokens);
    assert.equal(last.tokensPerSecond, usageFor(text).completion_tokens! / 4);
  });

  it('a retry before the part starts is reported, and the report after the text started no longer carries it', async () => {
    server.enqueue(errorResponse(503, { error: { message: 'Server overloaded' } }), answer('After the retry.'));
    const { run, done } = loop(server, {
      config: config(server, { baseUrl: `${server.url}/beta`, maxRetries: 1, retryBaseDelayMs: 10 }),
      now: () => 1_000_000,
      progressIntervalMs: 60_000,
    });
    const result = await done;
    assert.equal(result.outcome.kind, 'done');
    assert.equal(run.text, 'After the retry.');
    assert.deepEqual(
      run.progress.map((p) => p.retry !== undefined),
      [false, true, false],
    );
    const retry = run.progress[1]!.retry!;
    assert.equal(retry.attempt, 1);
    assert.equal(retry.error.status, 503);
    assert.ok(!('retry' in run.progress[2]!));
  });

  it('the caller\'s signal reaches the request: after a stop no more text is taken, even when the server goes on', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const before = 'Text before the stop. ';
    const first = answer(before, { deltaSize: 5, finish: null, done: false });
    const rest = answer('Text after the stop.', { deltaSize: 5 });
    server.enqueue({ steps: [...first.steps, { until: gate }, ...rest.steps] });
    const abort = new AbortController();
    const { run, done } = loop(server, { signal: abort.signal });
    try {
      await waitFor('the text before the stop', () => run.text === before, 5000);
    } finally {
      abort.abort();
      release();
    }
    const result = await done;
    assert.deepEqual(result.outcome, { kind: 'stopped' });
    assert.equal(run.text, before);
  });

  it('temperature and max_tokens go with every part when set, and are left out when not', async () => {
    server.enqueue(lengthCut('one '), answer('two'));
    await loop(server, { temperature: 0.4, maxTokens: 8000 }).done;
    server.enqueue(answer('three'));
    await loop(server).done;
    const bodies = chatRequests(server).map((r) => r.body as Record<string, unknown>);
    assert.equal(bodies.length, 3);
    for (const b of bodies.slice(0, 2)) {
      assert.equal(b.temperature, 0.4);
      assert.equal(b.max_tokens, 8000);
    }
    assert.ok(!('temperature' in bodies[2]!));
    assert.ok(!('max_tokens' in bodies[2]!));
  });

  it('a document that cannot take more text ends the run with that failure; the text before it stays', async () => {
    server.enqueue(answer('First piece. Second piece.', { deltaSize: 13 }));
    let text = '';
    const { done } = loop(server, {
      append: (t) => {
        if (text) throw new Error('disk full');
        text += t;
      },
    });
    const result = await done;
    assert.equal(text, 'First piece. ');
    assert.equal(result.outcome.kind, 'error');
    if (result.outcome.kind === 'error') {
      const e = result.outcome.error;
      assert.deepEqual({ kind: e.kind, message: e.message, requestId: e.requestId }, { kind: 'network', message: 'disk full', requestId: '' });
    }
  });

  it('a document closed while text arrives (the writer stops, then its append fails) ends as stopped, not as an error', async () => {
    server.enqueue(answer('First piece. Second piece.', { deltaSize: 13 }));
    const abort = new AbortController();
    let text = '';
    const { done } = loop(server, {
      signal: abort.signal,
      append: (t) => {
        if (text) {
          abort.abort();
          throw new Error('The document was closed.');
        }
        text += t;
      },
    });
    assert.deepEqual((await done).outcome, { kind: 'stopped' });
    assert.equal(text, 'First piece. ');
  });

  it('with a continue prompt, the start of a part is appended as soon as HOLD_CHARS arrived, while the part still streams', async () => {
    const second = 'Next section, streamed slowly. '.repeat(20).slice(0, HOLD_CHARS);
    assert.equal(second.length, HOLD_CHARS);
    server.enqueue(lengthCut('First part. '), stalledAnswer(second));
    const abort = new AbortController();
    const { run, done } = loop(server, { base: server.url, signal: abort.signal });
    try {
      await waitFor('the held start to be appended', () => run.text === 'First part. ' + second, 5000);
    } finally {
      abort.abort();
    }
    assert.deepEqual((await done).outcome, { kind: 'stopped' });
  });

  it('with a continue prompt, only the last HOLD_CHARS of the text are compared: a longer repeat arriving at once is kept whole', async () => {
    const first = Array.from({ length: 30 }, (_, i) => `Sentence ${i + 1} of part one. `).join('');
    const repeat = first.slice(-(HOLD_CHARS + 50));
    const second = repeat + 'And the guide goes on.';
    server.enqueue(lengthCut(first), answer(second, { deltaSize: 1000 }));
    const { run, done } = loop(server, { base: server.url });
    assert.equal((await done).outcome.kind, 'done');
    assert.equal(run.text, first + second);
  });

  it('a continuation that only repeats the end of the text adds nothing, and the document is never handed empty text', async () => {
    const first = 'The guide ends with this sentence.';
    server.enqueue(lengthCut(first), answer('with this sentence.'));
    const { run, done } = loop(server, { base: server.url });
    assert.equal((await done).outcome.kind, 'done');
    assert.equal(run.text, first);
    assert.ok(!run.appended.includes(''), JSON.stringify(run.appended));
  });
});
