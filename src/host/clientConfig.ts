// The one place settings + key become a client config, so every surface (panel, editor writers,
// VS Code's Chat) talks to the server with the same base URL, timeouts, retries and request log.

import type { ClientConfig, LogEntry } from '../deepseek/types';
import type { Settings } from './settings';

export function clientConfigFor(settings: Settings, apiKey: string, log?: (entry: LogEntry) => void): ClientConfig {
  return {
    baseUrl: settings.baseUrl,
    apiKey,
    maxRetries: settings.maxRetries,
    retryBaseDelayMs: 500,
    firstByteTimeoutMs: settings.firstTokenTimeoutMs,
    idleTimeoutMs: settings.idleTimeoutMs,
    ...(log ? { log } : {}),
  };
}
