// One completion, from a keystroke to the text to show: the cache, the adaptive wait, the request
// (cancelled with the caller's signal, closing its socket), the early stop at the block's end and the
// post-processing. Pure: the network and the clock are passed in, so tests and the bench drive it.

import { DeepSeekError } from '../../../deepseek/errors';
import type { FimRequest } from '../../../deepseek/fim';
import type { StreamEvent, Usage } from '../../../deepseek/types';
import { estimateTokens } from '../../conversation/common/conversation';
import { CompletionCache } from './cache';
import { debounceMs, midWord, TypingPace, type DebounceSettings } from './debounce';
import { blockEnd, postProcess } from './postProcess';
import { buildRequest, linePrefixOf, lineSuffixOf, type CursorText } from './request';

/** Sends one request (the caller adds the model and the server). */
export type Fetch = (req: Omit<FimRequest, 'model'>, signal: AbortSignal) => AsyncIterable<StreamEvent>;

export interface EngineDeps {
  /** Resolves true after `ms`, or false as soon as `signal` aborts. */
  wait(ms: number, signal: AbortSignal): Promise<boolean>;
  now(): number;
}

/** What the engine does; the naive policy (the bench's baseline) turns all three off. */
export interface Policy {
  debounce: boolean;
  cache: boolean;
  /** Abort a superseded request (off: it runs to its end and its answer is dropped). */
  cancel: boolean;
}

export const SMART: Policy = { debounce: true, cache: true, cancel: true };
export const NAIVE: Policy = { debounce: false, cache: false, cancel: false };

export interface Timing {
  debounceMs: number;
  /** From the request sent to its stream read (or stopped at the block end). */
  requestMs: number;
}

export type Outcome =
  | { kind: 'cached'; text: string }
  | { kind: 'completed'; text: string; usage: Usage; estimated: boolean; timing: Timing; stoppedEarly: boolean }
  | { kind: 'cancelled'; stage: 'debounce' | 'request' }
  | { kind: 'failed'; error: DeepSeekError };

export interface EngineStats {
  requests: number;
  cacheHits: number;
  /** Waits a newer keystroke ended before any request. */
  skipped: number;
  /** Requests aborted because a newer keystroke superseded them. */
  aborted: number;
  /** Requests stopped at the block's end before the server finished. */
  stoppedEarly: number;
  failed: number;
}

export class CompletionEngine {
  readonly pace = new TypingPace();
  readonly cache = new CompletionCache();
  readonly stats: EngineStats = { requests: 0, cacheHits: 0, skipped: 0, aborted: 0, stoppedEarly: 0, failed: 0 };

  constructor(
    private readonly deps: EngineDeps,
    private readonly policy: Policy = SMART,
  ) {}

  /** A document changed at `now`: the typing pace learns from it. */
  edited(now: number = this.deps.now()): void {
    this.pace.edit(now);
  }

  async complete(cursor: CursorText, signal: AbortSignal, debounce: DebounceSettings, fetch: Fetch): Promise<Outcome> {
    if (this.policy.cache) {
      const hit = this.cache.get(cursor.doc, cursor.before, cursor.after);
      if (hit) {
        this.stats.cacheHits++;
        return { kind: 'cached', text: hit.text };
      }
    }
    const linePrefix = linePrefixOf(cursor.before);
    const waitMs = this.policy.debounce ? debounceMs(this.pace, midWord(linePrefix, lineSuffixOf(cursor.after)), debounce) : 0;
    if (waitMs > 0 && !(await this.deps.wait(waitMs, signal))) {
      this.stats.skipped++;
      return { kind: 'cancelled', stage: 'debounce' };
    }
    if (signal.aborted && this.policy.cancel) {
      this.stats.skipped++;
      return { kind: 'cancelled', stage: 'debounce' };
    }
    return this.request(cursor, linePrefix, waitMs, signal, fetch);
  }

  private async request(cursor: CursorText, linePrefix: string, waitMs: number, signal: AbortSignal, fetch: Fetch): Promise<Outcome> {
    const built = buildRequest(cursor);
    const sentAt = this.deps.now();
    this.stats.requests++;
    const net = this.policy.cancel ? signal : new AbortController().signal;
    let raw = '';
    let usage: Usage | undefined;
    let stoppedEarly = false;
    try {
      for await (const ev of fetch(built.body, net)) {
        if (ev.type === 'usage') usage = ev.usage;
        if (ev.type !== 'content') continue;
        raw += ev.text;
        // The block ended: stop reading (the socket closes) instead of paying for the rest.
        if (blockEnd(raw, linePrefix) !== undefined || (!built.multiLine && raw.includes('\n'))) {
          stoppedEarly = true;
          break;
        }
      }
    } catch (e) {
      const error = e instanceof DeepSeekError ? e : undefined;
      if (error?.kind === 'aborted' || (!error && signal.aborted)) {
        this.stats.aborted++;
        return { kind: 'cancelled', stage: 'request' };
      }
      this.stats.failed++;
      if (error) return { kind: 'failed', error };
      throw e;
    }
    if (stoppedEarly) this.stats.stoppedEarly++;
    // One line when the rest of the line has text, even when the server went on past its stop `\n`.
    const answer = built.multiLine ? raw : raw.split('\n')[0]!;
    const text = postProcess(answer, { linePrefix, prefix: built.prefix, suffix: built.suffix });
    if (this.policy.cache) this.cache.put(cursor.doc, cursor.before, cursor.after, text);
    const timing = { debounceMs: waitMs, requestMs: this.deps.now() - sentAt };
    const estimated = usage === undefined;
    usage ??= { prompt_tokens: estimateTokens(built.body.prompt + (built.body.suffix ?? '')), completion_tokens: estimateTokens(raw) };
    return { kind: 'completed', text, usage, estimated, timing, stoppedEarly };
  }
}
