// Saves at most once per interval while an answer streams (so a crash loses under a second of
// text), and at once when asked (turn start and end).

export class Autosave {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight = new Set<Promise<void>>();

  constructor(
    private readonly save: () => Promise<void>,
    private readonly onError: (err: unknown) => void,
    private readonly intervalMs = 500,
  ) {}

  /** Saves within `intervalMs`; calls in between are folded into that one save. */
  schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.track();
    }, this.intervalMs);
  }

  private track(): Promise<void> {
    const p = this.save().catch(this.onError);
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    return p;
  }

  /** Resolves once nothing is scheduled or being written (for tests and shutdown). */
  async settled(): Promise<void> {
    while (this.timer || this.inFlight.size > 0) {
      if (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
      else await new Promise<void>((r) => setTimeout(r, this.intervalMs));
    }
  }

  /** Saves now (cancelling a scheduled save, which this one includes). */
  async now(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.track();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
