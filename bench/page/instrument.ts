// Injected into every benchmark page before any page script (page/context.addInitScript, which
// bypasses the panel's CSP). Times every piece of page script that can run while an answer streams:
// requestAnimationFrame callbacks, window 'message' listeners, setTimeout/setInterval callbacks and
// ResizeObserver/MutationObserver callbacks, each with performance.now() before and after. The
// benchmark driver (window.__benchRun) uses the original, untimed requestAnimationFrame, so its own
// work (posting the next delta, DOM snapshots at checkpoints) is never counted.

/* eslint-disable @typescript-eslint/no-explicit-any */
const W = window as any;
const now = () => performance.now();
const CAP = 1 << 20;
const spanStart = new Float64Array(CAP);
const spanDur = new Float64Array(CAP);
const spanKind = new Uint8Array(CAP);
let spanCount = 0;
let depth = 0; // nested timed callbacks count once (the outer one)

/** Kinds: 1 rAF, 2 message listener, 3 timer, 4 observer. */
function timed<A extends unknown[], R>(kind: number, fn: (...a: A) => R, self: unknown, args: A): R {
  if (depth > 0) return fn.apply(self, args);
  depth++;
  const t0 = now();
  try {
    return fn.apply(self, args);
  } finally {
    depth--;
    if (spanCount < CAP) {
      spanStart[spanCount] = t0;
      spanDur[spanCount] = now() - t0;
      spanKind[spanCount] = kind;
      spanCount++;
    }
  }
}

const origRAF = window.requestAnimationFrame.bind(window);
W.__origRAF = origRAF;
window.requestAnimationFrame = function (cb: FrameRequestCallback): number {
  return origRAF(function (this: unknown, ts: number) {
    return timed(1, cb, this, [ts]);
  });
};

const origAdd = window.addEventListener.bind(window);
const wrapped = new WeakMap<object, EventListener>();
window.addEventListener = function (type: string, listener: any, options?: any): void {
  if (type === 'message' && listener) {
    let w = wrapped.get(listener);
    if (!w) {
      w = function (this: unknown, ev: Event) {
        return typeof listener === 'function' ? timed(2, listener, this, [ev]) : timed(2, listener.handleEvent, listener, [ev]);
      };
      wrapped.set(listener, w);
    }
    return origAdd(type, w, options);
  }
  return origAdd(type, listener, options);
} as typeof window.addEventListener;
const origRemove = window.removeEventListener.bind(window);
window.removeEventListener = function (type: string, listener: any, options?: any): void {
  return origRemove(type, (listener && wrapped.get(listener)) || listener, options);
} as typeof window.removeEventListener;

const origSetTimeout = window.setTimeout.bind(window);
const origSetInterval = window.setInterval.bind(window);
W.__origSetTimeout = origSetTimeout;
(window as any).setTimeout = function (handler: any, ms?: number, ...args: unknown[]) {
  if (typeof handler !== 'function') return origSetTimeout(handler, ms, ...args);
  return origSetTimeout(function (this: unknown) {
    return timed(3, handler, this, args);
  }, ms);
};
(window as any).setInterval = function (handler: any, ms?: number, ...args: unknown[]) {
  if (typeof handler !== 'function') return origSetInterval(handler, ms, ...args);
  return origSetInterval(function (this: unknown) {
    return timed(3, handler, this, args);
  }, ms);
};

for (const name of ['ResizeObserver', 'MutationObserver'] as const) {
  const Orig = W[name];
  if (!Orig) continue;
  W[name] = class extends Orig {
    constructor(cb: (...a: unknown[]) => void) {
      super(function (this: unknown, ...a: unknown[]) {
        return timed(4, cb, this, a);
      });
    }
  };
}

const longTasks: { start: number; dur: number }[] = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, dur: e.duration });
  }).observe({ type: 'longtask', buffered: true });
} catch {
  /* no longtask support */
}

interface RunOptions {
  /** Messages posted one per animation frame (window.postMessage: a task of its own, as in a webview). */
  messages: unknown[];
  /** Posted once every message has been rendered (ours: turnEnd → the final full render). */
  endMessages: unknown[];
  /** Before posting message i (i in this list), pause two frames and snapshot `selector`'s HTML. */
  checkpoints: number[];
  selector: string;
}

