// Section 3a (webview side): host post → on screen, in headless Chromium at its normal 60 Hz frame
// rate, through the real panel (dist/webview.js, panel HTML with its CSP) via test/browser/harness.
// An in-page stand-in for the host posts one delta every 16 ms (the coalescer's FRAME_MS timer, so
// posts fall at every phase of the 16.7 ms frame), stamping performance.now() into the message. A
// listener registered after the webview's own handler stamps when the delta was applied and asks
// for an animation frame (it runs after the webview's render callback in that frame): "rendered".
// From that callback a MessageChannel message is posted; it runs once the frame's style, layout and
// paint on the main thread are done: "painted". Two phases: the first 300 deltas of a new answer, and
// 300 deltas arriving after 80 KB of answer are already on screen.
import { answerSelector, buildWebview, launchBrowser, openPanel, startPanelServer, turnView } from '../../test/browser/harness';
import type { HostMessage } from '../../src/shared/protocol';
import { generateMarkdown, splitDeltas } from '../lib/markdownGen';
import { median, p95, progress } from '../lib/stats';

export interface PhaseLatency {
  phase: string;
  n: number;
  handled: { medianMs: number; p95Ms: number };
  rendered: { medianMs: number; p95Ms: number };
  painted: { medianMs: number; p95Ms: number; maxMs: number };
  frameIntervalMs: number;
}

export async function webviewLatency(): Promise<PhaseLatency[]> {
  await buildWebview();
  const server = await startPanelServer();
  const browser = await launchBrowser();
  const out: PhaseLatency[] = [];
  try {
    const text = generateMarkdown(100 * 1024, 4242);
    const all = splitDeltas(text, 11, 20, 40);
    let prefixEnd = 0;
    let chars = 0;
    while (chars < 80 * 1024) chars += all[prefixEnd++]!.length;
    for (const phase of ['new answer', 'after 80 KB'] as const) {
      progress(`latency: webview post → paint, ${phase}`);
      const panel = await openPanel(browser, server);
      const id = `lat-${phase === 'new answer' ? 'a' : 'b'}`;
      const prefix = phase === 'new answer' ? '' : all.slice(0, prefixEnd).join('');
      const pieces = phase === 'new answer' ? all.slice(0, 300) : all.slice(prefixEnd, prefixEnd + 300);
      const firstSeq = phase === 'new answer' ? 1 : 1;
      await panel.post({ type: 'turnStart', turn: turnView({ id, question: 'q', answer: prefix, seq: 0 }) } as HostMessage);
      await panel.nextFrame();
      await panel.nextFrame();
      const r = await panel.page.evaluate(
        async ({ pieces, id, firstSeq, sel }) => {
          const handled: number[] = [];
          const rendered: number[] = [];
          const painted: number[] = [];
          const frames: number[] = [];
          let counting = true;
          const tick = (t: number) => {
            frames.push(t);
            if (counting) requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
          window.addEventListener('message', (e: MessageEvent) => {
            const m = e.data as { type?: string; sentAt?: number };
            if (m?.type !== 'delta' || typeof m.sentAt !== 'number') return;
            const sentAt = m.sentAt;
            handled.push(performance.now() - sentAt);
            requestAnimationFrame(() => {
              rendered.push(performance.now() - sentAt);
              const ch = new MessageChannel();
              ch.port1.onmessage = () => painted.push(performance.now() - sentAt);
              ch.port2.postMessage(0);
            });
          });
          for (let i = 0; i < pieces.length; i++) {
            await new Promise((r) => setTimeout(r, 16));
            window.postMessage({ type: 'delta', turn: id, seq: firstSeq + i, content: pieces[i], sentAt: performance.now() }, '*');
          }
          await new Promise((r) => setTimeout(r, 100));
          counting = false;
          const el = document.querySelector(sel);
          return { handled, rendered, painted, frames, length: el ? el.textContent!.length : 0 };
        },
        { pieces, id, firstSeq, sel: answerSelector(id) },
      );
      const intervals = r.frames.slice(1).map((t, i) => t - r.frames[i]!);
      out.push({
        phase,
        n: r.painted.length,
        handled: { medianMs: median(r.handled), p95Ms: p95(r.handled) },
        rendered: { medianMs: median(r.rendered), p95Ms: p95(r.rendered) },
        painted: { medianMs: median(r.painted), p95Ms: p95(r.painted), maxMs: Math.max(...r.painted) },
        frameIntervalMs: median(intervals),
      });
      const problems = await panel.problems();
      if (problems.length) progress(`latency: page problems: ${problems.slice(0, 3).join('; ')}`);
      await panel.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return out;
}
