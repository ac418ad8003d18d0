// Set API Key / Clear API Key, and the offer to set one when a question needs it. The key goes to
// SecretStorage only; a key in DEEPSEEK_API_KEY is imported when the user says so, never read silently.

import * as vscode from 'vscode';
import { validateKeyInput } from './apiKeyStore';
import { Commands } from './common/commandIds';
import type { HostServices } from './services';

export interface ApiKeyCommands extends vscode.Disposable {
  offerToSetKey(): void;
}

export function registerApiKeyCommands(services: Pick<HostServices, 'keys' | 'tr'>): ApiKeyCommands {
  const { keys, tr } = services;

  async function setApiKey(keyArg?: unknown): Promise<boolean> {
    const key =
      typeof keyArg === 'string'
        ? keyArg
        : await vscode.window.showInputBox({
            title: tr('DeepSeek: Set API Key'),
            prompt: tr('Stored in the system keychain (VS Code SecretStorage), never in settings.'),
            placeHolder: 'sk-…',
            password: true,
            ignoreFocusOut: true,
            validateInput: validateKeyInput,
          });
    if (key === undefined) return false;
    const problem = validateKeyInput(key);
    if (problem) {
      void vscode.window.showErrorMessage(problem);
      return false;
    }
    await keys.set(key);
    void vscode.window.setStatusBarMessage(`$(key) ${tr('DeepSeek API key saved')}`, 3000);
    return true;
  }

  function offerToSetKey(): void {
    const envKey = process.env.DEEPSEEK_API_KEY?.trim();
    const importEnv = tr('Import DEEPSEEK_API_KEY');
    const setKey = tr('Set API Key');
    const choices = envKey ? [importEnv, setKey] : [setKey];
    void vscode.window.showWarningMessage(tr('DeepSeek needs an API key to answer.'), ...choices).then(async (pick) => {
      if (pick === setKey) await setApiKey();
      else if (pick === importEnv && envKey) await setApiKey(envKey);
    });
  }

  const registrations = vscode.Disposable.from(
    vscode.commands.registerCommand(Commands.setApiKey, setApiKey),
    vscode.commands.registerCommand(Commands.clearApiKey, async () => {
      await keys.clear();
      void vscode.window.showInformationMessage(tr('DeepSeek API key removed from the keychain.'));
    }),
  );
  return { offerToSetKey, dispose: () => registrations.dispose() };
}
