// Where completions go and with which key: the chat's preflight (settings valid, key set) with the
// completions' own base URL and model on top. The base URL is read from the user's settings only;
// the key goes only to the chat's own origin.

import * as vscode from 'vscode';
import type { ClientConfig } from '../../deepseek/types';
import { clientConfigFor } from '../core/common/clientConfig';
import { isLoopbackHost } from '../core/common/settings';
import type { HostServices } from '../core/services';
import { completionModel, keyFor, knownNotFim } from './common/completionSettings';
import type { Problem } from './statusItem';

export type Connection = { ok: true; config: ClientConfig; model: string } | { ok: false; problem: Problem };

/** Completions are a background helper: a stalled server must not hold a suggestion for minutes. */
const FIRST_BYTE_MS = 15_000;
const IDLE_MS = 10_000;
const MAX_MS = 30_000;

/** `deepseek.completions.baseUrl` from the user's settings (a workspace value is ignored). */
export function trustedCompletionBase(): string {
  const inspected = vscode.workspace.getConfiguration('deepseek.completions').inspect<string>('baseUrl');
  const raw = inspected?.globalValue ?? '';
  return typeof raw === 'string' ? raw.trim().replace(/\/+$/, '') : '';
}

/** An http(s) URL, and plain http only to this machine (as for the chat's base URL). */
function usableBase(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || (u.protocol === 'http:' && isLoopbackHost(u.hostname));
  } catch {
    return false;
  }
}

export async function connect(services: HostServices, modelSetting: () => string): Promise<Connection> {
  const { tr } = services;
  const ready = await services.readyToAsk();
  if (!ready.ok && ready.problem === 'settings') return { ok: false, problem: { reason: 'settings', message: ready.message } };
  const settings = ready.settings;
  const ownBase = trustedCompletionBase();
  const base = ownBase || settings.baseUrl;
  if (!usableBase(base)) {
    return { ok: false, problem: { reason: 'settings', message: tr('The setting "deepseek.completions.baseUrl" must be an https:// URL (or http:// on this machine).') } };
  }
  const key = keyFor(base, settings.baseUrl, ready.key);
  const local = isLoopbackHost(new URL(base).hostname);
  if (!key && !local) return { ok: false, problem: { reason: 'auth', message: ready.ok ? tr('The API key is sent only to the chat\'s server ({0}). Set "deepseek.completions.baseUrl" to that server or to one on this machine.', settings.baseUrl) : ready.message } };
  const model = completionModel(modelSetting(), base, settings.model);
  if (knownNotFim(model, base)) {
    return { ok: false, problem: { reason: 'settings', message: tr('The model {0} does not serve completions (fill-in-the-middle). Set "deepseek.completions.model".', model) } };
  }
  const chatConfig = clientConfigFor(settings, key, services.logRequest);
  const config: ClientConfig = { ...chatConfig, baseUrl: base, maxRetries: 0, firstByteTimeoutMs: FIRST_BYTE_MS, idleTimeoutMs: IDLE_MS, maxDurationMs: MAX_MS };
  return { ok: true, config, model };
}
