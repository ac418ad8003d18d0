// Keeps the offsets of an edit's target range right while the document changes elsewhere (the user
// types above it, a formatter runs below it), and notices when a change touches the range itself.
// Pure: fed with the content changes VS Code reports, in order; tested in plain Node.

export interface OffsetChange {
  /** Offset where the replaced text started, in the document before this change. */
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

export type TrackedRange = { ok: true; start: number; end: number } | { ok: false; reason: string };

export class RangeTracker {
  private state: TrackedRange;

  constructor(start: number, end: number) {
    this.state = { ok: true, start, end };
  }

  get current(): TrackedRange {
    return this.state;
  }

  /**
   * Applies one document change event's changes. VS Code lists a multi-cursor edit's changes from the
   * end of the document backwards, each in the coordinates before the event: sorting descending and
   * applying in that order keeps earlier offsets valid.
   */
  apply(changes: readonly OffsetChange[]): TrackedRange {
    if (!this.state.ok) return this.state;
    const sorted = [...changes].sort((a, b) => b.rangeOffset - a.rangeOffset);
    let { start, end } = this.state;
    for (const c of sorted) {
      const cEnd = c.rangeOffset + c.rangeLength;
      const delta = c.text.length - c.rangeLength;
      if (cEnd <= start) {
        // Entirely before (text typed right at the start counts as before: the range moves).
        start += delta;
        end += delta;
      } else if (c.rangeOffset >= end) {
        // Entirely after (text typed right at the end too): nothing moves.
      } else {
        this.state = { ok: false, reason: 'the selected code was changed while the edit was being prepared' };
        return this.state;
      }
    }
    this.state = { ok: true, start, end };
    return this.state;
  }
}
