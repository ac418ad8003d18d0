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
