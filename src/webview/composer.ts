// The input area: a textarea (Enter sends, Shift+Enter is a new line, IME-safe), Send, Stop (while an
// answer streams; Escape too), the model in use, and a "Set API Key" hint when no key is stored.

import { IMAGE_TYPES, type HostMessage, type ImageInput, type WebviewMessage } from '../shared/protocol.js';
import { ContextChips } from './contextChips.js';
import { button, h, setText } from './dom.js';
import { t } from './i18n.js';
import { imageFilesOf } from './imageFiles.js';
import { ImageTray } from './imageTray.js';

/** Does the input grow with its text by CSS alone (`field-sizing: content`)? */
const SIZES_ITSELF = typeof CSS !== 'undefined' && CSS.supports('field-sizing', 'content');

export class Composer {
  readonly el: HTMLElement;
  readonly input: HTMLTextAreaElement;
  private readonly send: HTMLButtonElement;
  private readonly stop: HTMLButtonElement;
  private readonly keyHint: HTMLElement;
  private readonly modelEl: HTMLElement;
  private streaming = false;
  /** Edit-and-resend: the turn the next question replaces. */
  private editing: string | undefined;
  private readonly editHint: HTMLElement;
  private readonly chips: ContextChips;
  /** Where the `@` that opened the file picker was typed (removed once a file is picked). */
  private atPosition: number | undefined;
  /** Images pasted, dropped or attached for the next question. */
  readonly images = new ImageTray();
  private model = '';

