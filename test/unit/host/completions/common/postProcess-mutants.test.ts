// Post-processing cases the mutation run found untested (src/host/completions/common/postProcess.ts):
// tabs as indentation, blank lines inside a deeper block, trailing blank lines; repeated next lines
// past a blank line or after a line that goes on, the cursor's own line kept, line breaks kept; the
// rest of the line with spaces around it, two-character rests, partial repeats of brackets only; and
// the bracket cuts (wrong closer, spaces around the cut, no balanced line to go back to).

import * as assert from 'node:assert/strict';
import { balanceBrackets, cutAtBlockEnd, dropSuffixOverlap } from '../../../../../src/host/completions/common/postProcess';

const place = (prefix: string, suffix: string) => ({ prefix, suffix, linePrefix: prefix.slice(prefix.lastIndexOf('\n') + 1) });

describe('completions: post-processing, further cases', () => {
  describe('block end', () => {
    it('counts tabs as indentation: a tab-indented block ends at the first line indented less', () => {
      assert.equal(cutAtBlockEnd('x++;\n\t\ty++;\n\t}\n}', '\t\t'), 'x++;\n\t\ty++;');
    });

    it('a blank line inside a deeper block does not end the completion; a line back at the cursor level after one does', () => {
      assert.equal(cutAtBlockEnd('if (a) {\n\n    b();\n  }\n\n  next();', '  '), 'if (a) {\n\n    b();\n  }');
    });

    it('trims all trailing blank lines and spaces', () => {
      assert.equal(cutAtBlockEnd('a();  \n\n', ''), 'a();');
    });
  });

  describe('suffix overlap', () => {
    it('drops the lines the file already has after the cursor even past a blank line', () => {
      assert.equal(dropSuffixOverlap('total += x;\n  return total;', place('    ', '\n\n  return total;\n}')), 'total += x;');
    });

    it('completing an if condition: drops the body the next lines already have, then the rest of the line', () => {
      assert.equal(dropSuffixOverlap('ready) {\n    go();', place('  if (', ') {\n    go();\n  }')), 'ready');
    });

    it("keeps lines that differ from the next lines, and never drops the cursor's own line as a repeat", () => {
      assert.equal(dropSuffixOverlap('a();\nb();', place('', '\nc();')), 'a();\nb();');
      assert.equal(dropSuffixOverlap('foo();\nbar();', place('', '\nfoo();\nbar();\nbaz();')), 'foo();\nbar();');
    });

    it('what is left after dropping repeated lines keeps its line breaks and loses its trailing blank lines', () => {
      assert.equal(dropSuffixOverlap('a();\nb();\n\n\nc();', place('', '\nc();')), 'a();\nb();');
    });

    it('finds the repeated rest of the line whatever spaces the line or the completion has around it', () => {
      assert.equal(dropSuffixOverlap('value = compute(x);', place('  ', 'compute(x);   ')), 'value = ');
      assert.equal(dropSuffixOverlap('value = compute(x);  ', place('  ', 'compute(x);')), 'value = ');
      assert.equal(dropSuffixOverlap(' 2 * compute(x);', place('  value =', 'compute(x);')), ' 2 * ');
    });

    it('drops a repeated rest of the line of two characters', () => {
      assert.equal(dropSuffixOverlap('4px', place('  margin: ', 'px')), '4');
    });

    it('drops closing brackets the line already has when more follows them on the line', () => {
      assert.equal(dropSuffixOverlap('a)', place('foo(', ');')), 'a');
      assert.equal(dropSuffixOverlap('"x"])', place('call([', ']); // go')), '"x"');
      assert.equal(dropSuffixOverlap('x) }', place('items.forEach((x) => { f(', ') });')), 'x');
    });

    it('takes only closing brackets and punctuation as a partial repeat of the line, not a word or an operator with them', () => {
      assert.equal(dropSuffixOverlap('x) +', place('y = (', ') + z;')), 'x) +');
      assert.equal(dropSuffixOverlap('a, b)', place('f(', 'b); // note')), 'a, b)');
    });
  });

  describe('brackets', () => {
    it('cuts where the completion closes its own bracket with the wrong closer, even one that matches a bracket open before the cursor', () => {
      assert.equal(balanceBrackets('f(a]', place('', '')), 'f(a');
      assert.equal(balanceBrackets(' [a )', place('foo(', '')), ' [a');
    });

    it('cuts back to the last balanced line keeping its leading spaces and dropping its trailing ones', () => {
      assert.equal(balanceBrackets(' a();  \nif (x) {\n  y();', place('', '')), ' a();');
    });

    it('keeps a multi-line completion whole when no earlier line break has its brackets balanced', () => {
      assert.equal(balanceBrackets('foo(\n  a,', place('', '')), 'foo(\n  a,');
      assert.equal(balanceBrackets('\nif (x) {\n  y();', place('', '')), '\nif (x) {\n  y();');
    });
  });
});
