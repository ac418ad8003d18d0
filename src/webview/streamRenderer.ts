// Streams markdown into one element. Deltas are only buffered; a render appends newly sealed blocks
// once and replaces only the open tail's nodes. It has two halves: `prepare()` (lex, render and
// sanitize into detached fragments: script only, in time-boxed slices when asked) and `commit()` (swap
// them into the page: cheap). The turn runs prepare() in the animation frame, or in tasks of their own
// before it when frames get expensive or a slice is not enough, so no single task carries a burst of
// sealing together with the style, layout and paint it causes. When the tail only grew at its end, the
// new text is appended to the tail's last text instead (tailAppend.ts); when it changed otherwise, only
// the children that changed, in the smallest element holding the change, are rendered again
// (tailPatch.ts). `finish()` makes the element equal to a one-shot render of the whole text.

import { appendBlocks, chunked, removeBlocks } from './chunks.js';
import { IncrementalMarkdown } from './incrementalMarkdown.js';
import { renderMarkdown } from './markdown.js';
import { sanitizeToFragment } from './sanitize.js';
import { applyTextAppend, findTextAppend, type TextAppend } from './tailAppend.js';
import { findTailPatch, unwrapNodes, wrapHtml, type TailPatch } from './tailPatch.js';

/**
 * A prepared tail: new nodes for all of it, (usually) text to add at its end (see tailAppend.ts), or
 * new nodes for some children of one of its elements (see tailPatch.ts).
 */
type PreparedTail =
  | { html: string; fragment: DocumentFragment }
  | { html: string; append: TextAppend }
  | { html: string; patch: TailPatch; nodes: Node[] };

export class StreamRenderer {
  private inc = new IncrementalMarkdown();
  /** Nodes of each sealed block, in order (empty for a reference definition). */
  private blockNodes: Node[][] = [];
  /** Nodes of the open tail (always the last children of `el`). */
  private tailNodes: Node[] = [];
  private lastTailHtml = '';
  /** Prepared, not yet on screen: newly sealed blocks, and the tail that goes after them. */
  private pendingSealed: DocumentFragment[] = [];
  private pendingTail: PreparedTail | undefined;
  private dirty = false;
  /** The last prepare() stopped early: what is prepared is not a whole state of the text yet. */
  private partial = false;
  private finished = false;

  constructor(readonly el: HTMLElement) {}

  /** The text received so far. */
  get text(): string {
    return this.inc.source;
  }

  /** Text arrived that no prepare() has taken in yet. */
  get hasUnpreparedText(): boolean {
    return this.dirty && !this.finished;
  }

