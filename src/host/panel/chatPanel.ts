// The webview panel: creates or reveals it beside the editor, serves its HTML with a strict CSP,
// resyncs it when shown again, restores it after a reload, and turns its messages into actions.

import * as vscode from 'vscode';
import { isWebviewMessage, type HostMessage, type PanelCommand, type WebviewMessage, type WebviewPersistedState } from '../../shared/protocol';
import type { PendingAttachments } from '../core/ports';
import type { ChatController } from './common/chatController';
import { makeNonce, renderPanelHtml } from './common/panelHtml';
import { localPanelStrings } from './panelStrings';

export const VIEW_TYPE = 'deepseek.chat';

export interface PanelActions {
  insertAtCursor(text: string): Promise<void>;
  runCommand(command: PanelCommand): void;
  /** Apply on a code block: review it as a diff against the turn's selection or file. */
  applyCode?(turn: string, text: string): Promise<void>;
}

export class ChatPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly controller: ChatController,
    private readonly actions: PanelActions,
    /** The attachments waiting for the next question (chips above the input). */
    private readonly context?: PendingAttachments,
  ) {
    this.disposables.push(vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, this.serializer()));
    if (context) this.disposables.push(context.onDidChange(() => this.post(context.message())));
  }

  get isVisible(): boolean {
    return this.panel?.visible ?? false;
  }

  /** Opens the panel beside the editor, or reveals it where it is. */
  show(preserveFocus: boolean): void {
    if (this.panel) {
      this.panel.reveal(undefined, preserveFocus);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      'DeepSeek',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
      this.webviewOptions(),
    );
    this.attach(panel);
  }

  /**
   * Posts to the webview when it can receive. A hidden panel's document is dropped
   * (retainContextWhenHidden: false); when shown again it is rebuilt and asks with 'ready' for a sync.
   */
  post(message: HostMessage): void {
    if (this.panel?.visible) void this.panel.webview.postMessage(message);
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      // State lives in the host and is resynced on show: cheaper than keeping a hidden DOM alive.
      retainContextWhenHidden: false,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
    panel.webview.options = this.webviewOptions();
    const webview = panel.webview;
    webview.html = renderPanelHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'webview.css')).toString(),
      strings: localPanelStrings(),
      lang: vscode.env.language,
    });
    const subscriptions: vscode.Disposable[] = [
      webview.onDidReceiveMessage((raw: unknown) => {
        if (isWebviewMessage(raw)) void this.onMessage(raw);
      }),
      panel.onDidDispose(() => {
        // Closing the panel stops the answer it was showing.
        this.controller.stop();
        this.panel = undefined;
        for (const d of subscriptions) d.dispose();
      }),
    ];
  }

  private async onMessage(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
      case 'resync':
        this.post(this.controller.syncMessage());
        if (this.context) this.post(this.context.message());
        return;
      case 'ask': {
        const taken = this.context?.take();
        await this.controller.ask(message.text, {
          replaceTurn: message.replaceTurn,
          ...(message.images?.length ? { images: message.images } : {}),
          ...(taken ? { attachments: taken, note: taken.note } : {}),
        });
        return;
      }
      case 'pickFile': {
        const picked = (await this.context?.pickFiles()) ?? false;
        this.post({ type: 'pickFileDone', picked });
        if (picked) this.panel?.reveal(undefined, false);
        return;
      }
      case 'removeContext':
        this.context?.remove(message.id);
        return;
      case 'attachActive':
        await this.context?.attachActive();
        return;
      case 'apply':
        await this.actions.applyCode?.(message.turn, message.text);
        return;
      case 'stop':
        this.controller.stop();
        return;
      case 'retry':
        await this.controller.retry(message.turn);
        return;
      case 'switchModel':
        await this.controller.switchModel(message.turn, message.model);
        return;
      case 'continue':
        await this.controller.continueTurn(message.turn);
        return;
      case 'copy':
        await vscode.env.clipboard.writeText(message.text);
        void vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Copied to clipboard')}`, 2000);
        return;
      case 'insert':
        await this.actions.insertAtCursor(message.text);
        return;
      case 'openLink':
        await openLink(message.href);
        return;
      case 'command':
        this.actions.runCommand(message.command);
        return;
    }
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
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** Opens only web and mail links, through VS Code (which asks before leaving for untrusted sites). */
async function openLink(href: string): Promise<void> {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(href, true);
  } catch {
    return;
  }
  if (uri.scheme === 'https' || uri.scheme === 'http' || uri.scheme === 'mailto') {
    await vscode.env.openExternal(uri);
  }
}
