// One visually hidden polite live region: a single announcement when an answer completes,
// instead of screen readers reading every streamed delta.

import { h } from './dom.js';

export class Announcer {
  readonly el = h('div', { class: 'visually-hidden', attrs: { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' } });
  private timer: ReturnType<typeof setTimeout> | undefined;

  announce(message: string): void {
    // Clear first so the same message twice is announced twice.
    this.el.textContent = '';
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.el.textContent = message;
    }, 50);
  }
}
