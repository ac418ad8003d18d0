// One turn of the conversation on screen: note, question, live reasoning, streamed answer, status,
// error box with its actions, and the usage line. Keeps its TurnView up to date for persistence.

import type { PanelStringKey } from '../shared/panelStrings.js';
import type { ErrorAction, HostMessage, TurnView, WebviewMessage } from '../shared/protocol.js';
import { button, h, setText } from './dom.js';
import { usageParts } from './format.js';
import { afterFrame, cancelFrame, scheduleFrame } from './frame.js';
import { ReasoningBlock } from './reasoningBlock.js';
import { PACE_AFTER_CHARS, PREPARE_SLICE_MS, RenderPacer } from './renderPacer.js';
import { StreamRenderer } from './streamRenderer.js';
import { t } from './i18n.js';
import { thumbnail } from './imageTray.js';

export type TurnEndMessage = Extract<HostMessage, { type: 'turnEnd' }>;

export interface TurnElementHost {
  post(message: WebviewMessage): void;
  /** The turn's content changed size or state (for persistence). */
  changed(): void;
  /** Edit-and-resend: put the question in the input; sending replaces this turn. */
  edit(turn: string, question: string): void;
}

const ACTION_LABELS: Record<ErrorAction, PanelStringKey> = {
  retry: 'action.retry',
  continue: 'action.continue',
  setApiKey: 'action.setApiKey',
  openSettings: 'action.openSettings',
};

const SIMPLE_FIELDS = [
  'id', 'question', 'answer', 'reasoning', 'status', 'model', 'finishReason', 'startedAt', 'reasoningEndedAt', 'endedAt', 'note',
  'canContinue',
] as const satisfies readonly (keyof TurnView)[];

const FINISH_NOTES: Partial<Record<string, PanelStringKey>> = {
  length: 'finish.length',
  content_filter: 'finish.contentFilter',
};

export class TurnElement {
  readonly el: HTMLElement;
  /** The turn as shown, kept current (answer and reasoning grow with every delta). */
  readonly view: TurnView;
  /** Seq of the last applied delta; undefined when unknown (the next delta is taken as it comes). */
  lastSeq: number | undefined;
  /** A seq gap was seen: deltas are ignored until a sync replaces this turn. */
  stale = false;
  /** showTextFirst() ran: the end is due after the next paint. */
  ending = false;

  private readonly noteEl: HTMLElement;
  private readonly questionEl: HTMLElement;
  private readonly responseEl: HTMLElement;
  private readonly retryNoteEl: HTMLElement;
  private readonly waitingEl: HTMLElement;
  private readonly answerEl: HTMLElement;
  private readonly footerEl: HTMLElement;
  private readonly answer: StreamRenderer;
  private reasoning: ReasoningBlock | undefined;
  private contentStartedAt: number | undefined;
  private readonly frameTask = () => this.renderFrame();
  private readonly pacer = new RenderPacer();
  /** A render held back by the pacer (see renderPacer.ts). */
  private pacedTimer: ReturnType<typeof setTimeout> | undefined;
  /** Script time (ms) of the prepare() that ran before the next frame; part of that frame's cost. */
  private preparedMs = 0;

  constructor(
    view: TurnView,
    private readonly host: TurnElementHost,
  ) {
    this.view = { ...view };
    this.lastSeq = view.seq;
    this.noteEl = h('div', { class: 'turn-note', hidden: true });
    this.questionEl = h('div', { class: 'markdown question-body' });
    this.retryNoteEl = h('div', { class: 'retry-note', hidden: true });
    this.waitingEl = h('div', { class: 'waiting', hidden: true }, h('span', { class: 'waiting-dots', attrs: { 'aria-hidden': 'true' } }), t('turn.waiting'));
    this.answerEl = h('div', { class: 'markdown answer-body' });
    this.footerEl = h('div', { class: 'turn-footer' });
    this.responseEl = h(
      'section',
      { class: 'message response', attrs: { 'aria-label': t('turn.answer') } },
      h('div', { class: 'message-role', text: 'DeepSeek' }),
      this.retryNoteEl,
      this.waitingEl,
      this.answerEl,
      this.footerEl,
    );
    this.el = h(
      'article',
      { class: 'turn' },
      this.noteEl,
      h(
        'section',
        { class: 'message question', attrs: { 'aria-label': t('turn.question') } },
        h('div', { class: 'message-role', text: t('turn.you') }),
        this.questionEl,
        questionImages(view),
      ),
      this.responseEl,
    );
    this.el.dataset.turnId = view.id;
    this.answer = new StreamRenderer(this.answerEl);

    this.renderNote();
    new StreamRenderer(this.questionEl).renderComplete(view.question);
    if (view.reasoning.trim()) this.ensureReasoning(view.reasoning, view.status === 'streaming' && !view.answer);
    if (view.status === 'streaming') {
      this.responseEl.setAttribute('aria-busy', 'true');
      if (view.answer) {
        this.contentStartedAt = view.reasoningEndedAt ?? Date.now();
        this.answer.restart(view.answer);
        scheduleFrame(this.frameTask);
      }
      this.updateReasoningLabel();
      this.renderRetryNote();
      this.updateWaiting();
    } else {
      // `ended` switches on the CSS that depends on which block is last (see webview.css).
      this.responseEl.classList.add('ended');
      this.answer.renderComplete(view.answer);
      this.updateReasoningLabel();
      this.renderFooter();
    }
  }

