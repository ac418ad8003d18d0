// Edge behaviour of the request-rate limiter that the main suite leaves open: what counts as "no limit",
// the exact expected wait told to each waiter, start times several windows ahead, and that cancelled or
// finished waiters leave nothing behind (no slot, no abort listener, no armed timer).

import * as assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { RateLimiter, type Clock } from '../../src/deepseek/rateLimit';

const T0 = 1_000_000;

/**
 * A clock moved by hand (timers fire only in advance()). It also counts reads and notices a
 * clearTimeout of a handle it never issued, so a test can see what the limiter asks of its clock.
 */
class FakeClock implements Clock {
  t = T0;
  reads = 0;
  foreignClears = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private ids = 0;
  now = (): number => {
    this.reads++;
    return this.t;
  };
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = ++this.ids;
    // A non-finite delay never fires (rather than firing at once and looping).
    this.timers.push({ at: Number.isFinite(ms) ? this.t + ms : Infinity, fn, id });
    return id;
  };
  clearTimeout = (handle: unknown): void => {
    if (typeof handle !== 'number' || handle < 1 || handle > this.ids) this.foreignClears++;
    this.timers = this.timers.filter((x) => x.id !== handle);
  };
  /** Timers armed and not yet fired or cleared. */
  get pending(): number {
    return this.timers.length;
  }
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    // Bounded, so a limiter that re-arms forever fails the test instead of hanging it.
    for (let guard = 0; guard < 10_000; guard++) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) {
        this.t = end;
        await flush();
        return;
      }
      this.timers.shift();
      this.t = next.at;
      next.fn();
      await flush();
    }
    throw new Error('timers keep re-arming');
  }
}

const flush = () => new Promise<void>((r) => setImmediate(r));

/** Starts an acquire and records when (relative to T0) it was granted, without awaiting it. */
function track(limiter: RateLimiter, clock: FakeClock, signal?: AbortSignal) {
  const state: { at?: number; rejected?: unknown; waits: number[] } = { waits: [] };
  const p = limiter.acquire(signal, (ms) => state.waits.push(ms)).then(
    () => void (state.at = clock.t - T0),
    (e: unknown) => void (state.rejected = e),
  );
  return Object.assign(state, { done: p });
}

describe('rate limiter edges', () => {
  it('0, negative, NaN and infinite limits all mean "no limit" and report perSecond 0', async () => {
    // -0 included: it must read back as 0, not "-0" (number formatting keeps the sign).
    for (const rate of [0, -0, -1, -0.5, NaN, Infinity, -Infinity]) {
      const clock = new FakeClock();
      const limiter = new RateLimiter(rate, clock);
      assert.equal(limiter.perSecond, 0, `perSecond for ${rate}`);
      const all = Array.from({ length: 5 }, () => track(limiter, clock));
      await flush();
      assert.deepEqual(all.map((s) => s.at), [0, 0, 0, 0, 0], `all start at once for ${rate}`);
      assert.deepEqual(all.flatMap((s) => s.waits), [], `nobody is told to wait for ${rate}`);
      assert.equal(limiter.waiting, 0);
    }
  });

  it('setting an invalid limit lifts the limit and lets the queue through', async () => {
    for (const rate of [-2, NaN, Infinity]) {
      const clock = new FakeClock();
      const limiter = new RateLimiter(1, clock);
      const all = Array.from({ length: 3 }, () => track(limiter, clock));
      await flush();
      assert.equal(limiter.waiting, 2);
      limiter.setRate(rate);
      await flush();
      assert.equal(limiter.perSecond, 0, `perSecond after setRate(${rate})`);
      assert.deepEqual(all.map((s) => s.at), [0, 0, 0], `all through at once after setRate(${rate})`);
      assert.equal(clock.pending, 0, 'no timer left armed');
    }
  });

  it('with no limit, acquiring does not consult the clock (it is free)', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(0, clock);
    const ctl = new AbortController();
    await Promise.all([limiter.acquire(), limiter.acquire(ctl.signal, () => assert.fail('told to wait'))]);
    assert.equal(clock.reads, 0);
    assert.equal(clock.pending, 0);
  });

  it('tells each waiter its exact expected wait, several windows ahead, and starts it exactly then', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(3, clock);
    // Three immediate starts, 100 ms apart, so each slot of the window frees at a different time.
    const first = [];
    for (let i = 0; i < 3; i++) {
      first.push(track(limiter, clock));
      await flush(); // record the start before time moves on
      await clock.advance(100);
    }
    assert.deepEqual(first.map((s) => s.at), [0, 100, 200]);

    // Now at +300: seven more queue up; the k-th reuses slot k % 3, k / 3 windows later.
    const queued = Array.from({ length: 7 }, () => track(limiter, clock));
    await flush();
    assert.deepEqual(queued.map((s) => s.waits), [[700], [800], [900], [1700], [1800], [1900], [2700]]);

    await clock.advance(699); // +999: the first slot frees at +1000, not a millisecond earlier
    assert.equal(queued.filter((s) => s.at !== undefined).length, 0);
    await clock.advance(3000);
    assert.deepEqual(queued.map((s) => s.at), [1000, 1100, 1200, 2000, 2100, 2200, 3000]);
    assert.equal(clock.pending, 0, 'no timer armed once nobody waits');
    assert.equal(clock.foreignClears, 0, 'only timers it armed are cleared');
  });

  it('the expected wait counts from the oldest start still in the window (1/s)', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(1, clock);
    track(limiter, clock);
    await clock.advance(400);
    const second = track(limiter, clock);
    const third = track(limiter, clock);
    await flush();
    assert.deepEqual([second.waits, third.waits], [[600], [1600]]);
    await clock.advance(2000);
    assert.deepEqual([second.at, third.at], [1000, 2000]);
  });
});

