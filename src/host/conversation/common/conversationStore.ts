// Conversations on disk: one JSON file per conversation under the extension's global storage,
// written atomically (temp file + rename) so a crash never leaves half a file. A file that cannot
// be read is set aside (renamed *.corrupt-<time>) and reported; the others load as usual.
// Plain Node (no vscode import): the folder is passed in.

import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { TurnStatus, TurnView } from '../../../shared/protocol';

export interface StoredConversation {
  version: 1;
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  turns: TurnView[];
}

export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: number;
  turnCount: number;
}

export interface LoadProblem {
  file: string;
  /** Where the unreadable file was moved, so nothing is lost. */
  setAsideAs?: string;
  reason: string;
}

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const STATUSES: readonly TurnStatus[] = ['streaming', 'done', 'stopped', 'error', 'interrupted'];

export function newConversationId(): string {
  return randomUUID();
}

/** The first line of prose of the first question, shortened: a readable default title. */
export function titleFrom(question: string): string {
  // Code is cut out so that a question opening with a code block is named by its words; a question
  // that is only code is named by its first line of code.
  const prose = question.replace(/```[\s\S]*?(?:```|$)/g, ' ');
  const code = question.replace(/^\s*```.*$/gm, '');
  const text = firstLine(prose) ?? firstLine(code) ?? 'New chat';
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function firstLine(text: string): string | undefined {
  return text
    .split('\n')
    .map((l) => l.replace(/[`*_#>]/g, '').replace(/\s+/g, ' ').trim())
    .find(Boolean);
}

function isTurn(value: unknown): value is TurnView {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Partial<TurnView>;
  return (
    typeof t.id === 'string' &&
    typeof t.question === 'string' &&
    typeof t.answer === 'string' &&
    typeof t.reasoning === 'string' &&
    typeof t.startedAt === 'number' &&
    STATUSES.includes(t.status as TurnStatus)
  );
}

/** Checks the shape of a parsed file; returns a reason when it is not a conversation. */
export function validateConversation(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'not a JSON object';
  const c = value as Partial<StoredConversation>;
  if (c.version !== 1) return `unknown version ${JSON.stringify(c.version)}`;
  if (typeof c.id !== 'string' || !ID_PATTERN.test(c.id)) return 'missing or invalid id';
  if (typeof c.title !== 'string') return 'missing title';
  if (typeof c.createdAt !== 'number' || typeof c.updatedAt !== 'number') return 'missing timestamps';
  if (!Array.isArray(c.turns)) return 'missing turns';
  const bad = c.turns.findIndex((t) => !isTurn(t));
  if (bad >= 0) return `turn ${bad + 1} is malformed`;
  return undefined;
}

/** Set-aside copies of unreadable files kept for the user to look at; older ones are removed. */
export const KEEP_CORRUPT_COPIES = 5;

export class ConversationStore {
  private writes = Promise.resolve();
  /** Deleted this session: a save still on its way (an answer streaming into it) must not bring it back. */
  private readonly deleted = new Set<string>();

  constructor(private readonly dir: string) {}

  private file(id: string): string {
    if (!ID_PATTERN.test(id)) throw new Error(`invalid conversation id ${JSON.stringify(id)}`);
    return path.join(this.dir, `${id}.json`);
  }

  /** All readable conversations, newest first, and what could not be read (already set aside). */
  async list(): Promise<{ conversations: ConversationSummary[]; problems: LoadProblem[] }> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { conversations: [], problems: [] };
      throw err;
    }
    const conversations: ConversationSummary[] = [];
    const problems: LoadProblem[] = [];
    await this.pruneCorrupt(names);
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      const result = await this.read(path.join(this.dir, name));
      if ('problem' in result) problems.push(result.problem);
      else
        conversations.push({
          id: result.conversation.id,
          title: result.conversation.title,
          updatedAt: result.conversation.updatedAt,
          turnCount: result.conversation.turns.length,
        });
    }
    conversations.sort((a, b) => b.updatedAt - a.updatedAt);
    return { conversations, problems };
  }

  /** One conversation, or a problem (the file has been set aside) or undefined when it does not exist. */
  async load(id: string): Promise<{ conversation: StoredConversation } | { problem: LoadProblem } | undefined> {
    try {
      await fs.access(this.file(id));
    } catch {
      return undefined;
    }
    return this.read(this.file(id));
  }

  private async read(file: string): Promise<{ conversation: StoredConversation } | { problem: LoadProblem }> {
    let reason: string;
    try {
      const parsed: unknown = JSON.parse(await fs.readFile(file, 'utf8'));
      const invalid = validateConversation(parsed);
      if (!invalid) {
        const conversation = parsed as StoredConversation;
        if (path.basename(file) === `${conversation.id}.json`) return { conversation };
        reason = 'its id does not match its file name';
      } else reason = invalid;
    } catch (err) {
      reason = err instanceof SyntaxError ? `not valid JSON (${err.message})` : `unreadable (${(err as Error).message})`;
    }
    const setAsideAs = `${file}.corrupt-${Date.now()}`;
    try {
      await fs.rename(file, setAsideAs);
      return { problem: { file, setAsideAs, reason } };
    } catch {
      return { problem: { file, reason } };
    }
  }

  /** Removes all but the newest KEEP_CORRUPT_COPIES `*.corrupt-<time>` files. */
  private async pruneCorrupt(names: readonly string[]): Promise<void> {
    const stamp = (name: string): number => Number(/\.corrupt-(\d+)$/.exec(name)?.[1] ?? NaN);
    const corrupt = names.filter((n) => Number.isFinite(stamp(n))).sort((a, b) => stamp(b) - stamp(a));
    for (const name of corrupt.slice(KEEP_CORRUPT_COPIES)) await fs.rm(path.join(this.dir, name), { force: true }).catch(() => undefined);
  }

  /** Writes atomically; writes are serialized so an older snapshot never lands after a newer one. A deleted id is never written again. */
  save(conversation: StoredConversation): Promise<void> {
    const write = async () => {
      if (this.deleted.has(conversation.id)) return;
      await fs.mkdir(this.dir, { recursive: true });
      const target = this.file(conversation.id);
      const temp = `${target}.tmp-${process.pid}-${randomUUID().slice(0, 8)}`;
      await fs.writeFile(temp, JSON.stringify(conversation), 'utf8');
      try {
        await fs.rename(temp, target);
      } catch (err) {
        await fs.rm(temp, { force: true });
        throw err;
      }
    };
    const next = this.writes.then(write, write);
    this.writes = next.catch(() => undefined);
    return next;
  }

  async rename(id: string, title: string): Promise<boolean> {
    const loaded = await this.load(id);
    if (!loaded || !('conversation' in loaded)) return false;
    await this.save({ ...loaded.conversation, title: title.trim() || loaded.conversation.title, updatedAt: Date.now() });
    return true;
  }

  async delete(id: string): Promise<void> {
    this.deleted.add(id);
    await this.writes;
    await fs.rm(this.file(id), { force: true });
  }
}
