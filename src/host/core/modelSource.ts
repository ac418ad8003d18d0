// The model list as the Chat surfaces consume it: the shape of the shared ModelCatalog (issue 13).
// Kept as an interface so lmProvider.ts does not depend on who fills it.

import type * as vscode from 'vscode';
import type { ModelInfo } from '../../deepseek/account';

export interface ModelSource {
  /** The server's models (cached); a fallback list when the server cannot be asked. */
  models(): Promise<ModelInfo[]>;
  /** Fires when the list may have changed (key, base URL). */
  readonly onDidChange: vscode.Event<void>;
  /** Drops the cache and fires onDidChange. */
  refresh(): void;
}
