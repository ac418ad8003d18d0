// Stand-in for the shared ModelCatalog (issue 13) until it is merged: delete this file and pass the
// catalog to the provider instead. Asks GET /models once per key/base URL; on failure the fallback.

import * as vscode from 'vscode';
import { listModels, type ModelInfo } from '../deepseek/account';
import type { ModelSource } from './modelSource';

export const FALLBACK_MODELS: ModelInfo[] = [{ id: 'deepseek-chat', ownedBy: 'deepseek' }, { id: 'deepseek-reasoner', ownedBy: 'deepseek' }];

export class SimpleModelCatalog implements ModelSource, vscode.Disposable {
  private cached: Promise<ModelInfo[]> | undefined;
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;

  /** `config()` undefined = settings invalid or no key: the fallback list. */
  constructor(private readonly config: () => Promise<Parameters<typeof listModels>[0] | undefined>) {}

  models(): Promise<ModelInfo[]> {
    return (this.cached ??= this.load());
  }

  private async load(): Promise<ModelInfo[]> {
    try {
      const config = await this.config();
      if (!config) return FALLBACK_MODELS;
      const models = await listModels(config);
      return models.length > 0 ? models : FALLBACK_MODELS;
    } catch {
      this.cached = undefined; // ask again next time
      return FALLBACK_MODELS;
    }
  }

  refresh(): void {
    this.cached = undefined;
    this.emitter.fire();
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
