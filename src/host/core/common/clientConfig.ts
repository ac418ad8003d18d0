// The one place settings + key become a client config, so every surface (panel, editor writers,
// VS Code's Chat) talks to the server with the same base URL, timeouts, retries, request log and
// request-rate limit.

import { RateLimiter } from '../../../deepseek/rateLimit';
import type { ChatMessage, ChatRequest, ClientConfig, LogEntry } from '../../../deepseek/types';
import { thinkingFields } from './modelOptions';
import type { Settings } from './settings';

/** One limiter per extension host: every surface's requests wait in the same line. */
const sharedLimiter = new RateLimiter(0);

/** The limiter every config carries (its rate follows `deepseek.maxRequestsPerSecond`). */
export function sharedRateLimiter(): RateLimiter {
  return sharedLimiter;
}

export function clientConfigFor(settings: Settings, apiKey: string, log?: (entry: LogEntry) => void): ClientConfig {
  sharedLimiter.setRate(settings.maxRequestsPerSecond);
  return {
    baseUrl: settings.baseUrl,
    apiKey,
    maxRetries: settings.maxRetries,
    retryBaseDelayMs: 500,
    firstByteTimeoutMs: settings.firstTokenTimeoutMs,
    idleTimeoutMs: settings.idleTimeoutMs,
    ...(log ? { log } : {}),
    ...(settings.network ? { network: settings.network } : {}),
    ...(Object.keys(settings.headers).length > 0 ? { headers: settings.headers } : {}),
    maxResponseBytes: settings.maxResponseBytes,
    rateLimiter: sharedLimiter,
  };
}

/** The request every surface sends: the model, its sampling settings and (DeepSeek V4) its thinking fields. */
export function chatRequestFor(settings: Settings, messages: ChatMessage[]): ChatRequest {
  const extra = thinkingFields(settings.model, settings);
  return {
    model: settings.model,
    messages,
    ...(settings.temperature !== undefined ? { temperature: settings.temperature } : {}),
    ...(settings.maxTokens !== undefined ? { max_tokens: settings.maxTokens } : {}),
    ...(extra ? { extra } : {}),
  };
}
