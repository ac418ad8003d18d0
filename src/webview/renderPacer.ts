// Paces a streaming answer's renders when they get expensive. Inside VS Code the webview shares its
// main thread with the workbench: if every frame re-renders a long answer's open tail (lex, sanitize,
// then style, layout and paint of a page that grows with the answer), the thread saturates, the
// host's delta messages queue behind the frames and the text on screen falls behind the network.
// Renders are spaced out instead: after a frame that cost `c` ms in all (our script plus the style,
// layout and paint it caused, measured up to the first task after the frame), the next render waits
// until about DUTY × c after the last one started, never longer than MAX_GAP_MS. Short answers and
// cheap frames (the common case) are never delayed: every frame shows the newest text. The end of an
// answer is never paced (turnEnd renders at once). While pacing, a render's script runs in a task of
// its own before the frame (see StreamRenderer.prepare), so it and the frame's rendering are two tasks.

/** Below this many characters an answer is cheap to render: never paced. */
export const PACE_AFTER_CHARS = 16_384;
/** Frames cheaper than this (ms, smoothed, rendering included) run every frame. */
export const CHEAP_FRAME_MS = 8;
/** Renders start at most every DUTY × frame cost: our frames then take about 1/DUTY of the thread. */
export const DUTY = 4;
/** Never hold new text back longer than this (ms). */
export const MAX_GAP_MS = 200;
/**
 * While pacing, a render's script runs before its frame in slices of about this many ms (sealing
 * stops at the first block past it), so that no task comes near the 50 ms a long task takes.
 */
export const PREPARE_SLICE_MS = 12;

export class RenderPacer {
  private cost = 0;
  private nextAt = 0;

  /**
   * A render started at `start` and its frame was done (painted) at `end` (performance.now()), with
   * `chars` of answer on screen.
   */
  record(start: number, end: number, chars: number): void {
    const c = end - start;
    // Smoothed, so one slow frame (a GC, a highlighted block) does not stall the next ones.
    this.cost = this.cost === 0 ? c : 0.7 * this.cost + 0.3 * c;
    this.nextAt = chars >= PACE_AFTER_CHARS && this.cost > CHEAP_FRAME_MS ? start + Math.min(MAX_GAP_MS, DUTY * this.cost) : 0;
  }

  /** Are frames expensive enough to be paced (then the script of a render runs before its frame)? */
  get pacing(): boolean {
    return this.nextAt > 0;
  }

  /** How long (ms) the next render should wait from `now`; 0 = render in the next frame. */
  delay(now: number): number {
    return Math.max(0, this.nextAt - now);
  }

  reset(): void {
    this.cost = 0;
    this.nextAt = 0;
  }
}
