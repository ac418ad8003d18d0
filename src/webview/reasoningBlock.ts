// The collapsible "Thinking…" block: open while reasoning streams (with a ticking elapsed time),
// collapsed when the answer starts unless the reader toggled it, then "Thought for 12 s".

import { h, setText } from './dom.js';
import { formatSeconds } from './format.js';
import { t } from './i18n.js';

export class ReasoningBlock {
  readonly el: HTMLDetailsElement;
  private readonly label: HTMLElement;
  private readonly text: Text;
  private pending = '';
  private userToggled = false;
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(initialText: string, open: boolean) {
    this.label = h('span', { class: 'reasoning-label' });
    const summary = h('summary', {}, this.label);
    // A click (or Enter/Space, which click) on the summary is the reader's choice; keep it.
    summary.addEventListener('click', () => {
      this.userToggled = true;
    });
    this.text = document.createTextNode(initialText);
    this.el = h('details', { class: 'reasoning' }, summary, h('div', { class: 'reasoning-body' }, this.text));
    this.el.open = open;
  }

  append(text: string): void {
    this.pending += text;
  }

  /** Applies buffered text (called from the frame callback). */
  render(): void {
    if (!this.pending) return;
    this.text.appendData(this.pending);
    this.pending = '';
  }

  /** "Thinking… N s", ticking every second from `startedAt`. */
  startTicking(startedAt: number): void {
    const update = () => setText(this.label, t('reasoning.thinking', formatSeconds(Date.now() - startedAt)));
    update();
    if (this.ticker === undefined) this.ticker = setInterval(update, 1000);
  }

  /** Reasoning is over: "Thought for N s". */
  done(elapsedMs: number): void {
    this.stopTicking();
    setText(this.label, t('reasoning.thought', formatSeconds(elapsedMs)));
  }

  /** The answer began: fold the reasoning away unless the reader opened or closed it themselves. */
  collapse(): void {
    if (!this.userToggled) this.el.open = false;
  }

  dispose(): void {
    this.stopTicking();
  }

  private stopTicking(): void {
    if (this.ticker !== undefined) clearInterval(this.ticker);
    this.ticker = undefined;
  }
}
