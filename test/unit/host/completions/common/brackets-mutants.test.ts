// Bracket scanner cases the mutation run found untested (src/host/completions/common/brackets.ts):
// brackets inside quotes, escaped quotes, a quote left open at the end of its line (an apostrophe in
// a comment) against a template literal that goes on over lines, and which openers stay unclosed.

import * as assert from 'node:assert/strict';
import { excessClosers, openBrackets } from '../../../../../src/host/completions/common/brackets';

describe('completions: bracket scanner, further cases', () => {
  it('brackets inside a string do not count, and the string ends at its closing quote', () => {
    assert.deepEqual(openBrackets('f("a(b")'), []);
    assert.deepEqual(openBrackets('f("a")'), []);
    assert.deepEqual(openBrackets("g('x', ["), ['(', '[']);
    assert.equal(excessClosers('"a)")', ['(']), 0);
  });

  it('an escaped quote does not end the string', () => {
    assert.deepEqual(openBrackets('x = "a\\"(" + y'), []);
    assert.deepEqual(openBrackets('say("he said \\"hi (\\"", '), ['(']);
  });

  it("a quote left open ends at its line's end (an apostrophe in a comment does not hide the next lines)", () => {
    assert.deepEqual(openBrackets("// it's done\nrun("), ['(']);
    assert.deepEqual(openBrackets('# "quoted\nitems['), ['[']);
  });

  it('a template literal goes on over lines: brackets on its later lines do not count', () => {
    assert.deepEqual(openBrackets('const s = `a\n(b`;\nrun('), ['(']);
    assert.deepEqual(openBrackets('html(`\n  <p>{x</p>\n`'), ['(']);
  });

  it('lists the openers left unclosed, innermost last; a closer that does not match the innermost opener is ignored', () => {
    assert.deepEqual(openBrackets(''), []);
    assert.deepEqual(openBrackets('done();'), []);
    assert.deepEqual(openBrackets('a[0](b, {c: 1}'), ['(']);
    assert.deepEqual(openBrackets('call([x, {'), ['(', '[', '{']);
    assert.deepEqual(openBrackets('([)'), ['(', '[']);
  });
});
