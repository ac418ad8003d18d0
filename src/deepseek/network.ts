// How requests reach the server: direct, or through a proxy (the editor's `http.proxy` first, then
// HTTPS_PROXY / HTTP_PROXY / NO_PROXY), with which certificate authorities. undici's own
// EnvHttpProxyAgent does the routing and the CONNECT tunnel; this module only chooses its options,
// keeps one dispatcher per distinct configuration, and says which proxy a URL goes through (for
// error messages). No `vscode` import: the host passes the editor's settings in.

import * as fs from 'node:fs';
import * as tls from 'node:tls';
import { EnvHttpProxyAgent, type Dispatcher } from 'undici';

export interface NetworkSettings {
  /** The editor's `http.proxy` (`http://user:pass@host:port`); empty = the environment's proxy variables. */
  proxy?: string;
  /** The editor's `http.noProxy`: hosts (`*.corp.example`, `host:port`) that bypass the proxy. */
  noProxy?: readonly string[];
  /** The editor's `http.proxyAuthorization`: the whole `Proxy-Authorization` header value. Never logged. */
  proxyAuthorization?: string;
  /** The editor's `http.proxyStrictSSL`: false accepts untrusted certificates (proxy and server). Default true. */
  strictSSL?: boolean;
  /** Also trust the operating system's certificate store, where Node exposes it (`http.systemCertificates`). */
  systemCertificates?: boolean;
  /** More CA certificates (PEM), e.g. a test CA. */
  extraCaPems?: readonly string[];
  /** Environment to read proxy variables and NODE_EXTRA_CA_CERTS from; default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

interface DispatcherTimeouts {
  connectTimeoutMs: number;
}

/** Loopback servers are never proxied: a corporate proxy cannot reach this machine's localhost. */
const ALWAYS_DIRECT = ['localhost', '127.0.0.1', '[::1]', '::1'];

function envValue(env: NodeJS.ProcessEnv, ...names: string[]): string | undefined {
  for (const name of names) {
    const v = env[name];
    if (v !== undefined && v.trim() !== '') return v.trim();
  }
  return undefined;
}

/** The proxy URL for each scheme, the editor's setting first. */
function proxyUrls(net: NetworkSettings, env: NodeJS.ProcessEnv): { http?: string; https?: string } {
  const setting = net.proxy?.trim();
  if (setting) return { http: setting, https: setting };
  const http = envValue(env, 'http_proxy', 'HTTP_PROXY');
  const https = envValue(env, 'https_proxy', 'HTTPS_PROXY') ?? http;
  return { ...(http ? { http } : {}), ...(https ? { https } : {}) };
}

/** The no-proxy list: the editor's entries, the environment's, and loopback. */
function noProxyList(net: NetworkSettings, env: NodeJS.ProcessEnv): string[] {
  const fromEnv = (envValue(env, 'no_proxy', 'NO_PROXY') ?? '').split(/[,\s]+/);
  return [...(net.noProxy ?? []), ...fromEnv, ...ALWAYS_DIRECT].map((e) => e.trim()).filter((e) => e !== '');
}

function readPemFile(file: string | undefined): string[] {
  if (!file) return [];
  try {
    return [fs.readFileSync(file, 'utf8')];
  } catch {
    return []; // Node itself warns about an unreadable NODE_EXTRA_CA_CERTS at start
  }
}

function systemCas(): string[] {
  const get = (tls as { getCACertificates?: (type: 'system') => string[] }).getCACertificates;
  try {
    return typeof get === 'function' ? get('system') : [];
  } catch {
    return [];
  }
}

/**
 * The CA list to trust, or undefined for Node's defaults. Passing `ca` replaces Node's store, so the
 * bundled roots, NODE_EXTRA_CA_CERTS (read now, so a file set after start counts), the OS store
 * (when asked and available) and the extra PEMs all go in together.
 */
export function caList(net: NetworkSettings): string[] | undefined {
  const env = net.env ?? process.env;
  const extra = [...readPemFile(env.NODE_EXTRA_CA_CERTS), ...(net.systemCertificates ? systemCas() : []), ...(net.extraCaPems ?? [])];
  if (extra.length === 0) return undefined;
  return [...tls.rootCertificates, ...extra];
}

function matchesNoProxy(hostname: string, port: number, entries: readonly string[]): boolean {
  for (const raw of entries) {
    if (raw === '*') return true;
    const m = raw.match(/^(.+):(\d+)$/);
    const host = (m ? m[1]! : raw).replace(/^\*?\./, '').toLowerCase();
    if (m && Number(m[2]) !== port) continue;
    if (hostname === host || hostname.endsWith(`.${host}`)) return true;
  }
  return false;
}

/**
 * The proxy a request to `url` goes through (`host:port`, never credentials), or undefined when it
 * goes direct. Mirrors the routing of the dispatcher below, for error messages.
 */
export function proxyFor(url: string, net: NetworkSettings | undefined): string | undefined {
  if (!net) return undefined;
  const env = net.env ?? process.env;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return undefined;
  }
  const proxy = target.protocol === 'https:' ? proxyUrls(net, env).https : proxyUrls(net, env).http;
  if (!proxy) return undefined;
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
  if (matchesNoProxy(target.host.replace(/:\d*$/, '').toLowerCase(), port, noProxyList(net, env))) return undefined;
  return proxyName(proxy);
}