  get id(): string {
    return this.view.id;
  }

  get isStreaming(): boolean {
    return this.view.status === 'streaming';
  }

  /** Text of a delta (already checked for order). */
  applyDelta(content: string | undefined, reasoning: string | undefined): void {
    if (!this.isStreaming) return;
    if (reasoning) {
      this.view.reasoning += reasoning;
      if (this.reasoning) this.reasoning.append(reasoning);
      else if (this.view.reasoning.trim()) this.ensureReasoning(this.view.reasoning, true);
    }
    if (content) {
      if (!this.view.answer) this.contentStartedAt = Date.now();
      this.view.answer += content;
      this.answer.append(content);
    }
    this.scheduleRender();
  }

  /** The next frame renders, unless the last renders were expensive (then a little later, see RenderPacer). */
  private scheduleRender(): void {
    if (this.pacedTimer !== undefined) return;
    if (!this.pacer.pacing) {
      scheduleFrame(this.frameTask);
      return;
    }
    this.prepareInTasks(this.pacer.delay(performance.now()));
  }

  /**
   * Lexing, highlighting and sanitizing run in tasks of their own (a slice of at most about
   * PREPARE_SLICE_MS each), starting after `delay` ms; the frame after them only swaps nodes in.
   */
  private prepareInTasks(delay: number): void {
    if (this.pacedTimer !== undefined) return;
    const prepare = () => {
      const start = performance.now();
      const done = this.answer.prepare(start + PREPARE_SLICE_MS);
      this.preparedMs += performance.now() - start;
      if (done) {
        this.pacedTimer = undefined;
        scheduleFrame(this.frameTask);
      } else this.pacedTimer = setTimeout(prepare, 0);
    };
    this.pacedTimer = setTimeout(prepare, delay);
  }

  private cancelRender(): void {
    cancelFrame(this.frameTask);
    if (this.pacedTimer !== undefined) clearTimeout(this.pacedTimer);
    this.pacedTimer = undefined;
  }

  setRetryNote(note: string | undefined): void {
    this.view.retryNote = note;
    this.renderRetryNote();
  }

  /**
   * The turn is about to end: for a long answer (whose end render is expensive) shows all the text
   * received now, as while streaming, and returns true; end() is then due after the next paint.
   */
  showTextFirst(): boolean {
    if (this.view.answer.length < PACE_AFTER_CHARS) return false;
    this.cancelRender();
    this.answer.showAll();
    this.ending = true;
    return true;
  }

  /** The turn ended: final text, status, error, usage. */
  end(message: TurnEndMessage): void {
    this.ending = false;
    this.cancelRender();
    const v = this.view;
    v.status = message.status;
    v.finishReason = message.finishReason;
    v.usage = message.usage;
    v.cost = message.cost;
    v.error = message.error;
    v.endedAt = message.endedAt;
    v.reasoningEndedAt = message.reasoningEndedAt ?? v.reasoningEndedAt;
    v.retryNote = undefined;
    v.canContinue = message.canContinue;
    this.reasoning?.render();
    this.answer.finish();
    this.responseEl.removeAttribute('aria-busy');
    this.responseEl.classList.add('ended');
    this.renderRetryNote();
    this.updateWaiting();
    this.updateReasoningLabel();
    this.renderFooter();
  }

  /** Can a sync's snapshot of this turn be applied by appending (rather than rebuilding)? */
  canContinueWith(next: TurnView): boolean {
    const v = this.view;
    return (
      next.id === v.id &&
      this.isStreaming &&
      !this.stale &&
      next.question === v.question &&
      next.note === v.note &&
      next.answer.startsWith(v.answer) &&
      next.reasoning.startsWith(v.reasoning)
    );
  }

