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

describe('host: delta coalescer turns and seqs', () => {
  it('an empty delta posts nothing and counts for nothing', () => {
    const posted: HostMessage[] = [];
    const c = new DeltaCoalescer((m) => posted.push(m), 1000);
    c.push('t', 'content', '');
    c.push('t', 'reasoning', '');
    c.flush();
    assert.deepEqual(posted, []);
    assert.equal(c.seq('t'), 0);
  });

  it('text of a new turn never joins the pending text of the previous one', () => {
    const posted: HostMessage[] = [];
    const c = new DeltaCoalescer((m) => posted.push(m), 1000);
    c.push('t1', 'content', 'a');
    c.push('t2', 'content', 'b');
    c.flush();
    assert.deepEqual(posted, [
      { type: 'delta', turn: 't1', seq: 1, content: 'a' },
      { type: 'delta', turn: 't2', seq: 1, content: 'b' },
    ]);
  });

  it("a resync of one turn keeps another turn's pending text", () => {
    const posted: HostMessage[] = [];
    const c = new DeltaCoalescer((m) => posted.push(m), 1000);
    c.push('t1', 'content', 'a');
    assert.equal(c.absorbPending('t2'), 0);
    c.flush();
    assert.deepEqual(posted, [{ type: 'delta', turn: 't1', seq: 1, content: 'a' }]);
  });

  it("forgetting a removed turn drops its count: its seq reads 0 and a turn of that id counts from 1", () => {
    const posted: HostMessage[] = [];
    const c = new DeltaCoalescer((m) => posted.push(m), 1000);
    c.push('t', 'content', 'a');
    c.flush();
    assert.equal(c.seq('t'), 1);
    c.forget('t');
    assert.equal(c.seq('t'), 0);
    c.push('t', 'content', 'b');
    c.flush();
    assert.deepEqual(posted[1], { type: 'delta', turn: 't', seq: 1, content: 'b' });
  });
});

describe('host: delta coalescer timers', () => {
  // A frame no test outlasts: text that must wait for it is never posted during the test.
  const LONG_FRAME = 60_000;
  // The coalescer's first timer of a quiet stream has delay 0; Node runs timers of the same delay in
  // the order they were set, so once this one has run, any such timer set before it has run too.
  const earlierZeroDelayTimersRan = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

  it('a turn that starts right after the previous one ended still waits out the frame of the last post', async () => {
    const posted: HostMessage[] = [];
    const c = new DeltaCoalescer((m) => posted.push(m), LONG_FRAME);
    c.push('t1', 'content', 'a');
    c.flush(); // the end of t1
    c.push('t2', 'content', 'b');
    await earlierZeroDelayTimersRan();
    assert.deepEqual(posted, [{ type: 'delta', turn: 't1', seq: 1, content: 'a' }]);
    c.dispose();
  });

  it('a resync in the middle of a turn leaves no timer behind: the next turn still waits a frame after the last post', async () => {
    const posted: HostMessage[] = [];
    const c = new DeltaCoalescer((m) => posted.push(m), LONG_FRAME);
    c.push('t1', 'content', 'a');
    assert.equal(c.absorbPending('t1'), 0);
    c.push('t1', 'content', 'b');
    c.flush(); // the end of t1
    c.push('t2', 'content', 'c');
    await earlierZeroDelayTimersRan();
    assert.deepEqual(posted, [{ type: 'delta', turn: 't1', seq: 1, content: 'b' }]);
    c.dispose();
  });

  it('disposing drops the pending text and leaves no timer running', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const posted: HostMessage[] = [];
    const c = new DeltaCoalescer((m) => posted.push(m), LONG_FRAME);
    const before = timers();
    c.push('t', 'content', 'a');
    assert.equal(timers(), before + 1);
    c.dispose();
    assert.equal(timers(), before);
    await earlierZeroDelayTimersRan();
    assert.deepEqual(posted, []);
  });

  it('the first text of a stream goes out at once without a timer warning in the log', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const posted: HostMessage[] = [];
      const c = new DeltaCoalescer((m) => posted.push(m), LONG_FRAME);
      c.push('t', 'content', 'a');
      while (posted.length === 0) await sleep(1);
      assert.deepEqual(posted, [{ type: 'delta', turn: 't', seq: 1, content: 'a' }]);
      assert.deepEqual(warnings.filter((w) => /timeout/i.test(w.name)).map((w) => w.message), []);
      c.dispose();
    } finally {
      process.off('warning', onWarning);
    }
  });
});
