// Activation: wires the key store, settings, chat controller and panel together and registers the
// commands. Each piece talks to the others through the small interfaces they export.

import * as vscode from 'vscode';
import type { DeepSeekExtensionApi } from './host/api';
import { ApiKeyStore } from './host/apiKeyStore';
import { ChatController } from './host/chatController';
import { ChatPanel } from './host/chatPanel';
import { registerCommands } from './host/commands';
import { logRequestEntry } from './host/requestLog';
import { readSettings } from './host/settings';
import type { PanelState } from './shared/protocol';

export function activate(context: vscode.ExtensionContext): DeepSeekExtensionApi {
  const log = vscode.window.createOutputChannel('DeepSeek', { log: true });
  const keys = new ApiKeyStore(context.secrets);
  const settings = () => readSettings((key) => vscode.workspace.getConfiguration('deepseek').get(key));
  const listeners = new Set<(state: PanelState) => void>();

  let panel: ChatPanel | undefined;
  let missingKeyPrompt: (() => void) | undefined;
  const controller = new ChatController({
    settings,
    apiKey: () => keys.get(),
    post: (message) => panel?.post(message),
    createCancellation: () => new vscode.CancellationTokenSource(),
    onMissingKey: () => missingKeyPrompt?.(),
    log: (entry) => logRequestEntry(log, entry),
    onDidChangeState: (state) => {
      void vscode.commands.executeCommand('setContext', 'deepseek.streaming', controller.isStreaming);
      for (const listener of listeners) listener(state);
    },
  });
  const commands = registerCommands({ context, controller, keys, showPanel: (preserveFocus) => panel?.show(preserveFocus), settings });
  missingKeyPrompt = commands.offerToSetKey;
  panel = new ChatPanel(context.extensionUri, controller, commands);

  void keys.get().then((key) => controller.setHasApiKey(key !== undefined));
  context.subscriptions.push(
    log,
    panel,
    { dispose: () => controller.dispose() },
    keys.onDidChange(() => void keys.get().then((key) => controller.setHasApiKey(key !== undefined))),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('deepseek')) return;
      const result = settings();
      if (!result.ok) void vscode.window.showWarningMessage(result.message, 'Open Settings').then((pick) => pick && commands.runCommand('openSettings'));
      void keys.get().then((key) => controller.setHasApiKey(key !== undefined));
    }),
  );

  return {
    getState: () => controller.state(),
    whenIdle: () => controller.whenIdle(),
    onDidChangeState: (listener) => {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    isPanelVisible: () => panel?.isVisible ?? false,
  };
}

export function deactivate(): void {
  // Disposables registered in activate() stop any running answer.
}
