// The chat's commands (Ask DeepSeek, Explain Selection, New Chat, History, Apply on a code block,
// and the internal Show Chat / Open Conversation the other features run) and the panel's host-side
// actions (Insert at Cursor, the panel's command buttons).

import * as path from 'path';
import * as vscode from 'vscode';
import { showInfo } from '../core/notify';
import type { AttachmentInfo, PanelCommand } from '../../shared/protocol';
import { estimateTokens } from '../conversation/common/conversation';
import type { Conversations } from '../conversation/conversations';
import { showHistory } from '../conversation/historyPicker';
import { Commands } from '../core/common/commandIds';
import { buildSelectionPrompt } from '../core/common/selectionPrompt';
import type { PendingAttachments } from '../core/ports';
import type { HostServices } from '../core/services';
import type { AskOptions } from './common/chatController';
import type { PanelActions } from './chatWebview';
import type { ChatSession } from './chatSession';

export interface PanelCommandTargets {
  session: ChatSession;
  /** Opens the chat, or reveals it where it is. */
  show(preserveFocus: boolean): Promise<void> | undefined;
  /** Moves the chat to an editor tab. */
  openInEditor(): Promise<void> | undefined;
  /** Moves the chat from its editor tab back to the side bar. */
  moveToSideBar(): Promise<void> | undefined;
  conversations: Conversations;
  attachments: PendingAttachments;
}

export function registerPanelCommands(services: HostServices, targets: PanelCommandTargets): PanelActions & vscode.Disposable {
  const { session, show } = targets;
  const controller = session.controller;
  // The panel takes focus, so remember the editor the user was last in (Explain Selection, Insert at Cursor).
  const editors = new LastEditor();
  const history = () =>
    showHistory(targets.conversations.store, {
      open: async (id) => {
        await show(false);
        await session.open(id);
      },
      currentId: () => controller.conversationId,
      changed: (id, deleted) => session.historyChanged(id, deleted),
    });
  const actions: Record<PanelCommand, () => unknown> = {
    setApiKey: () => vscode.commands.executeCommand(Commands.setApiKey),
    openSettings: () => services.openSettings(),
    newChat: () => controller.newChat(),
    history,
    selectModel: () => vscode.commands.executeCommand(Commands.selectModel),
  };
  // The panel's Apply button: the code is reviewed as a diff by the edits feature.
  const applyCode = async (turnId: string, text: string) => {
    await vscode.commands.executeCommand(Commands.reviewCode, controller.conversation.get(turnId), text);
  };

  const registrations = vscode.Disposable.from(
    editors,
    vscode.commands.registerCommand(Commands.ask, (question?: unknown) => ask(targets, question)),
    vscode.commands.registerCommand(Commands.explainSelection, () => explainSelection(services, targets, editors.get())),
    vscode.commands.registerCommand(Commands.newChat, async () => {
      await show(false);
      await controller.newChat();
    }),
    vscode.commands.registerCommand(Commands.history, history),
    // Also reachable as a command (not in the palette) for tests and keybindings.
    vscode.commands.registerCommand(Commands.applyCodeBlock, (turn: unknown, text: unknown) =>
      typeof turn === 'string' && typeof text === 'string' ? applyCode(turn, text) : undefined,
    ),
    vscode.commands.registerCommand(Commands.showChat, (preserveFocus: unknown) => show(preserveFocus === true)),
    vscode.commands.registerCommand(Commands.openChatInEditor, () => targets.openInEditor()),
    vscode.commands.registerCommand(Commands.moveChatToSideBar, () => targets.moveToSideBar()),
    vscode.commands.registerCommand(Commands.openConversation, async (id: unknown) => {
      if (typeof id !== 'string') return;
      await show(false);
      await session.open(id);
    }),
  );
  return {
    insertAtCursor: (text) => insertAtCursor(editors.get(), text),
    runCommand: (command) => void actions[command](),
    applyCode,
    dispose: () => registrations.dispose(),
  };
}

/** The text editor the user was in last (focus moving to the panel leaves no active editor). */
class LastEditor implements vscode.Disposable {
  private editor = vscode.window.activeTextEditor;
  private readonly subscription = vscode.window.onDidChangeActiveTextEditor((editor) => {
    if (editor) this.editor = editor;
  });

  get(): vscode.TextEditor | undefined {
    return this.editor;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

async function ask(targets: PanelCommandTargets, questionArg?: unknown): Promise<void> {
  await targets.show(false);
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
  const taken = targets.attachments.take();
  await targets.session.controller.ask(question, taken ? { attachments: taken, note: taken.note } : {});
}

async function explainSelection(services: HostServices, targets: PanelCommandTargets, lastEditor: vscode.TextEditor | undefined): Promise<void> {
  const editor = vscode.window.activeTextEditor ?? lastEditor;
  if (!editor || editor.selection.isEmpty) {
    void showInfo(vscode.l10n.t('Select some code in the editor first, then run "DeepSeek: Explain Selection".'));
    return;
  }
  const settings = services.settings();
  const { question, options } = selectionQuestion(editor, settings.ok ? settings.settings.maxSelectionLines : 400);
  // Beside the editor, keeping the editor visible and focused.
  await targets.show(true);
  await targets.session.controller.ask(question, options);
}

async function insertAtCursor(lastEditor: vscode.TextEditor | undefined, text: string): Promise<void> {
  const editor = lastEditor && !lastEditor.document.isClosed ? lastEditor : vscode.window.visibleTextEditors[0];
  if (!editor) {
    void showInfo(vscode.l10n.t('Open an editor to insert the code into.'));
    return;
  }
  await editor.edit((edit) => {
    for (const selection of editor.selections) edit.replace(selection, text);
  });
  await vscode.window.showTextDocument(editor.document, editor.viewColumn);
}

/** Explain Selection's question: the selected code with its language and file name, cut to `maxLines`. */
function selectionQuestion(editor: vscode.TextEditor, maxLines: number): { question: string; options: AskOptions } {
  const doc = editor.document;
  const fileName = doc.isUntitled ? doc.fileName : vscode.workspace.asRelativePath(doc.uri, false) || path.basename(doc.fileName);
  // A selection made with Shift+Down ends at column 0 of the next line: that line is not selected.
  let range: vscode.Range = editor.selection;
  if (range.end.character === 0 && range.end.line > range.start.line) {
    range = new vscode.Range(range.start, doc.lineAt(range.end.line - 1).range.end);
  }
  const text = doc.getText(range);
  const prompt = buildSelectionPrompt({ text, languageId: doc.languageId, fileName, startLine: range.start.line + 1 }, maxLines, (message, ...args) =>
    vscode.l10n.t(message, ...args),
  );
  // Remembered with the turn, so Apply on the answer's code reviews it against this selection.
  const lines = { start: range.start.line + 1, end: range.end.line + 1 };
  const selection: AttachmentInfo = {
    kind: 'selection',
    label: `${path.basename(doc.uri.path)}:${lines.start}-${lines.end}`,
    path: fileName,
    uri: doc.uri.toString(),
    tokens: estimateTokens(text),
    lines,
  };
  return { question: prompt.question, options: { note: prompt.note, attachments: { context: '', attachments: [selection] } } };
}
