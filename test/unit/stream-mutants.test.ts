// streamChat behaviour at the edges the broader client tests leave open: timeout wording, the final
// log entry, listener hygiene, rate-limit notices, status/content-type handling, the response size
// limit, aborts mid-chunk, and the post-[DONE] settle that decides whether a connection is reused.

import * as assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { streamChat } from '../../src/deepseek';
import { DeepSeekError } from '../../src/deepseek/errors';
import type { RequestGate } from '../../src/deepseek/rateLimit';
import type { LogEntry, RetryInfo, StreamOptions } from '../../src/deepseek/types';
import { answer, chunk, DONE, errorResponse, raw, sse, startTestServer, type Scenario, type TestServer } from '../server';
import { chat, collect, config, KEY, run, waitFor } from './helpers';

type RateLimitWait = Parameters<NonNullable<StreamOptions['onRateLimitWait']>>[0];

const doneEntry = (logs: LogEntry[]): Extract<LogEntry, { event: 'done' }> => {
  const d = logs.at(-1);
  assert.equal(d?.event, 'done');
  return d as Extract<LogEntry, { event: 'done' }>;
};

/** A gate that rejects with `reason` (an unexpected failure outside HTTP). */
const failingGate = (reason: unknown, calls: { n: number }): RequestGate => ({
  perSecond: 1,
  acquire: async () => {
    calls.n++;
    throw reason;
  },
});

/** Collects process warnings (listener leaks show up as MaxListenersExceededWarning). */
async function warningsDuring(fn: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const onWarning = (w: Error): void => void seen.push(`${w.name}: ${w.message}`);
  process.on('warning', onWarning);
  try {
    await fn();
    await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
  } finally {
    process.off('warning', onWarning);
  }
  return seen.filter((w) => /listener/i.test(w));
}

describe('streamChat: messages and the final log entry', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(async () => server.close());

  it('a sub-second first-token timeout is worded in ms', async () => {
    server.enqueue({ steps: [{ sleepMs: 2000 }, { end: true }] });
    const r = await run(server, { firstByteTimeoutMs: 40 });
    assert.equal(r.error?.message, `No answer from ${new URL(server.url).host} within 40 ms (first-token timeout).`);
  });

  it('a timeout of exactly one second is worded as "1 s"', async () => {
    server.enqueue({ steps: [{ sleepMs: 3000 }, { end: true }] });
    const r = await run(server, { firstByteTimeoutMs: 1000 });
    assert.equal(r.error?.message, `No answer from ${new URL(server.url).host} within 1 s (first-token timeout).`);
  });

  it('stopping through the signal gives kind aborted with a fixed message', async () => {
    server.enqueue({ steps: [{ sleepMs: 2000 }, { end: true }] });
    const ctl = new AbortController();
    const pending = collect(streamChat(config(server), chat(), { signal: ctl.signal }));
    await waitFor('request arrives', () => server.requests.length === 1);
    ctl.abort();
    const r = await pending;
    assert.equal(r.error?.kind, 'aborted');
    assert.equal(r.error?.message, 'The request was stopped.');
  });

  it('a non-http base URL is a config error with a readable message, and nothing is sent', async () => {
    const r = await run({ url: 'ftp://127.0.0.1:1' });
    assert.equal(r.error?.kind, 'invalid');
    assert.equal(r.error?.message, 'The base URL is not a valid http(s) URL.');
  });

  it('without an API key no Authorization header is sent', async () => {
    const c = config(server);
    delete (c as { apiKey?: string }).apiKey;
    const r = await collect(streamChat(c, chat()));
    assert.equal(r.error, undefined);
    assert.equal(server.requests[0]!.headers.authorization, undefined);
  });

  it('an answer without text: the done entry has no ttftMs, and its durations fit the elapsed time', async () => {
    server.enqueue(answer('', { deltaSize: 1 }), { ...answer('x'), headers: { 'x-request-id': 'srv-42' } });
    const c = config(server);
    const before = Date.now();
    const r = await collect(streamChat(c, chat()));
    const elapsed = Date.now() - before;
    assert.deepEqual(r.events.map((e) => e.type), ['usage', 'finish']);
    const done = doneEntry(c.logs);
    assert.equal('ttftMs' in done, false, 'no text, no time to first token');
    assert.ok(done.durationMs >= 0 && done.durationMs <= elapsed, `durationMs ${done.durationMs} vs ${elapsed}`);
    const resp = c.logs.find((l) => l.event === 'response') as Extract<LogEntry, { event: 'response' }>;
    assert.ok(resp.ms >= 0 && resp.ms <= elapsed, `response ms ${resp.ms} vs ${elapsed}`);
  });

  it("the server's X-Request-ID is preferred over its trace id in the response log", async () => {
    server.enqueue({ ...answer('x'), headers: { 'x-request-id': 'srv-42' } });
    const c = config(server);
    await collect(streamChat(c, chat()));
    const resp = c.logs.find((l) => l.event === 'response') as Extract<LogEntry, { event: 'response' }>;
    assert.equal(resp.serverRequestId, 'srv-42');
  });
});

