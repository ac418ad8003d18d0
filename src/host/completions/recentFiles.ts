// The open text files, most recently used first: where completion context comes from.

import * as vscode from 'vscode';
import type { OpenFile } from './common/contextSnippets';

/** Files longer than this give no context (their outline would be scanned on every request). */
const MAX_CONTEXT_FILE_CHARS = 200_000;
const KEEP = 20;

export class RecentFiles implements vscode.Disposable {
  private order: string[] = [];
  private readonly subscription: vscode.Disposable;

  constructor() {
    const active = vscode.window.activeTextEditor?.document.uri.toString();
    if (active) this.order.push(active);
    this.subscription = vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (!editor) return;
      const id = editor.document.uri.toString();
      this.order = [id, ...this.order.filter((u) => u !== id)].slice(0, KEEP);
    });
  }

  /** Open files other than `except`, most recently used first (never excluded ones). */
  files(except: vscode.Uri, allowed: (doc: vscode.TextDocument) => boolean): OpenFile[] {
    const byUri = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
    const out: OpenFile[] = [];
    for (const id of this.order) {
      const doc = byUri.get(id);
      if (!doc || id === except.toString() || !allowed(doc)) continue;
      if (doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end) > MAX_CONTEXT_FILE_CHARS) continue;
      out.push({ path: vscode.workspace.asRelativePath(doc.uri, false), languageId: doc.languageId, text: doc.getText() });
    }
    return out;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
