// The host services every feature is handed: one object owning the log, the settings, the key and
// the translations, created once at activation (rust-analyzer's ctx.ts and Copilot Chat's services
// are the models). Features take what they need from it instead of declaring their own deps.

import * as vscode from 'vscode';
import { showWarning } from './notify';
import type { RateLimiter } from '../../deepseek/rateLimit';
import type { LogEntry } from '../../deepseek/types';
import { ApiKeyStore } from './apiKeyStore';
import { registerApiKeyCommands } from './apiKeyCommands';
import { sharedRateLimiter } from './common/clientConfig';
import { BuiltinCommands, Commands } from './common/commandIds';
import { readyToAsk, type AskServices, type Readiness } from './common/preflight';
import { logRequestEntry } from './common/requestLog';
import { readSettings, type SettingsResult } from './common/settings';
import { USER_ONLY_NETWORK_SETTINGS, USER_ONLY_SETTINGS } from './common/trustedSettings';
import { originOf } from './apiKeyStore';
import { readNetworkSettings } from './network';
import { IgnoredWorkspaceSettings, readUserOnlySetting } from './trustedSettings';
import type { Translate } from './common/translate';

export interface HostServices extends Required<AskServices> {
  readonly context: vscode.ExtensionContext;
  /** The "DeepSeek" output channel: request lines (never text or key) and problems. */
  readonly log: vscode.LogOutputChannel;
  readonly keys: ApiKeyStore;
  /** One request-rate limiter for every surface (`deepseek.maxRequestsPerSecond`). */
  readonly rateLimiter: RateLimiter;
  /** Settings valid and key set (or a local server): the one preflight of every surface. */
  readyToAsk(): Promise<Readiness>;
  /** Offers "Set API Key" (and importing DEEPSEEK_API_KEY when it is set). */
  offerToSetKey(): void;
  /** Opens the Settings editor on this extension's settings (or one setting). */
  openSettings(setting?: string): void;
  /** Fires when the user runs Stop: every surface that streams stops. */
  readonly onDidRequestStop: vscode.Event<void>;
  /** Sets a `when`-clause context key. */
  setContext(key: string, value: unknown): void;
  /** Saves a key for the current origin without asking (the env import; the test API in test mode). */
  storeApiKey(key: string): Promise<boolean>;
}

/** deepseek.* keys read from the user settings only (see common/trustedSettings.ts). */
const USER_ONLY_KEYS = new Set(USER_ONLY_SETTINGS.map((k) => k.slice('deepseek.'.length)));

/** One configuration read: the user-only keys through inspect(), the rest as VS Code merges them. */
function readAllSettings(tr: Translate): SettingsResult {
  const config = vscode.workspace.getConfiguration('deepseek');
  const result = readSettings((key) => (USER_ONLY_KEYS.has(key) ? readUserOnlySetting(`deepseek.${key}`).value : config.get(key)), tr);
  if (!result.ok) return result;
  return { ok: true, settings: { ...result.settings, network: readNetworkSettings() } };
}

export const SETTINGS_QUERY = '@ext:deepseek-assistant.deepseek-assistant';

function watchWorkspaceSettingsFiles(onChange: () => void): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher('**/.vscode/settings.json');
  return vscode.Disposable.from(watcher, watcher.onDidCreate(onChange), watcher.onDidChange(onChange));
}

export function createHostServices(context: vscode.ExtensionContext): HostServices & vscode.Disposable {
  const log = vscode.window.createOutputChannel('DeepSeek', { log: true });
  const keys = new ApiKeyStore(context.secrets, context.globalState);
  const stop = new vscode.EventEmitter<void>();
  const tr: Translate = (message, ...args) => vscode.l10n.t(message, ...args);
  const services: HostServices = {
    context,
    log,
    keys,
    tr,
    rateLimiter: sharedRateLimiter(),
    // One configuration object per read: each getConfiguration() rebuilds the merged settings model,
    // and 17 of them took 7 ms of the extension host at an answer's end (traced).
    settings: (): SettingsResult => readAllSettings(tr),
    // Only the key saved for the origin of the URL the request goes to.
    apiKey: (baseUrl) => keys.get(originOf(baseUrl)),
    logRequest: (entry: LogEntry) => logRequestEntry(log, entry),
    readyToAsk: () => readyToAsk(services),
    offerToSetKey: () => keyCommands.offerToSetKey(),
    openSettings: (setting) => void vscode.commands.executeCommand(BuiltinCommands.openSettings, setting ?? SETTINGS_QUERY),
    onDidRequestStop: stop.event,
    setContext: (key, value) => void vscode.commands.executeCommand(BuiltinCommands.setContext, key, value),
    storeApiKey: (key) => keyCommands.store(key),
  };
  const currentBaseUrl = (): string | undefined => {
    const result = services.settings();
    return result.ok ? result.settings.baseUrl : readUserOnlySetting<string>('deepseek.baseUrl').value;
  };
  const keyCommands = registerApiKeyCommands({ ...services, currentBaseUrl });
  const ignored = new IgnoredWorkspaceSettings(log, tr);
  const checkIgnored = (): void => void ignored.check([...USER_ONLY_SETTINGS, ...USER_ONLY_NETWORK_SETTINGS]);
  checkIgnored();
  void keys.migrateLegacy(originOf(currentBaseUrl())).then((moved) => moved && log.info('The API key was moved to a per-server entry in the keychain.'));
  const initial = services.settings();
  if (initial.ok) services.rateLimiter.setRate(initial.settings.maxRequestsPerSecond);
  const disposables = vscode.Disposable.from(
    log,
    stop,
    keyCommands,
    vscode.commands.registerCommand(Commands.stop, () => stop.fire()),
    // Application-scoped values never reach onDidChangeConfiguration from a workspace: watch the files.
    watchWorkspaceSettingsFiles(checkIgnored),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('http')) checkIgnored();
      if (!e.affectsConfiguration('deepseek')) return;
      checkIgnored();
      const result = services.settings();
      if (result.ok) services.rateLimiter.setRate(result.settings.maxRequestsPerSecond);
      else void showWarning(result.message, tr('Open Settings')).then((pick) => pick && services.openSettings());
    }),
  );
  return Object.assign(services, { dispose: () => disposables.dispose() });
}
