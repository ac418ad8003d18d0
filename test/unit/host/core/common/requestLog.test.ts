import * as assert from 'node:assert/strict';
import { logRequestEntry } from '../../../../../src/host/core/common/requestLog';
import { ChatController } from '../../../../../src/host/panel/common/chatController';
import { readSettings } from '../../../../../src/host/core/common/settings';
import type { LogEntry } from '../../../../../src/deepseek/types';
import { answer, errorResponse, startTestServer } from '../../../../server';

function sink() {
  const lines: Array<[string, string]> = [];
  return {
    lines,
    info: (m: string) => lines.push(['info', m]),
    warn: (m: string) => lines.push(['warn', m]),
    error: (m: string) => lines.push(['error', m]),
  };
}

describe('host: request log', () => {
  it('logs request id, model, status, time to first token, tokens/s and retries — never the question or answer', async () => {
    const server = await startTestServer();
    try {
      const entries: LogEntry[] = [];
      const values: Record<string, unknown> = { baseUrl: server.url, model: 'deepseek-flash', maxRetries: 2 };
      const c = new ChatController(
        {
          settings: () => readSettings((k) => values[k]),
          apiKey: async () => 'sk-secret-for-log-test',
          offerToSetKey: () => undefined,
          logRequest: (e) => entries.push(e),
        },
        {
          post: () => undefined,
          createCancellation: () => ({ token: { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) }, cancel() {}, dispose() {} }),
        },
      );
      server.enqueue(errorResponse(429, { error: { message: 'slow down' } }, { 'Retry-After': '0' }), answer('THE-ANSWER-TEXT '.repeat(20)));
      await c.ask('THE-QUESTION-TEXT');
      const out = sink();
      for (const e of entries) logRequestEntry(out, e);
      const text = out.lines.map(([, m]) => m).join('\n');
      const requestId = server.requests[0].headers['x-request-id'] as string;
      assert.ok(requestId);
      assert.ok(out.lines.every(([, m]) => m.includes(`[${requestId}]`)), 'every line carries the request id');
      assert.match(text, /model=deepseek-flash/);
      assert.match(text, /HTTP 429/);
      assert.match(text, /HTTP 200/);
      assert.match(text, /rate_limit \(429\): retry 1 in \d+ ms/);
      assert.match(text, /ok in \d+ ms ttft=\d+ ms .*completion_tokens=\d+ [\d.]+ tokens\/s retries=1/);
      assert.doesNotMatch(text, /THE-QUESTION-TEXT|THE-ANSWER-TEXT|sk-secret/);
      assert.ok(out.lines.some(([level]) => level === 'warn'), 'the retry is a warning');
    } finally {
      await server.close();
    }
  });
});
