// FIM edges the first FIM tests left open: which bases count as DeepSeek's (the bare apex domain, a
// malformed base), and which optional body fields are left out (empty suffix, no or empty stop list,
// no temperature), the stop-sequence cap, and DeepSeek's thinking switch. Body fields are checked on
// what the test server received, except DeepSeek's own dialect, whose host the tests cannot reach.

import * as assert from 'node:assert/strict';
import { MAX_STOP_SEQUENCES, fimBody, fimEndpoint, isDeepSeekHost, streamFim, type FimRequest } from '../../src/deepseek';
import { startTestServer, type TestServer } from '../server';
import { collect, config } from './helpers';

const request = (extra: Partial<FimRequest> = {}): FimRequest => ({ model: 'deepseek-flash', prompt: 'let x = ', max_tokens: 32, ...extra });

describe('FIM client: endpoint edges and optional body fields', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(async () => server.close());

  /** Streams one completion to the test server and returns the JSON body it received. */
  async function sentBody(extra: Partial<FimRequest>): Promise<Record<string, unknown>> {
    server.fim.answer = () => '42';
    const before = server.requests.length;
    const r = await collect(streamFim(config(server), request(extra)));
    assert.equal(r.error, undefined);
    assert.equal(r.content, '42', 'the completion text still reaches the caller');
    assert.equal(server.requests.length, before + 1, 'one request, no retry');
    return server.requests.at(-1)!.body as Record<string, unknown>;
  }

  it('treats the bare deepseek.com domain (any case) as DeepSeek and routes it to /beta', () => {
    assert.equal(isDeepSeekHost('https://deepseek.com'), true);
    assert.deepEqual(fimEndpoint('https://DeepSeek.COM/v1'), { url: 'https://deepseek.com/beta/completions', flavour: 'deepseek' });
    // A look-alike domain is not DeepSeek's.
    assert.equal(isDeepSeekHost('https://notdeepseek.com'), false);
  });

  it('a malformed base is not DeepSeek: no throw, the plain /completions dialect', () => {
    assert.equal(isDeepSeekHost('not a url'), false);
    assert.equal(isDeepSeekHost(''), false);
    assert.deepEqual(fimEndpoint('not a url'), { url: 'not a url/completions', flavour: 'openai' });
  });

  it('leaves suffix out when it is empty or missing, and sends a non-empty one', async () => {
    assert.equal('suffix' in (await sentBody({ suffix: '' })), false, 'an empty suffix is not sent');
    assert.equal('suffix' in (await sentBody({})), false, 'a missing suffix is not sent');
    assert.equal((await sentBody({ suffix: '\n}' })).suffix, '\n}');
  });

  it('leaves stop and temperature out when the caller gives none', async () => {
    const body = await sentBody({});
    assert.equal('stop' in body, false, 'no stop list is invented');
    assert.equal('temperature' in body, false);
    // Only the fields every request has: a local server then applies its own defaults.
    assert.deepEqual(Object.keys(body).sort(), ['max_tokens', 'model', 'prompt', 'stream', 'stream_options']);
  });

  it('leaves stop out when every given sequence is empty', async () => {
    assert.equal('stop' in (await sentBody({ stop: [] })), false, 'an empty list is not sent');
    assert.equal('stop' in (await sentBody({ stop: ['', ''] })), false, 'a list of empty strings is not sent');
  });

  it('sends at most MAX_STOP_SEQUENCES stop sequences, the first ones, in order', async () => {
    const many = Array.from({ length: MAX_STOP_SEQUENCES + 4 }, (_, i) => `s${i}`);
    const body = await sentBody({ stop: many });
    assert.deepEqual(body.stop, many.slice(0, MAX_STOP_SEQUENCES));
    assert.equal(MAX_STOP_SEQUENCES, 16, "DeepSeek's documented limit");
  });

  it("switches thinking off in DeepSeek's dialect only", () => {
    const deepseek = JSON.parse(fimBody(request({ suffix: ';' }), 'deepseek')) as Record<string, unknown>;
    assert.deepEqual(deepseek.thinking, { type: 'disabled' });
    assert.equal(deepseek.suffix, ';');
    const openai = JSON.parse(fimBody(request({ suffix: ';' }), 'openai')) as Record<string, unknown>;
    assert.equal('thinking' in openai, false, 'a local server is not sent DeepSeek-only fields');
  });
});
