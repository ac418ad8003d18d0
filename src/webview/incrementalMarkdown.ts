// The streaming half of the markdown pipeline, free of DOM: text arrives in pieces; each `step()`
// lexes only the unsealed tail, seals the blocks that can no longer change (parsed once, with
// highlighting) and re-renders only what stays open. `finish()` checks the result against one
// full render, which is what the screen must show once the answer ends.

import type { Links, Token } from 'marked';
import { collectDefinitions, lexBlocks, normalizeNewlines, renderTokens } from './markdown.js';

export interface StepResult {
  /**
   * HTML of each block sealed in this step, in order (a reference definition renders as ''):
   * append them once, never touch them again while streaming.
   */
  sealed: string[];
  /** HTML of the open tail (no highlighting); replaces the previous tail. '' when not `complete`. */
  tail: string;
  /**
   * False when `step()` was told to stop early: more blocks can be sealed and the tail was not
   * rendered; the next step() goes on from there.
   */
  complete: boolean;
}

export type FinishResult =
  /**
   * Sealed blocks are right except those in `replace` (indexes into all sealed blocks so far; a
   * reference definition that arrived after its use changes earlier text); then the final tail.
   */
  | { kind: 'blocks'; replace: { index: number; html: string }[]; tail: string }
  /** The block structure itself differs (should not happen): show this instead of everything. */
  | { kind: 'all'; html: string };

/**
 * Could this text hold a reference-link definition (`[label]: url`, also inside quotes and lists)?
 * Generous on purpose: a false positive only costs the full check at the end.
 */
const DEFINITION_CANDIDATE = /^[ \t>]*(?:(?:[*+-]|\d{1,9}[.)])[ \t]+)*\[(?:[^\]\\]|\\.)+\]:/m;

/** A line starting so, after a blank line, cannot be a list item or part of one (no marker, no indent). */
const OUTSIDE_ANY_LIST = /^[^\s\d*+-]/;

/** A blank line ends `segment` (the block's raw text plus the blank lines after it). */
function endsWithBlankLine(segment: string): boolean {
  return /\n[ \t]*\n[ \t]*$/.test(segment);
}

/**
 * How many of the leading tokens can be sealed. A block is sealed once a later block follows it and
 * a blank line separates them; blocks with no blank line between them (consecutive reference
 * definitions, a paragraph running into a fence) are sealed together at the next blank line. A list
 * also needs the block after it to be complete (not the last one), or to start with a character no
 * list item starts with: a half-arrived "2", "-" or indented line may still become part of it. (A
 * list is otherwise lexed again every step while the paragraph after it streams.)
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
  let previous = -1; // the last non-space token before j
  for (let j = 0; j <= last; j++) {
    if (tokens[j].type === 'space') continue;
    if (previous >= 0) {
      let between = '';
      for (let k = previous; k < j; k++) between += tokens[k].raw;
      const listStillOpen = tokens[previous].type === 'list' && j >= last && !OUTSIDE_ANY_LIST.test(tokens[j].raw);
      if (endsWithBlankLine(between) && !listStillOpen) sealed = j;
    }
    previous = j;
  }
  return sealed;
}

export class IncrementalMarkdown {
  // The sealed text and the open tail are kept apart: slicing the tail off one growing string would
  // copy the whole answer on every step (a string built by appending is flattened when sliced).
  private sealedText = '';
  private tailText = '';
  private pendingCR = false;
  /** Raw text and HTML of every sealed (non-space) block, in order. */
  private readonly sealedRaw: string[] = [];
  private readonly sealedHtml: string[] = [];
  private readonly links: Links = Object.create(null) as Links;

  private get text(): string {
    return this.sealedText + this.tailText;
  }

  /** The whole (newline-normalized) text received so far. */
  get source(): string {
    return this.pendingCR ? this.text + '\r' : this.text;
  }

  /** Where the unsealed tail starts. */
  get sealedLength(): number {
    return this.sealedText.length;
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
    this.tailText += normalizeNewlines(delta);
  }

  /**
   * Seals what can be sealed and renders the open tail. `stopAfter` sees each sealed block's HTML as
   * it is made; returning true stops there (the caller's time budget is spent): the step is then
   * incomplete and the remaining blocks are sealed by the next step.
   */
  step(stopAfter?: (html: string) => boolean): StepResult {
    const tailSource = this.tailText;
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
    let done = 0; // characters of the tail source sealed so far in this step
    for (let k = 0; k < count; k++) {
      const token = tokens[k];
      done += token.raw.length;
      if (token.type === 'space') continue;
      collectDefinitions([token], this.links);
      const html = renderTokens([token], true);
      this.sealedRaw.push(token.raw);
      this.sealedHtml.push(html);
      sealed.push(html);
      if (stopAfter?.(html) && k + 1 < count) {
        this.seal(tailSource, done);
        return { sealed, tail: '', complete: false };
      }
    }
    this.seal(tailSource, consumed);
    const tail = renderTokens(tokens.slice(count), false);
    return { sealed, tail, complete: true };
  }

  /**
   * The unsealed text rendered as one open tail (no highlighting), sealing nothing: all the text at
   * the cost of one lex, for a screen that must catch up at once (the answer is about to end).
   */
  renderOpen(): string {
    return renderTokens(lexBlocks(this.tailText, this.links), false);
  }

  /** Moves the first `length` characters of the tail (`tailSource`) to the sealed text. */
  private seal(tailSource: string, length: number): void {
    if (length === 0) return;
    this.sealedText += tailSource.slice(0, length);
    this.tailText = tailSource.slice(length);
  }

  /**
   * The answer ended. Without reference definitions, sealed blocks are final by construction and
   * only the tail is rendered again (now highlighted). With them, the whole text is lexed once and
   * each sealed block compared with its one-shot rendering: only blocks that differ are replaced.
   */
  finish(): FinishResult {
    if (this.pendingCR) {
      this.pendingCR = false;
      this.tailText += '\n';
    }
    if (!DEFINITION_CANDIDATE.test(this.text)) {
      return { kind: 'blocks', replace: [], tail: renderTokens(lexBlocks(this.tailText, this.links), true) };
    }
    const tokens = lexBlocks(this.text);
    const replace: { index: number; html: string }[] = [];
    let block = 0;
    let k = 0;
    for (; k < tokens.length && block < this.sealedRaw.length; k++) {
      const token = tokens[k];
      if (token.type === 'space') continue;
      if (token.raw !== this.sealedRaw[block]) return { kind: 'all', html: renderTokens(tokens, true) };
      const html = renderTokens([token], true);
      if (html !== this.sealedHtml[block]) replace.push({ index: block, html });
      block++;
    }
    if (block < this.sealedRaw.length) return { kind: 'all', html: renderTokens(tokens, true) };
    return { kind: 'blocks', replace, tail: renderTokens(tokens.slice(k), true) };
  }
}
