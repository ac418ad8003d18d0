// Streams markdown into one element. Deltas are only buffered; `render()` (called from the single
// animation-frame callback) appends newly sealed blocks once and replaces only the open tail's nodes.
// `finish()` makes the element equal to a one-shot render of the whole text.

import { IncrementalMarkdown } from './incrementalMarkdown.js';
import { renderMarkdown } from './markdown.js';
import { sanitizeToFragment } from './sanitize.js';

export class StreamRenderer {
  private inc = new IncrementalMarkdown();
  /** Nodes of each sealed block, in order (empty for a reference definition). */
  private blockNodes: Node[][] = [];
  /** Nodes of the open tail (always the last children of `el`). */
  private tailNodes: Node[] = [];
  private lastTailHtml = '';
  private dirty = false;
  private finished = false;

  constructor(readonly el: HTMLElement) {}

  /** The text received so far. */
  get text(): string {
    return this.inc.source;
  }

  get isFinished(): boolean {
    return this.finished;
  }

  /** Buffers a delta; returns true if a render is now due. */
  append(delta: string): boolean {
    if (!delta || this.finished) return false;
    this.inc.append(delta);
    this.dirty = true;
    return true;
  }

  /** Brings the DOM up to date with the buffered text (one frame's work). */
  render(): void {
    if (!this.dirty || this.finished) return;
    this.dirty = false;
    const { sealed, tail } = this.inc.step();
    if (sealed.length === 0 && tail === this.lastTailHtml) return;
    this.removeTail();
    for (const html of sealed) {
      const fragment = sanitizeToFragment(html);
      this.blockNodes.push(Array.from(fragment.childNodes));
      this.el.append(fragment);
    }
    this.setTail(tail);
  }

  /** The stream ended: one full render; if it differs from the screen, the screen follows it. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.dirty = false;
    const result = this.inc.finish();
    if (result.kind === 'blocks') {
      this.removeTail();
      for (const { index, html } of result.replace) this.replaceBlock(index, html);
      this.el.append(sanitizeToFragment(result.tail));
    } else {
      replaceChildrenKeepingEqualPrefix(this.el, sanitizeToFragment(result.html));
    }
    this.blockNodes = [];
    this.tailNodes = [];
    this.lastTailHtml = '';
  }

  /** Shows a complete text at once (a finished turn from a sync or a restored state). */
  renderComplete(text: string): void {
    this.finished = true;
    this.blockNodes = [];
    this.dirty = false;
    this.tailNodes = [];
    this.lastTailHtml = '';
    this.inc = new IncrementalMarkdown();
    this.inc.append(text);
    this.el.replaceChildren(sanitizeToFragment(renderMarkdown(text)));
  }

  /** Starts over with `text` as the beginning of a stream that continues. */
  restart(text: string): void {
    this.finished = false;
    this.blockNodes = [];
    this.tailNodes = [];
    this.lastTailHtml = '';
    this.el.replaceChildren();
    this.inc = new IncrementalMarkdown();
    this.append(text);
  }

  /** Swaps one sealed block's nodes for a new rendering (only at the end, for late reference definitions). */
  private replaceBlock(index: number, html: string): void {
    const old = this.blockNodes[index] ?? [];
    let anchor: Node | null = null;
    for (let j = index; j < this.blockNodes.length && !anchor; j++) anchor = this.blockNodes[j][0] ?? null;
    const fragment = sanitizeToFragment(html);
    const fresh = Array.from(fragment.childNodes);
    this.el.insertBefore(fragment, anchor);
    for (const node of old) node.parentNode?.removeChild(node);
    this.blockNodes[index] = fresh;
  }

  private removeTail(): void {
    for (const node of this.tailNodes) node.parentNode?.removeChild(node);
    this.tailNodes = [];
  }

  private setTail(html: string): void {
    this.lastTailHtml = html;
    const fragment = sanitizeToFragment(html);
    this.tailNodes = Array.from(fragment.childNodes);
    this.el.append(fragment);
  }
}

/** Replaces `el`'s children with `fragment`'s, keeping the leading nodes that are already equal. */
function replaceChildrenKeepingEqualPrefix(el: HTMLElement, fragment: DocumentFragment): void {
  const next = Array.from(fragment.childNodes);
  const current = Array.from(el.childNodes);
  let same = 0;
  while (same < next.length && same < current.length && current[same].isEqualNode(next[same])) same++;
  for (let i = current.length - 1; i >= same; i--) el.removeChild(current[i]);
  for (let i = same; i < next.length; i++) el.append(next[i]);
}
