// A corporate network on loopback, for the proxy and certificate tests: a test certificate authority
// made at test time (openssl; no private key is committed), an HTTPS test server whose certificate it
// signs for `api.deepseek.test`, and a real HTTP proxy (the `proxy` npm package) with basic auth that
// alone can reach that host (`.test` names never resolve; the proxy maps the name to the loopback port).

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startTestServer, type TestServer } from './index';

export const TEST_HOST = 'api.deepseek.test';

export interface TestCa {
  dir: string;
  /** The CA certificate (PEM); its file is `caFile`. */
  caPem: string;
  caFile: string;
  /** The server's key and certificate for TEST_HOST, signed by the CA. */
  key: string;
  cert: string;
}

/** A fresh CA and a server certificate for TEST_HOST, in a temporary folder. */
export function makeTestCa(): TestCa {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deepseek-ca-'));
  const file = (name: string): string => path.join(dir, name);
  const ssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=DeepSeek Test Corporate CA', '-keyout', file('ca.key'), '-out', file('ca.pem'),
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${TEST_HOST}`, '-keyout', file('server.key'), '-out', file('server.csr'));
  fs.writeFileSync(file('ext.cnf'), `subjectAltName=DNS:${TEST_HOST}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
  ssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '2', '-out', file('server.pem'), '-extfile', file('ext.cnf'));
  fs.rmSync(file('ca.key')); // nothing else is ever signed with it
  return {
    dir,
    caFile: file('ca.pem'),
    caPem: fs.readFileSync(file('ca.pem'), 'utf8'),
    key: fs.readFileSync(file('server.key'), 'utf8'),
    cert: fs.readFileSync(file('server.pem'), 'utf8'),
  };
}

export interface TestProxy {
  /** `http://127.0.0.1:PORT` (no credentials). */
  url: string;
  /** `host:port` of the proxy. */
  host: string;
  /** The CONNECT targets asked for, in order (`api.deepseek.test:PORT`), and whether each was allowed. */
  connects: Array<{ target: string; authorized: boolean }>;
  close(): Promise<void>;
}

/**
 * A real forwarding proxy with basic auth (`user` / `password`). CONNECT requests to `name:port`
 * of `hosts` go to 127.0.0.1:port: only through this proxy is the name reachable.
 */
export async function startTestProxy(opts: { user: string; password: string; hosts: readonly string[] }): Promise<TestProxy> {
  const { createProxy } = await import('proxy');
  const server = createProxy(http.createServer());
  const expected = `Basic ${Buffer.from(`${opts.user}:${opts.password}`).toString('base64')}`;
  const connects: TestProxy['connects'] = [];
  server.authenticate = (req) => req.headers['proxy-authorization'] === expected;
  // Runs before the package's own CONNECT handler, which reads req.url after authentication.
  server.prependListener('connect', (req: http.IncomingMessage) => {
    connects.push({ target: req.url ?? '', authorized: req.headers['proxy-authorization'] === expected });
    const m = /^([^:]+):(\d+)$/.exec(req.url ?? '');
    if (m && opts.hosts.includes(m[1]!)) req.url = `127.0.0.1:${m[2]}`;
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    connects,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}

export interface CorporateNetwork {
  ca: TestCa;
  proxy: TestProxy;
  /** The HTTPS test server; reach it as `baseUrl`. */
  server: TestServer;
  /** `https://api.deepseek.test:PORT`. */
  baseUrl: string;
  close(): Promise<void>;
}

export async function startCorporateNetwork(auth: { user: string; password: string }): Promise<CorporateNetwork> {
  const ca = makeTestCa();
  const server = await startTestServer({ tls: { key: ca.key, cert: ca.cert } });
  const proxy = await startTestProxy({ ...auth, hosts: [TEST_HOST] });
  const port = new URL(server.url).port;
  return {
    ca,
    proxy,
    server,
    baseUrl: `https://${TEST_HOST}:${port}`,
    close: async () => {
      await Promise.all([proxy.close(), server.close()]);
      fs.rmSync(ca.dir, { recursive: true, force: true });
    },
  };
}
