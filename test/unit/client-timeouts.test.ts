// Timeouts, abort, early exit, connection reuse, concurrency and backpressure over real HTTP.

import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import { streamChat } from '../../src/deepseek';
import type { RetryInfo } from '../../src/deepseek/types';
import { answer, chunk, errorResponse, KEEP_ALIVE, sse, startTestServer, type Scenario, type Step, type TestServer } from '../server';
import { chat, collect, config, run, sleep, waitFor } from './helpers';

/** One content delta, then `count` writes of `filler` every `everyMs` (never finishing). */
function tokenThen(filler: string, count: number, everyMs: number): Scenario {
  const steps: Step[] = [{ write: sse(chunk({ role: 'assistant', content: 'Hello' })) }];
  for (let i = 0; i < count; i++) steps.push({ sleepMs: everyMs }, { write: filler });
  return { steps };
}

/** A port on loopback where connect() never completes: a listener whose accept queue is full and that never accepts. */
async function unacceptingPort(): Promise<{ port: number; close: () => void }> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '-e',
      `const s = require('net').createServer();
       s.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
         process.stdout.write(s.address().port + '\\n');
         Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000); // block: never accept
       });`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (d) => resolve(Number(String(d).trim())));
    child.once('error', reject);
  });
  const fillers: net.Socket[] = [];
  // The accept queue is full once the kernel has completed a filler's handshake (the rest then hang).
  const oneConnected = new Promise<void>((resolve) => {
    for (let i = 0; i < 8; i++) fillers.push(net.connect(port, '127.0.0.1', () => resolve()).on('error', () => undefined));
  });
  await oneConnected;
  return {
    port,
    close: () => {
      for (const f of fillers) f.destroy();
      child.kill('SIGKILL');
    },
  };
}

