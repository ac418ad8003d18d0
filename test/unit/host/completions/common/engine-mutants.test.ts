import * as assert from 'node:assert/strict';
import { DeepSeekError } from '../../../../../src/deepseek/errors';
import type { StreamEvent } from '../../../../../src/deepseek/types';
import { CompletionEngine, NAIVE, SMART, type EngineDeps, type Fetch, type Outcome, type Policy } from '../../../../../src/host/completions/common/engine';
import type { CursorText } from '../../../../../src/host/completions/common/request';
import { estimateTokens } from '../../../../../src/host/conversation/common/conversation';

const cursor = (before: string, after = '\n'): CursorText => ({ doc: 'file:///a.ts', path: 'a.ts', languageId: 'typescript', before, after, head: () => '', openFiles: () => [] });
const debounce = { minMs: 50, maxMs: 600 };
const noWait = { minMs: 0, maxMs: 600 };
const live = () => new AbortController().signal;
const aborted = () => {
  const c = new AbortController();
  c.abort();
  return c.signal;
};

/** A clock the test moves, and a wait that keeps the contract: true after the time, false once aborted. */
function deps() {
  const d = { clock: 0, waits: [] as number[] };
  const engineDeps: EngineDeps = {
    wait: async (ms, signal) => {
      d.waits.push(ms);
      if (signal.aborted) return false;
      d.clock += ms;
      return true;
    },
    now: () => d.clock,
  };
  return { d, engineDeps };
}

/** A server streaming `pieces` (each takes `msPerPiece` on the test's clock); notes when the reader leaves early. */
function server(pieces: string[], onPiece: () => void = () => {}, usage = false) {
  const log = { requests: [] as Array<{ prompt: string; suffix?: string }>, closedEarly: 0, finished: 0 };
  const fetch: Fetch = (req, signal) =>
    (async function* (): AsyncGenerator<StreamEvent> {
      log.requests.push(req);
      let done = false;
      try {
        for (const p of pieces) {
          if (signal.aborted) throw new DeepSeekError({ kind: 'aborted', message: 'stopped', requestId: 'r' });
          onPiece();
          yield { type: 'content', text: p };
          await Promise.resolve();
        }
        if (usage) yield { type: 'usage', usage: { prompt_tokens: 10, completion_tokens: 3 } };
        done = true;
        log.finished++;
      } finally {
        if (!done) log.closedEarly++;
      }
    })();
  return { fetch, log };
}

const completed = (out: Outcome) => {
  assert.equal(out.kind, 'completed', JSON.stringify(out));
  return out as Extract<Outcome, { kind: 'completed' }>;
};

