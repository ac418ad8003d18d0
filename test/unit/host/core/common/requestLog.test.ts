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

describe('host: request log lines', () => {
  const logged = (...entries: LogEntry[]) => {
    const out = sink();
    for (const e of entries) logRequestEntry(out, e);
    return out.lines;
  };

  it("a response line names the server's own request id only when the server sent one", () => {
    assert.deepEqual(
      logged(
        { event: 'response', requestId: 'r1', status: 200, ms: 35 },
        { event: 'response', requestId: 'r2', status: 200, ms: 40, serverRequestId: 'srv-9' },
      ),
      [
        ['info', '[r1] HTTP 200 after 35 ms'],
        ['info', '[r2] HTTP 200 after 40 ms server-id=srv-9'],
      ],
    );
  });

  it('a retry after a failure without an HTTP status (a dropped connection) is a warning without a status', () => {
    assert.deepEqual(logged({ event: 'retry', requestId: 'r1', attempt: 2, delayMs: 800, kind: 'network' }), [['warn', '[r1] network: retry 2 in 800 ms']]);
  });

  it('the summary of a finished request: time, time to first token, characters, tokens and tokens per second', () => {
    const done = { event: 'done', requestId: 'r1', retries: 0 } as const;
    assert.deepEqual(
      logged(
        { ...done, outcome: 'ok', durationMs: 2000, ttftMs: 300, completionChars: 420, usage: { completion_tokens: 100 } },
        // Stopped before anything came: no first token, no usage, no rate.
        { ...done, outcome: 'aborted', durationMs: 150, completionChars: 0 },
        // Tokens but no measurable time: no rate rather than "Infinity tokens/s".
        { ...done, outcome: 'ok', durationMs: 0, completionChars: 3, usage: { completion_tokens: 1 } },
      ),
      [
        ['info', '[r1] ok in 2000 ms ttft=300 ms chars=420 completion_tokens=100 50.0 tokens/s retries=0'],
        ['info', '[r1] aborted in 150 ms chars=0 retries=0'],
        ['info', '[r1] ok in 0 ms chars=3 completion_tokens=1 retries=0'],
      ],
    );
  });

  it('a request that failed is logged as an error; a finished or stopped one as info', () => {
    const done = { event: 'done', requestId: 'r1', durationMs: 10, completionChars: 0, retries: 3 } as const;
    const levels = logged({ ...done, outcome: 'ok' }, { ...done, outcome: 'aborted' }, { ...done, outcome: 'network' }, { ...done, outcome: 'server' }).map(([level]) => level);
    assert.deepEqual(levels, ['info', 'info', 'error', 'error']);
  });
});
