// Network edges the mutation run found untested: which proxy variable wins (lower case first, blank
// ones skipped, padding trimmed), NO_PROXY forms (`*`, `.domain`, `host:port` with the scheme's
// default port, padded entries, trailing-dot names, IPv6 loopback with a port), how a proxy is named
// (as the URL parser reads it; only surrounding quotes dropped; a value that does not parse named
// without its credentials), when a CA list replaces Node's defaults, and how dispatchers are kept:
// one per configuration, a changed variable gets a new one, the oldest closed past the cap. Routing
// is checked with the pure `proxyFor` and, where only the dispatcher decides, with real requests
// through the loopback proxy of network.test.ts.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import type { Dispatcher } from 'undici';
import { caList, dispatcherFor, proxyFor, type NetworkSettings } from '../../src/deepseek/network';
import { answer, startTestServer } from '../server';
import { startCorporateNetwork, TEST_HOST, type CorporateNetwork } from '../server/corporateNetwork';
import { run, waitFor } from './helpers';

const PROXY = 'http://proxy.corp:3128';

/** The proxy an HTTPS request to api.deepseek.com takes with only these variables set. */
const httpsVia = (env: NodeJS.ProcessEnv, extra: Partial<NetworkSettings> = {}): string | undefined =>
  proxyFor('https://api.deepseek.com/v1', { env, ...extra });

describe('network: proxy variables', () => {
  it('reads the lower-case and upper-case variable of each scheme', () => {
    assert.equal(proxyFor('http://intranet.corp/', { env: { http_proxy: 'http://lower:8080' } }), 'lower:8080');
    assert.equal(proxyFor('http://intranet.corp/', { env: { HTTP_PROXY: 'http://upper:8080' } }), 'upper:8080');
    assert.equal(httpsVia({ https_proxy: 'http://lower:3128' }), 'lower:3128');
    assert.equal(httpsVia({ HTTPS_PROXY: 'http://upper:3128' }), 'upper:3128');
  });

  it('a blank variable is skipped, so its other spelling applies', () => {
    assert.equal(httpsVia({ https_proxy: '   ', HTTPS_PROXY: PROXY }), 'proxy.corp:3128');
    assert.equal(httpsVia({ https_proxy: '', HTTPS_PROXY: PROXY }), 'proxy.corp:3128');
  });

  it('trims whitespace a URL parser keeps, such as a pasted non-breaking space', () => {
    assert.equal(httpsVia({ HTTPS_PROXY: `${PROXY}\u00a0` }), 'proxy.corp:3128');
  });

  it('a blank http.proxy setting falls back to the environment', () => {
    assert.equal(httpsVia({ HTTPS_PROXY: PROXY }, { proxy: '   ' }), 'proxy.corp:3128');
  });

  it('HTTP_PROXY alone routes plain http, and https too', () => {
    const env = { HTTP_PROXY: PROXY };
    assert.equal(proxyFor('http://intranet.corp/', { env }), 'proxy.corp:3128');
    assert.equal(httpsVia(env), 'proxy.corp:3128');
  });

  it('a proxy URL that does not parse is still named, never with its credentials', () => {
    // Port 99999 makes `new URL` throw; the host part is still what the user needs to see.
    assert.equal(httpsVia({ HTTPS_PROXY: 'http://user:secret@proxy.corp:99999' }), 'proxy.corp:99999');
    assert.equal(httpsVia({ HTTPS_PROXY: 'HTTP://proxy.corp:99999' }), 'proxy.corp:99999');
    assert.equal(httpsVia({ HTTPS_PROXY: '127.0.0.1:3128' }), '127.0.0.1:3128');
    // Quotes copied from an env file, or credentials without a scheme: still never the password.
    assert.equal(httpsVia({ HTTPS_PROXY: '"http://user:secret@proxy.corp:3128"' }), 'proxy.corp:3128');
    assert.equal(httpsVia({ HTTPS_PROXY: "'http://user:secret@proxy.corp:99999'" }), 'proxy.corp:99999');
    assert.equal(httpsVia({ HTTPS_PROXY: 'user:secret@proxy.corp:3128' }), 'proxy.corp:3128');
  });

  it('a proxy URL is named as the URL parser reads it: no trailing slash, lower case, no default port', () => {
    assert.equal(httpsVia({ HTTPS_PROXY: 'http://proxy.corp:3128/' }), 'proxy.corp:3128');
    assert.equal(httpsVia({ HTTPS_PROXY: 'http://Proxy.CORP:3128' }), 'proxy.corp:3128');
    assert.equal(httpsVia({ HTTPS_PROXY: 'http://proxy.corp:80' }), 'proxy.corp');
  });

  it('a value quoted twice (shell quotes around env-file quotes) is named by its host, never its password', () => {
    assert.equal(httpsVia({ HTTPS_PROXY: `"'http://user:secret@proxy.corp:3128'"` }), 'proxy.corp:3128');
    assert.equal(httpsVia({ HTTPS_PROXY: `''http://proxy.corp:3128''` }), 'proxy.corp:3128');
  });

  it('only the quotes around the value are dropped: a quote inside the name stays', () => {
    assert.equal(httpsVia({ HTTPS_PROXY: "http://o'brien.corp:3128" }), "o'brien.corp:3128");
    assert.equal(httpsVia({ HTTPS_PROXY: `"http://o'brien.corp:3128"` }), "o'brien.corp:3128");
  });

  it('never shows the credentials, even with a "/" or a space in the password or the variable name pasted in front', () => {
    // Neither parses (`new URL` ends the authority at the "/"; "_" is no scheme character): the name
    // shown drops everything up to the last "@".
    assert.equal(httpsVia({ HTTPS_PROXY: 'http://user:pa/ss@proxy.corp:3128' }), 'proxy.corp:3128');
    assert.equal(httpsVia({ HTTPS_PROXY: 'http://user:pa ss@proxy.corp:99999' }), 'proxy.corp:99999', 'a space in the password');
    assert.equal(httpsVia({ HTTPS_PROXY: 'https_proxy=http://user:secret@proxy.corp:3128' }), 'proxy.corp:3128');
  });

  it('a value that is not a proxy URL (pasted with its variable name) is shown as written, so the mistake is visible', () => {
    assert.equal(httpsVia({ HTTPS_PROXY: 'https_proxy=http://proxy.corp:3128' }), 'https_proxy=http://proxy.corp:3128');
  });
});

