// The context feature: the attachments waiting for the next question, and Add File to Chat
// (active editor, explorer and editor-tab context menus, several files at once) / Add Selection to
// Chat, which attach and show the chat with the chips.

import * as vscode from 'vscode';
import { showInfo } from '../core/notify';
import { Commands } from '../core/common/commandIds';
import type { PendingAttachments } from '../core/ports';
import type { HostServices } from '../core/services';
import { PendingContext, type ContextLimits } from './contextAttachments';

export type ContextFeature = PendingAttachments & vscode.Disposable;

/** Limits when the settings are invalid (the settings' own defaults). */
const DEFAULT_LIMITS: ContextLimits = { maxFileBytes: 256 * 1024, budgetTokens: 32_000 };

export function register(services: HostServices): ContextFeature {
  const pending = new PendingContext(() => {
    const s = services.settings();
    return s.ok ? { maxFileBytes: s.settings.maxFileBytes, budgetTokens: s.settings.contextBudgetTokens } : DEFAULT_LIMITS;
  });
  const showChat = () => vscode.commands.executeCommand(Commands.showChat, true);
  const registrations = vscode.Disposable.from(
    pending,
    vscode.commands.registerCommand(Commands.addFileToChat, async (uri?: unknown, uris?: unknown) => {
      // Explorer: (clicked, all selected); editor tab menu: (uri, {groupId,…}); palette: nothing.
      const many = Array.isArray(uris) ? uris.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : [];
      const targets = many.length > 0 ? many : uri instanceof vscode.Uri ? [uri] : vscode.window.activeTextEditor ? [vscode.window.activeTextEditor.document.uri] : [];
      if (targets.length === 0) {
        void showInfo(vscode.l10n.t('Open a file (or pick files in the Explorer) to add to the DeepSeek chat.'));
        return 0;
      }
      await showChat();
      return pending.addFiles(targets);
    }),
    vscode.commands.registerCommand(Commands.addSelectionToChat, async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) {
        void showInfo(vscode.l10n.t('Select some code in an editor first, then run "DeepSeek: Add Selection to Chat".'));
        return;
      }
      await showChat();
      await pending.addSelection(editor);
    }),
  );
  return {
    message: () => pending.message(),
    onDidChange: pending.onDidChange,
    take: () => pending.take(),
    pickFiles: () => pending.pickFiles(),
    remove: (id) => pending.remove(id),
    attachActive: () => pending.attachActive(),
    dispose: () => registrations.dispose(),
  };
}
