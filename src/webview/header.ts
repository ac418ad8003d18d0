// The panel header: the conversation's title, the model (one click opens the model picker) and the
// token and cost totals of this chat and of the session. New Chat and History are VS Code title-bar
// actions of the view and the editor tab, not buttons in the page.

import type { WebviewMessage } from '../shared/protocol.js';
import type { UsageTotals } from '../shared/usageTotals.js';
import { button, h, setText } from './dom.js';
import { totalsText } from './format.js';
import { t } from './i18n.js';

export class Header {
  readonly el: HTMLElement;
  private readonly titleEl: HTMLElement;
  private readonly modelEl: HTMLButtonElement;
  private readonly totalsEl: HTMLElement;

  constructor(post: (message: WebviewMessage) => void) {
    this.titleEl = h('div', { class: 'panel-title', text: t('header.newChatTitle') });
    this.modelEl = button(t('header.noModel'), 'secondary model-switch', () => post({ type: 'command', command: 'selectModel' }));
    this.totalsEl = h('div', { class: 'panel-totals', hidden: true });
    this.el = h(
      'header',
      { class: 'panel-header' },
      h('div', { class: 'panel-heading' }, this.titleEl, this.totalsEl),
      this.modelEl,
    );
  }

  setTitle(title: string): void {
    const text = title || t('header.newChatTitle');
    setText(this.titleEl, text);
    this.titleEl.title = text;
  }

  setModel(model: string): void {
    setText(this.modelEl, model || t('header.noModel'));
    const label = t('header.modelTitle', model || t('header.noModel'));
    this.modelEl.title = label;
    this.modelEl.setAttribute('aria-label', label);
  }

  /** "This chat: 12,345 tokens · ¥0.0123"; the session's totals in the tooltip. */
  setTotals(conversation: UsageTotals, session: UsageTotals | undefined): void {
    const show = conversation.answers > 0 || (session?.answers ?? 0) > 0;
    this.totalsEl.hidden = !show;
    if (!show) return;
    const chat = t('totals.conversation', totalsText(conversation));
    const all = session ? t('totals.session', totalsText(session)) : '';
    setText(this.totalsEl, chat);
    this.totalsEl.title = all ? `${chat}\n${all}` : chat;
    this.totalsEl.setAttribute('aria-label', all ? `${chat}. ${all}` : chat);
  }
}