describe('network: NO_PROXY matching', () => {
  it('reads no_proxy as well as NO_PROXY', () => {
    assert.equal(httpsVia({ HTTPS_PROXY: PROXY, no_proxy: 'deepseek.com' }), undefined);
    assert.equal(httpsVia({ HTTPS_PROXY: PROXY, NO_PROXY: 'deepseek.com' }), undefined);
  });

  it('"*" sends everything direct', () => {
    assert.equal(httpsVia({ HTTPS_PROXY: PROXY, NO_PROXY: '*' }), undefined);
    assert.equal(httpsVia({ HTTPS_PROXY: PROXY }, { noProxy: ['*'] }), undefined);
  });

  it('a leading dot covers the domain and its subdomains', () => {
    const env = { HTTPS_PROXY: PROXY, NO_PROXY: '.deepseek.com' };
    assert.equal(httpsVia(env), undefined);
    assert.equal(proxyFor('https://deepseek.com/', { env }), undefined);
    assert.equal(proxyFor('https://deepseek.com.evil.example/', { env }), 'proxy.corp:3128');
  });

  it('host:port entries compare against the default port of the scheme', () => {
    const http = { env: { HTTP_PROXY: PROXY }, noProxy: ['intranet.corp:80'] };
    assert.equal(proxyFor('http://intranet.corp/', http), undefined);
    assert.equal(proxyFor('http://intranet.corp:8080/', http), 'proxy.corp:3128');
    const https = { env: { HTTPS_PROXY: PROXY }, noProxy: ['api.deepseek.com:443'] };
    assert.equal(proxyFor('https://api.deepseek.com/', https), undefined);
    assert.equal(proxyFor('https://api.deepseek.com:8443/', https), 'proxy.corp:3128');
  });

  it('settings entries are trimmed and separators leave no empty entries', () => {
    assert.equal(httpsVia({ HTTPS_PROXY: PROXY }, { noProxy: ['  api.deepseek.com  '] }), undefined);
    // An empty entry would match every name ending in "." (a fully qualified name).
    assert.equal(proxyFor('https://api.deepseek.com./', { env: { HTTPS_PROXY: PROXY } }), 'proxy.corp:3128');
    assert.equal(proxyFor('https://api.deepseek.com./', { env: { HTTPS_PROXY: PROXY, NO_PROXY: 'a.example, ,b.example' } }), 'proxy.corp:3128');
  });

  it('IPv6 loopback with a port goes direct', () => {
    assert.equal(proxyFor('http://[::1]:8080/', { env: { HTTP_PROXY: PROXY } }), undefined);
    assert.equal(proxyFor('https://[::1]:8443/', { env: { HTTPS_PROXY: PROXY } }), undefined);
  });
});

describe('network: certificate authorities', () => {
  it("with nothing extra to trust, Node's defaults are kept (no list)", () => {
    assert.equal(caList({ env: {} }), undefined);
    assert.equal(caList({ env: { NODE_EXTRA_CA_CERTS: '' } }), undefined);
    assert.equal(caList({ env: {}, extraCaPems: [] }), undefined);
  });

  it('an unreadable NODE_EXTRA_CA_CERTS adds nothing', () => {
    const missing = path.join(os.tmpdir(), `deepseek-no-such-ca-${process.pid}.pem`);
    assert.equal(fs.existsSync(missing), false);
    assert.equal(caList({ env: { NODE_EXTRA_CA_CERTS: missing } }), undefined);
  });

  it('the OS store adds its certificates where Node exposes it, and nothing where it does not', () => {
    const get = (tls as { getCACertificates?: (type: 'system') => string[] }).getCACertificates;
    const system = typeof get === 'function' ? get('system') : [];
    const list = caList({ env: {}, systemCertificates: true });
    if (system.length === 0) assert.equal(list, undefined);
    else assert.deepEqual(list, [...tls.rootCertificates, ...system]);
  });

  it('extra PEMs come after the bundled roots', () => {
    assert.deepEqual(caList({ env: {}, extraCaPems: ['PEM'] }), [...tls.rootCertificates, 'PEM']);
  });
});

