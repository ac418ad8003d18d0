// streamChat against the test server on loopback: the request on the wire, stream semantics,
// error mapping, request ids and logs. (Retries: client-retry.test.ts; timeouts, abort, connections:
// client-timeouts.test.ts.)

import * as assert from 'node:assert/strict';
import { streamChat, DeepSeekError } from '../../src/deepseek';
import { answer, chunk, errorResponse, raw, scenarios, sse, startTestServer, usageFor, DONE, type TestServer } from '../server';
import { KEY, chat, collect, config, run, types } from './helpers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

describe('client: request and stream semantics over HTTP', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(async () => server.close());

  it('streams a normal answer: content in order, then usage, then finish', async () => {
    const text = 'Hello! Here is **markdown** with `code`.\n\n- one\n- two\n';
    server.enqueue(answer(text, { deltaSize: 3 }));
    const r = await run(server);
    assert.equal(r.error, undefined);
    assert.equal(r.content, text);
    assert.equal(r.reasoning, '');
    assert.deepEqual(types(r.events).slice(-2), ['usage', 'finish']);
    assert.deepEqual(r.events.at(-2), { type: 'usage', usage: usageFor(text) });
    assert.deepEqual(r.events.at(-1), { type: 'finish', reason: 'stop' });
    assert.ok(r.events.filter((e) => e.type === 'content').length > 10, 'one event per delta, not one lump');
  });

  it('sends POST {base}/chat/completions with the documented body and headers', async () => {
    server.enqueue(answer('ok'));
    await run(server, {}, {}, chat('What is 2+2?', { temperature: 0.3, max_tokens: 100, extra: { thinking: { type: 'enabled' }, top_p: 0.9 } }));
    const req = server.requests[0]!;
    assert.equal(req.method, 'POST');
    assert.equal(req.path, '/chat/completions');
    assert.equal(req.headers.authorization, `Bearer ${KEY}`);
    assert.equal(req.headers.accept, 'text/event-stream');
    assert.match(String(req.headers['content-type']), /^application\/json/);
    assert.match(String(req.headers['x-request-id']), UUID);
    assert.deepEqual(req.body, {
      model: 'deepseek-flash',
      messages: [{ role: 'user', content: 'What is 2+2?' }],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.3,
      max_tokens: 100,
      thinking: { type: 'enabled' },
      top_p: 0.9,
    });
  });

  it('omits temperature/max_tokens when unset, and keeps stream: true even if extra says otherwise', async () => {
    server.enqueue(answer('ok'));
    await run(server, {}, {}, chat('q', { extra: { stream: false } }));
    const body = server.requests[0]!.body;
    assert.equal(body.stream, true);
    assert.ok(!('temperature' in body) && !('max_tokens' in body));
  });

  it('omits the Authorization header when the key is empty (Ollama and other local servers)', async () => {
    server.enqueue(answer('ok'));
    const r = await run(server, { apiKey: '' });
    assert.equal(r.error, undefined);
    assert.equal(server.requests[0]!.headers.authorization, undefined);
  });

  it('accepts a base URL with a trailing slash and a /v1 or /beta prefix', async () => {
    server.enqueue(answer('one'), answer('two'));
    const a = await collect(streamChat(config({ url: `${server.url}/v1/` }), chat()));
    const b = await collect(streamChat(config({ url: `${server.url}/beta` }), chat()));
    assert.deepEqual([a.content, b.content], ['one', 'two']);
    assert.deepEqual(server.requests.map((r) => r.path), ['/v1/chat/completions', '/beta/chat/completions']);
  });

  it('ignores keep-alive comments before the first token', async () => {
    server.enqueue(answer('after the queue', { keepAlivesBefore: 5, keepAliveDelayMs: 20 }));
    const r = await run(server);
    assert.equal(r.error, undefined);
    assert.equal(r.content, 'after the queue');
    assert.ok(r.ms >= 80, `the keep-alives really were sent over time (${r.ms} ms)`);
    assert.ok(r.events.every((e) => e.type !== 'content' || e.text !== ''));
  });

  it('ignores OpenRouter `: OPENROUTER PROCESSING` comments', async () => {
    server.enqueue(raw([': OPENROUTER PROCESSING\n\n', sse(chunk({ content: 'hi' })), ': OPENROUTER PROCESSING\n\n', sse(chunk({ finish: 'stop' })), DONE], { delayMs: 5 }));
    const r = await run(server);
    assert.deepEqual(r.events, [{ type: 'content', text: 'hi' }, { type: 'finish', reason: 'stop' }]);
  });

  it('byte-by-byte writes that split Chinese and emoji UTF-8 sequences decode exactly', async () => {
    const text = '你好，世界！🌍🚀 naïve café 👩‍💻';
    server.enqueue(answer(text, { byteByByte: true, deltaSize: 3, reasoning: '思考🤔' }));
    const r = await run(server);
    assert.equal(r.error, undefined);
    assert.equal(r.content, text);
    assert.equal(r.reasoning, '思考🤔');
    assert.ok(!r.content.includes('\ufffd'));
    assert.ok(server.requests[0]!.bytesWritten > 1000, 'many one-byte writes');
  });

  it('CRLF framing', async () => {
    server.enqueue(answer('line one\nline two\r\n', { crlf: true, keepAlivesBefore: 2, usageLayout: 'separate' }));
    const r = await run(server);
    assert.equal(r.error, undefined);
    assert.equal(r.content, 'line one\nline two\r\n');
    assert.deepEqual(types(r.events).slice(-2), ['usage', 'finish']);
  });

  it('a 1 MB single delta arrives as one event, intact', async () => {
    const big = 'abcdefghij'.repeat(100 * 1024) + '末尾🙂';
    server.enqueue(answer(big, { deltaSize: Array.from(big).length }));
    const r = await run(server);
    assert.equal(r.error, undefined);
    const contents = r.events.filter((e) => e.type === 'content');
    assert.equal(contents.length, 1);
    assert.equal(r.content, big);
  });

  it('reasoning_content layout: the empty first reasoning delta emits nothing; reasoning, then content', async () => {
    const scenario = answer('The answer.', { reasoning: 'Let me think.', deltaSize: 4 });
    const firstWrite = scenario.steps.find((s) => 'write' in s) as { write: string };
    assert.match(firstWrite.write, /"content":null,"reasoning_content":""/, 'the server really sends the empty first delta');
    server.enqueue(scenario);
    const r = await run(server);
    assert.equal(r.reasoning, 'Let me think.');
    assert.equal(r.content, 'The answer.');
    const t = types(r.events);
    assert.equal(t[0], 'reasoning');
    assert.ok(t.lastIndexOf('reasoning') < t.indexOf('content'), 'all reasoning before content');
    for (const e of r.events) if (e.type === 'reasoning' || e.type === 'content') assert.notEqual(e.text, '');
  });

  it('`reasoning` field (vLLM / OpenRouter / Ollama) is reasoning too', async () => {
    server.enqueue(answer('Answer.', { reasoning: 'Thinking via the reasoning field.', reasoningField: 'reasoning' }));
    const r = await run(server);
    assert.equal(r.reasoning, 'Thinking via the reasoning field.');
    assert.equal(r.content, 'Answer.');
  });

  for (const layout of ['last', 'separate', 'null'] as const) {
    it(`usage layout "${layout}": exactly one usage event, before finish`, async () => {
      server.enqueue(answer('Counting tokens.', { usageLayout: layout }));
      const r = await run(server);
      assert.equal(r.error, undefined);
      const usages = r.events.filter((e) => e.type === 'usage');
      assert.equal(usages.length, 1);
      assert.deepEqual(usages[0], { type: 'usage', usage: usageFor('Counting tokens.') });
      assert.deepEqual(types(r.events).slice(-2), ['usage', 'finish']);
    });
  }

  it('[DONE] ends the stream even if the server keeps the connection open and sends more', async () => {
    const s = answer('done here');
    s.steps.push({ sleepMs: 60_000 }, { write: sse(chunk({ content: 'AFTER DONE' })) });
    server.enqueue(s);
    const r = await run(server);
    assert.equal(r.error, undefined);
    assert.equal(r.content, 'done here');
    // Order, not speed: the stream returned while the server still held the response open (for 60 s).
    assert.ok(!server.requests[0]!.closedAt || server.requests[0]!.clientAborted, 'returned only when the server ended the response');
  });

  it('a finish reason followed by a close without [DONE] is a complete answer', async () => {
    server.enqueue(answer('complete anyway', { done: false }));
    const r = await run(server);
    assert.equal(r.error, undefined);
    assert.equal(r.content, 'complete anyway');
    assert.deepEqual(r.events.at(-1), { type: 'finish', reason: 'stop' });
  });

  it('a finish reason followed by a socket reset (no [DONE]) is still complete', async () => {
    const s = answer('complete before the reset', { done: false });
    s.steps.push({ sleepMs: 20 }, { reset: true });
    server.enqueue(s);
    const r = await run(server);
    assert.equal(r.error, undefined);
    assert.deepEqual(r.events.at(-1), { type: 'finish', reason: 'stop' });
  });

  it('a close with neither finish reason nor [DONE] throws truncated, after yielding the text (#cutoff)', async () => {
    server.enqueue(scenarios.cutoff!());
    const r = await run(server, { maxRetries: 3 });
    assert.equal(r.error?.kind, 'truncated');
    assert.match(r.content, /^This answer starts normally but the connection ends/);
    assert.ok(!r.events.some((e) => e.type === 'finish'));
    assert.equal(server.requests.length, 1, 'not retried');
  });

  it('a clean end with nothing at all is truncated', async () => {
    server.enqueue(raw([': keep-alive\n\n']));
    const r = await run(server);
    assert.equal(r.error?.kind, 'truncated');
  });

  it('finish_reason insufficient_system_resource throws interrupted after yielding the text', async () => {
    server.enqueue(answer('Half an answer', { finish: 'insufficient_system_resource' }));
    const r = await run(server, { maxRetries: 3 });
    assert.equal(r.error?.kind, 'interrupted');
    assert.equal(r.content, 'Half an answer');
    assert.ok(!r.events.some((e) => e.type === 'finish'));
    assert.equal(server.requests.length, 1);
  });

  it('an unknown finish reason throws interrupted', async () => {
    server.enqueue(answer('Odd', { finish: 'mystery' }));
    const r = await run(server);
    assert.equal(r.error?.kind, 'interrupted');
    assert.equal(r.content, 'Odd');
  });

  it('an error object inside the stream throws with the server message (kind from its code)', async () => {
    server.enqueue(raw([sse(chunk({ content: 'Partial' })), sse({ error: { message: 'Upstream provider overloaded', code: 502 } })]));
    const r = await run(server, { maxRetries: 3 });
    assert.equal(r.content, 'Partial');
    assert.ok(r.error instanceof DeepSeekError);
    assert.equal(r.error.kind, 'server');
    assert.equal(r.error.status, 502);
    assert.match(r.error.message, /Upstream provider overloaded/);
    assert.equal(server.requests.length, 1, 'text was delivered: no retry');
  });

  it('an in-stream error object without a code is kind server', async () => {
    server.enqueue(raw([sse({ error: { message: 'Something went wrong' } })]));
    const r = await run(server);
    assert.equal(r.error?.kind, 'server');
    assert.match(r.error!.message, /Something went wrong/);
  });

  it('malformed JSON in a data event throws protocol', async () => {
    server.enqueue(raw([sse(chunk({ content: 'fine' })), 'data: {"choices":[{"delta":{"content":"broken"\n\n', sse(chunk({ finish: 'stop' })), DONE]));
    const r = await run(server);
    assert.equal(r.error?.kind, 'protocol');
    assert.equal(r.content, 'fine');
  });

  it('a 200 HTML page instead of a stream → protocol with a readable message, no markup', async () => {
    server.enqueue({ headers: { 'Content-Type': 'text/html' }, steps: [{ write: '<!doctype html><html><body><h1>Sign in</h1></body></html>' }] });
    const r = await run(server, { maxRetries: 2 });
    assert.equal(r.error?.kind, 'protocol');
    assert.ok(!r.error!.message.includes('<'), r.error!.message);
    assert.match(r.error!.message, /instead of an event stream/);
    assert.equal(server.requests.length, 1);
  });

  it('a 200 JSON body with an error → protocol carrying the server message', async () => {
    server.enqueue({ headers: { 'Content-Type': 'application/json' }, steps: [{ write: '{"error":{"message":"streaming is disabled for this key"}}' }] });
    const r = await run(server);
    assert.equal(r.error?.kind, 'protocol');
    assert.match(r.error!.message, /streaming is disabled for this key/);
  });

  for (const [status, kind, body, expected] of [
    [401, 'auth', { error: { message: 'Authentication Fails, Your api key: ****abcd is invalid', type: 'authentication_error' } }, /^Authentication failed \(401\): Authentication Fails/],
    [402, 'balance', { error: { message: 'Insufficient Balance', type: 'unknown_error' } }, /^Insufficient balance \(402\): Insufficient Balance/],
    [400, 'invalid', { code: 'invalid_request', message: 'Invalid request: messages is empty' }, /^Invalid request \(400\): Invalid request: messages is empty/],
    [422, 'invalid', { message: 'temperature must be <= 2' }, /^Invalid parameters \(422\): temperature must be <= 2/],
    [404, 'invalid', 'Not Found', /^Not found \(404\): Not Found/],
  ] as const) {
    it(`HTTP ${status} → ${kind} with the server's message, never retried`, async () => {
      server.enqueue(errorResponse(status, body), answer('should not be reached'));
      const r = await run(server, { maxRetries: 3 });
      assert.ok(r.error instanceof DeepSeekError);
      assert.equal(r.error.kind, kind);
      assert.equal(r.error.status, status);
      assert.match(r.error.message, expected);
      assert.equal(r.error.retryable, false);
      assert.equal(server.requests.length, 1);
    });
  }

  it('an HTML 500 page → a readable message without markup (#html500)', async () => {
    server.enqueue(scenarios.html500!());
    const r = await run(server, { maxRetries: 0 });
    assert.equal(r.error?.kind, 'server');
    assert.equal(r.error?.status, 500);
    assert.ok(!r.error!.message.includes('<'), r.error!.message);
    assert.match(r.error!.message, /^Server error \(500\): /);
  });

  it('the #unauthorized scenario is an OpenAI-shaped 401', async () => {
    const r = await run(server, { maxRetries: 2 }, {}, chat('please #unauthorized'));
    assert.equal(r.error?.kind, 'auth');
    assert.match(r.error!.message, /Authentication Fails/);
    assert.equal(server.requests.length, 1);
  });

  it('X-Request-ID: a fresh UUID per request, used in every log entry and on the error', async () => {
    server.enqueue(answer('a'), answer('b'), errorResponse(400, { error: { message: 'bad' } }));
    const c1 = config(server);
    await collect(streamChat(c1, chat()));
    await collect(streamChat(c1, chat()));
    const r3 = await collect(streamChat(c1, chat()));
    const ids = server.requests.map((r) => String(r.headers['x-request-id']));
    for (const id of ids) assert.match(id, UUID);
    assert.equal(new Set(ids).size, 3);
    for (const id of ids) {
      const entries = c1.logs.filter((l) => l.requestId === id);
      assert.deepEqual(entries.map((e) => e.event), ['request', 'response', 'done'], id);
    }
    assert.equal(c1.logs.length, 9);
    assert.equal(r3.error?.requestId, ids[2]);
  });

  it('options.requestId is sent and logged instead of a fresh one', async () => {
    server.enqueue(answer('a'));
    const c = config(server);
    await collect(streamChat(c, chat(), { requestId: 'my-request-42' }));
    assert.equal(server.requests[0]!.headers['x-request-id'], 'my-request-42');
    assert.ok(c.logs.every((l) => l.requestId === 'my-request-42'));
  });

  it('logs request, response and done with timings, usage and counts', async () => {
    server.enqueue(answer('Logged answer', { reasoning: 'hmm' }));
    const c = config(server);
    await collect(streamChat(c, chat()));
    const [req, res, done] = c.logs;
    assert.deepEqual(req, { event: 'request', requestId: req!.requestId, url: `${server.url}/chat/completions`, model: 'deepseek-flash', attempt: 1 });
    assert.equal(res?.event === 'response' && res.status, 200);
    assert.ok(res?.event === 'response' && typeof res.serverRequestId === 'string');
    assert.ok(done?.event === 'done');
    assert.equal(done.outcome, 'ok');
    assert.equal(done.completionChars, 'Logged answer'.length + 'hmm'.length);
    assert.deepEqual(done.usage, usageFor('Logged answer', 'hmm'));
    assert.equal(done.retries, 0);
    assert.ok(typeof done.ttftMs === 'number' && done.ttftMs <= done.durationMs);
  });

  it('the key, the prompt and the answer never appear in logs or error messages', async () => {
    const prompt = 'SECRET-PROMPT-TEXT about my code';
    const answerText = 'SECRET-ANSWER-TEXT for you';
    server.enqueue(
      answer(answerText),
      errorResponse(401, { error: { message: `Incorrect API key provided: ${KEY}. Check it.` } }),
      errorResponse(400, `Bad request with header Authorization: Bearer ${KEY}`),
      raw([sse(chunk({ content: 'x' })), sse({ error: { message: `upstream rejected key ${KEY}` } })]),
    );
    const c = config(server, { maxRetries: 0 });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await collect(streamChat(c, chat(prompt))));
    assert.equal(results[0]!.content, answerText);
    const logged = JSON.stringify(c.logs);
    for (const secret of [KEY, prompt, answerText]) assert.ok(!logged.includes(secret), `log leaks ${secret}`);
    for (const r of results.slice(1)) {
      assert.ok(r.error, 'an error');
      assert.ok(!r.error.message.includes(KEY), r.error.message);
      assert.ok(!String(r.error.stack).includes(KEY));
    }
  });

  it('a network error names the host (connection refused, no retries configured)', async () => {
    const url = server.url;
    await server.close();
    const r = await collect(streamChat(config({ url }), chat()));
    assert.equal(r.error?.kind, 'network');
    assert.ok(r.error!.message.includes(new URL(url).host), r.error!.message);
    assert.match(r.error!.message, /refused/);
    server = await startTestServer();
  });

  it('an API key that cannot go into a header is an invalid-config error: no request, no retry, key not shown', async () => {
    const bad = 'sk-abc\ndef-0123456789';
    const retries: unknown[] = [];
    const r = await run(server, { apiKey: bad, maxRetries: 3 }, { onRetry: (i) => retries.push(i) });
    assert.equal(r.error?.kind, 'invalid');
    assert.equal(retries.length, 0);
    assert.equal(server.requests.length, 0);
    assert.ok(!r.error!.message.includes('def-0123456789'));
  });

  it('a TLS failure (https URL pointed at a plain-http server) is a readable network error, not retried', async () => {
    const r = await run({ url: server.url.replace('http:', 'https:') }, { maxRetries: 3, retryBaseDelayMs: 1 });
    assert.equal(r.error?.kind, 'network');
    assert.equal(r.error?.retryable, false);
    assert.match(r.error!.message, /^Secure connection to 127\.0\.0\.1:\d+ failed/);
    assert.equal(server.requests.length, 0);
  });

  it('an invalid base URL is an invalid-config error, not a crash', async () => {
    const r = await collect(streamChat(config({ url: 'not a url' }), chat()));
    assert.equal(r.error?.kind, 'invalid');
  });
});
