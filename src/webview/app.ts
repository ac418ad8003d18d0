// The panel: builds the layout, applies host messages to the turns, checks delta order (asking for a
// resync on a gap), keeps the composer and scrolling in step, and persists the state.

import { applyTarget, type HostMessage, type ImageInput, type PanelState, type TurnView, type WebviewMessage } from '../shared/protocol.js';
import type { PanelStringKey } from '../shared/panelStrings.js';
import { addUsage, emptyTotals, type UsageTotals } from '../shared/usageTotals.js';
import { Announcer } from './announcer.js';
import { Composer } from './composer.js';
import { installContentActions } from './contentActions.js';
import { h } from './dom.js';
import { afterNextPaint } from './frame.js';
import { Header } from './header.js';
import { PERSIST_INTERVAL_MS, StatePersister } from './persist.js';
import { ScrollFollower } from './scrollFollow.js';
import { TurnElement, type TurnEndMessage } from './turnElement.js';
import type { HostBridge } from './vscodeApi.js';
import { t } from './i18n.js';

/** A second resync request is sent only after this long without a sync. */
const RESYNC_RETRY_MS = 1000;

const END_ANNOUNCEMENTS: Record<TurnEndMessage['status'], PanelStringKey> = {
  done: 'announce.done',
  stopped: 'announce.stopped',
  interrupted: 'announce.interrupted',
  error: 'announce.error',
};

export class App {
  private turns: TurnElement[] = [];
  private readonly byId = new Map<string, TurnElement>();
  private hasApiKey = true;
  private keyNeeded = false;
  private model = '';
  private imageInput: ImageInput | undefined;
  private title = '';
  private session: UsageTotals | undefined;
  private lastResyncRequest = -Infinity;

  private readonly transcript: HTMLElement;
  private readonly messages: HTMLElement;
  private readonly welcome: HTMLElement;
  private readonly header: Header;
  private readonly composer: Composer;
  private readonly follower: ScrollFollower;
  private readonly announcer = new Announcer();
  private readonly persister: StatePersister;
  private readonly turnHost = {
    post: (message: WebviewMessage) => this.post(message),
    changed: () => this.persister.markDirty(),
    edit: (turn: string, question: string) => this.composer.startEdit(turn, question),
  };

