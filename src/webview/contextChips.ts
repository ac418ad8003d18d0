// Chips above the input: the files and selections that go with the next question (name and
// estimated tokens, removable), refused files with the reason, the active editor offered as a
// one-click suggestion, and the total against the context budget.

import type { ContextChip, HostMessage, WebviewMessage } from '../shared/protocol.js';
import { button, h } from './dom.js';
import { t } from './i18n.js';

type ContextMessage = Extract<HostMessage, { type: 'context' }>;

export class ContextChips {
  readonly el: HTMLElement;
  private readonly list: HTMLElement;
  private readonly total: HTMLElement;

  constructor(private readonly post: (message: WebviewMessage) => void) {
    this.list = h('div', { class: 'context-list', attrs: { role: 'list', 'aria-label': t('context.label') } });
    this.total = h('span', { class: 'context-total' });
    this.el = h('div', { class: 'context-chips', hidden: true }, this.list, this.total);
  }

  update(message: ContextMessage): void {
    const chips = message.chips.map((c) => this.chip(c));
    if (message.suggestion) {
      const s = message.suggestion;
      const suggest = button(`+ ${s.label}`, 'context-chip context-suggestion', () => this.post({ type: 'attachActive' }), t('context.attach', s.label));
      suggest.title = t('context.attachTitle', s.title);
      chips.push(h('span', { attrs: { role: 'listitem' } }, suggest));
    }
    this.list.replaceChildren(...chips);
    const used = message.chips.reduce((n, c) => n + (c.refused ? 0 : c.tokens), 0);
    const attached = message.chips.filter((c) => !c.refused).length;
    this.total.hidden = attached === 0;
    this.total.textContent = t('context.total', formatTokens(used), formatTokens(message.budgetTokens));
    this.total.classList.toggle('over-budget', used > message.budgetTokens);
    this.total.title = used > message.budgetTokens ? t('context.overBudget') : t('context.totalTitle');
    this.el.hidden = chips.length === 0;
  }

  private chip(c: ContextChip): HTMLElement {
    const name = h('span', { class: 'context-name', text: c.label });
    const info = h('span', { class: 'context-tokens', text: c.refused ? t('context.notAttached') : t('context.tokens', formatTokens(c.tokens)) });
    const remove = button('×', 'context-remove', () => this.post({ type: 'removeContext', id: c.id }), t('context.remove', c.label));
    const el = h('span', { class: `context-chip${c.refused ? ' refused' : ''}`, attrs: { role: 'listitem', 'data-id': c.id } }, name, info, remove);
    el.title = c.refused ? t('context.refusedTitle', c.title, c.refused) : c.title;
    return el;
  }
}

function formatTokens(n: number): string {
  return n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);
}
