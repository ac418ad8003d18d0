// The FIM client against the test server: the endpoint per base URL, the body, the streamed text,
// errors as DeepSeekErrors, and an abort that closes the socket while the server is still sending.

import * as assert from 'node:assert/strict';
import { fimEndpoint, streamFim, type FimRequest } from '../../src/deepseek';
import { errorResponse, startTestServer, type TestServer } from '../server';
import { KEY, collect, config } from './helpers';

const request = (extra: Partial<FimRequest> = {}): FimRequest => ({ model: 'deepseek-flash', prompt: 'def add(a, b):\n    ', suffix: '\n\nprint(add(1, 2))\n', max_tokens: 64, ...extra });

describe('FIM client', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(async () => server.close());

  it("derives DeepSeek's /beta endpoint from any DeepSeek base, and {base}/completions elsewhere", () => {
    for (const base of ['https://api.deepseek.com', 'https://api.deepseek.com/v1', 'https://api.deepseek.com/beta/', 'https://api.deepseek.com/v1/']) {
      assert.deepEqual(fimEndpoint(base), { url: 'https://api.deepseek.com/beta/completions', flavour: 'deepseek' }, base);
    }
    assert.deepEqual(fimEndpoint('http://localhost:11434/v1'), { url: 'http://localhost:11434/v1/completions', flavour: 'openai' });
    assert.deepEqual(fimEndpoint('https://deepseek.example.org/'), { url: 'https://deepseek.example.org/completions', flavour: 'openai' });
  });

  it('sends prompt, suffix, stop and max_tokens as a streamed completions request and yields the text', async () => {
    server.fim.answer = () => 'return a + b';
    server.fim.pace = { tokensPerSecond: 500 };
    const r = await collect(streamFim(config(server), request({ stop: ['\n\n', ''], temperature: 0 })));
    assert.equal(r.error, undefined);
    assert.equal(r.content, 'return a + b');
    assert.deepEqual(r.events.at(-1), { type: 'finish', reason: 'stop' });
    assert.ok(r.events.some((e) => e.type === 'usage'), 'usage reaches the caller (for the cost)');
    const req = server.requests[0]!;
    assert.equal(req.path, '/completions');
    assert.equal(req.headers.authorization, `Bearer ${KEY}`);
    assert.deepEqual(req.body, {
      model: 'deepseek-flash',
      prompt: 'def add(a, b):\n    ',
      suffix: '\n\nprint(add(1, 2))\n',
      max_tokens: 64,
      stream: true,
      stream_options: { include_usage: true },
      stop: ['\n\n'],
      temperature: 0,
    });
  });

  it('maps a 401 to an auth error without retrying', async () => {
    server.fim.queue.push(errorResponse(401, { error: { message: 'Authentication Fails (no such user)', type: 'authentication_error' } }));
    const r = await collect(streamFim(config(server, { maxRetries: 3 }), request()));
    assert.equal(r.error?.kind, 'auth');
    assert.equal(server.requests.length, 1);
  });

  it('an abort mid-stream closes the socket: the server sees the client go away', async () => {
    server.fim.answer = () => 'x'.repeat(3000);
    server.fim.pace = { tokensPerSecond: 50 };
    const ctl = new AbortController();
    const r = await collect(streamFim(config(server), request(), { signal: ctl.signal }), (e) => {
      if (e.type === 'content') ctl.abort();
    });
    assert.equal(r.error?.kind, 'aborted');
    const req = server.requests[0]!;
    // The close reaches the server after the client's destroy: wait for it, never for a fixed time.
    for (let i = 0; i < 6000 && req.closedAt === undefined; i++) await new Promise((resolve) => setTimeout(resolve, 5)); // up to 30 s: a no-hang bound
    assert.equal(req.clientAborted, true, 'the server saw the client abort the response');
  });
});
