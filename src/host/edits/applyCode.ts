// Apply on a code block: the answer's code is reviewed as a diff against the selection or the one
// file its question had (the same review as Edit Selection: Accept / Discard, nothing changes before).
// Run through `Commands.reviewCode` (the panel's Apply button and `deepseek.applyCodeBlock`).

import * as vscode from 'vscode';
import { showError, showInfo } from '../core/notify';
import { applyTarget } from '../../shared/protocol';
import type { ReviewTurn } from './common/reviewArgs';
import type { EditSessions } from './editSession';

export async function applyCode(edits: EditSessions, turn: ReviewTurn | undefined, code: string): Promise<void> {
  const target = turn && applyTarget(turn);
  if (!target) {
    void showInfo(vscode.l10n.t('This answer has no selection or single file to apply its code to.'));
    return;
  }
  let document: vscode.TextDocument;
  try {
    document = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri));
  } catch (err) {
    void showError(vscode.l10n.t('Cannot open {0}: {1}', target.path, err instanceof Error ? err.message : String(err)));
    return;
  }
  const last = document.lineCount - 1;
  let range: vscode.Range;
  if (target.kind === 'selection' && target.lines) {
    const end = target.lines.end - 1;
    if (end > last) {
      void showError(vscode.l10n.t('{0} has fewer lines than when the selection was sent; select the code and use Edit Selection instead.', target.path));
      return;
    }
    range = new vscode.Range(target.lines.start - 1, 0, end, document.lineAt(end).range.end.character);
  } else {
    range = new vscode.Range(0, 0, last, document.lineAt(last).range.end.character);
  }
  await edits.start({ document, range, instruction: '', proposal: code });
}
