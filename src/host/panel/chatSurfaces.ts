// Where the one conversation is shown: the side bar view (the default) and/or the editor tab. Both
// render the same controller's messages; "Open in Editor" and "Move to Side Bar" move between them
// without touching the conversation, so nothing is lost while moving, hiding or reloading.

import * as vscode from 'vscode';
import type { HostMessage } from '../../shared/protocol';
import type { HostServices } from '../core/services';
import { ChatPanel } from './chatPanel';
import { ChatView } from './chatView';
import type { ChatWebviewDeps } from './chatWebview';

export class ChatSurfaces implements vscode.Disposable {
  readonly view: ChatView;
  readonly panel: ChatPanel;

  constructor(
    private readonly services: HostServices,
    private readonly deps: ChatWebviewDeps,
  ) {
    this.view = new ChatView(deps);
    this.panel = new ChatPanel(deps, services.setContext, () => {
      // Closing the tab stops the answer unless the side bar still shows it.
      if (!this.view.isVisible) deps.controller.stop();
    });
  }

  get isVisible(): boolean {
    return this.view.isVisible || this.panel.isVisible;
  }

  /** Shows the chat where the user has it: the open tab, else where `deepseek.chatLocation` says. */
  async show(preserveFocus: boolean): Promise<void> {
    if (this.panel.isOpen || this.location() === 'editor') this.panel.show(preserveFocus);
    else await this.view.show(preserveFocus);
  }

  async openInEditor(): Promise<void> {
    const wasOpen = this.panel.isOpen;
    this.panel.show(false);
    // A new tab starts with the draft (in its sync); one already open is given the latest.
    if (wasOpen) this.panel.post(this.draftMessage());
  }

  async moveToSideBar(): Promise<void> {
    this.panel.close();
    await this.view.show(false);
    // The view may have stayed open beside the tab with an older draft.
    this.view.post(this.draftMessage());
  }

  /** The unsent text typed last on either surface, into the input it moves to. */
  private draftMessage(): HostMessage {
    return { type: 'focusInput', text: this.deps.controller.draftText };
  }

  post(message: HostMessage): void {
    this.view.post(message);
    this.panel.post(message);
  }

  private location(): 'view' | 'editor' {
    const result = this.services.settings();
    return result.ok ? result.settings.chatLocation : 'view';
  }

  dispose(): void {
    this.panel.dispose();
    this.view.dispose();
  }
}
