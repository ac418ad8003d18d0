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

/**
 * Runs `cb` in the first task after the current frame: called from an animation-frame callback, that
 * is once the frame's style, layout and paint are done (a MessageChannel message, which, unlike a
 * timer, is not clamped or throttled).
 */
export function afterFrame(cb: () => void): void {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    cb();
  };
  channel.port2.postMessage(undefined);
}

/** Runs `cb` in the first task after the next frame has been painted. */
export function afterNextPaint(cb: () => void): void {
  requestAnimationFrame(() => afterFrame(cb));
}
