// Saves at most once per interval while an answer streams (so a crash loses under a second of
// text), and at once when asked (turn start and end).

export class Autosave {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly save: () => Promise<void>,
    private readonly onError: (err: unknown) => void,
    private readonly intervalMs = 500,
  ) {}

  /** Saves within `intervalMs`; calls in between are folded into that one save. */
  schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.save().catch(this.onError);
    }, this.intervalMs);
  }

  /** Saves now (cancelling a scheduled save, which this one includes). */
  async now(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.save().catch(this.onError);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
