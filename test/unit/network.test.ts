// Behind a corporate proxy with its own certificate authority: a real proxy on loopback (the `proxy`
// package, basic auth) is the only way to reach `https://api.deepseek.test`, whose certificate a test
// CA made at test time signs. The answer arrives with the right proxy and CA; each wrong piece gives
// an error naming its layer. Also: `deepseek.headers` ride along but cannot replace ours.

import * as assert from 'node:assert/strict';
import { getBalance, listModels } from '../../src/deepseek';
import { proxyFor, type NetworkSettings } from '../../src/deepseek/network';
import { answer, startTestServer } from '../server';
import { startCorporateNetwork, type CorporateNetwork } from '../server/corporateNetwork';
import { KEY, run } from './helpers';

const AUTH = { user: 'engineer', password: 'correct horse' };

describe('network: proxy and certificates', () => {
  let net: CorporateNetwork;
  const noEnv: NodeJS.ProcessEnv = {};

  before(async () => {
    net = await startCorporateNetwork(AUTH);
  });
  after(async () => {
    await net?.close();
  });

  function through(overrides: Partial<NetworkSettings>): NetworkSettings {
    const proxy = `http://${encodeURIComponent(AUTH.user)}:${encodeURIComponent(AUTH.password)}@${net.proxy.host}`;
    return { proxy, extraCaPems: [net.ca.caPem], env: noEnv, ...overrides };
  }

  it('answers through the proxy with the CA passed in', async () => {
    net.server.enqueue(answer('Hello through the proxy.'));
    const before = net.proxy.connects.length;
    const r = await run({ url: net.baseUrl }, { network: through({}) });
    assert.equal(r.error, undefined, r.error?.message);
    assert.equal(r.content, 'Hello through the proxy.');
    const connects = net.proxy.connects.slice(before);
    assert.ok(connects.some((c) => c.target === `${new URL(net.baseUrl).host}` && c.authorized), JSON.stringify(connects));
    const req = net.server.requests.at(-1)!;
    assert.equal(req.headers.authorization, `Bearer ${KEY}`);
  });

  it('answers with the CA in NODE_EXTRA_CA_CERTS and the proxy in HTTPS_PROXY', async () => {
    net.server.enqueue(answer('Found by the environment.'));
    const env: NodeJS.ProcessEnv = {
      HTTPS_PROXY: `http://${encodeURIComponent(AUTH.user)}:${encodeURIComponent(AUTH.password)}@${net.proxy.host}`,
      NODE_EXTRA_CA_CERTS: net.ca.caFile,
    };
    const r = await run({ url: net.baseUrl }, { network: { env } });
    assert.equal(r.error, undefined, r.error?.message);
    assert.equal(r.content, 'Found by the environment.');
    // The model list and the balance take the same road.
    assert.ok((await listModels({ baseUrl: net.baseUrl, apiKey: KEY, network: { env } })).length > 0);
    assert.equal((await getBalance({ baseUrl: net.baseUrl, apiKey: KEY, network: { env } })).available, true);
  });

  it('sends http.proxyAuthorization as the Proxy-Authorization header', async () => {
    net.server.enqueue(answer('Token accepted.'));
    const token = `Basic ${Buffer.from(`${AUTH.user}:${AUTH.password}`).toString('base64')}`;
    const r = await run({ url: net.baseUrl }, { network: through({ proxy: net.proxy.url, proxyAuthorization: token }) });
    assert.equal(r.error, undefined, r.error?.message);
    assert.equal(r.content, 'Token accepted.');
  });

  it('without the CA, the error names the certificate and what to do', async () => {
    const r = await run({ url: net.baseUrl }, { network: through({ extraCaPems: [] }) });
    assert.equal(r.error?.kind, 'network');
    assert.match(r.error!.message, /certificate of api\.deepseek\.test:\d+ is not trusted/);
    assert.match(r.error!.message, /NODE_EXTRA_CA_CERTS/);
    assert.equal(r.error!.retryable, false);
  });

  it('with http.proxyStrictSSL off, an untrusted certificate is accepted', async () => {
    net.server.enqueue(answer('Not verified, as asked.'));
    const r = await run({ url: net.baseUrl }, { network: through({ extraCaPems: [], strictSSL: false }) });
    assert.equal(r.error, undefined, r.error?.message);
    assert.equal(r.content, 'Not verified, as asked.');
  });

  it('with a wrong proxy password, the error names proxy authentication', async () => {
    const before = net.server.requests.length;
    const r = await run({ url: net.baseUrl }, { network: through({ proxy: `http://${AUTH.user}:wrong@${net.proxy.host}` }) });
    assert.equal(r.error?.kind, 'network');
    assert.match(r.error!.message, /proxy 127\.0\.0\.1:\d+ asks for authentication \(407/);
    assert.match(r.error!.message, /http\.proxy/);
    assert.equal(net.server.requests.length, before, 'nothing reached the server');
  });

  it('a proxy that is not running is named as the proxy', async () => {
    const r = await run({ url: net.baseUrl }, { network: through({ proxy: 'http://127.0.0.1:9' }) });
    assert.equal(r.error?.kind, 'network');
    assert.match(r.error!.message, /Cannot connect to the proxy 127\.0\.0\.1:9/);
  });

  it('without a proxy the .test host is not reachable at all', async () => {
    const r = await run({ url: net.baseUrl }, { network: { extraCaPems: [net.ca.caPem], env: noEnv } });
    assert.equal(r.error?.kind, 'network');
    assert.match(r.error!.message, /api\.deepseek\.test/);
  });

  it('http.noProxy and loopback bypass the proxy', async () => {
    const direct = await startTestServer();
    try {
      direct.enqueue(answer('Straight here.'));
      const before = net.proxy.connects.length;
      const r = await run(direct, { network: through({}) });
      assert.equal(r.content, 'Straight here.');
      assert.equal(net.proxy.connects.length, before, 'a loopback request went through the proxy');
    } finally {
      await direct.close();
    }
    const settings = through({ noProxy: ['*.corp.example', 'api.deepseek.test:8443'] });
    assert.equal(proxyFor('https://llm.corp.example/v1', settings), undefined);
    assert.equal(proxyFor('https://api.deepseek.test:8443', settings), undefined);
    assert.equal(proxyFor('https://api.deepseek.test:9443', settings), net.proxy.host);
    assert.equal(proxyFor('https://api.deepseek.com', { env: { HTTPS_PROXY: 'http://u:p@proxy.corp:3128', NO_PROXY: 'deepseek.com' } }), undefined);
    assert.equal(proxyFor('https://api.deepseek.com', { env: { HTTPS_PROXY: 'http://u:p@proxy.corp:3128' } }), 'proxy.corp:3128');
  });
});

describe('network: deepseek.headers', () => {
  it('sends the extra headers, and they cannot replace the key, content type or request id', async () => {
    const server = await startTestServer();
    try {
      server.enqueue(answer('ok'));
      const headers = { 'X-Gateway-Team': 'payments', Authorization: 'Bearer attacker', 'content-type': 'text/plain' };
      const r = await run(server, { headers });
      assert.equal(r.content, 'ok');
      const req = server.requests.at(-1)!;
      assert.equal(req.headers['x-gateway-team'], 'payments');
      assert.equal(req.headers.authorization, `Bearer ${KEY}`);
      assert.equal(req.headers['content-type'], 'application/json');
      await listModels({ baseUrl: server.url, apiKey: KEY, headers });
      const get = server.requests.at(-1)!;
      assert.equal(get.headers['x-gateway-team'], 'payments');
      assert.equal(get.headers.authorization, `Bearer ${KEY}`);
    } finally {
      await server.close();
    }
  });
});
