// The task after a frame (src/webview/frame.ts afterFrame): a long answer's end render, the save after
// it and the render pacing each wait for it, so every callback must run, once, whatever the others do.
// One MessageChannel serves them all (a channel per call left ports for the garbage collector).

import * as assert from 'assert';
import type { Page } from 'playwright-core';
import { fixtureBundle } from './fixtures/bundle';
import { shared } from './setup';

type FramePage = import('./fixtures/framePage.mjs', { with: { 'resolution-mode': 'import' } }).FramePage;
type Round = Awaited<ReturnType<FramePage['round']>>;

const roundIn = (page: Page): Promise<Round> => page.evaluate(() => (window as unknown as { __framePage: FramePage }).__framePage.round());

describe('the task after a frame', function () {
  this.timeout(60_000);

  it('runs every callback once, those of one frame together after it, one queued by a callback in a later task, past one that throws', async () => {
    const context = await shared().browser.newContext();
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.addScriptTag({ content: await fixtureBundle('framePage.mts') });
      // Twice: the channel made for the first round serves the second.
      for (let round = 1; round <= 2; round++) {
        const ran = await roundIn(page);
        assert.deepStrictEqual(
          ran.map((r) => r.name),
          ['a', 'b', 'c', 'd', 'e'],
          `round ${round}: callbacks ran out of order, twice or not at all`,
        );
        const taskOf = (name: string) => ran.find((r) => r.name === name)!.task;
        assert.ok(taskOf('a') > 0, `round ${round}: not after the frame's task`);
        assert.deepStrictEqual(['b', 'c', 'd'].map(taskOf), [taskOf('a'), taskOf('a'), taskOf('a')], `round ${round}: one frame's callbacks were split over tasks`);
        assert.ok(taskOf('e') > taskOf('a'), `round ${round}: a callback queued by a callback ran in the same task`);
      }
      // The failure is reported, not swallowed.
      assert.strictEqual(errors.filter((e) => e.includes('after-frame callback failed')).length, 2, errors.join('\n'));
    } finally {
      await context.close();
    }
  });
});
