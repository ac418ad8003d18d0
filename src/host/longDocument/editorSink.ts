// Appends a streamed document to an open text document: text is batched and applied as one
// WorkspaceEdit at the end of the document, with never more than one edit in flight (a slow editor
// gets bigger batches, not a queue). Between two edits the editor gets at least as much idle time as
// the last edit took (its round trip), so typing and scrolling elsewhere stay responsive however
// slow the edits become; never more than MAX_GAP_MS, so the text on screen stays well within a
// second of what arrived. A WorkspaceEdit, not TextEditor.edit: it works while the user looks at
// another tab. Only the unapplied batch is kept in memory.

import * as vscode from 'vscode';

export const BATCH_MS = 32;
/**
 * Longest wait between two edits. Also under the workbench's untitled-backup delay (1 s after the
 * last change): a backup copies the whole document, and edits closer together than that postpone it.
 */
export const MAX_GAP_MS = 500;
/**
 * Largest single edit: a big insert is one long task in the editor (its render, bracket pairs,
 * decorations), so big backlogs go in pieces with idle time between them.
 */
export const MAX_EDIT_CHARS = 16 * 1024;
/** Backlog at which append() asks the stream to wait (the socket then slows the server): bounded memory. */
export const HIGH_WATER_CHARS = 256 * 1024;

export interface BatchInfo {
  chars: number;
  /** applyEdit round trip. */
  ms: number;
}

export class EditorSink {
  private pending: string[] = [];
  private pendingChars = 0;
  private drained: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private gone = false;
  private refusals = 0;
  /** The last edit's round trip: the next edit waits as long (between BATCH_MS and MAX_GAP_MS). */
  private lastMs = 0;
  written = 0;

  constructor(
    readonly uri: vscode.Uri,
    /** Called once if the document is closed while text is still coming. */
    private readonly onGone: () => void,
    private readonly onBatch?: (info: BatchInfo) => void,
    private readonly batchMs = BATCH_MS,
  ) {}

  private document(): vscode.TextDocument | undefined {
    const key = this.uri.toString();
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key && !d.isClosed);
  }

  /** Queues text; returns a promise (wait for it) when the backlog is over HIGH_WATER_CHARS. */
  append(text: string): Promise<void> | undefined {
    if (!text || this.gone) return undefined;
    this.pending.push(text);
    this.pendingChars += text.length;
    this.schedule();
    if (this.pendingChars < HIGH_WATER_CHARS) return undefined;
    return new Promise<void>((resolve) => this.drained.push(resolve));
  }

  private release(): void {
    if (this.pendingChars >= HIGH_WATER_CHARS / 2 && !this.gone) return;
    const waiting = this.drained;
    this.drained = [];
    for (const resolve of waiting) resolve();
  }

  /** Takes up to MAX_EDIT_CHARS of the backlog (never splitting a surrogate pair). */
  private take(): string {
    let text = this.pending.join('');
    let rest = '';
    if (text.length > MAX_EDIT_CHARS) {
      let cut = MAX_EDIT_CHARS;
      const c = text.charCodeAt(cut - 1);
      if (c >= 0xd800 && c <= 0xdbff) cut--;
      rest = text.slice(cut);
      text = text.slice(0, cut);
    }
    this.pending = rest ? [rest] : [];
    this.pendingChars = rest.length;
    return text;
  }

  private schedule(): void {
    if (this.timer || this.inFlight) return;
    const gap = Math.min(MAX_GAP_MS, Math.max(this.batchMs, this.lastMs));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.applyPending();
    }, gap);
  }

  private applyPending(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.pending.length === 0 || this.gone) return Promise.resolve();
    const run = async () => {
      const doc = this.document();
      if (!doc) {
        this.gone = true;
        this.pending = [];
        this.pendingChars = 0;
        this.onGone();
        return;
      }
      const text = this.take();
      const edit = new vscode.WorkspaceEdit();
      const last = doc.lineAt(doc.lineCount - 1);
      edit.insert(this.uri, last.range.end, text);
      const t0 = performance.now();
      const ok = await vscode.workspace.applyEdit(edit);
      this.lastMs = performance.now() - t0;
      this.onBatch?.({ chars: text.length, ms: this.lastMs });
      if (ok) {
        this.written += text.length;
        this.refusals = 0;
      } else if (!this.document() || ++this.refusals > 5) {
        this.gone = true;
        this.onGone();
      } else {
        // Refused (e.g. a conflicting edit): try again next frame.
        this.pending.unshift(text);
        this.pendingChars += text.length;
      }
    };
    this.inFlight = run().finally(() => {
      this.inFlight = undefined;
      this.release();
      if (this.pending.length > 0) this.schedule();
    });
    return this.inFlight;
  }

  /** Applies everything appended so far. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.inFlight || (this.pending.length > 0 && !this.gone)) {
      await (this.inFlight ?? this.applyPending());
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  /** The document's text (with the user's own edits), after the pending text is applied. */
  async textSoFar(): Promise<string> {
    await this.flush();
    return this.document()?.getText() ?? '';
  }

  get isGone(): boolean {
    return this.gone;
  }
}
