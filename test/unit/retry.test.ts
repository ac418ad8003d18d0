// The retry policy (src/deepseek/retry.ts) as pure functions: jitter bounds with an injected random
// source, Retry-After parsing and capping, which failures are retryable, the abortable sleep.

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { backoffDelayMs, isRetryable, parseRetryAfter, retryDelayMs, sleep } from '../../src/deepseek/retry';

describe('retry: policy (pure)', () => {
  it('full jitter: random 0 → 0, random just below 1 → just below the exponential ceiling', () => {
    assert.equal(backoffDelayMs(0, 100, 30_000, () => 0), 0);
    assert.equal(backoffDelayMs(0, 100, 30_000, () => 0.999999), 99);
    assert.equal(backoffDelayMs(1, 100, 30_000, () => 0.999999), 199);
    assert.equal(backoffDelayMs(3, 100, 30_000, () => 0.5), 400);
  });

  it('the ceiling is min(max, base * 2^attempt)', () => {
    assert.equal(backoffDelayMs(10, 100, 5_000, () => 0.999999), 4999);
    assert.equal(backoffDelayMs(60, 1000, 30_000, () => 0.5), 15_000);
    assert.equal(backoffDelayMs(2, 100, undefined, () => 0.5), 200, 'default max 30 s does not cap small delays');
  });

  it('property: always within [0, min(max, base * 2^attempt)] for any random in [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 120_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, base, max, r) => {
        const d = backoffDelayMs(attempt, base, max, () => r);
        const ceiling = Math.min(max, base * 2 ** attempt);
        assert.ok(d >= 0 && d <= ceiling, `${d} not in [0, ${ceiling}]`);
        assert.ok(Number.isInteger(d));
      }),
    );
  });

  it('uses the injected random source (different randoms → different delays)', () => {
    const seen = new Set([0.1, 0.4, 0.7].map((r) => backoffDelayMs(2, 1000, 30_000, () => r)));
    assert.deepEqual([...seen], [400, 1600, 2800]);
  });

  it('Retry-After: delay-seconds, decimals, HTTP dates, past dates, garbage', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    assert.equal(parseRetryAfter('1', now), 1000);
    assert.equal(parseRetryAfter(' 120 ', now), 120_000);
    assert.equal(parseRetryAfter('1.5', now), 1500);
    assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', now), 5000);
    assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now), 0);
    assert.equal(parseRetryAfter(['3', '9'], now), 3000);
    assert.equal(parseRetryAfter(undefined, now), undefined);
    assert.equal(parseRetryAfter('', now), undefined);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter('-5', now), undefined);
  });

  it('edges: a random source outside [0, 1] is clamped, a negative index is the first retry, no base no wait', () => {
    assert.equal(backoffDelayMs(0, 100, 30_000, () => 1.5), 100);
    assert.equal(backoffDelayMs(0, 100, 30_000, () => -1), 0);
    assert.equal(backoffDelayMs(-3, 100, 30_000, () => 0.5), 50);
    assert.equal(backoffDelayMs(2, 0, 30_000, () => 0.5), 0);
    assert.equal(backoffDelayMs(2, 100, 0, () => 0.5), 0);
    assert.equal(retryDelayMs(0, { retryBaseDelayMs: 100 }, -50), 0, 'a negative Retry-After waits nothing');
    assert.equal(retryDelayMs(0, { retryBaseDelayMs: 100, retryMaxDelayMs: 10_000 }, 0), 0);
    assert.equal(parseRetryAfter('12 seconds', 0), undefined, 'a number with words is no date either');
  });

  it('sleep resolves after its time (a negative time at once) when not aborted', async () => {
    const ac = new AbortController();
    await sleep(5, ac.signal);
    await sleep(-5);
    ac.abort(new Error('late'));
  });

  it('retryDelayMs honours Retry-After, capped at retryMaxDelayMs; else jitter', () => {
    assert.equal(retryDelayMs(0, { retryBaseDelayMs: 100 }, 1000, () => 0), 1000);
    assert.equal(retryDelayMs(0, { retryBaseDelayMs: 100, retryMaxDelayMs: 500 }, 60_000), 500);
    assert.equal(retryDelayMs(0, { retryBaseDelayMs: 100 }, 120_000), 30_000, 'default cap 30 s');
    assert.equal(retryDelayMs(2, { retryBaseDelayMs: 100 }, undefined, () => 0.5), 200);
  });

  it('retryable: 429, 500, 502, 503, 504, network, connect timeout; nothing else', () => {
    for (const s of [429, 500, 502, 503, 504]) assert.equal(isRetryable(s === 429 ? 'rate_limit' : 'server', s), true, `${s}`);
    for (const [kind, s] of [['invalid', 400], ['auth', 401], ['balance', 402], ['invalid', 404], ['invalid', 422], ['server', 501], ['server', 505]] as const) {
      assert.equal(isRetryable(kind, s), false, `${s}`);
    }
    assert.equal(isRetryable('network'), true);
    assert.equal(isRetryable('timeout', undefined, 'connect'), true);
    for (const t of ['firstByte', 'idle', 'duration'] as const) assert.equal(isRetryable('timeout', undefined, t), false, t);
    for (const k of ['truncated', 'interrupted', 'aborted', 'protocol'] as const) assert.equal(isRetryable(k), false, k);
    assert.equal(isRetryable('server'), false, 'an in-stream server error without a status is not retried');
  });

  it('sleep is abortable and rejects with the signal reason', async () => {
    const ac = new AbortController();
    const started = Date.now();
    const p = sleep(10_000, ac.signal);
    setTimeout(() => ac.abort(new Error('stop now')), 20);
    await assert.rejects(p, /stop now/);
    assert.ok(Date.now() - started < 9_000, 'the 10 s sleep ran out before the abort ended it');
    await assert.rejects(sleep(10, ac.signal), /stop now/, 'an already aborted signal rejects at once');
    await sleep(5);
  });
});
