// The long-document loop: streams one answer after another until the model stops, continuing each
// part that ended with finish_reason "length" (chat prefix completion on DeepSeek's `/beta` base, a
// continue prompt elsewhere: see ../continuation.ts), up to `maxContinuations` times. No vscode
// import: it runs in the extension host and in plain-Node tests against the test server.
//
// Seams. The loop never holds the document: the caller's `textSoFar()` gives the prefix for each
// continuation (the writers read it back from the editor or the file, so the host's memory does not
// grow with the document, and a Resume continues from what the user actually has). With prefix
// completion the model resumes mid-text and its output is appended as is. With a continue prompt,
// models often repeat the end of what they already wrote before going on: the start of such a part is
// held back (at most HOLD_CHARS) and an exact repeat of the text's tail, at least MIN_OVERLAP chars
// long, is dropped once. Nothing else is ever dropped; a repeat shorter than MIN_OVERLAP stays.

import { DeepSeekError, streamChat } from '../../../deepseek';
import type { ChatMessage, ChatRequest, ClientConfig, FinishReason, RetryInfo, Usage } from '../../../deepseek/types';
import { continuationFor } from '../../core/common/continuation';

/** Shortest repeat of the text's tail that is taken for a repeat rather than new text. */
export const MIN_OVERLAP = 16;
/** How much of a continue-prompt part is held back to look for a repeat. */
export const HOLD_CHARS = 400;

export interface LoopProgress {
  /** Characters appended so far (this run). */
  chars: number;
  /** Completion tokens: as reported by the server for finished parts (estimated when it sent none), estimated for the current one. */
  tokens: number;
  /** True while part of `tokens` is an estimate (the server reports usage at the end of a part). */
  tokensEstimated: boolean;
  /** Tokens per second of streaming so far. */
  tokensPerSecond: number;
  elapsedMs: number;
  /** 1-based number of the part streaming now; part 1 is the first answer (or the first part of a resume). */
  part: number;
  /** Automatic continuations used so far: the current part is continuation `continuation` (0: not a continuation). */
  continuation: number;
  /** Continuations allowed (the setting). */
  maxContinuations: number;
  /** The model is thinking (reasoning arrives, no document text yet). */
  thinking: boolean;
  /** A retry is pending (rate limit, server error before the part started). */
  retry?: RetryInfo;
}

export type LoopOutcome =
  /** The model finished (finish_reason stop, or another normal end). */
  | { kind: 'done'; finishReason: FinishReason }
  /** The last part still ended with "length" and no continuation was left. */
  | { kind: 'limit' }
  /** Cancelled by the caller; everything that arrived was appended. */
  | { kind: 'stopped' }
  /** A failure (network cut, timeout, server error…): what arrived was appended; resumable. */
  | { kind: 'error'; error: DeepSeekError };

export interface LoopResult {
  outcome: LoopOutcome;
  chars: number;
  /** Parts streamed (requests that produced an answer, including the one that failed). */
  parts: number;
  usage: { completion_tokens: number; prompt_tokens: number };
}

export interface LoopOptions {
  /** Client config (base URL, key, timeouts, retries, log) as the panel uses it: clientConfigFor(). */
  config: ClientConfig;
  model: string;
  /** The question: system and user messages. */
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  maxContinuations: number;
  /** Receives every piece of document text, in order; a returned promise makes the stream wait (backpressure). */
  append(text: string): void | Promise<void>;
  /** The whole document so far, for the prefix of a continuation (written text plus anything the caller holds back). */
  textSoFar(): string | Promise<string>;
  /** Resume: the first request already continues `textSoFar()` (after a cut, a stop or the limit). */
  resume?: boolean;
  signal?: AbortSignal;
  onProgress?(progress: LoopProgress): void;
  /** Called before each request: its 1-based part number and whether it continues a prefix. */
  onPart?(part: number, continuation: boolean): void;
  /** Minimum ms between two onProgress calls for text (part changes and the end always report). Default 200. */
  progressIntervalMs?: number;
  now?(): number;
}

/** DeepSeek's guidance: about 0.3 tokens per English character, 0.6 per Chinese character. */
export function estimateTokens(text: string): number {
  let t = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    t += (c >= 0x3000 && c <= 0x9fff) || (c >= 0xff00 && c <= 0xffef) ? 0.6 : 0.3;
  }
  return t;
}

