// Set API Key / Clear API Key, and the offer to set one when a question needs it. The key goes to
// SecretStorage only, saved for the origin of the base URL; a key in DEEPSEEK_API_KEY is imported
// when the user says so, never read silently. The commands never take a key as an argument: a link
// or another extension must not be able to plant one.

import * as vscode from 'vscode';
import { showError, showInfo, showWarning } from './notify';
import { originOf, validateKeyInput } from './apiKeyStore';
import { Commands } from './common/commandIds';
import { inert } from './common/inertText';
import type { HostServices } from './services';

export interface ApiKeyCommands extends vscode.Disposable {
  offerToSetKey(): void;
  /** Saves a key for the current base URL's origin (the env import, and the test API in test mode). */
  store(key: string): Promise<boolean>;
}

type KeyServices = Pick<HostServices, 'keys' | 'tr' | 'log'> & { currentBaseUrl(): string | undefined };

export function registerApiKeyCommands(services: KeyServices): ApiKeyCommands {
  const { keys, tr, log } = services;
  const currentOrigin = (): string | undefined => originOf(services.currentBaseUrl());

  async function store(key: string): Promise<boolean> {
    const origin = currentOrigin();
    const problem = validateKeyInput(key);
    if (problem || !origin) {
      void showError(problem ?? tr('The setting "deepseek.baseUrl" is not a valid URL; fix it before saving a key.'));
      return false;
    }
    await keys.set(origin, key);
    void vscode.window.setStatusBarMessage(`$(key) ${tr('DeepSeek API key saved')}`, 3000);
    return true;
  }

  async function setApiKey(...args: unknown[]): Promise<boolean> {
    if (args.length > 0 && args.some((a) => a !== undefined)) log.warn('deepseek.setApiKey was called with arguments; they are ignored (the key is only typed by the user).');
    const origin = currentOrigin();
    const key = await vscode.window.showInputBox({
      title: tr('DeepSeek: Set API Key'),
      prompt: tr('For {0}. Stored in the system keychain (VS Code SecretStorage), never in settings.', inert(origin ?? '')),
      placeHolder: 'sk-…',
      password: true,
      ignoreFocusOut: true,
      validateInput: validateKeyInput,
    });
    if (key === undefined) return false;
    return store(key);
  }

  /** The key saved for another origin, offered for this one: the user decides before it is sent. */
  async function offerKeyOfOtherOrigin(origin: string, others: string[]): Promise<boolean> {
    const from = others[others.length - 1]!;
    const useIt = tr('Send It to {0}', inert(new URL(origin).host));
    const setKey = tr('Set API Key');
    const message = tr('Your API key is saved for {0}. The base URL now points to {1}, which has no key: send that key to {1}?', inert(from), inert(origin));
    const pick = await showWarning(message, useIt, setKey);
    if (pick === setKey) return setApiKey();
    if (pick !== useIt) return false;
    const key = await keys.get(from);
    if (!key) return false;
    await keys.set(origin, key);
    log.info(`The API key saved for ${from} is now also saved for ${origin} (the user agreed).`);
    return true;
  }

  function offerToSetKey(): void {
    const origin = currentOrigin();
    const others = keys.origins().filter((o) => o !== origin);
    if (origin && others.length > 0) {
      void offerKeyOfOtherOrigin(origin, others);
      return;
    }
    const envKey = process.env.DEEPSEEK_API_KEY?.trim();
    const importEnv = tr('Import DEEPSEEK_API_KEY');
    const setKey = tr('Set API Key');
    const choices = envKey ? [importEnv, setKey] : [setKey];
    void showWarning(tr('DeepSeek needs an API key to answer.'), ...choices).then(async (pick) => {
      if (pick === setKey) await setApiKey();
      else if (pick === importEnv && envKey) await store(envKey);
    });
  }

  const registrations = vscode.Disposable.from(
    vscode.commands.registerCommand(Commands.setApiKey, setApiKey),
    vscode.commands.registerCommand(Commands.clearApiKey, async () => {
      await keys.clearAll();
      void showInfo(tr('DeepSeek API key removed from the keychain.'));
    }),
  );
  return { offerToSetKey, store, dispose: () => registrations.dispose() };
}
