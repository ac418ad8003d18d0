// The client-side request limit: bursts are spread over windows, waiting is reported and cancellable,
// and streamChat waits its turn (and sends nothing when cancelled while waiting).

import * as assert from 'node:assert/strict';
import { RateLimiter, type Clock, type RequestGate } from '../../src/deepseek/rateLimit';
import { DeepSeekError, streamChat } from '../../src/deepseek';
import { startTestServer, type TestServer } from '../server';
import { chat, collect, config } from './helpers';

/** A clock the test moves by hand: timers fire only in advance(). */
class ManualClock implements Clock {
  t = 1_000_000;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private ids = 0;
  now = (): number => this.t;
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = ++this.ids;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  };
  clearTimeout = (handle: unknown): void => {
    this.timers = this.timers.filter((x) => x.id !== handle);
  };
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
      await flush();
    }
    this.t = end;
    await flush();
  }
}

const flush = () => new Promise<void>((r) => setImmediate(r));

describe('rate limiter', () => {
  it('a burst of 7 at 3/s: 3 start at once, 3 a second later, the last after two seconds, in order', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(3, clock);
    const started: { i: number; at: number }[] = [];
    const waits: number[] = [];
    const all = Array.from({ length: 7 }, (_, i) =>
      limiter.acquire(undefined, (ms) => waits.push(i * 10_000 + ms)).then(() => started.push({ i, at: clock.now() - 1_000_000 })),
    );
    await flush();
    assert.deepEqual(started.map((s) => s.i), [0, 1, 2], 'only the first 3 start at once');
    assert.equal(limiter.waiting, 4);
    assert.equal(waits.length, 4, 'the 4 that wait are told so, the others not');
    await clock.advance(999);
    assert.equal(started.length, 3, 'nothing more before the window ends');
    await clock.advance(1);
    assert.deepEqual(started.map((s) => s.i), [0, 1, 2, 3, 4, 5]);
    await clock.advance(1000);
    await Promise.all(all);
    assert.deepEqual(started, [
      { i: 0, at: 0 }, { i: 1, at: 0 }, { i: 2, at: 0 },
      { i: 3, at: 1000 }, { i: 4, at: 1000 }, { i: 5, at: 1000 },
      { i: 6, at: 2000 },
    ]);
    // Sliding window: never more than 3 starts within any 1000 ms.
    for (const s of started) assert.ok(started.filter((o) => o.at >= s.at && o.at < s.at + 1000).length <= 3);
  });

  it('cancel while waiting: rejects with the reason at once and frees the place for the next in line', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(1, clock);
    await limiter.acquire();
    const ctl = new AbortController();
    const second = limiter.acquire(ctl.signal);
    let thirdAt: number | undefined;
    const third = limiter.acquire().then(() => (thirdAt = clock.now() - 1_000_000));
    await flush();
    assert.equal(limiter.waiting, 2);
    const reason = new Error('stopped by the user');
    ctl.abort(reason);
    await assert.rejects(second, (e) => e === reason);
    assert.equal(limiter.waiting, 1, 'the cancelled request left the queue');
    await clock.advance(1000);
    await third;
    assert.equal(thirdAt, 1000, 'the third took the cancelled one\'s turn (not a second later)');
  });

  it('an already aborted signal rejects without taking a turn', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(1, clock);
    const ctl = new AbortController();
    ctl.abort('gone');
    await assert.rejects(limiter.acquire(ctl.signal), (e) => e === 'gone');
    let granted = false;
    void limiter.acquire().then(() => (granted = true));
    await flush();
    assert.ok(granted, 'the turn was still free');
  });

  it('0 means no limit; raising the limit lets waiters through at once; 0.5/s is one every 2 s', async () => {
    const clock = new ManualClock();
    const off = new RateLimiter(0, clock);
    let n = 0;
    await Promise.all(Array.from({ length: 50 }, () => off.acquire().then(() => n++)));
    assert.equal(n, 50);

    const limiter = new RateLimiter(1, clock);
    let done = 0;
    const ps = Array.from({ length: 4 }, () => limiter.acquire().then(() => done++));
    await flush();
    assert.equal(done, 1);
    limiter.setRate(0);
    await Promise.all(ps);
    assert.equal(done, 4);

    const slow = new RateLimiter(0.5, clock);
    const at: number[] = [];
    const qs = Array.from({ length: 3 }, () => slow.acquire().then(() => at.push(clock.now())));
    await flush();
    await clock.advance(4000);
    await Promise.all(qs);
    assert.deepEqual(at.map((t) => t - at[0]), [0, 2000, 4000]);
  });
});

describe('rate limiter in streamChat', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('5 concurrent questions at 2/s: the server never sees 3 within a second; waiting is reported', async () => {
    server.requests.length = 0;
    const limiter = new RateLimiter(2);
    const waits: { perSecond: number; waitMs: number; waiting: boolean }[] = [];
    // When each request was let through: recorded in the same tick as the grant (a log line or the
    // server's arrival time would add event-loop and socket delays that a loaded machine stretches).
    const times: number[] = [];
    const gate: RequestGate = {
      perSecond: limiter.perSecond,
      acquire: async (signal, onWait) => {
        await limiter.acquire(signal, onWait);
        times.push(Date.now());
      },
    };
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        collect(streamChat(config(server, { rateLimiter: gate }), chat(`q${i}`), { onRateLimitWait: (w) => w.waiting && waits.push(w) })),
      ),
    );
    for (const r of results) assert.equal(r.error, undefined, r.error?.message);
    assert.equal(server.requests.filter((r) => r.method === 'POST').length, 5);
    assert.equal(times.length, 5);
    for (let i = 2; i < times.length; i++) {
      assert.ok(times[i] - times[i - 2] >= 990, `requests ${i - 2} and ${i} were let through ${times[i] - times[i - 2]} ms apart`);
    }
    assert.equal(waits.length, 3, 'the 3 that waited were reported');
    assert.ok(waits.every((w) => w.perSecond === 2 && w.waitMs > 0));
  });

  it('stopped while waiting for the limit: ends as aborted and the request is never sent', async () => {
    server.requests.length = 0;
    const limiter = new RateLimiter(1);
    await limiter.acquire(); // the turn of this second is taken
    const ctl = new AbortController();
    let waiting!: () => void;
    const waited = new Promise<void>((r) => (waiting = r));
    const run = collect(streamChat(config(server, { rateLimiter: limiter }), chat('never sent'), { signal: ctl.signal, onRateLimitWait: (w) => w.waiting && waiting() }));
    await waited;
    ctl.abort();
    const r = await run;
    assert.ok(r.error instanceof DeepSeekError);
    assert.equal(r.error.kind, 'aborted');
    assert.equal(limiter.waiting, 0);
    assert.equal(server.requests.filter((q) => q.method === 'POST').length, 0, 'nothing reached the server');
  });
});
