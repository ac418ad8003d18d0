// Add File to Chat (active editor, explorer and editor-tab context menus, several files at once) and
// Add Selection to Chat: they attach to the next question and show the panel with the chips.

import * as vscode from 'vscode';
import type { PendingContext } from './contextAttachments';

export function registerContextCommands(pending: PendingContext, showPanel: () => void): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('deepseek.addFileToChat', async (uri?: unknown, uris?: unknown) => {
      // Explorer: (clicked, all selected); editor tab menu: (uri, {groupId,…}); palette: nothing.
      const many = Array.isArray(uris) ? uris.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : [];
      const targets = many.length > 0 ? many : uri instanceof vscode.Uri ? [uri] : vscode.window.activeTextEditor ? [vscode.window.activeTextEditor.document.uri] : [];
      if (targets.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open a file (or pick files in the Explorer) to add to the DeepSeek chat.'));
        return 0;
      }
      showPanel();
      return pending.addFiles(targets);
    }),
    vscode.commands.registerCommand('deepseek.addSelectionToChat', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Select some code in an editor first, then run "DeepSeek: Add Selection to Chat".'));
        return;
      }
      showPanel();
      await pending.addSelection(editor);
    }),
  ];
}
