// The edits feature: Edit Selection (asks for an instruction), Accept / Discard, the "Fix with
// DeepSeek" quick fix on diagnostics (Edit Selection on the diagnostic's lines with its message as the
// instruction), and the review of an answer's code (`Commands.reviewCode`, run by the panel's Apply).
// Stop discards an edit that is still streaming.

import * as vscode from 'vscode';
import { showInfo } from '../core/notify';
import { Commands } from '../core/common/commandIds';
import type { HostServices } from '../core/services';
import { applyCode } from './applyCode';
import { isReviewTurn } from './common/reviewArgs';
import { EditSessions, type EditSnapshot } from './editSession';
import { EDIT_SCHEME } from './proposalDocs';

/** What the rest of the extension sees of the edits (the test API). */
export interface EditsFeature extends vscode.Disposable {
  snapshot(): EditSnapshot | undefined;
  whenStreamEnded(): Promise<void>;
}

/** Arguments of `deepseek.editSelection` from code (quick fix, tests); the palette passes none. */
export interface EditSelectionArgs {
  uri?: vscode.Uri | string;
  range?: vscode.Range;
  instruction?: string;
}

export function register(services: HostServices): EditsFeature {
  const edits = new EditSessions(services);
  const registrations = vscode.Disposable.from(
    edits,
    vscode.commands.registerCommand(Commands.editSelection, (args?: EditSelectionArgs) => editSelection(edits, args)),
    vscode.commands.registerCommand(Commands.acceptEdit, () => edits.accept()),
    vscode.commands.registerCommand(Commands.discardEdit, () => edits.discard()),
    // (turn: TurnView | undefined, code: string): any extension can run it, so both are checked.
    vscode.commands.registerCommand(Commands.reviewCode, (turn: unknown, code: unknown) =>
      typeof code === 'string' && (turn === undefined || isReviewTurn(turn)) ? applyCode(edits, turn, code) : undefined,
    ),
    vscode.languages.registerCodeActionsProvider({ scheme: '*' }, new FixWithDeepSeek(), {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
    services.onDidRequestStop(() => {
      if (edits.isStreaming) void edits.discard();
    }),
  );
  return {
    snapshot: () => edits.snapshot(),
    whenStreamEnded: () => edits.whenStreamEnded(),
    dispose: () => registrations.dispose(),
  };
}

/** Edit Selection: the given or the active editor's range, and the given or an asked-for instruction. */
async function editSelection(edits: EditSessions, args?: EditSelectionArgs): Promise<void> {
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
    void showInfo(vscode.l10n.t('Open a file and select the code to edit, then run "DeepSeek: Edit Selection".'));
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

/** "Fix with DeepSeek" for each diagnostic under the cursor. */
export class FixWithDeepSeek implements vscode.CodeActionProvider {
  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (document.uri.scheme === EDIT_SCHEME || document.uri.scheme === 'output') return [];
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
      action.command = { command: Commands.editSelection, title: vscode.l10n.t('Fix with DeepSeek'), arguments: [args] };
      return action;
    });
  }
}
