// What the user is asked before a long document is written: the description, the source to send
// with it (the selection, the whole file or none) and, for Write to File…, where the file goes.

import * as path from 'path';
import * as vscode from 'vscode';
import { showError, showWarning } from '../core/notify';
import type { ChatMessage } from '../../deepseek/types';
import type { Translate } from '../core/common/translate';
import { buildDocumentRequest, type DocumentSource } from './common/request';

export type SourceChoice = 'selection' | 'file' | 'none';

/** The question, ready to send, and the description it was built from (it names the language). */
export interface Prepared {
  messages: ChatMessage[];
  description: string;
}

/**
 * The active editor, or the last one while focus is elsewhere (the panel, a notification): the
 * source offered is the editor the user was working in.
 */
export class RecentEditor implements vscode.Disposable {
  private last: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private readonly listener = vscode.window.onDidChangeActiveTextEditor((editor) => {
    if (editor) this.last = editor;
  });

  get(): vscode.TextEditor | undefined {
    return vscode.window.activeTextEditor ?? (this.last && !this.last.document.isClosed ? this.last : undefined);
  }

  dispose(): void {
    this.listener.dispose();
  }
}

/** The question from the arguments or asked; undefined when the user cancelled. */
export async function prepare(title: string, args: { prompt?: string; source?: SourceChoice }, editors: RecentEditor, tr: Translate): Promise<Prepared | undefined> {
  const description = args.prompt?.trim() || (await askDescription(title, tr));
  if (!description) return undefined;
  const source = await pickSource(args.source, editors.get(), tr);
  if (source === null) return undefined;
  const request = buildDocumentRequest(description, source, tr);
  if (request.note) void showWarning(request.note);
  return { messages: request.messages, description };
}

async function askDescription(title: string, tr: Translate): Promise<string | undefined> {
  const text = await vscode.window.showInputBox({
    title,
    prompt: tr('What should DeepSeek write? (e.g. "a README for this project", "pytest tests for the selected code")'),
    placeHolder: tr('Describe the document…'),
    ignoreFocusOut: true,
  });
  return text?.trim() ? text.trim() : undefined;
}

/** The source: as the arguments say, else asked when an editor is open; null when the user cancelled. */
async function pickSource(arg: SourceChoice | undefined, editor: vscode.TextEditor | undefined, tr: Translate): Promise<DocumentSource | undefined | null> {
  if (arg === 'none' || !editor) return undefined;
  // Asked for the selection without one: the whole file.
  if (arg) return sourceFrom(editor, arg === 'selection' && !editor.selection.isEmpty ? 'selection' : 'file', tr);
  const pick = await vscode.window.showQuickPick(sourceItems(editor, tr), {
    title: tr('DeepSeek: send a source with the request?'),
    placeHolder: tr('The model sees the source and your description'),
    ignoreFocusOut: true,
  });
  if (!pick) return null;
  return pick.value === 'none' ? undefined : sourceFrom(editor, pick.value, tr);
}

type SourceItem = vscode.QuickPickItem & { value: SourceChoice };

/** The selection (when there is one), the whole file, or none. */
function sourceItems(editor: vscode.TextEditor, tr: Translate): SourceItem[] {
  const name = path.basename(editor.document.fileName);
  const items: SourceItem[] = [];
  if (!editor.selection.isEmpty) {
    const lines = editor.selection.end.line - editor.selection.start.line + 1;
    items.push({ label: tr('$(selection) Use the selection'), description: tr('{0} lines of {1}', lines, name), value: 'selection' });
  }
  items.push({ label: tr('$(file) Use the whole file'), description: name, value: 'file' });
  items.push({ label: tr('$(circle-slash) No source'), description: tr('write from the description alone'), value: 'none' });
  return items;
}

function sourceFrom(editor: vscode.TextEditor, which: 'selection' | 'file', tr: Translate): DocumentSource {
  const doc = editor.document;
  const name = doc.isUntitled ? doc.uri.path : vscode.workspace.asRelativePath(doc.uri, false) || path.basename(doc.fileName);
  if (which === 'file') return { text: doc.getText(), name, languageId: doc.languageId };
  const sel = editor.selection;
  return { text: doc.getText(sel), name: tr('{0}, lines {1}–{2}', name, sel.start.line + 1, sel.end.line + 1), languageId: doc.languageId };
}

/** Write to File…: a file on this machine, from the save dialog; undefined when cancelled or not a local file. */
export async function askForFile(tr: Translate): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const picked = await vscode.window.showSaveDialog({
    title: tr('DeepSeek: write the document to…'),
    saveLabel: tr('Write Here'),
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'untitled.md') } : {}),
  });
  if (!picked) return undefined;
  if (picked.scheme !== 'file') {
    void showError(tr('Write to File works with files on this machine; {0} is not one.', picked.toString()));
    return undefined;
  }
  return picked.fsPath;
}
