// One completion request from the text around the cursor: the budgeted window, the context comments
// in front of it, single- or multi-line mode, stop sequences and the output limit.

import type { FimRequest } from '../../../deepseek/fim';
import { budgetWindow } from './budget';
import { formatContext, selectContext, type OpenFile } from './contextSnippets';

/** Tokens of prefix + suffix, and of context on top (DeepSeek bills input: keep it small). */
export const WINDOW_TOKENS = 1500;
export const CONTEXT_TOKENS = 300;
const SINGLE_LINE_TOKENS = 64;
const MULTI_LINE_TOKENS = 256;

export interface CursorText {
  /** The document's id (its URI). */
  doc: string;
  path: string;
  languageId: string;
  /** Text before the cursor (the last maxCharsFor(WINDOW_TOKENS) characters at most). */
  before: string;
  /** Text after the cursor (as many characters at most). */
  after: string;
  /** The document's text before `before` (for its import lines); '' when `before` starts the file. */
  head: () => string;
  /** Other open files, most recently used first. */
  openFiles: () => readonly OpenFile[];
}

export function linePrefixOf(before: string): string {
  return before.slice(before.lastIndexOf('\n') + 1);
}

export function lineSuffixOf(after: string): string {
  const end = after.indexOf('\n');
  return end < 0 ? after : after.slice(0, end);
}

/** Only closing brackets, quotes and punctuation after the cursor: a multi-line suggestion fits. */
export function multiLine(lineSuffix: string): boolean {
  return /^[\s)\]}'"`;,]*$/.test(lineSuffix);
}

export interface BuiltRequest {
  body: Omit<FimRequest, 'model'>;
  /** The window sent (for post-processing: the brackets open before the cursor, the suffix). */
  prefix: string;
  suffix: string;
  multiLine: boolean;
}

export function buildRequest(cursor: CursorText): BuiltRequest {
  const window = budgetWindow(cursor.before, cursor.after, WINDOW_TOKENS);
  const cutBefore = cursor.before.slice(0, cursor.before.length - window.prefix.length);
  const snippets = selectContext(
    { path: cursor.path, languageId: cursor.languageId, head: cursor.head() + cutBefore, window: window.prefix + window.suffix },
    cursor.openFiles(),
    CONTEXT_TOKENS,
  );
  const many = multiLine(lineSuffixOf(cursor.after));
  return {
    body: {
      prompt: formatContext(snippets, cursor.languageId) + window.prefix,
      suffix: window.suffix,
      max_tokens: many ? MULTI_LINE_TOKENS : SINGLE_LINE_TOKENS,
      stop: many ? ['\n\n\n'] : ['\n'],
      temperature: 0,
    },
    prefix: window.prefix,
    suffix: window.suffix,
    multiLine: many,
  };
}
