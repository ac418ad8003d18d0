// Public types of the DeepSeek streaming client. No `vscode` import anywhere under src/deepseek.

import type { RequestGate } from './rateLimit';

export type Role = 'system' | 'user' | 'assistant' | 'tool';

export interface ChatMessage {
  role: Role;
  content: string;
  /** Chat prefix completion (DeepSeek `/beta`): the model continues this assistant message. */
  prefix?: boolean;
  /** Assistant messages of a tool-call loop: the calls the model made (sent back in the next request). */
  tool_calls?: ToolCallMessage[];
  /** `role: 'tool'` messages: which call this result answers. */
  tool_call_id?: string;
  /**
   * Assistant messages: the reasoning of that answer. Thinking models (V3.2/V4) require it back within
   * a tool-call loop; R1-era `deepseek-reasoner` rejects it (400), so the caller decides.
   */
  reasoning_content?: string;
  /**
   * User messages: images as data URLs (`data:image/png;base64,…`), sent after the text as
   * OpenAI-style `image_url` content parts. Only for models that take images.
   */
  images?: string[];
}

/** A tool call as it is sent back in an assistant message (OpenAI shape). */
export interface ToolCallMessage {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** A function the model may call (OpenAI `tools` entry). */
export interface ToolDefinition {
  type: 'function';
  function: { name: string; description?: string; parameters?: object };
}

export type ToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

/**
 * One tool call of an answer, assembled from its streamed fragments once the answer finished.
 * `input` is the parsed arguments object; when the arguments are not a JSON object, `input` is
 * absent and `error` says why (model output can be invalid: never call a tool with garbage).
 */
export interface ToolCall {
  /** Position in the answer (the stream's `index`). */
  index: number;
  id: string;
  name: string;
  /** The arguments text exactly as streamed. */
  arguments: string;
  input?: Record<string, unknown>;
  error?: string;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  max_tokens?: number;
  /** Functions the model may call; omitted from the body when empty. */
  tools?: ToolDefinition[];
  tool_choice?: ToolChoice;
  /** Extra body fields passed through as-is (e.g. `thinking`, `reasoning_effort`, `top_p`). */
  extra?: Record<string, unknown>;
}

export interface ClientConfig {
  /** e.g. `https://api.deepseek.com`, `https://api.deepseek.com/beta`, `http://localhost:11434/v1`. */
  baseUrl: string;
  apiKey: string;
  /** Retries after the first attempt, only before the first byte of the answer. */
  maxRetries: number;
  /** Base of the exponential backoff (full jitter): delay = random(0, min(max, base * 2^attempt)). */
  retryBaseDelayMs: number;
  /** Upper bound of one backoff delay, and of an honoured `Retry-After`. Default 30 000. */
  retryMaxDelayMs?: number;
  /** TCP/TLS connect. Default 10 000. */
  connectTimeoutMs?: number;
  /** From request sent to response headers plus first real progress. Generous: thinking models queue. Default 600 000. */
  firstByteTimeoutMs?: number;
  /** Longest gap between two pieces of real progress (content or reasoning); keep-alives do not count. */
  idleTimeoutMs: number;
  /** Cap on the whole stream's duration. Default 30 min. */
  maxDurationMs?: number;
  /** Structured log sink (never receives the key, prompt or answer text). */
  log?: (entry: LogEntry) => void;
  /** Client-side request-rate limit, shared by every surface: each attempt waits its turn (cancellable). */
  rateLimiter?: RequestGate;
}

export interface Usage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  prompt_cache_hit_tokens?: number;
  prompt_cache_miss_tokens?: number;
  completion_tokens_details?: { reasoning_tokens?: number };
}

export type FinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls';

export type StreamEvent =
  | { type: 'content'; text: string }
  | { type: 'reasoning'; text: string }
  | { type: 'usage'; usage: Usage }
  /** One complete tool call, emitted when the answer finished (before `usage` and `finish`), in index order. */
  | { type: 'toolCall'; call: ToolCall }
  | { type: 'finish'; reason: FinishReason };

export type ErrorKind =
  | 'auth' // 401
  | 'balance' // 402
  | 'invalid' // 400, 422, other 4xx
  | 'rate_limit' // 429
  | 'server' // 5xx
  | 'network' // connect refused, reset, DNS
  | 'timeout' // connect, first byte, idle or duration cap
  | 'truncated' // stream ended with neither finish reason nor [DONE]
  | 'interrupted' // insufficient_system_resource or an unknown finish reason
  | 'aborted' // the caller's signal
  | 'protocol'; // not SSE, malformed JSON, an error object inside the stream

export interface RetryInfo {
  /** 1-based number of the retry about to happen. */
  attempt: number;
  delayMs: number;
  error: { kind: ErrorKind; status?: number; message: string };
}

export interface StreamOptions {
  signal?: AbortSignal;
  /** Called before each retry sleep, so a UI can say "Retrying in 2 s…". */
  onRetry?: (info: RetryInfo) => void;
  /** Defaults to a fresh UUID; sent as `X-Request-ID` and logged. */
  requestId?: string;
  /**
   * Called when an attempt must wait for the client-side request limit (`waiting: true`, with the
   * expected wait), and again when its turn came (`waiting: false`), so a UI can say so.
   */
  onRateLimitWait?: (info: { perSecond: number; waitMs: number; waiting: boolean }) => void;
}

export type LogEntry =
  | { event: 'request'; requestId: string; url: string; model: string; attempt: number }
  | { event: 'response'; requestId: string; status: number; serverRequestId?: string; ms: number }
  | { event: 'retry'; requestId: string; attempt: number; delayMs: number; kind: ErrorKind; status?: number }
  | {
      event: 'done';
      requestId: string;
      outcome: 'ok' | ErrorKind;
      ttftMs?: number;
      durationMs: number;
      completionChars: number;
      usage?: Usage;
      retries: number;
    };
