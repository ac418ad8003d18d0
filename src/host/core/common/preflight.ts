// The one check every surface makes before it sends a request: are the settings valid, and is there
// a key (or is the server on this machine, where Ollama, LM Studio and the demo server need none)?

import type { ClientConfig, LogEntry } from '../../../deepseek/types';
import { clientConfigFor } from './clientConfig';
import type { Settings, SettingsResult } from './settings';
import { english, type Translate } from './translate';

/** What the preflight needs: the part of the host services that runs in plain Node (tests, bench). */
export interface AskServices {
  settings(): SettingsResult;
  /** The key saved for the origin of `baseUrl` (never another origin's); undefined when there is none. */
  apiKey(baseUrl: string | undefined): Promise<string | undefined>;
  /** The request log (the output channel in the extension). */
  logRequest?(entry: LogEntry): void;
  /** vscode.l10n.t in the extension; English when absent. */
  tr?: Translate;
}

export type Readiness =
  | { ok: true; settings: Settings; key: string; config: ClientConfig }
  | { ok: false; problem: 'settings'; message: string; setting: string; key: string }
  | { ok: false; problem: 'key'; message: string; settings: Settings; key: '' };

/** Settings read once, the key read once (even when the settings are bad: the panel shows whether one is set). */
export async function readyToAsk(services: AskServices): Promise<Readiness> {
  const result = services.settings();
  const key = (await services.apiKey(result.ok ? result.settings.baseUrl : undefined)) ?? '';
  if (!result.ok) return { ok: false, problem: 'settings', message: result.message, setting: result.setting, key };
  const settings = result.settings;
  if (!key && !settings.isLoopback) return { ok: false, problem: 'key', message: missingKeyMessage(services.tr), settings, key: '' };
  return { ok: true, settings, key, config: clientConfigFor(settings, key, services.logRequest) };
}

export function missingKeyMessage(tr: Translate = english): string {
  return tr('No API key is set. Run "DeepSeek: Set API Key" to store one in the system keychain.');
}
