// The API key lives in VS Code's SecretStorage (the OS keychain), never in settings or files.

import * as vscode from 'vscode';

const SECRET_NAME = 'deepseek.apiKey';

export class ApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async get(): Promise<string | undefined> {
    const key = await this.secrets.get(SECRET_NAME);
    return key?.trim() ? key.trim() : undefined;
  }

  set(key: string): Thenable<void> {
    return this.secrets.store(SECRET_NAME, key.trim());
  }

  clear(): Thenable<void> {
    return this.secrets.delete(SECRET_NAME);
  }

  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => {
      if (e.key === SECRET_NAME) listener();
    });
  }
}

/** Why a typed key is refused, or undefined when it looks usable. */
export function validateKeyInput(value: string): string | undefined {
  const key = value.trim();
  if (!key) return 'Enter your API key (it starts with "sk-" for DeepSeek).';
  if (/\s/.test(key)) return 'An API key has no spaces or line breaks.';
  if (key.length > 512) return 'That is too long to be an API key.';
  return undefined;
}
