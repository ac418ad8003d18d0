// The question @deepseek sends for /explain, /fix, /tests (or a plain question) over the editor
// selection or the referenced files, and the messages it goes in. Pure, no vscode import.

import type { ChatMessage } from '../../../deepseek/types';
import { fenceFor, MAX_SELECTION_CHARS } from '../../core/common/selectionPrompt';
import { english, type Translate } from '../../core/common/translate';

export type ParticipantCommand = 'explain' | 'fix' | 'tests';

export interface CodeSnippet {
  /** Workspace-relative path or base name. */
  fileName: string;
  languageId: string;
  /** 1-based first line. */
  startLine: number;
  text: string;
}

export interface ParticipantPrompt {
  question: string;
  /** Visible notes (code cut to fit). */
  notes: string[];
}

const ASK: Record<ParticipantCommand, string> = {
  explain: 'Explain what this code does and how, step by step; point out anything surprising.',
  fix: 'Find the bugs in this code and fix them. Show the corrected code in full, then list each change and why.',
  tests: 'Write unit tests for this code, using the test framework the project most likely uses. Cover normal cases, edge cases and errors.',
};

export function isParticipantCommand(value: string | undefined): value is ParticipantCommand {
  return value === 'explain' || value === 'fix' || value === 'tests';
}

/** Builds the question; `snippets` may be empty (a plain question, or a command with nothing selected). */
export function buildParticipantPrompt(command: ParticipantCommand | undefined, userText: string, snippets: readonly CodeSnippet[], maxLines: number, tr: Translate = english): ParticipantPrompt {
  const notes: string[] = [];
  let budget = MAX_SELECTION_CHARS;
  const blocks = snippets.map((s) => {
    const lines = s.text.replace(/\r\n/g, '\n').split('\n');
    let code = lines.slice(0, maxLines).join('\n');
    if (lines.length > maxLines) notes.push(tr('{0}: cut to its first {1} of {2} lines (setting "deepseek.maxSelectionLines").', s.fileName, maxLines, lines.length));
    if (code.length > budget) {
      code = code.slice(0, Math.max(0, budget));
      notes.push(tr('{0}: cut to fit {1} characters in all.', s.fileName, MAX_SELECTION_CHARS.toLocaleString('en-US')));
    }
    budget -= code.length;
    const shown = code.split('\n').length;
    const where = shown === 1 ? `line ${s.startLine}` : `lines ${s.startLine}–${s.startLine + shown - 1}`;
    const lang = /^[\w+#.-]+$/.test(s.languageId) ? s.languageId : '';
    const fence = fenceFor(code);
    return `\`${s.fileName.replace(/`/g, '')}\` (${where}):\n\n${fence}${lang}\n${code}\n${fence}`;
  });
  const parts: string[] = [];
  if (command) parts.push(ASK[command]);
  if (userText.trim()) parts.push(userText.trim());
  if (blocks.length > 0) parts.push(blocks.join('\n\n'));
  return { question: parts.join('\n\n'), notes };
}

/**
 * The request's messages: the system prompt (when set), the session's earlier questions with their
 * answers (turns without an answer are left out), then the new question.
 */
export function participantMessages(systemPrompt: string, earlier: ReadonlyArray<{ question: string; answer: string }>, question: string): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (systemPrompt.trim()) messages.push({ role: 'system', content: systemPrompt });
  for (const t of earlier) {
    if (!t.answer.trim()) continue;
    messages.push({ role: 'user', content: t.question }, { role: 'assistant', content: t.answer });
  }
  messages.push({ role: 'user', content: question });
  return messages;
}
