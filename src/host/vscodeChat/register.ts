// The VS Code Chat feature: DeepSeek in VS Code's own Chat, as a model provider (vendor "deepseek")
// and as the @deepseek participant, on the panel's settings, key and request log. "Open in DeepSeek
// Panel" saves the Chat session's conversation and asks the panel to open it.

import * as vscode from 'vscode';
import { Commands } from '../core/common/commandIds';
import type { ModelSource } from '../core/ports';
import type { HostServices } from '../core/services';
import type { Conversations } from '../conversation/conversations';
import { DeepSeekParticipant } from './chatParticipant';
import { DeepSeekChatProvider, VENDOR } from './lmProvider';
import { ReasoningFile } from './common/reasoningFile';

/** The feature as the test API sees it. */
export interface VscodeChatFeature extends vscode.Disposable {
  /** Reads the saved reasoning from disk again, replacing the memory (what a window reload does). */
  reloadReasoning(): Promise<void>;
}

export function register(
  services: HostServices,
  ports: {
    /** The shared model catalog (the same list as Select Model and the status bar). */
    catalog: ModelSource;
    conversations: Conversations;
  },
): VscodeChatFeature {
  const reasoning = ReasoningFile.in(services.context.globalStorageUri.fsPath, (message) => services.log.warn(message));
  const loaded = reasoning.load();
  const provider = new DeepSeekChatProvider(services, ports.catalog, reasoning, loaded);
  const participant = new DeepSeekParticipant(services);
  const registrations = vscode.Disposable.from(
    registerProvider(services, provider),
    participant,
    vscode.commands.registerCommand(Commands.openChatInPanel, async (id: unknown) => {
      const conversation = typeof id === 'string' ? participant.conversation(id) : undefined;
      if (!conversation) {
        void vscode.window.showInformationMessage(vscode.l10n.t('That conversation is no longer available in this window (it is kept only until VS Code reloads).'));
        return;
      }
      // Saved first: the panel opens it from the store, ready to continue.
      await ports.conversations.store.save(conversation);
      await vscode.commands.executeCommand(Commands.openConversation, conversation.id);
    }),
  );
  // VS Code asks a provider for its models only when something asks: ask once, so the Chat view's
  // model picker lists DeepSeek's models from the start.
  void Promise.resolve(vscode.lm.selectChatModels({ vendor: VENDOR })).catch(() => undefined);
  return {
    reloadReasoning: () => reasoning.load(),
    dispose: () => registrations.dispose(),
  };
}

/**
 * Another extension may have registered the vendor "deepseek" first; VS Code then throws. The panel
 * and @deepseek do not need the provider: say so once in the log and carry on without it.
 */
function registerProvider(services: HostServices, provider: DeepSeekChatProvider): vscode.Disposable {
  try {
    return vscode.lm.registerLanguageModelChatProvider(VENDOR, provider);
  } catch (err) {
    services.log.warn(
      vscode.l10n.t(
        'DeepSeek models are not offered in VS Code\'s Chat: the model vendor "{0}" could not be registered ({1}). Another extension may use it. The DeepSeek panel and @deepseek work as before.',
        VENDOR,
        err instanceof Error ? err.message : String(err),
      ),
    );
    return new vscode.Disposable(() => undefined);
  }
}
