import * as assert from 'node:assert/strict';
import { balanceBrackets, blockEnd, cutAtBlockEnd, dropSuffixOverlap, postProcess } from '../../../../../src/host/completions/common/postProcess';

const place = (prefix: string, suffix: string) => ({ prefix, suffix, linePrefix: prefix.slice(prefix.lastIndexOf('\n') + 1) });

describe('completions: post-processing', () => {
  describe('block end (indentation rule)', () => {
    it('stops before the first line indented less than the cursor line', () => {
      const text = 'a = 1;\n    b = 2;\n}\n\nfunction next() {';
      assert.equal(cutAtBlockEnd(text, '    '), 'a = 1;\n    b = 2;');
    });

    it('keeps the closing line of a block the completion opened at the cursor level', () => {
      const text = 'if (x) {\n  run();\n}\n';
      assert.equal(cutAtBlockEnd(text, ''), 'if (x) {\n  run();\n}');
    });

    it('stops at a new paragraph at the cursor level (the next function)', () => {
      assert.equal(cutAtBlockEnd('\n    return 1\n\ndef other():\n    pass', 'def f():'), '\n    return 1');
    });

    it('decides nothing while the next line is still only indentation (streaming)', () => {
      assert.equal(blockEnd('a();\n  ', '    '), undefined);
      assert.equal(blockEnd('a();\n  b', '    '), 4);
    });

    it('caps the number of lines', () => {
      const many = Array.from({ length: 40 }, (_, i) => `x${i}();`).join('\n');
      assert.equal(cutAtBlockEnd(many, '').split('\n').length, 16);
    });
  });

  describe('suffix overlap', () => {
    it('drops a closing bracket the line already has', () => {
      assert.equal(dropSuffixOverlap('a, b)', place('foo(', ')')), 'a, b');
      assert.equal(dropSuffixOverlap('"x"]);', place('call([', ']);')), '"x"');
    });

    it('keeps a closing bracket the completion itself needs', () => {
      assert.equal(dropSuffixOverlap('bar()', place('foo(', ')')), 'bar()');
    });

    it('drops the rest of the line when the completion repeats it', () => {
      assert.equal(dropSuffixOverlap('value = compute(x);', place('  ', 'compute(x);')), 'value = ');
    });

    it('drops trailing lines that equal the next lines', () => {
      const text = 'total += x;\n  }\n  return total;';
      assert.equal(dropSuffixOverlap(text, place('    ', '\n  }\n  return total;\n}')), 'total += x;');
    });
  });

  describe('brackets', () => {
    it('cuts where the completion closes a bracket that is not the innermost open one', () => {
      assert.equal(balanceBrackets('a, b]', place('foo(', '')), 'a, b');
    });

    it('allows closing brackets opened before the cursor, and ignores brackets in strings', () => {
      assert.equal(balanceBrackets('a, ")")', place('foo(', '')), 'a, ")")');
      assert.equal(balanceBrackets('x])', place('foo([', '')), 'x])');
    });

    it('cuts a multi-line completion that leaves its own brackets open back to its last balanced line', () => {
      assert.equal(balanceBrackets('a();\nb();\nif (x) {\n  c();', place('', '')), 'a();\nb();');
    });

    it('keeps a single line that opens a bracket (the user goes on typing)', () => {
      assert.equal(balanceBrackets('items.map((x', place('', '')), 'items.map((x');
    });
  });

  it('all together: a completion that runs past the block and repeats the suffix is cut to what fits', () => {
    const p = place('function sum(xs) {\n  let total = 0;\n  for (const x of xs) {\n    ', '\n  }\n  return total;\n}\n');
    const raw = 'total += x;\n  }\n  return total;\n}\n\nfunction other() {}';
    assert.equal(postProcess(raw, p), 'total += x;');
  });
});
