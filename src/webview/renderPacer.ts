// Paces a streaming answer's renders when they get expensive. Inside VS Code the webview shares its
// main thread with the workbench: if every frame re-renders a long answer's open tail (lex, sanitize,
// then style, layout and paint), the thread saturates, the host's delta messages queue behind the
// frames and the text on screen falls seconds behind the network. Renders are coalesced instead:
// after one that cost `c` ms of script, the next waits about DUTY × c (the style, layout and paint it
// causes cost about as much again), never longer than MAX_GAP_MS. Short answers and cheap renders
// (the common case) are never delayed: every frame shows the newest text.

/** Below this many characters an answer is cheap to render: never paced. */
export const PACE_AFTER_CHARS = 16_384;
/** Renders cheaper than this (ms of script, smoothed) run every frame. */
export const CHEAP_RENDER_MS = 4;
/** Gap between renders as a multiple of the (smoothed) render cost. */
export const DUTY = 6;
/** Never hold new text back longer than this (ms). */
export const MAX_GAP_MS = 200;

export class RenderPacer {
  private cost = 0;
  private nextAt = 0;

  /** A render started at `start` and ended at `end` (performance.now()) with `chars` of answer on screen. */
  record(start: number, end: number, chars: number): void {
    const c = end - start;
    // Smoothed, so one slow frame (a GC, a highlighted block) does not stall the next ones.
    this.cost = this.cost === 0 ? c : 0.7 * this.cost + 0.3 * c;
    this.nextAt = chars >= PACE_AFTER_CHARS && this.cost > CHEAP_RENDER_MS ? start + Math.min(MAX_GAP_MS, DUTY * this.cost) : 0;
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
