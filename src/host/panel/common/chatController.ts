// Runs questions: builds the request, streams the answer through the client into the conversation,
// posts coalesced deltas to the view, and ends each turn honestly (done, stopped or error).
// No vscode import: cancellation comes through a token shaped like vscode.CancellationToken, so the
// same code runs in the extension host and in plain-Node tests against the test server.

import { DeepSeekError, streamChat } from '../../../deepseek';
import type { ChatMessage, LogEntry, RetryInfo, Usage } from '../../../deepseek/types';
import type { Money } from '../../../shared/money';
import { addUsage, emptyTotals, sumUsage, type UsageTotals } from '../../../shared/usageTotals';
import { chatRequestFor, clientConfigFor } from '../../core/common/clientConfig';
import { continuationFor } from '../../core/common/continuation';
import type { AttachmentInfo, HostMessage, PanelState, TurnView } from '../../../shared/protocol';
import { Conversation, newTurnId } from '../../conversation/common/conversation';
import { newConversationId, titleFrom, type StoredConversation } from '../../conversation/common/conversationStore';
import { DeltaCoalescer } from './deltaCoalescer';
import { english, type Translate } from '../../core/common/translate';
import type { Settings, SettingsResult } from '../../core/common/settings';
import { configError, toTurnError } from '../../core/common/turnError';

export interface CancellationTokenLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

export interface CancellationSourceLike {
  readonly token: CancellationTokenLike;
  cancel(): void;
  dispose(): void;
}

export interface ChatControllerDeps {
  settings(): SettingsResult;
  apiKey(): Promise<string | undefined>;
  /** Posts to the panel if it is showing; never awaited. */
  post(message: HostMessage): void;
  /** `() => new vscode.CancellationTokenSource()` in the extension. */
  createCancellation(): CancellationSourceLike;
  /** Called when a question needs a key and none is stored: offer "Set API Key". */
  onMissingKey(): void;
  log?(entry: LogEntry): void;
  /** Fires after turn start/end and settings changes (not per delta); `state()` has the new state. */
  onDidChangeState?(): void;
  /** Fires as answer text arrives (throttle before doing work). */
  onTextReceived?(): void;
  /** What an answer's usage cost with this model, asked at `at` (prices can depend on the hour). */
  costOf?(usage: Usage, model: string, at: Date): Money | undefined;
  /** Translates user-visible texts (vscode.l10n.t in the extension); English by default. */
  tr?: Translate;
  frameMs?: number;
}

/** Chars of answer plus reasoning after which an answer is stopped: a runaway stream must not exhaust memory. */
export const DEFAULT_MAX_ANSWER_CHARS = 8_000_000;

// Shared with the long-document writer; re-exported for existing importers.
export { CONTINUE_PROMPT, prefixCompletionBase } from '../../core/common/continuation';

/** Reasons an answer can be continued. */
const CONTINUABLE_ERRORS = new Set(['truncated', 'interrupted', 'network', 'timeout', 'too_large', 'server', 'rate_limit']);

export interface AskOptions {
  /** Visible note shown with the question (e.g. the selection was cut). */
  note?: string;
  /** Edit-and-resend: this turn, if it is the last one, is replaced by the new question. */
  replaceTurn?: string;
  /** Files and selections sent before the question (Add File to Chat, `@`). */
  attachments?: AskAttachments;
}

export interface AskAttachments {
  /** Their text as sent (markdown, before the question). */
  context: string;
  attachments: AttachmentInfo[];
}

interface Running {
  turn: TurnView;
  cancellation: CancellationSourceLike;
  done: Promise<void>;
}

export class ChatController {
  readonly conversation = new Conversation();
  private meta = { id: newConversationId(), title: '', createdAt: Date.now() };
  private readonly coalescer: DeltaCoalescer;
  private running: Running | undefined;
  /** Bumped by every ask and continue: one that was overtaken while it waited does not send. */
  private generation = 0;
  private hasApiKey = false;
  /** Every answer's tokens and cost since activation. */
  private session: UsageTotals = emptyTotals();
  maxAnswerChars = DEFAULT_MAX_ANSWER_CHARS;
  private readonly tr: Translate;

  constructor(private readonly deps: ChatControllerDeps) {
    this.tr = deps.tr ?? english;
    this.coalescer = new DeltaCoalescer((m) => deps.post(m), deps.frameMs);
  }

  get isStreaming(): boolean {
    return this.running !== undefined;
  }

