// The attachments waiting for the next question: Add File to Chat (editor, explorer, tabs; several
// at once), Add Selection to Chat, the `@` file picker, and the active editor offered as a one-click
// suggestion (never attached unasked). Files are read through vscode.workspace.fs (remote windows
// too); binary and over-size files are refused with a reason shown on their chip and in the turn.

import * as path from 'path';
import * as vscode from 'vscode';
import { looksSecret } from '../core/common/workspacePaths';
import { confirmFileAccess } from '../core/workspacePaths';
import { applyBudget, attachedNote, contextBlock, decodeText, excludeGlob, infoOf, makeAttachment, type Attachment } from './common/attachments';
import type { Translate } from '../core/common/translate';
import type { PendingAttachments, TakenContext } from '../core/ports';
import type { ContextChip, HostMessage } from '../../shared/protocol';

/** The pure attachment helpers' notes and reasons are shown to the user: translated. */
const tr: Translate = (message, ...args) => vscode.l10n.t(message, ...args);

export interface ContextLimits {
  maxFileBytes: number;
  budgetTokens: number;
}

interface Refused {
  id: string;
  label: string;
  path: string;
  reason: string;
}

let idCounter = 0;
const nextId = () => `c${++idCounter}`;

export class PendingContext implements PendingAttachments, vscode.Disposable {
  private items: Attachment[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the chips change: the chat posts `message()` again. */
  readonly onDidChange = this.changed.event;
  private refused: Refused[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private activeEditor: vscode.TextEditor | undefined;

  constructor(private readonly limits: () => ContextLimits) {
    this.activeEditor = attachable(vscode.window.activeTextEditor);
    this.disposables.push(
      this.changed,
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // Focus moving to the panel clears the active editor: keep offering the last one.
        if (!editor) return;
        const next = attachable(editor);
        if (next?.document.uri.toString() === this.activeEditor?.document.uri.toString()) return;
        this.activeEditor = next;
        this.publish();
      }),
    );
  }

  /** The chips message (also sent when the panel is rebuilt). */
  message(): HostMessage {
    const chips: ContextChip[] = [
      ...this.items.map((a) => ({ id: a.id, kind: a.kind, label: a.label, title: a.path, tokens: a.tokens })),
      ...this.refused.map((r) => ({ id: r.id, kind: 'file' as const, label: r.label, title: r.path, tokens: 0, refused: r.reason })),
    ];
    const active = this.activeEditor;
    const activeUri = active?.document.uri.toString();
    const suggest = active && !active.document.isClosed && !this.items.some((a) => a.kind === 'file' && a.uri === activeUri);
    return {
      type: 'context',
      chips,
      budgetTokens: this.limits().budgetTokens,
      ...(suggest ? { suggestion: { label: displayName(active.document), title: relativePath(active.document.uri, active.document) } } : {}),
    };
  }

  private publish(): void {
    this.changed.fire();
  }

  get count(): number {
    return this.items.length + this.refused.length;
  }

  /** Attaches files (explorer multi-select, tabs, the picker). Returns how many were attached. */
  async addFiles(uris: readonly vscode.Uri[]): Promise<number> {
    let added = 0;
    for (const uri of uris) if (await this.addFile(uri)) added++;
    this.publish();
    return added;
  }

  private async addFile(uri: vscode.Uri): Promise<boolean> {
    const key = uri.toString();
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    const label = open ? displayName(open) : path.posix.basename(uri.path);
    const rel = relativePath(uri, open);
    this.items = this.items.filter((a) => !(a.kind === 'file' && a.uri === key));
    this.refused = this.refused.filter((r) => r.path !== rel);
    const refuse = (reason: string) => {
      this.refused.push({ id: nextId(), label, path: rel, reason });
      return false;
    };
    // Outside the workspace (symlinks resolved) or a secret-looking name: the user decides first.
    if (uri.scheme === 'file' && !(await confirmFileAccess(uri.fsPath, 'read', tr))) return refuse(vscode.l10n.t('you chose not to send it'));
    let text: string;
    let languageId = open?.languageId ?? languageFromPath(uri.path);
    const { maxFileBytes } = this.limits();
    if (open && (open.isDirty || open.isUntitled)) {
      // What the user sees, unsaved changes included.
      text = open.getText();
      if (Buffer.byteLength(text) > maxFileBytes) return refuse(vscode.l10n.t('it is larger than {0} (deepseek.maxFileSizeKB)', formatKB(maxFileBytes)));
    } else {
      let stat: vscode.FileStat;
      try {
        stat = await vscode.workspace.fs.stat(uri);
      } catch (err) {
        return refuse(vscode.l10n.t('it could not be read ({0})', err instanceof Error ? err.message : String(err)));
      }
      if (stat.type & vscode.FileType.Directory) return refuse(vscode.l10n.t('it is a folder'));
      if (stat.size > maxFileBytes) return refuse(vscode.l10n.t('it is {0}, over the {1} limit (deepseek.maxFileSizeKB)', formatKB(stat.size), formatKB(maxFileBytes)));
      let bytes: Uint8Array;
      try {
        bytes = await vscode.workspace.fs.readFile(uri);
      } catch (err) {
        return refuse(vscode.l10n.t('it could not be read ({0})', err instanceof Error ? err.message : String(err)));
      }
      const decoded = decodeText(bytes, tr);
      if (!decoded.ok) return refuse(decoded.reason);
      text = decoded.text;
      languageId = open?.languageId ?? languageId;
    }
    this.items.push(makeAttachment({ id: nextId(), kind: 'file', label, path: rel, uri: key, languageId, text }));
    return true;
  }

