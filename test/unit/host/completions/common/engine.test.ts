import * as assert from 'node:assert/strict';
import { DeepSeekError } from '../../../../../src/deepseek/errors';
import type { StreamEvent } from '../../../../../src/deepseek/types';
import { CompletionEngine, NAIVE, type Fetch } from '../../../../../src/host/completions/common/engine';
import type { CursorText } from '../../../../../src/host/completions/common/request';

const cursor = (before: string, after = '\n'): CursorText => ({ doc: 'file:///a.ts', path: 'a.ts', languageId: 'typescript', before, after, head: () => '', openFiles: () => [] });
const debounce = { minMs: 50, maxMs: 600 };

/** A fake server: records requests, streams `pieces`, notices when the reader stops early or aborts. */
function server(pieces: string[] | (() => never)) {
  const log = { requests: [] as Array<{ prompt: string; suffix?: string; stop?: string[] }>, closedEarly: 0, aborted: 0 };
  const fetch: Fetch = (req, signal) =>
    (async function* (): AsyncGenerator<StreamEvent> {
      log.requests.push(req);
      if (typeof pieces === 'function') pieces();
      let finished = false;
      try {
        for (const p of pieces as string[]) {
          if (signal.aborted) {
            log.aborted++;
            throw new DeepSeekError({ kind: 'aborted', message: 'stopped', requestId: 'r' });
          }
          yield { type: 'content', text: p };
          await Promise.resolve();
        }
        yield { type: 'usage', usage: { prompt_tokens: 10, completion_tokens: 3 } };
        finished = true;
      } finally {
        if (!finished && !signal.aborted) log.closedEarly++;
      }
    })();
  return { fetch, log };
}

function engine(waits: number[] = []) {
  return new CompletionEngine({
    wait: async (ms, signal) => {
      waits.push(ms);
      return !signal.aborted;
    },
    now: () => 0,
  });
}

describe('completions: the engine', () => {
  it('waits, sends prefix and suffix, and returns the post-processed text with usage', async () => {
    const waits: number[] = [];
    const e = engine(waits);
    const s = server(['a + ', 'b;']);
    const out = await e.complete(cursor('function add(a, b) {\n  return ', '\n}\n'), new AbortController().signal, debounce, s.fetch);
    assert.equal(out.kind, 'completed');
    assert.equal(out.kind === 'completed' && out.text, 'a + b;');
    assert.equal(out.kind === 'completed' && out.estimated, false);
    assert.deepEqual(waits, [50]);
    assert.equal(s.log.requests[0]!.prompt, 'function add(a, b) {\n  return ');
    assert.equal(s.log.requests[0]!.suffix, '\n}\n');
  });

  it('backspace-and-retype and typing through the ghost text cost no request', async () => {
    const e = engine();
    const s = server(['a + b;']);
    const before = 'function add(a, b) {\n  return ';
    await e.complete(cursor(before, '\n}\n'), new AbortController().signal, debounce, s.fetch);
    const again = await e.complete(cursor(before, '\n}\n'), new AbortController().signal, debounce, s.fetch);
    const through = await e.complete(cursor(before + 'a +', '\n}\n'), new AbortController().signal, debounce, s.fetch);
    assert.deepEqual([again.kind, through.kind], ['cached', 'cached']);
    assert.equal(through.kind === 'cached' && through.text, ' b;');
    assert.equal(s.log.requests.length, 1);
    assert.equal(e.stats.cacheHits, 2);
  });

  it('a keystroke during the wait sends nothing', async () => {
    const ctl = new AbortController();
    const e = new CompletionEngine({ wait: async () => (ctl.abort(), false), now: () => 0 });
    const s = server(['x']);
    const out = await e.complete(cursor('let a = '), ctl.signal, debounce, s.fetch);
    assert.deepEqual(out, { kind: 'cancelled', stage: 'debounce' });
    assert.equal(s.log.requests.length, 0);
  });

  it('a keystroke during the request aborts it', async () => {
    const ctl = new AbortController();
    const e = engine();
    const s = server(['a', 'b', 'c', 'd']);
    const fetch: Fetch = (req, signal) => {
      const it = s.fetch(req, signal);
      return (async function* () {
        for await (const ev of it) {
          ctl.abort();
          yield ev;
        }
      })();
    };
    const out = await e.complete(cursor('let a = '), ctl.signal, debounce, fetch);
    assert.deepEqual(out, { kind: 'cancelled', stage: 'request' });
    assert.equal(s.log.aborted, 1);
    assert.equal(e.stats.aborted, 1);
  });

  it('stops reading at the end of the block instead of waiting for the rest', async () => {
    const e = engine();
    const s = server(['x = 1;\n', '    y = 2;\n', '}\n', 'more();\n', 'and more();\n']);
    const out = await e.complete(cursor('  if (a) {\n    ', '\n'), new AbortController().signal, debounce, s.fetch);
    assert.equal(out.kind === 'completed' && out.text, 'x = 1;\n    y = 2;');
    assert.equal(out.kind === 'completed' && out.stoppedEarly, true);
    assert.equal(out.kind === 'completed' && out.estimated, true, 'usage estimated when the stream was cut');
    assert.equal(s.log.closedEarly, 1);
  });

  it('asks for one line when the rest of the line has text, several when it is empty', async () => {
    const e = engine();
    const s = server(['x']);
    await e.complete(cursor('call(', 'a, b);\n'), new AbortController().signal, debounce, s.fetch);
    await e.complete(cursor('function f() {\n  ', '\n}'), new AbortController().signal, debounce, s.fetch);
    assert.deepEqual(s.log.requests.map((r) => r.stop), [['\n'], ['\n\n\n']]);
  });

  it('reports a server error as failed', async () => {
    const e = engine();
    const s = server(() => {
      throw new DeepSeekError({ kind: 'auth', status: 401, message: 'Authentication failed (401)', requestId: 'r' });
    });
    const out = await e.complete(cursor('x'), new AbortController().signal, debounce, s.fetch);
    assert.equal(out.kind === 'failed' && out.error.kind, 'auth');
  });

  it('the naive policy asks at once, every time, and never aborts', async () => {
    const e = new CompletionEngine({ wait: async () => true, now: () => 0 }, NAIVE);
    const s = server(['a']);
    const ctl = new AbortController();
    ctl.abort();
    await e.complete(cursor('let a = '), ctl.signal, debounce, s.fetch);
    await e.complete(cursor('let a = '), new AbortController().signal, debounce, s.fetch);
    assert.equal(s.log.requests.length, 2);
    assert.equal(s.log.aborted, 0);
  });
});
