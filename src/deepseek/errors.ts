// DeepSeekError and the mapping of HTTP statuses, error bodies and socket errors to a kind and a
// short message a person can read. Never raw HTML, never the API key, never more than ~300 chars.

import { isRetryable, type TimeoutPhase } from './retry';
import type { ErrorKind } from './types';

export const MAX_MESSAGE_CHARS = 300;

export interface DeepSeekErrorInit {
  kind: ErrorKind;
  message: string;
  requestId: string;
  status?: number;
  retryAfterMs?: number;
  /** Which timeout fired (kind `timeout` only). */
  timeout?: TimeoutPhase;
  /** Overrides the policy in retry.ts (rarely needed). */
  retryable?: boolean;
  /** The server said the requested model does not exist (see isModelNotFound). */
  modelNotFound?: boolean;
  cause?: unknown;
}

export class DeepSeekError extends Error {
  readonly kind: ErrorKind;
  readonly status?: number;
  readonly requestId: string;
  readonly retryAfterMs?: number;
  /** Which timeout fired, for kind `timeout`. */
  readonly timeout?: TimeoutPhase;
  /** Whether this kind of failure is one the client retries automatically (before the answer starts). */
  readonly retryable: boolean;
  /** The server said the requested model does not exist: offer the models it lists. */
  readonly modelNotFound: boolean;

  constructor(init: DeepSeekErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'DeepSeekError';
    this.kind = init.kind;
    this.requestId = init.requestId;
    if (init.status !== undefined) this.status = init.status;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.timeout !== undefined) this.timeout = init.timeout;
    this.retryable = init.retryable ?? isRetryable(init.kind, init.status, init.timeout);
    this.modelNotFound = init.modelNotFound === true;
  }
}

/** Collapses whitespace and control characters, and caps the length. */
export function tidy(text: string, max: number = MAX_MESSAGE_CHARS): string {
  const flat = text.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
  if (flat.length <= max) return flat;
  return flat.slice(0, max - 1).trimEnd() + '…';
}

