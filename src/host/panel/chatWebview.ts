// One chat webview, wherever it is shown (the side bar view or the editor tab): its HTML with a
// strict CSP, and its messages turned into actions on the one controller both surfaces share.

import * as vscode from 'vscode';
import { isWebviewMessage, type HostMessage, type PanelCommand, type WebviewMessage } from '../../shared/protocol';
import type { PendingAttachments } from '../core/ports';
import type { ChatController } from './common/chatController';
import { makeNonce, renderPanelHtml } from './common/panelHtml';
import { localPanelStrings } from './panelStrings';

export interface PanelActions {
  insertAtCursor(text: string): Promise<void>;
  runCommand(command: PanelCommand): void;
  /** Apply on a code block: review it as a diff against the turn's selection or file. */
  applyCode?(turn: string, text: string): Promise<void>;
}

/** What every chat webview talks to. */
export interface ChatWebviewDeps {
  extensionUri: vscode.Uri;
  controller: ChatController;
  actions: PanelActions;
  /** The attachments waiting for the next question (chips above the input). */
  context?: PendingAttachments;
}

export function chatWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/**
 * Serves the page into `webview` and answers its messages until disposed. The page keeps no state
 * of its own that matters: on load it sends 'ready' and the host replies with the whole conversation.
 */
export class ChatWebviewConnection implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly webview: vscode.Webview,
    private readonly deps: ChatWebviewDeps,
    /** Brings this surface to the front (after the file picker took focus). */
    private readonly reveal: () => void,
  ) {
    const { extensionUri } = deps;
    webview.options = chatWebviewOptions(extensionUri);
    webview.html = renderPanelHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'webview.css')).toString(),
      strings: localPanelStrings(),
      lang: vscode.env.language,
    });
    this.subscription = webview.onDidReceiveMessage((raw: unknown) => {
      if (isWebviewMessage(raw)) void this.onMessage(raw);
    });
  }

  post(message: HostMessage): void {
    void this.webview.postMessage(message);
  }

  private async onMessage(message: WebviewMessage): Promise<void> {
    const { controller, context, actions } = this.deps;
    switch (message.type) {
      case 'ready':
      case 'resync':
        this.post(controller.syncMessage());
        if (context) this.post(context.message());
        return;
      case 'ask': {
        const taken = context?.take();
        await controller.ask(message.text, {
          replaceTurn: message.replaceTurn,
          ...(message.images?.length ? { images: message.images } : {}),
          ...(taken ? { attachments: taken, note: taken.note } : {}),
        });
        return;
      }
      case 'pickFile': {
        const picked = (await context?.pickFiles()) ?? false;
        this.post({ type: 'pickFileDone', picked });
        if (picked) this.reveal();
        return;
      }
      case 'removeContext':
        context?.remove(message.id);
        return;
      case 'draft':
        controller.setDraft(message.text);
        return;
      case 'attachActive':
        await context?.attachActive();
        return;
      case 'apply':
        await actions.applyCode?.(message.turn, message.text);
        return;
      default:
        await this.onAction(message);
    }
  }

  /** The buttons under an answer and the page's command buttons. */
  private async onAction(message: Extract<WebviewMessage, { type: 'stop' | 'retry' | 'switchModel' | 'continue' | 'copy' | 'insert' | 'openLink' | 'command' }>): Promise<void> {
    const { controller, actions } = this.deps;
    switch (message.type) {
      case 'stop':
        controller.stop();
        return;
      case 'retry':
        await controller.retry(message.turn);
        return;
      case 'switchModel':
        await controller.switchModel(message.turn, message.model);
        return;
      case 'continue':
        await controller.continueTurn(message.turn);
        return;
      case 'copy':
        await vscode.env.clipboard.writeText(message.text);
        void vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Copied to clipboard')}`, 2000);
        return;
      case 'insert':
        await actions.insertAtCursor(message.text);
        return;
      case 'openLink':
        await openLink(message.href);
        return;
      case 'command':
        actions.runCommand(message.command);
        return;
    }
  }

  dispose(): void {
    this.subscription.dispose();
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
