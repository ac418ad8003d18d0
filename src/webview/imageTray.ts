// The images that go with the next question: chips with a thumbnail, the name and the size (and the
// original size when the panel made the image smaller), each removable, and one line that says why an
// image was not taken or why the question cannot be sent with images.

import { isImageAttachment, type ImageAttachment, type ImageInput } from '../shared/protocol.js';
import { button, h, setText } from './dom.js';
import { t } from './i18n.js';
import { formatBytes, readImage } from './imageFiles.js';

/** Limits when the host has not said (the settings' defaults). */
const DEFAULT_INPUT: ImageInput = { vision: false, maxBytes: 2048 * 1024, maxCount: 4 };

export class ImageTray {
  readonly el: HTMLElement;
  private readonly list: HTMLElement;
  private readonly note: HTMLElement;
  private images: ImageAttachment[] = [];
  private input: ImageInput = DEFAULT_INPUT;
  /** Reads in progress (a send waits for them). */
  private pending: Promise<void> = Promise.resolve();

  constructor() {
    this.list = h('div', { class: 'image-list', attrs: { role: 'list', 'aria-label': t('images.label') } });
    this.note = h('div', { class: 'image-note', hidden: true, attrs: { 'aria-live': 'polite' } });
    this.el = h('div', { class: 'image-tray', hidden: true }, this.list, this.note);
  }

  get count(): number {
    return this.images.length;
  }

  setInput(input: ImageInput | undefined): void {
    this.input = input ?? DEFAULT_INPUT;
  }

  /** Adds pasted, dropped or picked files (over the count limit: left out, with a note). */
  add(files: File[]): Promise<void> {
    this.pending = this.pending.then(() => this.read(files));
    return this.pending;
  }

  /** Resolves when every added file has been read. */
  whenRead(): Promise<void> {
    return this.pending;
  }

  /** Why these images cannot go to the model in use, or undefined. */
  refusal(model: string): string | undefined {
    if (this.images.length === 0 || this.input.vision) return undefined;
    return t('images.noVision', model);
  }

  /** The images for the question being sent; the tray empties. */
  take(): ImageAttachment[] {
    const taken = this.images;
    this.images = [];
    this.say(undefined);
    this.render();
    return taken;
  }

  say(text: string | undefined): void {
    this.note.hidden = text === undefined;
    setText(this.note, text ?? '');
    this.el.hidden = this.images.length === 0 && text === undefined;
  }

  private async read(files: File[]): Promise<void> {
    const notes: string[] = [];
    for (const file of files) {
      if (this.images.length >= this.input.maxCount) {
        notes.push(t('images.tooMany', this.input.maxCount, file.name || 'image'));
        continue;
      }
      const read = await readImage(file, this.input.maxBytes);
      if (read.ok) this.images.push(read.image);
      else if (read.reason === 'type') notes.push(t('images.notImage', read.name));
      else if (read.reason === 'tooLarge') notes.push(t('images.tooLarge', read.name, formatBytes(this.input.maxBytes)));
      else notes.push(t('images.unreadable', read.name));
    }
    this.render();
    this.say(notes.length > 0 ? notes.join(' ') : undefined);
  }

  private render(): void {
    this.list.replaceChildren(...this.images.map((image, i) => this.chip(image, i)));
    this.el.hidden = this.images.length === 0 && this.note.hidden;
  }

  private chip(image: ImageAttachment, index: number): HTMLElement {
    const size = image.downscaledFrom !== undefined ? t('images.downscaled', formatBytes(image.downscaledFrom), formatBytes(image.bytes)) : formatBytes(image.bytes);
    const remove = button('×', 'context-remove', () => {
      this.images.splice(index, 1);
      this.say(undefined);
      this.render();
    }, t('images.remove', image.name));
    const el = h('span', { class: 'image-chip', attrs: { role: 'listitem' } }, thumbnail(image, 'image-thumb'), h('span', { class: 'context-name', text: image.name }), h('span', { class: 'image-size', text: size }), remove);
    el.title = image.name;
    return el;
  }
}

/** An `<img>` of a saved or pending image; only a well-formed image data URL is ever set as its source. */
export function thumbnail(image: ImageAttachment, className: string): HTMLElement | null {
  if (!isImageAttachment(image)) return null;
  const img = h('img', { class: className, attrs: { alt: t('images.alt', image.name) } });
  img.src = image.dataUrl;
  return img;
}