/** Length of the longest prefix of `head` (≥ MIN_OVERLAP) that the text so far ends with; 0 if none. */
export function repeatedTail(textSoFar: string, head: string): number {
  const max = Math.min(textSoFar.length, head.length);
  for (let k = max; k >= MIN_OVERLAP; k--) {
    if (textSoFar.endsWith(head.slice(0, k))) return k;
  }
  return 0;
}

/** Each part: its request (the question, or the continuation of the text so far), its stream, its usage; then done, limit or the next part. */
export async function runContinuationLoop(o: LoopOptions): Promise<LoopResult> {
  return new ContinuationRun(o).run();
}

/** One part's request: where it goes and what it sends. */
interface PartRequest {
  config: ClientConfig;
  request: ChatRequest;
  /** Continue-prompt parts: the tail of the text so far, to spot a repeat of it (prefix parts need none). */
  dedupeAgainst: string | undefined;
}

/** How a part's stream ended: normally (with its finish reason and usage, when sent), or the loop's end. */
type PartEnd = { ok: true; finish: FinishReason | undefined; usage: Usage | undefined } | { ok: false; outcome: LoopOutcome };

/**
 * The start of a continue-prompt part, held back until HOLD_CHARS arrived (or the part ended) so a
 * repeat of the text's tail can be dropped once. Prefix parts hold nothing back.
 */
class HeldStart {
  private held: string | undefined;

  constructor(
    private readonly against: string | undefined,
    private readonly emit: (text: string) => void | Promise<void>,
  ) {
    this.held = against !== undefined ? '' : undefined;
  }

  get holding(): boolean {
    return this.held !== undefined;
  }

  /** Holds `text`; true when enough is held to look for the repeat (then release()). */
  add(text: string): boolean {
    this.held = (this.held ?? '') + text;
    return this.held.length >= HOLD_CHARS;
  }

  /** Emits what is held, minus a repeat of the text's tail; from then on nothing is held. */
  release(): void | Promise<void> {
    if (this.held === undefined) return;
    const drop = repeatedTail(this.against ?? '', this.held);
    const text = this.held.slice(drop);
    this.held = undefined;
    return this.emit(text);
  }
}

/** Any failure as a DeepSeekError: what is not one already is a network failure. */
function asDeepSeekError(err: unknown): DeepSeekError {
  if (err instanceof DeepSeekError) return err;
  return new DeepSeekError({ kind: 'network', message: err instanceof Error ? err.message : String(err), requestId: '' });
}

/** One run of the loop: its counters, and the steps of each part (prepare, stream, count, decide). */
class ContinuationRun {
  private readonly now: () => number;
  private readonly started: number;
  private readonly interval: number;
  private chars = 0;
  private reportedTokens = 0;
  private promptTokens = 0;
  private partChars = 0; // chars of the current part, for the token estimate
  private partTokenText = 0; // estimated tokens of the current part
  private unreportedTokens = 0; // estimated tokens of finished parts the server sent no usage for
  private part = 0;
  private continuations = 0;
  private thinking = false;
  private retry: RetryInfo | undefined;
  private lastReport = -Infinity;

  constructor(private readonly o: LoopOptions) {
    this.now = o.now ?? (() => Date.now());
    this.started = this.now();
    this.interval = o.progressIntervalMs ?? 200;
  }

  async run(): Promise<LoopResult> {
    let continuing = this.o.resume === true;
    for (;;) {
      if (this.o.signal?.aborted) return this.result({ kind: 'stopped' });
      const request = await this.partRequest(continuing);
      // Stopped while the text so far was being read: no part started.
      if (!request) return this.result({ kind: 'stopped' });
      this.startPart();
      this.o.onPart?.(this.part, continuing);
      this.progress(true);
      const end = await this.streamPart(request);
      if (!end.ok) return this.result(end.outcome);
      this.countUsage(end.usage);
      if (end.finish !== 'length') return this.result({ kind: 'done', finishReason: end.finish ?? 'stop' });
      if (this.continuations >= this.o.maxContinuations) return this.result({ kind: 'limit' });
      this.continuations++;
      continuing = true;
    }
  }

  private startPart(): void {
    this.part++;
    this.unreportedTokens += this.partTokenText;
    this.partChars = 0;
    this.partTokenText = 0;
    this.thinking = false;
    this.retry = undefined;
  }