describe('completions: the engine, as the editor and the bench see it', () => {
  it('a steady typist gets a longer wait, learned from the pace of the edits', async () => {
    const { d, engineDeps } = deps();
    const e = new CompletionEngine(engineDeps);
    e.edited(0);
    e.edited(100);
    await e.complete(cursor('let a = '), live(), debounce, server(['1;']).fetch);
    // Keys 100 ms apart (spread taken as half of it): the next key is expected within 200 ms.
    assert.deepEqual(d.waits, [200]);

    // Without an explicit time the engine reads its own clock.
    const fresh = deps();
    const e2 = new CompletionEngine(fresh.engineDeps);
    for (let t = 0; t <= 300; t += 100) {
      fresh.d.clock = t;
      e2.edited();
    }
    await e2.complete(cursor('let a = '), live(), debounce, server(['1;']).fetch);
    assert.equal(fresh.d.waits[0]! > debounce.minMs, true, `waited ${fresh.d.waits[0]} ms`);
  });

  it('with no wait (naive policy, or a 0 ms setting) no timer runs, and the naive policy asks even after a newer keystroke', async () => {
    const naive = deps();
    const s = server(['1;']);
    const out = await new CompletionEngine(naive.engineDeps, NAIVE).complete(cursor('let a = '), aborted(), debounce, s.fetch);
    assert.equal(completed(out).text, '1;');
    assert.deepEqual(naive.d.waits, []);
    assert.equal(s.log.requests.length, 1);

    const smart = deps();
    await new CompletionEngine(smart.engineDeps).complete(cursor('let a = '), live(), noWait, server(['1;']).fetch);
    assert.deepEqual(smart.d.waits, []);
  });

  it('a keystroke during the wait sends nothing and counts as skipped, even when requests are not aborted', async () => {
    const { engineDeps } = deps();
    const e = new CompletionEngine(engineDeps);
    const s = server(['1;']);
    assert.deepEqual(await e.complete(cursor('let a = '), aborted(), debounce, s.fetch), { kind: 'cancelled', stage: 'debounce' });
    assert.equal(e.stats.skipped, 1);

    const waitButNoCancel: Policy = { debounce: true, cache: true, cancel: false };
    const e2 = new CompletionEngine(deps().engineDeps, waitButNoCancel);
    assert.deepEqual(await e2.complete(cursor('let a = '), aborted(), debounce, s.fetch), { kind: 'cancelled', stage: 'debounce' });
    assert.equal(e2.stats.skipped, 1);
    assert.equal(s.log.requests.length, 0);
  });

  it('with a 0 ms wait, a keystroke that already came sends nothing', async () => {
    const { engineDeps } = deps();
    const e = new CompletionEngine(engineDeps, SMART);
    const s = server(['1;']);
    assert.deepEqual(await e.complete(cursor('let a = '), aborted(), noWait, s.fetch), { kind: 'cancelled', stage: 'debounce' });
    assert.equal(s.log.requests.length, 0);
    assert.deepEqual(e.stats, { requests: 0, cacheHits: 0, skipped: 1, aborted: 0, stoppedEarly: 0, failed: 0 });
  });

  it('counts requests, and answers stopped early only when they were', async () => {
    const e = new CompletionEngine(deps().engineDeps);
    const whole = server(['a + b;'], undefined, true);
    const full = completed(await e.complete(cursor('function add(a, b) {\n  return ', '\n}\n'), live(), debounce, whole.fetch));
    assert.equal(full.stoppedEarly, false);
    assert.equal(whole.log.finished, 1);
    assert.deepEqual(e.stats, { requests: 1, cacheHits: 0, skipped: 0, aborted: 0, stoppedEarly: 0, failed: 0 });

    const cut = server(['x = 1;\n', '}\n', 'more();\n']);
    const early = completed(await e.complete(cursor('  if (a) {\n    ', '\n'), live(), debounce, cut.fetch));
    assert.equal(early.stoppedEarly, true);
    assert.deepEqual(e.stats, { requests: 2, cacheHits: 0, skipped: 0, aborted: 0, stoppedEarly: 1, failed: 0 });
  });

  it('a one-line request stops reading at the first line break, not before, and shows only that line', async () => {
    const e = new CompletionEngine(deps().engineDeps);
    // A server that does not honour the stop sequence `\n`.
    const s = server(['first', 'Arg', '\nnext line', ' and more']);
    const out = completed(await e.complete(cursor('call(', 'b);\n'), live(), debounce, s.fetch));
    assert.equal(out.text, 'firstArg');
    assert.equal(out.stoppedEarly, true);
    assert.equal(s.log.closedEarly, 1);
  });

  it('a failure after a newer keystroke is a cancellation; without one it is reported (or thrown when not a server error)', async () => {
    const throwing = (error: unknown, abortFirst?: AbortController): Fetch =>
      () =>
        (async function* (): AsyncGenerator<StreamEvent> {
          abortFirst?.abort();
          throw error;
        })();

    const ctl = new AbortController();
    const e = new CompletionEngine(deps().engineDeps);
    const socketClosed = Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
    assert.deepEqual(await e.complete(cursor('let a = '), ctl.signal, debounce, throwing(socketClosed, ctl)), { kind: 'cancelled', stage: 'request' });
    assert.deepEqual(e.stats, { requests: 1, cacheHits: 0, skipped: 0, aborted: 1, stoppedEarly: 0, failed: 0 });

    const bug = new TypeError('x is not a function');
    await assert.rejects(e.complete(cursor('let b = '), live(), debounce, throwing(bug)), bug);
    assert.equal(e.stats.failed, 1);

    const auth = new DeepSeekError({ kind: 'auth', status: 401, message: 'Authentication failed (401)', requestId: 'r' });
    const late = new AbortController();
    const out = await e.complete(cursor('let c = '), late.signal, debounce, throwing(auth, late));
    assert.equal(out.kind === 'failed' && out.error, auth);
    assert.equal(e.stats.failed, 2);
    assert.equal(e.stats.aborted, 1);
  });

  it('the naive policy remembers no answer', async () => {
    const e = new CompletionEngine(deps().engineDeps, NAIVE);
    completed(await e.complete(cursor('let a = '), live(), debounce, server(['1;']).fetch));
    assert.equal(e.cache.size, 0);
  });

  it('times the request on its own clock, apart from the wait', async () => {
    const { d, engineDeps } = deps();
    d.clock = 10_000;
    const e = new CompletionEngine(engineDeps);
    const s = server(['a + ', 'b;'], () => (d.clock += 120));
    const out = completed(await e.complete(cursor('function add(a, b) {\n  return ', '\n}\n'), live(), debounce, s.fetch));
    assert.deepEqual(out.timing, { debounceMs: 50, requestMs: 240 });
  });

  it('estimates the usage from the prompt, the suffix and the answer when the server sent none', async () => {
    const e = new CompletionEngine(deps().engineDeps);
    const s = server(['a + b;']);
    const before = 'function add(a, b) {\n  return ';
    const after = '\n}\n// the rest of a long file with many more words in it\n';
    const out = completed(await e.complete(cursor(before, after), live(), debounce, s.fetch));
    assert.equal(out.estimated, true);
    const sent = s.log.requests[0]!;
    assert.equal(sent.suffix, after);
    assert.deepEqual(out.usage, { prompt_tokens: estimateTokens(sent.prompt + after), completion_tokens: estimateTokens('a + b;') });
  });
});
