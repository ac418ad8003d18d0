// The long-document continuation loop against the project's test server on loopback: seams between
// parts, the continuation limit, cancel between parts and mid-part, a cut mid-part and Resume.
import * as assert from 'node:assert/strict';
import { CONTINUE_PROMPT, continuationFor } from '../../../../../src/host/core/common/continuation';
import { MIN_OVERLAP } from '../../../../../src/host/longDocument/common/continuationLoop';
import { answer, droppedAnswer, lengthCut, stalledAnswer, startTestServer, usageFor, type Scenario, type TestServer } from '../../../../server';
import { waitFor } from '../../../helpers';
import { chatRequests, loop, MESSAGES, QUESTION } from './loopHarness';


const cut = (text: string): Scenario => lengthCut(text);
const dropped = (text: string, how: 'reset' | 'end' = 'reset'): Scenario => droppedAnswer(text, how);
const stalled = (text: string): Scenario => stalledAnswer(text);

const lastMessage = (server: TestServer, i: number) => {
  const messages = chatRequests(server)[i]!.body.messages as Array<{ role: string; content: string; prefix?: boolean }>;
  return messages[messages.length - 1]!;
};

describe('long documents: the continuation loop', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(async () => server.close());

  const A = '# Migration guide\n\n' + 'Step one moves the tables. '.repeat(40) + 'The half-';
  const B = 'finished sentence goes on here. ' + 'Step two moves the indexes. '.repeat(40);
  const C = '\n\n## Done\n\nThat is all.\n';

  it('a three-part document (two length cut-offs) arrives whole; each continuation carries the text so far as the prefix on /beta', async () => {
    server.enqueue(cut(A), cut(B), answer(C, { deltaSize: 3 }));
    const { run, done } = loop(server);
    const result = await done;
    assert.deepEqual(result.outcome, { kind: 'done', finishReason: 'stop' });
    assert.equal(run.text, A + B + C, 'no text doubled or dropped at the seams');
    assert.equal(result.chars, (A + B + C).length);
    assert.equal(result.parts, 3);
    const reqs = chatRequests(server);
    assert.equal(reqs.length, 3);
    assert.ok(reqs.every((r) => r.path === '/beta/chat/completions'), reqs.map((r) => r.path).join(', '));
    assert.deepEqual(lastMessage(server, 0), { role: 'user', content: QUESTION });
    assert.deepEqual(lastMessage(server, 1), { role: 'assistant', content: A, prefix: true });
    assert.deepEqual(lastMessage(server, 2), { role: 'assistant', content: A + B, prefix: true });
    // The question stays in front of the prefix.
    for (const r of reqs) assert.deepEqual(r.body.messages.slice(0, 2), MESSAGES);
    assert.deepEqual(run.parts, [[1, false], [2, true], [3, true]]);
    const continuations = [...new Set(run.progress.map((p) => `${p.part}:${p.continuation}/${p.maxContinuations}`))];
    assert.deepEqual(continuations, ['1:0/8', '2:1/8', '3:2/8']);
    // Tokens: the server's usage per part, summed.
    const expected = [A, B, C].reduce((n, t) => n + usageFor(t).completion_tokens!, 0);
    assert.equal(result.usage.completion_tokens, expected);
    const last = run.progress[run.progress.length - 1]!;
    assert.equal(last.tokens, expected);
    assert.equal(last.chars, (A + B + C).length);
    assert.equal(last.tokensEstimated, false);
  });

  it('the continuation base: DeepSeek\'s host moves to /beta, a /beta base stays, other servers get a continue prompt', () => {
    assert.deepEqual(continuationFor('https://api.deepseek.com', 'x'), {
      baseUrl: 'https://api.deepseek.com/beta',
      prefix: true,
      messages: [{ role: 'assistant', content: 'x', prefix: true }],
    });
    assert.equal(continuationFor('https://api.deepseek.com/v1', 'x').baseUrl, 'https://api.deepseek.com/beta');
    assert.equal(continuationFor('http://127.0.0.1:9/beta', 'x').prefix, true);
    assert.equal(continuationFor('http://localhost:11434/v1', 'x').prefix, false);
  });

  it('a server without prefix completion is asked to continue, with the text so far as the assistant\'s answer', async () => {
    server.enqueue(cut('first part, '), answer('second part.'));
    const { run, done } = loop(server, { base: server.url });
    await done;
    assert.equal(run.text, 'first part, second part.');
    const reqs = chatRequests(server);
    assert.equal(reqs[1]!.path, '/chat/completions', 'a non-DeepSeek base is not moved to /beta');
    const messages = reqs[1]!.body.messages as Array<{ role: string; content: string; prefix?: boolean }>;
    assert.deepEqual(messages.slice(-2), [
      { role: 'assistant', content: 'first part, ' },
      { role: 'user', content: CONTINUE_PROMPT },
    ]);
  });

  it('with a continue prompt, a model that repeats the tail of the text does not double it; a short or partial match is kept', async () => {
    const first = 'Alpha beta gamma. The second sentence ends right';
    const repeat = 'The second sentence ends right'; // 30 chars: the tail, repeated
    const second = repeat + ' here, and the guide goes on.';
    const third = 'on. Short repeats stay.'; // "on." repeats only 3 chars: below MIN_OVERLAP, kept
    server.enqueue(cut(first), cut(second), answer(third));
    const { run, done } = loop(server, { base: server.url });
    const result = await done;
    assert.equal(result.outcome.kind, 'done');
    assert.ok(repeat.length >= MIN_OVERLAP);
    assert.equal(run.text, first + ' here, and the guide goes on.' + third);
  });

  it('with prefix completion, text that happens to repeat the tail is kept (the model continues, it does not restart)', async () => {
    const row = '| id | name | value |\n';
    server.enqueue(cut(row.repeat(3)), answer(row.repeat(2)));
    const { run, done } = loop(server);
    await done;
    assert.equal(run.text, row.repeat(5));
  });

  it('stops after maxContinuations continuations with the limit outcome, keeping all text', async () => {
    server.enqueue(cut('one '), cut('two '), cut('three '), cut('four '));
    const { run, done } = loop(server, { maxContinuations: 2 });
    const result = await done;
    assert.deepEqual(result.outcome, { kind: 'limit' });
    assert.equal(run.text, 'one two three ');
    assert.equal(chatRequests(server).length, 3, 'one answer and two continuations');
  });

  it('maxContinuations 0 sends one request and reports the limit', async () => {
    server.enqueue(cut('only part'));
    const { run, done } = loop(server, { maxContinuations: 0 });
    assert.deepEqual((await done).outcome, { kind: 'limit' });
    assert.equal(run.text, 'only part');
    assert.equal(chatRequests(server).length, 1);
  });

  it('cancel between parts: no further request, the text kept', async () => {
    server.enqueue(cut(A), answer(B));
    const abort = new AbortController();
    const text = { value: '' };
    const { done } = loop(server, {
      signal: abort.signal,
      append: (t) => {
        text.value += t;
      },
      // Asked for between the parts: the user cancels right then.
      textSoFar: () => {
        abort.abort();
        return text.value;
      },
    });
    const result = await done;
    assert.deepEqual(result.outcome, { kind: 'stopped' });
    assert.equal(text.value, A);
    assert.equal(chatRequests(server).length, 1);
  });

  it('cancel mid-part: the socket closes, the text that arrived is kept', async () => {
    const partial = 'This part is still being written when the user cancels. ';
    server.enqueue(cut(A), stalled(partial));
    const abort = new AbortController();
    const { run, done } = loop(server, { signal: abort.signal });
    await waitFor('the partial second part', () => run.text === A + partial, 5000);
    abort.abort();
    const result = await done;
    assert.deepEqual(result.outcome, { kind: 'stopped' });
    assert.equal(run.text, A + partial);
    const second = chatRequests(server)[1]!;
    await waitFor('the server to see the client close', () => second.clientAborted, 2000);
  });

  for (const how of ['reset', 'end'] as const) {
    it(`a cut mid-part (${how === 'reset' ? 'connection reset' : 'stream ends without a finish'}) keeps the text; Resume continues from it and the document ends whole`, async () => {
      const sent = 'The second part starts and then the connection ';
      server.enqueue(cut(A), dropped(sent, how));
      const { run, done } = loop(server);
      const result = await done;
      assert.equal(result.outcome.kind, 'error');
      if (result.outcome.kind === 'error') assert.match(result.outcome.error.kind, /network|truncated/);
      assert.equal(run.text, A + sent, 'the text received before the cut is kept, nothing more');

      // Resume from the text the user has (here: exactly what arrived).
      server.enqueue(answer('drops, but Resume finishes it.'));
      const resumed = loop(server, { resume: true, initial: run.text });
      const r2 = await resumed.done;
      assert.deepEqual(r2.outcome, { kind: 'done', finishReason: 'stop' });
      assert.equal(resumed.run.text, A + sent + 'drops, but Resume finishes it.');
      assert.deepEqual(lastMessage(server, 2), { role: 'assistant', content: A + sent, prefix: true });
      assert.deepEqual(resumed.run.parts, [[1, true]]);
    });
  }

  it('a cut in the held start of a continue-prompt part still keeps that text', async () => {
    server.enqueue(cut('First part. '), dropped('Second starts'));
    const { run, done } = loop(server, { base: server.url });
    const result = await done;
    assert.equal(result.outcome.kind, 'error');
    assert.equal(run.text, 'First part. Second starts');
  });

  it('a server error on a continuation ends with the error; the parts before stay', async () => {
    server.enqueue(cut('Part one. '), { status: 400, headers: { 'Content-Type': 'application/json' }, steps: [{ write: JSON.stringify({ error: { message: 'prefix too long' } }) }, { end: true }] });
    const { run, done } = loop(server);
    const result = await done;
    assert.equal(result.outcome.kind, 'error');
    if (result.outcome.kind === 'error') assert.match(result.outcome.error.message, /prefix too long/);
    assert.equal(run.text, 'Part one. ');
  });

  it('reasoning is not written into the document; progress says the model is thinking', async () => {
    server.enqueue(answer('Document text.', { reasoning: 'Let me think about the document.' }));
    const { run, done } = loop(server);
    await done;
    assert.equal(run.text, 'Document text.');
    assert.ok(run.progress.some((p) => p.thinking), 'no progress while thinking');
  });

  it('backpressure: while append\'s promise is pending, no more text is taken from the stream', async () => {
    const text = 'Chunk of a document. '.repeat(50);
    const scenario = answer(text, { deltaSize: 10 });
    server.enqueue(scenario);
    let resolveFirst: () => void = () => undefined;
    let calls = 0;
    let got = '';
    const { done } = loop(server, {
      append: (t) => {
        calls++;
        got += t;
        if (calls === 1) return new Promise<void>((r) => (resolveFirst = r));
        return undefined;
      },
    });
    const req = await (async () => {
      await waitFor('the request', () => chatRequests(server).length === 1);
      return chatRequests(server)[0]!;
    })();
    await waitFor('the first piece of text', () => calls === 1, 5000);
    await waitFor('the server to finish writing the answer', () => req.closedAt !== undefined, 5000);
    assert.equal(calls, 1, 'the loop went on while the sink asked it to wait');
    resolveFirst();
    const result = await done;
    assert.equal(result.outcome.kind, 'done');
    assert.equal(got, text);
  });
});
