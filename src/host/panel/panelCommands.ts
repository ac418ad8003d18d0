// The commands users run (all under the "DeepSeek" category) and the panel's host-side actions.

import * as path from 'path';
import * as vscode from 'vscode';
import { ApiKeyStore, validateKeyInput } from '../core/apiKeyStore';
import type { AskAttachments, ChatController } from './common/chatController';
import type { PanelActions } from './chatPanel';
import { buildSelectionPrompt } from '../core/common/selectionPrompt';
import type { SettingsResult } from '../core/common/settings';
import type { AttachmentInfo, PanelCommand } from '../../shared/protocol';
import { estimateTokens } from '../conversation/common/conversation';

export interface CommandDeps {
  context: vscode.ExtensionContext;
  controller: ChatController;
  keys: ApiKeyStore;
  showPanel(preserveFocus: boolean): void;
  settings(): SettingsResult;
  showHistory(): Promise<void>;
  /** Re-reads whether a key is stored and tells the panel. */
  refreshKeyState(): void;
  /** Stop also cancels a streaming Edit Selection (which leaves the file as it was). */
  stopEdit?(): void;
  /** The attachments waiting for the next question (Add File to Chat), taken when it is asked. */
  takeContext?(): (AskAttachments & { note?: string }) | undefined;
}

export interface Commands extends PanelActions {
  offerToSetKey(): void;
}

export function registerCommands(deps: CommandDeps): Commands {
  const { context, controller, keys } = deps;
  // The panel takes focus, so remember the editor the user was last in for "Insert at Cursor".
  let lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (editor) lastEditor = editor;
    }),
  );

  async function setApiKey(keyArg?: unknown): Promise<boolean> {
    const key =
      typeof keyArg === 'string'
        ? keyArg
        : await vscode.window.showInputBox({
            title: vscode.l10n.t('DeepSeek: Set API Key'),
            prompt: vscode.l10n.t('Stored in the system keychain (VS Code SecretStorage), never in settings.'),
            placeHolder: 'sk-…',
            password: true,
            ignoreFocusOut: true,
            validateInput: validateKeyInput,
          });
    if (key === undefined) return false;
    const problem = validateKeyInput(key);
    if (problem) {
      void vscode.window.showErrorMessage(problem);
      return false;
    }
    await keys.set(key);
    deps.refreshKeyState();
    void vscode.window.setStatusBarMessage(`$(key) ${vscode.l10n.t('DeepSeek API key saved')}`, 3000);
    return true;
  }

  function offerToSetKey(): void {
    // A key in the environment is only used when the user says so, never read silently.
    const envKey = process.env.DEEPSEEK_API_KEY?.trim();
    const importEnv = vscode.l10n.t('Import DEEPSEEK_API_KEY');
    const setKey = vscode.l10n.t('Set API Key');
    const choices = envKey ? [importEnv, setKey] : [setKey];
    void vscode.window.showWarningMessage(vscode.l10n.t('DeepSeek needs an API key to answer.'), ...choices).then(async (pick) => {
      if (pick === setKey) await setApiKey();
      else if (pick === importEnv && envKey) await setApiKey(envKey);
    });
  }

  async function ask(questionArg?: unknown): Promise<void> {
    deps.showPanel(false);
    const question =
      typeof questionArg === 'string'
        ? questionArg
        : await vscode.window.showInputBox({
            title: vscode.l10n.t('Ask DeepSeek'),
            prompt: vscode.l10n.t('Your question (you can also type in the panel)'),
            placeHolder: vscode.l10n.t('How do I…'),
            ignoreFocusOut: true,
          });
    if (!question?.trim()) return;
    const taken = deps.takeContext?.();
    await controller.ask(question, taken ? { attachments: taken, note: taken.note } : {});
  }

  async function explainSelection(): Promise<void> {
    const editor = vscode.window.activeTextEditor ?? lastEditor;
    if (!editor || editor.selection.isEmpty) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Select some code in the editor first, then run "DeepSeek: Explain Selection".'));
      return;
    }
    const settings = deps.settings();
    const maxLines = settings.ok ? settings.settings.maxSelectionLines : 400;
    const doc = editor.document;
    const fileName = doc.isUntitled ? doc.fileName : vscode.workspace.asRelativePath(doc.uri, false) || path.basename(doc.fileName);
    // A selection made with Shift+Down ends at column 0 of the next line: that line is not selected.
    let range: vscode.Range = editor.selection;
    if (range.end.character === 0 && range.end.line > range.start.line) {
      range = new vscode.Range(range.start, doc.lineAt(range.end.line - 1).range.end);
    }
    const prompt = buildSelectionPrompt(
      { text: doc.getText(range), languageId: doc.languageId, fileName, startLine: range.start.line + 1 },
      maxLines,
      (message, ...args) => vscode.l10n.t(message, ...args),
    );
    // Beside the editor, keeping the editor visible and focused.
    deps.showPanel(true);
    // Remembered with the turn, so Apply on the answer's code reviews it against this selection.
    const lines = { start: range.start.line + 1, end: range.end.line + 1 };
    const selection: AttachmentInfo = {
      kind: 'selection',
      label: `${path.basename(doc.uri.path)}:${lines.start}-${lines.end}`,
      path: fileName,
      uri: doc.uri.toString(),
      tokens: estimateTokens(doc.getText(range)),
      lines,
    };
    await controller.ask(prompt.question, { note: prompt.note, attachments: { context: '', attachments: [selection] } });
  }

  async function insertAtCursor(text: string): Promise<void> {
    const editor = lastEditor && !lastEditor.document.isClosed ? lastEditor : vscode.window.visibleTextEditors[0];
    if (!editor) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open an editor to insert the code into.'));
      return;
    }
    await editor.edit((edit) => {
      for (const selection of editor.selections) edit.replace(selection, text);
    });
    await vscode.window.showTextDocument(editor.document, editor.viewColumn);
  }

  function runCommand(command: PanelCommand): void {
    switch (command) {
      case 'setApiKey':
        void setApiKey();
        return;
      case 'openSettings':
        void vscode.commands.executeCommand('workbench.action.openSettings', '@ext:deepseek-assistant.deepseek-assistant');
        return;
      case 'newChat':
        void controller.newChat();
        return;
      case 'history':
        void deps.showHistory();
        return;
      case 'selectModel':
        void vscode.commands.executeCommand('deepseek.selectModel');
        return;
    }
  }

  context.subscriptions.push(
    vscode.commands.registerCommand('deepseek.ask', ask),
    vscode.commands.registerCommand('deepseek.explainSelection', explainSelection),
    vscode.commands.registerCommand('deepseek.setApiKey', setApiKey),
    vscode.commands.registerCommand('deepseek.clearApiKey', async () => {
      await keys.clear();
      deps.refreshKeyState();
      void vscode.window.showInformationMessage(vscode.l10n.t('DeepSeek API key removed from the keychain.'));
    }),
    vscode.commands.registerCommand('deepseek.stop', () => {
      controller.stop();
      deps.stopEdit?.();
    }),
    vscode.commands.registerCommand('deepseek.newChat', async () => {
      deps.showPanel(false);
      await controller.newChat();
    }),
    vscode.commands.registerCommand('deepseek.history', () => deps.showHistory()),
  );

  return { offerToSetKey, insertAtCursor, runCommand };
}
