// The edges of the error mapping (src/deepseek/errors.ts) that the messages a user reads depend on:
// status boundaries, the fallback titles and sentences, what counts as a server's own message, the
// network codes, and what is retried. Written against the mutants StrykerJS found surviving.

import * as assert from 'node:assert/strict';
import {
  DeepSeekError,
  errorCode,
  errorFromNetwork,
  errorFromNonStream,
  errorFromStatus,
  isNetworkError,
  kindFromErrorObject,
  kindFromStatus,
  messageFromObject,
  redact,
  serverMessage,
  tidy,
} from '../../src/deepseek/errors';

const status = (s: number, body = '', contentType?: string) =>
  errorFromStatus({ status: s, body, requestId: 'r', ...(contentType ? { contentType } : {}) });
const net = (err: unknown, afterAnswerStarted = false) => errorFromNetwork(err, { host: 'api.example', requestId: 'r', afterAnswerStarted });

describe('errors: the edges of the mapping', () => {
  it('status boundaries: 4xx invalid, 5xx server, others protocol', () => {
    assert.deepEqual([200, 399, 400, 499, 500, 599].map(kindFromStatus), ['protocol', 'protocol', 'invalid', 'invalid', 'server', 'server']);
  });

  it('statuses without their own words get the class title and sentence', () => {
    assert.equal(status(418).message, 'Request rejected (418): the server rejected the request.');
    assert.equal(status(599).message, 'Server error (599): the server failed. Try again shortly.');
    assert.equal(status(302).message, 'Unexpected response (302): the server answered unexpectedly.');
    assert.equal(status(413).message, 'Request too large (413): the conversation is too long for the server.');
    assert.equal(status(503).kind, 'server');
  });

  it('tidy collapses whitespace and control characters and caps at exactly the limit', () => {
    assert.equal(tidy(' a\n\tb\u0007c\u007f d '), 'a b c d');
    assert.equal(tidy('x'.repeat(300)), 'x'.repeat(300));
    const cut = tidy('x'.repeat(301));
    assert.equal(cut.length, 300);
    assert.ok(cut.endsWith('…'));
    assert.equal(tidy('abc def', 5), 'abc…', 'the space before the ellipsis is trimmed');
  });

  it('redacts a secret of 4+ characters, and any Bearer token, case-insensitively', () => {
    assert.equal(redact('key abc here', 'abc'), 'key abc here', 'a 3-character "secret" is too short to redact');
    assert.equal(redact('key abcd and abcd', 'abcd'), 'key *** and ***');
    assert.equal(redact('bearer tok123, next', undefined), 'bearer ***, next');
    assert.equal(redact('{"h":"Bearer t0k"}', undefined), '{"h":"Bearer ***"}');
    assert.equal(redact('Bearer   spaced', undefined), 'Bearer   ***');
  });

  it("what counts as the server's own message", () => {
    assert.equal(serverMessage('  '), undefined);
    assert.equal(serverMessage('plain words'), 'plain words');
    assert.equal(serverMessage('not json', 'application/json'), undefined);
    assert.equal(serverMessage('x', 'application/xml'), undefined);
    assert.equal(serverMessage('  <p>hi</p>'), undefined);
    assert.equal(serverMessage('<!doctype html>'), undefined);
    assert.equal(serverMessage('"a JSON string"'), 'a JSON string');
    assert.equal(serverMessage('{"broken'), '{"broken', 'text that only looks like JSON is used as text');
    assert.equal(serverMessage('Oops <HTML><body>x</body></HTML>'), undefined, 'a page in capitals');
    assert.equal(serverMessage('[1, 2]'), undefined, 'a JSON array carries no message');
    const late = `${'x'.repeat(250)}<html>`;
    assert.equal(serverMessage(late), late, 'only the first 200 characters decide whether it is a page');
  });

  it('messages inside error objects: nested, flat, FastAPI lists; blanks skipped', () => {
    assert.equal(messageFromObject({ error: null, message: 'flat' }), 'flat');
    assert.equal(messageFromObject({ error: { code: 1 }, message: 'outer' }), 'outer');
    assert.equal(messageFromObject({ error: { message: 'inner' }, message: 'outer' }), 'inner');
    assert.equal(messageFromObject({ message: '  ', msg: 'from msg' }), 'from msg');
    assert.equal(messageFromObject({ error_msg: 'from error_msg' }), 'from error_msg');
    assert.equal(messageFromObject({ detail: [{ msg: 'field required' }, { nothing: 1 }, { msg: 'bad type' }] }), 'field required; bad type');
    assert.equal(messageFromObject({ detail: [{ nothing: 1 }] }), undefined);
    assert.equal(messageFromObject(42), undefined);
    assert.equal(messageFromObject(null), undefined);
    assert.equal(messageFromObject(''), undefined);
  });

  it('a 2xx answer that is not a stream says what came instead', () => {
    const nonStream = (body: string, contentType?: string) =>
      errorFromNonStream({ status: 200, body, requestId: 'r', apiKey: 'sk-secret-1', ...(contentType ? { contentType } : {}) }).message;
    assert.equal(nonStream('{"error":{"message":"bad key sk-secret-1"}}', 'application/json'), 'The server sent an error instead of a stream: bad key ***');
    assert.equal(nonStream('<html></html>', 'text/html; charset=utf-8'), 'The server answered with a web page (text/html) instead of an event stream. Check the base URL.');
    assert.equal(nonStream('  {"message":"m"}', 'application/json'), 'The server sent an error instead of a stream: m');
    assert.equal(nonStream('  <p>x</p>'), 'The server answered with a web page (none) instead of an event stream. Check the base URL.');
    assert.equal(nonStream('hello'), 'The server answered with none instead of an event stream (text/event-stream). Check the base URL.');
    assert.equal(nonStream('hello', ' ; charset=utf-8'), 'The server answered with none instead of an event stream (text/event-stream). Check the base URL.');
    const e = errorFromNonStream({ status: 203, body: 'x', requestId: 'q' });
    assert.deepEqual([e.kind, e.status, e.requestId], ['protocol', 203, 'q']);
  });

  it('error objects inside a stream: numeric and string codes, then known words, else server', () => {
    assert.deepEqual(kindFromErrorObject({ error: { code: '429' } }), { kind: 'rate_limit', status: 429 });
    assert.deepEqual(kindFromErrorObject({ error: { status_code: 503 } }), { kind: 'server', status: 503 });
    assert.deepEqual(kindFromErrorObject({ status: 401, error: 'x' }), { kind: 'auth', status: 401 });
    assert.deepEqual(kindFromErrorObject({ code: 600 }), { kind: 'server' });
    assert.deepEqual(kindFromErrorObject({ code: 400 }), { kind: 'invalid', status: 400 });
    assert.deepEqual(kindFromErrorObject({ code: 599 }), { kind: 'server', status: 599 });
    assert.deepEqual(kindFromErrorObject({ error: { code: 'ratelimit' } }), { kind: 'rate_limit' });
    assert.deepEqual(kindFromErrorObject({ error: { code: 'apikey_missing' } }), { kind: 'auth' });
    assert.deepEqual(kindFromErrorObject({ code: 399 }), { kind: 'server' });
    assert.deepEqual(kindFromErrorObject({ code: '4000' }), { kind: 'server' });
    assert.deepEqual(kindFromErrorObject({ error: { code: 'rate_limit_exceeded' } }), { kind: 'rate_limit' });
    assert.deepEqual(kindFromErrorObject({ error: { type: 'too_many_requests' } }), { kind: 'rate_limit' });
    assert.deepEqual(kindFromErrorObject({ error: { type: 'authentication_error' } }), { kind: 'auth' });
    assert.deepEqual(kindFromErrorObject({ error: { code: 'invalid_api_key' } }), { kind: 'auth' });
    assert.deepEqual(kindFromErrorObject({ error: { code: 'Unauthorised' } }), { kind: 'auth' });
    assert.deepEqual(kindFromErrorObject({ error: { code: 'insufficient_quota' } }), { kind: 'balance' });
    assert.deepEqual(kindFromErrorObject({ error: { type: 'billing_hard_limit' } }), { kind: 'balance' });
    assert.deepEqual(kindFromErrorObject({ error: { type: 'invalid_request_error' } }), { kind: 'invalid' });
    assert.deepEqual(kindFromErrorObject({ code: 'bad_request' }), { kind: 'invalid' });
    assert.deepEqual(kindFromErrorObject(null), { kind: 'server' });
  });

  it('the most specific network code along the cause chain', () => {
    assert.equal(errorCode({ code: 'UND_ERR_SOCKET', cause: { code: 'ECONNRESET' } }), 'ECONNRESET');
    assert.equal(errorCode({ code: 'UND_ERR_SOCKET', cause: { code: 'EWEIRD' } }), 'UND_ERR_SOCKET');
    assert.equal(errorCode({ code: 42, cause: { code: 'ENOTFOUND' } }), 'ENOTFOUND');
    assert.equal(errorCode(new Error('no code')), undefined);
    assert.equal(errorCode('ECONNRESET'), undefined);
    assert.equal(errorCode({ code: 'EPIPE', cause: null }), 'EPIPE');
    const loop: { code: string; cause?: unknown } = { code: 'UND_ERR_SOCKET' };
    loop.cause = loop;
    assert.equal(errorCode(loop), 'UND_ERR_SOCKET', 'a cause chain that loops is followed a few steps only');
  });

  it('which codes are network failures', () => {
    assert.equal(isNetworkError({ code: 'EWHATEVER' }), true);
    assert.equal(isNetworkError({ code: 'UND_ERR_BODY_TIMEOUT' }), true);
    assert.equal(isNetworkError({ code: 'ERR_SSL_WRONG_VERSION_NUMBER' }), true);
    assert.equal(isNetworkError({ code: 'UND_ERR_INVALID_ARG' }), false);
    assert.equal(isNetworkError({ code: 'E1' }), false);
    assert.equal(isNetworkError({ code: 'XEABC' }), false);
    assert.equal(isNetworkError({ code: 'EABC_1' }), false);
    assert.equal(isNetworkError(new Error('x')), false);
  });

  it('network failures: what the user reads, and whether it is retried', () => {
    const t = net({ code: 'UND_ERR_CONNECT_TIMEOUT' });
    assert.deepEqual([t.kind, t.timeout, t.message], ['timeout', 'connect', 'Connecting to api.example timed out.']);
    const cut = net({ code: 'UND_ERR_SOCKET' }, true);
    assert.equal(cut.kind, 'truncated');
    assert.equal(cut.message, 'The answer was cut off: the connection to api.example closed before the stream ended (connection closed by the server).');
    const reset = net({ code: 'ECONNRESET' }, true);
    assert.deepEqual([reset.kind, reset.message], ['network', 'The connection to api.example was reset while the answer was streaming.']);
    assert.equal(net({ code: 'ECONNRESET' }).message, 'Network error talking to api.example: connection reset.');
    assert.equal(net({ code: 'ECONNREFUSED' }).message, 'Cannot connect to api.example (connection refused). Is the server running?');
    assert.equal(net({ code: 'ENOTFOUND' }).message, 'Cannot find api.example (host not found (DNS)). Check the base URL and your network.');
    assert.equal(net({ code: 'EAI_AGAIN' }).message, 'Cannot find api.example (DNS lookup failed). Check the base URL and your network.');
    assert.equal(net({ code: 'EODD' }).message, 'Network error talking to api.example: network error EODD.');
    const none = net(new Error('x'));
    assert.deepEqual([none.message, none.retryable], ['Network error talking to api.example: network error.', true]);
    const tls = net({ code: 'ERR_SSL_WRONG_VERSION_NUMBER' });
    assert.match(tls.message, /^Secure connection to api\.example failed \(ERR_SSL_WRONG_VERSION_NUMBER\)\. Check that the base URL uses the right scheme/);
    assert.equal(tls.retryable, false, 'a certificate problem is not retried');
    const expired = net({ code: 'CERT_HAS_EXPIRED' });
    assert.deepEqual([expired.message, expired.retryable], ['Network error talking to api.example: TLS certificate expired.', false]);
    assert.equal(net({ code: 'ECONNRESET' }).retryable, true);
    assert.ok(net({ code: 'ECONNRESET' }).cause, 'the socket error is kept as the cause');
  });

  it('DeepSeekError: retry policy by kind, overridable; optional fields as given', () => {
    const e = new DeepSeekError({ kind: 'server', status: 503, message: 'm', requestId: 'r' });
    assert.equal(e.name, 'DeepSeekError');
    assert.equal(e.retryable, true);
    assert.equal(new DeepSeekError({ kind: 'server', status: 503, message: 'm', requestId: 'r', retryable: false }).retryable, false);
    assert.equal(new DeepSeekError({ kind: 'auth', status: 401, message: 'm', requestId: 'r' }).retryable, false);
    const bare = new DeepSeekError({ kind: 'protocol', message: 'm', requestId: 'r' });
    assert.deepEqual([bare.status, bare.retryAfterMs, bare.timeout], [undefined, undefined, undefined]);
    const full = new DeepSeekError({ kind: 'timeout', status: 408, retryAfterMs: 5, timeout: 'idle', message: 'm', requestId: 'r' });
    assert.deepEqual([full.status, full.retryAfterMs, full.timeout], [408, 5, 'idle']);
    assert.equal(bare.cause, undefined);
    assert.equal(new DeepSeekError({ kind: 'network', message: 'm', requestId: 'r', cause: 'why' }).cause, 'why');
  });
});
