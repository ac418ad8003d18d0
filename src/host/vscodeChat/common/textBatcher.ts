// Gathers streamed text for `flushMs` before handing it on: VS Code's Chat view re-renders on every
// update, so fewer, larger pieces keep it responsive. A change of kind (answer text / thinking)
// flushes at once, so the order is kept. No vscode import: the caller says how to emit.

export class TextBatcher<K extends string> {
  private kind: K | undefined;
  private pending = '';
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly emit: (kind: K, text: string) => void,
    private readonly flushMs: number,
  ) {}

  add(kind: K, text: string): void {
    if (this.kind !== kind) this.flush();
    this.kind = kind;
    this.pending += text;
    this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending === '' || this.kind === undefined) return;
    const text = this.pending;
    this.pending = '';
    this.emit(this.kind, text);
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
