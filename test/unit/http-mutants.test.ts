// HTTP plumbing edges the mutation run found untested: which optional chat fields go on the wire
// (never a null), the endpoint of a base URL with trailing whitespace or slashes, the Authorization
// header for a key pasted with whitespace, how much of an error body is read (up to its cap, and not
// a byte further even when the server never ends it), and the placeholders used for a URL that does
// not parse. Wire fields, paths and headers are checked on what the test server received.

import * as assert from 'node:assert/strict';
import type { Dispatcher } from 'undici';
import { hostOf, readCapped, urlForLog } from '../../src/deepseek/http';
import type { ChatRequest } from '../../src/deepseek/types';
import { startTestServer, type Scenario, type TestServer } from '../server';
import { chat, run, waitFor } from './helpers';

/** A response body made of the given chunks that counts how many the reader pulled and whether it let go early. */
function chunkedBody(chunks: string[]): { body: Dispatcher.ResponseData['body']; pulled: () => number; closedEarly: () => boolean } {
  let pulled = 0;
  let finished = false;
  let closed = false;
  async function* source(): AsyncGenerator<Buffer> {
    try {
      for (const c of chunks) {
        pulled++;
        yield Buffer.from(c, 'utf8');
      }
      finished = true;
    } finally {
      closed = true;
    }
  }
  // readCapped only iterates the body, so an async generator stands in for undici's stream.
  const body = source() as unknown as Dispatcher.ResponseData['body'];
  return { body, pulled: () => pulled, closedEarly: () => closed && !finished };
}

/** An error response: `text` as plain text, then the server holds the connection open without ending it. */
function endlessError(status: number, text: string): Scenario {
  const never = new Promise<void>(() => undefined); // the server's step also ends when the client leaves
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, steps: [{ write: text }, { until: never }] };
}

describe('HTTP plumbing: wire fields, key header, capped error bodies', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(async () => server.close());

  /** Streams one chat answer and returns the JSON body the server received. */
  async function sentBody(extra: Partial<ChatRequest>): Promise<Record<string, unknown>> {
    const r = await run(server, {}, {}, chat('Say hello', extra));
    assert.equal(r.error, undefined);
    assert.ok(r.content.length > 0, 'the answer still reaches the caller');
    return server.requests.at(-1)!.body as Record<string, unknown>;
  }

  it('sends temperature and max_tokens when given, even 0, and leaves them out when missing', async () => {
    const given = await sentBody({ temperature: 0, max_tokens: 256 });
    assert.equal(given.temperature, 0);
    assert.equal(given.max_tokens, 256);
    assert.equal(given.stream, true);
    const missing = await sentBody({});
    assert.equal('temperature' in missing, false);
    assert.equal('max_tokens' in missing, false);
  });

  it('never sends a null temperature or max_tokens (a JS caller or parsed JSON can hand in null)', async () => {
    // Servers answer `"temperature": null` with a 400; a null means "not set".
    const body = await sentBody({ temperature: null as unknown as number, max_tokens: null as unknown as number });
    assert.equal('temperature' in body, false, 'no temperature: null on the wire');
    assert.equal('max_tokens' in body, false, 'no max_tokens: null on the wire');
  });

  it('a base URL pasted with trailing whitespace still reaches {base}/chat/completions', async () => {
    const r = await run(server, { baseUrl: `${server.url}/v1 \t` });
    assert.equal(r.error, undefined, r.error?.message);
    assert.equal(server.requests[0]!.path, '/v1/chat/completions');
  });

  it('a base URL ending in several slashes gets no empty path segment before /chat/completions', async () => {
    const r = await run(server, { baseUrl: `${server.url}/v1//` });
    assert.equal(r.error, undefined, r.error?.message);
    assert.equal(server.requests[0]!.path, '/v1/chat/completions');
  });

  it('sends the key trimmed: a key pasted with spaces or a tab still authenticates', async () => {
    const r = await run(server, { apiKey: '  sk-pasted-0123456789\t ' });
    assert.equal(r.error, undefined);
    assert.equal(server.requests[0]!.headers.authorization, 'Bearer sk-pasted-0123456789');
  });

  it('sends no Authorization header for a key of whitespace only', async () => {
    // A local server without auth gets no half-empty "Bearer" header.
    const r = await run(server, { apiKey: ' \t ' });
    assert.equal(r.error, undefined);
    assert.equal(server.requests[0]!.headers.authorization, undefined);
  });

  it('a huge error body that never ends gives its readable message, and the rest is dropped', async () => {
    const text = 'Upstream overloaded, try again later. ' + 'x'.repeat(200 * 1024);
    server.enqueue(endlessError(400, text));
    const r = await run(server);
    // Reading past the cap would wait on the open body until a timeout instead.
    assert.equal(r.error?.kind, 'invalid');
    assert.equal(r.error?.status, 400);
    assert.match(r.error!.message, /Upstream overloaded, try again later\./);
    await waitFor('the client to drop the connection', () => server.requests[0]!.clientAborted);
  });

  it('an error body of exactly the cap (64 KiB) that never ends is not waited on', async () => {
    const head = 'Quota exceeded for this key. ';
    server.enqueue(endlessError(429, head + 'y'.repeat(64 * 1024 - head.length)));
    const r = await run(server);
    assert.equal(r.error?.kind, 'rate_limit');
    assert.match(r.error!.message, /Quota exceeded for this key\./);
    await waitFor('the client to drop the connection', () => server.requests[0]!.clientAborted);
  });
});

describe('readCapped: how much of a body is read', () => {
  it('joins every chunk of a body under the cap', async () => {
    const src = chunkedBody(['{"error":{"mess', 'age":"boom"}}']);
    assert.equal(await readCapped(src.body), '{"error":{"message":"boom"}}');
    assert.equal(src.pulled(), 2);
  });

  it('stops at the chunk that reaches the cap exactly and never pulls the next one', async () => {
    const src = chunkedBody(['aaaa', 'bbbb', 'cccc']);
    assert.equal(await readCapped(src.body, 8), 'aaaabbbb');
    assert.equal(src.pulled(), 2, 'the chunk after the cap is not waited for');
    assert.equal(src.closedEarly(), true, 'the rest of the body is dropped');
  });

  it('cuts a chunk that crosses the cap', async () => {
    const src = chunkedBody(['abc', 'defgh', 'ijk']);
    assert.equal(await readCapped(src.body, 4), 'abcd');
    assert.equal(src.pulled(), 2);
  });
});

describe('URL placeholders for messages and logs', () => {
  it('names host:port only, or "the server" for a URL that does not parse', () => {
    assert.equal(hostOf('https://api.example.com:8443/v1/chat?key=secret'), 'api.example.com:8443');
    assert.equal(hostOf('not a url'), 'the server');
  });

  it('logs a URL without query or fragment, or "(invalid URL)"', () => {
    assert.equal(urlForLog('https://api.example.com/v1/chat/completions?key=secret#x'), 'https://api.example.com/v1/chat/completions');
    assert.equal(urlForLog('not a url'), '(invalid URL)');
  });
});
