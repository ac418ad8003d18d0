// What is done to a completion before it is shown: cut at the end of the block (indentation), drop
// what repeats the text after the cursor, and keep brackets balanced.

import { bracketEvents, excessClosers, openBrackets } from './brackets';

export interface Place {
  /** The text of the cursor's line before the cursor. */
  linePrefix: string;
  /** The text after the cursor (at least the rest of the line and a few lines). */
  suffix: string;
  /** The text before the cursor (a window of it: for the brackets left open). */
  prefix: string;
}

/** Lines a suggestion may have at most. */
export const MAX_LINES = 16;

function indentWidth(line: string): number {
  let w = 0;
  for (const c of line) {
    if (c === ' ') w++;
    else if (c === '\t') w += 4;
    else break;
  }
  return w;
}

/**
 * Where the block ends in a (possibly still streaming) completion: the start of the first complete
 * line indented less than the cursor's line, or of the first line at the cursor's level after a blank
 * line; or the MAX_LINES limit. Undefined: no end yet. The line break before the cut is dropped too.
 */
export function blockEnd(text: string, linePrefix: string): number | undefined {
  const base = indentWidth(linePrefix);
  let start = text.indexOf('\n');
  let lines = 1;
  let afterBlank = false;
  while (start >= 0) {
    const next = text.indexOf('\n', start + 1);
    const line = next < 0 ? text.slice(start + 1) : text.slice(start + 1, next);
    // A line still streaming with only spaces so far decides nothing yet.
    if (line.trim() === '') {
      if (next < 0) return undefined;
      afterBlank = true;
    } else {
      const width = indentWidth(line);
      if (width < base || (afterBlank && width <= base)) return start;
      afterBlank = false;
    }
    lines++;
    if (lines > MAX_LINES) return start;
    start = next;
  }
  return undefined;
}

/** Cuts at the block end and trims trailing blank lines and spaces. */
export function cutAtBlockEnd(text: string, linePrefix: string): string {
  const end = blockEnd(text, linePrefix);
  return (end === undefined ? text : text.slice(0, end)).replace(/\s+$/, '');
}

/**
 * Drops the end of the completion that repeats the text after the cursor: whole lines that equal the
 * next lines, the rest of the line, or closing brackets the line already has (only while they would
 * close more than is open).
 */
export function dropSuffixOverlap(text: string, place: Place): string {
  const rest = place.suffix.split('\n')[0] ?? '';
  const lines = text.split('\n');
  if (lines.length > 1) {
    const next = place.suffix.split('\n').slice(1).map((l) => l.trim()).filter(Boolean);
    // The most trailing lines (not the first) that equal the next lines of the file.
    for (let n = Math.min(lines.length - 1, next.length); n > 0; n--) {
      const tail = lines.slice(lines.length - n).map((l) => l.trim());
      if (tail.join('\n') === next.slice(0, n).join('\n')) return dropSuffixOverlap(lines.slice(0, lines.length - n).join('\n').replace(/\s+$/, ''), place);
    }
  }
  const restTrimmed = rest.trim();
  if (restTrimmed.length >= 2 && text.trimEnd().endsWith(restTrimmed)) return text.trimEnd().slice(0, -restTrimmed.length);
  const open = openBrackets(place.prefix);
  for (let k = Math.min(rest.length, text.length); k > 0; k--) {
    const over = rest.slice(0, k);
    if (!text.endsWith(over) || !/^[)\]};,\s"'`]+$/.test(over)) continue;
    const kept = text.slice(0, text.length - k);
    if (excessClosers(kept + rest, open) < excessClosers(text + rest, open)) return kept;
  }
  return text;
}

/**
 * Keeps brackets balanced: cuts where the completion closes a bracket that is not the innermost one
 * open, and a multi-line completion that leaves brackets of its own open is cut back to its last line
 * that closed them all.
 */
export function balanceBrackets(text: string, place: Place): string {
  const outer = openBrackets(place.prefix);
  const stack: string[] = [];
  for (const e of bracketEvents(text)) {
    if (e.kind === 'open') stack.push(e.char);
    else if (stack.length > 0 && stack[stack.length - 1] === e.opener) stack.pop();
    else if (stack.length === 0 && outer[outer.length - 1] === e.opener) outer.pop();
    else return text.slice(0, e.at).trimEnd();
  }
  if (stack.length === 0 || !text.includes('\n')) return text;
  const end = lastBalancedLineEnd(text);
  return end > 0 ? text.slice(0, end).trimEnd() : text;
}

/** The last line break at which the text's own brackets were all closed (-1: none). */
function lastBalancedLineEnd(text: string): number {
  const events = bracketEvents(text);
  let depth = 0;
  let j = 0;
  let last = -1;
  for (let i = 0; i < text.length; i++) {
    while (j < events.length && events[j]!.at < i) depth += events[j++]!.kind === 'open' ? 1 : -1;
    if (text[i] === '\n' && depth <= 0) last = i;
  }
  return last;
}

/** All of it, in order: block end, suffix overlap, brackets. */
export function postProcess(raw: string, place: Place): string {
  const cut = cutAtBlockEnd(raw, place.linePrefix);
  const balanced = balanceBrackets(cut, place);
  return dropSuffixOverlap(balanced, place);
}