  constructor(
    root: HTMLElement,
    private readonly bridge: HostBridge,
  ) {
    this.welcome = h(
      'div',
      { class: 'welcome' },
      h('p', { class: 'welcome-title', text: t('welcome.title') }),
      h('p', { text: t('welcome.howTo') }),
      withStrong(t('welcome.selection'), t('welcome.explainSelection')),
    );
    this.messages = h('div', { class: 'messages' });
    this.transcript = h(
      'main',
      {
        class: 'transcript',
        attrs: { role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', 'aria-label': t('conversation.label'), tabindex: '0' },
      },
      this.welcome,
      this.messages,
    );
    this.header = new Header((message) => this.post(message));
    this.composer = new Composer(
      (message) => this.post(message),
      () => this.follower.jumpToBottom(),
      () => this.persister.markDirty(),
    );
    root.replaceChildren(this.header.el, this.transcript, this.composer.el, this.announcer.el);
    this.follower = new ScrollFollower(this.transcript, this.messages);
    installContentActions(this.transcript, (message) => this.post(message));
    this.persister = new StatePersister(
      (state) => this.bridge.setState(state),
      () => this.snapshot(),
    );
    this.composer.setSettings(this.keyNeeded, this.model);
  }

  /** The state as shown, for vscode.setState. */
  snapshot(): PanelState {
    return { title: this.title, turns: this.turns.map((t) => t.view), hasApiKey: this.hasApiKey, keyNeeded: this.keyNeeded, model: this.model, ...(this.session ? { session: this.session } : {}), ...(this.imageInput ? { imageInput: this.imageInput } : {}), ...(this.composer.draft ? { draft: this.composer.draft } : {}) };
  }

  /** Paints a saved state at once (before the host's sync arrives). */
  restore(state: PanelState): void {
    this.applyState(state);
  }

  handle(message: HostMessage): void {
    switch (message.type) {
      case 'sync':
        this.lastResyncRequest = -Infinity;
        this.applyState(message.state);
        this.persister.flush();
        return;
      case 'turnStart':
        if (message.title !== undefined) {
          this.title = message.title;
          this.header.setTitle(message.title);
        }
        this.turnStart(message.turn);
        return;
      case 'delta':
        this.delta(message);
        return;
      case 'turnInfo':
        this.byId.get(message.turn)?.setRetryNote(message.retryNote);
        return;
      case 'turnEnd':
        this.turnEnd(message);
        return;
      case 'settings':
        this.hasApiKey = message.hasApiKey;
        this.keyNeeded = message.keyNeeded;
        this.model = message.model;
        this.imageInput = message.imageInput;
        this.composer.setSettings(message.keyNeeded, message.model, message.imageInput);
        this.header.setModel(message.model);
        this.persister.markDirty();
        return;
      case 'focusInput':
        this.composer.focus(message.text);
        return;
      case 'context':
        this.composer.setContext(message);
        return;
      case 'pickFileDone':
        this.composer.pickFileDone(message.picked);
        return;
    }
  }

  /** A turn element; its code blocks offer Apply when its question had a selection or one file. */
  private newTurn(view: TurnView): TurnElement {
    const turn = new TurnElement(view, this.turnHost);
    turn.el.classList.toggle('can-apply', applyTarget(view) !== undefined);
    return turn;
  }

  private post(message: WebviewMessage): void {
    this.bridge.post(message);
  }

  private requestResync(): void {
    const now = Date.now();
    if (now - this.lastResyncRequest < RESYNC_RETRY_MS) return;
    this.lastResyncRequest = now;
    this.post({ type: 'resync' });
  }

  private applyState(state: PanelState): void {
    this.hasApiKey = state.hasApiKey;
    // A state saved before keyNeeded existed: the stored-key flag was the hint.
    this.keyNeeded = state.keyNeeded ?? !state.hasApiKey;
    this.model = state.model;
    this.title = state.title ?? '';
    this.header.setTitle(this.title);
    this.header.setModel(state.model);
    this.session = state.session;
    this.imageInput = state.imageInput;
    this.composer.setSettings(this.keyNeeded, state.model, state.imageInput);
    this.composer.restoreDraft(state.draft);
    const next: TurnElement[] = [];
    const keep = new Set<TurnElement>();
    for (const view of state.turns) {
      const existing = this.byId.get(view.id);
      if (existing && !keep.has(existing)) {
        if (existing.shows(view) || existing.refresh(view)) {
          existing.lastSeq = view.seq;
          keep.add(existing);
          next.push(existing);
          continue;
        }
        if (existing.canContinueWith(view)) {
          existing.continueWith(view);
          keep.add(existing);
          next.push(existing);
          continue;
        }
      }
      next.push(this.newTurn(view));
    }
    for (const old of this.turns) if (!keep.has(old)) old.dispose();
    this.setTurns(next);
  }

  private setTurns(next: TurnElement[]): void {
    this.turns = next;
    this.byId.clear();
    for (const t of next) this.byId.set(t.id, t);
    const current = Array.from(this.messages.children);
    if (current.length !== next.length || next.some((t, i) => current[i] !== t.el)) {
      this.messages.replaceChildren(...next.map((t) => t.el));
    }
    this.welcome.hidden = next.length > 0;
    this.updateStreaming();
    this.updateTotals();
  }

  private turnStart(view: TurnView): void {
    const existing = this.byId.get(view.id);
    const turn = this.newTurn({ ...view, seq: view.seq ?? 0 });
    if (existing) {
      existing.dispose();
      this.setTurns(this.turns.map((t) => (t === existing ? turn : t)));
    } else {
      this.setTurns([...this.turns, turn]);
    }
    this.follower.jumpToBottom();
    this.persister.markDirty();
  }

  private delta(message: Extract<HostMessage, { type: 'delta' }>): void {
    const turn = this.byId.get(message.turn);
    if (!turn) {
      this.requestResync();
      return;
    }
    if (turn.stale || !turn.isStreaming) return;
    if (turn.lastSeq !== undefined) {
      if (message.seq <= turn.lastSeq) return; // already applied
      if (message.seq !== turn.lastSeq + 1) {
        turn.stale = true;
        this.requestResync();
        return;
      }
    }
    turn.lastSeq = message.seq;
    turn.view.seq = message.seq;
    turn.applyDelta(message.content, message.reasoning);
  }

  private turnEnd(message: TurnEndMessage): void {
    const turn = this.byId.get(message.turn);
    if (!turn) {
      this.requestResync();
      return;
    }
    if (!turn.isStreaming || turn.ending) return;
    if (!turn.stale && turn.lastSeq !== undefined && message.seq !== turn.lastSeq) {
      // Text went missing: end it now (the Stop button must go) and ask for the full text.
      turn.stale = true;
      this.requestResync();
    } else if (turn.showTextFirst()) {
      // A long answer's last words are painted first, in a frame of their own; the end render (the
      // whole answer once more, highlighting, footer, composer) follows in the task after that paint.
      afterNextPaint(() => {
        if (this.byId.get(turn.id) === turn && turn.isStreaming) this.endTurn(turn, message);
      });
      return;
    }
    this.endTurn(turn, message);
  }

  private endTurn(turn: TurnElement, message: TurnEndMessage): void {
    turn.end(message);
    if (message.session) this.session = message.session;
    this.updateStreaming();
    this.updateTotals();
    const text = t(END_ANNOUNCEMENTS[message.status]);
    this.announcer.announce(message.status === 'error' && message.error ? `${text} ${message.error.message}` : text);
    // The final text is painted first, and the save waits for an idle moment after it: saving the whole
    // state (a structured clone of every answer, posted to the workbench) took 8 ms at 200 KB, in the
    // thread the workbench shares. Within a second, as while streaming.
    afterNextPaint(() => requestIdleCallback(() => this.persister.flush(), { timeout: PERSIST_INTERVAL_MS }));
  }

  /** Is an answer streaming? */
  get isStreaming(): boolean {
    return this.turns.some((t) => t.isStreaming);
  }

  /** This conversation's totals (from its answers) and the session's (from the host). */
  private updateTotals(): void {
    let totals = emptyTotals();
    for (const turn of this.turns) if (turn.view.status !== 'streaming') totals = addUsage(totals, turn.view.usage, turn.view.cost);
    this.header.setTotals(totals, this.session);
  }

  private updateStreaming(): void {
    this.composer.setStreaming(this.isStreaming);
  }
}

/** A paragraph with `{0}` in `text` shown as `strong` (word order differs between languages). */
function withStrong(text: string, strong: string): HTMLElement {
  const [before, after = ''] = text.split('{0}');
  return h('p', {}, before, h('strong', { text: strong }), after);
}
