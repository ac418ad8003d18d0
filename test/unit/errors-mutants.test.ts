// Behaviour of the error mapping (src/deepseek/errors.ts) that a StrykerJS run showed untested: the
// proxy and certificate messages, the model-not-found code, bodies that are bare JSON scalars,
// status-like string codes in stream errors, and cause chains at the depth the mapping follows.

import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import {
  DeepSeekError,
  errorCode,
  errorFromNetwork,
  errorFromStatus,
  isModelNotFound,
  isNetworkError,
  kindFromErrorObject,
  proxyStatus,
  serverMessage,
} from '../../src/deepseek/errors';

const host = 'api.example';
const net = (err: unknown, extra: { proxy?: string; afterAnswerStarted?: boolean } = {}) => errorFromNetwork(err, { host, requestId: 'r', ...extra });
/** undici's error when a proxy answers the CONNECT (tunnel) request with something other than 200. */
const tunnel = (status: number) => new Error(`Proxy response (${status}) !== 200 when HTTP Tunneling`);
/** `inner` under `levels` wrappers, the way fetch nests the socket error in `cause`. */
function wrapped(inner: object, levels: number): object {
  let e = inner;
  for (let i = 0; i < levels; i++) e = { message: 'fetch failed', cause: e };
  return e;
}

describe('errors: cases the mutation run found untested', () => {
  it('a proxy that refuses the tunnel is named with the host to allow; not retried', () => {
    const via = net(wrapped(tunnel(403), 1), { proxy: 'proxy.corp:3128' });
    assert.equal(via.kind, 'network');
    assert.equal(via.message, 'The proxy proxy.corp:3128 refused the connection to api.example (403). Check that the proxy allows api.example, or list it in "http.noProxy".');
    assert.equal(via.retryable, false, 'a retry meets the same proxy');
    assert.ok(via.cause, 'the underlying error is kept');
    // The proxy came from the environment and is not known by name: the sentence still reads.
    assert.equal(net(tunnel(502)).message, 'The proxy refused the connection to api.example (502). Check that the proxy allows api.example, or list it in "http.noProxy".');
  });

  it('a proxy asking for credentials says where to set them, with or without its name', () => {
    const undici = new Error('Proxy Authentication Required (407)');
    const named = net(undici, { proxy: 'proxy.corp:3128' });
    assert.equal(named.message, 'The proxy proxy.corp:3128 asks for authentication (407 Proxy Authentication Required). Check the user name and password in "http.proxy" or HTTPS_PROXY, or "http.proxyAuthorization".');
    assert.deepEqual([named.kind, named.retryable], ['network', false]);
    assert.equal(net(tunnel(407)).message, 'The proxy asks for authentication (407 Proxy Authentication Required). Check the user name and password in "http.proxy" or HTTPS_PROXY, or "http.proxyAuthorization".');
  });

  it('an untrusted certificate: the proxy is suspected only when one is in use', () => {
    const err = { code: 'SELF_SIGNED_CERT_IN_CHAIN' };
    const direct = net(err);
    assert.equal(direct.message, 'The certificate of api.example is not trusted (SELF_SIGNED_CERT_IN_CHAIN). If your company uses its own certificate authority, add it to NODE_EXTRA_CA_CERTS or turn on "http.systemCertificates".');
    assert.equal(direct.retryable, false);
    assert.equal(
      net(err, { proxy: 'proxy.corp:3128' }).message,
      'The certificate of api.example is not trusted (SELF_SIGNED_CERT_IN_CHAIN) (through the proxy proxy.corp:3128, which may inspect HTTPS with its own certificate). If your company uses its own certificate authority, add it to NODE_EXTRA_CA_CERTS or turn on "http.systemCertificates".',
    );
  });

  it('a proxy that cannot be reached is named with what failed, and is retried', () => {
    const refused = net({ code: 'ECONNREFUSED' }, { proxy: 'proxy.corp:3128' });
    assert.equal(refused.kind, 'network');
    assert.equal(refused.message, 'Cannot connect to the proxy proxy.corp:3128 (connection refused). Check "http.proxy" or HTTPS_PROXY / HTTP_PROXY, and that the proxy is running.');
    assert.equal(refused.retryable, true, 'the proxy may come up');
    // A code without words of its own is shown as the code.
    const slow = net({ code: 'UND_ERR_CONNECT_TIMEOUT' }, { proxy: 'proxy.corp:3128' });
    assert.match(slow.message, /^Cannot connect to the proxy proxy\.corp:3128 \(UND_ERR_CONNECT_TIMEOUT\)\./);
  });

  it('once the answer streams, a dropped connection through a proxy is a cut-off answer', () => {
    const e = net({ code: 'ETIMEDOUT' }, { proxy: 'proxy.corp:3128', afterAnswerStarted: true });
    assert.equal(e.kind, 'truncated');
    assert.equal(e.message, 'The answer was cut off: the connection to api.example closed before the stream ended (connection timed out).');
  });

  it('the model_not_found code alone marks a missing model, nested or flat, padded or not', () => {
    const gone = (code: string) => JSON.stringify({ error: { code, message: 'Resource unavailable' } });
    assert.equal(isModelNotFound(404, gone('model_not_found')), true);
    assert.equal(isModelNotFound(404, '{"code":"Model_Not_Found","message":"Resource unavailable"}'), true);
    assert.equal(isModelNotFound(404, `\n  ${gone('model_not_found')}`), true);
    assert.equal(errorFromStatus({ status: 404, body: gone('model_not_found'), requestId: 'r' }).modelNotFound, true);
    // Only the exact code: longer codes that contain it name something else.
    assert.equal(isModelNotFound(404, gone('fine_tuned_model_not_found')), false);
    assert.equal(isModelNotFound(404, gone('model_not_found_in_region')), false);
    assert.equal(errorFromStatus({ status: 404, body: gone('model_not_found_in_region'), requestId: 'r' }).modelNotFound, false);
  });

  it("a body that is a bare number or word is the server's text", () => {
    assert.equal(serverMessage('503'), '503');
    assert.equal(serverMessage('null'), 'null');
    assert.equal(errorFromStatus({ status: 400, body: 'false', requestId: 'r' }).message, 'Invalid request (400): false');
  });

  it('in a stream error, only exactly three digits are read as a status', () => {
    assert.deepEqual(kindFromErrorObject({ error: { code: '0429' } }), { kind: 'server' });
    assert.deepEqual(kindFromErrorObject({ error: { code: '429.0' } }), { kind: 'server' });
  });

  it('in a stream error, code and type are separate words and only strings are read', () => {
    assert.deepEqual(kindFromErrorObject({ error: { code: 'pay', type: 'ment' } }), { kind: 'server' });
    assert.deepEqual(kindFromErrorObject({ error: { code: ['invalid_request'] } }), { kind: 'server' });
  });

  it('cause chains are followed five levels deep, and end at a null cause', () => {
    assert.equal(errorCode(wrapped({ code: 'ECONNRESET' }, 4)), 'ECONNRESET');
    assert.equal(errorCode(wrapped({ code: 'ECONNRESET' }, 5)), undefined);
    assert.equal(errorCode({ code: 'UND_ERR_SOCKET', cause: null }), 'UND_ERR_SOCKET');
    assert.equal(proxyStatus(wrapped(tunnel(403), 4)), 403);
    assert.equal(proxyStatus(wrapped(tunnel(403), 5)), undefined);
    assert.equal(proxyStatus(new Error('fetch failed')), undefined);
    assert.equal(isNetworkError({ message: 'fetch failed', cause: null }), false);
    assert.equal(net({ message: 'fetch failed', cause: null }).message, 'Network error talking to api.example: network error.');
  });

  it('a thrown value that is not an object is not read for a code or a proxy status', () => {
    const thrown = Object.assign(() => undefined, { code: 'ECONNRESET', message: 'Proxy response (403) !== 200 when HTTP Tunneling' });
    assert.equal(errorCode(thrown), undefined);
    assert.equal(proxyStatus(thrown), undefined);
    assert.equal(isNetworkError(thrown), false);
  });

  it('an error built without a cause has none, so logs show no empty cause', () => {
    const e = new DeepSeekError({ kind: 'protocol', message: 'm', requestId: 'r' });
    assert.equal(Object.hasOwn(e, 'cause'), false);
    assert.doesNotMatch(inspect(e), /\[cause\]/);
  });
});
