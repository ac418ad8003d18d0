// The pacing rule of a streaming answer's renders (src/webview/renderPacer.ts): short answers and
// cheap frames are never held back; expensive frames of long answers space the next one out, by a
// bounded amount, so the text keeps coming while the main thread keeps room for the host's messages.

import * as assert from 'assert';

type Pacer = typeof import('../../src/webview/renderPacer.js', { with: { 'resolution-mode': 'import' } });

describe('render pacing', () => {
  let m: Pacer;
  before(() => {
    // src/webview is an ES module package; tsx's require hook loads it here.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    m = require('../../src/webview/renderPacer.ts') as Pacer;
  });

  it('never delays the renders of a short answer, however slow', () => {
    const p = new m.RenderPacer();
    p.record(0, 80, m.PACE_AFTER_CHARS - 1);
    assert.strictEqual(p.delay(80), 0);
  });

  it('never delays cheap renders of a long answer', () => {
    const p = new m.RenderPacer();
    for (let i = 0; i < 10; i++) p.record(i * 16, i * 16 + 2, 200_000);
    assert.strictEqual(p.delay(160), 0);
  });

  it('spaces out expensive renders of a long answer, by at most MAX_GAP_MS', () => {
    const p = new m.RenderPacer();
    p.record(1000, 1010, 50_000); // a 10 ms frame (script, style, layout, paint)
    const d = p.delay(1010);
    assert.ok(d > 0, 'an expensive render did not delay the next one');
    assert.ok(Math.abs(d - (m.DUTY * 10 - 10)) < 1e-9, `delay ${d} ms, expected DUTY × cost from the render's start`);
    const slow = new m.RenderPacer();
    slow.record(0, 500, 50_000);
    assert.strictEqual(slow.delay(0), m.MAX_GAP_MS, 'a very slow render held the next one back longer than MAX_GAP_MS');
  });

  it('one slow render among cheap ones does not stall the stream', () => {
    const p = new m.RenderPacer();
    for (let i = 0; i < 10; i++) p.record(i * 16, i * 16 + 1, 50_000);
    p.record(160, 170, 50_000); // a single 10 ms frame (a GC, a highlighted block)
    assert.strictEqual(p.delay(170), 0, 'smoothing should absorb one slow frame');
  });

  it('says it is pacing exactly while expensive frames of a long answer are spaced out', () => {
    const p = new m.RenderPacer();
    assert.strictEqual(p.pacing, false);
    p.record(0, 2, 200_000);
    assert.strictEqual(p.pacing, false, 'cheap frames are not paced');
    const q = new m.RenderPacer();
    q.record(0, 30, 200_000);
    assert.strictEqual(q.pacing, true, 'a 30 ms frame of a long answer is paced');
    q.reset();
    assert.strictEqual(q.pacing, false);
  });

  it('reset() forgets the cost', () => {
    const p = new m.RenderPacer();
    p.record(0, 50, 50_000);
    p.reset();
    assert.strictEqual(p.delay(1), 0);
  });
});
