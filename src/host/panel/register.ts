// The panel feature: the chat beside the editor (a webview panel restored after a reload), its
// session (controller, autosave, start-up restore, final save) and its commands.

import type * as vscode from 'vscode';
import type { PanelState } from '../../shared/protocol';
import type { Conversations } from '../conversation/conversations';
import type { Billing, PendingAttachments } from '../core/ports';
import type { HostServices } from '../core/services';
import { ChatPanel } from './chatPanel';
import { ChatSession } from './chatSession';
import { registerPanelCommands } from './panelCommands';

/** What the panel needs from the shared services and the other features (wired in extension.ts). */
export interface PanelPorts {
  conversations: Conversations;
  attachments: PendingAttachments;
  billing: Billing;
}

/** The panel as the test API and deactivate() see it. */
export interface PanelFeature extends vscode.Disposable {
  getState(): PanelState;
  whenIdle(): Promise<void>;
  onDidChangeState(listener: (state: PanelState) => void): vscode.Disposable;
  whenSaved(): Promise<void>;
  isPanelVisible(): boolean;
  /** The webview serializer's work on a panel VS Code restores. */
  revivePanel(panel: vscode.WebviewPanel): Promise<void>;
  /** Stops the answer and saves the conversation (window closing). */
  finalSave(): Promise<void>;
  /** A "Use X and retry" click (test API). */
  switchModel(turn: string, model: string): Promise<void>;
}

export function register(services: HostServices, ports: PanelPorts): PanelFeature {
  let panel: ChatPanel | undefined;
  const session = new ChatSession(services, ports.conversations, ports.billing, (message) => panel?.post(message));
  const commands = registerPanelCommands(services, {
    session,
    show: (preserveFocus) => panel?.show(preserveFocus),
    conversations: ports.conversations,
    attachments: ports.attachments,
  });
  panel = new ChatPanel(services.context.extensionUri, session.controller, commands, ports.attachments);
  return {
    getState: () => session.controller.state(),
    whenIdle: () => session.whenIdle(),
    onDidChangeState: (listener) => session.onDidChangeState(listener),
    whenSaved: () => session.whenSaved(),
    isPanelVisible: () => panel?.isVisible ?? false,
    revivePanel: async (restored) => panel?.revive(restored),
    finalSave: () => session.finalSave(),
    switchModel: (turn, model) => session.controller.switchModel(turn, model),
    dispose: () => {
      commands.dispose();
      panel?.dispose();
      session.dispose();
    },
  };
}