  /** Can commit() show what is prepared (a whole state of the text, not a sealing stopped midway)? */
  get canCommit(): boolean {
    return !this.partial;
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

  /**
   * Seals and renders the buffered text into detached, sanitized fragments; the page is untouched.
   * With `deadline` (a performance.now() value) it stops sealing once that has passed and returns
   * false: call it again (in a later task) until it returns true, then commit().
   */
  prepare(deadline = Infinity): boolean {
    if (!this.dirty || this.finished) return true;
    // Each sealed block is sanitized as soon as it is made, so the budget covers both.
    const { tail, complete } = this.inc.step((html) => {
      this.pendingSealed.push(sanitizeToFragment(html));
      return performance.now() > deadline;
    });
    this.partial = !complete;
    if (!complete) return false;
    this.dirty = false;
    this.prepareTail(tail);
    return true;
  }

  /**
   * Shows all the text received now, cheaply: blocks not sealed yet are not sealed (nor
   * highlighted) but go on screen as part of the open tail. For the last frame before finish().
   */
  showAll(): void {
    if (this.finished) return;
    if (this.dirty || this.partial) {
      this.dirty = false;
      this.partial = false;
      this.prepareTail(this.inc.renderOpen());
    }
    this.commit();
  }

  /** Makes `tail` the pending tail, unless it is what is already pending (or on screen). */
  private prepareTail(tail: string): void {
    if (this.pendingSealed.length === 0 && tail === (this.pendingTail?.html ?? this.lastTailHtml)) return;
    // The screen shows lastTailHtml until commit(), whatever was prepared before.
    this.pendingTail = (this.pendingSealed.length === 0 && this.prepareInPlace(tail)) || { html: tail, fragment: sanitizeToFragment(tail) };
  }

  /** The new tail as a change to the tail on screen (only when no sealed block goes before it). */
  private prepareInPlace(tail: string): PreparedTail | undefined {
    const append = findTextAppend(this.lastTailHtml, tail, this.tailNodes);
    if (append) return { html: tail, append };
    const patch = findTailPatch(this.lastTailHtml, tail, this.tailNodes);
    if (!patch) return undefined;
    const nodes = unwrapNodes(sanitizeToFragment(wrapHtml(patch.html, patch.context)), patch.context);
    return nodes && { html: tail, patch, nodes };
  }

  /** Puts what prepare() made on the page: new sealed blocks appended once, the open tail replaced. */
  commit(): void {
    const tail = this.pendingTail;
    const sealed = this.pendingSealed;
    if (!tail && sealed.length === 0) return;
    this.pendingTail = undefined;
    this.pendingSealed = [];
    if (tail && !('fragment' in tail) && sealed.length === 0) {
      if ('append' in tail) applyTextAppend(tail.append);
      else this.applyPatch(tail.patch, tail.nodes);
      this.lastTailHtml = tail.html;
      return;
    }
    this.removeTail();
    for (const fragment of sealed) {
      const nodes = Array.from(fragment.childNodes);
      this.blockNodes.push(nodes);
      appendBlocks(this.el, nodes);
    }
    // No new tail: only from finish() (after a sliced prepare), which renders the tail itself.
    if (!tail || !('fragment' in tail)) return;
    this.lastTailHtml = tail.html;
    this.tailNodes = Array.from(tail.fragment.childNodes);
    appendBlocks(this.el, this.tailNodes);
  }

  /** The stream ended: one full render; if it differs from the screen, the screen follows it. */
  finish(): void {
    if (this.finished) return;
    // Sealed blocks prepared but not shown yet go up first: finish() counts them as on the page.
    this.commit();
    this.finished = true;
    this.dirty = false;
    const result = this.inc.finish();
    if (result.kind === 'blocks' && result.replace.every(({ index, html }) => this.replaceBlock(index, html))) {
      this.removeTail();
      appendBlocks(this.el, sanitizeToFragment(result.tail).childNodes);
    } else {
      // The block structure differs, or a late reference definition changed how many elements a
      // sealed block has (the chunks would no longer match a one-shot render): render it all.
      const html = result.kind === 'all' ? result.html : renderMarkdown(this.inc.source);
      replaceChildrenKeepingEqualPrefix(this.el, chunked(sanitizeToFragment(html)));
    }
    this.blockNodes = [];
    this.tailNodes = [];
    this.lastTailHtml = '';
  }

  /** Shows a complete text at once (a finished turn from a sync or a restored state). */
  renderComplete(text: string): void {
    this.finished = true;
    this.dropPending();
    this.blockNodes = [];
    this.dirty = false;
    this.tailNodes = [];
    this.lastTailHtml = '';
    this.inc = new IncrementalMarkdown();
    this.inc.append(text);
    this.el.replaceChildren(chunked(sanitizeToFragment(renderMarkdown(text))));
  }

  /** Starts over with `text` as the beginning of a stream that continues. */
  restart(text: string): void {
    this.finished = false;
    this.dropPending();
    this.blockNodes = [];
    this.tailNodes = [];
    this.lastTailHtml = '';
    this.el.replaceChildren();
    this.inc = new IncrementalMarkdown();
    this.append(text);
  }

  /**
   * Swaps one sealed block's nodes for a new rendering (only at the end, for late reference
   * definitions), in place when it has as many elements of each kind; false when it cannot.
   */
  private replaceBlock(index: number, html: string): boolean {
    const old = this.blockNodes[index] ?? [];
    const fresh = Array.from(sanitizeToFragment(html).childNodes);
    const shape = (nodes: Node[]) => nodes.map((n) => n.nodeType === Node.ELEMENT_NODE ? 'e' : 't').join('');
    const anchor = old[0];
    if (!anchor?.parentNode || shape(old) !== shape(fresh)) return false;
    for (const node of fresh) anchor.parentNode.insertBefore(node, anchor);
    for (const node of old) node.parentNode?.removeChild(node);
    this.blockNodes[index] = fresh;
    return true;
  }

  /** Swaps the patched element's children from `patch.from` on for `nodes`. */
  private applyPatch({ parent, from }: TailPatch, nodes: Node[]): void {
    if (!parent) {
      removeBlocks(this.tailNodes.slice(from));
      this.tailNodes = [...this.tailNodes.slice(0, from), ...nodes];
      appendBlocks(this.el, nodes);
      return;
    }
    while (parent.childNodes.length > from) parent.lastChild!.remove();
    parent.append(...nodes);
  }

  private removeTail(): void {
    removeBlocks(this.tailNodes);
    this.tailNodes = [];
    this.lastTailHtml = '';
  }

  private dropPending(): void {
    this.pendingSealed = [];
    this.pendingTail = undefined;
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
