// Runs questions: builds the request, streams the answer through the client into the conversation,
// posts coalesced deltas to the view, and ends each turn honestly (done, stopped or error).
// No vscode import: cancellation comes through a token shaped like vscode.CancellationToken, so the
// same code runs in the extension host and in plain-Node tests against the test server.

import { DeepSeekError, listModels, streamChat } from '../../../deepseek';
import type { ChatMessage, RetryInfo, StreamEvent, Usage } from '../../../deepseek/types';
import type { Money } from '../../../shared/money';
import { addUsage, emptyTotals, sumUsage, type UsageTotals } from '../../../shared/usageTotals';
import { chatRequestFor, clientConfigFor } from '../../core/common/clientConfig';
import { continuationFor } from '../../core/common/continuation';
import type { HostMessage, ImageAttachment, ImageInput, PanelState, TurnError, TurnView } from '../../../shared/protocol';
import { DEFAULT_MODEL, modelEntry } from '../../../shared/modelTable';
import { Conversation, newTurnId, type AskAttachments } from '../../conversation/common/conversation';
import { newConversationId, titleFrom, type StoredConversation } from '../../conversation/common/conversationStore';
import { DeltaCoalescer } from './deltaCoalescer';
import { english, type Translate } from '../../core/common/translate';
import { readyToAsk, type AskServices, type Readiness } from '../../core/common/preflight';
import type { CostOf } from '../../core/common/ports';
import type { Settings } from '../../core/common/settings';
import { configError, offerServerModels, toTurnError } from '../../core/common/turnError';

export interface CancellationTokenLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

export interface CancellationSourceLike {
  readonly token: CancellationTokenLike;
  cancel(): void;
  dispose(): void;
}

/** The host services the chat uses: the part of HostServices that runs in plain Node (tests, bench). */
export interface ChatServices extends AskServices {
  /** A question needs a key and none is stored: offer "Set API Key". */
  offerToSetKey(): void;
}

/** What the chat's owner provides: where messages go, cancellation, listeners and prices. */
export interface ChatHooks {
  /** Posts to the panel if it is showing; never awaited. */
  post(message: HostMessage): void;
  /** `() => new vscode.CancellationTokenSource()` in the extension. */
  createCancellation(): CancellationSourceLike;
  /** Fires after turn start/end and settings changes (not per delta); `state()` has the new state. */
  onDidChangeState?(): void;
  /** Fires as answer text arrives (throttle before doing work). */
  onTextReceived?(): void;
  /** What an answer's usage cost with this model, asked at `at` (prices can depend on the hour). */
  costOf?: CostOf;
  /** Makes `model` the model of every later question (writes `deepseek.model` in the extension). */
  useModel?(model: string): Promise<void>;
  frameMs?: number;
}

/** Chars of answer plus reasoning after which an answer is stopped: a runaway stream must not exhaust memory. */
export const DEFAULT_MAX_ANSWER_CHARS = 8_000_000;

/** Reasons an answer can be continued. */
const CONTINUABLE_ERRORS = new Set(['truncated', 'interrupted', 'network', 'timeout', 'too_large', 'server', 'rate_limit']);

export interface AskOptions {
  /** Visible note shown with the question (e.g. the selection was cut). */
  note?: string;
  /** Edit-and-resend: this turn, if it is the last one, is replaced by the new question. */
  replaceTurn?: string;
  /** Files and selections sent before the question (Add File to Chat, `@`). */
  attachments?: AskAttachments;
  /** Images pasted, dropped or attached in the panel. */
  images?: ImageAttachment[];
}

/** One request's usage, and what the answer had before it (a continuation adds to it). */
interface RunTotals {
  usageBefore: Usage | undefined;
  costBefore: Money | undefined;
  sentAt: Date;
  usage: Usage | undefined;
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
  /** The input's unsent text, as the page last reported it. */
  private draft = '';
  /** Every answer's tokens and cost since activation. */
  private session: UsageTotals = emptyTotals();
  maxAnswerChars = DEFAULT_MAX_ANSWER_CHARS;
  private readonly tr: Translate;

  constructor(
    private readonly services: ChatServices,
    private readonly hooks: ChatHooks,
  ) {
    this.tr = services.tr ?? english;
    this.coalescer = new DeltaCoalescer((m) => hooks.post(m), hooks.frameMs);
  }

  get isStreaming(): boolean {
    return this.running !== undefined;
  }

