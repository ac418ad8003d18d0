// Edges of the retry policy (src/deepseek/retry.ts) that retry.test.ts leaves open: only rate-limit and
// server failures are retried by status, a degenerate backoff ceiling waits nothing, multi-decimal
// Retry-After seconds, and the abortable sleep leaving no abort listener behind.

import * as assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { backoffDelayMs, isRetryable, parseRetryAfter, sleep } from '../../src/deepseek/retry';

describe('retry: policy edges', () => {
  it('a retryable status alone does not make other failure kinds retryable', () => {
    // The status only matters for rate_limit/server; a stream or auth failure carrying 429/503 stays final.
    for (const kind of ['auth', 'balance', 'invalid', 'truncated', 'interrupted', 'aborted', 'protocol'] as const) {
      assert.equal(isRetryable(kind, 429), false, `${kind} with 429`);
      assert.equal(isRetryable(kind, 503), false, `${kind} with 503`);
    }
  });

  it('a rate_limit/server failure with no status or a non-retryable status is not retried', () => {
    assert.equal(isRetryable('rate_limit'), false);
    assert.equal(isRetryable('server'), false);
    assert.equal(isRetryable('server', 501), false);
    assert.equal(isRetryable('rate_limit', 400), false);
    assert.equal(isRetryable('server', 503), true, 'control: a retryable status is retried');
  });

  it('a negative or NaN backoff ceiling waits 0 ms, never a negative or NaN delay', () => {
    // A bad setting (negative base or max, NaN) must not reach setTimeout as a negative/NaN wait.
    assert.equal(backoffDelayMs(0, -100, 30_000, () => 0.5), 0);
    assert.equal(backoffDelayMs(2, 100, -1_000, () => 0.5), 0);
    assert.equal(backoffDelayMs(0, Number.NaN, 30_000, () => 0.5), 0);
    assert.equal(backoffDelayMs(0, 100, Number.NaN, () => 0.5), 0);
  });

  it('Retry-After: empty or whitespace gives undefined, several decimals are kept', () => {
    assert.equal(parseRetryAfter('', 0), undefined);
    assert.equal(parseRetryAfter('   ', 0), undefined);
    assert.equal(parseRetryAfter([' \t'], 0), undefined);
    assert.equal(parseRetryAfter('1.25', 0), 1250);
    assert.equal(parseRetryAfter('0.125', 0), 125);
    assert.equal(parseRetryAfter('2.0005', 0), 2001, 'rounded to whole ms');
  });
});

describe('retry: abortable sleep clean-up', () => {
  it('a finished sleep leaves no abort listener, and a later abort is harmless', async () => {
    const controller = new AbortController();
    await sleep(0, controller.signal);
    // A listener left behind would pin the closure for the signal's lifetime (one per retry).
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
    controller.abort(new Error('late'));
    assert.equal(controller.signal.aborted, true);
  });

  it('an aborted sleep rejects with the reason and leaves no abort listener', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    const pending = sleep(60_000, controller.signal);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 1, 'control: listening while asleep');
    controller.abort(reason);
    await assert.rejects(pending, (e) => e === reason);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });

  it('several sleeps on one long-lived signal do not accumulate listeners', async () => {
    const controller = new AbortController();
    for (let i = 0; i < 3; i++) await sleep(0, controller.signal);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });
});
