// Activation: wires the key store, settings, conversation store, chat controller and panel together
// and registers the commands. Each piece talks to the others through the small interfaces they export.

import * as path from 'path';
import * as vscode from 'vscode';
import type { DeepSeekExtensionApi } from './host/api';
import { ApiKeyStore } from './host/core/apiKeyStore';
import { Autosave } from './host/conversation/common/autosave';
import { ChatController } from './host/panel/common/chatController';
import { ChatPanel } from './host/panel/chatPanel';
import { registerCommands } from './host/panel/panelCommands';
import { applyCode } from './host/edits/applyCode';
import { PendingContext } from './host/context/contextAttachments';
import { registerContextCommands } from './host/context/register';
import { registerEditCommands } from './host/edits/register';
import { EditSessions } from './host/edits/editSession';
import { ConversationStore, type LoadProblem } from './host/conversation/common/conversationStore';
import { showHistory } from './host/conversation/historyPicker';
import { registerLongDocumentCommands } from './host/longDocument/register';
import { logRequestEntry } from './host/core/common/requestLog';
import { registerModelFeatures, type ModelFeatures } from './host/models/register';
import { openModelPicker } from './host/models/modelPicker';
import { readSettings } from './host/core/common/settings';
import { registerVsCodeChat } from './host/vscodeChat/register';
import type { PanelState } from './shared/protocol';

export function activate(context: vscode.ExtensionContext): DeepSeekExtensionApi {
  const log = vscode.window.createOutputChannel('DeepSeek', { log: true });
  const keys = new ApiKeyStore(context.secrets);
  const store = new ConversationStore(path.join(context.globalStorageUri.fsPath, 'conversations'));
  // One configuration object per read: each getConfiguration() rebuilds the merged settings model,
  // and 17 of them took 7 ms of the extension host at an answer's end (traced).
  const settings = () => {
    const config = vscode.workspace.getConfiguration('deepseek');
    return readSettings((key) => config.get(key), (message, ...args) => vscode.l10n.t(message, ...args));
  };
  const listeners = new Set<(state: PanelState) => void>();

  let panel: ChatPanel | undefined;
  let missingKeyPrompt: (() => void) | undefined;
  let features: ModelFeatures | undefined;
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
    tr: (message, ...args) => vscode.l10n.t(message, ...args),
    log: (entry) => logRequestEntry(log, entry),
    onTextReceived: () => autosave.schedule(),
    costOf: (usage, model, at) => features?.costOf(usage, model, at),
    onDidChangeState: () => {
      if (!controller.isStreaming) features?.answerEnded();
      void vscode.commands.executeCommand('setContext', 'deepseek.streaming', controller.isStreaming);
      void autosave.now();
      // A state is a copy of the whole conversation: made only for someone listening.
      if (listeners.size === 0) return;
      const state = controller.state();
      for (const listener of listeners) listener(state);
    },
  });

  const reportProblems = (problems: LoadProblem[]) => {
    for (const p of problems) log.warn(`Unreadable conversation ${p.file}: ${p.reason}; moved to ${p.setAsideAs ?? '(could not move)'}`);
    if (problems.length > 0) {
      const first = problems.length === 1
        ? vscode.l10n.t('A saved DeepSeek conversation could not be read ({0}).', problems[0].reason)
        : vscode.l10n.t('{0} saved DeepSeek conversations could not be read ({1}).', problems.length, problems[0].reason);
      const where = problems[0].setAsideAs ? ` ${vscode.l10n.t('It was kept as {0}.', path.basename(problems[0].setAsideAs))}` : '';
      void vscode.window.showWarningMessage(`${first}${where} ${vscode.l10n.t('The others are fine.')}`);
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

  const edits = new EditSessions({
    settings,
    apiKey: () => keys.get(),
    log: (entry) => logRequestEntry(log, entry),
    onMissingKey: () => missingKeyPrompt?.(),
  });
  context.subscriptions.push(edits, ...registerEditCommands(edits));

  const pending = new PendingContext(
    () => {
      const s = settings();
      return s.ok ? { maxFileBytes: s.settings.maxFileBytes, budgetTokens: s.settings.contextBudgetTokens } : { maxFileBytes: 256 * 1024, budgetTokens: 32_000 };
    },
    (message) => panel?.post(message),
  );
  context.subscriptions.push(pending, ...registerContextCommands(pending, () => panel?.show(true)));

  const commands = registerCommands({
    takeContext: () => pending.take(),
    stopEdit: () => {
      if (edits.isStreaming) void edits.discard();
    },
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
  features = registerModelFeatures({
    context,
    settings,
    apiKey: () => keys.get(),
    onDidChangeKey: (listener) => keys.onDidChange(listener),
    log: (entry) => logRequestEntry(log, entry),
    logLine: (message) => log.warn(message),
    offerToSetKey: commands.offerToSetKey,
  });
  // Write to New Document / Write to File…: same settings, key, client config and request log.
  context.subscriptions.push(
    registerLongDocumentCommands({
      context,
      settings,
      keys,
      log: (entry) => logRequestEntry(log, entry),
      offerToSetKey: () => commands.offerToSetKey(),
      openSettings: () => commands.runCommand('openSettings'),
    }),
  );
  // The panel's Apply button, also reachable as a command (not in the palette) for tests and keybindings.
  context.subscriptions.push(
    vscode.commands.registerCommand('deepseek.applyCodeBlock', (turn: unknown, text: unknown) =>
      typeof turn === 'string' && typeof text === 'string' ? applyCode(edits, controller.conversation.get(turn), text) : undefined,
    ),
  );
  panel = new ChatPanel(
    context.extensionUri,
    controller,
    { ...commands, applyCode: (turn, text) => applyCode(edits, controller.conversation.get(turn), text) },
    pending,
  );

  // DeepSeek in VS Code's own Chat view (model picker + @deepseek), same key, settings and log.
  const vsCodeChat = registerVsCodeChat({
    extensionUri: context.extensionUri,
    settings,
    keys,
    log: (entry) => logRequestEntry(log, entry),
    offerToSetKey: () => missingKeyPrompt?.(),
    catalog: features.catalog,
    openInPanel: async (conversation) => {
      await store.save(conversation);
      panel?.show(false);
      await autosave.now();
      await openConversation(conversation.id);
    },
  });

  refreshKey();
  context.subscriptions.push(
    vsCodeChat,
    log,
    panel,
    { dispose: () => controller.dispose() },
    { dispose: () => autosave.dispose() },
    keys.onDidChange(refreshKey),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('deepseek')) return;
      const result = settings();
      const openSettings = vscode.l10n.t('Open Settings');
      if (!result.ok) void vscode.window.showWarningMessage(result.message, openSettings).then((pick) => pick && commands.runCommand('openSettings'));
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
    getEdit: () => edits.snapshot(),
    whenEditStreamEnded: () => edits.whenStreamEnded(),
    models: () => features!.catalog.models(),
    modelPicker: () => openModelPicker(),
    statusBar: () => features!.statusTexts(),
  };
}

let finalSave: (() => Promise<void>) | undefined;

export async function deactivate(): Promise<void> {
  // VS Code awaits this (within its shutdown budget) before disposing context.subscriptions.
  await finalSave?.().catch(() => undefined);
}
