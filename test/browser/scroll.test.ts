// Scrolling: a streaming answer keeps the view at the bottom while the reader is there; after the
// reader scrolls up, new text does not move the view; back at the bottom, following resumes; sending
// a message jumps to the bottom.

import * as assert from 'assert';
import type { HostMessage } from '../../src/shared/protocol';
import { longAnswer } from './fixtures/answers';
import { panelState, randomSplit, rng, turnView, type PanelPage } from './harness';
import { openSharedPanel } from './setup';

interface ScrollPos {
  top: number;
  max: number;
  height: number;
}

function scrollPos(panel: PanelPage): Promise<ScrollPos> {
  return panel.page.evaluate(() => {
    const t = document.querySelector('.transcript')!;
    return { top: t.scrollTop, max: t.scrollHeight - t.clientHeight, height: t.scrollHeight };
  });
}

describe('scroll follows the bottom only while the reader is there', () => {
  let panel: PanelPage;
  let seq = 0;
  let pieces: string[] = [];
  let next = 0;

  function moreDeltas(count: number): HostMessage[] {
    const out: HostMessage[] = [];
    for (let i = 0; i < count && next < pieces.length; i++) out.push({ type: 'delta', turn: 'long', seq: ++seq, content: pieces[next++] });
    return out;
  }

  before(async () => {
    panel = await openSharedPanel({ viewport: { width: 700, height: 600 } });
    await panel.post({ type: 'sync', state: panelState([]) });
    pieces = randomSplit(longAnswer(60), rng(5), 80);
  });
  after(async () => {
    const problems = await panel.problems();
    await panel.close();
    assert.deepStrictEqual(problems, []);
  });

  it('streaming a long answer keeps the view at the bottom', async () => {
    await panel.post({ type: 'turnStart', turn: turnView({ id: 'long', question: 'Write a long answer' }) });
    for (let round = 0; round < 10; round++) {
      await panel.stream(moreDeltas(15));
      await panel.nextFrame();
      const pos = await scrollPos(panel);
      if (round > 1) assert.ok(pos.max > 0, 'the answer should overflow the panel');
      assert.ok(pos.max - pos.top <= 2, `round ${round}: ${pos.max - pos.top}px from the bottom`);
    }
  });

  it('after the reader scrolls up, new text does not move the view', async () => {
    const page = panel.page;
    const box = (await page.locator('.transcript').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -400);
    await page.waitForFunction(() => {
      const t = document.querySelector('.transcript')!;
      return t.scrollHeight - t.clientHeight - t.scrollTop > 300;
    });
    const before = await scrollPos(panel);
    for (let round = 0; round < 5; round++) {
      await panel.stream(moreDeltas(15));
      await panel.nextFrame();
      const pos = await scrollPos(panel);
      assert.ok(Math.abs(pos.top - before.top) <= 1, `the view moved from ${before.top} to ${pos.top}`);
    }
    const after = await scrollPos(panel);
    assert.ok(after.height > before.height + 100, 'the answer should have grown meanwhile');
  });

  it('scrolling back to the bottom resumes following', async () => {
    const page = panel.page;
    for (let i = 0; i < 20; i++) {
      await page.mouse.wheel(0, 2000);
      await panel.nextFrame();
      const pos = await scrollPos(panel);
      if (pos.max - pos.top <= 2) break;
    }
    for (let round = 0; round < 4; round++) {
      await panel.stream(moreDeltas(15));
      await panel.nextFrame();
      const pos = await scrollPos(panel);
      assert.ok(pos.max - pos.top <= 2, `round ${round}: ${pos.max - pos.top}px from the bottom after returning`);
    }
  });

  it('sending a message jumps to the bottom', async () => {
    const page = panel.page;
    await panel.post({ type: 'turnEnd', turn: 'long', seq, status: 'done', endedAt: Date.now() });
    await page.evaluate(() => {
      document.querySelector('.transcript')!.scrollTop = 0;
    });
    await panel.nextFrame();
    assert.strictEqual((await scrollPos(panel)).top, 0);
    const input = page.getByRole('textbox', { name: 'Ask DeepSeek' });
    await input.fill('And now?');
    await input.press('Enter');
    await panel.nextFrame();
    let pos = await scrollPos(panel);
    assert.ok(pos.max - pos.top <= 2, 'Enter did not jump to the bottom');
    // The host's turnStart for the question keeps it there.
    await panel.post({ type: 'turnStart', turn: turnView({ id: 'after', question: 'And now?' }) });
    await panel.stream([{ type: 'delta', turn: 'after', seq: 1, content: 'Here.\n\n'.repeat(50) }]);
    await panel.nextFrame();
    pos = await scrollPos(panel);
    assert.ok(pos.max - pos.top <= 2, 'not at the bottom after the new answer started');
  });
});
