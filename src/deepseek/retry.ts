// The retry policy, in one place: which failures are retried, how long to wait, and an abortable sleep.
// Pure apart from `sleep`; the random source is injectable so tests can pin the jitter.

import type { ErrorKind } from './types';

/** HTTP statuses worth another attempt: rate limit and transient server failures. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** Which timeout fired. Only a connect timeout is retried (nothing reached the server). */
export type TimeoutPhase = 'connect' | 'firstByte' | 'idle' | 'duration';

export const DEFAULT_RETRY_MAX_DELAY_MS = 30_000;

/**
 * Whether a failure of this shape may be retried automatically (before any answer text was delivered).
 * 429/500/502/503/504, network failures and connect timeouts; never 400/401/402/422, never stream
 * semantics errors (truncated, interrupted, protocol), never other timeouts, never an abort.
 */
export function isRetryable(kind: ErrorKind, status?: number, timeout?: TimeoutPhase): boolean {
  if (kind === 'network') return true;
  if (kind === 'timeout') return timeout === 'connect';
  if (kind === 'rate_limit' || kind === 'server') return status !== undefined && RETRYABLE_STATUSES.has(status);
  return false;
}

/**
 * Full-jitter exponential backoff: `random(0, min(maxDelayMs, baseDelayMs * 2 ** retryIndex))`.
 * `retryIndex` is 0 for the first retry, 1 for the second, …
 */
export function backoffDelayMs(
  retryIndex: number,
  baseDelayMs: number,
  maxDelayMs: number = DEFAULT_RETRY_MAX_DELAY_MS,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, retryIndex));
  if (!(ceiling > 0)) return 0;
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * ceiling);
}

/**
 * `Retry-After` as milliseconds: either delay-seconds (`"1"`, `"1.5"`) or an HTTP date.
 * Returns undefined for a missing or unparsable value; a date in the past gives 0.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // HTTP-date (IMF-fixdate and the obsolete formats Date.parse understands). Needs a letter to be a date.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** The wait before the retry with this 0-based index: an honoured Retry-After (capped) or the jittered backoff. */
export function retryDelayMs(
  retryIndex: number,
  policy: { retryBaseDelayMs: number; retryMaxDelayMs?: number },
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const max = policy.retryMaxDelayMs ?? DEFAULT_RETRY_MAX_DELAY_MS;
  if (retryAfterMs !== undefined) return Math.min(Math.max(0, retryAfterMs), max);
  return backoffDelayMs(retryIndex, policy.retryBaseDelayMs, max, random);
}

/** Resolves after `ms`, or rejects with `signal.reason` as soon as the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
