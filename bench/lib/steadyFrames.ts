// Runs inside a page (page.evaluate / frame.evaluate): resolves once frames come steadily (1 s
// without a gap over 50 ms between two animation frames) or after `maxMs`. Self-contained, as
// evaluate() serializes it.
export function steadyFrames(maxMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const start = performance.now();
    let last = start;
    let quietSince = start;
    const tick = (t: number) => {
      if (t - last > 50) quietSince = t;
      last = t;
      if (t - quietSince > 1000 || t - start > maxMs) resolve();
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}
