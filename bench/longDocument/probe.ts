// Runs in the workbench page (page.evaluate) while a long document streams into an editor. Records on
// the page's clock: long tasks (PerformanceObserver 'longtask'); each keystroke and wheel event from
// event.timeStamp (when the browser received it) to the paint after it (requestAnimationFrame, then a
// MessageChannel message, which runs once that frame's style, layout and paint are done); and the
// animation frames (an rAF loop), for the longest gap between two painted frames.
// A plain function of its arguments, so that it can be serialized into the page.

export interface WorkbenchProbe {
  longTasks: { start: number; dur: number }[];
  keys: { at: number; painted: number }[];
  wheels: { at: number; painted: number }[];
  frames: number[];
  now: number;
}

export function installWorkbenchProbe(): void {
  type P = WorkbenchProbe & { stopped: boolean };
  const w = window as unknown as { __ldProbe?: P; __ldProbeStop?: () => WorkbenchProbe };
  const P: P = { longTasks: [], keys: [], wheels: [], frames: [], now: 0, stopped: false };
  w.__ldProbe = P;
  const afterPaint = (cb: (t: number) => void) =>
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => cb(performance.now());
      ch.port2.postMessage(0);
    });
  const po = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) P.longTasks.push({ start: e.startTime, dur: e.duration });
  });
  po.observe({ type: 'longtask' });
  const tick = (t: number) => {
    P.frames.push(t);
    if (!P.stopped) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const onKey = (e: KeyboardEvent) => {
    if (e.key.length !== 1) return;
    const rec = { at: e.timeStamp, painted: 0 };
    P.keys.push(rec);
    afterPaint((t) => (rec.painted = t));
  };
  // Many wheel events come per gesture: each one's latency is recorded (the first of a burst is the one felt).
  const onWheel = (e: WheelEvent) => {
    const rec = { at: e.timeStamp, painted: 0 };
    P.wheels.push(rec);
    afterPaint((t) => (rec.painted = t));
  };
  document.addEventListener('keydown', onKey, true);
  document.addEventListener('wheel', onWheel, { capture: true, passive: true });
  w.__ldProbeStop = () => {
    P.stopped = true;
    po.disconnect();
    document.removeEventListener('keydown', onKey, true);
    document.removeEventListener('wheel', onWheel, true);
    const { stopped: _s, ...rest } = P;
    return { ...rest, now: performance.now() };
  };
}
