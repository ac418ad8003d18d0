// Writes a streamed document to a file as it arrives: text is appended with at most one write in
// flight, at most FLUSH_MS after it arrived, so a crash or a reload loses at most that much. The
// text is not kept in memory once written. No vscode import.

import * as fs from 'node:fs/promises';

export const FLUSH_MS = 250;

export class FileSink {
  private pending: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private failure: Error | undefined;
  /** Text that could not be written after a failure (kept, so nothing received is lost). */
  unwritten = '';
  /** Characters handed to the file system so far. */
  written = 0;

  private constructor(
    readonly path: string,
    private readonly file: fs.FileHandle,
    private readonly onError: (err: Error) => void,
    private readonly flushMs: number,
  ) {}

  /** Creates (or empties) the file. */
  static async open(path: string, onError: (err: Error) => void, flushMs = FLUSH_MS): Promise<FileSink> {
    return new FileSink(path, await fs.open(path, 'w'), onError, flushMs);
  }

  /** Opens an existing file to append to it (Resume). */
  static async reopen(path: string, onError: (err: Error) => void, flushMs = FLUSH_MS): Promise<FileSink> {
    return new FileSink(path, await fs.open(path, 'a'), onError, flushMs);
  }

  append(text: string): void {
    if (!text) return;
    this.pending.push(text);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.flushMs);
  }

  /** Writes everything appended so far; resolves when it is in the file. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length > 0) {
      const text = this.pending.join('');
      this.pending = [];
      this.writing = this.writing.then(async () => {
        if (this.failure) {
          this.unwritten += text;
          return;
        }
        try {
          await this.file.appendFile(text, 'utf8');
          this.written += text.length;
        } catch (err) {
          this.unwritten += text;
          this.failure = err instanceof Error ? err : new Error(String(err));
          this.onError(this.failure);
        }
      });
    }
    return this.writing;
  }

  /** The whole file as written (for a continuation's prefix). */
  async textSoFar(): Promise<string> {
    await this.flush();
    return fs.readFile(this.path, 'utf8');
  }

  async close(): Promise<void> {
    await this.flush();
    await this.file.sync().catch(() => undefined);
    await this.file.close().catch(() => undefined);
  }

  /** After a failure: the whole document as far as it arrived (what the file holds plus the unwritten rest). */
  async rescue(): Promise<string | undefined> {
    await this.flush();
    if (!this.failure) return undefined;
    const onDisk = await fs.readFile(this.path, 'utf8').catch(() => '');
    return onDisk + this.unwritten;
  }
}
