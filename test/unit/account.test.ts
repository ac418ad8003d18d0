// GET /models and /user/balance: parsers for DeepSeek's and other OpenAI-compatible servers' shapes,
// and the requests against the test server (key sent, /beta stripped, errors in words).

import * as assert from 'node:assert/strict';
import { DeepSeekError, getBalance, listModels, parseBalance, parseModels } from '../../src/deepseek';
import { errorResponse, startTestServer, type TestServer } from '../server';
import { KEY } from './helpers';

describe('account endpoints', () => {
  describe('parseModels', () => {
    it("reads DeepSeek's list", () => {
      const models = parseModels({
        object: 'list',
        data: [
          { id: 'deepseek-flash', object: 'model', owned_by: 'deepseek' },
          { id: 'deepseek-v4-pro', object: 'model', owned_by: 'deepseek' },
        ],
      });
      assert.deepEqual(models, [
        { id: 'deepseek-flash', ownedBy: 'deepseek' },
        { id: 'deepseek-v4-pro', ownedBy: 'deepseek' },
      ]);
    });

    it('reads context lengths from OpenRouter and vLLM, skips junk and duplicates', () => {
      const models = parseModels({
        data: [
          { id: 'deepseek/deepseek-flash', context_length: 163840 },
          { id: 'qwen', max_model_len: '32768' },
          { id: 'qwen' },
          { object: 'model' },
          null,
          { id: '  ' },
        ],
      });
      assert.deepEqual(models, [
        { id: 'deepseek/deepseek-flash', contextLength: 163840 },
        { id: 'qwen', contextLength: 32768 },
      ]);
    });

    it("reads Ollama's native `models: [{name}]` and bare arrays", () => {
      assert.deepEqual(parseModels({ models: [{ name: 'llama3:8b' }] }), [{ id: 'llama3:8b' }]);
      assert.deepEqual(parseModels(['a', 'b']), [{ id: 'a' }, { id: 'b' }]);
    });

    it('rejects an answer without a list', () => {
      assert.throws(() => parseModels({ error: 'nope' }), /no model list/);
    });
  });

  describe('parseBalance', () => {
    it("reads DeepSeek's string amounts in both currencies", () => {
      const b = parseBalance({
        is_available: true,
        balance_infos: [
          { currency: 'CNY', total_balance: '110.00', granted_balance: '10.00', topped_up_balance: '100.00' },
          { currency: 'USD', total_balance: '1.5', granted_balance: '0', topped_up_balance: '1.5' },
        ],
      });
      assert.deepEqual(b, {
        available: true,
        balances: [
          { currency: 'CNY', total: 110, granted: 10, toppedUp: 100 },
          { currency: 'USD', total: 1.5, granted: 0, toppedUp: 1.5 },
        ],
      });
    });

    it('an empty account is not available; bad entries are skipped; no list is an error', () => {
      assert.deepEqual(parseBalance({ is_available: false, balance_infos: [{ currency: 'CNY', total_balance: 'x' }] }), { available: false, balances: [] });
      assert.throws(() => parseBalance({ balance: 3 }), /no balance_infos/);
    });
  });

  describe('against the test server', () => {
    let server: TestServer;
    beforeEach(async () => (server = await startTestServer()));
    afterEach(async () => server.close());

    it('lists models with the key, asking outside /beta', async () => {
      server.account.models = ['deepseek-v4-flash', 'deepseek-v4-pro'];
      const models = await listModels({ baseUrl: `${server.url}/beta/`, apiKey: KEY });
      assert.deepEqual(models.map((m) => m.id), ['deepseek-v4-flash', 'deepseek-v4-pro']);
      const req = server.requests.at(-1)!;
      assert.equal(req.path, '/models');
      assert.equal(req.headers.authorization, `Bearer ${KEY}`);
    });

    it('says plainly when the server has no /models endpoint', async () => {
      server.account.models = errorResponse(404, { error: { message: 'Not found' } });
      await assert.rejects(listModels({ baseUrl: server.url, apiKey: KEY }), (e: unknown) => {
        assert.ok(e instanceof DeepSeekError);
        assert.match(e.message, /has no model list endpoint/);
        return true;
      });
    });

    it('maps 401 to an auth error without the key in the message', async () => {
      server.account.balance = errorResponse(401, { error: { message: `bad key ${KEY}` } });
      await assert.rejects(getBalance({ baseUrl: server.url, apiKey: KEY }), (e: unknown) => {
        assert.ok(e instanceof DeepSeekError);
        assert.equal(e.kind, 'auth');
        assert.ok(!e.message.includes(KEY), e.message);
        return true;
      });
    });

    it('reads the balance', async () => {
      const b = await getBalance({ baseUrl: server.url, apiKey: KEY });
      assert.equal(b.available, true);
      assert.deepEqual(b.balances[0], { currency: 'CNY', total: 110, granted: 10, toppedUp: 100 });
    });

    it('a refused connection is a network error naming the host', async () => {
      const url = server.url;
      await server.close();
      await assert.rejects(listModels({ baseUrl: url, apiKey: KEY }), (e: unknown) => {
        assert.ok(e instanceof DeepSeekError);
        assert.equal(e.kind, 'network');
        assert.match(e.message, /127\.0\.0\.1/);
        return true;
      });
      server = await startTestServer();
    });
  });
});
