// API keys live in VS Code's SecretStorage (the OS keychain), never in settings or files, one per
// server origin: a key saved for https://api.deepseek.com is only ever sent there. Which origins have
// a key is kept in globalState (names only), so the user can be asked before a key goes elsewhere.

import * as vscode from 'vscode';

/** The single key of earlier versions; moved to the origin of the base URL at activation. */
const LEGACY_SECRET = 'deepseek.apiKey';
const SECRET_PREFIX = 'deepseek.apiKey@';
const ORIGINS_STATE = 'deepseek.apiKeyOrigins';

/** `https://api.deepseek.com/beta` → `https://api.deepseek.com`; undefined for anything not http(s). */
export function originOf(baseUrl: string | undefined): string | undefined {
  if (!baseUrl) return undefined;
  try {
    const url = new URL(baseUrl.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

export class ApiKeyStore {
  /** The last read per origin, dropped on every change: a question does not wait on a busy window. */
  private readonly cached = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
  ) {
    secrets.onDidChange((e) => {
      if (e.key.startsWith(SECRET_PREFIX)) this.cached.delete(e.key.slice(SECRET_PREFIX.length));
    });
  }

  /** The key saved for this origin; never another origin's. */
  get(origin: string | undefined): Promise<string | undefined> {
    if (!origin) return Promise.resolve(undefined);
    let read = this.cached.get(origin);
    if (!read) {
      read = Promise.resolve(this.secrets.get(SECRET_PREFIX + origin)).then((key) => (key?.trim() ? key.trim() : undefined));
      this.cached.set(origin, read);
      const mine = read;
      read.catch(() => {
        if (this.cached.get(origin) === mine) this.cached.delete(origin);
      });
    }
    return read;
  }

  /** Origins that have a key saved. */
  origins(): string[] {
    return this.state.get<string[]>(ORIGINS_STATE, []);
  }

  async set(origin: string, key: string): Promise<void> {
    this.cached.delete(origin);
    await this.secrets.store(SECRET_PREFIX + origin, key.trim());
    this.cached.delete(origin);
    if (!this.origins().includes(origin)) await this.state.update(ORIGINS_STATE, [...this.origins(), origin]);
  }

  /** Removes every saved key (Clear API Key: the user wants the secret gone, wherever it was for). */
  async clearAll(): Promise<void> {
    for (const origin of this.origins()) {
      this.cached.delete(origin);
      await this.secrets.delete(SECRET_PREFIX + origin);
    }
    await this.secrets.delete(LEGACY_SECRET);
    await this.state.update(ORIGINS_STATE, []);
    this.cached.clear();
  }

  /** Moves the single key of earlier versions to `origin` (the base URL the user had set). */
  async migrateLegacy(origin: string | undefined): Promise<boolean> {
    const legacy = (await this.secrets.get(LEGACY_SECRET))?.trim();
    if (!legacy || !origin) return false;
    if (!(await this.get(origin))) await this.set(origin, legacy);
    await this.secrets.delete(LEGACY_SECRET);
    return true;
  }

  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => {
      if (e.key.startsWith(SECRET_PREFIX)) listener();
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