describe('network: one dispatcher per configuration', () => {
  const t = { connectTimeoutMs: 4_321 };

  it('reuses the dispatcher of an unchanged configuration, and a changed variable gets a new one', () => {
    const values: Record<string, [string, string]> = {
      http_proxy: ['http://a.corp:1', 'http://b.corp:1'],
      HTTP_PROXY: ['http://a.corp:1', 'http://b.corp:1'],
      https_proxy: ['http://a.corp:1', 'http://b.corp:1'],
      HTTPS_PROXY: ['http://a.corp:1', 'http://b.corp:1'],
      no_proxy: ['a.example', 'b.example'],
      NO_PROXY: ['a.example', 'b.example'],
      NODE_EXTRA_CA_CERTS: [path.join(os.tmpdir(), 'no-such-a.pem'), path.join(os.tmpdir(), 'no-such-b.pem')],
    };
    for (const [name, [a, b]] of Object.entries(values)) {
      const first = dispatcherFor({ env: { [name]: a } }, t);
      assert.equal(dispatcherFor({ env: { [name]: a } }, t), first, `${name} unchanged`);
      assert.notEqual(dispatcherFor({ env: { [name]: b } }, t), first, `${name} changed`);
    }
  });

  it('keeps eight configurations; a ninth closes the oldest, whose replacement is new', async () => {
    const cfg = (i: number): NetworkSettings => ({ env: {}, proxy: `http://cache-${i}.corp:3128` });
    const oldest = dispatcherFor(cfg(0), t);
    // Seven newer ones (whatever else the cache held is evicted first) leave it in place.
    for (let i = 1; i <= 7; i++) dispatcherFor(cfg(i), t);
    assert.equal(dispatcherFor(cfg(0), t), oldest);
    dispatcherFor(cfg(8), t);
    await waitFor('the oldest dispatcher to close', () => (oldest as Dispatcher & { closed: boolean }).closed);
    const again = dispatcherFor(cfg(0), t);
    assert.notEqual(again, oldest);
    assert.equal((again as Dispatcher & { closed: boolean }).closed, false);
  });
});

describe('network: requests through the dispatcher', () => {
  const AUTH = { user: 'engineer', password: 'correct horse' };
  let net: CorporateNetwork;
  before(async () => (net = await startCorporateNetwork(AUTH)));
  after(async () => net?.close());
  const withCreds = (): string => `http://${encodeURIComponent(AUTH.user)}:${encodeURIComponent(AUTH.password)}@${net.proxy.host}`;

  it('plain http goes through http.proxy too (a .test name only the proxy can reach)', async () => {
    const plain = await startTestServer();
    try {
      plain.enqueue(answer('Plain through the proxy.'));
      const url = `http://${TEST_HOST}:${new URL(plain.url).port}`;
      const r = await run({ url }, { network: { proxy: withCreds(), env: {} } });
      assert.equal(r.error, undefined, r.error?.message);
      assert.equal(r.content, 'Plain through the proxy.');
      assert.ok(net.proxy.connects.some((c) => c.target === `${TEST_HOST}:${new URL(plain.url).port}`));
    } finally {
      await plain.close();
    }
  });

  it('a proxy variable pasted with a non-breaking space still carries the requests', async () => {
    const plain = await startTestServer();
    try {
      plain.enqueue(answer('Through the padded variable.'));
      const port = new URL(plain.url).port;
      const r = await run({ url: `http://${TEST_HOST}:${port}` }, { network: { env: { HTTP_PROXY: `\u00a0${withCreds()}\u00a0` } } });
      assert.equal(r.error, undefined, r.error?.message);
      assert.equal(r.content, 'Through the padded variable.');
      assert.ok(net.proxy.connects.some((c) => c.target === `${TEST_HOST}:${port}`));
    } finally {
      await plain.close();
    }
  });

  it('a blank http.proxyAuthorization leaves the credentials of the proxy URL in charge', async () => {
    net.server.enqueue(answer('Credentials from the URL.'));
    const r = await run({ url: net.baseUrl }, { network: { proxy: withCreds(), proxyAuthorization: '   ', extraCaPems: [net.ca.caPem], env: {} } });
    assert.equal(r.error, undefined, r.error?.message);
    assert.equal(r.content, 'Credentials from the URL.');
  });

  it('with strict SSL off, a direct server with an untrusted certificate is accepted', async () => {
    // No proxy at all: the server's certificate names api.deepseek.test and no trusted CA signed it.
    net.server.enqueue(answer('Direct, not verified.'));
    const url = `https://127.0.0.1:${new URL(net.server.url).port}`;
    const r = await run({ url }, { network: { strictSSL: false, env: {} } });
    assert.equal(r.error, undefined, r.error?.message);
    assert.equal(r.content, 'Direct, not verified.');
  });
});
