// "DeepSeek: Show Chat History": a quick pick of saved conversations to reopen, rename or delete.

import * as vscode from 'vscode';
import type { ConversationStore, ConversationSummary } from './conversationStore';

export interface HistoryActions {
  open(id: string): Promise<void>;
  /** Called after a rename or delete, with the id changed. */
  changed(id: string, deleted: boolean): Promise<void>;
  currentId(): string;
}

interface Item extends vscode.QuickPickItem {
  conversation: ConversationSummary;
}

const RENAME: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('edit'), tooltip: 'Rename' };
const DELETE: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: 'Delete' };

function ago(ms: number): string {
  const minutes = Math.round((Date.now() - ms) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return new Date(ms).toLocaleDateString();
}

export async function showHistory(store: ConversationStore, actions: HistoryActions): Promise<void> {
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = 'DeepSeek: Chat History';
  pick.placeholder = 'Open a conversation (buttons: rename, delete)';
  pick.matchOnDetail = true;
  const refresh = async () => {
    const { conversations } = await store.list();
    pick.items = conversations.map((c) => ({
      label: c.title || 'Untitled',
      description: `${c.turnCount} ${c.turnCount === 1 ? 'question' : 'questions'} · ${ago(c.updatedAt)}`,
      detail: c.id === actions.currentId() ? 'open now' : undefined,
      buttons: [RENAME, DELETE],
      conversation: c,
    }));
    if (conversations.length === 0) pick.placeholder = 'No saved conversations yet';
  };
  await refresh();
  pick.onDidAccept(async () => {
    const item = pick.selectedItems[0];
    pick.hide();
    if (item) await actions.open(item.conversation.id);
  });
  pick.onDidTriggerItemButton(async ({ button, item }) => {
    if (button === DELETE) {
      const ok = await vscode.window.showWarningMessage(`Delete the conversation "${item.label}"?`, { modal: true }, 'Delete');
      if (ok !== 'Delete') return;
      await store.delete(item.conversation.id);
      await actions.changed(item.conversation.id, true);
    } else {
      const title = await vscode.window.showInputBox({ title: 'Rename conversation', value: item.label, validateInput: (v) => (v.trim() ? undefined : 'Enter a name') });
      if (!title) return;
      await store.rename(item.conversation.id, title);
      await actions.changed(item.conversation.id, false);
    }
    await refresh();
    pick.show();
  });
  pick.onDidHide(() => pick.dispose());
  pick.show();
}
