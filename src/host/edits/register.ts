// The commands around Edit Selection: the command itself (asks for an instruction), Accept / Discard,
// and the "Fix with DeepSeek" quick fix on diagnostics, which runs Edit Selection on the diagnostic's
// lines with its message as the instruction.

import * as vscode from 'vscode';
import type { EditSessions } from './editSession';

/** Arguments of `deepseek.editSelection` from code (quick fix, tests); the palette passes none. */
export interface EditSelectionArgs {
  uri?: vscode.Uri | string;
  range?: vscode.Range;
  instruction?: string;
}

export function registerEditCommands(edits: EditSessions): vscode.Disposable[] {
  async function editSelection(args?: EditSelectionArgs): Promise<void> {
    let document: vscode.TextDocument | undefined;
    let range: vscode.Range | undefined;
    const editor = vscode.window.activeTextEditor;
    if (args?.uri) {
      const uri = typeof args.uri === 'string' ? vscode.Uri.parse(args.uri) : args.uri;
      document = await vscode.workspace.openTextDocument(uri);
      range = args.range ?? vscode.window.visibleTextEditors.find((e) => e.document === document)?.selection;
    } else if (editor) {
      document = editor.document;
      range = args?.range ?? editor.selection;
    }
    if (!document || !range) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a file and select the code to edit, then run "DeepSeek: Edit Selection".'));
      return;
    }
    const instruction =
      args?.instruction ??
      (await vscode.window.showInputBox({
        title: vscode.l10n.t('DeepSeek: Edit Selection'),
        prompt: range.isEmpty
          ? vscode.l10n.t('How should this line change? The proposal opens in a diff to accept or discard.')
          : vscode.l10n.t('How should the selected code change? The proposal opens in a diff to accept or discard.'),
        placeHolder: vscode.l10n.t('e.g. add error handling, convert to async/await'),
        ignoreFocusOut: true,
      }));
    if (!instruction?.trim()) return;
    await edits.start({ document, range, instruction });
  }

  return [
    vscode.commands.registerCommand('deepseek.editSelection', editSelection),
    vscode.commands.registerCommand('deepseek.acceptEdit', () => edits.accept()),
    vscode.commands.registerCommand('deepseek.discardEdit', () => edits.discard()),
    vscode.languages.registerCodeActionsProvider({ scheme: '*' }, new FixWithDeepSeek(), {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
  ];
}

/** "Fix with DeepSeek" for each diagnostic under the cursor. */
export class FixWithDeepSeek implements vscode.CodeActionProvider {
  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (document.uri.scheme === 'deepseek-edit' || document.uri.scheme === 'output') return [];
    return context.diagnostics.slice(0, 3).map((diagnostic) => {
      const action = new vscode.CodeAction(vscode.l10n.t('Fix with DeepSeek'), vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      // Whole lines: the model rewrites complete statements, with their indentation.
      const lines = new vscode.Range(diagnostic.range.start.line, 0, diagnostic.range.end.line, document.lineAt(diagnostic.range.end.line).range.end.character);
      const source = diagnostic.source ? ` (${diagnostic.source})` : '';
      const args: EditSelectionArgs = {
        uri: document.uri,
        range: lines,
        instruction: `Fix this problem${source}: ${diagnostic.message}`,
      };
      action.command = { command: 'deepseek.editSelection', title: vscode.l10n.t('Fix with DeepSeek'), arguments: [args] };
      return action;
    });
  }
}
