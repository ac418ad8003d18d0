// Turns an editor selection into the question Explain Selection sends. Pure, no vscode import.
// The question is in the display language (`tr`), so a Chinese-speaking user gets a Chinese answer.

import { english, type Translate } from './translate';

export interface SelectionInfo {
  text: string;
  languageId: string;
  /** File name shown to the model and the user (workspace-relative or base name). */
  fileName: string;
  /** 1-based first line of the selection. */
  startLine: number;
}

export interface SelectionPrompt {
  question: string;
  /** Visible note when the selection was cut. */
  note?: string;
}

/** Longest selection sent, in characters, whatever the line count (minified files have huge lines). */
export const MAX_SELECTION_CHARS = 60_000;

/** A fence longer than any backtick run inside the code, so the code cannot close it early. */
export function fenceFor(code: string): string {
  let longest = 0;
  for (const run of code.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}

export function buildSelectionPrompt(sel: SelectionInfo, maxLines: number, tr: Translate = english): SelectionPrompt {
  const lines = sel.text.replace(/\r\n/g, '\n').split('\n');
  let code = lines.slice(0, maxLines).join('\n');
  let note: string | undefined;
  if (lines.length > maxLines) {
    note = tr('Selection cut to its first {0} of {1} lines (setting "deepseek.maxSelectionLines").', maxLines, lines.length);
  }
  if (code.length > MAX_SELECTION_CHARS) {
    code = code.slice(0, MAX_SELECTION_CHARS);
    note = tr('Selection cut to its first {0} characters.', MAX_SELECTION_CHARS.toLocaleString('en-US'));
  }
  const shownLines = code.split('\n').length;
  const endLine = sel.startLine + shownLines - 1;
  const where = shownLines === 1 ? tr('line {0}', sel.startLine) : tr('lines {0}–{1}', sel.startLine, endLine);
  const lang = /^[\w+#.-]+$/.test(sel.languageId) ? sel.languageId : '';
  const fence = fenceFor(code);
  const question =
    `${tr('Explain this {0} from {1} ({2}):', lang || tr('code'), `\`${sel.fileName.replace(/`/g, '')}\``, where)}\n\n` +
    `${fence}${lang}\n${code}\n${fence}` +
    (note ? `\n\n${tr('(The selection was longer; only the part above is included.)')}` : '');
  return { question, note };
}
