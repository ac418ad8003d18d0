// Activation: wires the key store, settings, conversation store, chat controller and panel together
// and registers the commands. Each piece talks to the others through the small interfaces they export.

import * as path from 'path';
import * as vscode from 'vscode';
import type { DeepSeekExtensionApi } from './host/api';
import { ApiKeyStore } from './host/apiKeyStore';
import { Autosave } from './host/autosave';
import { ChatController } from './host/chatController';
import { ChatPanel } from './host/chatPanel';
import { registerCommands } from './host/commands';
import { ConversationStore, type LoadProblem } from './host/conversationStore';
import { showHistory } from './host/historyPicker';
import { logRequestEntry } from './host/requestLog';
import { readSettings } from './host/settings';
import type { PanelState } from './shared/protocol';

export function activate(context: vscode.ExtensionContext): DeepSeekExtensionApi {
  const log = vscode.window.createOutputChannel('DeepSeek', { log: true });
  const keys = new ApiKeyStore(context.secrets);
  const store = new ConversationStore(path.join(context.globalStorageUri.fsPath, 'conversations'));
  const settings = () => readSettings((key) => vscode.workspace.getConfiguration('deepseek').get(key));
  const listeners = new Set<(state: PanelState) => void>();

  let panel: ChatPanel | undefined;
  let missingKeyPrompt: (() => void) | undefined;
  const autosave = new Autosave(
    async () => {
      const conversation = controller.stored();
      if (conversation.turns.length > 0) await store.save(conversation);
    },
    (err) => log.error(`Could not save the conversation: ${err instanceof Error ? err.message : String(err)}`),
  );
  const controller = new ChatController({
    settings,
    apiKey: () => keys.get(),
    post: (message) => panel?.post(message),
    createCancellation: () => new vscode.CancellationTokenSource(),
    onMissingKey: () => missingKeyPrompt?.(),
    log: (entry) => logRequestEntry(log, entry),
    onTextReceived: () => autosave.schedule(),
    onDidChangeState: (state) => {
      void vscode.commands.executeCommand('setContext', 'deepseek.streaming', controller.isStreaming);
      void autosave.now();
      for (const listener of listeners) listener(state);
    },
  });

  const reportProblems = (problems: LoadProblem[]) => {
    for (const p of problems) log.warn(`Unreadable conversation ${p.file}: ${p.reason}; moved to ${p.setAsideAs ?? '(could not move)'}`);
    if (problems.length > 0) {
      const where = problems[0].setAsideAs ? ` It was kept as ${path.basename(problems[0].setAsideAs)}.` : '';
      void vscode.window.showWarningMessage(
        `${problems.length === 1 ? 'A saved DeepSeek conversation could not be read' : `${problems.length} saved DeepSeek conversations could not be read`} (${problems[0].reason}).${where} The others are fine.`,
      );
    }
  };

  const openConversation = async (id: string) => {
    const loaded = await store.load(id);
    if (loaded && 'conversation' in loaded) await controller.open(loaded.conversation);
    else if (loaded) reportProblems([loaded.problem]);
  };

  // Reopen the most recent conversation, so a reload or crash loses nothing; the panel shows it when
  // it opens (or is restored by the serializer). Not if the user got there first (New Chat, History,
  // a question) while the folder was being read.
  const startId = controller.conversationId;
  const untouched = () => controller.conversationId === startId && controller.conversation.all().length === 0 && !controller.isStreaming;
  const restored = store.list().then(
    async ({ conversations, problems }) => {
      reportProblems(problems);
      if (!conversations[0] || !untouched()) return;
      const loaded = await store.load(conversations[0].id);
      if (loaded && 'conversation' in loaded) {
        if (untouched()) await controller.open(loaded.conversation);
      } else if (loaded) reportProblems([loaded.problem]);
    },
    (err) => log.error(`Could not read saved conversations: ${err instanceof Error ? err.message : String(err)}`),
  );

  // SecretStorage reads are async and change events can arrive late: only the newest read counts.
  let keyReads = 0;
  const refreshKey = () => {
    const read = ++keyReads;
    void keys.get().then((key) => {
      if (read === keyReads) controller.setHasApiKey(key !== undefined);
    });
  };

  const commands = registerCommands({
    refreshKeyState: refreshKey,
    context,
    controller,
    keys,
    showPanel: (preserveFocus) => panel?.show(preserveFocus),
    settings,
    showHistory: () =>
      showHistory(store, {
        open: async (id) => {
          panel?.show(false);
          await autosave.now();
          await openConversation(id);
        },
        currentId: () => controller.conversationId,
        changed: async (id, deleted) => {
          if (id !== controller.conversationId) return;
          if (deleted) await controller.newChat();
          else {
            const loaded = await store.load(id);
            if (loaded && 'conversation' in loaded) controller.setTitle(loaded.conversation.title);
          }
        },
      }),
  });
  missingKeyPrompt = commands.offerToSetKey;
  panel = new ChatPanel(context.extensionUri, controller, commands);

  refreshKey();
  context.subscriptions.push(
    log,
    panel,
    { dispose: () => controller.dispose() },
    { dispose: () => autosave.dispose() },
    keys.onDidChange(refreshKey),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('deepseek')) return;
      const result = settings();
      if (!result.ok) void vscode.window.showWarningMessage(result.message, 'Open Settings').then((pick) => pick && commands.runCommand('openSettings'));
      refreshKey();
    }),
  );

  // On shutdown (window reload or close) stop the answer and save what was received, so nothing
  // is lost (the stopped answer can be continued after the reload).
  finalSave = async () => {
    controller.stop();
    await controller.whenIdle();
    autosave.dispose();
    const conversation = controller.stored();
    if (conversation.turns.length > 0) await store.save(conversation);
  };

  return {
    getState: () => controller.state(),
    whenIdle: async () => {
      await restored;
      await controller.whenIdle();
    },
    onDidChangeState: (listener) => {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    whenSaved: () => autosave.settled(),
    isPanelVisible: () => panel?.isVisible ?? false,
  };
}

let finalSave: (() => Promise<void>) | undefined;

export async function deactivate(): Promise<void> {
  // VS Code awaits this (within its shutdown budget) before disposing context.subscriptions.
  await finalSave?.().catch(() => undefined);
}
