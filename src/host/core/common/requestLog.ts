// Formats the client's log entries for the "DeepSeek" output channel: ids, status and timings,
// never prompt or answer text, never the key.

import type { LogEntry } from '../../../deepseek/types';

export interface LogSink {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function logRequestEntry(sink: LogSink, entry: LogEntry): void {
  switch (entry.event) {
    case 'request':
      sink.info(`[${entry.requestId}] POST ${entry.url} model=${entry.model} attempt=${entry.attempt}`);
      break;
    case 'response':
      sink.info(
        `[${entry.requestId}] HTTP ${entry.status} after ${entry.ms} ms` + (entry.serverRequestId ? ` server-id=${entry.serverRequestId}` : ''),
      );
      break;
    case 'retry':
      sink.warn(`[${entry.requestId}] ${entry.kind}${entry.status ? ` (${entry.status})` : ''}: retry ${entry.attempt} in ${entry.delayMs} ms`);
      break;
    case 'done': {
      const tokens = entry.usage?.completion_tokens;
      const seconds = entry.durationMs / 1000;
      const rate = tokens && seconds > 0 ? ` ${(tokens / seconds).toFixed(1)} tokens/s` : '';
      const line =
        `[${entry.requestId}] ${entry.outcome} in ${entry.durationMs} ms` +
        (entry.ttftMs !== undefined ? ` ttft=${entry.ttftMs} ms` : '') +
        ` chars=${entry.completionChars}` +
        (tokens !== undefined ? ` completion_tokens=${tokens}` : '') +
        rate +
        ` retries=${entry.retries}`;
      if (entry.outcome === 'ok' || entry.outcome === 'aborted') sink.info(line);
      else sink.error(line);
      break;
    }
  }
}
