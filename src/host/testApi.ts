// Builds the test API (./api.ts) from the features that hold the state it reads.

import type { DeepSeekExtensionApi } from './api';
import type { CompletionsFeature } from './completions/register';
import type { EditsFeature } from './edits/register';
import { openModelPicker } from './models/modelPicker';
import type { ModelsFeature } from './models/register';
import type { PanelFeature } from './panel/register';
import type { VscodeChatFeature } from './vscodeChat/register';

export function createTestApi(features: {
  chat: PanelFeature;
  edits: EditsFeature;
  models: ModelsFeature;
  vscodeChat: VscodeChatFeature;
  completions: CompletionsFeature;
  /** Present only in ExtensionMode.Test. */
  storeApiKey?: (key: string) => Promise<boolean>;
}): DeepSeekExtensionApi {
  const { chat, edits, models, vscodeChat, completions, storeApiKey } = features;
  return {
    getState: () => chat.getState(),
    whenIdle: () => chat.whenIdle(),
    onDidChangeState: (listener) => chat.onDidChangeState(listener),
    whenSaved: () => chat.whenSaved(),
    isPanelVisible: () => chat.isPanelVisible(),
    chatSurfaces: () => chat.surfaces(),
    chatStatus: () => chat.status(),
    revivePanel: (panel) => chat.revivePanel(panel),
    getEdit: () => edits.snapshot(),
    whenEditStreamEnded: () => edits.whenStreamEnded(),
    models: () => models.catalog.models(),
    modelPicker: () => openModelPicker(),
    statusBar: () => models.statusTexts(),
    switchModel: (turn, model) => chat.switchModel(turn, model),
    reloadReasoning: () => vscodeChat.reloadReasoning(),
    completions: { status: () => completions.status(), stats: () => completions.stats() },
    ...(storeApiKey ? { testing: { storeApiKey, deleteConversation: (id: string) => chat.deleteConversation(id) } } : {}),
  };
}