  state(): PanelState {
    const settings = this.deps.settings();
    const turns = this.conversation.snapshot();
    for (const t of turns) {
      t.seq = this.coalescer.seq(t.id);
      t.canContinue = this.canContinue(t);
    }
    return { title: this.meta.title || this.tr('New chat'), turns, hasApiKey: this.hasApiKey, model: settings.ok ? settings.settings.model : '', session: this.session };
  }

  /** The open conversation as stored on disk. */
  stored(): StoredConversation {
    return { version: 1, ...this.meta, updatedAt: Date.now(), turns: this.conversation.snapshot() };
  }

  get conversationId(): string {
    return this.meta.id;
  }

  /** Only the last answer can be continued, and only when it ended early with some text. */
  canContinue(turn: TurnView): boolean {
    const all = this.conversation.all();
    if (all[all.length - 1]?.id !== turn.id || turn.answer === '') return false;
    if (turn.status === 'stopped' || turn.status === 'interrupted') return true;
    if (turn.status === 'done') return turn.finishReason === 'length';
    return turn.status === 'error' && turn.error !== undefined && CONTINUABLE_ERRORS.has(turn.error.kind);
  }

  /** A full `sync` for a panel that was (re)created or shown again. */
  syncMessage(): HostMessage {
    if (this.running) this.coalescer.absorbPending(this.running.turn.id);
    return { type: 'sync', state: this.state() };
  }

  setHasApiKey(value: boolean): void {
    this.hasApiKey = value;
    const settings = this.deps.settings();
    this.deps.post({ type: 'settings', hasApiKey: value, model: settings.ok ? settings.settings.model : '' });
    this.changed();
  }

