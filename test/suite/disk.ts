// What the extension leaves on disk, read from inside the extension host: the saved conversations
// under its global storage and its log files. The runner passes the user-data dir
// (DEEPSEEK_TEST_USER_DATA_DIR); `vscode.extensions.getExtension()` does not expose the context.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TurnView } from '../../src/shared/protocol';
import { conversationsDirIn } from '../runners/plant';

export interface SavedConversation {
  version: number;
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  turns: TurnView[];
}

export interface SavedFile {
  file: string;
  data: SavedConversation;
}

export function userDataDir(): string {
  const dir = process.env.DEEPSEEK_TEST_USER_DATA_DIR;
  assert.ok(dir, 'DEEPSEEK_TEST_USER_DATA_DIR is not set: the runner must pass the user-data dir');
  return dir;
}

/** `<user-data-dir>/User/globalStorage/deepseek-assistant.deepseek-assistant/conversations`. */
export function conversationsDir(): string {
  return conversationsDirIn(userDataDir());
}

/** Every file in the conversations folder (saved, set aside, temp), by name. */
export function conversationFileNames(): string[] {
  try {
    return fs.readdirSync(conversationsDir()).sort();
  } catch {
    return [];
  }
}

/** The saved conversations (`*.json`) that parse; a file caught mid-rename is skipped. */
export function savedConversations(): SavedFile[] {
  const out: SavedFile[] = [];
  for (const name of conversationFileNames()) {
    if (!name.endsWith('.json')) continue;
    const file = path.join(conversationsDir(), name);
    try {
      out.push({ file, data: JSON.parse(fs.readFileSync(file, 'utf8')) as SavedConversation });
    } catch {
      /* renamed or replaced between readdir and read */
    }
  }
  return out;
}

/** The saved conversation whose turns include this exact question. */
export function savedWithQuestion(question: string): SavedFile | undefined {
  return savedConversations().find((c) => c.data.turns.some((t) => t.question === question));
}

export function savedTurn(question: string): TurnView | undefined {
  return savedWithQuestion(question)?.data.turns.find((t) => t.question === question);
}

/** All files under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Log files of this VS Code (all of `<user-data-dir>/logs`) that contain `needle`. */
export function logFilesContaining(needle: string): string[] {
  return filesUnder(path.join(userDataDir(), 'logs')).filter((f) => readText(f).includes(needle));
}
