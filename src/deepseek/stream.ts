// streamChat: the async generator tying HTTP, the SSE decoder, retries and timeouts together.
//
// Pull-based: the next network chunk is read only when the consumer has taken every event of the
// previous one. Every wait on the network is raced against the caller's signal and the active timeout,
// and any of those aborts the undici request, which closes the socket.
//
// Layout: `run` drives the attempts. `Call` is what one streamChat call knows up front (ids, endpoint,
// limits) plus the log and error helpers every step shares; `Stats` collects the numbers of the final
// `done` log entry; `Attempt` is one HTTP request (send, read, close); `retryDelayFor` and
// `announceRetry` are the retry decision.

import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { DeepSeekError, errorCode, errorFromNetwork, errorFromNonStream, errorFromStatus, isNetworkError, redact, tidy } from './errors';
import { chatBody, chatHeaders, DEFAULT_CONNECT_TIMEOUT_MS, endpoint, header, hostOf, post, readCapped, sharedAgent, urlForLog } from './http';
import type { RequestGate } from './rateLimit';
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
  return streamRequest(config, { url: endpoint(config.baseUrl, '/chat/completions'), model: request.model, body: chatBody(request) }, options);
}

/** What one streamed POST sends: the full endpoint URL, the model (for the log) and the JSON body. */
export interface RequestSpec {
  url: string;
  model: string;
  body: string;
}

