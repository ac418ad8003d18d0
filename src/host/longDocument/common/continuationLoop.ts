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
  /** Completion tokens: as reported by the server for finished parts, estimated for the current one. */
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

export async function runContinuationLoop(o: LoopOptions): Promise<LoopResult> {
  const now = o.now ?? (() => Date.now());
  const started = now();
  const interval = o.progressIntervalMs ?? 200;
  let chars = 0;
  let reportedTokens = 0;
  let promptTokens = 0;
  let partChars = 0; // chars of the current part, for the token estimate
  let partTokenText = 0; // estimated tokens of the current part
  let part = 0;
  let continuations = 0;
  let thinking = false;
  let retry: RetryInfo | undefined;
  let lastReport = -Infinity;

  const progress = (force: boolean): void => {
    if (!o.onProgress) return;
    const t = now();
    if (!force && t - lastReport < interval) return;
    lastReport = t;
    const elapsedMs = t - started;
    const tokens = Math.round(reportedTokens + partTokenText);
    o.onProgress({
      chars,
      tokens,
      tokensEstimated: partChars > 0,
      tokensPerSecond: elapsedMs > 0 ? (tokens * 1000) / elapsedMs : 0,
      elapsedMs,
      part,
      continuation: continuations,
      maxContinuations: o.maxContinuations,
      thinking,
      ...(retry ? { retry } : {}),
    });
  };
  const emit = (text: string): void | Promise<void> => {
    if (!text) return;
    chars += text.length;
    partChars += text.length;
    partTokenText += estimateTokens(text);
    return o.append(text);
  };
  const result = (outcome: LoopOutcome): LoopResult => {
    progress(true);
    return { outcome, chars, parts: part, usage: { completion_tokens: Math.round(reportedTokens + partTokenText), prompt_tokens: promptTokens } };
  };

  let continuing = o.resume === true;
  for (;;) {
    if (o.signal?.aborted) return result({ kind: 'stopped' });
    part++;
    partChars = 0;
    partTokenText = 0;
    thinking = false;
    retry = undefined;

    let config = o.config;
    let messages = o.messages;
    // Continue-prompt parts: the text so far, to spot a repeat of its tail (prefix parts need none).
    let dedupeAgainst: string | undefined;
    if (continuing) {
      const soFar = await o.textSoFar();
      if (o.signal?.aborted) return result({ kind: 'stopped' });
      const c = continuationFor(o.config.baseUrl, soFar);
      config = { ...o.config, baseUrl: c.baseUrl };
      messages = [...o.messages, ...c.messages];
      if (!c.prefix) dedupeAgainst = soFar.slice(-HOLD_CHARS);
    }
    o.onPart?.(part, continuing);
    progress(true);

    const request: ChatRequest = {
      model: o.model,
      messages,
      ...(o.temperature !== undefined ? { temperature: o.temperature } : {}),
      ...(o.maxTokens !== undefined ? { max_tokens: o.maxTokens } : {}),
    };
    let held = dedupeAgainst !== undefined ? '' : undefined; // start of a continue-prompt part, not yet emitted
    const release = (): void | Promise<void> => {
      if (held === undefined) return;
      const drop = repeatedTail(dedupeAgainst ?? '', held);
      const text = held.slice(drop);
      held = undefined;
      return emit(text);
    };
    let finish: FinishReason | undefined;
    let usage: Usage | undefined;
    try {
      const events = streamChat(config, request, {
        ...(o.signal ? { signal: o.signal } : {}),
        onRetry: (info) => {
          retry = info;
          progress(true);
        },
      });
      for await (const event of events) {
        switch (event.type) {
          case 'content':
            retry = undefined;
            thinking = false;
            if (held !== undefined) {
              held += event.text;
              if (held.length >= HOLD_CHARS) await release();
            } else {
              const wait = emit(event.text);
              if (wait) await wait;
            }
            progress(false);
            break;
          case 'reasoning':
            retry = undefined;
            if (!thinking) {
              thinking = true;
              progress(true);
            }
            break;
          case 'usage':
            usage = event.usage;
            break;
          case 'finish':
            finish = event.reason;
            break;
        }
      }
      await release();
    } catch (err) {
      // Text that arrived stays: the held start of a part is appended too (it was received).
      await release();
      const e = err instanceof DeepSeekError ? err : new DeepSeekError({ kind: 'network', message: err instanceof Error ? err.message : String(err), requestId: '' });
      if (o.signal?.aborted || e.kind === 'aborted') return result({ kind: 'stopped' });
      return result({ kind: 'error', error: e });
    }
    if (usage?.completion_tokens !== undefined) {
      reportedTokens += usage.completion_tokens;
      partTokenText = 0;
      partChars = 0;
    }
    if (usage?.prompt_tokens !== undefined) promptTokens += usage.prompt_tokens;
    if (finish !== 'length') return result({ kind: 'done', finishReason: finish ?? 'stop' });
    if (continuations >= o.maxContinuations) return result({ kind: 'limit' });
    continuations++;
    continuing = true;
  }
}
