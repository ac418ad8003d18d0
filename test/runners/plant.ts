// Saved conversations planted in a fresh profile before VS Code starts, so the first activation
// meets them: one corrupt file (half a JSON document, as a crash mid-write by another tool would
// leave) and one valid conversation saved "by an earlier session". The in-host suite
// (test/suite/persistence.test.ts) and the end-to-end run check what the extension made of them.
// Plain Node; the constants are shared with the suite.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXTENSION_ID } from '../../src/host/api';

/** `<user-data-dir>/User/globalStorage/<extension id>/conversations` (desktop VS Code and code-server alike). */
export function conversationsDirIn(userDataDir: string): string {
  return path.join(userDataDir, 'User', 'globalStorage', EXTENSION_ID, 'conversations');
}

export const PLANTED_CORRUPT_NAME = 'planted-corrupt.json';
export const PLANTED_CORRUPT_CONTENT =
  '{"version":1,"id":"planted-corrupt","title":"Half a file","createdAt":1,"updatedAt":2,"turns":[{"id":"t1","question":"This file was cut off mid-wr';

export const PLANTED_VALID_ID = 'planted-valid';
export const PLANTED_VALID_TITLE = 'Planted by an earlier session';
export const PLANTED_VALID_QUESTION = 'What was saved before this window opened? (planted conversation)';
export const PLANTED_VALID_ANSWER = 'A conversation saved by an earlier session, lying next to a corrupt file.';

export function plantedValidConversation(now = Date.now()): Record<string, unknown> {
  return {
    version: 1,
    id: PLANTED_VALID_ID,
    title: PLANTED_VALID_TITLE,
    createdAt: now - 2 * 3600_000,
    updatedAt: now - 3600_000,
    turns: [
      {
        id: 'tplanted1',
        question: PLANTED_VALID_QUESTION,
        answer: PLANTED_VALID_ANSWER,
        reasoning: '',
        status: 'done',
        model: 'deepseek-flash',
        finishReason: 'stop',
        startedAt: now - 3600_000 - 5000,
        endedAt: now - 3600_000,
      },
    ],
  };
}

export interface PlantOptions {
  /** Also plant the valid conversation (default true). */
  valid?: boolean;
}

/** Writes the planted files into a profile that VS Code has not opened yet. */
export function plantConversations(userDataDir: string, opts: PlantOptions = {}): string {
  const dir = conversationsDirIn(userDataDir);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, PLANTED_CORRUPT_NAME), PLANTED_CORRUPT_CONTENT);
  if (opts.valid ?? true) {
    fs.writeFileSync(path.join(dir, `${PLANTED_VALID_ID}.json`), JSON.stringify(plantedValidConversation()));
  }
  return dir;
}