/** Replaces every occurrence of the secret (and Bearer tokens in general) with `***`. */
export function redact(text: string, secret: string | undefined): string {
  let out = text;
  if (secret && secret.length >= 4) out = out.split(secret).join('***');
  return out.replace(/(Bearer\s+)[^\s"',;]+/gi, '$1***');
}

export function kindFromStatus(status: number): ErrorKind {
  if (status === 401) return 'auth';
  if (status === 402) return 'balance';
  if (status === 429) return 'rate_limit';
  if (status >= 500) return 'server';
  if (status >= 400) return 'invalid';
  return 'protocol';
}

function looksLikeHtml(text: string, contentType?: string): boolean {
  if (contentType && /html|xml/i.test(contentType)) return true;
  const head = text.trimStart().slice(0, 200).toLowerCase();
  return head.startsWith('<') || head.includes('<html') || head.includes('<!doctype');
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value;
  return undefined;
}

/**
 * The server's own message from an error body: OpenAI-shaped `{"error":{"message"}}`, `{"error":"…"}`,
 * flat `{"message"}` / `{"code","message"}`, FastAPI `{"detail"}`. Plain short text is used as is;
 * HTML and empty bodies give undefined.
 */
export function serverMessage(body: string, contentType?: string): string | undefined {
  const text = body.trim();
  if (text === '') return undefined;
  const parsed = tryJson(text);
  if (parsed !== undefined) return messageFromObject(parsed);
  if (looksLikeHtml(text, contentType)) return undefined;
  if (/json/i.test(contentType ?? '')) return undefined;
  return text;
}

/** The message inside an already parsed error object or body (see serverMessage). */
export function messageFromObject(value: unknown): string | undefined {
  if (typeof value === 'string') return asText(value);
  if (!value || typeof value !== 'object') return undefined;
  const o = value as Record<string, unknown>;
  if (o.error !== undefined && o.error !== null) {
    const inner = messageFromObject(o.error);
    if (inner) return inner;
  }
  const direct = asText(o.message) ?? asText(o.msg) ?? asText(o.error_msg) ?? asText(o.detail);
  if (direct) return direct;
  if (Array.isArray(o.detail)) {
    const parts = o.detail.map((d) => messageFromObject(d)).filter((d): d is string => !!d);
    if (parts.length > 0) return parts.join('; ');
  }
  return undefined;
}

function tryJson(text: string): unknown {
  const c = text[0];
  if (c !== '{' && c !== '[' && c !== '"') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const STATUS_TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Authentication failed',
  402: 'Insufficient balance',
  403: 'Access denied',
  404: 'Not found',
  408: 'Request timeout',
  413: 'Request too large',
  422: 'Invalid parameters',
  429: 'Rate limited',
  500: 'Server error',
  502: 'Bad gateway',
  503: 'Server overloaded',
  504: 'Gateway timeout',
};

const STATUS_SENTENCES: Record<number, string> = {
  400: 'the server rejected the request format.',
  401: 'the API key was rejected. Set a valid API key.',
  402: 'the account balance is too low. Top up the account to continue.',
  403: 'the server refused access to this resource.',
  404: 'check the base URL and the model name.',
  408: 'the server gave up waiting for the request.',
  413: 'the conversation is too long for the server.',
  422: 'the server rejected a request parameter.',
  429: 'too many requests. Wait a moment and try again.',
  500: 'the server failed while handling the request. Try again shortly.',
  502: 'a proxy in front of the server got a bad answer. Try again shortly.',
  503: 'the server is overloaded. Try again shortly.',
  504: 'a proxy in front of the server timed out. Try again shortly.',
};

function titleFor(status: number): string {
  return STATUS_TITLES[status] ?? (status >= 500 ? 'Server error' : status >= 400 ? 'Request rejected' : 'Unexpected response');
}

function sentenceFor(status: number): string {
  return (
    STATUS_SENTENCES[status] ??
    (status >= 500 ? 'the server failed. Try again shortly.' : status >= 400 ? 'the server rejected the request.' : 'the server answered unexpectedly.')
  );
}

export interface HttpErrorInput {
  status: number;
  body: string;
  contentType?: string;
  requestId: string;
  retryAfterMs?: number;
  apiKey?: string;
}

/** A non-2xx response → DeepSeekError with kind by status and "Title (status): message". */
export function errorFromStatus(input: HttpErrorInput): DeepSeekError {
  const { status } = input;
  const fromServer = serverMessage(input.body, input.contentType);
  const detail = fromServer ? redact(fromServer, input.apiKey) : sentenceFor(status);
  return new DeepSeekError({
    kind: kindFromStatus(status),
    status,
    message: tidy(`${titleFor(status)} (${status}): ${detail}`),
    requestId: input.requestId,
    ...(input.retryAfterMs !== undefined ? { retryAfterMs: input.retryAfterMs } : {}),
    ...(isModelNotFound(status, input.body) ? { modelNotFound: true } : {}),
  });
}

/**
 * Whether a 400/404 says the requested model does not exist. DeepSeek: 400 with
 * `{"error":{"message":"Model Not Exist","type":"invalid_request_error",…}}`; OpenAI-style servers:
 * 404 with `code: "model_not_found"`; Ollama, vLLM and proxies: "model 'x' not found" and the like.
 */
export function isModelNotFound(status: number, body: string): boolean {
  if (status !== 400 && status !== 404) return false;
  const parsed = tryJson(body.trim());
  const inner = parsed && typeof parsed === 'object' ? ((parsed as { error?: unknown }).error ?? parsed) : undefined;
  const code = inner && typeof inner === 'object' ? (inner as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && /^model_not_found$/i.test(code)) return true;
  const message = serverMessage(body) ?? '';
  return /\bmodel\b[^.]{0,80}\b(not exists?|does not exist|doesn't exist|not found|is not supported|unknown)\b|\b(unknown|no such|invalid) model\b/i.test(message);
}

/** A 2xx answer that is not an event stream (HTML login page, plain JSON, …). */
export function errorFromNonStream(input: HttpErrorInput): DeepSeekError {
  const fromServer = serverMessage(input.body, input.contentType);
  const type = (input.contentType ?? 'none').split(';')[0]!.trim() || 'none';
  let message: string;
  if (fromServer && tryJson(input.body.trim()) !== undefined) {
    message = `The server sent an error instead of a stream: ${redact(fromServer, input.apiKey)}`;
  } else if (looksLikeHtml(input.body, input.contentType)) {
    message = `The server answered with a web page (${type}) instead of an event stream. Check the base URL.`;
  } else {
    message = `The server answered with ${type} instead of an event stream (text/event-stream). Check the base URL.`;
  }
  return new DeepSeekError({ kind: 'protocol', status: input.status, message: tidy(message), requestId: input.requestId });
}

/** Kind for an error object sent inside the stream: from its numeric code/status, a known string code, else `server`. */
export function kindFromErrorObject(value: unknown): { kind: ErrorKind; status?: number } {
  const o = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const inner = (o.error && typeof o.error === 'object' ? o.error : o) as Record<string, unknown>;
  for (const candidate of [inner.status, inner.code, inner.status_code, o.status, o.code]) {
    const n = typeof candidate === 'number' ? candidate : typeof candidate === 'string' && /^\d{3}$/.test(candidate) ? Number(candidate) : NaN;
    if (n >= 400 && n <= 599) return { kind: kindFromStatus(n), status: n };
  }
  const code = [inner.code, inner.type].filter((c): c is string => typeof c === 'string').join(' ').toLowerCase();
  if (/rate.?limit|too_many/.test(code)) return { kind: 'rate_limit' };
  if (/auth|api.?key|unauthori[sz]ed/.test(code)) return { kind: 'auth' };
  if (/balance|quota|billing|payment/.test(code)) return { kind: 'balance' };
  if (/invalid|bad_request/.test(code)) return { kind: 'invalid' };
  return { kind: 'server' };
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  ENOTFOUND: 'host not found (DNS)',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENETDOWN: 'network is down',
  ECONNABORTED: 'connection aborted',
  EADDRNOTAVAIL: 'address not available',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CLOSED: 'connection closed',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed TLS certificate in chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate could not be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host',
};

/** The most specific `code` along an error's cause chain (undici wraps socket errors). */
export function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  let fallback: string | undefined;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (code in NETWORK_CODES && code !== 'UND_ERR_SOCKET') return code;
      fallback ??= code;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return fallback;
}

/** undici codes that mean the connection failed (the rest, e.g. UND_ERR_INVALID_ARG, are programming/config errors). */
const UNDICI_NETWORK_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

const TLS_CODE = /CERT|TLS|SSL/;

export function isNetworkError(err: unknown): boolean {
  const code = errorCode(err);
  if (code === undefined) return false;
  return code in NETWORK_CODES || UNDICI_NETWORK_CODES.has(code) || /^E[A-Z]+$/.test(code) || TLS_CODE.test(code);
}

/**
 * A socket / DNS / TLS failure → kind `network` with the host named. `afterAnswerStarted`: the body
 * was already flowing; a plain close (not a reset) then means the answer was cut off (`truncated`).
 */
export function errorFromNetwork(
  err: unknown,
  ctx: { host: string; requestId: string; afterAnswerStarted?: boolean },
): DeepSeekError {
  const code = errorCode(err);
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new DeepSeekError({ kind: 'timeout', timeout: 'connect', message: `Connecting to ${ctx.host} timed out.`, requestId: ctx.requestId, cause: err });
  }
  const what = (code && NETWORK_CODES[code]) ?? (code ? `network error ${code}` : 'network error');
  if (ctx.afterAnswerStarted && code !== 'ECONNRESET') {
    return new DeepSeekError({
      kind: 'truncated',
      message: `The answer was cut off: the connection to ${ctx.host} closed before the stream ended (${what}).`,
      requestId: ctx.requestId,
      cause: err,
    });
  }
  const message = code !== undefined && TLS_CODE.test(code) && !(code in NETWORK_CODES)
    ? `Secure connection to ${ctx.host} failed (${code}). Check that the base URL uses the right scheme (http or https) and that the certificate is valid.`
    : code === 'ECONNREFUSED'
    ? `Cannot connect to ${ctx.host} (connection refused). Is the server running?`
    : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
      ? `Cannot find ${ctx.host} (${what}). Check the base URL and your network.`
      : ctx.afterAnswerStarted
        ? `The connection to ${ctx.host} was reset while the answer was streaming.`
        : `Network error talking to ${ctx.host}: ${what}.`;
  // A certificate problem will not fix itself on a retry.
  const retryable = code === undefined || !TLS_CODE.test(code);
  return new DeepSeekError({ kind: 'network', message: tidy(message), requestId: ctx.requestId, cause: err, retryable });
}
