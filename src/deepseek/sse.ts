// Bytes → SSE events → chunk JSON → StreamEvent: a pure, push-style state machine.
// Feed it network chunks in any split (inside UTF-8 sequences, inside CRLF); it yields the same events.
// No I/O, no timers: stream.ts drives it, and the property tests drive it directly.

import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';
import { kindFromErrorObject, messageFromObject, tidy } from './errors';
import { ToolCallAssembler } from './toolCalls';
import type { ErrorKind, FinishReason, StreamEvent, Usage } from './types';

/** Cap on one buffered SSE event (a runaway line without a newline must not eat all memory). */
export const MAX_EVENT_CHARS = 64 * 1024 * 1024;

const FINISH_REASONS: ReadonlySet<string> = new Set<FinishReason>(['stop', 'length', 'content_filter', 'tool_calls']);

/** Why the stream failed (stream.ts turns it into a DeepSeekError with the request id). */
export interface StreamFailure {
  kind: ErrorKind;
  message: string;
  status?: number;
}

export class SseDecoder {
  private readonly text = new TextDecoder('utf-8');
  private readonly parser: EventSourceParser;
  private out: StreamEvent[] = [];
  private usage: Usage | undefined;
  private readonly toolCalls = new ToolCallAssembler();
  private flushing = false;
  private _done = false;
  private _finishReason: FinishReason | undefined;
  private _failure: StreamFailure | undefined;
  private _comments = 0;
  private _events = 0;

  constructor(opts: { maxEventChars?: number } = {}) {
    const maxEventChars = opts.maxEventChars ?? MAX_EVENT_CHARS;
    this.parser = createParser({
      onEvent: (e) => this.onEvent(e),
      onComment: () => {
        this._comments++;
      },
      onError: (e) => {
        if (e.type === 'max-buffer-size-exceeded') this.fail('protocol', `The server sent a stream event larger than ${maxEventChars} characters.`);
      },
      maxBufferSize: maxEventChars,
    });
  }

  /** `[DONE]` arrived (or a clean close after a finish reason): the answer is complete. */
  get done(): boolean {
    return this._done;
  }
  /** The stream failed; no more events will come. */
  get failure(): StreamFailure | undefined {
    return this._failure;
  }
  get finishReason(): FinishReason | undefined {
    return this._finishReason;
  }
  /** Comment lines seen (`: keep-alive`, `: OPENROUTER PROCESSING`). */
  get comments(): number {
    return this._comments;
  }
  /** SSE data events seen. */
  get events(): number {
    return this._events;
  }
  /** Characters of tool-call fragments received so far (progress that yields no event until the end). */
  get toolCallChars(): number {
    return this.toolCalls.chars;
  }
  /** No more input is wanted: done or failed. */
  get finished(): boolean {
    return this._done || this._failure !== undefined;
  }

  /** Feeds one network chunk; returns the events it completes (possibly none). */
  push(chunk: Uint8Array | string): StreamEvent[] {
    if (this.finished) return [];
    const str = typeof chunk === 'string' ? chunk : this.text.decode(chunk, { stream: true });
    if (str !== '') this.parser.feed(str);
    return this.take();
  }

  /**
   * The body ended cleanly. Flushes a final event that lacks its blank line, then: complete if a finish
   * reason or `[DONE]` was seen (usage, then finish are emitted), else the failure `truncated`.
   */
  end(): StreamEvent[] {
    if (this.finished) return this.take();
    const tail = this.text.decode();
    this.flushing = true;
    this.parser.feed(tail + '\n\n');
    this.flushing = false;
    if (!this.finished) {
      if (this._finishReason !== undefined) this.complete();
      else this.fail('truncated', 'The answer was cut off: the stream ended without a finish reason or [DONE].');
    }
    return this.take();
  }

  private take(): StreamEvent[] {
    const events = this.out;
    this.out = [];
    return events;
  }

