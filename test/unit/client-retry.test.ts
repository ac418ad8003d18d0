// Retries over real HTTP: which failures are retried, Retry-After, maxRetries, onRetry, and the rule
// that nothing is retried once answer text has been delivered.

import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { streamChat } from '../../src/deepseek';
import type { RetryInfo } from '../../src/deepseek/types';
import { answer, chunk, errorResponse, raw, scenarios, sse, startTestServer, type TestServer } from '../server';
import { chat, collect, config, run } from './helpers';

const gaps = (server: TestServer): number[] => server.requests.slice(1).map((r, i) => r.receivedAt - server.requests[i]!.receivedAt);

describe('client: retries', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(async () => server.close());

  it('429 with Retry-After: 1 is honoured (gap ≥ ~1 s), then succeeds; onRetry sees it first', async () => {
    server.enqueue(scenarios.ratelimit!(), answer('after the wait'));
    const retries: RetryInfo[] = [];
    const c = config(server, { maxRetries: 3, retryBaseDelayMs: 10 });
    const r = await collect(streamChat(c, chat(), { onRetry: (i) => retries.push(i) }));
    assert.equal(r.error, undefined);
    assert.equal(r.content, 'after the wait');
    assert.equal(server.requests.length, 2);
    assert.ok(gaps(server)[0]! >= 950, `gap ${gaps(server)[0]} ms`);
    assert.equal(retries.length, 1);
    assert.deepEqual({ ...retries[0]!, error: { ...retries[0]!.error, message: '' } }, { attempt: 1, delayMs: 1000, error: { kind: 'rate_limit', status: 429, message: '' } });
    assert.match(retries[0]!.error.message, /Rate limit reached/);
    const retryLog = c.logs.find((l) => l.event === 'retry');
    assert.deepEqual(retryLog, { event: 'retry', requestId: retryLog!.requestId, attempt: 1, delayMs: 1000, kind: 'rate_limit', status: 429 });
    const done = c.logs.at(-1);
    assert.ok(done?.event === 'done' && done.retries === 1 && done.outcome === 'ok');
  });

  it('the same X-Request-ID is sent on every attempt, with the attempt number logged', async () => {
    server.enqueue(errorResponse(503, ''), answer('ok'));
    const c = config(server, { maxRetries: 2, retryBaseDelayMs: 5 });
    await collect(streamChat(c, chat()));
    const ids = server.requests.map((r) => r.headers['x-request-id']);
    assert.equal(ids.length, 2);
    assert.equal(ids[0], ids[1]);
    assert.deepEqual(c.logs.filter((l) => l.event === 'request').map((l) => l.event === 'request' && l.attempt), [1, 2]);
  });

  it('Retry-After is capped at retryMaxDelayMs', async () => {
    server.enqueue(errorResponse(429, { error: { message: 'slow down' } }, { 'Retry-After': '30' }), answer('ok'));
    const retries: RetryInfo[] = [];
    const r = await run(server, { maxRetries: 1, retryMaxDelayMs: 150 }, { onRetry: (i) => retries.push(i) });
    assert.equal(r.content, 'ok');
    assert.equal(retries[0]!.delayMs, 150);
    assert.ok(gaps(server)[0]! < 15_000, `waited ${gaps(server)[0]} ms: the server's 30 s, not the 150 ms cap`);
  });

  it('Retry-After as an HTTP date', async () => {
    const at = new Date(Date.now() + 1500).toUTCString(); // second resolution: 0.5–1.5 s from now
    server.enqueue(errorResponse(503, 'busy', { 'Retry-After': at }), answer('ok'));
    const retries: RetryInfo[] = [];
    const r = await run(server, { maxRetries: 1, retryBaseDelayMs: 1 }, { onRetry: (i) => retries.push(i) });
    assert.equal(r.content, 'ok');
    assert.ok(retries[0]!.delayMs >= 400 && retries[0]!.delayMs <= 1600, `${retries[0]!.delayMs}`);
  });

  it('500, 502, 503 and 504 are retried, then the answer streams', async () => {
    server.enqueue(errorResponse(500, { error: { message: 'internal' } }), errorResponse(502, '<html>bad gateway</html>'), errorResponse(503, ''), errorResponse(504, 'Gateway Timeout'), answer('finally'));
    const retries: RetryInfo[] = [];
    const r = await run(server, { maxRetries: 4, retryBaseDelayMs: 5 }, { onRetry: (i) => retries.push(i) });
    assert.equal(r.error, undefined);
    assert.equal(r.content, 'finally');
    assert.equal(server.requests.length, 5);
    assert.deepEqual(retries.map((i) => [i.attempt, i.error.kind, i.error.status]), [[1, 'server', 500], [2, 'server', 502], [3, 'server', 503], [4, 'server', 504]]);
    for (const i of retries) assert.ok(i.delayMs >= 0 && i.delayMs <= 5 * 2 ** (i.attempt - 1), `jitter bound: ${i.delayMs}`);
  });

  it('maxRetries is respected: 2 retries = 3 requests, then the last error is thrown', async () => {
    server.enqueue(errorResponse(503, ''), errorResponse(503, ''), errorResponse(503, { error: { message: 'still overloaded' } }), answer('never'));
    const retries: RetryInfo[] = [];
    const r = await run(server, { maxRetries: 2, retryBaseDelayMs: 5 }, { onRetry: (i) => retries.push(i) });
    assert.equal(server.requests.length, 3);
    assert.equal(retries.length, 2);
    assert.equal(r.error?.kind, 'server');
    assert.equal(r.error?.status, 503);
    assert.match(r.error!.message, /still overloaded/);
    assert.equal(r.error?.retryable, true);
  });

  it('maxRetries 0 means one request', async () => {
    server.enqueue(errorResponse(500, ''), answer('never'));
    const r = await run(server, { maxRetries: 0 });
    assert.equal(r.error?.status, 500);
    assert.equal(server.requests.length, 1);
  });

  it('400, 401, 402 and 422 are never retried', async () => {
    for (const status of [400, 401, 402, 422]) {
      const s = await startTestServer();
      s.enqueue(errorResponse(status, { error: { message: `no ${status}` } }), answer('never'));
      const r = await run(s, { maxRetries: 5, retryBaseDelayMs: 1 });
      assert.equal(s.requests.length, 1, `${status}`);
      assert.equal(r.error?.status, status);
      await s.close();
    }
  });

  it('a reset before the response headers is a network error and is retried', async () => {
    server.enqueue({ steps: [{ reset: true }] }, answer('second time lucky'));
    const retries: RetryInfo[] = [];
    const r = await run(server, { maxRetries: 2, retryBaseDelayMs: 5 }, { onRetry: (i) => retries.push(i) });
    assert.equal(r.error, undefined);
    assert.equal(r.content, 'second time lucky');
    assert.equal(server.requests.length, 2);
    assert.equal(retries[0]!.error.kind, 'network');
  });

  it('connection refused is retried until the server is up', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let late: TestServer | undefined;
    const retries: RetryInfo[] = [];
    try {
      const r = await collect(
        streamChat(config({ url }, { maxRetries: 8, retryBaseDelayMs: 40, retryMaxDelayMs: 200 }), chat(), {
          onRetry: (i) => {
            retries.push(i);
            if (!late && retries.length === 1) void startTestServer({ port }).then((s) => (late = s));
          },
        }),
      );
      assert.equal(r.error, undefined, r.error?.message);
      assert.match(r.content, /You asked/);
      assert.equal(retries[0]!.error.kind, 'network');
      assert.match(retries[0]!.error.message, new RegExp(`127\\.0\\.0\\.1:${port}.*refused`));
      assert.equal(late?.requests.length, 1);
    } finally {
      await late?.close();
    }
  });

  it('a stream reset after the first content is not retried: one request, partial text, then the error (#reset)', async () => {
    server.enqueue(scenarios.reset!(), answer('never'));
    const r = await run(server, { maxRetries: 3, retryBaseDelayMs: 1 });
    assert.equal(server.requests.length, 1);
    assert.equal(r.error?.kind, 'network');
    assert.match(r.content, /^This answer starts normally/);
    assert.match(r.error!.message, /reset/);
  });

  it('an in-stream 429 error before any text is retried (nothing was delivered yet)', async () => {
    server.enqueue(raw([': keep-alive\n\n', sse({ error: { message: 'Rate limit exceeded', code: 429 } })]), answer('ok now'));
    const r = await run(server, { maxRetries: 1, retryBaseDelayMs: 5 });
    assert.equal(r.content, 'ok now');
    assert.equal(server.requests.length, 2);
  });

  it('an in-stream error after text is not retried', async () => {
    server.enqueue(raw([sse(chunk({ content: 'Some text' })), sse({ error: { message: 'Rate limit exceeded', code: 429 } })]), answer('never'));
    const r = await run(server, { maxRetries: 3, retryBaseDelayMs: 1 });
    assert.equal(r.error?.kind, 'rate_limit');
    assert.equal(r.content, 'Some text');
    assert.equal(server.requests.length, 1);
  });

  it('truncated, interrupted and protocol failures are not retried', async () => {
    server.enqueue(answer('cut', { finish: null, done: false }), answer('x', { finish: 'insufficient_system_resource' }), raw(['data: nope\n\n']), answer('never'));
    const c = config(server, { maxRetries: 3, retryBaseDelayMs: 1 });
    const kinds = [];
    for (let i = 0; i < 3; i++) kinds.push((await collect(streamChat(c, chat()))).error?.kind);
    assert.deepEqual(kinds, ['truncated', 'interrupted', 'protocol']);
    assert.equal(server.requests.length, 3);
  });

  it('the retry wait is abortable by the signal', async () => {
    server.enqueue(errorResponse(429, { error: { message: 'wait a long time' } }, { 'Retry-After': '20' }), answer('never'));
    const ac = new AbortController();
    let abortedAt = 0;
    const r = await run(server, { maxRetries: 2 }, {
      signal: ac.signal,
      onRetry: () =>
        setTimeout(() => {
          abortedAt = Date.now();
          ac.abort();
        }, 50),
    });
    assert.equal(r.error?.kind, 'aborted');
    assert.ok(Date.now() - abortedAt < 10_000, 'waited out the 20 s Retry-After despite the abort');
    assert.equal(server.requests.length, 1);
  });

  it('a retry that would overrun the duration cap is not attempted', async () => {
    server.enqueue(errorResponse(429, '', { 'Retry-After': '5' }), answer('never'));
    const r = await run(server, { maxRetries: 2, maxDurationMs: 1000 });
    assert.equal(r.error?.kind, 'rate_limit');
    assert.ok(r.ms < 4_000, `waited ${r.ms} ms: the 5 s Retry-After was waited out before giving up`);
    assert.equal(server.requests.length, 1);
  });
});

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
