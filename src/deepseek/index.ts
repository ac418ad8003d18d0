// Public entry of the DeepSeek streaming client (no `vscode` import anywhere under src/deepseek).

export { streamChat, DEFAULT_FIRST_BYTE_TIMEOUT_MS, DEFAULT_MAX_DURATION_MS } from './stream';
export { DeepSeekError } from './errors';
export type { DeepSeekErrorInit } from './errors';
export { isRetryable, backoffDelayMs, parseRetryAfter, retryDelayMs, RETRYABLE_STATUSES } from './retry';
export type { TimeoutPhase } from './retry';
export { DEFAULT_CONNECT_TIMEOUT_MS } from './http';
export type * from './types';
export { listModels, getBalance, parseModels, parseBalance, withoutBeta } from './account';
export type { ModelInfo, Balance, BalanceInfo, AccountConfig } from './account';
export { RateLimiter } from './rateLimit';
export type { RequestGate } from './rateLimit';
export { ToolCallAssembler } from './toolCalls';
export { streamFim, fimEndpoint, fimBody, isDeepSeekHost, MAX_FIM_TOKENS, MAX_STOP_SEQUENCES } from './fim';
export type { FimRequest, FimEndpoint } from './fim';
