// A client-side request-rate limit: at most N request starts in any one-second window, granted in
// arrival order. Shared by every surface of one extension host; a waiter can be cancelled (its place
// is freed at once). No `vscode` import.

/** What the client needs from a limiter (ClientConfig.rateLimiter). */
export interface RequestGate {
  /** Requests per second; 0 = no limit. */
  readonly perSecond: number;
  /**
   * Resolves when this request may start. `onWait` is called once, before waiting, with the expected
   * wait, when the request cannot start at once. Rejects with `signal.reason` if aborted while waiting.
   */
  acquire(signal?: AbortSignal, onWait?: (waitMs: number) => void): Promise<void>;
}

interface Waiter {
  resolve(): void;
  reject(reason: unknown): void;
  cleanup(): void;
}


/** Time source and timers; injectable so tests can drive the clock. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class RateLimiter implements RequestGate {
  private starts: number[] = [];
  private readonly waiters: Waiter[] = [];
  private timer: unknown;
  private rate: number;

  constructor(
    perSecond: number,
    private readonly clock: Clock = realClock,
  ) {
    this.rate = normalise(perSecond);
  }

  get perSecond(): number {
    return this.rate;
  }

  /** Changes the limit (from settings); waiters are re-evaluated at once. */
  setRate(perSecond: number): void {
    this.rate = normalise(perSecond);
    this.pump();
  }

  /** Requests waiting for their turn. */
  get waiting(): number {
    return this.waiters.length;
  }

  acquire(signal?: AbortSignal, onWait?: (waitMs: number) => void): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.rate === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        waiter.cleanup();
        reject(signal?.reason);
        this.pump();
      };
      const waiter: Waiter = {
        resolve,
        reject,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      this.pump();
      if (this.waiters.includes(waiter)) {
        try {
          onWait?.(this.expectedWaitMs(this.waiters.length - 1));
        } catch {
          // a UI callback must not break the request
        }
      }
    });
  }

  /** Grants every waiter that fits in the current window; schedules the next check. */
  private pump(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.clock.now();
    const { capacity, windowMs } = this.shape();
    this.starts = this.starts.filter((t) => t > now - windowMs);
    while (this.waiters.length > 0 && (this.rate === 0 || this.starts.length < capacity)) {
      const w = this.waiters.shift()!;
      if (this.rate !== 0) this.starts.push(now);
      w.cleanup();
      w.resolve();
    }
    if (this.waiters.length > 0) {
      const next = Math.max(1, this.starts[0] + windowMs - now);
      this.timer = this.clock.setTimeout(() => this.pump(), next);
    }
  }

  /** `capacity` starts per `windowMs`: 5/s → 5 per 1000 ms; 0.5/s → 1 per 2000 ms; 2.5/s → 2 per 800 ms. */
  private shape(): { capacity: number; windowMs: number } {
    const capacity = Math.max(1, Math.floor(this.rate));
    return { capacity, windowMs: (capacity * 1000) / this.rate };
  }

  /** Rough wait for the waiter at `index` (0 = next in line). */
  private expectedWaitMs(index: number): number {
    const now = this.clock.now();
    const { capacity, windowMs } = this.shape();
    const windows = Math.floor(index / capacity);
    const first = this.starts[index % capacity] ?? now;
    return Math.max(0, first + windowMs - now) + windows * windowMs;
  }
}

function normalise(perSecond: number): number {
  return Number.isFinite(perSecond) && perSecond > 0 ? perSecond : 0;
}
