// The panel header: the conversation's title, Chat History and New chat.

import type { WebviewMessage } from '../shared/protocol.js';
import { button, h, setText } from './dom.js';

export class Header {
  readonly el: HTMLElement;
  private readonly titleEl: HTMLElement;

  constructor(post: (message: WebviewMessage) => void) {
    this.titleEl = h('div', { class: 'panel-title', text: 'New chat' });
    this.el = h(
      'header',
      { class: 'panel-header' },
      this.titleEl,
      button('History', 'secondary history', () => post({ type: 'command', command: 'history' }), 'Chat history'),
      button('New chat', 'secondary new-chat', () => post({ type: 'command', command: 'newChat' })),
    );
  }

  setTitle(title: string): void {
    const text = title || 'New chat';
    setText(this.titleEl, text);
    this.titleEl.title = text;
  }
}
