// Where Accept may write an edit: two guards, so a proposal never lands on code it was not made for.
// Pure (offsets and a reader of the document's text); tested in plain Node.

import type { TrackedRange } from './rangeTracker';

export type AcceptTarget =
  | { ok: true; start: number; end: number }
  /** The tracker saw a change touch the range (its reason says so). */
  | { ok: false; problem: 'changed'; reason: string }
  /**
   * The tracker followed the range, yet the text there is not what was selected: a change it never
   * saw (the document closed and reopened from a file changed on disk).
   */
  | { ok: false; problem: 'moved' };

export function acceptTarget(tracked: TrackedRange, textAt: (start: number, end: number) => string, original: string): AcceptTarget {
  if (!tracked.ok) return { ok: false, problem: 'changed', reason: tracked.reason };
  if (textAt(tracked.start, tracked.end) !== original) return { ok: false, problem: 'moved' };
  return { ok: true, start: tracked.start, end: tracked.end };
}