interface RunResult {
  frameStarts: number[];
  /** Per driver frame: 'd' delta posted, 'p' pause (checkpoint), 's' settle, 'e' end message posted. */
  frameKinds: string;
  spans: { start: number[]; dur: number[]; kind: number[] };
  longTasks: { start: number; dur: number }[];
  snapshots: { index: number; html: string }[];
  /** HTML of `selector` when everything (incl. the end messages) has been applied. */
  finalHtml: string;
  finalPlain: string;
  /** Just before the end messages (every delta rendered), highlighting removed. */
  beforeEndPlain: string;
  t0: number;
  t1: number;
}

/** HTML with highlight.js spans unwrapped (only sealed blocks are highlighted while streaming). */
function plainHtml(el: Element): string {
  const clone = el.cloneNode(true) as Element;
  for (const span of Array.from(clone.querySelectorAll('span'))) {
    if (Array.from(span.classList).some((c) => c.startsWith('hljs-'))) span.replaceWith(...Array.from(span.childNodes));
  }
  for (const code of Array.from(clone.querySelectorAll('code.hljs'))) code.classList.remove('hljs');
  clone.normalize();
  return clone.innerHTML;
}
W.__plainHtml = (sel: string) => plainHtml(document.querySelector(sel)!);

W.__benchRun = (opts: RunOptions): Promise<RunResult> =>
  new Promise((resolve) => {
    const el = () => document.querySelector(opts.selector);
    const frameStarts: number[] = [];
    let kinds = '';
    const snapshots: { index: number; html: string }[] = [];
    const pending = new Set(opts.checkpoints);
    let i = 0;
    let pause = 0;
    let settle = -1;
    // Snapshots wait at least this long as well as a few frames: a paced render (src/webview/renderPacer.ts)
    // may hold text back for up to MAX_GAP_MS, and frames here come much faster than 60 Hz.
    const QUIET_MS = 300;
    let quietFrom = 0;
    const quietEnough = () => now() - quietFrom >= QUIET_MS;
    let endPosted = false;
    let beforeEndPlain = '';
    const firstSpan = spanCount;
    const t0 = now();
    // The name is looked for in Chromium traces (FunctionCall functionName) to find the driver's ticks.
    const __benchDriverTick = () => {
      frameStarts.push(now());
      if (pause > 0) {
        kinds += 'p';
        if (pause > 1 || quietEnough()) pause--;
        if (pause === 0) {
          const e = el();
          snapshots.push({ index: i, html: e ? plainHtml(e) : '' });
        }
        origRAF(__benchDriverTick);
        return;
      }
      if (i < opts.messages.length) {
        if (pending.has(i)) {
          pending.delete(i);
          pause = 2;
          quietFrom = now();
          kinds += 'p';
          origRAF(__benchDriverTick);
          return;
        }
        window.postMessage(opts.messages[i++], '*');
        kinds += 'd';
        origRAF(__benchDriverTick);
        return;
      }
      if (!endPosted) {
        if (settle < 0) {
          settle = 3;
          quietFrom = now();
        }
        if (settle > 0) {
          if (settle > 1 || quietEnough()) settle--;
          kinds += 's';
          if (settle === 0) {
            const e = el();
            beforeEndPlain = e ? plainHtml(e) : '';
          }
          origRAF(__benchDriverTick);
          return;
        }
        for (const m of opts.endMessages) window.postMessage(m, '*');
        endPosted = true;
        settle = 4;
        kinds += 'e';
        origRAF(__benchDriverTick);
        return;
      }
      if (settle > 0) {
        settle--;
        kinds += 's';
        origRAF(__benchDriverTick);
        return;
      }
      kinds += 's';
      const t1 = now();
      const e = el();
      const n = spanCount - firstSpan;
      resolve({
        frameStarts,
        frameKinds: kinds,
        spans: {
          start: Array.from(spanStart.subarray(firstSpan, firstSpan + n)),
          dur: Array.from(spanDur.subarray(firstSpan, firstSpan + n)),
          kind: Array.from(spanKind.subarray(firstSpan, firstSpan + n)),
        },
        longTasks: longTasks.filter((t) => t.start >= t0),
        snapshots,
        finalHtml: e ? e.innerHTML : '',
        finalPlain: e ? plainHtml(e) : '',
        beforeEndPlain,
        t0,
        t1,
      });
    };
    origRAF(__benchDriverTick);
  });