  /** Is this finished turn already showing exactly `next`? */
  shows(next: TurnView): boolean {
    if (this.isStreaming || this.stale || next.status === 'streaming') return false;
    const v = this.view;
    return (
      SIMPLE_FIELDS.every((key) => v[key] === next[key]) &&
      JSON.stringify(v.usage ?? null) === JSON.stringify(next.usage ?? null) &&
      JSON.stringify(v.cost ?? null) === JSON.stringify(next.cost ?? null) &&
      JSON.stringify(v.error ?? null) === JSON.stringify(next.error ?? null)
    );
  }

  /**
   * A finished turn whose text is unchanged but whose details differ (e.g. Continue is no longer
   * offered once a later question exists): update the footer in place instead of rebuilding.
   */
  refresh(next: TurnView): boolean {
    const v = this.view;
    if (this.isStreaming || this.stale || next.status === 'streaming' || next.id !== v.id) return false;
    if (next.status !== v.status || next.question !== v.question || next.note !== v.note || next.answer !== v.answer || next.reasoning !== v.reasoning) {
      return false;
    }
    Object.assign(this.view, { ...next });
    this.lastSeq = next.seq;
    this.updateReasoningLabel();
    this.renderFooter();
    return true;
  }

  /** Applies a sync's snapshot of a streaming turn: the missing text, then its end if it ended. */
  continueWith(next: TurnView): void {
    this.applyDelta(next.answer.slice(this.view.answer.length) || undefined, next.reasoning.slice(this.view.reasoning.length) || undefined);
    this.lastSeq = next.seq;
    this.view.startedAt = next.startedAt;
    this.view.model = next.model ?? this.view.model;
    this.setRetryNote(next.retryNote);
    if (next.status !== 'streaming') {
      this.end({
        type: 'turnEnd',
        turn: next.id,
        seq: next.seq ?? 0,
        status: next.status,
        finishReason: next.finishReason,
        usage: next.usage,
        cost: next.cost,
        error: next.error,
        reasoningEndedAt: next.reasoningEndedAt,
        endedAt: next.endedAt ?? Date.now(),
        canContinue: next.canContinue,
      });
    }
  }

  dispose(): void {
    this.cancelRender();
    this.reasoning?.dispose();
  }

  private renderFrame(): void {
    this.reasoning?.render();
    if (this.view.answer && this.contentStartedAt !== undefined && this.reasoning?.el.open) {
      this.reasoning.collapse();
    }
    const start = performance.now();
    if (this.pacer.pacing) {
      // Paced: the frame shows what the tasks before it prepared; text that came since waits for the
      // next paced render (scheduled once this frame's cost is known, below).
      if (!this.answer.canCommit) return; // the tasks are still sealing; they schedule the frame
      this.answer.commit();
    } else if (!this.answer.prepare(start + PREPARE_SLICE_MS)) {
      // A burst of text can seal many blocks at once (highlighting each): past one slice, the rest is
      // prepared in tasks of their own and a later frame shows it all, so the screen stays consistent.
      this.preparedMs += performance.now() - start;
      this.prepareInTasks(0);
      return;
    } else this.answer.commit();
    // The frame's whole cost (style, layout and paint included) is known once it is painted; a
    // prepare() that ran before the frame counts as part of it.
    const chars = this.view.answer.length;
    const preparedMs = this.preparedMs;
    this.preparedMs = 0;
    afterFrame(() => {
      this.pacer.record(start - preparedMs, performance.now(), chars);
      if (this.answer.hasUnpreparedText && this.isStreaming) this.scheduleRender();
    });
    this.updateWaiting();
    this.updateReasoningLabel();
    this.host.changed();
  }

  private ensureReasoning(text: string, open: boolean): void {
    if (this.reasoning) return;
    this.reasoning = new ReasoningBlock(text, open);
    this.responseEl.insertBefore(this.reasoning.el, this.answerEl);
  }

  private updateReasoningLabel(): void {
    const r = this.reasoning;
    if (!r) return;
    const v = this.view;
    const stillThinking = v.status === 'streaming' && !v.answer;
    if (stillThinking) {
      r.startTicking(v.startedAt);
    } else {
      const end = v.reasoningEndedAt ?? this.contentStartedAt ?? v.endedAt ?? Date.now();
      r.done(end - v.startedAt);
    }
  }

  private updateWaiting(): void {
    const waiting = this.isStreaming && !this.view.answer && !this.reasoning;
    if (this.waitingEl.hidden === waiting) this.waitingEl.hidden = !waiting;
  }

