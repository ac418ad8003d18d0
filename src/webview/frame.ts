// One requestAnimationFrame callback per frame for every pending render task.

type Task = () => void;

const pending = new Set<Task>();
let scheduled = false;

function run(): void {
  scheduled = false;
  const tasks = [...pending];
  pending.clear();
  for (const task of tasks) {
    try {
      task();
    } catch (err) {
      console.error('render task failed', err);
    }
  }
}

/** Runs `task` in the next animation frame; scheduling the same task twice runs it once. */
export function scheduleFrame(task: Task): void {
  pending.add(task);
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(run);
  }
}

/** Drops a task that has not run yet. */
export function cancelFrame(task: Task): void {
  pending.delete(task);
}

/** Callbacks waiting for the channel's next message (see afterFrame). */
let afterFrameQueue: (() => void)[] = [];
let afterFrameChannel: MessageChannel | undefined;

/**
 * Runs `cb` in the first task after the current frame: called from an animation-frame callback, that
 * is once the frame's style, layout and paint are done (a MessageChannel message, which, unlike a
 * timer, is not clamped or throttled). One channel serves every call: a channel per call left two
 * MessagePorts a frame for Blink to finalize inside the pause of the next major GC, which made the
 * pauses that landed in a streaming answer's frames longer (bench/experiments/afterFrameGc.ts).
 */
export function afterFrame(cb: () => void): void {
  if (!afterFrameChannel) {
    afterFrameChannel = new MessageChannel();
    afterFrameChannel.port1.onmessage = runAfterFrame;
  }
  afterFrameQueue.push(cb);
  // One message for all callbacks queued before it is delivered.
  if (afterFrameQueue.length === 1) afterFrameChannel.port2.postMessage(undefined);
}

function runAfterFrame(): void {
  const callbacks = afterFrameQueue;
  afterFrameQueue = [];
  for (const cb of callbacks) {
    try {
      cb();
    } catch (err) {
      console.error('after-frame callback failed', err);
    }
  }
}

/** Runs `cb` in the first task after the next frame has been painted. */
export function afterNextPaint(cb: () => void): void {
  requestAnimationFrame(() => afterFrame(cb));
}
