// The text around the cursor that a FIM request carries: the end of the prefix and the start of the
// suffix, cut at line boundaries, within a token budget (prefix first: it predicts more).

import { estimateTokens } from '../../conversation/common/conversation';

export interface Window {
  prefix: string;
  suffix: string;
}

/** The largest number of characters a budget can ever need (≥ 1 token per 3.4 characters of ASCII). */
export function maxCharsFor(tokens: number): number {
  return Math.ceil(tokens / 0.3) + 1;
}

/**
 * `before`/`after`: the text before and after the cursor (already limited to maxCharsFor(budget)).
 * The suffix gets up to `suffixShare` of the budget; what it does not use goes to the prefix.
 * The cursor's own line is always kept whole on both sides (a line longer than the budget is cut).
 */
export function budgetWindow(before: string, after: string, budgetTokens: number, suffixShare = 0.25): Window {
  const suffixBudget = Math.floor(budgetTokens * suffixShare);
  const suffix = headWithin(after, suffixBudget);
  const prefix = tailWithin(before, budgetTokens - estimateTokens(suffix));
  return { prefix, suffix };
}

/** The last whole lines of `text` within `tokens` (the cursor's line always, cut if it alone is too long). */
export function tailWithin(text: string, tokens: number): string {
  if (estimateTokens(text) <= tokens) return text;
  const lastBreak = text.lastIndexOf('\n');
  const cursorLine = text.slice(lastBreak + 1);
  if (lastBreak < 0 || estimateTokens(cursorLine) >= tokens) return cutTail(cursorLine, tokens);
  let start = lastBreak + 1;
  let used = estimateTokens(cursorLine);
  for (;;) {
    const prev = start > 1 ? text.lastIndexOf('\n', start - 2) : -1; // from -1 it finds a break at 0 again
    const line = text.slice(prev + 1, start);
    const cost = estimateTokens(line);
    if (used + cost > tokens) break;
    used += cost;
    start = prev + 1;
    if (prev < 0) break;
  }
  return text.slice(start);
}

/** The first whole lines of `text` within `tokens` (the rest of the cursor's line always, cut if too long). */
export function headWithin(text: string, tokens: number): string {
  if (estimateTokens(text) <= tokens) return text;
  const firstBreak = text.indexOf('\n');
  const restOfLine = firstBreak < 0 ? text : text.slice(0, firstBreak + 1);
  if (firstBreak < 0 || estimateTokens(restOfLine) >= tokens) return cutHead(restOfLine, tokens);
  let end = firstBreak + 1;
  let used = estimateTokens(restOfLine);
  for (;;) {
    const next = text.indexOf('\n', end);
    const line = next < 0 ? text.slice(end) : text.slice(end, next + 1);
    const cost = estimateTokens(line);
    if (line === '' || used + cost > tokens) break;
    used += cost;
    end += line.length;
    if (next < 0) break;
  }
  return text.slice(0, end);
}

function cutTail(text: string, tokens: number): string {
  let start = text.length;
  let tenths = 0;
  while (start > 0) {
    const cost = text.charCodeAt(start - 1) < 0x80 ? 3 : 6;
    if (tenths + cost > tokens * 10) break;
    tenths += cost;
    start--;
  }
  return text.slice(start);
}

function cutHead(text: string, tokens: number): string {
  let end = 0;
  let tenths = 0;
  while (end < text.length) {
    const cost = text.charCodeAt(end) < 0x80 ? 3 : 6;
    if (tenths + cost > tokens * 10) break;
    tenths += cost;
    end++;
  }
  return text.slice(0, end);
}