describe('client: timeouts', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(async () => server.close());

  it('connect timeout (a loopback listener that never accepts): kind timeout/connect, retried as a network failure', async function () {
    this.timeout(15_000);
    const target = await unacceptingPort();
    try {
      const retries: RetryInfo[] = [];
      const started = Date.now();
      // undici checks connect timeouts on a coarse (~0.5 s) timer, so 300 ms fires after ~1 s.
      const r = await collect(
        streamChat(config({ url: `http://127.0.0.1:${target.port}` }, { connectTimeoutMs: 300, maxRetries: 1, retryBaseDelayMs: 1 }), chat(), { onRetry: (i) => retries.push(i) }),
      );
      assert.equal(r.error?.kind, 'timeout');
      assert.equal(r.error?.timeout, 'connect');
      assert.match(r.error!.message, new RegExp(`Connecting to 127\\.0\\.0\\.1:${target.port} timed out`));
      assert.equal(retries.length, 1, 'a connect timeout is retried');
      assert.equal(retries[0]!.error.kind, 'timeout');
      assert.ok(Date.now() - started < 8000);
    } finally {
      target.close();
    }
  });

  it('first-byte timeout when no headers arrive; not retried; the socket is closed', async () => {
    server.enqueue({ steps: [{ sleepMs: 5000 }, { write: sse(chunk({ content: 'too late' })) }] }, answer('never'));
    const r = await run(server, { firstByteTimeoutMs: 300, maxRetries: 2 });
    assert.equal(r.error?.kind, 'timeout');
    assert.equal(r.error?.timeout, 'firstByte');
    assert.match(r.error!.message, /first-token timeout/);
    assert.ok(r.ms >= 280, `fired after ${r.ms} ms, before the limit`);
    assert.equal(server.requests.length, 1);
    await waitFor('server sees the close', () => server.requests[0]!.closedAt !== undefined, 30_000);
    assert.ok(server.requests[0]!.clientAborted);
  });

  it('first-byte timeout when only keep-alives arrive (they are not progress)', async () => {
    server.enqueue({ steps: Array.from({ length: 100 }, (): Step[] => [{ write: KEEP_ALIVE }, { sleepMs: 50 }]).flat() });
    const r = await run(server, { firstByteTimeoutMs: 400, idleTimeoutMs: 100 });
    assert.equal(r.error?.timeout, 'firstByte');
    assert.ok(r.ms >= 380, `fired after ${r.ms} ms, before the limit`);
  });

  it('the idle timeout does not apply before the first token (a thinking model queues with keep-alives)', async () => {
    server.enqueue(answer('worth the wait', { keepAlivesBefore: 12, keepAliveDelayMs: 50 }));
    const r = await run(server, { idleTimeoutMs: 200, firstByteTimeoutMs: 5000 });
    assert.equal(r.error, undefined, r.error?.message);
    assert.equal(r.content, 'worth the wait');
    assert.ok(r.ms >= 500);
  });

  it('idle timeout: keep-alive comments every 50 ms after one token do NOT reset it', async () => {
    server.enqueue(tokenThen(KEEP_ALIVE, 100, 50));
    const r = await run(server, { idleTimeoutMs: 300 });
    assert.equal(r.error?.kind, 'timeout');
    assert.equal(r.error?.timeout, 'idle');
    assert.match(r.error!.message, /idle timeout/);
    assert.equal(r.content, 'Hello', 'the text before the stall was yielded');
    assert.ok(r.ms >= 280, `fired after ${r.ms} ms, before the limit`);
  });

  it('idle timeout: empty content deltas every 50 ms do NOT reset it', async () => {
    server.enqueue(tokenThen(sse(chunk({ content: '' })), 100, 50));
    const r = await run(server, { idleTimeoutMs: 300 });
    assert.equal(r.error?.timeout, 'idle');
  });

  it('real progress resets the idle timer: deltas every 100 ms for ~1 s with idleTimeoutMs 400 succeed', async () => {
    server.enqueue(answer('0123456789', { deltaSize: 1, delayMs: 100 }));
    const r = await run(server, { idleTimeoutMs: 400 });
    assert.equal(r.error, undefined, r.error?.message);
    assert.equal(r.content, '0123456789');
    assert.ok(r.ms > 800, 'the stream lasted longer than the idle timeout');
  });

  it('idleTimeoutMs 0 means no idle limit (not a timer that fires at once)', async () => {
    server.enqueue(answer('ab', { deltaSize: 1, delayMs: 150 }));
    const r = await run(server, { idleTimeoutMs: 0, firstByteTimeoutMs: 0 });
    assert.equal(r.error, undefined, r.error?.message);
    assert.equal(r.content, 'ab');
  });

  it('a slow consumer does not trip the idle timeout (only time waiting on the network counts)', async () => {
    server.enqueue(answer('abc', { deltaSize: 1 }));
    const r = await collect(streamChat(config(server, { idleTimeoutMs: 150 }), chat()), async (e) => {
      if (e.type === 'content') await sleep(250);
    });
    assert.equal(r.error, undefined, r.error?.message);
    assert.equal(r.content, 'abc');
  });

  it('duration cap: a steady stream is cut at maxDurationMs with kind timeout/duration', async () => {
    server.enqueue(answer('x'.repeat(200), { deltaSize: 1, delayMs: 25 }));
    const r = await run(server, { maxDurationMs: 500, idleTimeoutMs: 5000 });
    assert.equal(r.error?.kind, 'timeout');
    assert.equal(r.error?.timeout, 'duration');
    assert.match(r.error!.message, /maximum duration/);
    assert.ok(r.content.length > 3 && r.content.length < 200);
    assert.ok(r.ms >= 450, `fired after ${r.ms} ms, before the limit`);
    await waitFor('server sees the close', () => server.requests[0]!.closedAt !== undefined, 30_000);
    assert.ok(server.requests[0]!.clientAborted);
  });
});

