// Clicks inside rendered markdown: code-block Copy / Insert buttons, and links, which the host opens.
// The webview itself never navigates.

import type { WebviewMessage } from '../shared/protocol.js';
import { safeLinkUrl } from './urls.js';
import { t } from './i18n.js';

export function installContentActions(root: HTMLElement, post: (message: WebviewMessage) => void): void {
  root.addEventListener('click', (ev) => {
    const target = ev.target instanceof Element ? ev.target : null;
    if (!target) return;
    const applyButton = target.closest('button.code-apply');
    if (applyButton) {
      const code = applyButton.closest('.code-block')?.querySelector('pre > code');
      const turn = applyButton.closest<HTMLElement>('[data-turn-id]')?.dataset.turnId;
      if (code && turn) post({ type: 'apply', turn, text: code.textContent ?? '' });
      return;
    }
    const codeButton = target.closest('button.code-copy, button.code-insert');
    if (codeButton) {
      const code = codeButton.closest('.code-block')?.querySelector('pre > code');
      if (!code) return;
      const text = code.textContent ?? '';
      post(codeButton.classList.contains('code-copy') ? { type: 'copy', text } : { type: 'insert', text });
      flash(codeButton as HTMLButtonElement, codeButton.classList.contains('code-copy') ? t('code.copied') : t('code.inserted'));
      return;
    }
    const anchor = target.closest('a');
    if (anchor) {
      ev.preventDefault();
      const href = safeLinkUrl(anchor.getAttribute('href'));
      if (href) post({ type: 'openLink', href });
    }
  });
  // Middle clicks would open a new window: route them through the host too, or drop them.
  root.addEventListener('auxclick', (ev) => {
    const anchor = ev.target instanceof Element ? ev.target.closest('a') : null;
    if (!anchor) return;
    ev.preventDefault();
    const href = safeLinkUrl(anchor.getAttribute('href'));
    if (href && ev.button === 1) post({ type: 'openLink', href });
  });
}

const originalLabels = new WeakMap<HTMLButtonElement, string>();

/** Briefly shows "Copied" on the button (its accessible label stays). */
function flash(btn: HTMLButtonElement, text: string): void {
  const original = originalLabels.get(btn) ?? btn.textContent ?? '';
  originalLabels.set(btn, original);
  btn.textContent = text;
  setTimeout(() => {
    btn.textContent = original;
  }, 1200);
}
