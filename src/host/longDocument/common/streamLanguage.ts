// The language mode of a document while it streams in. Language features re-read the whole document
// after edits (profiled: VS Code's markdown extension sends the document to its language server again
// and again and re-parses it), which is nothing for a page and floods the extension host for long
// documents. Measured in bench section 6 (markdown): at a model's rate the edits' round trip
// grew from ~45 ms to ~330 ms past 240 KB; at full speed 5 MB took 2.2 GB of extension host heap and
// thirteen times as long as in Plain Text. So a document that grows past
// PLAIN_WHILE_STREAMING_CHARS is put in Plain Text until the writing ends, then gets its language
// (once: one pass of the language features). A language the user picks meanwhile is left alone.
// No vscode import: the caller passes how to read and set the mode.

export const PLAIN_WHILE_STREAMING_CHARS = 128 * 1024;
export const PLAIN = 'plaintext';

export interface LanguageAccess {
  /** The document's language mode now (undefined when the document is gone). */
  current(): string | undefined;
  /** Sets the mode; resolves once the document has it. */
  set(languageId: string): Promise<void>;
}

export class StreamLanguage {
  /** The language the document should have (from the request or the answer's fence). */
  private wanted: string | undefined;
  /** The mode this class last set (to tell it from a mode the user picked). */
  private ours: string;
  private plainForSize = false;
  /** Mode changes not yet seen on the document: its mode is in flux, not the user's doing. */
  private pending = 0;

  constructor(
    private readonly access: LanguageAccess,
    initial: string | undefined,
    private readonly limit = PLAIN_WHILE_STREAMING_CHARS,
  ) {
    this.wanted = initial;
    this.ours = initial ?? PLAIN;
  }

  private userChanged(): boolean {
    if (this.pending > 0) return false;
    const now = this.access.current();
    return now !== undefined && now !== this.ours;
  }

  private set(id: string): void {
    this.ours = id;
    this.pending++;
    void this.access
      .set(id)
      .catch(() => undefined)
      .finally(() => this.pending--);
  }

  /** The answer names a language (its fence): set now, or at the end when the document is already large. */
  want(languageId: string): void {
    if (this.userChanged()) return;
    this.wanted = languageId;
    if (!this.plainForSize && this.ours !== languageId) this.set(languageId);
  }

  /** The document holds `chars` characters: past the limit it goes to Plain Text until finish(). */
  grow(chars: number): void {
    if (this.plainForSize || chars < this.limit) return;
    this.plainForSize = true;
    if (this.ours !== PLAIN && !this.userChanged()) this.set(PLAIN);
  }

  /** The writing ended (done, stopped or failed): the document gets its language. */
  finish(): void {
    if (!this.plainForSize) return;
    this.plainForSize = false;
    if (this.wanted && this.wanted !== PLAIN && !this.userChanged()) this.set(this.wanted);
  }

  /** Whether the document is in Plain Text for its size now (for tests and the bench). */
  get deferred(): boolean {
    return this.plainForSize;
  }
}