describe('client: abort and early exit', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(async () => server.close());

  it('abort mid-stream: the pending next() throws aborted at once and the server sees the socket closed (#slow)', async () => {
    const ac = new AbortController();
    const c = config(server);
    let abortedAt = 0;
    const r = await collect(streamChat(c, chat('stream slowly #slow'), { signal: ac.signal }), (_e, i) => {
      if (i === 2) {
        setTimeout(() => {
          abortedAt = Date.now();
          ac.abort();
        }, 20); // abort while next() is pending on the network
      }
    });
    const endedAt = Date.now();
    assert.equal(server.requests[0]!.scenario, 'slow');
    assert.equal(r.error?.kind, 'aborted');
    // Stopped long before the 60 s answer would have ended (how fast is a benchmark figure).
    assert.ok(endedAt - abortedAt < 5000, `iteration ended ${endedAt - abortedAt} ms after abort`);
    assert.ok(r.events.length >= 3 && r.events.length < 20);
    await waitFor('server sees the close', () => server.requests[0]!.closedAt !== undefined, 30_000);
    const req = server.requests[0]!;
    assert.ok(req.clientAborted);
    assert.ok(req.closedAt! - abortedAt < 5000, `server saw the close ${req.closedAt! - abortedAt} ms after abort`);
    const done = c.logs.at(-1);
    assert.ok(done?.event === 'done' && done.outcome === 'aborted');
  });

  it('abort while the consumer is busy: the socket closes without waiting for the consumer, and no more events come', async () => {
    server.enqueue(answer('word '.repeat(400), { deltaSize: 5, delayMs: 10 }));
    const ac = new AbortController();
    const iter = streamChat(config(server), chat(), { signal: ac.signal })[Symbol.asyncIterator]();
    const first = await iter.next();
    assert.equal(first.done, false);
    const abortedAt = Date.now();
    ac.abort();
    await waitFor('server sees the close', () => server.requests[0]!.closedAt !== undefined, 30_000);
    assert.ok(server.requests[0]!.clientAborted);
    assert.ok(server.requests[0]!.closedAt! - abortedAt < 250);
    await assert.rejects(iter.next(), (e: { kind?: string }) => e.kind === 'aborted');
    assert.deepEqual(await iter.next(), { done: true, value: undefined });
  });

  it('abort while waiting for the response headers', async () => {
    server.enqueue({ steps: [{ sleepMs: 5000 }, { write: sse(chunk({ content: 'late' })) }] });
    const ac = new AbortController();
    // Abort once the server holds the request, so the client is waiting for the headers.
    void waitFor('the request at the server', () => server.requests.length > 0, 30_000).then(() => ac.abort());
    const r = await run(server, {}, { signal: ac.signal });
    assert.equal(r.error?.kind, 'aborted');
    assert.ok(r.ms < 4000, `${r.ms} ms: ended only when the server's headers came (5 s)`);
    await waitFor('server sees the close', () => server.requests[0]!.closedAt !== undefined, 30_000);
    assert.ok(server.requests[0]!.clientAborted);
  });

  it('an already aborted signal: aborted, no request sent', async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await run(server, {}, { signal: ac.signal });
    assert.equal(r.error?.kind, 'aborted');
    assert.equal(server.requests.length, 0);
  });

  it('breaking out of for-await closes the socket', async () => {
    server.enqueue(answer('word '.repeat(400), { deltaSize: 5, delayMs: 10 }));
    const c = config(server);
    let n = 0;
    for await (const e of streamChat(c, chat())) {
      if (e.type === 'content' && ++n === 2) break;
    }
    const brokeAt = Date.now();
    await waitFor('server sees the close', () => server.requests[0]!.closedAt !== undefined, 30_000);
    assert.ok(server.requests[0]!.clientAborted);
    assert.ok(server.requests[0]!.closedAt! - brokeAt < 250);
    assert.ok(server.requests[0]!.bytesWritten < 400 * 5 * 60, 'the server stopped writing');
    const done = c.logs.at(-1);
    assert.ok(done?.event === 'done' && done.outcome === 'aborted');
  });

  it('after an abort, the next request works', async () => {
    const ac = new AbortController();
    server.enqueue(answer('slow '.repeat(100), { deltaSize: 5, delayMs: 10 }), answer('fresh'));
    const first = await collect(streamChat(config(server), chat(), { signal: ac.signal }), () => ac.abort());
    assert.equal(first.error?.kind, 'aborted');
    const second = await run(server);
    assert.equal(second.content, 'fresh');
  });
});

