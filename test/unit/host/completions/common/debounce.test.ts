import * as assert from 'node:assert/strict';
import { debounceMs, midWord, TypingPace } from '../../../../../src/host/completions/common/debounce';

const settings = { minMs: 75, maxMs: 600 };

function typed(gaps: number[]): TypingPace {
  const pace = new TypingPace();
  let t = 1000;
  pace.edit(t);
  for (const g of gaps) pace.edit((t += g));
  return pace;
}

describe('completions: the debounce policy', () => {
  it('waits the minimum before it knows the pace', () => {
    assert.equal(debounceMs(new TypingPace(), true, settings), 75);
  });

  it('waits longer than a steady typist takes for the next key, so typing costs no request', () => {
    const gaps = [120, 130, 125, 110, 140, 120, 135, 125, 115, 130];
    const pace = typed(gaps);
    const wait = debounceMs(pace, false, settings);
    assert.ok(wait > Math.max(...gaps) * 0.9 && wait < 400, String(wait));
  });

  it('waits longer mid-word than after a space or a dot', () => {
    const pace = typed([120, 130, 125, 110, 140]);
    assert.ok(debounceMs(pace, true, settings) > debounceMs(pace, false, settings));
  });

  it('adapts: a faster typist gets a shorter wait, and pauses do not count as typing', () => {
    const fast = typed([60, 70, 65, 60, 70]);
    const slow = typed([250, 240, 260, 255, 245]);
    assert.ok(debounceMs(fast, false, settings) < debounceMs(slow, false, settings));
    assert.equal(debounceMs(typed([60, 70, 65, 60, 70, 5000]), false, settings), debounceMs(fast, false, settings));
  });

  it('never waits more than the maximum', () => {
    assert.equal(debounceMs(typed([1400, 1300, 1450]), true, settings), 600);
  });

  it('knows mid-word from the characters around the cursor', () => {
    assert.equal(midWord('  const valu', ''), true);
    assert.equal(midWord('  const valu', ')'), true);
    assert.equal(midWord('  const ', ''), false);
    assert.equal(midWord('  foo.', ''), false);
    assert.equal(midWord('  fo', 'o'), false);
  });
});
