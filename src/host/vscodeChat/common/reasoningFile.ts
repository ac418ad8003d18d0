// The reasoning store on disk: `<globalStorage>/reasoning-by-call.json`, read once at start, written
// after each change (writes coalesce: one in flight, the newest state written next). A file that
// cannot be read starts the store empty; the conversation then sends "" (the request still goes out).

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ReasoningStore } from './reasoningStore';

export class ReasoningFile {
  readonly store = new ReasoningStore();
  private writing: Promise<void> | undefined;
  private dirty = false;

  constructor(
    private readonly file: string,
    private readonly warn: (message: string) => void,
  ) {}

  static in(storageDir: string, warn: (message: string) => void): ReasoningFile {
    return new ReasoningFile(path.join(storageDir, 'reasoning-by-call.json'), warn);
  }

  /** Reads the file into the store (the memory is replaced, as after a window reload). */
  async load(): Promise<void> {
    await this.whenWritten();
    try {
      this.store.load(JSON.parse(await fs.readFile(this.file, 'utf8')));
    } catch (err) {
      this.store.load(undefined);
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.warn(`Could not read ${this.file}: ${(err as Error).message}`);
    }
  }

  remember(callId: string, reasoning: string): void {
    this.store.set(callId, reasoning);
    this.save();
  }

  get(callId: string): string | undefined {
    return this.store.get(callId);
  }

  /** Resolves when the newest state is on disk. */
  async whenWritten(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private save(): void {
    this.dirty = true;
    if (this.writing) return;
    this.writing = this.writeLoop().finally(() => (this.writing = undefined));
  }

  private async writeLoop(): Promise<void> {
    while (this.dirty) {
      this.dirty = false;
      const text = JSON.stringify(this.store.toJSON());
      try {
        await fs.mkdir(path.dirname(this.file), { recursive: true });
        // Written aside and renamed: a reload in the middle never leaves half a file.
        const tmp = `${this.file}.tmp`;
        await fs.writeFile(tmp, text, 'utf8');
        await fs.rename(tmp, this.file);
      } catch (err) {
        this.warn(`Could not save ${this.file}: ${(err as Error).message}`);
      }
    }
  }
}
