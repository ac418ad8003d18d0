// The chat in the DeepSeek side bar (a WebviewView users can drag to the secondary side bar), and
// the empty tree beside it that carries the welcome (`viewsWelcome` applies to tree views only).

import * as vscode from 'vscode';
import type { HostMessage } from '../../shared/protocol';
import { BuiltinCommands, ViewIds } from '../core/common/commandIds';
import { ChatWebviewConnection, type ChatWebviewDeps } from './chatWebview';

export class ChatView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private connection: ChatWebviewConnection | undefined;
  /** A quiet line under the view's title (e.g. saved conversations that could not be read). */
  private quietStatus: string | undefined;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly deps: ChatWebviewDeps) {
    this.disposables = [
      // Not retained when hidden: the host holds the conversation and resyncs the page when shown.
      vscode.window.registerWebviewViewProvider(ViewIds.chatView, this, { webviewOptions: { retainContextWhenHidden: false } }),
      vscode.window.registerTreeDataProvider<never>(ViewIds.welcomeView, { getChildren: () => [], getTreeItem: (e) => e }),
    ];
  }

  get status(): string | undefined {
    return this.quietStatus;
  }

  get isVisible(): boolean {
    return this.view?.visible ?? false;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.connection?.dispose();
    this.view = view;
    view.description = this.quietStatus;
    const connection = new ChatWebviewConnection(view.webview, this.deps, () => view.show(false));
    this.connection = connection;
    const disposed = view.onDidDispose(() => {
      disposed.dispose();
      connection.dispose();
      if (this.view !== view) return;
      this.view = undefined;
      this.connection = undefined;
    });
  }

  /** Reveals the view; VS Code creates it (and calls resolveWebviewView) if it was never shown. */
  async show(preserveFocus: boolean): Promise<void> {
    if (this.view) {
      this.view.show(preserveFocus);
      return;
    }
    await vscode.commands.executeCommand(BuiltinCommands.focusChatView);
    if (preserveFocus) await vscode.commands.executeCommand(BuiltinCommands.focusEditor);
  }

  post(message: HostMessage): void {
    if (this.view?.visible) this.connection?.post(message);
  }

  /** Shown under the view's title; undefined clears it. */
  setStatus(text: string | undefined): void {
    this.quietStatus = text;
    if (this.view) this.view.description = text;
  }

  dispose(): void {
    this.connection?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
