// HTTP plumbing: the process-wide keep-alive undici Agent, the request itself, and bounded body reads.

import { Agent, request, type Dispatcher } from 'undici';
import type { ChatMessage, ChatRequest } from './types';

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

const agents = new Map<number, Agent>();

/**
 * The shared keep-alive Agent (one per distinct connect timeout, so normally exactly one per process).
 * undici's own headers/body timeouts are off: stream.ts enforces first-byte, idle and duration limits.
 */
export function sharedAgent(connectTimeoutMs: number = DEFAULT_CONNECT_TIMEOUT_MS): Agent {
  let agent = agents.get(connectTimeoutMs);
  if (!agent) {
    agent = new Agent({
      connect: { timeout: connectTimeoutMs },
      headersTimeout: 0,
      bodyTimeout: 0,
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 10 * 60_000,
    });
    agents.set(connectTimeoutMs, agent);
  }
  return agent;
}

/** `{base without trailing slashes}{path}`. */
export function endpoint(baseUrl: string, path: string): string {
  return baseUrl.trim().replace(/\/+$/, '') + path;
}

/** host:port for messages (never the path or query, which could carry secrets). */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}

/** The URL without query or fragment, for logs. */
export function urlForLog(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/** `{model, messages, stream: true, stream_options: {include_usage: true}, temperature?, max_tokens?, tools?, tool_choice?, ...extra}`; `stream` stays true. */
/** A message as the API takes it: images become `image_url` content parts after the text. */
export function wireMessage(m: ChatMessage): Omit<ChatMessage, 'images' | 'content'> & { content: ChatMessage['content'] | ContentPart[] } {
  if (m.images === undefined) return m;
  const { images, ...rest } = m;
  if (images.length === 0) return rest;
  const parts: ContentPart[] = m.content ? [{ type: 'text', text: m.content }] : [];
  for (const url of images) parts.push({ type: 'image_url', image_url: { url } });
  return { ...rest, content: parts };
}

export type ContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

export function chatBody(req: ChatRequest): string {
  const body: Record<string, unknown> = {
    model: req.model,
    messages: req.messages.map(wireMessage),
    stream: true,
    stream_options: { include_usage: true },
  };
  if (req.temperature !== undefined && req.temperature !== null) body.temperature = req.temperature;
  if (req.max_tokens !== undefined && req.max_tokens !== null) body.max_tokens = req.max_tokens;
  // An empty `tools` array is a 400 on some servers: send tools only when there are some.
  if (req.tools && req.tools.length > 0) {
    body.tools = req.tools;
    if (req.tool_choice !== undefined) body.tool_choice = req.tool_choice;
  }
  Object.assign(body, req.extra ?? {});
  body.stream = true;
  return JSON.stringify(body);
}

export function chatHeaders(apiKey: string, requestId: string): Record<string, string> {
  const headers: Record<string, string> = {
    accept: 'text/event-stream',
    'content-type': 'application/json',
    'x-request-id': requestId,
  };
  if (apiKey.trim() !== '') headers.authorization = `Bearer ${apiKey.trim()}`;
  return headers;
}

export function post(
  url: string,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
  dispatcher: Dispatcher,
): Promise<Dispatcher.ResponseData> {
  return request(url, { method: 'POST', headers, body, signal, dispatcher });
}

export function header(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Reads at most `cap` bytes of a body as text, then drops the rest (destroying the socket if needed). */
export async function readCapped(body: Dispatcher.ResponseData['body'], cap = 64 * 1024): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    parts.push(chunk);
    size += chunk.length;
    if (size >= cap) break; // leaving the loop destroys the body
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(parts).subarray(0, cap));
}
