// Size bounds: one SSE event, the tool-call arguments of an answer, and the whole answer's bytes.
// Over a bound the answer ends with an error in words (not retried) and the text that arrived stays.

import * as assert from 'node:assert/strict';
import { SseDecoder, type StreamFailure } from '../../src/deepseek/sse';
import { chunk, generated, sse, startTestServer, type Step, type TestServer } from '../server';
import { chat, run } from './helpers';

const MB = 1024 * 1024;

/** A tool call whose arguments stream forever-ish: `total` bytes of `{"text":"xxxx…` in 64 KB events. */
function* endlessToolCall(total: number): Generator<Step> {
  yield { write: sse(chunk({ role: 'assistant', content: 'Calling the tool. ' })) };
  yield { write: sse({ ...chunk(), choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'write', arguments: '{"text":"' } }] }, finish_reason: null }] }) };
  const piece = 'x'.repeat(64 * 1024);
  const event = sse({ ...chunk(), choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: piece } }] }, finish_reason: null }] });
  for (let sent = 0; sent < total; sent += piece.length) yield { write: event };
  yield { end: true };
}

describe('bounds', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
  });

  it('the decoder stops at the tool-call limit with words, and says it is not worth retrying', () => {
    const d = new SseDecoder({ maxToolCallChars: 1000 });
    d.push(sse({ ...chunk(), choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'c', function: { name: 'f', arguments: 'x'.repeat(600) } }] } }] }));
    assert.equal(d.failure, undefined);
    d.push(sse({ ...chunk(), choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: 'x'.repeat(600) } }] } }] }));
    const failure = d.failure as StreamFailure | undefined;
    assert.equal(failure?.kind, 'interrupted');
    assert.match(failure!.message, /tool-call arguments passed .* \(the limit\)/);
    assert.equal(failure!.retryable, false);
  });

  it('a 200 MB tool-call argument stream ends the answer in words, keeps the text, and memory stays bounded', async function () {
    this.timeout(180_000);
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let peak = heapBefore;
    server.enqueue(generated(() => endlessToolCall(200 * MB)));
    const before = server.requests.length;
    const r = await run(server, { maxRetries: 2 }, {}, chat('Write a huge file', { tools: [{ type: 'function', function: { name: 'write' } }] }));
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    assert.equal(r.error?.kind, 'interrupted', r.error?.message);
    assert.match(r.error!.message, /tool-call arguments passed 8 MB/);
    assert.equal(r.content, 'Calling the tool. ', 'the text that arrived is kept');
    assert.equal(server.requests.length - before, 1, 'a size limit is not retried');
    const req = server.requests.at(-1)!;
    await waitUntil(() => req.closedAt !== undefined);
    assert.ok(req.bytesWritten < 40 * MB, `the server wrote ${Math.round(req.bytesWritten / MB)} MB before the client hung up`);
    // Held at once: the 8 MB of arguments (twice, as UTF-16 pieces and joined) plus buffers, not 200 MB.
    assert.ok(peak - heapBefore < 120 * MB, `heap grew by ${Math.round((peak - heapBefore) / MB)} MB`);
  });

  it('an answer larger than maxResponseBytes ends in words and keeps what arrived', async () => {
    function* big(): Generator<Step> {
      yield { write: sse(chunk({ role: 'assistant', content: '' })) };
      const text = 'y'.repeat(32 * 1024);
      for (let i = 0; i < 200; i++) yield { write: sse(chunk({ content: text })) };
      yield { write: sse(chunk({ finish: 'stop' })) };
      yield { write: 'data: [DONE]\n\n' };
    }
    server.enqueue(generated(big));
    const r = await run(server, { maxResponseBytes: 1 * MB });
    assert.equal(r.error?.kind, 'interrupted');
    assert.match(r.error!.message, /passed 1 MB \(the limit, "deepseek\.maxResponseMB"\)/);
    assert.ok(r.content.length > 0.5 * MB && r.content.length <= 1 * MB, `kept ${r.content.length} chars`);
    assert.equal(r.error!.retryable, false);
  });
});

async function waitUntil(probe: () => boolean): Promise<void> {
  while (!probe()) await new Promise((resolve) => setTimeout(resolve, 10));
}
