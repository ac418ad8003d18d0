// "DeepSeek: Show Chat History": a quick pick of saved conversations to reopen, rename or delete.

import * as vscode from 'vscode';
import { inert } from '../core/common/inertText';
import { showWarning } from '../core/notify';
import type { ConversationStore, ConversationSummary } from './common/conversationStore';

export interface HistoryActions {
  open(id: string): Promise<void>;
  /** Called after a rename or delete, with the id changed. */
  changed(id: string, deleted: boolean): Promise<void>;
  currentId(): string;
}

interface Item extends vscode.QuickPickItem {
  conversation: ConversationSummary;
}

const RENAME: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('edit'), tooltip: vscode.l10n.t('Rename') };
const DELETE: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: vscode.l10n.t('Delete') };

function ago(ms: number): string {
  const minutes = Math.round((Date.now() - ms) / 60_000);
  if (minutes < 1) return vscode.l10n.t('just now');
  if (minutes < 60) return vscode.l10n.t('{0} min ago', minutes);
  const hours = Math.round(minutes / 60);
  if (hours < 48) return vscode.l10n.t('{0} h ago', hours);
  return new Date(ms).toLocaleDateString();
}

export async function showHistory(store: ConversationStore, actions: HistoryActions): Promise<void> {
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = vscode.l10n.t('DeepSeek: Chat History');
  pick.placeholder = vscode.l10n.t('Open a conversation (buttons: rename, delete)');
  pick.matchOnDetail = true;
  const refresh = async () => {
    const { conversations } = await store.list();
    pick.items = conversations.map((c) => ({
      label: inert(c.title) || vscode.l10n.t('Untitled'),
      description: `${c.turnCount === 1 ? vscode.l10n.t('1 question') : vscode.l10n.t('{0} questions', c.turnCount)} · ${ago(c.updatedAt)}`,
      detail: c.id === actions.currentId() ? vscode.l10n.t('open now') : undefined,
      buttons: [RENAME, DELETE],
      conversation: c,
    }));
    if (conversations.length === 0) pick.placeholder = vscode.l10n.t('No saved conversations yet');
  };
  await refresh();
  pick.onDidAccept(async () => {
    const item = pick.selectedItems[0];
    pick.hide();
    if (item) await actions.open(item.conversation.id);
  });
  pick.onDidTriggerItemButton(async ({ button, item }) => {
    if (button === DELETE) {
      const del = vscode.l10n.t('Delete');
      const ok = await showWarning(vscode.l10n.t('Delete the conversation "{0}"?', item.label), { modal: true }, del);
      if (ok !== del) return;
      await deleteConversation(store, actions, item.conversation.id);
    } else {
      const title = await vscode.window.showInputBox({ title: vscode.l10n.t('Rename conversation'), value: item.label, validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a name')) });
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

/** Switches away first (an answer streaming into it stops), then deletes for good (the store refuses later saves). */
export async function deleteConversation(store: ConversationStore, actions: Pick<HistoryActions, 'changed'>, id: string): Promise<void> {
  await actions.changed(id, true);
  await store.delete(id);
}
