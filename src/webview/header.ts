// The panel header: the conversation's title, the model (one click opens the model picker), the
// token and cost totals of this chat and of the session, Chat History and New chat.

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
      button(t('header.history'), 'secondary history', () => post({ type: 'command', command: 'history' }), t('header.historyLabel')),
      button(t('header.newChat'), 'secondary new-chat', () => post({ type: 'command', command: 'newChat' })),
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
