// Read-only in-memory documents for proposed edits (scheme `deepseek-edit`), shown on the right of a
// diff editor. Content is pulled on demand; a change is announced at most once a frame, so a fast
// stream repaints the diff once per frame instead of once per token.

import * as vscode from 'vscode';

export const EDIT_SCHEME = 'deepseek-edit';
const FRAME_MS = 16;

export class ProposalDocs implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private readonly sources = new Map<string, () => string>();
  private readonly dirty = new Map<string, vscode.Uri>();
  private timer: NodeJS.Timeout | undefined;
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(EDIT_SCHEME, this);
  }

  /** Serves `uri` from `content()` (called whenever VS Code asks for the text). */
  serve(uri: vscode.Uri, content: () => string): void {
    this.sources.set(uri.toString(), content);
  }

  forget(uri: vscode.Uri): void {
    this.sources.delete(uri.toString());
    this.dirty.delete(uri.toString());
  }

  /** The content changed: VS Code re-reads it within a frame (several calls in a frame make one read). */
  changed(uri: vscode.Uri): void {
    this.dirty.set(uri.toString(), uri);
    this.timer ??= setTimeout(() => this.flush(), FRAME_MS);
  }

  /** Announces pending changes now (the final text must not wait). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const uris = [...this.dirty.values()];
    this.dirty.clear();
    for (const uri of uris) this.emitter.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.sources.get(uri.toString())?.() ?? '';
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.registration.dispose();
    this.emitter.dispose();
  }
}
