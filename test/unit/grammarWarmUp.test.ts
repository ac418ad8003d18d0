// The warm-up of highlight.js grammars (src/webview/highlight.ts warmUpGrammars): it compiles one
// grammar per long idle period after the panel opens. While an answer streams, or when idle periods
// are short (frames are being drawn), it must wait a while before looking again: asking for every
// idle period put one of its callbacks in almost every frame of a streaming answer in VS Code.

import * as assert from 'assert';

type Highlight = typeof import('../../src/webview/highlight.js', { with: { 'resolution-mode': 'import' } });
type Scheduler = Parameters<Highlight['warmUpGrammars']>[1] & object;
type IdleCallback = Parameters<Scheduler['idle']>[0];
type Deadline = Parameters<IdleCallback>[0];

/** A scheduler whose idle periods and timers the test runs by hand. */
function manualScheduler() {
  const idle: IdleCallback[] = [];
  const later: { cb: () => void; ms: number }[] = [];
  const scheduler: Scheduler = { idle: (cb) => idle.push(cb), later: (cb, ms) => later.push({ cb, ms }) };
  return { idle, later, scheduler };
}

const deadline = (ms: number): Deadline => ({ didTimeout: false, timeRemaining: () => ms }) as Deadline;

describe('grammar warm-up', () => {
  let m: Highlight;
  let hljs: { highlight: (...args: unknown[]) => unknown };
  let compiled: string[];
  let original: (...args: unknown[]) => unknown;

  before(() => {
    // src/webview is an ES module package; tsx's require hook loads it here.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    m = require('../../src/webview/highlight.ts') as Highlight;
    // The same highlight.js instance the module uses: its calls are recorded.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    hljs = require('highlight.js/lib/core') as typeof hljs;
    original = hljs.highlight;
    hljs.highlight = function (this: unknown, ...args: unknown[]) {
      compiled.push((args[1] as { language: string }).language);
      return original.apply(this, args);
    };
  });
  beforeEach(() => (compiled = []));
  after(() => (hljs.highlight = original));

  it('while an answer streams, compiles nothing and looks again only after a pause, not in the next idle period', () => {
    const s = manualScheduler();
    m.warmUpGrammars(() => true, s.scheduler);
    assert.strictEqual(s.idle.length, 1);
    for (let i = 0; i < 5; i++) {
      s.idle.shift()!(deadline(50));
      assert.strictEqual(s.idle.length, 0, 'asked for the very next idle period while an answer streams');
      assert.strictEqual(s.later.length, 1);
      const { cb, ms } = s.later.shift()!;
      assert.ok(ms >= 250, `looked again after ${ms} ms`);
      cb();
      assert.strictEqual(s.idle.length, 1, 'stopped looking');
    }
    assert.strictEqual(compiled.length, 0, 'compiled while an answer streams');
  });

  it('waits a while after an idle period too short to compile in, then compiles every grammar, one per idle period, and stops', () => {
    const s = manualScheduler();
    m.warmUpGrammars(() => false, s.scheduler);
    s.idle.shift()!(deadline(4));
    assert.strictEqual(compiled.length, 0, 'compiled in a short idle period');
    assert.strictEqual(s.idle.length, 0, 'asked for the very next idle period after a short one');
    s.later.shift()!.cb();
    let periods = 0;
    while (s.idle.length) {
      s.idle.shift()!(deadline(50));
      periods++;
      assert.strictEqual(compiled.length, periods, 'not one grammar per idle period');
    }
    assert.deepStrictEqual(compiled, [...m.WARM_UP_LANGUAGES]);
    assert.ok(compiled.includes('typescript') && !compiled.includes('java'));
    assert.strictEqual(s.later.length, 0);
  });
});