/** The attempts, timeouts, retries and socket handling of streamChat for any streamed POST (FIM uses it). */
export function streamRequest(config: ClientConfig, spec: RequestSpec, options: StreamOptions = {}): AsyncIterable<StreamEvent> {
  return run(config, spec, options);
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

/** Attempts until one streams a complete answer, a failure is not retried, or the stream is stopped. */
async function* run(config: ClientConfig, spec: RequestSpec, options: StreamOptions): AsyncGenerator<StreamEvent, void, undefined> {
  const call = new Call(config, options, spec.url);
  const stats = new Stats(call.t0);
  const stop = watchStop(call);
  try {
    const target = prepareTarget(call, spec);
    for (let attempt = 1; ; attempt++) {
      if (stop.signal.aborted) throw stop.signal.reason;
      const current = new Attempt(call, stats, stop.signal);
      try {
        const gate = config.rateLimiter;
        if (gate) await current.waitForTurn(gate);
        const res = await current.send(target, attempt);
        yield* current.read(res);
        stats.outcome = 'ok';
        return;
      } catch (e) {
        const err = call.toDeepSeekError(e, stats.delivered);
        const delayMs = retryDelayFor(err, call, stats, stop.signal);
        if (delayMs === undefined) throw err;
        announceRetry(err, delayMs, call, stats);
        // Still inside the attempt: its socket is only released (finally) once the wait is over.
        await sleep(delayMs, stop.signal);
      } finally {
        current.close();
      }
    }
  } catch (e) {
    const err = call.finalError(e, stats.delivered);
    stats.outcome = err.kind;
    throw err;
  } finally {
    stop.dispose();
    call.log(stats.doneEntry(call.requestId));
  }
}

/** What one streamChat call knows up front, and the log and error helpers every step shares. */
class Call {
  readonly requestId: string;
  readonly apiKey: string;
  readonly url: string;
  /** host:port, the only part of the URL that error messages name. */
  readonly host: string;
  readonly t0: number;
  readonly firstByteMs: number;
  readonly idleMs: number;
  readonly maxDurationMs: number;

  constructor(
    readonly config: ClientConfig,
    readonly options: StreamOptions,
    url: string,
  ) {
    this.requestId = options.requestId ?? randomUUID();
    this.apiKey = config.apiKey ?? '';
    this.url = url;
    this.host = hostOf(this.url);
    this.t0 = Date.now();
    // A missing, zero or negative limit means "no limit" (Infinity): never a timer that fires at once.
    this.firstByteMs = limitMs(config.firstByteTimeoutMs ?? DEFAULT_FIRST_BYTE_TIMEOUT_MS);
    this.idleMs = limitMs(config.idleTimeoutMs);
    this.maxDurationMs = limitMs(config.maxDurationMs ?? DEFAULT_MAX_DURATION_MS);
  }

  log(entry: LogEntry): void {
    try {
      this.config.log?.(entry);
    } catch {
      // a broken log sink must not break the stream
    }
  }

  /** A DeepSeekError whose message cannot carry the key. */
  fail(init: ConstructorParameters<typeof DeepSeekError>[0]): DeepSeekError {
    return new DeepSeekError({ ...init, message: redact(init.message, this.apiKey) });
  }

  timeoutError(phase: TimeoutPhase, ms: number): DeepSeekError {
    const what: Record<TimeoutPhase, string> = {
      connect: `Connecting to ${this.host} timed out`,
      firstByte: `No answer from ${this.host} within ${seconds(ms)} (first-token timeout)`,
      idle: `The answer stalled: nothing new from ${this.host} for ${seconds(ms)} (idle timeout)`,
      duration: `The answer took longer than ${seconds(ms)} (maximum duration)`,
    };
    return this.fail({ kind: 'timeout', timeout: phase, message: `${what[phase]}.`, requestId: this.requestId });
  }

  abortedError(): DeepSeekError {
    return this.fail({ kind: 'aborted', message: 'The request was stopped.', requestId: this.requestId });
  }

  /** Any thrown value → DeepSeekError. `afterAnswerStarted`: text was already delivered. */
  toDeepSeekError(e: unknown, afterAnswerStarted: boolean): DeepSeekError {
    if (e instanceof DeepSeekError) return e;
    if (isNetworkError(e)) return errorFromNetwork(e, { host: this.host, requestId: this.requestId, afterAnswerStarted });
    const message = e instanceof Error ? e.message : String(e);
    if (errorCode(e) === 'UND_ERR_INVALID_ARG') {
      // e.g. an API key with a line break or non-ASCII characters cannot go into a header
      const text = tidy(`The request could not be sent: ${message}. Check the API key and base URL.`);
      return this.fail({ kind: 'invalid', message: text, requestId: this.requestId, cause: e });
    }
    return this.fail({
      kind: 'network',
      message: tidy(`Request to ${this.host} failed: ${message}`),
      requestId: this.requestId,
      retryable: false,
      cause: e,
    });
  }

  /** The error the stream ends with; its message and stack are scrubbed of the key (a cause's text may carry it). */
  finalError(e: unknown, delivered: boolean): DeepSeekError {
    const err = this.toDeepSeekError(e, delivered);
    const safe = redact(err.message, this.apiKey);
    if (safe !== err.message) {
      err.message = safe;
      if (err.stack) err.stack = redact(err.stack, this.apiKey);
    }
    return err;
  }
}

/** The numbers of the final `done` log entry, and whether text reached the consumer (which ends retrying). */
class Stats {
  retries = 0;
  /** Some content/reasoning reached the consumer: no more retries. */
  delivered = false;
  ttftMs: number | undefined;
  completionChars = 0;
  usage: Usage | undefined;
  /** Stays `aborted` if the consumer stops iterating early. */
  outcome: 'ok' | ErrorKind = 'aborted';

  constructor(private readonly t0: number) {}

  /** The first real progress (text or tool-call fragments) of any attempt is the time to first token. */
  firstProgress(): void {
    this.ttftMs ??= Date.now() - this.t0;
  }

  /** Counts an event about to be yielded to the consumer. */
  count(ev: StreamEvent): void {
    if (ev.type === 'content' || ev.type === 'reasoning') {
      this.delivered = true;
      this.completionChars += ev.text.length;
    } else if (ev.type === 'usage') {
      this.usage = ev.usage;
    }
  }

  doneEntry(requestId: string): LogEntry {
    return {
      event: 'done',
      requestId,
      outcome: this.outcome,
      ...(this.ttftMs !== undefined ? { ttftMs: this.ttftMs } : {}),
      durationMs: Date.now() - this.t0,
      completionChars: this.completionChars,
      ...(this.usage ? { usage: this.usage } : {}),
      retries: this.retries,
    };
  }
}

/**
 * `signal` aborts with the reason the whole stream must end now: the caller's signal or the duration
 * cap. `dispose` stops watching both.
 */
function watchStop(call: Call): { signal: AbortSignal; dispose: () => void } {
  const stop = new AbortController();
  const onUserAbort = (): void => stop.abort(call.abortedError());
  const maxMs = call.maxDurationMs;
  const durationTimer = Number.isFinite(maxMs) ? setTimeout(() => stop.abort(call.timeoutError('duration', maxMs)), maxMs) : undefined;
  const userSignal = call.options.signal;
  userSignal?.addEventListener('abort', onUserAbort, { once: true });
  if (userSignal?.aborted) onUserAbort();
  return {
    signal: stop.signal,
    dispose: () => {
      clearTimeout(durationTimer);
      userSignal?.removeEventListener('abort', onUserAbort);
    },
  };
}

/** What every attempt sends: the same URL, connection pool, headers (with the request id) and body. */
interface Target {
  url: string;
  model: string;
  dispatcher: Dispatcher;
  headers: Record<string, string>;
  body: string;
}

/** Checks the base URL (a bad one is a config error, not a crash) and builds the request once for all attempts. */
function prepareTarget(call: Call, spec: RequestSpec): Target {
  if (!isHttpUrl(call.url)) {
    throw call.fail({ kind: 'invalid', message: 'The base URL is not a valid http(s) URL.', requestId: call.requestId });
  }
  return {
    url: call.url,
    model: spec.model,
    dispatcher: sharedAgent(call.config.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS),
    headers: chatHeaders(call.apiKey, call.requestId),
    body: spec.body,
  };
}

function isHttpUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:';
}

