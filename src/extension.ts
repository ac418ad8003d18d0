// Activation: the host services, then the features, each registering its own commands, views and
// listeners and handing back one Disposable. Features meet only through the ports wired here
// (docs/architecture.md).

import * as vscode from 'vscode';
import type { DeepSeekExtensionApi } from './host/api';
import * as completions from './host/completions/register';
import * as context from './host/context/register';
import { Conversations } from './host/conversation/conversations';
import { createHostServices } from './host/core/services';
import * as edits from './host/edits/register';
import * as longDocument from './host/longDocument/register';
import * as models from './host/models/register';
import * as panel from './host/panel/register';
import { createTestApi } from './host/testApi';
import * as vscodeChat from './host/vscodeChat/register';

let finalSave: (() => Promise<void>) | undefined;

export function activate(extensionContext: vscode.ExtensionContext): DeepSeekExtensionApi {
  const services = createHostServices(extensionContext);
  const conversations = new Conversations(services);

  const modelsFeature = models.register(services);
  const editsFeature = edits.register(services);
  const attachments = context.register(services);
  const chat = panel.register(services, { conversations, attachments, billing: modelsFeature });
  const chatView = vscodeChat.register(services, { catalog: modelsFeature.catalog, conversations });
  // Completions as you type (ghost text); costs through the same Billing port as the chat.
  const completionsFeature = completions.register(services, { billing: modelsFeature });
  extensionContext.subscriptions.push(
    services,
    modelsFeature,
    editsFeature,
    attachments,
    chat,
    // DeepSeek in VS Code's own Chat view (model picker + @deepseek).
    chatView,
    // Write to New Document / Write to File….
    longDocument.register(services),
    completionsFeature,
  );
  finalSave = () => chat.finalSave();
  return createTestApi({ chat, edits: editsFeature, models: modelsFeature, vscodeChat: chatView, completions: completionsFeature });
}

export async function deactivate(): Promise<void> {
  // VS Code awaits this (within its shutdown budget) before disposing context.subscriptions.
  await finalSave?.().catch(() => undefined);
}
