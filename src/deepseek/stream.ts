// streamChat: the async generator tying HTTP, the SSE decoder, retries and timeouts together.
//
// Pull-based: the next network chunk is read only when the consumer has taken every event of the
// previous one. Every wait on the network is raced against the caller's signal and the active timeout,
// and any of those aborts the undici request, which closes the socket.

import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { DeepSeekError, errorCode, errorFromNetwork, errorFromNonStream, errorFromStatus, isNetworkError, redact, tidy } from './errors';
import { chatBody, chatHeaders, DEFAULT_CONNECT_TIMEOUT_MS, endpoint, header, hostOf, post, readCapped, sharedAgent, urlForLog } from './http';
import { parseRetryAfter, retryDelayMs, sleep, type TimeoutPhase } from './retry';
import { SseDecoder } from './sse';
import type { ChatRequest, ClientConfig, ErrorKind, LogEntry, StreamEvent, StreamOptions, Usage } from './types';

export const DEFAULT_FIRST_BYTE_TIMEOUT_MS = 600_000;
export const DEFAULT_MAX_DURATION_MS = 30 * 60_000;
/** After `[DONE]`, how long to wait for the response to end so the connection can be reused. */
const SETTLE_MS = 250;
const SETTLE_BYTES = 64 * 1024;

/**
 * Streams one chat answer. Events: `reasoning` / `content` text as it arrives, then each complete
 * `toolCall` (if any), `usage` (if the server sent it) and `finish`. Ends normally only on a complete answer; everything else throws a
 * DeepSeekError (text already yielded stays yielded).
 */