describe('client: connections, concurrency, backpressure', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(async () => server.close());

  it('keep-alive: 3 sequential requests use one TCP connection', async () => {
    server.enqueue(answer('one'), answer('two', { reasoning: 'r' }), answer('three', { usageLayout: 'separate' }));
    const contents = [];
    for (let i = 0; i < 3; i++) contents.push((await run(server)).content);
    assert.deepEqual(contents, ['one', 'two', 'three']);
    assert.equal(server.connections(), 1);
    assert.deepEqual(server.requests.map((r) => r.connection), [1, 1, 1]);
  });

  it('keep-alive survives an error response (the error body is read to the end)', async () => {
    server.enqueue(answer('a'), errorResponse(400, { error: { message: 'bad' } }), answer('c'));
    for (let i = 0; i < 3; i++) await run(server);
    assert.equal(server.connections(), 1);
  });

  it('5 concurrent streams run side by side: events interleave and each gets its own answer', async () => {
    // Default answers quote the question and stream with small delays, so each stream must see
    // exactly its own question while the others are streaming too.
    const order: number[] = [];
    const questions = [0, 1, 2, 3, 4].map((i) => `question number ${i} ${'?'.repeat(i + 1)}`);
    const results = await Promise.all(
      questions.map((q, i) =>
        collect(streamChat(config(server), chat(q)), (e) => {
          if (e.type === 'content') order.push(i);
        }),
      ),
    );
    results.forEach((r, i) => {
      assert.equal(r.error, undefined);
      assert.ok(r.content.includes(`> ${questions[i]}\n`), r.content.slice(0, 80));
      for (let j = 0; j < 5; j++) if (j !== i) assert.ok(!r.content.includes(`question number ${j} `));
    });
    assert.equal(server.requests.length, 5);
    assert.equal(server.connections(), 5, 'one connection per concurrent stream');
    let switches = 0;
    for (let k = 1; k < order.length; k++) if (order[k] !== order[k - 1]) switches++;
    assert.ok(switches > 10, `events of different streams interleave (${switches} switches)`);
  });

  it('backpressure: a stalled consumer stalls the server (the client does not buffer the stream)', async function () {
    this.timeout(120_000);
    const text = 'x'.repeat(32 * 1024 * 1024);
    const scenario = answer(text, { deltaSize: 16 * 1024 });
    const total = scenario.steps.reduce((n, s) => n + ('write' in s ? Buffer.byteLength(s.write as string) : 0), 0);
    server.enqueue(scenario);
    let stalledAt = -1;
    let received = 0;
    const r = await collect(streamChat(config(server), chat()), async (e, i) => {
      if (e.type === 'content') received += e.text.length;
      if (i === 0) {
        // Stall until the server stops writing (its socket buffers are full): the same count twice,
        // 250 ms apart. Without backpressure it would write all 32 MB meanwhile.
        let last = -1;
        for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
          const now = server.requests[0]!.bytesWritten;
          if (now === last) break;
          last = now;
          await sleep(250);
        }
        stalledAt = server.requests[0]!.bytesWritten;
      }
    });
    assert.equal(r.error, undefined);
    assert.equal(received, text.length);
    assert.ok(stalledAt >= 0 && stalledAt < total / 2, `while the consumer stalled the server wrote ${(stalledAt / 1e6).toFixed(1)} of ${(total / 1e6).toFixed(1)} MB and then stopped`);
    assert.equal(server.requests[0]!.bytesWritten, total);
  });

  it('#long: a 5 MB answer streams intact', async function () {
    this.timeout(120_000);
    const r = await run(server, {}, {}, chat('a big one #long'));
    assert.equal(r.error, undefined);
    assert.ok(r.content.length >= 5 * 1024 * 1024, `${r.content.length}`);
    assert.match(r.content, /counter so that every line differs: 1\.\n\n/);
  });
});
