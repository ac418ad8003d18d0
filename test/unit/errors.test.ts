// Error mapping (src/deepseek/errors.ts): status → kind, the server's own message from every body
// shape, plain sentences for HTML/empty bodies, capped length, no API key.

import * as assert from 'node:assert/strict';
import { DeepSeekError, errorFromNetwork, errorFromNonStream, errorFromStatus, kindFromStatus, redact, serverMessage } from '../../src/deepseek/errors';

const rid = 'req-1';

describe('errors: mapping (pure)', () => {
  it('status → kind', () => {
    assert.deepEqual(
      [400, 401, 402, 403, 404, 422, 429, 500, 502, 503, 504].map(kindFromStatus),
      ['invalid', 'auth', 'balance', 'invalid', 'invalid', 'invalid', 'rate_limit', 'server', 'server', 'server', 'server'],
    );
  });

  it('server messages from OpenAI-shaped, flat, string and FastAPI bodies', () => {
    assert.equal(serverMessage('{"error":{"message":"Model Not Exist","type":"invalid_request_error","param":null,"code":"invalid_request_error"}}'), 'Model Not Exist');
    assert.equal(serverMessage('{"code":"40003","message":"flat message"}'), 'flat message');
    assert.equal(serverMessage('{"error":"just a string"}'), 'just a string');
    assert.equal(serverMessage('{"detail":[{"msg":"field required"},{"msg":"bad type"}]}'), 'field required; bad type');
    assert.equal(serverMessage('Too Many Requests', 'text/plain'), 'Too Many Requests');
    assert.equal(serverMessage('<html><body><h1>502 Bad Gateway</h1></body></html>', 'text/html'), undefined);
    assert.equal(serverMessage('   '), undefined);
    assert.equal(serverMessage('{"unrelated":true}', 'application/json'), undefined);
  });

  it('messages are prefixed with what happened and the status', () => {
    const e = errorFromStatus({ status: 401, body: '{"error":{"message":"Authentication Fails, Your api key: ****abcd is invalid"}}', requestId: rid });
    assert.equal(e.kind, 'auth');
    assert.equal(e.status, 401);
    assert.equal(e.requestId, rid);
    assert.equal(e.message, 'Authentication failed (401): Authentication Fails, Your api key: ****abcd is invalid');
    assert.equal(e.retryable, false);
    assert.ok(e instanceof Error && e instanceof DeepSeekError);
  });

  it('HTML and empty bodies give a plain sentence per status, never markup', () => {
    for (const status of [400, 401, 402, 404, 422, 429, 500, 502, 503, 504, 418]) {
      for (const body of ['', '<!DOCTYPE html><html><head><title>Oops</title></head><body><h1>Oops</h1></body></html>']) {
        const e = errorFromStatus({ status, body, contentType: body ? 'text/html' : undefined, requestId: rid } as Parameters<typeof errorFromStatus>[0]);
        assert.ok(!e.message.includes('<'), e.message);
        assert.match(e.message, new RegExp(`\\(${status}\\): \\w`));
      }
    }
  });

  it('caps long messages near 300 characters', () => {
    const e = errorFromStatus({ status: 400, body: JSON.stringify({ error: { message: 'x'.repeat(5000) } }), requestId: rid });
    assert.ok(e.message.length <= 300, `${e.message.length}`);
    assert.ok(e.message.endsWith('…'));
  });

  it('never shows the API key, even when the server echoes it', () => {
    const key = 'sk-live-abcdef0123456789';
    const e = errorFromStatus({ status: 401, body: JSON.stringify({ error: { message: `Incorrect API key provided: ${key}` } }), requestId: rid, apiKey: key });
    assert.ok(!e.message.includes(key), e.message);
    assert.equal(redact(`Authorization: Bearer ${key}`, undefined), 'Authorization: Bearer ***');
  });

  it('Retry-After travels on the error', () => {
    const e = errorFromStatus({ status: 429, body: '', requestId: rid, retryAfterMs: 1000 });
    assert.equal(e.retryAfterMs, 1000);
    assert.equal(e.retryable, true);
  });

  it('200 with a non-stream body: readable protocol errors', () => {
    const html = errorFromNonStream({ status: 200, body: '<html><body>Please log in</body></html>', contentType: 'text/html', requestId: rid });
    assert.equal(html.kind, 'protocol');
    assert.ok(!html.message.includes('<'));
    assert.match(html.message, /web page/);
    const json = errorFromNonStream({ status: 200, body: '{"error":{"message":"stream not supported"}}', contentType: 'application/json', requestId: rid });
    assert.match(json.message, /stream not supported/);
    const plain = errorFromNonStream({ status: 200, body: '{"id":"x","choices":[]}', contentType: 'application/json', requestId: rid });
    assert.match(plain.message, /application\/json instead of an event stream/);
  });

  it('socket errors → network with the host named; connect timeout → timeout', () => {
    const refused = errorFromNetwork(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), { host: '127.0.0.1:9', requestId: rid });
    assert.equal(refused.kind, 'network');
    assert.match(refused.message, /127\.0\.0\.1:9.*refused/);
    assert.equal(refused.retryable, true);
    const dns = errorFromNetwork(Object.assign(new Error('getaddrinfo ENOTFOUND nope.invalid'), { code: 'ENOTFOUND' }), { host: 'nope.invalid', requestId: rid });
    assert.match(dns.message, /nope\.invalid/);
    const wrapped = errorFromNetwork(Object.assign(new Error('fetch failed'), { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) }), { host: 'h', requestId: rid });
    assert.match(wrapped.message, /reset/);
    const ct = errorFromNetwork(Object.assign(new Error('Connect Timeout Error'), { code: 'UND_ERR_CONNECT_TIMEOUT' }), { host: 'h:1', requestId: rid });
    assert.deepEqual([ct.kind, ct.timeout, ct.retryable], ['timeout', 'connect', true]);
    const closedMidAnswer = errorFromNetwork(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }), { host: 'h', requestId: rid, afterAnswerStarted: true });
    assert.equal(closedMidAnswer.kind, 'truncated');
  });
});