/**
 * One HTTP request of the call. Its own controller (aborted by `stop`, or by a timeout) cancels only
 * this request; its network-wait budget is first-byte until the first progress, then idle.
 */
class Attempt {
  private readonly ctl = new AbortController();
  private readonly unlink: () => void;
  private res: Dispatcher.ResponseData | undefined;
  /** The body was read to its end (or dropped by readCapped): nothing left to destroy. */
  private bodySettled = false;
  /** This attempt produced content, reasoning or tool-call fragments. */
  private progressed = false;
  /** Time spent waiting on the network since the last progress (consumer time excluded). */
  private waitedMs = 0;

  constructor(
    private readonly call: Call,
    private readonly stats: Stats,
    private readonly stop: AbortSignal,
  ) {
    const link = (): void => this.ctl.abort(stop.reason);
    stop.addEventListener('abort', link, { once: true });
    this.unlink = () => stop.removeEventListener('abort', link);
  }

  /** Waits for the client-side request limit, telling the UI when a wait starts and when it is over. */
  async waitForTurn(gate: RequestGate): Promise<void> {
    const tell = (waitMs: number, waiting: boolean): void => {
      try {
        this.call.options.onRateLimitWait?.({ perSecond: gate.perSecond, waitMs, waiting });
      } catch {
        // the UI callback must not break the request
      }
    };
    let waited = false;
    // Waiting for our own limit is not the server's time: no first-token timer runs yet.
    await gate.acquire(this.ctl.signal, (waitMs) => {
      waited = true;
      tell(waitMs, true);
    });
    if (waited) tell(0, false);
  }

  /** Sends the request; returns the response if it is a 2xx event stream, else throws the error it amounts to. */
  async send(target: Target, attempt: number): Promise<Dispatcher.ResponseData> {
    const { call } = this;
    call.log({ event: 'request', requestId: call.requestId, url: urlForLog(target.url), model: target.model, attempt });
    const sentAt = Date.now();
    let res: Dispatcher.ResponseData;
    try {
      res = await this.net(post(target.url, target.headers, target.body, this.ctl.signal, target.dispatcher));
    } catch (e) {
      throw call.toDeepSeekError(e, false);
    }
    this.res = res;
    const serverRequestId = header(res.headers, 'x-request-id') ?? header(res.headers, 'x-ds-trace-id');
    call.log({ event: 'response', requestId: call.requestId, status: res.statusCode, ...(serverRequestId ? { serverRequestId } : {}), ms: Date.now() - sentAt });
    const contentType = header(res.headers, 'content-type');
    const withType = contentType !== undefined ? { contentType } : {};

    if (res.statusCode < 200 || res.statusCode >= 300) {
      const text = await this.readErrorBody(res);
      const retryAfterMs = parseRetryAfterHeader(res.headers);
      throw errorFromStatus({
        status: res.statusCode,
        body: text,
        requestId: call.requestId,
        apiKey: call.apiKey,
        ...withType,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      });
    }
    if (!contentType || !/^\s*text\/event-stream/i.test(contentType)) {
      const text = await this.readErrorBody(res);
      throw errorFromNonStream({ status: res.statusCode, body: text, requestId: call.requestId, apiKey: call.apiKey, ...withType });
    }
    return res;
  }

  /**
   * Reads (the start of) a body that is not an answer, for the error message, to its end so the
   * connection can be reused. A failed read gives '', unless it was our own timeout or abort.
   */
  private async readErrorBody(res: Dispatcher.ResponseData): Promise<string> {
    const text = await this.net(readCapped(res.body)).catch((e: unknown) => (e instanceof DeepSeekError ? Promise.reject(e) : ''));
    this.bodySettled = true;
    await poolTurn();
    return text;
  }

