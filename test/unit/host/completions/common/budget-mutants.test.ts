import * as assert from 'node:assert/strict';
import { estimateTokens } from '../../../../../src/host/conversation/common/conversation';
import { budgetWindow, headWithin, maxCharsFor, tailWithin } from '../../../../../src/host/completions/common/budget';

// Token costs as estimateTokens counts them: 3 tenths per ASCII character, 6 per other, rounded up.
const step = '  i += 1;\n'; // 10 characters: exactly 3 tokens
const loop = 'function f() {\n  let i = 0;\n' + step.repeat(5);

describe('completions: prompt and suffix budgeting, at the edges', () => {
  it('sends text that fits the budget exactly whole, though its lines one by one would round up past it', () => {
    const text = 'a = 1;\nb = 2;\nc = 3;\nd'; // 7 tokens in all, 3 + 3 + 3 + 1 line by line
    assert.equal(estimateTokens(text), 7);
    assert.equal(tailWithin(text, 7), text);
    assert.equal(headWithin(text, 7), text);
    assert.deepEqual(budgetWindow(text, '', 7), { prefix: text, suffix: '' });
  });

  it('fills the prefix with whole lines up to exactly the budget, the cursor line first', () => {
    const before = loop + '  i'; // cursor line: 1 token
    assert.equal(tailWithin(before, 4), step + '  i');
    assert.equal(tailWithin(before, 10), step.repeat(3) + '  i');
    assert.equal(tailWithin(before, 9), step.repeat(2) + '  i', 'a line that would cross the budget is left out');
  });

  it('fills the suffix with whole lines up to exactly the budget, the rest of the cursor line first', () => {
    const after = 'a + b + c;\n' + step.repeat(5) + '}\n'; // rest of the cursor line: 11 characters, 4 tokens
    assert.equal(headWithin(after, 6), 'a + b + c;\n', 'the next line would cross the budget by one');
    assert.equal(headWithin(after, 7), 'a + b + c;\n' + step);
    assert.equal(headWithin(after, 13), 'a + b + c;\n' + step.repeat(3));
    assert.equal(headWithin(after, 15), 'a + b + c;\n' + step.repeat(3));
  });

  it('after a cursor at the end of a line, the suffix is that line break and the whole lines below it', () => {
    const after = '\n' + step.repeat(5) + '}\n';
    assert.equal(headWithin(after, 7), '\n' + step.repeat(2));
    assert.equal(headWithin(after, 1), '\n');
  });

  it('leaves out a long line above the cursor line whole, rather than part of it', () => {
    const comment = '// ' + 'a long explanation '.repeat(10);
    assert.equal(tailWithin(comment + '\n  x = ', 10), '  x = ');
    assert.equal(tailWithin('int y;\n' + comment + '\n  x = ', 10), '  x = ');
  });

  it('cuts a cursor line longer than the budget at the cursor side, also between other lines', () => {
    const long = 'x'.repeat(200);
    assert.equal(tailWithin('above();\n' + long, 30), 'x'.repeat(100));
    assert.equal(headWithin(long + '\nbelow();\n', 30), 'x'.repeat(100));
  });

  it('keeps a cursor line that exactly fills the budget whole', () => {
    const line = 'y'.repeat(97); // 29.1 tokens, counted as 30
    assert.equal(estimateTokens(line), 30);
    assert.equal(tailWithin('  let x = 0;\n' + line, 30), line);
    assert.equal(headWithin(line + '\n  let x = 0;\n', 30), line + '\n');
  });

  it('cuts non-ASCII text (from U+0080 on) at twice the cost of ASCII, as estimateTokens counts it', () => {
    for (const ch of ['é', '中', '\u0080']) {
      const long = ch.repeat(200);
      assert.equal(tailWithin(long, 30), ch.repeat(50), ch);
      assert.equal(headWithin(long, 30), ch.repeat(50), ch);
      assert.equal(tailWithin('above();\n' + long, 30), ch.repeat(50), ch);
    }
    assert.equal(tailWithin('\u007f'.repeat(200), 30), '\u007f'.repeat(100), 'U+007F is still ASCII');
  });

  it('limiting the text to maxCharsFor(budget) characters beforehand changes no window', () => {
    for (const budget of [30, 1500]) {
      const line = 'z'.repeat(3 * maxCharsFor(budget));
      const max = maxCharsFor(budget);
      assert.equal(tailWithin(line.slice(-max), budget), tailWithin(line, budget), String(budget));
      assert.equal(headWithin(line.slice(0, max), budget), headWithin(line, budget), String(budget));
      assert.ok(estimateTokens(line.slice(-max)) > budget, 'that many characters always exceed the budget');
    }
  });

  it('answers a prefix that starts with an empty line and fills the budget exactly line by line (no endless loop)', () => {
    const body = step.repeat(4) + '  return x'; // 50 characters: 15 tokens, line by line too
    assert.deepEqual(budgetWindow('\n' + body, '', 15), { prefix: body, suffix: '' });
    assert.equal(tailWithin('\n\n' + body, 15), body);
  });
});
