// Completion request cases the mutation run found untested (src/host/completions/common/request.ts):
// the text of the cursor's line on either side, when a multi-line suggestion fits, and the start of
// an over-long cursor line that the window cuts off (sent as context in front of the prefix).

import * as assert from 'node:assert/strict';
import { buildRequest, linePrefixOf, lineSuffixOf, multiLine, type CursorText } from '../../../../../src/host/completions/common/request';

const cursor = (before: string, after: string): CursorText => ({
  doc: 'file:///src/icons.ts',
  path: 'src/icons.ts',
  languageId: 'typescript',
  before,
  after,
  head: () => '',
  openFiles: () => [],
});

describe('completions: the request, further cases', () => {
  it("takes the cursor's line: the text before the cursor on it, and the rest of it after the cursor", () => {
    assert.equal(linePrefixOf('function f() {\n  return '), '  return ');
    assert.equal(linePrefixOf('let a = '), 'let a = ');
    assert.equal(lineSuffixOf(');\n}\n'), ');');
    assert.equal(lineSuffixOf('x + 1'), 'x + 1');
    assert.equal(lineSuffixOf('\nnext();'), '');
  });

  it('asks for several lines only when the rest of the line is closing brackets, quotes, punctuation or spaces', () => {
    assert.equal(multiLine(''), true);
    assert.equal(multiLine(');'), true);
    assert.equal(multiLine('   '), true);
    assert.equal(multiLine(' }); '), true);
    assert.equal(multiLine('x)'), false);
    assert.equal(multiLine(' + 1;'), false);
    const many = buildRequest(cursor('run(', ');\n'));
    assert.deepEqual([many.multiLine, many.body.stop, many.body.max_tokens], [true, ['\n\n\n'], 256]);
    const one = buildRequest(cursor('const a = ', 'b;\n'));
    assert.deepEqual([one.multiLine, one.body.stop, one.body.max_tokens], [false, ['\n'], 64]);
  });

  it('sends the start of an over-long import line that the window cuts off as a context comment', () => {
    const names = Array.from({ length: 600 }, (_, i) => `Icon${i}`).join(', ');
    const before = `import { ${names}`;
    const built = buildRequest(cursor(before, ''));
    assert.ok(built.prefix.length < before.length && before.endsWith(built.prefix), 'the window keeps only the end of the line');
    const cut = before.slice(0, before.length - built.prefix.length);
    assert.ok(cut.startsWith('import { Icon0, Icon1, '));
    assert.equal(built.body.prompt, `// src/icons.ts\n// ${cut.trimEnd()}\n${built.prefix}`);
  });
});
