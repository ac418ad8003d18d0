// What every surface sends, built from the settings and the key: the preflight that refuses to ask
// without a key, the settings that reach the server, the editor's proxy and the shared request limit.

import * as assert from 'node:assert/strict';
import { streamChat } from '../../../../../src/deepseek';
import { chatRequestFor, clientConfigFor, sharedRateLimiter } from '../../../../../src/host/core/common/clientConfig';
import { readyToAsk } from '../../../../../src/host/core/common/preflight';
import { readSettings, type Settings } from '../../../../../src/host/core/common/settings';
import { answer, startTestServer } from '../../../../server';
import { collect } from '../../../helpers';

const settingsFrom = (values: Record<string, unknown>): Settings => {
  const r = readSettings((key) => values[key]);
  assert.ok(r.ok);
  return r.settings;
};

describe('host: client config and preflight', () => {
  it('without a key, a question to a server elsewhere is refused with how to set one', async () => {
    const ready = await readyToAsk({
      settings: () => readSettings((key) => (key === 'baseUrl' ? 'https://api.deepseek.com' : undefined)),
      apiKey: async () => undefined,
    });
    assert.ok(!ready.ok && ready.problem === 'key');
    assert.equal(ready.message, 'No API key is set. Run "DeepSeek: Set API Key" to store one in the system keychain.');
  });

  it("the gateway headers, temperature and answer limit of the settings reach the server; unset ones are not sent", async () => {
    const server = await startTestServer();
    try {
      const ask = async (values: Record<string, unknown>) => {
        const ready = await readyToAsk({ settings: () => readSettings((key) => ({ baseUrl: server.url, ...values })[key]), apiKey: async () => 'sk-test' });
        assert.ok(ready.ok);
        server.enqueue(answer('Hi.'));
        const got = await collect(streamChat(ready.config, chatRequestFor(ready.settings, [{ role: 'user', content: 'Hello' }])));
        assert.equal(got.error, undefined);
        return server.requests[server.requests.length - 1];
      };
      const tuned = await ask({ headers: { 'X-Team': 'payments' }, temperature: 0.2, maxTokens: 500 });
      assert.equal(tuned.headers['x-team'], 'payments');
      assert.equal(tuned.headers.authorization, 'Bearer sk-test');
      assert.equal(tuned.body.temperature, 0.2);
      assert.equal(tuned.body.max_tokens, 500);
      const plain = await ask({});
      assert.equal(plain.headers['x-team'], undefined);
      assert.ok(!('temperature' in plain.body) && !('max_tokens' in plain.body), JSON.stringify(plain.body));
    } finally {
      await server.close();
    }
  });

  it("the editor's proxy and certificate settings go with the config", () => {
    const network = { proxy: 'http://proxy.corp:3128', noProxy: ['*.corp.example'], strictSSL: true };
    const config = clientConfigFor({ ...settingsFrom({ baseUrl: 'https://api.deepseek.com' }), network }, 'sk-test');
    assert.deepEqual(config.network, network);
  });

  it('a request limit set while a config is in use (a long document being written) applies to its next requests', () => {
    const limiter = sharedRateLimiter();
    try {
      const config = clientConfigFor(settingsFrom({ baseUrl: 'https://api.deepseek.com', maxRequestsPerSecond: 0 }), 'sk-test');
      // What the host does when deepseek.maxRequestsPerSecond changes (services.ts).
      limiter.setRate(2);
      assert.equal(config.rateLimiter?.perSecond, 2);
      const later = clientConfigFor(settingsFrom({ baseUrl: 'https://api.deepseek.com', maxRequestsPerSecond: 0 }), 'sk-test');
      assert.equal(later.rateLimiter?.perSecond, 0, 'a config built with the limit off turns it off for every config');
      assert.equal(config.rateLimiter, later.rateLimiter, 'one limit for the whole window');
    } finally {
      limiter.setRate(0);
    }
  });
});
