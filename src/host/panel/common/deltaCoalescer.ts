// Coalesces a streaming turn's deltas and posts them at most once a frame, `{turn, seq, …}`,
// never the whole text and never awaiting one post before the next (the panel keeps up; a post is never a backlog).

import type { HostMessage } from '../../../shared/protocol';

export const FRAME_MS = 16;

interface Pending {
  turn: string;
  content: string;
  reasoning: string;
}

export class DeltaCoalescer {
  private pending: Pending | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the last message was posted (performance.now()): the next one may go a frame later. */
  private lastPostAt = -Infinity;
  private readonly seqs = new Map<string, number>();

  constructor(
    private readonly post: (message: HostMessage) => void,
    private readonly frameMs = FRAME_MS,
  ) {}

  push(turn: string, kind: 'content' | 'reasoning', text: string): void {
    if (!text) return;
    if (this.pending && this.pending.turn !== turn) this.flush();
    this.pending ??= { turn, content: '', reasoning: '' };
    this.pending[kind] += text;
    // At most one post a frame, but not a frame late: after a quiet frame the text goes out at once
    // (in the next macrotask, so deltas of the same network read still travel together).
    this.timer ??= setTimeout(() => this.flush(), Math.max(0, this.lastPostAt + this.frameMs - performance.now()));
  }

  /** Posts what is pending now (before a turn ends, so the end follows the last text). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const p = this.pending;
    this.pending = undefined;
    if (!p) return;
    this.lastPostAt = performance.now();
    const seq = (this.seqs.get(p.turn) ?? 0) + 1;
    this.seqs.set(p.turn, seq);
    this.post({
      type: 'delta',
      turn: p.turn,
      seq,
      ...(p.content ? { content: p.content } : {}),
      ...(p.reasoning ? { reasoning: p.reasoning } : {}),
    });
  }

  /**
   * For a full resync: the snapshot already holds the pending text, so drop it unposted and
   * return the seq the snapshot stands for; the next delta continues from there.
   */
  absorbPending(turn: string): number {
    if (this.pending?.turn === turn) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      this.pending = undefined;
    }
    return this.seq(turn);
  }

  /** Last seq posted (or absorbed) for a turn; 0 if none. */
  seq(turn: string): number {
    return this.seqs.get(turn) ?? 0;
  }

  forget(turn: string): void {
    this.seqs.delete(turn);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }
}
