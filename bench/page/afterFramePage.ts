// Page script for afterFrameGc.ts: N animation frames, each changing a paragraph's text and then
// waiting for the task after the frame, either with the webview's afterFrame (src/webview/frame.ts:
// one MessageChannel for every call) or with a new MessageChannel per frame (how afterFrame worked
// before; it is written out here because the shipped module no longer has it).
import { afterFrame } from '../../src/webview/frame.js';

function channelPerCall(cb: () => void): void {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    cb();
  };
  channel.port2.postMessage(undefined);
}

(window as unknown as { __run: (mode: string, frames: number) => Promise<number> }).__run = (mode, frames) =>
  new Promise((resolve) => {
    const after = mode === 'shipped' ? afterFrame : channelPerCall;
    const p = document.body.appendChild(document.createElement('p'));
    const start = performance.now();
    let n = 0;
    const tick = (): void => {
      p.textContent = String(n);
      after(() => {
        if (++n >= frames) resolve(performance.now() - start);
        else requestAnimationFrame(tick);
      });
    };
    requestAnimationFrame(tick);
  });