  /** Resolves when no answer is streaming. */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running.done;
  }

  /** Stops the streaming answer, if any; its partial text stays, marked stopped. */
  stop(): void {
    this.running?.cancellation.cancel();
  }

  /** Starts a new conversation (stopping any answer). */
  async newChat(): Promise<void> {
    await this.open({ version: 1, id: newConversationId(), title: '', createdAt: Date.now(), updatedAt: Date.now(), turns: [] });
  }

  /** Shows a stored conversation (stopping any answer); answers that were streaming show as interrupted. */
  async open(conversation: StoredConversation): Promise<void> {
    this.stop();
    await this.whenIdle();
    this.meta = { id: conversation.id, title: conversation.title, createdAt: conversation.createdAt };
    this.conversation.restore(conversation.turns);
    this.deps.post(this.syncMessage());
    this.changed();
  }

  setTitle(title: string): void {
    this.meta.title = title;
    this.deps.post(this.syncMessage());
    this.changed();
  }

  /** Asks again (Retry, Regenerate): the last turn is replaced; an earlier turn's question is asked anew. */
  async retry(turnId: string): Promise<void> {
    const turn = this.conversation.get(turnId);
    if (!turn || turn.status === 'streaming') return;
    await this.ask(turn.question, {
      note: turn.note,
      replaceTurn: turn.id,
      ...(turn.context !== undefined ? { attachments: { context: turn.context, attachments: turn.attachments ?? [] } } : {}),
    });
  }

  /** Removes the turn if it is the last one and finished (Regenerate, edit-and-resend). */
  private removeLastTurn(turnId: string): void {
    const all = this.conversation.all();
    const last = all[all.length - 1];
    if (last?.id !== turnId || last.status === 'streaming') return;
    this.conversation.remove(turnId);
    this.coalescer.forget(turnId);
    this.deps.post(this.syncMessage());
  }

  /**
   * Asks a question and streams the answer. Asking while an answer streams stops that one first.
   * Resolves when the answer ends (whatever the outcome); errors end up in the turn, not thrown.
   */
  async ask(question: string, options: AskOptions = {}): Promise<void> {
    if (!question.trim()) return;
    const generation = ++this.generation;
    if (this.running) {
      this.stop();
      await this.whenIdle();
    }
    const replaceTurn = options.replaceTurn;
    if (replaceTurn !== undefined && generation === this.generation) {
      // Edit-and-resend without new attachments keeps the ones the edited question had.
      const replaced = this.conversation.get(replaceTurn);
      if (!options.attachments && replaced?.context !== undefined) {
        options = { ...options, attachments: { context: replaced.context, attachments: replaced.attachments ?? [] }, note: options.note ?? replaced.note };
      }
      this.removeLastTurn(replaceTurn);
    }
    const settingsResult = this.deps.settings();
    const key = (await this.deps.apiKey()) ?? '';
    this.hasApiKey = key !== '';
    const turn: TurnView = {
      id: newTurnId(),
      question,
      answer: '',
      reasoning: '',
      status: 'streaming',
      startedAt: Date.now(),
      note: options.note,
      model: settingsResult.ok ? settingsResult.settings.model : undefined,
      ...(options.attachments ? { context: options.attachments.context, attachments: options.attachments.attachments } : {}),
    };

    if (generation !== this.generation) {
      // A newer question came while this one waited (for the key or for the previous answer to
      // stop): that one is answered; this one is kept, stopped before it was sent.
      if (!this.meta.title) this.meta.title = titleFrom(question);
      this.addEndedTurn(turn, { status: 'stopped' });
      return;
    }
    if (!settingsResult.ok) {
      this.addEndedTurn(turn, { status: 'error', error: configError(settingsResult.message) });
      return;
    }
    const settings = settingsResult.settings;
    // Servers on this machine (Ollama, LM Studio, the demo server) accept requests without a key.
    if (!key && !settings.isLoopback) {
      this.addEndedTurn(turn, {
        status: 'error',
        error: { kind: 'auth', message: this.tr('No API key is set. Run "DeepSeek: Set API Key" to store one in the system keychain.'), actions: ['setApiKey'] },
      });
      this.deps.onMissingKey();
      return;
    }

    const { messages, omittedTurns } = this.conversation.requestMessages(turn, settings.systemPrompt);
    if (omittedTurns > 0) {
      const note =
        omittedTurns === 1
          ? this.tr("1 earlier turn was left out to fit the model's context.")
          : this.tr("{0} earlier turns were left out to fit the model's context.", omittedTurns);
      turn.note = turn.note ? `${turn.note} ${note}` : note;
    }
    if (!this.meta.title) this.meta.title = titleFrom(question);
    this.conversation.add(turn);
    this.deps.post({ type: 'turnStart', turn: structuredClone(turn) });
    await this.run(turn, settings, key, messages);
  }

  /**
   * Continues a cut-off, stopped or interrupted last answer; the continuation is appended to it.
   * With DeepSeek's chat prefix completion (the `/beta` base) the model resumes mid-sentence from the
   * received text; other servers are asked to continue.
   */
  async continueTurn(turnId: string): Promise<void> {
    const turn = this.conversation.get(turnId);
    if (!turn || !this.canContinue(turn) || this.running) return;
    const generation = ++this.generation;
    const settingsResult = this.deps.settings();
    if (!settingsResult.ok) return;
    const settings = settingsResult.settings;
    const key = (await this.deps.apiKey()) ?? '';
    // A question asked (or Continue pressed again) while the key was read wins.
    if (generation !== this.generation || this.running || !this.canContinue(turn)) return;
    const { messages } = this.conversation.requestMessages(turn, settings.systemPrompt);
    const continuation = continuationFor(settings.baseUrl, turn.answer);
    Object.assign(turn, { status: 'streaming', error: undefined, finishReason: undefined, endedAt: undefined });
    this.deps.post(this.syncMessage());
    await this.run(turn, { ...settings, baseUrl: continuation.baseUrl }, key, [...messages, ...continuation.messages]);
  }

  private async run(turn: TurnView, settings: Settings, key: string, messages: ChatMessage[]): Promise<void> {
    const cancellation = this.deps.createCancellation();
    let finish: () => void = () => {};
    const done = new Promise<void>((resolve) => (finish = resolve));
    this.running = { turn, cancellation, done };
    this.changed();
    try {
      await this.stream(turn, settings, key, messages, cancellation.token);
    } finally {
      cancellation.dispose();
      this.running = undefined;
      // VS Code's extension host writes posted messages to its socket in a timer task: the state
      // snapshot and save that follow an answer would hold the turnEnd back (12 ms at 200 KB, traced).
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      finish();
      this.changed();
    }
  }

  private async stream(
    turn: TurnView,
    settings: Settings,
    apiKey: string,
    messages: ChatMessage[],
    token: CancellationTokenLike,
  ): Promise<void> {
    const abort = new AbortController();
    const onCancel = token.onCancellationRequested(() => abort.abort());
    const config = clientConfigFor(settings, apiKey, this.deps.log);
    const onRetry = (info: RetryInfo) => {
      const seconds = Math.max(1, Math.round(info.delayMs / 1000));
      turn.retryNote = `${info.error.message} ${this.tr('Retrying in {0} s (attempt {1} of {2})…', seconds, info.attempt, settings.maxRetries)}`;
      this.deps.post({ type: 'turnInfo', turn: turn.id, retryNote: turn.retryNote });
    };
    const onRateLimitWait = (info: { perSecond: number; waiting: boolean }) => {
      if (!info.waiting) {
        this.clearRetryNote(turn);
        return;
      }
      turn.retryNote = this.tr('Waiting for the request limit ({0}/s)…', info.perSecond);
      this.deps.post({ type: 'turnInfo', turn: turn.id, retryNote: turn.retryNote });
    };
    let tooLarge = false;
    const received = () => turn.answer.length + turn.reasoning.length;
    // A continuation adds its tokens and cost to the answer's.
    const usageBefore = turn.usage;
    const costBefore = turn.cost;
    const sentAt = new Date();
    let runUsage: Usage | undefined;
    try {
      const events = streamChat(
        config,
        chatRequestFor(settings, messages),
        { signal: abort.signal, onRetry, onRateLimitWait },
      );
      for await (const event of events) {
        switch (event.type) {
          case 'content':
            if (turn.retryNote) this.clearRetryNote(turn);
            if (turn.reasoning && turn.reasoningEndedAt === undefined) turn.reasoningEndedAt = Date.now();
            turn.answer += event.text;
            this.coalescer.push(turn.id, 'content', event.text);
            break;
          case 'reasoning':
            if (turn.retryNote) this.clearRetryNote(turn);
            turn.reasoning += event.text;
            this.coalescer.push(turn.id, 'reasoning', event.text);
            break;
          case 'usage':
            runUsage = event.usage;
            turn.usage = sumUsage(usageBefore, event.usage);
            break;
          case 'finish':
            turn.finishReason = event.reason;
            break;
        }
        if (event.type === 'content' || event.type === 'reasoning') {
          this.deps.onTextReceived?.();
          if (received() > this.maxAnswerChars) {
            tooLarge = true;
            abort.abort();
            break;
          }
        }
      }
      this.account(turn, runUsage, costBefore, sentAt);
      if (tooLarge) {
        const mb = (this.maxAnswerChars / 1_000_000).toFixed(1);
        this.endTurn(turn, {
          status: 'error',
          error: { kind: 'too_large', message: this.tr('The answer passed {0} million characters and was stopped to keep VS Code responsive. The text received is kept.', mb), actions: [] },
        });
      } else this.endTurn(turn, { status: 'done' });
    } catch (err) {
      this.account(turn, runUsage, costBefore, sentAt);
      if (token.isCancellationRequested || (err instanceof DeepSeekError && err.kind === 'aborted')) {
        this.endTurn(turn, { status: 'stopped' });
      } else {
        this.endTurn(turn, { status: 'error', error: toTurnError(err, this.tr) });
      }
    } finally {
      onCancel.dispose();
    }
  }

  /** Prices this run's usage, adds it to the answer and the session totals (before the turn ends). */
  private account(turn: TurnView, runUsage: Usage | undefined, costBefore: Money | undefined, sentAt: Date): void {
    if (!runUsage) return;
    const cost = turn.model ? this.deps.costOf?.(runUsage, turn.model, sentAt) : undefined;
    if (cost) turn.cost = costBefore && costBefore.currency === cost.currency ? { amount: costBefore.amount + cost.amount, currency: cost.currency } : cost;
    this.session = addUsage(this.session, runUsage, cost);
  }

  private clearRetryNote(turn: TurnView): void {
    turn.retryNote = undefined;
    this.deps.post({ type: 'turnInfo', turn: turn.id });
  }

  private endTurn(turn: TurnView, end: Pick<TurnView, 'status' | 'error'>): void {
    this.coalescer.flush();
    turn.status = end.status;
    turn.error = end.error;
    turn.retryNote = undefined;
    turn.endedAt = Date.now();
    if (turn.reasoning && turn.reasoningEndedAt === undefined) turn.reasoningEndedAt = turn.endedAt;
    this.deps.post({
      type: 'turnEnd',
      turn: turn.id,
      seq: this.coalescer.seq(turn.id),
      status: end.status === 'streaming' ? 'error' : end.status,
      finishReason: turn.finishReason,
      usage: turn.usage,
      ...(turn.cost ? { cost: turn.cost } : {}),
      error: turn.error,
      reasoningEndedAt: turn.reasoningEndedAt,
      endedAt: turn.endedAt,
      canContinue: this.canContinue(turn),
      session: this.session,
    });
  }

  /** A turn that failed before any request (bad settings, no key): shown with its message. */
  private addEndedTurn(turn: TurnView, end: Pick<TurnView, 'status' | 'error'>): void {
    this.conversation.add(turn);
    this.deps.post({ type: 'turnStart', turn: structuredClone(turn) });
    this.endTurn(turn, end);
    this.changed();
  }

  private changed(): void {
    this.deps.onDidChangeState?.();
  }

  dispose(): void {
    this.stop();
    this.coalescer.dispose();
  }
}