/** A proxy's host for messages, never its user name or password, whatever shape the variable has. */
function proxyName(proxy: string): string {
  // Quotes copied from an env file are part of the value: without them it may parse.
  const bare = proxy.trim().replace(/^["']+|["']+$/g, '');
  try {
    const host = new URL(bare).host;
    if (host) return host;
  } catch {
    // Not a URL (a port out of range, no scheme, a "/" in the password): named below, minus all up to the last "@".
  }
  return bare.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^[\s\S]*@/, '');
}

/** undici's options for one network configuration. */
function agentOptions(net: NetworkSettings, t: DispatcherTimeouts): EnvHttpProxyAgent.Options {
  const env = net.env ?? process.env;
  const urls = proxyUrls(net, env);
  const ca = caList(net);
  const tlsOptions = { ...(ca ? { ca } : {}), ...(net.strictSSL === false ? { rejectUnauthorized: false } : {}) };
  const token = net.proxyAuthorization?.trim();
  return {
    // Empty strings stop undici from falling back to the environment for a scheme we leave direct.
    httpProxy: urls.http ?? '',
    httpsProxy: urls.https ?? '',
    noProxy: noProxyList(net, env).join(','),
    ...(token ? { token } : {}),
    connect: { timeout: t.connectTimeoutMs, ...tlsOptions },
    requestTls: tlsOptions,
    proxyTls: tlsOptions,
    // undici's own header/body timeouts are off: stream.ts enforces first-byte, idle and duration limits.
    headersTimeout: 0,
    bodyTimeout: 0,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 10 * 60_000,
  };
}

const dispatchers = new Map<string, Dispatcher>();
const MAX_DISPATCHERS = 8;

/**
 * The keep-alive dispatcher for this network configuration: one per distinct configuration (normally
 * exactly one per process), so connections are reused across requests.
 */
export function dispatcherFor(net: NetworkSettings | undefined, t: DispatcherTimeouts): Dispatcher {
  const n = net ?? {};
  const env = n.env ?? process.env;
  const key = JSON.stringify([
    n.proxy, n.noProxy, n.proxyAuthorization, n.strictSSL, n.systemCertificates, n.extraCaPems, t.connectTimeoutMs,
    ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY', 'NODE_EXTRA_CA_CERTS'].map((name) => env[name]),
  ]);
  let dispatcher = dispatchers.get(key);
  if (!dispatcher) {
    if (dispatchers.size >= MAX_DISPATCHERS) {
      // An old configuration: its in-flight requests finish, its idle sockets close.
      const [oldKey, old] = dispatchers.entries().next().value as [string, Dispatcher];
      dispatchers.delete(oldKey);
      void old.close().catch(() => undefined);
    }
    dispatcher = new EnvHttpProxyAgent(agentOptions(n, t));
    dispatchers.set(key, dispatcher);
  }
  return dispatcher;
}
