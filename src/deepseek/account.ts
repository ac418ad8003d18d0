// Small JSON endpoints beside the stream: `GET {base}/models` and `GET {base}/user/balance`.
// Same shared Agent, key handling and error words as streamChat; no `vscode` import.

import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import { DeepSeekError, errorFromNetwork, errorFromStatus, redact, tidy } from './errors';
import { dispatcherOf, endpoint, hostOf, readCapped, withExtraHeaders } from './http';
import { proxyFor } from './network';
import type { ClientConfig } from './types';

export interface ModelInfo {
  id: string;
  /** Who serves it, when the server says (`deepseek`, `library`, …). */
  ownedBy?: string;
  /** Context window in tokens, when the server says (OpenRouter `context_length`, vLLM `max_model_len`). */
  contextLength?: number;
}

export interface BalanceInfo {
  currency: string;
  total: number;
  granted?: number;
  toppedUp?: number;
}

export interface Balance {
  /** DeepSeek's `is_available`: whether the balance covers API calls. */
  available: boolean;
  balances: BalanceInfo[];
}

export type AccountConfig = Pick<ClientConfig, 'baseUrl' | 'apiKey' | 'connectTimeoutMs' | 'rateLimiter' | 'network' | 'headers'> & {
  /** Whole request budget; default 15 s. */
  timeoutMs?: number;
};

const DEFAULT_TIMEOUT_MS = 15_000;

function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/**
 * `{object: "list", data: [{id, owned_by, …}]}` (DeepSeek, OpenAI, vLLM, LM Studio, Ollama's /v1) or a
 * bare array; unknown entries are skipped, duplicates dropped, order kept.
 */
export function parseModels(json: unknown): ModelInfo[] {
  const list = Array.isArray(json) ? json : json && typeof json === 'object' ? (json as { data?: unknown; models?: unknown }).data ?? (json as { models?: unknown }).models : undefined;
  if (!Array.isArray(list)) throw new Error('the answer has no model list');
  const seen = new Set<string>();
  const out: ModelInfo[] = [];
  for (const entry of list) {
    const o = (entry && typeof entry === 'object' ? entry : {}) as Record<string, unknown>;
    const id = typeof o.id === 'string' ? o.id.trim() : typeof o.name === 'string' ? o.name.trim() : typeof entry === 'string' ? entry.trim() : '';
    if (!id || seen.has(id)) continue;
    seen.add(id);
    const info: ModelInfo = { id };
    if (typeof o.owned_by === 'string' && o.owned_by) info.ownedBy = o.owned_by;
    const ctx = num(o.context_length) ?? num(o.max_model_len) ?? num(o.context_window);
    if (ctx !== undefined && ctx > 0) info.contextLength = ctx;
    out.push(info);
  }
  return out;
}

/** DeepSeek's `{is_available, balance_infos: [{currency, total_balance, granted_balance, topped_up_balance}]}` (amounts are strings). */
export function parseBalance(json: unknown): Balance {
  const o = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>;
  if (!Array.isArray(o.balance_infos)) throw new Error('the answer has no balance_infos');
  const balances: BalanceInfo[] = [];
  for (const entry of o.balance_infos) {
    const b = (entry && typeof entry === 'object' ? entry : {}) as Record<string, unknown>;
    const total = num(b.total_balance);
    if (typeof b.currency !== 'string' || total === undefined) continue;
    const info: BalanceInfo = { currency: b.currency, total };
    const granted = num(b.granted_balance);
    const toppedUp = num(b.topped_up_balance);
    if (granted !== undefined) info.granted = granted;
    if (toppedUp !== undefined) info.toppedUp = toppedUp;
    balances.push(info);
  }
  return { available: o.is_available !== false, balances };
}

