// Runs questions: builds the request, streams the answer through the client into the conversation,
// posts coalesced deltas to the view, and ends each turn honestly (done, stopped or error).
// No vscode import: cancellation comes through a token shaped like vscode.CancellationToken, so the
// same code runs in the extension host and in plain-Node tests against the test server.

import { DeepSeekError, streamChat } from '../deepseek';
import type { ClientConfig, LogEntry, RetryInfo } from '../deepseek/types';
import type { HostMessage, PanelState, TurnView } from '../shared/protocol';
import { Conversation, newTurnId } from './conversation';
import { DeltaCoalescer } from './deltaCoalescer';
import type { Settings, SettingsResult } from './settings';
import { configError, toTurnError } from './turnError';

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
  /** Fires after turn start/end and settings changes (not per delta). */
  onDidChangeState?(state: PanelState): void;
  frameMs?: number;
}

export interface AskOptions {
  /** Visible note shown with the question (e.g. the selection was cut). */
  note?: string;
}

interface Running {
  turn: TurnView;
  cancellation: CancellationSourceLike;
  done: Promise<void>;
}

export class ChatController {
  readonly conversation = new Conversation();
  private readonly coalescer: DeltaCoalescer;
  private running: Running | undefined;
  private hasApiKey = false;

  constructor(private readonly deps: ChatControllerDeps) {
    this.coalescer = new DeltaCoalescer((m) => deps.post(m), deps.frameMs);
  }

  get isStreaming(): boolean {
    return this.running !== undefined;
  }

  state(): PanelState {
    const settings = this.deps.settings();
    const turns = this.conversation.snapshot();
    for (const t of turns) t.seq = this.coalescer.seq(t.id);
    return { turns, hasApiKey: this.hasApiKey, model: settings.ok ? settings.settings.model : '' };
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
    this.stop();
    await this.whenIdle();
    this.conversation.clear();
    this.deps.post(this.syncMessage());
    this.changed();
  }

  restore(turns: readonly TurnView[]): void {
    this.conversation.restore(turns);
    this.changed();
  }

  /** Asks again: the failed or stopped last turn is replaced; an earlier turn's question is asked anew. */
  async retry(turnId: string): Promise<void> {
    const turn = this.conversation.get(turnId);
    if (!turn || turn.status === 'streaming') return;
    const all = this.conversation.all();
    if (all[all.length - 1] === turn) {
      this.conversation.remove(turn.id);
      this.coalescer.forget(turn.id);
      this.deps.post(this.syncMessage());
    }
    await this.ask(turn.question, { note: turn.note });
  }

  /**
   * Asks a question and streams the answer. Asking while an answer streams stops that one first.
   * Resolves when the answer ends (whatever the outcome); errors end up in the turn, not thrown.
   */
  async ask(question: string, options: AskOptions = {}): Promise<void> {
    if (!question.trim()) return;
    if (this.running) {
      this.stop();
      await this.whenIdle();
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
    };

    if (!settingsResult.ok) {
      this.addEndedTurn(turn, { status: 'error', error: configError(settingsResult.message) });
      return;
    }
    const settings = settingsResult.settings;
    // Servers on this machine (Ollama, LM Studio, the demo server) accept requests without a key.
    if (!key && !settings.isLoopback) {
      this.addEndedTurn(turn, {
        status: 'error',
        error: { kind: 'auth', message: 'No API key is set. Run "DeepSeek: Set API Key" to store one in the system keychain.', actions: ['setApiKey'] },
      });
      this.deps.onMissingKey();
      return;
    }

    const { messages, omittedTurns } = this.conversation.requestMessages(turn, settings.systemPrompt);
    if (omittedTurns > 0) {
      const note = `${omittedTurns} earlier ${omittedTurns === 1 ? 'turn was' : 'turns were'} left out to fit the model's context.`;
      turn.note = turn.note ? `${turn.note} ${note}` : note;
    }
    this.conversation.add(turn);
    const cancellation = this.deps.createCancellation();
    let finish: () => void = () => {};
    const done = new Promise<void>((resolve) => (finish = resolve));
    this.running = { turn, cancellation, done };
    this.deps.post({ type: 'turnStart', turn: structuredClone(turn) });
    this.changed();

    try {
      await this.stream(turn, settings, key, messages, cancellation.token);
    } finally {
      cancellation.dispose();
      this.running = undefined;
      finish();
      this.changed();
    }
  }

  private async stream(
    turn: TurnView,
    settings: Settings,
    apiKey: string,
    messages: ReturnType<Conversation['requestMessages']>['messages'],
    token: CancellationTokenLike,
  ): Promise<void> {
    const abort = new AbortController();
    const onCancel = token.onCancellationRequested(() => abort.abort());
    const config: ClientConfig = {
      baseUrl: settings.baseUrl,
      apiKey,
      maxRetries: settings.maxRetries,
      retryBaseDelayMs: 500,
      firstByteTimeoutMs: settings.firstTokenTimeoutMs,
      idleTimeoutMs: settings.idleTimeoutMs,
      log: this.deps.log,
    };
    const onRetry = (info: RetryInfo) => {
      const seconds = Math.max(1, Math.round(info.delayMs / 1000));
      turn.retryNote = `${info.error.message} Retrying in ${seconds} s (attempt ${info.attempt} of ${settings.maxRetries})…`;
      this.deps.post({ type: 'turnInfo', turn: turn.id, retryNote: turn.retryNote });
    };
    try {
      const events = streamChat(
        config,
        {
          model: settings.model,
          messages,
          ...(settings.temperature !== undefined ? { temperature: settings.temperature } : {}),
          ...(settings.maxTokens !== undefined ? { max_tokens: settings.maxTokens } : {}),
        },
        { signal: abort.signal, onRetry },
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
            turn.usage = event.usage;
            break;
          case 'finish':
            turn.finishReason = event.reason;
            break;
        }
      }
      this.endTurn(turn, { status: 'done' });
    } catch (err) {
      if (token.isCancellationRequested || (err instanceof DeepSeekError && err.kind === 'aborted')) {
        this.endTurn(turn, { status: 'stopped' });
      } else {
        this.endTurn(turn, { status: 'error', error: toTurnError(err) });
      }
    } finally {
      onCancel.dispose();
    }
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
      error: turn.error,
      reasoningEndedAt: turn.reasoningEndedAt,
      endedAt: turn.endedAt,
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
    this.deps.onDidChangeState?.(this.state());
  }

  dispose(): void {
    this.stop();
    this.coalescer.dispose();
  }
}