  private complete(): void {
    for (const call of this.toolCalls.finish()) this.out.push({ type: 'toolCall', call });
    if (this.usage) this.out.push({ type: 'usage', usage: this.usage });
    if (this._finishReason) this.out.push({ type: 'finish', reason: this._finishReason });
    this._done = true;
  }

  private fail(kind: ErrorKind, message: string, status?: number): void {
    this._failure = status === undefined ? { kind, message } : { kind, message, status };
  }

  private onEvent(e: EventSourceMessage): void {
    if (this.finished) return;
    this._events++;
    const data = e.data.trim();
    if (data === '') return;
    if (data === '[DONE]') {
      this.complete();
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(data);
    } catch {
      // A cut-off last line at a clean close is a truncation, not bad JSON; end() reports it.
      if (!this.flushing) this.fail('protocol', `The server sent a malformed stream event (invalid JSON, ${data.length} chars).`);
      return;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      this.fail('protocol', 'The server sent a stream event that is not a JSON object.');
      return;
    }
    const obj = value as Record<string, unknown>;
    if ((obj.error !== undefined && obj.error !== null) || e.event === 'error') {
      this.onError(obj);
      return;
    }
    this.onChunk(obj);
  }

  private onError(obj: Record<string, unknown>): void {
    const { kind, status } = kindFromErrorObject(obj);
    const msg = messageFromObject(obj) ?? 'unknown error';
    const prefix = status !== undefined ? `The server reported an error in the stream (${status})` : 'The server reported an error in the stream';
    this.fail(kind, tidy(`${prefix}: ${msg}`), status);
  }

  private onChunk(obj: Record<string, unknown>): void {
    const choices = obj.choices;
    if (Array.isArray(choices)) {
      for (const raw of choices) {
        if (!raw || typeof raw !== 'object') continue;
        const choice = raw as Record<string, unknown>;
        if (choice.index !== undefined && choice.index !== 0) continue;
        this.onDelta(choice.delta);
        // Completions (FIM) chunks carry their text in `choices[0].text` instead of a delta.
        const text = nonEmpty(choice.text);
        if (text !== undefined) this.out.push({ type: 'content', text });
        const reason = choice.finish_reason;
        if (typeof reason === 'string' && reason !== '') {
          if (FINISH_REASONS.has(reason)) {
            this._finishReason = reason as FinishReason;
          } else if (reason === 'insufficient_system_resource') {
            this.fail('interrupted', 'The server stopped the answer early: insufficient system resources (finish_reason insufficient_system_resource).');
            return;
          } else {
            this.fail('interrupted', tidy(`The server stopped the answer for an unknown reason (finish_reason ${reason}).`));
            return;
          }
        }
      }
    }
    const usage = obj.usage;
    if (usage && typeof usage === 'object' && !Array.isArray(usage)) this.usage = usage as Usage;
  }

  private onDelta(raw: unknown): void {
    if (!raw || typeof raw !== 'object') return;
    const delta = raw as Record<string, unknown>;
    const reasoning = nonEmpty(delta.reasoning_content) ?? nonEmpty(delta.reasoning);
    if (reasoning !== undefined) this.out.push({ type: 'reasoning', text: reasoning });
    const content = nonEmpty(delta.content);
    if (content !== undefined) this.out.push({ type: 'content', text: content });
    if (delta.tool_calls !== undefined && delta.tool_calls !== null) this.toolCalls.push(delta.tool_calls);
  }
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Decodes a whole recorded stream at once (for tests and tools): all events plus the failure, if any. */
export function decodeAll(chunks: Iterable<Uint8Array | string>, opts: { ended?: boolean } = {}): { events: StreamEvent[]; failure?: StreamFailure; done: boolean } {
  const d = new SseDecoder();
  const events: StreamEvent[] = [];
  for (const c of chunks) {
    events.push(...d.push(c));
    if (d.finished) break;
  }
  if (!d.finished && opts.ended !== false) events.push(...d.end());
  return d.failure ? { events, failure: d.failure, done: d.done } : { events, done: d.done };
}
