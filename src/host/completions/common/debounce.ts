// How long to wait after a keystroke before asking: long enough that a steady typist's next key comes
// first (so typing costs no request), short enough that a pause is answered quickly. The pace is
// learned from the gaps between edits, like a TCP retransmit timer (mean + spread).

/** The longest wait, however slow the typing. */
export const MAX_DEBOUNCE_MS = 600;

/** Gaps of this or longer are pauses, not typing: they do not teach the pace. */
const PAUSE_MS = 1500;
const GAIN = 0.25;

export interface DebounceSettings {
  /** The shortest wait (the setting `deepseek.completions.debounceMs`). */
  minMs: number;
  /** The longest wait, however slow the typing. */
  maxMs: number;
}

export class TypingPace {
  private last: number | undefined;
  private mean: number | undefined;
  private spread = 0;

  /** One edit of the document at `now` (ms). */
  edit(now: number): void {
    if (this.last !== undefined) {
      const gap = now - this.last;
      if (gap > 0 && gap < PAUSE_MS) this.learn(gap);
    }
    this.last = now;
  }

  private learn(gap: number): void {
    if (this.mean === undefined) {
      this.mean = gap;
      this.spread = gap / 2;
      return;
    }
    this.spread += GAIN * (Math.abs(gap - this.mean) - this.spread);
    this.mean += GAIN * (gap - this.mean);
  }

  /** The typical gap between keys, if known. */
  get meanMs(): number | undefined {
    return this.mean;
  }

  /** A gap the next key will almost surely beat while the user keeps typing. */
  get nextKeyWithinMs(): number | undefined {
    return this.mean === undefined ? undefined : this.mean + 2 * this.spread;
  }
}

/** Whether the cursor is inside a word being typed (a word character before it). */
export function midWord(linePrefix: string, lineSuffix: string): boolean {
  return /[\p{L}\p{N}_$]$/u.test(linePrefix) && !/^[\p{L}\p{N}_$]/u.test(lineSuffix);
}

/**
 * The wait before a request. Mid-word the user is most likely still typing, so the wait covers even a
 * slow next key; after a space, a dot or a new line a completion is most useful, so it is shorter.
 */
export function debounceMs(pace: TypingPace, atMidWord: boolean, s: DebounceSettings): number {
  const next = pace.nextKeyWithinMs;
  if (next === undefined) return s.minMs;
  const wait = atMidWord ? next * 1.5 : next;
  return Math.round(Math.min(s.maxMs, Math.max(s.minMs, wait)));
}