  constructor(
    private readonly post: (message: WebviewMessage) => void,
    private readonly onAsk: () => void,
    /** The input's text changed (saved with the page's state). */
    private readonly onDraft: () => void = () => undefined,
  ) {
    this.input = h('textarea', {
      class: 'input',
      attrs: {
        rows: '1',
        'aria-label': t('composer.label'),
        placeholder: t('composer.placeholder'),
      },
    });
    this.send = button(t('composer.send'), 'primary send', () => this.submit());
    this.stop = button(t('composer.stop'), 'secondary stop', () => this.post({ type: 'stop' }));
    this.stop.title = t('composer.stopTitle');
    this.stop.hidden = true;
    this.modelEl = h('span', { class: 'model-label' });
    this.keyHint = h(
      'div',
      { class: 'key-hint', hidden: true },
      h('span', { text: t('composer.noKey') }),
      button(t('composer.setApiKey'), 'primary', () => this.post({ type: 'command', command: 'setApiKey' })),
    );
    this.editHint = h(
      'div',
      { class: 'edit-hint', hidden: true },
      h('span', { text: t('composer.editing') }),
      button(t('composer.cancel'), 'secondary', () => this.cancelEdit()),
    );
    this.chips = new ContextChips(post);
    this.el = h(
      'footer',
      { class: 'composer' },
      this.keyHint,
      this.editHint,
      this.chips.el,
      this.images.el,
      this.input,
      h('div', { class: 'composer-actions' }, this.imagePicker(), this.modelEl, h('span', { class: 'spacer' }), this.stop, this.send),
    );
    this.acceptImages();

    this.input.addEventListener('keydown', (ev) => this.onKeyDown(ev));
    this.input.addEventListener('input', (ev) => {
      this.autosize();
      this.onInput(ev as InputEvent);
      this.draftChanged();
    });
    // Escape stops the answer from anywhere in the panel.
    document.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape' && !ev.isComposing && this.streaming) {
        ev.preventDefault();
        this.post({ type: 'stop' });
      } else if (ev.key === 'Escape' && !ev.isComposing && this.editing) {
        ev.preventDefault();
        this.cancelEdit();
      }
    });
  }

  /** The `+` button: a file picker for images. */
  private imagePicker(): HTMLElement {
    const file = h('input', { class: 'image-file', attrs: { type: 'file', accept: IMAGE_TYPES.join(','), multiple: '', hidden: '', tabindex: '-1' } });
    file.addEventListener('change', () => {
      void this.images.add(imageFilesOf(file.files));
      file.value = '';
    });
    const attach = button('+', 'secondary attach-image', () => file.click(), t('composer.attachImage'));
    attach.title = t('composer.attachImage');
    return h('span', { class: 'attach' }, attach, file);
  }

  /** Images pasted into the input or dropped on the input area join the next question. */
  private acceptImages(): void {
    this.input.addEventListener('paste', (ev) => {
      const files = imageFilesOf(ev.clipboardData?.files);
      if (files.length === 0) return;
      ev.preventDefault();
      void this.images.add(files);
    });
    this.el.addEventListener('dragover', (ev) => {
      if (ev.dataTransfer?.types.includes('Files')) ev.preventDefault();
    });
    this.el.addEventListener('drop', (ev) => {
      const files = imageFilesOf(ev.dataTransfer?.files);
      if (files.length === 0) return;
      ev.preventDefault();
      void this.images.add(files);
    });
  }

  /** `@` typed at the start or after a space opens the file picker (an e-mail address does not). */
  private onInput(ev: InputEvent): void {
    if (ev.data !== '@' || ev.isComposing) return;
    const at = this.input.selectionStart - 1;
    const before = at > 0 ? this.input.value[at - 1] : '';
    if (this.input.value[at] !== '@' || (before && !/\s/.test(before))) return;
    this.atPosition = at;
    this.post({ type: 'pickFile' });
  }

  /** The attachments for the next question. */
  setContext(message: Extract<HostMessage, { type: 'context' }>): void {
    this.chips.update(message);
  }

  /** The picker closed: a picked file replaces the `@` that opened it. */
  pickFileDone(picked: boolean): void {
    const at = this.atPosition;
    this.atPosition = undefined;
    if (picked && at !== undefined && this.input.value[at] === '@') {
      this.input.value = this.input.value.slice(0, at) + this.input.value.slice(at + 1);
      this.autosize();
      this.draftChanged();
    }
    this.input.focus();
    // The caret goes where the `@` was (picked) or just after it (cancelled).
    const pos = at === undefined ? this.input.value.length : picked ? at : at + 1;
    this.input.setSelectionRange(pos, pos);
  }

  setStreaming(streaming: boolean): void {
    if (this.streaming === streaming) return;
    this.streaming = streaming;
    this.stop.hidden = !streaming;
    this.send.disabled = streaming;
  }

  setSettings(keyNeeded: boolean, model: string, imageInput?: ImageInput): void {
    this.keyHint.hidden = !keyNeeded;
    this.model = model;
    this.images.setInput(imageInput);
    setText(this.modelEl, model);
  }

  /** Puts text in the box (if given) and focuses it. */
  focus(text?: string): void {
    if (text !== undefined) {
      this.input.value = text;
      this.autosize();
      this.draftChanged();
    }
    this.input.focus();
    const end = this.input.value.length;
    this.input.setSelectionRange(end, end);
  }

  /** Edit-and-resend of a turn's question. */
  startEdit(turn: string, question: string): void {
    this.editing = turn;
    this.editHint.hidden = false;
    this.focus(question);
  }

  private cancelEdit(): void {
    this.editing = undefined;
    this.editHint.hidden = true;
    this.input.value = '';
    this.autosize();
    this.draftChanged();
  }

  /** Shows the unsent text the chat had elsewhere, unless something is typed here already. */
  restoreDraft(text: string | undefined): void {
    if (!text || this.input.value !== '') return;
    this.input.value = text;
    this.autosize();
  }

  /** The text typed but not sent: moving the chat or hiding the view must not lose it. */
  get draft(): string {
    return this.input.value;
  }

  private draftChanged(): void {
    this.post({ type: 'draft', text: this.input.value });
    this.onDraft();
  }

  private onKeyDown(ev: KeyboardEvent): void {
    if (ev.key !== 'Enter' || ev.shiftKey || ev.altKey) return;
    // keyCode 229: the IME is still composing (some engines report isComposing late).
    if (ev.isComposing || ev.keyCode === 229) return;
    ev.preventDefault();
    this.submit();
  }

  private submit(): void {
    const text = this.input.value;
    if ((!text.trim() && this.images.count === 0) || this.streaming) return;
    // A model without vision: said here, before any request; the images stay for another model.
    const refusal = this.images.refusal(this.model);
    if (refusal) {
      this.images.say(refusal);
      return;
    }
    const images = this.images.take();
    const ask: WebviewMessage = { type: 'ask', text, ...(this.editing ? { replaceTurn: this.editing } : {}), ...(images.length ? { images } : {}) };
    this.post(ask);
    this.editing = undefined;
    this.editHint.hidden = true;
    this.input.value = '';
    this.autosize();
    this.draftChanged();
    this.onAsk();
  }

  private autosize(): void {
    // Where the browser sizes the input to its text itself (webview.css), measuring it here would
    // force a layout of the whole panel, streaming answer included, on every keystroke.
    if (SIZES_ITSELF) return;
    const el = this.input;
    el.style.height = 'auto';
    const max = Math.max(80, Math.floor(window.innerHeight * 0.4));
    el.style.height = `${Math.min(el.scrollHeight + 2, max)}px`;
  }
}
