// Shared helpers of the client tests: a config pointed at the test server, event collection, timing.

import type { ClientConfig, LogEntry, StreamEvent, StreamOptions, ChatRequest } from '../../src/deepseek/types';
import { DeepSeekError, streamChat } from '../../src/deepseek';
import type { TestServer } from '../server';

export const KEY = 'sk-test-0123456789abcdef-SECRET';

export function config(server: TestServer | { url: string }, overrides: Partial<ClientConfig> = {}): ClientConfig & { logs: LogEntry[] } {
  const logs: LogEntry[] = [];
  return {
    baseUrl: server.url,
    apiKey: KEY,
    maxRetries: 0,
    retryBaseDelayMs: 10,
    idleTimeoutMs: 5_000,
    firstByteTimeoutMs: 5_000,
    log: (e) => logs.push(e),
    ...overrides,
    logs,
  };
}

export function chat(question = 'Say hello', extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'deepseek-flash', messages: [{ role: 'user', content: question }], ...extra };
}

export interface Collected {
  events: StreamEvent[];
  content: string;
  reasoning: string;
  error?: DeepSeekError;
  /** ms from start to the error (or the end). */
  ms: number;
}

/** Runs a stream to the end, collecting events and the error (a non-DeepSeekError is rethrown). */
export async function collect(iter: AsyncIterable<StreamEvent>, onEvent?: (e: StreamEvent, i: number) => void | Promise<void>): Promise<Collected> {
  const started = Date.now();
  const events: StreamEvent[] = [];
  let error: DeepSeekError | undefined;
  try {
    for await (const e of iter) {
      events.push(e);
      await onEvent?.(e, events.length - 1);
    }
  } catch (e) {
    if (!(e instanceof DeepSeekError)) throw e;
    error = e;
  }
  const content = events.map((e) => (e.type === 'content' ? e.text : '')).join('');
  const reasoning = events.map((e) => (e.type === 'reasoning' ? e.text : '')).join('');
  return { events, content, reasoning, ms: Date.now() - started, ...(error ? { error } : {}) };
}

export function run(server: TestServer | { url: string }, overrides: Partial<ClientConfig> = {}, options: StreamOptions = {}, request: ChatRequest = chat()): Promise<Collected> {
  return collect(streamChat(config(server, overrides), request, options));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls until the predicate holds (or fails after `ms`). */
export async function waitFor(what: string, predicate: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

export const types = (events: StreamEvent[]): string[] => events.map((e) => e.type);
