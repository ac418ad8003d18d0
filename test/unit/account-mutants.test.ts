// GET /models and /user/balance, the edges: amounts and lengths that are blank or absent, answers that
// are not lists, the headers sent, statuses outside 2xx, timeouts, abort, the request limit, and the
// exact words of each error. Complements account.test.ts.

import * as assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { DeepSeekError, getBalance, listModels, parseBalance, parseModels, withoutBeta } from '../../src/deepseek';
import type { RequestGate } from '../../src/deepseek/rateLimit';
import { errorResponse, startTestServer, type Scenario, type TestServer } from '../server';
import { KEY } from './helpers';

/** A server that takes the request and never answers (no headers): only a timeout or an abort ends it. */
const STALL: Scenario = { steps: [{ until: new Promise(() => undefined) }] };

/** Polls until the condition holds; the mocha timeout is the only limit (no fixed wait, no ceiling). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 5));
}

/** Runs `p`, expects a DeepSeekError, and hands it back for assertions. */
async function failure(p: Promise<unknown>): Promise<DeepSeekError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof DeepSeekError, `not a DeepSeekError: ${String(e)}`);
    return e;
  }
  assert.fail('expected the request to fail');
}

describe('account endpoints: edges', () => {
  describe('parseModels', modelParserTests);
  describe('parseBalance', balanceParserTests);
  describe('withoutBeta', withoutBetaTests);

  describe('requests against the test server', () => {
    let server: TestServer;
    let host: string;
    beforeEach(async () => {
      server = await startTestServer();
      host = new URL(server.url).host;
    });
    afterEach(async () => server.close());

    requestTests(() => ({ server, host }));
    failureTests(() => ({ server, host }));
    connectionTests(() => ({ server, host }));
    abortTests(() => ({ server, host }));
  });
});

type Ctx = () => { server: TestServer; host: string };

