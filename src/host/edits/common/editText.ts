// The text side of Edit Selection, free of vscode so it is unit-tested in plain Node:
// the request, pulling the code out of a model's answer (fences and chatter stripped, also while it
// streams) and fitting that code to the selection's indentation and line ending.

import type { ChatMessage } from '../../../deepseek/types';

export const EDIT_SYSTEM_PROMPT =
  'You rewrite code inside an editor. Reply with only the replacement for the given code, in one fenced code block, ' +
  'with no explanation before or after it. Keep the surrounding code\'s style and indentation. ' +
  'Do not repeat the context lines; return only what replaces the selected code.';

export interface EditRequestInput {
  instruction: string;
  selected: string;
  languageId: string;
  fileName: string;
  /** A few lines before and after the selection, so the model sees where the code lives. */
  before: string;
  after: string;
}

export function buildEditMessages(input: EditRequestInput): ChatMessage[] {
  const fence = fenceFor(input.selected + input.before + input.after);
  const lang = input.languageId;
  const parts = [`File: ${input.fileName}`, `Instruction: ${input.instruction.trim()}`, ''];
  if (input.before.trim()) parts.push('Context before the selection (do not return it):', `${fence}${lang}`, input.before, fence, '');
  parts.push('Selected code to replace:', `${fence}${lang}`, input.selected, fence, '');
  if (input.after.trim()) parts.push('Context after the selection (do not return it):', `${fence}${lang}`, input.after, fence, '');
  parts.push('Reply with the replacement for the selected code only, in one fenced code block.');
  return [
    { role: 'system', content: EDIT_SYSTEM_PROMPT },
    { role: 'user', content: parts.join('\n') },
  ];
}

/** A backtick fence longer than any run of backticks in the text, so the text cannot close it. */
export function fenceFor(text: string): string {
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(Math.max(3, longest + 1));
}

const OPEN_FENCE = /^( {0,3})(`{3,}|~{3,})[^\n`]*$/;

/**
 * The code in an answer: the first fenced block's body (chatter before and after dropped); an answer
 * without a fence is taken whole, minus blank lines around it. `final` false means the answer is still
 * streaming: an unclosed fence yields what arrived so far, and a last line that may yet become a fence
 * opener is held back so chatter never flashes into the diff.
 */
export function extractCode(answer: string, final: boolean): string {
  const text = answer.replace(/\r\n/g, '\n');
  const lines = text.split('\n');
  // While streaming, the last line is incomplete: it is only used once it cannot be a fence any more.
  const complete = final ? lines : lines.slice(0, -1);
  const tail = final ? '' : lines[lines.length - 1]!;
  for (let i = 0; i < complete.length; i++) {
    const open = OPEN_FENCE.exec(complete[i]!);
    if (!open) continue;
    const marker = open[2]!;
    const indent = open[1]!.length;
    const body: string[] = [];
    for (let j = i + 1; j < complete.length; j++) {
      const line = complete[j]!;
      if (isClosingFence(line, marker)) return body.join('\n');
      body.push(indent > 0 ? stripUpTo(line, indent) : line);
    }
    // Unclosed: the answer is still coming (or was cut); show the complete lines plus the tail,
    // unless the tail may be the closing fence.
    if (!final && tail !== '' && !couldBecomeClosing(tail, marker)) body.push(indent > 0 ? stripUpTo(tail, indent) : tail);
    return body.join('\n');
  }
  // No fence (yet). While streaming, an answer that may still open a fence shows nothing: text before
  // a fence is chatter. Plain code without fences is shown once it is clearly not chatter-then-fence.
  if (!final) {
    // The first line with text decides (an answer may start with a blank line).
    const first = complete.find((line) => line.trim() !== '');
    if (first === undefined) return '';
    // Prose before a fence ("Here is the code:") is typical: wait for the answer to end or a fence.
    if (looksLikeProse(first)) return '';
    const out = [...complete];
    if (tail !== '' && !/^\s{0,3}[`~]{1,}/.test(tail)) out.push(tail);
    return trimBlankLines(out.join('\n'));
  }
  return trimBlankLines(text);
}

function isClosingFence(line: string, marker: string): boolean {
  const m = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
  return !!m && m[1]![0] === marker[0] && m[1]!.length >= marker.length;
}

function couldBecomeClosing(partial: string, marker: string): boolean {
  const m = /^ {0,3}([`~]*)\s*$/.exec(partial);
  return !!m && (m[1] === '' || m[1]![0] === marker[0]);
}

function stripUpTo(line: string, n: number): string {
  let i = 0;
  while (i < n && line[i] === ' ') i++;
  return line.slice(i);
}

function trimBlankLines(text: string): string {
  return text.replace(/^(?:[ \t]*\n)+/, '').replace(/(?:\n[ \t]*)+$/, '');
}

/** A sentence rather than code: starts with a word and ends like prose ("Here is the fix:"). */
function looksLikeProse(line: string): boolean {
  return /^[A-Z][a-z]+\b[^;{}()=]*[:.!]\s*$/.test(line.trim()) || /^(here|sure|certainly|okay|ok)\b/i.test(line.trim());
}

export interface IndentTarget {
  /**
   * Leading whitespace of the selection's first line when the selection starts at column 0 (the
   * session widens a selection that starts inside the indentation to column 0). A selection that
   * starts after other text on its line passes '' : its code is used as the model wrote it.
   */
  baseIndent: string;
  /** The document's end of line (`\n` or `\r\n`). */
  eol: '\n' | '\r\n';
  /** Whether the selected text ends with a line break (a selection of whole lines). */
  endsWithNewline: boolean;
}

/**
 * Fits the model's code to where it goes: re-bases its indentation on the selection's (models often
 * return the code dedented), uses the document's line ending, and keeps a trailing line break exactly
 * when the selection had one.
 */
export function fitToSelection(code: string, target: IndentTarget): string {
  const lines = code.replace(/\r\n/g, '\n').split('\n');
  while (lines.length > 1 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const common = commonIndent(lines);
  const base = target.baseIndent;
  // Already at (or beyond) the selection's indentation: the model kept it; leave the code as is.
  const rebase = !(common.length >= base.length && common.startsWith(base));
  const out = lines.map((line) => {
    if (line.trim() === '') return '';
    return rebase ? base + line.slice(common.length) : line;
  });
  let text = out.join(target.eol);
  if (target.endsWithNewline) text += target.eol;
  return text;
}

/** The longest whitespace prefix shared by all non-blank lines. */
export function commonIndent(lines: readonly string[]): string {
  let common: string | undefined;
  for (const line of lines) {
    if (line.trim() === '') continue;
    const indent = /^[ \t]*/.exec(line)![0];
    if (common === undefined) common = indent;
    else {
      let i = 0;
      while (i < common.length && i < indent.length && common[i] === indent[i]) i++;
      common = common.slice(0, i);
    }
  }
  return common ?? '';
}
