import * as assert from 'node:assert/strict';
import { DeltaCoalescer } from '../../../../../src/host/panel/common/deltaCoalescer';
import type { HostMessage } from '../../../../../src/shared/protocol';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('host: delta coalescer', () => {
  it('posts many deltas of one frame as one message with increasing seq, never the whole text', async () => {
    const posted: HostMessage[] = [];
    const c = new DeltaCoalescer((m) => posted.push(m), 16);
    for (let i = 0; i < 100; i++) c.push('t1', 'content', `w${i} `);
    c.push('t1', 'reasoning', 'hmm');
    assert.equal(posted.length, 0, 'nothing is posted before the frame ends');
    while (posted.length === 0) await sleep(2);
    assert.equal(posted.length, 1);
    const first = posted[0];
    assert.ok(first.type === 'delta');
    assert.equal(first.seq, 1);
    assert.equal(first.content, Array.from({ length: 100 }, (_, i) => `w${i} `).join(''));
    assert.equal(first.reasoning, 'hmm');
    c.push('t1', 'content', 'more');
    while (posted.length === 1) await sleep(2);
    const second = posted[1];
    assert.ok(second.type === 'delta');
    assert.deepEqual(second, { type: 'delta', turn: 't1', seq: 2, content: 'more' });
  });

  it('flush posts at once; absorbPending drops text a snapshot already holds and keeps seq continuous', () => {
    const posted: HostMessage[] = [];
    const c = new DeltaCoalescer((m) => posted.push(m), 1000);
    c.push('t', 'content', 'a');
    c.flush();
    assert.equal(posted.length, 1);
    c.push('t', 'content', 'b');
    assert.equal(c.absorbPending('t'), 1);
    c.flush();
    assert.equal(posted.length, 1, 'absorbed text is not posted again');
    c.push('t', 'content', 'c');
    c.flush();
    assert.deepEqual(posted[1], { type: 'delta', turn: 't', seq: 2, content: 'c' });
    c.dispose();
  });
});

describe('host: delta coalescer pacing', () => {
  it('never posts twice within a frame, and after a quiet frame posts without waiting a frame', async () => {
    // A long frame keeps the test honest on a loaded machine.
    const FRAME = 300;
    const times: number[] = [];
    const c = new DeltaCoalescer(() => times.push(performance.now()), FRAME);
    const start = performance.now();
    c.push('t', 'content', 'a');
    while (times.length === 0) await sleep(2);
    assert.ok(times[0] - start < FRAME - 5, `the first delta went out without waiting a frame (${(times[0] - start).toFixed(1)} ms)`);
    c.push('t', 'content', 'b');
    await sleep(10);
    assert.equal(times.length, 1, 'the second waits for the frame');
    while (times.length === 1) await sleep(5);
    // Timers may fire a millisecond or two early against performance.now().
    assert.ok(times[1] - times[0] >= FRAME - 5, `posts are a frame apart (${(times[1] - times[0]).toFixed(1)} ms)`);
    c.dispose();
  });
});
