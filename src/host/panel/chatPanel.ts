// The chat as an editor tab ("Open in Editor", or `deepseek.chatLocation`: editor): created beside
// the editor or revealed where it is, restored after a reload by its serializer.

import * as vscode from 'vscode';
import type { HostMessage, WebviewPersistedState } from '../../shared/protocol';
import { ContextKeys, ViewIds } from '../core/common/commandIds';
import { ChatWebviewConnection, chatWebviewOptions, type ChatWebviewDeps } from './chatWebview';

export { type PanelActions } from './chatWebview';

export const VIEW_TYPE = ViewIds.chatPanel;

export class ChatPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private connection: ChatWebviewConnection | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly deps: ChatWebviewDeps,
    /** Sets a when-clause context key (Move to Side Bar is offered while the tab is open). */
    private readonly setContext: (key: string, value: unknown) => void,
    /** The tab was closed by the user (not moved to the side bar). */
    private readonly onClosed: () => void,
  ) {
    this.disposables.push(vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, this.serializer()));
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  get isVisible(): boolean {
    return this.panel?.visible ?? false;
  }

  /** Opens the tab beside the editor, or reveals it where it is. */
  show(preserveFocus: boolean): void {
    if (this.panel) {
      this.panel.reveal(undefined, preserveFocus);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      'DeepSeek',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
      {
        ...chatWebviewOptions(this.deps.extensionUri),
        // State lives in the host and is resynced on show: cheaper than keeping a hidden DOM alive.
        retainContextWhenHidden: false,
        enableFindWidget: true,
      },
    );
    this.attach(panel);
  }

  /** Closes the tab without counting it as the user closing the chat (it moves to the side bar). */
  close(): void {
    const panel = this.panel;
    this.detach();
    panel?.dispose();
  }

  /**
   * Posts to the webview when it can receive. A hidden tab's document is dropped
   * (retainContextWhenHidden: false); when shown again it is rebuilt and asks with 'ready' for a sync.
   */
  post(message: HostMessage): void {
    if (this.panel?.visible) this.connection?.post(message);
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.setContext(ContextKeys.chatInEditor, true);
    panel.iconPath = vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'icon.png');
    this.connection = new ChatWebviewConnection(panel.webview, this.deps, () => panel.reveal(undefined, false));
    const closed = panel.onDidDispose(() => {
      closed.dispose();
      if (this.panel !== panel) return;
      this.detach();
      this.onClosed();
    });
  }

  private detach(): void {
    if (this.panel) this.setContext(ContextKeys.chatInEditor, false);
    this.connection?.dispose();
    this.connection = undefined;
    this.panel = undefined;
  }

  private serializer(): vscode.WebviewPanelSerializer<WebviewPersistedState> {
    return { deserializeWebviewPanel: async (panel) => this.revive(panel) };
  }

  /** A panel VS Code restored (after a reload) becomes the chat panel. */
  revive(panel: vscode.WebviewPanel): void {
    if (this.panel) {
      // Only one chat panel: a second restored one would show a stale copy.
      panel.dispose();
      return;
    }
    // The conversation itself comes from disk (saved as it streamed); the webview's own saved
    // state only lets it paint at once, before the host's sync arrives.
    this.attach(panel);
  }

  dispose(): void {
    this.close();
    for (const d of this.disposables) d.dispose();
  }
}