describe('rate limiter cancellation and clean-up', () => {
  it('a granted waiter no longer listens on its signal; aborting it later changes nothing', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(1, clock);
    const now = new AbortController();
    const later = new AbortController();
    const a = track(limiter, clock, now.signal);
    const b = track(limiter, clock, later.signal);
    await flush();
    assert.equal(a.at, 0);
    assert.equal(getEventListeners(now.signal, 'abort').length, 0, 'granted at once: listener gone');
    assert.equal(getEventListeners(later.signal, 'abort').length, 1, 'waiting: listens for abort');
    const c = track(limiter, clock);
    await clock.advance(1000);
    assert.equal(b.at, 1000);
    assert.equal(getEventListeners(later.signal, 'abort').length, 0, 'granted after waiting: listener gone');
    later.abort(new Error('too late'));
    now.abort(new Error('too late'));
    await clock.advance(1000);
    assert.equal(b.rejected, undefined);
    assert.equal(c.at, 2000, 'the next one still starts on time');
    assert.equal(clock.foreignClears, 0);
  });

  it('an aborted waiter uses no slot, and when the queue empties no timer stays armed', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(1, clock);
    track(limiter, clock);
    const ctl = new AbortController();
    const w = track(limiter, clock, ctl.signal);
    await flush();
    assert.equal(clock.pending, 1, 'a timer waits for the window');
    ctl.abort('cancelled');
    await flush();
    assert.equal(w.rejected, 'cancelled');
    assert.equal(limiter.waiting, 0);
    assert.equal(clock.pending, 0, 'the cancelled waiter leaves no timer behind');
    assert.equal(getEventListeners(ctl.signal, 'abort').length, 0);
    // The window still holds only the first start: the next request starts when it ends.
    await clock.advance(1000);
    const next = track(limiter, clock);
    await flush();
    assert.equal(next.at, 1000);
    assert.equal(clock.foreignClears, 0);
  });

  it('requests let through while the limit is off do not count once it is back on', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(1, clock);
    track(limiter, clock); // +0, counts against the 1/s window
    const w = track(limiter, clock);
    await clock.advance(500);
    limiter.setRate(0);
    await flush();
    assert.equal(w.at, 500, 'let through when the limit went off');
    await clock.advance(500);
    limiter.setRate(1);
    // At +1000 the +0 start has left the window; the +500 one never counted.
    const next = track(limiter, clock);
    await flush();
    assert.equal(next.at, 1000);
    assert.deepEqual(next.waits, []);
  });
});
