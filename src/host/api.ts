// What `activate()` returns: a small read-only view used by the in-host test suite
// (vscode.extensions.getExtension(EXTENSION_ID).exports). It exposes state, never the key.
// Types only: the test runners import EXTENSION_ID in plain Node.

import type * as vscode from 'vscode';
import type { PanelState } from '../shared/protocol';
import type { CompletionsFeature } from './completions/register';
import type { EditSnapshot } from './edits/editSession';
import type { ModelInfo } from './models/modelCatalog';
import type { OpenModelPicker } from './models/modelPicker';

export const EXTENSION_ID = 'deepseek-assistant.deepseek-assistant';

export interface DeepSeekExtensionApi {
  /** Snapshot of the conversation exactly as the panel shows it. */
  getState(): PanelState;
  /** Resolves when no answer is streaming. */
  whenIdle(): Promise<void>;
  /** Fires after every turn start, turn end and settings change (not per delta). */
  onDidChangeState(listener: (state: PanelState) => void): { dispose(): void };
  /** Resolves when every scheduled or running save of the conversation has finished. */
  whenSaved(): Promise<void>;
  /** Whether the chat is visible (in the side bar view or an editor tab). */
  isPanelVisible(): boolean;
  /** Where the chat is visible: the side bar view, the editor tab. */
  chatSurfaces(): { view: boolean; editor: boolean };
  /** The quiet status under the chat view's title (e.g. unreadable saved conversations), if any. */
  chatStatus(): string | undefined;
  /** What the chat panel's webview serializer does with a panel VS Code restores (after a reload). */
  revivePanel(panel: vscode.WebviewPanel): Promise<void>;
  /** The pending Edit Selection proposal, if any. */
  getEdit(): EditSnapshot | undefined;
  /** Resolves when the pending edit's stream has ended. */
  whenEditStreamEnded(): Promise<void>;
  /** The model catalog's list (the server's, or the fallback). */
  models(): Promise<ModelInfo[]>;
  /** The open "Select Model" picker, if any. */
  modelPicker(): OpenModelPicker | undefined;
  /** What the status bar items show. */
  statusBar(): { model: string; balance?: string };
  /** What a "Use X and retry" button under a model-not-found error does (its click is tested in the browser layer). */
  switchModel(turn: string, model: string): Promise<void>;
  /** Reads VS Code Chat's saved reasoning (by tool-call id) from disk again, as a window reload does. */
  reloadReasoning(): Promise<void>;
  /** The completions feature: its status bar item and its request counters. */
  completions: Pick<CompletionsFeature, 'status' | 'stats'>;
  /**
   * Only when VS Code runs the extension's tests (ExtensionMode.Test), never in an installed
   * extension: saves a key for the current base URL's origin, as Set API Key does after typing.
   */
  testing?: {
    storeApiKey(key: string): Promise<boolean>;
    /** History's Delete on a conversation. */
    deleteConversation(id: string): Promise<void>;
  };
}
