// A small bracket scanner: which brackets a text leaves open, and where a text closes one it never
// opened. Quotes on a line are skipped (brackets in strings do not count); enough for completions.

const PAIRS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
const OPENERS = new Set(['(', '[', '{']);
const QUOTES = new Set(['"', "'", '`']);

export type BracketEvent = { kind: 'open'; char: string; at: number } | { kind: 'close'; char: string; opener: string; at: number };

/** The bracket events of `text` outside quotes (a quote left open ends at the line's end, except backticks). */
export function bracketEvents(text: string): BracketEvent[] {
  const out: BracketEvent[] = [];
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote || (c === '\n' && quote !== '`')) quote = undefined;
      continue;
    }
    if (QUOTES.has(c)) quote = c;
    else if (OPENERS.has(c)) out.push({ kind: 'open', char: c, at: i });
    else if (c in PAIRS) out.push({ kind: 'close', char: c, opener: PAIRS[c]!, at: i });
  }
  return out;
}

/** The openers `text` leaves unclosed, innermost last. */
export function openBrackets(text: string): string[] {
  const stack: string[] = [];
  for (const e of bracketEvents(text)) {
    if (e.kind === 'open') stack.push(e.char);
    else if (stack[stack.length - 1] === e.opener) stack.pop();
  }
  return stack;
}

/** How many closers of `text` have no opener, given the openers `open` before it (innermost last). */
export function excessClosers(text: string, open: readonly string[]): number {
  const stack = [...open];
  let excess = 0;
  for (const e of bracketEvents(text)) {
    if (e.kind === 'open') stack.push(e.char);
    else if (stack[stack.length - 1] === e.opener) stack.pop();
    else excess++;
  }
  return excess;
}
