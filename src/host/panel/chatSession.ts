// The chat's state in the host: the controller with its autosave, the key state the panel shows,
// the conversation reopened at start-up, and the final save when the window closes. The panel and
// the commands act on it; the test API reads it.

import * as vscode from 'vscode';
import type { HostMessage, PanelState } from '../../shared/protocol';
import { Autosave } from '../conversation/common/autosave';
import type { Conversations } from '../conversation/conversations';
import { ContextKeys } from '../core/common/commandIds';
import type { Billing } from '../core/ports';
import type { HostServices } from '../core/services';
import { ChatController } from './common/chatController';
import { writeSetting } from '../core/writeSetting';

export class ChatSession implements vscode.Disposable {
  readonly controller: ChatController;
  private readonly autosave: Autosave;
  private readonly listeners = new Set<(state: PanelState) => void>();
  /** SecretStorage reads are async and change events can arrive late: only the newest read counts. */
  private keyReads = 0;
  private readonly disposables: vscode.Disposable[] = [];
  /** Resolves when the start-up restore has run. */
  readonly restored: Promise<void>;

  constructor(
    private readonly services: HostServices,
    private readonly conversations: Conversations,
    billing: Billing,
    /** Posts to the chat's webview if it is showing. */
    post: (message: HostMessage) => void,
  ) {
    this.autosave = new Autosave(
      async () => {
        const conversation = this.controller.stored();
        if (conversation.turns.length > 0) await conversations.store.save(conversation);
      },
      (err) => services.log.error(`Could not save the conversation: ${err instanceof Error ? err.message : String(err)}`),
    );
    this.controller = new ChatController(services, {
      post,
      createCancellation: () => new vscode.CancellationTokenSource(),
      onTextReceived: () => this.autosave.schedule(),
      costOf: billing.costOf,
      useModel: (model) => writeSetting('model', model),
      onDidChangeState: () => {
        if (!this.controller.isStreaming) billing.answerEnded();
        services.setContext(ContextKeys.streaming, this.controller.isStreaming);
        void this.autosave.now();
        this.notify();
      },
    });
    this.restored = this.restoreLatest();
    this.refreshKey();
    this.disposables.push(
      services.keys.onDidChange(() => this.refreshKey()),
      services.onDidRequestStop(() => this.controller.stop()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('deepseek')) this.refreshKey();
      }),
    );
  }

  /** Tells whether a key is stored (the panel's welcome and the state's hasApiKey). */
  refreshKey(): void {
    const read = ++this.keyReads;
    void this.services.apiKey().then((key) => {
      if (read === this.keyReads) this.controller.setHasApiKey(key !== undefined);
    });
  }

  /** Shows a saved conversation (the one being answered is saved first). */
  async open(id: string): Promise<void> {
    await this.autosave.now();
    const conversation = await this.conversations.load(id);
    if (conversation) await this.controller.open(conversation);
  }

  /** After a rename or delete in History: the open conversation follows. */
  async historyChanged(id: string, deleted: boolean): Promise<void> {
    if (id !== this.controller.conversationId) return;
    if (deleted) await this.controller.newChat();
    else {
      const conversation = await this.conversations.load(id);
      if (conversation) this.controller.setTitle(conversation.title);
    }
  }

  onDidChangeState(listener: (state: PanelState) => void): vscode.Disposable {
    this.listeners.add(listener);
    return new vscode.Disposable(() => this.listeners.delete(listener));
  }

  /** Resolves when every scheduled or running save has finished. */
  whenSaved(): Promise<void> {
    return this.autosave.settled();
  }

  /** Resolves when the start-up restore has run and no answer is streaming. */
  async whenIdle(): Promise<void> {
    await this.restored;
    await this.controller.whenIdle();
  }

  /**
   * On shutdown (window reload or close): stop the answer and save what was received, so nothing is
   * lost (the stopped answer can be continued after the reload).
   */
  async finalSave(): Promise<void> {
    this.controller.stop();
    await this.controller.whenIdle();
    this.autosave.dispose();
    const conversation = this.controller.stored();
    if (conversation.turns.length > 0) await this.conversations.store.save(conversation);
  }

  private notify(): void {
    // A state is a copy of the whole conversation: made only for someone listening.
    if (this.listeners.size === 0) return;
    const state = this.controller.state();
    for (const listener of this.listeners) listener(state);
  }

  /**
   * Reopens the most recent conversation, so a reload or crash loses nothing; the panel shows it when
   * it opens (or is restored by the serializer). Not if the user got there first (New Chat, History,
   * a question) while the folder was being read.
   */
  private async restoreLatest(): Promise<void> {
    const startId = this.controller.conversationId;
    const untouched = () => this.controller.conversationId === startId && this.controller.conversation.all().length === 0 && !this.controller.isStreaming;
    try {
      const { conversations, problems } = await this.conversations.store.list();
      this.conversations.reportProblems(problems);
      if (!conversations[0] || !untouched()) return;
      const conversation = await this.conversations.load(conversations[0].id);
      if (conversation && untouched()) await this.controller.open(conversation);
    } catch (err) {
      this.services.log.error(`Could not read saved conversations: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  dispose(): void {
    this.controller.dispose();
    this.autosave.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
