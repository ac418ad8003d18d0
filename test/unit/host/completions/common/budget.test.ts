import * as assert from 'node:assert/strict';
import { estimateTokens } from '../../../../../src/host/conversation/common/conversation';
import { budgetWindow, headWithin, tailWithin } from '../../../../../src/host/completions/common/budget';

const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag} line ${i} with some code();`).join('\n');

describe('completions: prompt and suffix budgeting', () => {
  it('keeps everything when it fits', () => {
    assert.deepEqual(budgetWindow('a\nb', 'c\nd', 100), { prefix: 'a\nb', suffix: 'c\nd' });
  });

  it('keeps the end of the prefix and the start of the suffix, in whole lines, within the budget', () => {
    const before = lines(400, 'before') + '\n  const x = ';
    const after = '1;\n' + lines(400, 'after');
    const w = budgetWindow(before, after, 600);
    assert.ok(before.endsWith(w.prefix) && after.startsWith(w.suffix));
    assert.ok(estimateTokens(w.prefix) + estimateTokens(w.suffix) <= 600);
    assert.ok(w.prefix.endsWith('\n  const x = '), 'the cursor line is kept');
    assert.ok(w.prefix.startsWith('before line'), `starts at a line start: ${w.prefix.slice(0, 20)}`);
    assert.ok(w.suffix.endsWith('\n'), 'the suffix ends at a line end');
    // Prefix first: the suffix gets at most a quarter.
    assert.ok(estimateTokens(w.suffix) <= 150 && estimateTokens(w.prefix) > 400);
  });

  it('gives the prefix what a short suffix leaves', () => {
    const before = lines(400, 'before');
    const w = budgetWindow(before, '}\n', 600);
    assert.ok(estimateTokens(w.prefix) > 550, String(estimateTokens(w.prefix)));
  });

  it('cuts a single line longer than the budget at the cursor side', () => {
    const long = 'x'.repeat(10_000);
    assert.equal(tailWithin(long, 30), 'x'.repeat(100));
    assert.equal(headWithin(long, 30), 'x'.repeat(100));
  });
});