describe('streamChat: unexpected failures and redaction', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(async () => server.close());

  it('an unexpected error becomes a non-retried network error naming the host', async () => {
    const calls = { n: 0 };
    const r = await run(server, { maxRetries: 2, rateLimiter: failingGate(new Error('boom'), calls) });
    assert.equal(r.error?.kind, 'network');
    assert.equal(r.error?.message, `Request to ${new URL(server.url).host} failed: boom`);
    assert.equal(r.error?.retryable, false);
    assert.equal(calls.n, 1, 'not retried');
  });

  it('an invalid-argument error (e.g. a bad header value) is a config error asking to check key and URL', async () => {
    const bad = Object.assign(new Error('invalid header'), { code: 'UND_ERR_INVALID_ARG' });
    const r = await run(server, { rateLimiter: failingGate(bad, { n: 0 }) });
    assert.equal(r.error?.kind, 'invalid');
    assert.equal(r.error?.message, 'The request could not be sent: invalid header. Check the API key and base URL.');
  });

  it('a final error carrying the key is scrubbed (message and stack)', async () => {
    const leaky = new DeepSeekError({ kind: 'server', message: `failed with ${KEY}`, requestId: 'r', retryable: false });
    const r = await run(server, { rateLimiter: failingGate(leaky, { n: 0 }) });
    assert.equal(r.error?.message, 'failed with ***');
    assert.ok(!r.error?.stack?.includes(KEY));
  });

  it('a network-error retry notice carries no status field', async () => {
    server.enqueue({ steps: [{ reset: true }] }, answer('ok'));
    const retries: RetryInfo[] = [];
    const c = config(server, { maxRetries: 1, retryBaseDelayMs: 1 });
    const r = await collect(streamChat(c, chat(), { onRetry: (i) => retries.push(i) }));
    assert.equal(r.content, 'ok');
    assert.equal(retries.length, 1);
    assert.equal('status' in retries[0]!.error, false);
    const log = c.logs.find((l) => l.event === 'retry')!;
    assert.equal('status' in log, false);
  });
});

describe('streamChat: listeners and rate-limit notices', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(async () => server.close());

  it("the caller's signal has no listener left once the stream ends", async () => {
    const ctl = new AbortController();
    const r = await collect(streamChat(config(server), chat(), { signal: ctl.signal }));
    assert.equal(r.error, undefined);
    assert.equal(getEventListeners(ctl.signal, 'abort').length, 0);
  });

  it('many retries and many chunks leak no abort listeners (no leak warning)', async () => {
    const fails: Scenario[] = Array.from({ length: 12 }, () => errorResponse(503, ''));
    const chunks = Array.from({ length: 15 }, (_, i) => sse(chunk({ content: `${i};` })));
    server.enqueue(...fails, raw([...chunks, sse(chunk({ content: '', finish: 'stop' })), DONE], { delayMs: 2 }));
    const warnings = await warningsDuring(async () => {
      const r = await run(server, { maxRetries: 12, retryBaseDelayMs: 1, retryMaxDelayMs: 1 });
      assert.equal(r.error, undefined, r.error?.message);
      assert.equal(server.requests.length, 13);
    });
    assert.deepEqual(warnings, []);
  });

  it('a rate-limit wait is announced, then its end', async () => {
    const waits: RateLimitWait[] = [];
    const gate: RequestGate = { perSecond: 2, acquire: async (_s, onWait) => onWait?.(7) };
    const r = await run(server, { rateLimiter: gate }, { onRateLimitWait: (w) => waits.push(w) });
    assert.equal(r.error, undefined);
    assert.deepEqual(waits, [
      { perSecond: 2, waitMs: 7, waiting: true },
      { perSecond: 2, waitMs: 0, waiting: false },
    ]);
  });

  it('no rate-limit notice when the gate lets the request through at once', async () => {
    const waits: RateLimitWait[] = [];
    const gate: RequestGate = { perSecond: 2, acquire: async () => undefined };
    await run(server, { rateLimiter: gate }, { onRateLimitWait: (w) => waits.push(w) });
    assert.deepEqual(waits, []);
  });
});