  /**
   * Yields the answer's events one network chunk at a time, then releases the connection. Throws the
   * stream's failure (after the events before it), a timeout, or the stop reason.
   */
  async *read(res: Dispatcher.ResponseData): AsyncGenerator<StreamEvent, void, undefined> {
    const decoder = new SseDecoder();
    let toolChars = 0;
    const chunks = res.body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    for (;;) {
      const next = await this.nextChunk(chunks, decoder);
      const events = next.done ? decoder.end() : decoder.push(next.value);
      // Tool-call fragments yield nothing until the answer ends, but they are real progress.
      if (decoder.toolCallChars > toolChars) {
        toolChars = decoder.toolCallChars;
        this.markProgress();
      }
      for (const ev of events) {
        if (this.stop.aborted) throw this.stop.reason;
        if (ev.type === 'content' || ev.type === 'reasoning') this.markProgress();
        this.stats.count(ev);
        yield ev;
      }
      const failure = decoder.failure;
      if (failure) throw this.call.fail({ ...failure, requestId: this.call.requestId });
      if (decoder.done) break;
    }
    if (!this.bodySettled) this.bodySettled = await settle(chunks);
    if (this.bodySettled) await poolTurn();
  }

  /** The next network chunk, under the active timeout. */
  private async nextChunk(chunks: AsyncIterator<Buffer>, decoder: SseDecoder): Promise<IteratorResult<Buffer>> {
    let next: IteratorResult<Buffer>;
    try {
      next = await this.net(chunks.next());
    } catch (e) {
      if (e instanceof DeepSeekError) throw e;
      // A close after the finish reason (without [DONE]) is a complete answer.
      if (decoder.finishReason === undefined) throw this.call.toDeepSeekError(e, this.stats.delivered);
      next = { done: true, value: undefined };
    }
    if (next.done) this.bodySettled = true;
    return next;
  }

  /** Real progress: the wait budget starts over, and is the idle one from now on. */
  private markProgress(): void {
    this.progressed = true;
    this.waitedMs = 0;
    this.stats.firstProgress();
  }

  /** Awaits a network operation under the first-byte (before progress) or idle (after) budget. */
  private async net<T>(p: Promise<T>): Promise<T> {
    const limit = this.progressed ? this.call.idleMs : this.call.firstByteMs;
    const phase: TimeoutPhase = this.progressed ? 'idle' : 'firstByte';
    const started = Date.now();
    try {
      return await guard(p, this.ctl, limit - this.waitedMs, () => this.call.timeoutError(phase, limit));
    } finally {
      this.waitedMs += Date.now() - started;
    }
  }

  /** Stops following `stop`, and closes the socket unless the body was read to its end (abort, early break, errors). */
  close(): void {
    this.unlink();
    if (this.res && !this.bodySettled) this.res.body.destroy();
  }
}

/**
 * The wait before the next attempt, or undefined if this failure ends the stream. Retried: only
 * retryable failures, before any text reached the consumer, within maxRetries, while not stopped,
 * and only if the wait (Retry-After, else jittered backoff) still ends within the duration cap.
 */
function retryDelayFor(err: DeepSeekError, call: Call, stats: Stats, stop: AbortSignal): number | undefined {
  const allowed = !stats.delivered && err.retryable && stats.retries < call.config.maxRetries && !stop.aborted;
  if (!allowed) return undefined;
  const delayMs = retryDelayMs(stats.retries, call.config, err.retryAfterMs);
  return Date.now() - call.t0 + delayMs < call.maxDurationMs ? delayMs : undefined;
}

/** Counts the retry and tells the UI (onRetry, e.g. "Retrying in 2 s…") and the log, before the wait. */
function announceRetry(err: DeepSeekError, delayMs: number, call: Call, stats: Stats): void {
  stats.retries++;
  const status = err.status !== undefined ? { status: err.status } : {};
  try {
    call.options.onRetry?.({ attempt: stats.retries, delayMs, error: { kind: err.kind, message: redact(err.message, call.apiKey), ...status } });
  } catch {
    // the UI callback must not break the retry
  }
  call.log({ event: 'retry', requestId: call.requestId, attempt: stats.retries, delayMs, kind: err.kind, ...status });
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

/** A usable timer length: positive and finite (capped at setTimeout's maximum), else Infinity = no limit. */
function limitMs(ms: number | undefined): number {
  if (typeof ms !== 'number' || !(ms > 0)) return Infinity;
  return Math.min(ms, MAX_TIMER_MS);
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Races a network operation against the attempt's controller and a timeout; the timeout aborts the
 * controller (which makes undici close the socket). Rejects with the controller's reason on abort.
 */
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