  /** The question, or the question plus the continuation of the text so far; undefined when stopped meanwhile. */
  private async partRequest(continuing: boolean): Promise<PartRequest | undefined> {
    const o = this.o;
    let config = o.config;
    let messages = o.messages;
    let dedupeAgainst: string | undefined;
    if (continuing) {
      const soFar = await o.textSoFar();
      if (o.signal?.aborted) return undefined;
      const c = continuationFor(o.config.baseUrl, soFar);
      config = { ...o.config, baseUrl: c.baseUrl };
      messages = [...o.messages, ...c.messages];
      if (!c.prefix) dedupeAgainst = soFar.slice(-HOLD_CHARS);
    }
    const request: ChatRequest = {
      model: o.model,
      messages,
      ...(o.temperature !== undefined ? { temperature: o.temperature } : {}),
      ...(o.maxTokens !== undefined ? { max_tokens: o.maxTokens } : {}),
    };
    return { config, request, dedupeAgainst };
  }

  /** Streams one part into the document; text that arrived stays even when the part fails. */
  private async streamPart(p: PartRequest): Promise<PartEnd> {
    const held = new HeldStart(p.dedupeAgainst, (text) => this.emit(text));
    let finish: FinishReason | undefined;
    let usage: Usage | undefined;
    try {
      const events = streamChat(p.config, p.request, {
        ...(this.o.signal ? { signal: this.o.signal } : {}),
        onRetry: (info) => {
          this.retry = info;
          this.progress(true);
        },
      });
      for await (const event of events) {
        if (event.type === 'content') {
          const wait = this.content(event.text, held);
          if (wait) await wait;
          this.progress(false);
        } else if (event.type === 'reasoning') this.reasoning();
        else if (event.type === 'usage') usage = event.usage;
        else if (event.type === 'finish') finish = event.reason;
      }
      await held.release();
    } catch (err) {
      // The held start of a part is appended too: it was received.
      await held.release();
      const e = asDeepSeekError(err);
      if (this.o.signal?.aborted || e.kind === 'aborted') return { ok: false, outcome: { kind: 'stopped' } };
      return { ok: false, outcome: { kind: 'error', error: e } };
    }
    return { ok: true, finish, usage };
  }

  /** Document text: appended, or held while the start of a continue-prompt part is checked for a repeat. */
  private content(text: string, held: HeldStart): void | Promise<void> {
    this.retry = undefined;
    this.thinking = false;
    if (!held.holding) return this.emit(text);
    if (held.add(text)) return held.release();
  }

  private reasoning(): void {
    this.retry = undefined;
    if (this.thinking) return;
    this.thinking = true;
    this.progress(true);
  }

  /** The server's count replaces the estimate for a finished part. */
  private countUsage(usage: Usage | undefined): void {
    if (usage?.completion_tokens !== undefined) {
      this.reportedTokens += usage.completion_tokens;
      this.partTokenText = 0;
      this.partChars = 0;
    }
    if (usage?.prompt_tokens !== undefined) this.promptTokens += usage.prompt_tokens;
  }

  private emit(text: string): void | Promise<void> {
    if (!text) return;
    this.chars += text.length;
    this.partChars += text.length;
    this.partTokenText += estimateTokens(text);
    return this.o.append(text);
  }

  /** Reports progress: always when `force`, else at most once per interval. */
  private progress(force: boolean): void {
    if (!this.o.onProgress) return;
    const t = this.now();
    if (!force && t - this.lastReport < this.interval) return;
    this.lastReport = t;
    const elapsedMs = t - this.started;
    const tokens = Math.round(this.reportedTokens + this.unreportedTokens + this.partTokenText);
    this.o.onProgress({
      chars: this.chars,
      tokens,
      tokensEstimated: this.partChars > 0 || this.unreportedTokens > 0,
      tokensPerSecond: elapsedMs > 0 ? (tokens * 1000) / elapsedMs : 0,
      elapsedMs,
      part: this.part,
      continuation: this.continuations,
      maxContinuations: this.o.maxContinuations,
      thinking: this.thinking,
      ...(this.retry ? { retry: this.retry } : {}),
    });
  }

  private result(outcome: LoopOutcome): LoopResult {
    this.progress(true);
    const completion = Math.round(this.reportedTokens + this.unreportedTokens + this.partTokenText);
    return { outcome, chars: this.chars, parts: this.part, usage: { completion_tokens: completion, prompt_tokens: this.promptTokens } };
  }
}
