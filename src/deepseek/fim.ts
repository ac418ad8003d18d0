// Fill-in-the-middle (code completion) requests: DeepSeek's `POST /beta/completions` or the
// OpenAI-style `POST {base}/completions` with `suffix` that local servers (Ollama, vLLM, LM Studio)
// serve. The HTTP, SSE, error, timeout and socket handling are streamChat's (stream.ts): a FIM
// stream is the same stream with its text in `choices[0].text`.

import { endpoint } from './http';
import { streamRequest } from './stream';
import type { ClientConfig, StreamEvent, StreamOptions } from './types';

/** DeepSeek accepts at most this many stop sequences, and at most 4K output tokens for FIM. */
export const MAX_STOP_SEQUENCES = 16;
export const MAX_FIM_TOKENS = 4096;

export interface FimRequest {
  model: string;
  /** The text before the cursor (with any context the caller put in front of it). */
  prompt: string;
  /** The text after the cursor. */
  suffix?: string;
  max_tokens: number;
  stop?: string[];
  temperature?: number;
}

/** Where a FIM request goes, and which dialect it speaks. */
export interface FimEndpoint {
  url: string;
  /** `deepseek`: the `/beta` base, thinking switched off; `openai`: a plain `/completions` server. */
  flavour: 'deepseek' | 'openai';
}

/** DeepSeek's own hosts (api.deepseek.com and its subdomains). */
export function isDeepSeekHost(baseUrl: string): boolean {
  try {
    const host = new URL(baseUrl).hostname.toLowerCase();
    return host === 'deepseek.com' || host.endsWith('.deepseek.com');
  } catch {
    return false;
  }
}

/**
 * The FIM endpoint for a configured base URL. On DeepSeek's host the base's path (`/v1`, `/beta` or
 * nothing) is replaced by `/beta`, where FIM lives; elsewhere `/completions` is appended to the base as
 * configured (`http://localhost:11434/v1` → `/v1/completions`).
 */
export function fimEndpoint(baseUrl: string): FimEndpoint {
  if (isDeepSeekHost(baseUrl)) {
    const url = new URL(baseUrl);
    return { url: `${url.protocol}//${url.host}/beta/completions`, flavour: 'deepseek' };
  }
  return { url: endpoint(baseUrl, '/completions'), flavour: 'openai' };
}

/** The JSON body: always streamed, with usage; DeepSeek's thinking is off (FIM is non-thinking only). */
export function fimBody(req: FimRequest, flavour: FimEndpoint['flavour']): string {
  const body: Record<string, unknown> = {
    model: req.model,
    prompt: req.prompt,
    max_tokens: Math.max(1, Math.min(MAX_FIM_TOKENS, Math.floor(req.max_tokens))),
    stream: true,
    stream_options: { include_usage: true },
  };
  if (req.suffix !== undefined && req.suffix !== '') body.suffix = req.suffix;
  const stop = (req.stop ?? []).filter((s) => s !== '').slice(0, MAX_STOP_SEQUENCES);
  if (stop.length > 0) body.stop = stop;
  if (req.temperature !== undefined) body.temperature = req.temperature;
  if (flavour === 'deepseek') body.thinking = { type: 'disabled' };
  return JSON.stringify(body);
}

/**
 * Streams one completion: `content` events with the text, then `usage` (if sent) and `finish`.
 * Aborting `options.signal` closes the socket at once; errors are DeepSeekErrors, as for chat.
 * Callers normally pass `maxRetries: 0`: a completion retried later is a completion nobody waits for.
 */
export function streamFim(config: ClientConfig, req: FimRequest, options: StreamOptions = {}): AsyncIterable<StreamEvent> {
  const target = fimEndpoint(config.baseUrl);
  return streamRequest(config, { url: target.url, model: req.model, body: fimBody(req, target.flavour) }, options);
}