/** GET `{base}{path}` as JSON, with the chat client's error words. A 404 says the server has no such endpoint. */
async function getJson(config: AccountConfig, path: string, what: string, signal?: AbortSignal): Promise<unknown> {
  const requestId = randomUUID();
  const url = endpoint(config.baseUrl, path);
  const host = hostOf(url);
  const apiKey = (config.apiKey ?? '').trim();
  if (!/^https?:\/\//i.test(url)) throw new DeepSeekError({ kind: 'invalid', message: 'The base URL is not a valid http(s) URL.', requestId });
  const ctl = new AbortController();
  const onAbort = () => ctl.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) ctl.abort();
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let timedOut = false;
  let timer = setTimeout(() => {
    timedOut = true;
    ctl.abort();
  }, timeoutMs);
  try {
    // The shared request limit counts these too; waiting for it is not the server's time.
    if (config.rateLimiter) {
      clearTimeout(timer);
      await config.rateLimiter.acquire(ctl.signal);
      timer = setTimeout(() => {
        timedOut = true;
        ctl.abort();
      }, timeoutMs);
    }
    const headers: Record<string, string> = { accept: 'application/json', 'x-request-id': requestId };
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    const res = await request(url, { method: 'GET', headers: withExtraHeaders(config.headers, headers), signal: ctl.signal, dispatcher: dispatcherOf(config) });
    const contentType = [res.headers['content-type']].flat()[0];
    const body = await readCapped(res.body, 4 * 1024 * 1024);
    if (res.statusCode === 404) {
      throw new DeepSeekError({ kind: 'invalid', status: 404, message: `${host} has no ${what} endpoint (${path} answered 404).`, requestId });
    }
    if (res.statusCode < 200 || res.statusCode >= 300) {
      throw errorFromStatus({ status: res.statusCode, body, ...(contentType ? { contentType } : {}), requestId, apiKey });
    }
    try {
      return JSON.parse(body);
    } catch {
      throw new DeepSeekError({ kind: 'protocol', status: res.statusCode, message: `${host} answered ${path} with something that is not JSON.`, requestId });
    }
  } catch (err) {
    if (err instanceof DeepSeekError) throw err;
    if (timedOut) throw new DeepSeekError({ kind: 'timeout', message: `${host} did not answer ${path} within ${Math.round(timeoutMs / 1000)} s.`, requestId });
    if (signal?.aborted) throw new DeepSeekError({ kind: 'aborted', message: 'The request was stopped.', requestId });
    const proxy = proxyFor(url, config.network);
    const e = errorFromNetwork(err, { host, requestId, ...(proxy ? { proxy } : {}) });
    throw new DeepSeekError({ kind: e.kind, message: tidy(redact(e.message, apiKey)), requestId, cause: err });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** The server's models (`GET {base}/models`; a `/beta` base is asked without `/beta`). */
export async function listModels(config: AccountConfig, signal?: AbortSignal): Promise<ModelInfo[]> {
  const json = await getJson({ ...config, baseUrl: withoutBeta(config.baseUrl) }, '/models', 'model list', signal);
  try {
    return parseModels(json);
  } catch (err) {
    throw new DeepSeekError({ kind: 'protocol', message: `The model list from ${hostOf(config.baseUrl)} could not be read: ${(err as Error).message}.`, requestId: '' });
  }
}

/** DeepSeek's `GET {base}/user/balance`. */
export async function getBalance(config: AccountConfig, signal?: AbortSignal): Promise<Balance> {
  const json = await getJson({ ...config, baseUrl: withoutBeta(config.baseUrl) }, '/user/balance', 'balance', signal);
  try {
    return parseBalance(json);
  } catch (err) {
    throw new DeepSeekError({ kind: 'protocol', message: `The balance from ${hostOf(config.baseUrl)} could not be read: ${(err as Error).message}.`, requestId: '' });
  }
}

/** `https://api.deepseek.com/beta` → `https://api.deepseek.com` (models and balance live outside /beta). */
export function withoutBeta(baseUrl: string): string {
  return baseUrl.trim().replace(/\/+$/, '').replace(/\/beta$/, '');
}
