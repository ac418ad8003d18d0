// The streaming half of the markdown pipeline, free of DOM: text arrives in pieces; each `step()`
// lexes only the unsealed tail, seals the blocks that can no longer change (parsed once, with
// highlighting) and re-renders only what stays open. `finish()` checks the result against one
// full render, which is what the screen must show once the answer ends.

import type { Links, Token } from 'marked';
import { collectDefinitions, lexBlocks, normalizeNewlines, renderMarkdown, renderTokens } from './markdown.js';

export interface StepResult {
  /** HTML of blocks sealed in this step, in order: append them once, never touch them again. */
  sealed: string[];
  /** HTML of the open tail (no highlighting); replaces the previous tail. */
  tail: string;
}

export type FinishResult =
  /** Sealed blocks are right: replace the tail with this final (highlighted) HTML. */
  | { kind: 'tail'; tail: string }
  /** Something before the tail changed (e.g. a reference definition arrived late): show this instead. */
  | { kind: 'all'; html: string };

/** A blank line ends `segment` (the block's raw text plus the blank lines after it). */
function endsWithBlankLine(segment: string): boolean {
  return /\n[ \t]*\n[ \t]*$/.test(segment);
}

/**
 * How many of the leading tokens can be sealed. A block is sealed once a later block follows it
 * and a blank line separates them. A list also needs the block after it to be complete (not the
 * last one): a half-arrived "2" or "-" may still become its next item.
 */
export function sealableCount(tokens: Token[]): number {
  let last = -1;
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (tokens[i].type !== 'space') {
      last = i;
      break;
    }
  }
  let sealed = 0;
  let i = 0;
  while (i < last) {
    const token = tokens[i];
    if (token.type === 'space') {
      i++;
      continue;
    }
    // The next non-space block and the text in between.
    let segment = token.raw;
    let j = i + 1;
    while (j <= last && tokens[j].type === 'space') segment += tokens[j++].raw;
    if (!endsWithBlankLine(segment)) break;
    if (token.type === 'list' && j >= last) break;
    sealed = j; // seal token i and the blank lines after it
    i = j;
  }
  return sealed;
}

export class IncrementalMarkdown {
  private text = '';
  private pendingCR = false;
  /** Offset in `text` where the unsealed tail starts. */
  private sealedEnd = 0;
  private readonly sealedHtml: string[] = [];
  private readonly links: Links = Object.create(null) as Links;

  /** The whole (newline-normalized) text received so far. */
  get source(): string {
    return this.pendingCR ? this.text + '\r' : this.text;
  }

  get sealedLength(): number {
    return this.sealedEnd;
  }

  append(delta: string): void {
    if (!delta) return;
    if (this.pendingCR) {
      delta = '\r' + delta;
      this.pendingCR = false;
    }
    // A CR at the very end may be the first half of CRLF: wait for the next piece.
    if (delta.endsWith('\r')) {
      this.pendingCR = true;
      delta = delta.slice(0, -1);
    }
    this.text += normalizeNewlines(delta);
  }

  /** Seals what can be sealed and renders the open tail. */
  step(): StepResult {
    const tailSource = this.text.slice(this.sealedEnd);
    const tokens = lexBlocks(tailSource, this.links);
    let count = sealableCount(tokens);
    // The raws must add up to the source for offsets to be right; if marked ever disagrees, seal nothing.
    let consumed = 0;
    for (let k = 0; k < count; k++) consumed += tokens[k].raw.length;
    if (tailSource.slice(0, consumed) !== tokens.slice(0, count).map((t) => t.raw).join('')) {
      count = 0;
      consumed = 0;
    }
    const sealed: string[] = [];
    for (let k = 0; k < count; k++) {
      const token = tokens[k];
      if (token.type === 'space') continue;
      collectDefinitions([token], this.links);
      const html = renderTokens([token], true);
      this.sealedHtml.push(html);
      if (html) sealed.push(html);
    }
    this.sealedEnd += consumed;
    const tail = renderTokens(tokens.slice(count), false);
    return { sealed, tail };
  }

  /** The answer ended: compare with one full render of the whole text. */
  finish(): FinishResult {
    if (this.pendingCR) {
      this.pendingCR = false;
      this.text += '\n';
    }
    const full = renderMarkdown(this.text);
    const tail = renderTokens(lexBlocks(this.text.slice(this.sealedEnd), this.links), true);
    if (this.sealedHtml.join('') + tail === full) return { kind: 'tail', tail };
    return { kind: 'all', html: full };
  }
}
