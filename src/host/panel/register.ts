// The chat feature: the conversation shown in the side bar view and/or an editor tab (restored after
// a reload), its session (controller, autosave, start-up restore, final save) and its commands.

import * as vscode from 'vscode';
import type { PanelState } from '../../shared/protocol';
import type { Conversations } from '../conversation/conversations';
import { deleteConversation } from '../conversation/historyPicker';
import type { Billing, PendingAttachments } from '../core/ports';
import type { HostServices } from '../core/services';
import { ChatSession } from './chatSession';
import { ChatSurfaces } from './chatSurfaces';
import { registerPanelCommands } from './panelCommands';

/** What the panel needs from the shared services and the other features (wired in extension.ts). */
export interface PanelPorts {
  conversations: Conversations;
  attachments: PendingAttachments;
  billing: Billing;
}

/** The chat as the test API and deactivate() see it. */
export interface PanelFeature extends vscode.Disposable {
  getState(): PanelState;
  whenIdle(): Promise<void>;
  onDidChangeState(listener: (state: PanelState) => void): vscode.Disposable;
  whenSaved(): Promise<void>;
  /** Whether the chat is visible, in the side bar or in an editor tab. */
  isPanelVisible(): boolean;
  /** Where the chat is visible now. */
  surfaces(): { view: boolean; editor: boolean };
  /** The quiet status under the view's title. */
  status(): string | undefined;
  /** The webview serializer's work on a panel VS Code restores. */
  revivePanel(panel: vscode.WebviewPanel): Promise<void>;
  /** Stops the answer and saves the conversation (window closing). */
  finalSave(): Promise<void>;
  /** Deletes a conversation as History's Delete button does (the test API uses it in test mode). */
  deleteConversation(id: string): Promise<void>;
  /** A "Use X and retry" click (test API). */
  switchModel(turn: string, model: string): Promise<void>;
}

export function register(services: HostServices, ports: PanelPorts): PanelFeature {
  let surfaces: ChatSurfaces | undefined;
  const session = new ChatSession(services, ports.conversations, ports.billing, (message) => surfaces?.post(message));
  const commands = registerPanelCommands(services, {
    session,
    show: (preserveFocus) => surfaces?.show(preserveFocus),
    openInEditor: () => surfaces?.openInEditor(),
    moveToSideBar: () => surfaces?.moveToSideBar(),
    conversations: ports.conversations,
    attachments: ports.attachments,
  });
  const shown = new ChatSurfaces(services, {
    extensionUri: services.context.extensionUri,
    controller: session.controller,
    actions: commands,
    context: ports.attachments,
  });
  surfaces = shown;
  const listeners = vscode.Disposable.from(
    ports.attachments.onDidChange(() => shown.post(ports.attachments.message())),
    // Start-up problems with saved conversations: a quiet line in the view, never a pop-up.
    ports.conversations.onDidFindProblems((summary) => shown.view.setStatus(summary)),
  );
  return {
    getState: () => session.controller.state(),
    whenIdle: () => session.whenIdle(),
    onDidChangeState: (listener) => session.onDidChangeState(listener),
    whenSaved: () => session.whenSaved(),
    isPanelVisible: () => shown.isVisible,
    surfaces: () => ({ view: shown.view.isVisible, editor: shown.panel.isVisible }),
    status: () => shown.view.status,
    revivePanel: async (restored) => shown.panel.revive(restored),
    finalSave: () => session.finalSave(),
    deleteConversation: (id) => deleteConversation(ports.conversations.store, { changed: (c, deleted) => session.historyChanged(c, deleted) }, id),
    switchModel: (turn, model) => session.controller.switchModel(turn, model),
    dispose: () => {
      listeners.dispose();
      commands.dispose();
      shown.dispose();
      session.dispose();
    },
  };
}
