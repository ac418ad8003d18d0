// The API key lives in VS Code's SecretStorage (the OS keychain), never in settings or files.

import * as vscode from 'vscode';

const SECRET_NAME = 'deepseek.apiKey';

export class ApiKeyStore {
  /** The last read, dropped on every change: a question does not wait on a busy window for the key. */
  private cached: Promise<string | undefined> | undefined;

  constructor(private readonly secrets: vscode.SecretStorage) {
    secrets.onDidChange((e) => {
      if (e.key === SECRET_NAME) this.cached = undefined;
    });
  }

  get(): Promise<string | undefined> {
    const read = (this.cached ??= Promise.resolve(this.secrets.get(SECRET_NAME)).then((key) => (key?.trim() ? key.trim() : undefined)));
    read.catch(() => {
      if (this.cached === read) this.cached = undefined;
    });
    return read;
  }

  async set(key: string): Promise<void> {
    this.cached = undefined;
    await this.secrets.store(SECRET_NAME, key.trim());
    this.cached = undefined;
  }

  async clear(): Promise<void> {
    this.cached = undefined;
    await this.secrets.delete(SECRET_NAME);
    this.cached = undefined;
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
  if (!key) return vscode.l10n.t('Enter your API key (it starts with "sk-" for DeepSeek).');
  if (/\s/.test(key)) return vscode.l10n.t('An API key has no spaces or line breaks.');
  if (key.length > 512) return vscode.l10n.t('That is too long to be an API key.');
  return undefined;
}
