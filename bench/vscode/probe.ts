// Runs inside a panel's webview document (frame.evaluate; a CDP evaluation, so the panel's CSP does
// not apply). Records, on the document's own clock:
// - long tasks (PerformanceObserver 'longtask') with their attribution names ('self' = this document);
// - when the answer's last text (a sentinel word) is first in the DOM, and when that frame was
//   painted: a requestAnimationFrame callback, then a task of priority 'user-blocking'
//   (scheduler.postTask), which runs once the frame's style, layout and paint are done on the main
//   thread and before tasks of normal priority. A MessageChannel message (normal priority) would
//   queue behind work the page itself scheduled for after that paint (ours: the end-of-answer
//   render) and count it as paint time: 13 ms in a traced 200 KB run;
// - when the last change to the transcript happened and was painted (the end-of-answer render);
// - keystrokes: keydown event.timeStamp (when the browser received the key) to the paint after it;
// - animation frames (an rAF loop; also the frame boundaries in the trace).
// Everything is a plain function of its arguments so that it can be serialized into the page.

export interface ProbeResult {
  now: number;
  timeOrigin: number;
  longTasks: { start: number; dur: number; attr: string }[];
  foundAt?: number;
  foundPaintedAt?: number;
  lastMutationAt: number;
  lastMutationPaintedAt: number;
  mutations: number;
  frames: number[];
  keys: { at: number; painted: number }[];
  /**
   * Messages from the host (type, seq), in order: `sentAt` when the webview's host frame posted it into
   * the panel document (the event's time stamp: Chromium stamps a postMessage event when it is sent),
   * `at` when this listener ran (after the panel's own listener, registered first).
   */
  messages: { sentAt: number; at: number; type: string; seq?: number }[];
}

export function installProbe(args: { answerSelector: string; rootSelector: string; sentinel: string }): void {
  type P = ProbeResult & { stopped: boolean; seq: number };
  const w = window as unknown as { __benchProbe?: P; __benchProbeStop?: () => ProbeResult };
  const P: P = { now: 0, timeOrigin: performance.timeOrigin, longTasks: [], lastMutationAt: 0, lastMutationPaintedAt: 0, mutations: 0, frames: [], keys: [], messages: [], stopped: false, seq: 0 };
  w.__benchProbe = P;
  const scheduler = (globalThis as { scheduler?: { postTask(cb: () => void, o: { priority: string }): Promise<void> } }).scheduler;
  const afterPaint = (cb: (t: number) => void) =>
    requestAnimationFrame(() => {
      if (scheduler) {
        void scheduler.postTask(() => cb(performance.now()), { priority: 'user-blocking' });
        return;
      }
      const ch = new MessageChannel();
      ch.port1.onmessage = () => cb(performance.now());
      ch.port2.postMessage(0);
    });
  const po = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const attr = ((e as PerformanceEntry & { attribution?: { name: string }[] }).attribution ?? []).map((a) => a.name).join(',');
      P.longTasks.push({ start: e.startTime, dur: e.duration, attr });
    }
  });
  po.observe({ type: 'longtask' });
  const root = document.querySelector(args.rootSelector) ?? document.body;
  const mo = new MutationObserver(() => {
    const now = performance.now();
    P.mutations++;
    P.lastMutationAt = now;
    const id = ++P.seq;
    afterPaint((t) => {
      if (id === P.seq) P.lastMutationPaintedAt = t;
    });
    if (P.foundAt === undefined) {
      const all = document.querySelectorAll(args.answerSelector);
      const answer = all[all.length - 1];
      let last = answer ? (answer.lastElementChild ?? answer) : undefined;
      // Ours keeps top-level blocks in chunks (src/webview/chunks.ts): look at the last block, not the whole chunk.
      if (last && last !== answer && last.classList.contains('md-chunk')) last = last.lastElementChild ?? last;
      const text = last ? `${last.previousElementSibling?.textContent ?? ''}${last.textContent ?? ''}` : '';
      if (text.includes(args.sentinel)) {
        P.foundAt = now;
        afterPaint((t) => (P.foundPaintedAt = t));
      }
    }
  });
  mo.observe(root, { subtree: true, childList: true, characterData: true });
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
  document.addEventListener('keydown', onKey, true);
  const onMessage = (e: MessageEvent) => {
    const d = e.data as { type?: unknown; seq?: unknown } | null;
    if (d && typeof d.type === 'string') P.messages.push({ sentAt: e.timeStamp, at: performance.now(), type: d.type, seq: typeof d.seq === 'number' ? d.seq : undefined });
  };
  window.addEventListener('message', onMessage, true);
  w.__benchProbeStop = () => {
    P.stopped = true;
    po.disconnect();
    mo.disconnect();
    document.removeEventListener('keydown', onKey, true);
    window.removeEventListener('message', onMessage, true);
    const { stopped: _s, seq: _q, ...rest } = P;
    return { ...rest, now: performance.now() };
  };
}
