// Asks before the extension reads or writes a file outside the workspace folders (symlinks
// resolved) or a file whose name looks like it holds a secret.

import * as vscode from 'vscode';
import { inert } from './common/inertText';
import { isInsideFolders, looksSecret, realPathOf } from './common/workspacePaths';
import type { Translate } from './common/translate';
import { showWarning } from './notify';

export function isInsideWorkspace(file: string): boolean {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => realPathOf(f.uri.fsPath));
  return isInsideFolders(realPathOf(file), folders);
}

/** True when the file is inside the workspace and not secret-looking, or the user said yes (modal). */
export async function confirmFileAccess(file: string, access: 'read' | 'write', tr: Translate): Promise<boolean> {
  const outside = !isInsideWorkspace(file);
  const secret = looksSecret(file);
  if (!outside && !secret) return true;
  const shown = inert(realPathOf(file));
  const why = outside ? tr('{0} is outside the workspace folders.', shown) : tr('{0} may hold secrets (keys, tokens, passwords).', shown);
  const question = access === 'read' ? tr('Send its contents to the DeepSeek server?') : tr('Let DeepSeek write to it?');
  const yes = access === 'read' ? tr('Attach') : tr('Write');
  return (await showWarning(`${why} ${question}`, { modal: true }, yes)) === yes;
}
