import * as assert from 'node:assert/strict';
import { debounceMs, midWord, TypingPace } from '../../../../../src/host/completions/common/debounce';

const settings = { minMs: 75, maxMs: 600 };

/** A pace from edits at these times (ms). */
function editsAt(times: number[]): TypingPace {
  const pace = new TypingPace();
  for (const t of times) pace.edit(t);
  return pace;
}

describe('completions: the debounce policy, in numbers', () => {
  it("a steady typist's wait starts at twice the gap between keys and shrinks toward it", () => {
    const waits = [100, 200, 300].map((end) => debounceMs(editsAt([0, 100, 200, 300].filter((t) => t <= end)), false, settings));
    assert.deepEqual(waits, [200, 175, 156]);
    assert.equal(editsAt([0, 100]).meanMs, 100);
  });

  it('a slower key moves the typical gap a quarter of the way toward it, and the wait grows', () => {
    const pace = editsAt([0, 100, 200, 300, 500]);
    assert.equal(pace.meanMs, 125);
    assert.equal(debounceMs(pace, false, settings), 217);
    assert.equal(debounceMs(pace, true, settings), 326);
  });

  it('edits in the same millisecond, and gaps of 1.5 s or more, do not change the pace', () => {
    const wait = debounceMs(editsAt([0, 100, 200]), false, settings);
    assert.equal(wait, 175);
    assert.equal(debounceMs(editsAt([0, 100, 200, 200]), false, settings), wait);
    assert.equal(debounceMs(editsAt([0, 100, 200, 1700]), false, settings), wait);
    assert.equal(debounceMs(editsAt([0, 100, 200, 1700, 1800]), false, settings), 156);
  });

  it('counts a word character before the cursor as mid-word whatever follows later on the line', () => {
    assert.equal(midWord('  call(ba', ', qux)'), true);
    assert.equal(midWord('  x = a', ' + b'), true);
    assert.equal(midWord('  x = a', 'b + c'), false);
  });
});