describe('streamChat: statuses, content types and size', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(async () => server.close());

  it('an error status with an event-stream body is still an error', async () => {
    server.enqueue({ ...answer('not an answer'), status: 400 });
    const r = await run(server);
    assert.equal(r.error?.kind, 'invalid');
    assert.equal(r.error?.status, 400);
    assert.equal(r.content, '');
  });

  it('a 300 is not an answer either', async () => {
    server.enqueue({ ...answer('not an answer'), status: 300 });
    const r = await run(server);
    assert.equal(r.error?.status, 300);
    assert.equal(r.content, '');
  });

  it("an HTML-typed error body is not quoted, whatever it looks like (the content type is used)", async () => {
    server.enqueue(errorResponse(400, 'Service down', { 'Content-Type': 'text/html' }));
    const r = await run(server);
    assert.equal(r.error?.message.includes('Service down'), false, r.error?.message);
  });

  it('a 200 JSON-typed non-JSON body is not quoted (the content type is used)', async () => {
    server.enqueue(errorResponse(200, 'plain words', { 'Content-Type': 'application/json' }));
    const r = await run(server);
    assert.equal(r.error?.kind, 'protocol');
    assert.equal(r.error?.message.includes('plain words'), false, r.error?.message);
  });

  it('only a content type starting with text/event-stream is an answer', async () => {
    server.enqueue({ ...answer('hi'), headers: { 'Content-Type': 'xtext/event-stream' } });
    const r = await run(server);
    assert.equal(r.error?.kind, 'protocol');
    assert.equal(r.content, '');
  });

  it('an error body cut by a reset reads as an empty body', async () => {
    server.enqueue(errorResponse(400, ''), { status: 400, headers: { 'Content-Type': 'text/plain', 'Content-Length': '100' }, steps: [{ write: 'partial' }, { sleepMs: 20 }, { reset: true }] });
    const empty = await run(server);
    const cut = await run(server);
    assert.equal(cut.error?.kind, 'invalid');
    assert.equal(cut.error?.message, empty.error?.message);
  });

  it('an answer exactly at the size limit is complete', async () => {
    const s = answer('exact', { deltaSize: 2 });
    const size = s.steps.reduce((n, st) => n + ('write' in st ? Buffer.byteLength(st.write as string) : 0), 0);
    server.enqueue(s);
    const r = await run(server, { maxResponseBytes: size });
    assert.equal(r.error, undefined, r.error?.message);
    assert.equal(r.content, 'exact');
  });
});

describe('streamChat: progress, stop and the end of the answer', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(async () => server.close());

  it('reasoning is progress: a stall after it is an idle timeout', async () => {
    server.enqueue({ steps: [{ write: sse(chunk({ reasoning: 'thinking' })) }, { sleepMs: 3000 }] });
    const r = await run(server, { idleTimeoutMs: 60, firstByteTimeoutMs: 800 });
    assert.equal(r.reasoning, 'thinking');
    assert.equal(r.error?.timeout, 'idle');
  });

  it('stopping mid-chunk yields no further event of that chunk', async () => {
    const three = ['a', 'b', 'c'].map((t) => sse(chunk({ content: t }))).join('');
    server.enqueue({ steps: [{ write: three }, { sleepMs: 2000 }] });
    const ctl = new AbortController();
    const r = await collect(streamChat(config(server), chat(), { signal: ctl.signal }), (e) => {
      if (e.type === 'content') ctl.abort();
    });
    assert.equal(r.content, 'a');
    assert.equal(r.error?.kind, 'aborted');
  });

  it('a stall after the finish reason (no [DONE], no end) is still a timeout', async () => {
    server.enqueue({ steps: [{ write: sse(chunk({ content: 'hi' })) + sse(chunk({ content: '', finish: 'stop' })) }, { sleepMs: 3000 }] });
    const r = await run(server, { idleTimeoutMs: 60 });
    assert.equal(r.content, 'hi');
    assert.equal(r.error?.timeout, 'idle');
  });
});

describe('streamChat: releasing the connection after [DONE]', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(async () => server.close());

  /** An answer whose body goes on after [DONE] with `tail` bytes, then `afterMs`, then ends. */
  const trailing = (tail: number, afterMs = 0): Scenario => {
    const s = answer('ok');
    s.steps.push({ sleepMs: 30 }, { write: Buffer.alloc(tail, 0x20) }, { sleepMs: afterMs }, { end: true });
    return s;
  };

  it('a short tail after [DONE] (up to 64 KiB) is read so the next request reuses the connection', async () => {
    server.enqueue(trailing(64 * 1024));
    assert.equal((await run(server)).content, 'ok');
    await run(server);
    assert.deepEqual(server.requests.map((r) => r.connection), [1, 1]);
  });

  it('a tail over 64 KiB after [DONE] is dropped: the next request opens a new connection', async () => {
    server.enqueue(trailing(64 * 1024 + 4096));
    assert.equal((await run(server)).content, 'ok');
    await run(server);
    assert.deepEqual(server.requests.map((r) => r.connection), [1, 2]);
  });

  it('a tail over 64 KiB after [DONE] that then pauses is closed by the client, not awaited', async () => {
    server.enqueue(trailing(64 * 1024 + 4096, 1500));
    const r = await run(server);
    assert.equal(r.error, undefined);
    await waitFor('server sees the close', () => server.requests[0]!.closedAt !== undefined, 5000);
    assert.equal(server.requests[0]!.clientAborted, true);
  });

  it('a response that does not end soon after [DONE] is closed by the client', async () => {
    server.enqueue(trailing(10, 1500));
    const r = await run(server);
    assert.equal(r.error, undefined);
    await waitFor('server sees the close', () => server.requests[0]!.closedAt !== undefined, 5000);
    assert.equal(server.requests[0]!.clientAborted, true);
  });
});
