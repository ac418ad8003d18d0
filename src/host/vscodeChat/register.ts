// Wires DeepSeek into VS Code's own Chat: the model provider (vendor "deepseek") and the @deepseek
// participant, on the panel's settings, key and request log. One call from extension.ts.

import * as vscode from 'vscode';
import type { LogEntry } from '../../deepseek/types';
import type { ApiKeyStore } from '../core/apiKeyStore';
import { DeepSeekParticipant, OPEN_IN_PANEL_COMMAND } from './chatParticipant';
import { DeepSeekChatProvider, VENDOR } from './lmProvider';
import type { ModelSource } from '../core/modelSource';
import type { StoredConversation } from '../conversation/common/conversationStore';
import type { SettingsResult } from '../core/common/settings';

export interface VsCodeChatDeps {
  extensionUri: vscode.Uri;
  settings(): SettingsResult;
  keys: ApiKeyStore;
  log(entry: LogEntry): void;
  offerToSetKey(): void;
  /** Saves the conversation and shows it in the panel, ready to continue. */
  openInPanel(conversation: StoredConversation): Promise<void>;
  /** The shared model catalog (the same list as Select Model and the status bar). */
  catalog: ModelSource;
}

export function registerVsCodeChat(deps: VsCodeChatDeps): vscode.Disposable {
  const disposables: vscode.Disposable[] = [];
  const catalog = deps.catalog;
  const apiKey = () => deps.keys.get();
  const provider = new DeepSeekChatProvider({ catalog, settings: deps.settings, apiKey, log: deps.log, onMissingKey: deps.offerToSetKey });
  const participant = new DeepSeekParticipant(deps.extensionUri, { settings: deps.settings, apiKey, log: deps.log });
  disposables.push(
    vscode.lm.registerLanguageModelChatProvider(VENDOR, provider),
    participant,
    vscode.commands.registerCommand(OPEN_IN_PANEL_COMMAND, async (id: unknown) => {
      const conversation = typeof id === 'string' ? participant.conversation(id) : undefined;
      if (!conversation) {
        void vscode.window.showInformationMessage(vscode.l10n.t('That conversation is no longer available in this window (it is kept only until VS Code reloads).'));
        return;
      }
      await deps.openInPanel(conversation);
    }),
  );
  // VS Code asks a provider for its models only when something asks: ask once, so the Chat view's
  // model picker lists DeepSeek's models from the start.
  void Promise.resolve(vscode.lm.selectChatModels({ vendor: VENDOR })).catch(() => undefined);
  return vscode.Disposable.from(...disposables);
}