  /** Attaches the editor's selection (or the whole file when nothing is selected). */
  async addSelection(editor: vscode.TextEditor): Promise<void> {
    const doc = editor.document;
    if (editor.selection.isEmpty) {
      await this.addFiles([doc.uri]);
      return;
    }
    let range: vscode.Range = editor.selection;
    if (range.end.character === 0 && range.end.line > range.start.line) range = new vscode.Range(range.start, doc.lineAt(range.end.line - 1).range.end);
    const lines = { start: range.start.line + 1, end: range.end.line + 1 };
    this.items.push(
      makeAttachment({
        id: nextId(),
        kind: 'selection',
        label: `${displayName(doc)}:${lines.start}-${lines.end}`,
        path: relativePath(doc.uri, doc),
        uri: doc.uri.toString(),
        languageId: doc.languageId,
        text: doc.getText(range),
        lines,
      }),
    );
    this.publish();
  }

  /** The remembered active editor, attached on the suggestion's click. */
  async attachActive(): Promise<void> {
    const editor = this.activeEditor;
    if (editor && !editor.document.isClosed) await this.addFiles([editor.document.uri]);
  }

  remove(id: string): void {
    this.items = this.items.filter((a) => a.id !== id);
    this.refused = this.refused.filter((r) => r.id !== id);
    this.publish();
  }

  /**
   * `@` in the panel: a quick pick over the workspace's files (fuzzy matching by VS Code), excluding
   * what files.exclude and search.exclude exclude. Several can be picked. Returns whether any was.
   */
  async pickFiles(): Promise<boolean> {
    const config = (section: string) => vscode.workspace.getConfiguration(section).get<Record<string, unknown>>('exclude');
    const exclude = excludeGlob(config('files'), config('search'));
    const picker = vscode.window.createQuickPick<vscode.QuickPickItem & { uri: vscode.Uri }>();
    picker.title = vscode.l10n.t('DeepSeek: Attach Files');
    picker.placeholder = vscode.l10n.t('Type to search the workspace; pick one or more files to send with your question');
    picker.canSelectMany = true;
    picker.matchOnDescription = true;
    picker.busy = true;
    picker.show();
    const files = vscode.workspace.findFiles('**/*', exclude ?? null, 5000).then((uris) =>
      uris
        // Never offered: names that usually hold secrets (they can still be attached, after a question).
        .filter((uri) => !looksSecret(uri.path))
        .map((uri) => ({ label: path.posix.basename(uri.path), description: path.posix.dirname(vscode.workspace.asRelativePath(uri, true)), uri }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    );
    void files.then((items) => {
      picker.items = items;
      picker.busy = false;
    });
    const picked = await new Promise<vscode.Uri[]>((resolve) => {
      picker.onDidAccept(() => {
        const chosen = picker.selectedItems.length > 0 ? picker.selectedItems : picker.activeItems;
        resolve(chosen.map((i) => i.uri));
        picker.hide();
      });
      picker.onDidHide(() => resolve([]));
    });
    picker.dispose();
    if (picked.length === 0) return false;
    await this.addFiles(picked);
    return true;
  }

  /**
   * Takes the attachments for the question being sent (the chips clear): the budget is applied, and
   * the turn's note says what was attached, cut, left out or refused.
   */
  take(): TakenContext | undefined {
    if (this.count === 0) return undefined;
    const { kept, notes } = applyBudget(this.items, this.limits().budgetTokens, tr);
    const refusedNotes = this.refused.map((r) => vscode.l10n.t('{0} was not attached: {1}.', r.label, r.reason));
    const note = [attachedNote(kept, tr), ...notes, ...refusedNotes].filter(Boolean).join(' ');
    this.items = [];
    this.refused = [];
    this.publish();
    return { context: contextBlock(kept), attachments: kept.map(infoOf), ...(note ? { note } : {}) };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function attachable(editor: vscode.TextEditor | undefined): vscode.TextEditor | undefined {
  const scheme = editor?.document.uri.scheme;
  return scheme === 'file' || scheme === 'untitled' || scheme === 'vscode-remote' || scheme === 'vscode-userdata' ? editor : undefined;
}

function displayName(doc: vscode.TextDocument): string {
  return doc.isUntitled ? doc.fileName : path.posix.basename(doc.uri.path);
}

function relativePath(uri: vscode.Uri, doc?: vscode.TextDocument): string {
  if (doc?.isUntitled) return doc.fileName;
  return vscode.workspace.asRelativePath(uri, false);
}

function formatKB(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** A fence language from the extension, for files not open in an editor. */
function languageFromPath(p: string): string {
  const ext = path.posix.extname(p).slice(1).toLowerCase();
  const map: Record<string, string> = { ts: 'typescript', tsx: 'tsx', js: 'javascript', jsx: 'jsx', py: 'python', rs: 'rust', md: 'markdown', yml: 'yaml', sh: 'bash', cs: 'csharp', rb: 'ruby', kt: 'kotlin' };
  return map[ext] ?? ext;
}