function requestTests(ctx: Ctx): void {
  it('sends accept: application/json and the request id that errors carry', async () => {
    const { server } = ctx();
    server.account.models = errorResponse(500, { error: { message: 'boom' } });
    const e = await failure(listModels({ baseUrl: server.url, apiKey: KEY }));
    const req = server.requests.at(-1)!;
    assert.equal(req.method, 'GET');
    assert.equal(req.headers.accept, 'application/json');
    assert.match(String(req.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    assert.equal(e.requestId, req.headers['x-request-id']);
  });

  it('sends no authorization header without a key, or with a blank one', async () => {
    const { server } = ctx();
    // The type asks for a string, but the client also guards a key that is missing at run time.
    await listModels({ baseUrl: server.url, apiKey: undefined as unknown as string });
    await listModels({ baseUrl: server.url, apiKey: '   ' });
    assert.equal(server.requests.length, 2);
    for (const req of server.requests) assert.equal(req.headers.authorization, undefined);
  });

  it('sends the key trimmed', async () => {
    const { server } = ctx();
    await getBalance({ baseUrl: server.url, apiKey: `  ${KEY}\t` });
    assert.equal(server.requests.at(-1)!.headers.authorization, `Bearer ${KEY}`);
  });

  it('refuses a base URL that does not start with http(s), before any request', async () => {
    const { server } = ctx();
    // "http://" later in the URL does not make it an http URL.
    for (const baseUrl of ['ftp://127.0.0.1:9/http://mirror', 'api.deepseek.com']) {
      const e = await failure(listModels({ baseUrl, apiKey: KEY }));
      assert.equal(e.kind, 'invalid');
      assert.equal(e.message, 'The base URL is not a valid http(s) URL.');
    }
    assert.equal(server.requests.length, 0);
  });

  it('waits for the shared request limit before asking, and still times out after it', async () => {
    const { server, host } = ctx();
    let release!: () => void;
    let noteAsked!: (signal: AbortSignal | undefined) => void;
    // Settles when the client asks the limiter (a promise, not a poll: nothing keeps running if it never does).
    const asked = new Promise<AbortSignal | undefined>((r) => (noteAsked = r));
    const gate: RequestGate = {
      perSecond: 1,
      acquire: (signal) => {
        noteAsked(signal);
        return new Promise<void>((r) => (release = r));
      },
    };
    const pending = listModels({ baseUrl: server.url, apiKey: KEY, rateLimiter: gate });
    assert.ok((await asked) instanceof AbortSignal);
    assert.equal(server.requests.length, 0, 'asked the server before the limiter let it');
    release();
    assert.deepEqual((await pending).map((m) => m.id), ['deepseek-flash', 'deepseek-v4-pro']);
    assert.equal(server.requests.length, 1);

    // After the limiter lets the request go, the whole-request timeout still applies.
    server.account.models = STALL;
    const open: RequestGate = { perSecond: 1, acquire: async () => undefined };
    const e = await failure(listModels({ baseUrl: server.url, apiKey: KEY, rateLimiter: open, timeoutMs: 600 }));
    assert.equal(e.kind, 'timeout');
    assert.equal(e.message, `${host} did not answer /models within 1 s.`);
  });
}

function failureTests(ctx: Ctx): void {
  it('a 5xx is a server error with the status and the server message', async () => {
    const { server } = ctx();
    server.account.balance = errorResponse(500, { error: { message: 'database down' } });
    const e = await failure(getBalance({ baseUrl: server.url, apiKey: KEY }));
    assert.equal(e.kind, 'server');
    assert.equal(e.status, 500);
    assert.equal(e.message, 'Server error (500): database down');
  });

  it('an HTML error page (by its content type) is described, not quoted', async () => {
    const { server } = ctx();
    server.account.models = errorResponse(503, 'Maintenance until 10:00', { 'Content-Type': 'text/html' });
    const e = await failure(listModels({ baseUrl: server.url, apiKey: KEY }));
    assert.equal(e.status, 503);
    assert.equal(e.message, 'Server overloaded (503): the server is overloaded. Try again shortly.');
  });

  it('a 3xx answer is an error, not a model list', async () => {
    const { server } = ctx();
    server.account.models = errorResponse(300, { data: [{ id: 'from-a-redirect' }] });
    const e = await failure(listModels({ baseUrl: server.url, apiKey: KEY }));
    assert.equal(e.status, 300);
    assert.equal(e.kind, 'protocol');
  });

  it('a 2xx body that is not JSON is a protocol error naming the host and the path', async () => {
    const { server, host } = ctx();
    server.account.models = errorResponse(200, '<html>Sign in</html>');
    const e = await failure(listModels({ baseUrl: server.url, apiKey: KEY }));
    assert.equal(e.kind, 'protocol');
    assert.equal(e.status, 200);
    assert.equal(e.message, `${host} answered /models with something that is not JSON.`);
  });

  it('JSON without a model list or balance says which answer could not be read', async () => {
    const { server, host } = ctx();
    server.account.models = errorResponse(200, { object: 'list' });
    server.account.balance = errorResponse(200, { balance: 3 });
    const m = await failure(listModels({ baseUrl: server.url, apiKey: KEY }));
    const b = await failure(getBalance({ baseUrl: server.url, apiKey: KEY }));
    assert.equal(m.message, `The model list from ${host} could not be read: the answer has no model list.`);
    assert.equal(b.message, `The balance from ${host} could not be read: the answer has no balance_infos.`);
    // Not tied to one request of the server: no request id to quote.
    assert.deepEqual([m.kind, m.requestId, b.kind, b.requestId], ['protocol', '', 'protocol', '']);
  });

  it('says plainly when the server has no balance endpoint', async () => {
    const { server, host } = ctx();
    server.account.balance = errorResponse(404, { error: { message: 'Not found' } });
    const e = await failure(getBalance({ baseUrl: server.url, apiKey: KEY }));
    assert.equal(e.kind, 'invalid');
    assert.equal(e.message, `${host} has no balance endpoint (/user/balance answered 404).`);
  });
}

function connectionTests(ctx: Ctx): void {
  it('a server that never answers is a timeout naming the host, the path and the seconds', async () => {
    const { server, host } = ctx();
    server.account.balance = STALL;
    // 0.6 s is said as 1 s: the message counts whole seconds, not milliseconds.
    const e = await failure(getBalance({ baseUrl: server.url, apiKey: KEY, timeoutMs: 600 }));
    assert.equal(e.kind, 'timeout');
    assert.equal(e.message, `${host} did not answer /user/balance within 1 s.`);
  });

  it('a refused connection names the host in a full sentence', async () => {
    const { server, host } = ctx();
    const url = server.url;
    await server.close();
    const e = await failure(getBalance({ baseUrl: url, apiKey: KEY }));
    assert.equal(e.kind, 'network');
    assert.equal(e.message, `Cannot connect to ${host} (connection refused). Is the server running?`);
  });

  it('a proxy that is not running is named as the proxy, not as the server', async () => {
    const { server, host } = ctx();
    await server.close();
    // Loopback targets never go through a proxy: ask a remote name, through the closed port.
    const network = { proxy: `http://${host}`, env: {} };
    const e = await failure(listModels({ baseUrl: 'http://api.deepseek.example', apiKey: KEY, network }));
    assert.equal(e.kind, 'network');
    assert.match(e.message, new RegExp(`^Cannot connect to the proxy ${host.replace(/\./g, '\\.')} \\(connection refused\\)`));
  });
}

function abortTests(ctx: Ctx): void {
  it('an already aborted signal stops the request', async () => {
    const { server } = ctx();
    const stop = new AbortController();
    stop.abort();
    const e = await failure(listModels({ baseUrl: server.url, apiKey: KEY }, stop.signal));
    assert.equal(e.kind, 'aborted');
    assert.equal(e.message, 'The request was stopped.');
  });

  it('aborting while the server is silent stops the request at once', async () => {
    const { server } = ctx();
    server.account.models = STALL;
    const stop = new AbortController();
    const pending = failure(listModels({ baseUrl: server.url, apiKey: KEY }, stop.signal));
    await until(() => server.requests.length === 1);
    stop.abort();
    const e = await pending;
    assert.equal(e.kind, 'aborted');
    assert.equal(e.message, 'The request was stopped.');
  });

  it('leaves no abort listener behind on a signal shared by many requests', async () => {
    const { server } = ctx();
    const shared = new AbortController();
    await listModels({ baseUrl: server.url, apiKey: KEY }, shared.signal);
    await getBalance({ baseUrl: server.url, apiKey: KEY }, shared.signal);
    server.account.models = errorResponse(500, { error: { message: 'boom' } });
    await failure(listModels({ baseUrl: server.url, apiKey: KEY }, shared.signal));
    assert.equal(getEventListeners(shared.signal, 'abort').length, 0);
  });
}

function modelParserTests(): void {
  it('an answer that is null or a bare value has no model list', () => {
    // null must be told apart from an object before reading `.data`.
    for (const json of [null, undefined, 0, '', 'models', 42, true]) {
      assert.throws(() => parseModels(json), /the answer has no model list/, String(json));
    }
  });

  it('trims names from Ollama and bare string entries', () => {
    assert.deepEqual(parseModels({ models: [{ name: '  llama3:8b\t' }] }), [{ id: 'llama3:8b' }]);
    assert.deepEqual(parseModels([' a ', 'b\n']), [{ id: 'a' }, { id: 'b' }]);
  });

  it('a null or blank context length falls through to the next field', () => {
    const models = parseModels({
      data: [
        { id: 'a', context_length: null, max_model_len: 4096 },
        { id: 'b', context_length: '', max_model_len: 8192 },
        { id: 'c', context_length: '   ', context_window: 1024 },
        { id: 'd', context_length: true, max_model_len: 2048 },
      ],
    });
    assert.deepEqual(models, [
      { id: 'a', contextLength: 4096 },
      { id: 'b', contextLength: 8192 },
      { id: 'c', contextLength: 1024 },
      { id: 'd', contextLength: 2048 },
    ]);
  });

  it('a zero or negative context length is left out', () => {
    const models = parseModels({ data: [{ id: 'zero', context_length: 0 }, { id: 'neg', max_model_len: '-5' }] });
    assert.deepEqual(models, [{ id: 'zero' }, { id: 'neg' }]);
  });
}

function balanceParserTests(): void {
  it('granted and topped-up amounts the server leaves out are absent, not undefined', () => {
    const b = parseBalance({ is_available: true, balance_infos: [{ currency: 'USD', total_balance: '5' }] });
    // Strict deepEqual: a key holding undefined is not the same as no key.
    assert.deepEqual(b.balances, [{ currency: 'USD', total: 5 }]);
    assert.ok(!('granted' in b.balances[0]!) && !('toppedUp' in b.balances[0]!));
  });

  it('blank, whitespace or null amounts are not zero', () => {
    const b = parseBalance({
      balance_infos: [
        { currency: 'CNY', total_balance: '', granted_balance: '1' },
        { currency: 'EUR', total_balance: '   ' },
        { currency: 'USD', total_balance: '2', granted_balance: '', topped_up_balance: '  ' },
        { currency: 'GBP', total_balance: '3', granted_balance: null, topped_up_balance: false },
      ],
    });
    assert.deepEqual(b, {
      available: true,
      balances: [
        { currency: 'USD', total: 2 },
        { currency: 'GBP', total: 3 },
      ],
    });
  });
}

function withoutBetaTests(): void {
  it('strips /beta after trimming spaces and every trailing slash', () => {
    assert.equal(withoutBeta('  https://api.deepseek.com/beta  '), 'https://api.deepseek.com');
    assert.equal(withoutBeta('https://api.deepseek.com/beta//'), 'https://api.deepseek.com');
  });

  it('leaves a /beta that is not the last path segment', () => {
    assert.equal(withoutBeta('https://gw.example/beta-proxy/v1'), 'https://gw.example/beta-proxy/v1');
    assert.equal(withoutBeta('https://gw.example/beta/v1'), 'https://gw.example/beta/v1');
  });
}
