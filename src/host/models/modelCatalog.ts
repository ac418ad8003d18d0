// The models the server offers (`GET {base}/models`), cached per base URL and key, refreshed when
// either changes. When the server cannot list them (no such endpoint, offline, bad key) the known
// DeepSeek models stand in and the user is told once. Used by the model picker, the status bar and
// VS Code's Chat provider.

import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { DeepSeekError, listModels, type ModelInfo } from '../../deepseek';
import { clientConfigFor } from '../core/common/clientConfig';
import type { ModelSource } from '../core/ports';
import type { HostServices } from '../core/services';
import { MODEL_TABLE } from '../../shared/modelTable';

export type { ModelInfo };

/** DeepSeek's current models (the model table), for servers that cannot list theirs. */
export const FALLBACK_MODELS: readonly ModelInfo[] = MODEL_TABLE.map((m) => ({ id: m.id, ownedBy: 'deepseek', contextLength: m.contextTokens }));

export class ModelCatalog implements ModelSource, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires when the list may have changed (base URL or key changed, refresh()). */
  readonly onDidChange: vscode.Event<void> = this.emitter.event;
  private cache: { key: string; list: Promise<ModelInfo[]> } | undefined;
  private readonly warned = new Set<string>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Why the last list is the fallback one (undefined when the server answered). */
  problem: string | undefined;

  constructor(
    private readonly services: Pick<HostServices, 'settings' | 'apiKey' | 'keys' | 'logRequest'>,
    /** Tells the user once why the fallback list is shown. */
    private readonly warn: (message: string) => void,
  ) {
    this.subscriptions.push(
      this.emitter,
      services.keys.onDidChange(() => this.refresh()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('deepseek.baseUrl')) this.refresh();
      }),
    );
  }

  /** The server's models (cached), or FALLBACK_MODELS when it cannot list them. */
  async models(): Promise<ModelInfo[]> {
    const result = this.services.settings();
    if (!result.ok) return [...FALLBACK_MODELS];
    const settings = result.settings;
    const key = (await this.services.apiKey()) ?? '';
    const cacheKey = `${settings.baseUrl}\n${createHash('sha256').update(key).digest('hex')}`;
    if (this.cache?.key !== cacheKey) {
      const list = this.load(settings.baseUrl, cacheKey, () => listModels(clientConfigFor(settings, key, this.services.logRequest)));
      this.cache = { key: cacheKey, list };
    }
    return [...(await this.cache.list)];
  }

  /** Forgets the cached list; the next models() asks the server again. */
  refresh(): void {
    this.cache = undefined;
    this.emitter.fire();
  }

  private async load(baseUrl: string, cacheKey: string, fetch: () => Promise<ModelInfo[]>): Promise<ModelInfo[]> {
    try {
      const list = await fetch();
      if (list.length === 0) throw new Error(vscode.l10n.t('the list is empty.'));
      this.problem = undefined;
      return list;
    } catch (err) {
      const reason = err instanceof DeepSeekError || err instanceof Error ? err.message : String(err);
      this.problem = vscode.l10n.t('Could not get the model list from {0}: {1}', hostOf(baseUrl), reason);
      if (!this.warned.has(cacheKey)) {
        this.warned.add(cacheKey);
        this.warn(vscode.l10n.t('{0} Showing the known DeepSeek models; any model id can be entered in the picker.', this.problem));
      }
      return [...FALLBACK_MODELS];
    }
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