  state(): PanelState {
    const settings = this.services.settings();
    const turns = this.conversation.snapshot();
    for (const t of turns) {
      t.seq = this.coalescer.seq(t.id);
      t.canContinue = this.canContinue(t);
    }
    return {
      title: this.meta.title || this.tr('New chat'),
      turns,
      hasApiKey: this.hasApiKey,
      keyNeeded: this.keyNeeded(settings),
      model: settings.ok ? settings.settings.model : '',
      session: this.session,
      ...(settings.ok ? { imageInput: imageInputFor(settings.settings) } : {}),
      ...(this.draft ? { draft: this.draft } : {}),
    };
  }

  /** Kept (not posted): a surface built later (Open in Editor, the view shown again) starts with it. */
  setDraft(text: string): void {
    this.draft = text;
  }

  get draftText(): string {
    return this.draft;
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

  /** A server on this machine (Ollama, LM Studio) needs no key, so the page does not ask for one. */
  private keyNeeded(settings: ReturnType<ChatServices['settings']>): boolean {
    return !this.hasApiKey && !(settings.ok && settings.settings.isLoopback);
  }

  setHasApiKey(value: boolean): void {
    this.hasApiKey = value;
    const settings = this.services.settings();
    this.hooks.post({
      type: 'settings',
      hasApiKey: value,
      keyNeeded: this.keyNeeded(settings),
      model: settings.ok ? settings.settings.model : '',
      ...(settings.ok ? { imageInput: imageInputFor(settings.settings) } : {}),
    });
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
    this.hooks.post(this.syncMessage());
    this.changed();
  }

  setTitle(title: string): void {
    this.meta.title = title;
    this.hooks.post(this.syncMessage());
    this.changed();
  }

  /** Asks again (Retry, Regenerate): the last turn is replaced; an earlier turn's question is asked anew. */
  async retry(turnId: string): Promise<void> {
    const turn = this.conversation.get(turnId);
    if (!turn || turn.status === 'streaming') return;
    await this.ask(turn.question, {
      note: turn.note,
      replaceTurn: turn.id,
      ...(turn.images?.length ? { images: turn.images } : {}),
      ...(turn.context !== undefined ? { attachments: { context: turn.context, attachments: turn.attachments ?? [] } } : {}),
    });
  }

  /** "Use X and retry" under a model-not-found error: X becomes the model, and the turn is asked again. */
  async switchModel(turnId: string, model: string): Promise<void> {
    await this.hooks.useModel?.(model);
    await this.retry(turnId);
  }

  /** Removes the turn if it is the last one and finished (Regenerate, edit-and-resend). */
  private removeLastTurn(turnId: string): void {
    const all = this.conversation.all();
    const last = all[all.length - 1];
    if (last?.id !== turnId || last.status === 'streaming') return;
    this.conversation.remove(turnId);
    this.coalescer.forget(turnId);
    this.hooks.post(this.syncMessage());
  }

  /**
   * Asks a question and streams the answer. Asking while an answer streams stops that one first.
   * Resolves when the answer ends (whatever the outcome); errors end up in the turn, not thrown.
   */
  async ask(question: string, options: AskOptions = {}): Promise<void> {
    if (!question.trim() && !options.images?.length) return;
    const generation = ++this.generation;
    if (this.running) {
      this.stop();
      await this.whenIdle();
    }
    if (options.replaceTurn !== undefined && generation === this.generation) options = this.replaceLastTurn(options.replaceTurn, options);
    const ready = await readyToAsk(this.services);
    this.hasApiKey = ready.key !== '';
    const turn = newTurn(question, options, ready.ok || ready.problem === 'key' ? ready.settings.model : undefined);
    if (generation !== this.generation) {
      // A newer question came while this one waited (for the key or for the previous answer to
      // stop): that one is answered; this one is kept, stopped before it was sent.
      if (!this.meta.title) this.meta.title = titleFrom(question);
      this.addEndedTurn(turn, { status: 'stopped' });
      return;
    }
    if (!ready.ok) {
      this.refuse(turn, ready);
      return;
    }
    const { settings, key } = ready;
    const imageProblem = this.imageProblem(turn, settings);
    if (imageProblem) {
      // Said before any request: the server would refuse the images, or the limits say no.
      this.addEndedTurn(turn, { status: 'error', error: { kind: 'config', message: imageProblem, actions: ['openSettings'] } });
      return;
    }
    const { messages, omittedTurns } = this.conversation.requestMessages(turn, settings.systemPrompt, undefined, { images: modelEntry(settings.model).vision });
    if (omittedTurns > 0) {
      const note =
        omittedTurns === 1
          ? this.tr("1 earlier turn was left out to fit the model's context.")
          : this.tr("{0} earlier turns were left out to fit the model's context.", omittedTurns);
      turn.note = turn.note ? `${turn.note} ${note}` : note;
    }
    if (!this.meta.title) this.meta.title = titleFrom(question);
    this.conversation.add(turn);
    this.hooks.post({ type: 'turnStart', turn: structuredClone(turn), title: this.meta.title });
    await this.run(turn, settings, key, messages);
  }

  /** Why the turn's images cannot be sent to this model with these settings, or undefined. */
  private imageProblem(turn: TurnView, settings: Settings): string | undefined {
    const images = turn.images ?? [];
    if (images.length === 0) return undefined;
    if (!modelEntry(settings.model).vision) {
      return this.tr('The model "{0}" does not take images. Remove the images, or pick a model that reads them (such as {1}) with "DeepSeek: Select Model".', settings.model, DEFAULT_MODEL);
    }
    if (images.length > settings.maxImages) return this.tr('{0} images are attached; at most {1} go with one question (setting "deepseek.maxImagesPerQuestion").', images.length, settings.maxImages);
    const large = images.find((i) => i.bytes > settings.maxImageBytes);
    if (large) return this.tr('The image {0} is larger than {1} KB (setting "deepseek.maxImageSizeKB").', large.name, Math.round(settings.maxImageBytes / 1024));
    return undefined;
  }

  /** Edit-and-resend: the last turn goes; without new attachments the edited question's are kept. */
  private replaceLastTurn(turnId: string, options: AskOptions): AskOptions {
    const replaced = this.conversation.get(turnId);
    if (!options.attachments && replaced?.context !== undefined) {
      options = { ...options, attachments: { context: replaced.context, attachments: replaced.attachments ?? [] }, note: options.note ?? replaced.note };
    }
    if (!options.images && replaced?.images?.length) options = { ...options, images: replaced.images };
    this.removeLastTurn(turnId);
    return options;
  }

  /** A question that cannot be sent (bad settings, no key) ends at once with the reason. */
  private refuse(turn: TurnView, ready: Exclude<Readiness, { ok: true }>): void {
    if (ready.problem === 'settings') {
      this.addEndedTurn(turn, { status: 'error', error: configError(ready.message) });
      return;
    }
    this.addEndedTurn(turn, { status: 'error', error: { kind: 'auth', message: ready.message, actions: ['setApiKey'] } });
    this.services.offerToSetKey();
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
    const settingsResult = this.services.settings();
    if (!settingsResult.ok) return;
    const settings = settingsResult.settings;
    const key = (await this.services.apiKey(settings.baseUrl)) ?? '';
    // A question asked (or Continue pressed again) while the key was read wins.
    if (generation !== this.generation || this.running || !this.canContinue(turn)) return;
    const { messages } = this.conversation.requestMessages(turn, settings.systemPrompt, undefined, { images: modelEntry(settings.model).vision });
    const continuation = continuationFor(settings.baseUrl, turn.answer);
    Object.assign(turn, { status: 'streaming', error: undefined, finishReason: undefined, endedAt: undefined });
    this.hooks.post(this.syncMessage());
    await this.run(turn, { ...settings, baseUrl: continuation.baseUrl }, key, [...messages, ...continuation.messages]);
  }

  private async run(turn: TurnView, settings: Settings, key: string, messages: ChatMessage[]): Promise<void> {
    const cancellation = this.hooks.createCancellation();
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

  private async stream(turn: TurnView, settings: Settings, apiKey: string, messages: ChatMessage[], token: CancellationTokenLike): Promise<void> {
    const abort = new AbortController();
    const onCancel = token.onCancellationRequested(() => abort.abort());
    // A continuation adds its tokens and cost to the answer's.
    const run: RunTotals = { usageBefore: turn.usage, costBefore: turn.cost, sentAt: new Date(), usage: undefined };
    try {
      const events = streamChat(clientConfigFor(settings, apiKey, this.services.logRequest), chatRequestFor(settings, messages), {
        signal: abort.signal,
        onRetry: (info) => this.showRetry(turn, info, settings.maxRetries),
        onRateLimitWait: (info) => this.showRateLimitWait(turn, info),
      });
      let tooLarge = false;
      for await (const event of events) {
        this.apply(turn, event, run);
        if (event.type !== 'content' && event.type !== 'reasoning') continue;
        this.hooks.onTextReceived?.();
        if (turn.answer.length + turn.reasoning.length > this.maxAnswerChars) {
          tooLarge = true;
          abort.abort();
          break;
        }
      }
      this.account(turn, run);
      this.endTurn(turn, tooLarge ? this.tooLargeEnd() : { status: 'done' });
    } catch (err) {
      this.account(turn, run);
      const stopped = token.isCancellationRequested || (err instanceof DeepSeekError && err.kind === 'aborted');
      if (stopped) this.endTurn(turn, { status: 'stopped' });
      else this.endTurn(turn, { status: 'error', error: await this.errorFor(err, settings, apiKey) });
    } finally {
      onCancel.dispose();
    }
  }

  /** Adds one stream event to the turn (and the panel's deltas). */
  private apply(turn: TurnView, event: StreamEvent, run: RunTotals): void {
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
        run.usage = event.usage;
        turn.usage = sumUsage(run.usageBefore, event.usage);
        break;
      case 'finish':
        turn.finishReason = event.reason;
        break;
    }
  }

  /** The turn's error; when the server does not serve the model, with the models it lists. */
  private async errorFor(err: unknown, settings: Settings, apiKey: string): Promise<TurnError> {
    const error = toTurnError(err, this.tr);
    if (!(err instanceof DeepSeekError) || !err.modelNotFound) return error;
    return offerServerModels(error, settings.model, () => listModels(clientConfigFor(settings, apiKey, this.services.logRequest)), this.tr);
  }

  private tooLargeEnd(): Pick<TurnView, 'status' | 'error'> {
    const mb = (this.maxAnswerChars / 1_000_000).toFixed(1);
    return {
      status: 'error',
      error: { kind: 'too_large', message: this.tr('The answer passed {0} million characters and was stopped to keep VS Code responsive. The text received is kept.', mb), actions: [] },
    };
  }

  private showRetry(turn: TurnView, info: RetryInfo, maxRetries: number): void {
    const seconds = Math.max(1, Math.round(info.delayMs / 1000));
    turn.retryNote = `${info.error.message} ${this.tr('Retrying in {0} s (attempt {1} of {2})…', seconds, info.attempt, maxRetries)}`;
    this.hooks.post({ type: 'turnInfo', turn: turn.id, retryNote: turn.retryNote });
  }

  private showRateLimitWait(turn: TurnView, info: { perSecond: number; waiting: boolean }): void {
    if (!info.waiting) {
      this.clearRetryNote(turn);
      return;
    }
    turn.retryNote = this.tr('Waiting for the request limit ({0}/s)…', info.perSecond);
    this.hooks.post({ type: 'turnInfo', turn: turn.id, retryNote: turn.retryNote });
  }

  /** Prices this run's usage, adds it to the answer and the session totals (before the turn ends). */
  private account(turn: TurnView, run: RunTotals): void {
    const { usage, costBefore, sentAt } = run;
    if (!usage) return;
    const cost = turn.model ? this.hooks.costOf?.(usage, turn.model, sentAt) : undefined;
    if (cost) turn.cost = costBefore && costBefore.currency === cost.currency ? { amount: costBefore.amount + cost.amount, currency: cost.currency } : cost;
    this.session = addUsage(this.session, usage, cost);
  }

  private clearRetryNote(turn: TurnView): void {
    turn.retryNote = undefined;
    this.hooks.post({ type: 'turnInfo', turn: turn.id });
  }

  private endTurn(turn: TurnView, end: Pick<TurnView, 'status' | 'error'>): void {
    this.coalescer.flush();
    turn.status = end.status;
    turn.error = end.error;
    turn.retryNote = undefined;
    turn.endedAt = Date.now();
    if (turn.reasoning && turn.reasoningEndedAt === undefined) turn.reasoningEndedAt = turn.endedAt;
    this.hooks.post({
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
    this.hooks.post({ type: 'turnStart', turn: structuredClone(turn), title: this.meta.title });
    this.endTurn(turn, end);
    this.changed();
  }

  private changed(): void {
    this.hooks.onDidChangeState?.();
  }

  dispose(): void {
    this.stop();
    this.coalescer.dispose();
  }
}

function newTurn(question: string, options: AskOptions, model: string | undefined): TurnView {
  return {
    id: newTurnId(),
    question,
    answer: '',
    reasoning: '',
    status: 'streaming',
    startedAt: Date.now(),
    note: options.note,
    model,
    ...(options.attachments ? { context: options.attachments.context, attachments: options.attachments.attachments } : {}),
    ...(options.images?.length ? { images: options.images } : {}),
  };
}

/** What the panel may send: whether the model takes images, and the limits. */
function imageInputFor(settings: Settings): ImageInput {
  return { vision: modelEntry(settings.model).vision, maxBytes: settings.maxImageBytes, maxCount: settings.maxImages };
}