export function streamChat(config: ClientConfig, request: ChatRequest, options: StreamOptions = {}): AsyncIterable<StreamEvent> {
  return run(config, request, options);
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

async function* run(config: ClientConfig, request: ChatRequest, options: StreamOptions): AsyncGenerator<StreamEvent, void, undefined> {
  const requestId = options.requestId ?? randomUUID();
  const apiKey = config.apiKey ?? '';
  const url = endpoint(config.baseUrl, '/chat/completions');
  const host = hostOf(url);
  const t0 = Date.now();
  // A missing, zero or negative limit means "no limit" (Infinity): never a timer that fires at once.
  const firstByteMs = limitMs(config.firstByteTimeoutMs ?? DEFAULT_FIRST_BYTE_TIMEOUT_MS);
  const idleMs = limitMs(config.idleTimeoutMs);
  const maxDurationMs = limitMs(config.maxDurationMs ?? DEFAULT_MAX_DURATION_MS);

  const log = (entry: LogEntry): void => {
    try {
      config.log?.(entry);
    } catch {
      // a broken log sink must not break the stream
    }
  };
  const fail = (init: ConstructorParameters<typeof DeepSeekError>[0]): DeepSeekError =>
    new DeepSeekError({ ...init, message: redact(init.message, apiKey) });
  const timeoutError = (phase: TimeoutPhase, ms: number): DeepSeekError => {
    const what: Record<TimeoutPhase, string> = {
      connect: `Connecting to ${host} timed out`,
      firstByte: `No answer from ${host} within ${seconds(ms)} (first-token timeout)`,
      idle: `The answer stalled: nothing new from ${host} for ${seconds(ms)} (idle timeout)`,
      duration: `The answer took longer than ${seconds(ms)} (maximum duration)`,
    };
    return fail({ kind: 'timeout', timeout: phase, message: `${what[phase]}.`, requestId });
  };
  const abortedError = (): DeepSeekError => fail({ kind: 'aborted', message: 'The request was stopped.', requestId });

  // `stop` carries the reason the whole stream must end now: the caller's signal or the duration cap.
  const stop = new AbortController();
  const onUserAbort = (): void => stop.abort(abortedError());
  const durationTimer = Number.isFinite(maxDurationMs) ? setTimeout(() => stop.abort(timeoutError('duration', maxDurationMs)), maxDurationMs) : undefined;
  options.signal?.addEventListener('abort', onUserAbort, { once: true });
  if (options.signal?.aborted) onUserAbort();

  let retries = 0;
  let delivered = false; // some content/reasoning reached the consumer: no more retries
  let ttftMs: number | undefined;
  let completionChars = 0;
  let usage: Usage | undefined;
  let outcome: 'ok' | ErrorKind = 'aborted'; // stays `aborted` if the consumer stops iterating early

  try {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      throw fail({ kind: 'invalid', message: 'The base URL is not a valid http(s) URL.', requestId });
    }
    const dispatcher = sharedAgent(config.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
    const headers = chatHeaders(apiKey, requestId);
    const body = chatBody(request);

    for (let attempt = 1; ; attempt++) {
      if (stop.signal.aborted) throw stop.signal.reason;
      const ctl = new AbortController();
      const link = (): void => ctl.abort(stop.signal.reason);
      stop.signal.addEventListener('abort', link, { once: true });

      let res: Dispatcher.ResponseData | undefined;
      let bodySettled = false;
      let progressed = false; // this attempt produced content/reasoning
      let waitedMs = 0; // time spent waiting on the network since the last progress (consumer time excluded)

      /** Awaits a network operation under the first-byte (before progress) or idle (after) budget. */
      const net = async <T>(p: Promise<T>): Promise<T> => {
        const limit = progressed ? idleMs : firstByteMs;
        const phase: TimeoutPhase = progressed ? 'idle' : 'firstByte';
        const started = Date.now();
        try {
          return await guard(p, ctl, limit - waitedMs, () => timeoutError(phase, limit));
        } finally {
          waitedMs += Date.now() - started;
        }
      };

      try {
        if (config.rateLimiter) {
          const gate = config.rateLimiter;
          const tell = (waitMs: number, waiting: boolean): void => {
            try {
              options.onRateLimitWait?.({ perSecond: gate.perSecond, waitMs, waiting });
            } catch {
              // the UI callback must not break the request
            }
          };
          let waited = false;
          // Waiting for our own limit is not the server's time: no first-token timer runs yet.
          await gate.acquire(ctl.signal, (waitMs) => {
            waited = true;
            tell(waitMs, true);
          });
          if (waited) tell(0, false);
        }
        log({ event: 'request', requestId, url: urlForLog(url), model: request.model, attempt });
        const sentAt = Date.now();
        try {
          res = await net(post(url, headers, body, ctl.signal, dispatcher));
        } catch (e) {
          throw toDeepSeekError(e, false);
        }
        const serverRequestId = header(res.headers, 'x-request-id') ?? header(res.headers, 'x-ds-trace-id');
        log({
          event: 'response',
          requestId,
          status: res.statusCode,
          ...(serverRequestId ? { serverRequestId } : {}),
          ms: Date.now() - sentAt,
        });
        const contentType = header(res.headers, 'content-type');

        if (res.statusCode < 200 || res.statusCode >= 300) {
          const text = await net(readCapped(res.body)).catch((e: unknown) => (e instanceof DeepSeekError ? Promise.reject(e) : ''));
          bodySettled = true;
          await poolTurn();
          const retryAfterMs = parseRetryAfterHeader(res.headers);
          throw errorFromStatus({
            status: res.statusCode,
            body: text,
            requestId,
            apiKey,
            ...(contentType !== undefined ? { contentType } : {}),
            ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
          });
        }
        if (!contentType || !/^\s*text\/event-stream/i.test(contentType)) {
          const text = await net(readCapped(res.body)).catch((e: unknown) => (e instanceof DeepSeekError ? Promise.reject(e) : ''));
          bodySettled = true;
          await poolTurn();
          throw errorFromNonStream({ status: res.statusCode, body: text, requestId, apiKey, ...(contentType !== undefined ? { contentType } : {}) });
        }

        const decoder = new SseDecoder();
        let toolChars = 0;
        const chunks = res.body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
        for (;;) {
          let next: IteratorResult<Buffer>;
          try {
            next = await net(chunks.next());
          } catch (e) {
            if (e instanceof DeepSeekError) throw e;
            // A close after the finish reason (without [DONE]) is a complete answer.
            if (decoder.finishReason === undefined) throw toDeepSeekError(e, delivered);
            bodySettled = true;
            next = { done: true, value: undefined };
          }
          if (next.done) bodySettled = true;
          const events = next.done ? decoder.end() : decoder.push(next.value);
          // Tool-call fragments yield nothing until the answer ends, but they are real progress.
          if (decoder.toolCallChars > toolChars) {
            toolChars = decoder.toolCallChars;
            progressed = true;
            waitedMs = 0;
            ttftMs ??= Date.now() - t0;
          }
          for (const ev of events) {
            if (stop.signal.aborted) throw stop.signal.reason;
            if (ev.type === 'content' || ev.type === 'reasoning') {
              progressed = true;
              delivered = true;
              waitedMs = 0;
              ttftMs ??= Date.now() - t0;
              completionChars += ev.text.length;
            } else if (ev.type === 'usage') {
              usage = ev.usage;
            }
            yield ev;
          }
          const failure = decoder.failure;
          if (failure) throw fail({ ...failure, requestId });
          if (decoder.done) break;
        }
        if (!bodySettled) bodySettled = await settle(chunks);
        if (bodySettled) await poolTurn();
        outcome = 'ok';
        return;
      } catch (e) {
        const err = toDeepSeekError(e, delivered);
        if (!delivered && err.retryable && retries < config.maxRetries && !stop.signal.aborted) {
          const delayMs = retryDelayMs(retries, config, err.retryAfterMs);
          if (Date.now() - t0 + delayMs < maxDurationMs) {
            retries++;
            try {
              options.onRetry?.({
                attempt: retries,
                delayMs,
                error: { kind: err.kind, message: redact(err.message, apiKey), ...(err.status !== undefined ? { status: err.status } : {}) },
              });
            } catch {
              // the UI callback must not break the retry
            }
            log({ event: 'retry', requestId, attempt: retries, delayMs, kind: err.kind, ...(err.status !== undefined ? { status: err.status } : {}) });
            await sleep(delayMs, stop.signal);
            continue;
          }
        }
        throw err;
      } finally {
        stop.signal.removeEventListener('abort', link);
        if (res && !bodySettled) res.body.destroy(); // closes the socket (abort, early break, errors)
      }
    }
  } catch (e) {
    const err = toDeepSeekError(e, delivered);
    const safe = redact(err.message, apiKey);
    if (safe !== err.message) {
      err.message = safe;
      if (err.stack) err.stack = redact(err.stack, apiKey);
    }
    outcome = err.kind;
    throw err;
  } finally {
    clearTimeout(durationTimer);
    options.signal?.removeEventListener('abort', onUserAbort);
    log({
      event: 'done',
      requestId,
      outcome,
      ...(ttftMs !== undefined ? { ttftMs } : {}),
      durationMs: Date.now() - t0,
      completionChars,
      ...(usage ? { usage } : {}),
      retries,
    });
  }

  /** Any thrown value → DeepSeekError. `afterAnswerStarted`: text was already delivered. */
  function toDeepSeekError(e: unknown, afterAnswerStarted: boolean): DeepSeekError {
    if (e instanceof DeepSeekError) return e;
    if (isNetworkError(e)) return errorFromNetwork(e, { host, requestId, afterAnswerStarted });
    const message = e instanceof Error ? e.message : String(e);
    if (errorCode(e) === 'UND_ERR_INVALID_ARG') {
      // e.g. an API key with a line break or non-ASCII characters cannot go into a header
      return fail({ kind: 'invalid', message: tidy(`The request could not be sent: ${message}. Check the API key and base URL.`), requestId, cause: e });
    }
    return fail({
      kind: 'network',
      message: tidy(`Request to ${host} failed: ${message}`),
      requestId,
      retryable: false,
      cause: e,
    });
  }
}

/**
 * undici hands a finished keep-alive socket back to its pool one event-loop turn after the response
 * ends (setImmediate); waiting for that lets a follow-up request reuse the connection.
 */
function poolTurn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

function parseRetryAfterHeader(headers: Dispatcher.ResponseData['headers']): number | undefined {
  return parseRetryAfter(header(headers, 'retry-after'));
}

/**
 * Races a network operation against the attempt's controller and a timeout; the timeout aborts the
 * controller (which makes undici close the socket). Rejects with the controller's reason on abort.
 */
/** A usable timer length: positive and finite (capped at setTimeout's maximum), else Infinity = no limit. */
function limitMs(ms: number | undefined): number {
  if (typeof ms !== 'number' || !(ms > 0)) return Infinity;
  return Math.min(ms, MAX_TIMER_MS);
}

const MAX_TIMER_MS = 2 ** 31 - 1;

function guard<T>(p: Promise<T>, ctl: AbortController, timeoutMs: number, onTimeout: () => DeepSeekError): Promise<T> {
  const signal = ctl.signal;
  if (signal.aborted) {
    p.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const timer = Number.isFinite(timeoutMs) ? setTimeout(() => ctl.abort(onTimeout()), Math.max(0, timeoutMs)) : undefined;
    const onAbort = (): void => {
      cleanup();
      reject(signal.reason);
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        cleanup();
        if (signal.aborted) reject(signal.reason);
        else resolve(v);
      },
      (e: unknown) => {
        cleanup();
        reject(signal.aborted ? signal.reason : e);
      },
    );
  });
}

/**
 * After `[DONE]`: reads what is left of the response (normally just the end of the chunked body) for
 * a short while so undici can reuse the connection. Returns false if the body had to be dropped.
 */
async function settle(chunks: AsyncIterator<Buffer>): Promise<boolean> {
  const deadline = Date.now() + SETTLE_MS;
  let bytes = 0;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0 || bytes > SETTLE_BYTES) return false;
    let timer: NodeJS.Timeout | undefined;
    const next = chunks.next();
    next.catch(() => undefined);
    const r = await Promise.race([
      next,
      new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), left);
      }),
    ]).catch(() => 'late' as const);
    clearTimeout(timer);
    if (r === 'late') return false;
    if (r.done) return true;
    bytes += r.value.length;
  }
}