  private renderNote(): void {
    const note = this.view.note;
    this.noteEl.hidden = !note;
    setText(this.noteEl, note ?? '');
  }

  private renderRetryNote(): void {
    const note = this.isStreaming ? this.view.retryNote : undefined;
    this.retryNoteEl.hidden = !note;
    setText(this.retryNoteEl, note ?? '');
  }

  private renderFooter(): void {
    const v = this.view;
    const parts: Node[] = [];
    if (v.status === 'stopped') parts.push(h('div', { class: 'status-mark status-stopped', text: t('turn.stopped') }));
    if (v.status === 'interrupted') parts.push(h('div', { class: 'status-mark status-interrupted', text: t('turn.interrupted') }));
    const finishKey = v.finishReason ? FINISH_NOTES[v.finishReason] : undefined;
    const finishNote = finishKey ? t(finishKey) : undefined;
    if (finishNote && v.status === 'done') parts.push(h('div', { class: 'status-mark status-cut', text: finishNote }));
    if (v.status === 'error' && v.error) parts.push(this.errorBox());
    else if (v.canContinue) parts.push(h('div', { class: 'turn-actions' }, this.actionButton('continue')));
    // Regenerate / Edit: CSS shows them on the last turn only (no per-turn bookkeeping when a turn is added).
    if (v.status !== 'streaming' && v.status !== 'error') {
      parts.push(
        h(
          'div',
          { class: 'turn-last-actions' },
          button(t('turn.regenerate'), 'secondary', () => this.host.post({ type: 'retry', turn: this.view.id })),
          button(t('turn.editQuestion'), 'secondary', () => this.host.edit(this.view.id, this.view.question)),
        ),
      );
    }
    const usage = usageParts(v.usage, v.model, v.cost);
    if (usage.length && (v.usage || v.status === 'done')) {
      parts.push(h('div', { class: 'usage', attrs: { 'aria-label': t('turn.usage', usage.join(', ')) } }, ...joinParts(usage)));
    }
    this.footerEl.replaceChildren(...parts);
  }

  private errorBox(): HTMLElement {
    const error = this.view.error!;
    const details = [error.status !== undefined ? t('turn.httpStatus', error.status) : '', error.requestId ? t('turn.requestId', error.requestId) : '']
      .filter(Boolean)
      .join(' · ');
    const wanted = [...error.actions];
    if (this.view.canContinue && !wanted.includes('continue')) wanted.push('continue');
    const actions = wanted.map((action) => this.actionButton(action));
    return h(
      'div',
      { class: 'error-box' },
      h('div', { class: 'error-title', text: t('turn.error') }),
      h('div', { class: 'error-message', text: error.message }),
      details ? h('div', { class: 'error-detail', text: details }) : null,
      this.modelChoices(error.models),
      actions.length ? h('div', { class: 'error-actions' }, ...actions) : null,
    );
  }

  /** The models the server lists, after "model does not exist": one click switches and asks again. */
  private modelChoices(models: string[] | undefined): HTMLElement | null {
    if (!models?.length) return null;
    const turn = this.view.id;
    const buttons = models.map((model) => button(t('action.useModel', model), 'secondary', () => this.host.post({ type: 'switchModel', turn, model })));
    return h('div', { class: 'error-models', attrs: { role: 'group', 'aria-label': t('turn.serverModels') } }, h('div', { class: 'error-detail', text: t('turn.serverModels') }), ...buttons);
  }

  private actionButton(action: ErrorAction): HTMLButtonElement {
    const primary = action === 'retry' || action === 'continue';
    return button(t(ACTION_LABELS[action]), primary ? 'primary' : 'secondary', () => this.runAction(action));
  }

  private runAction(action: ErrorAction): void {
    if (action === 'retry' || action === 'continue') this.host.post({ type: action, turn: this.view.id });
    else this.host.post({ type: 'command', command: action });
  }
}

/** The images sent with the question, as thumbnails (saved with the conversation, so shown in history). */
function questionImages(view: TurnView): HTMLElement | null {
  if (!view.images?.length) return null;
  return h('div', { class: 'question-images' }, ...view.images.map((image) => thumbnail(image, 'question-image')));
}

function joinParts(parts: string[]): Node[] {
  const nodes: Node[] = [];
  parts.forEach((part, i) => {
    if (i > 0) nodes.push(h('span', { class: 'usage-sep', text: '·', attrs: { 'aria-hidden': 'true' } }));
    nodes.push(h('span', { class: i === 0 ? 'usage-model' : 'usage-item', text: part }));
  });
  return nodes;
}
