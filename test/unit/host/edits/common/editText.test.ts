import * as assert from 'node:assert/strict';
import { buildEditMessages, extractCode, fitToSelection } from '../../../../../src/host/edits/common/editText';

describe('host: Edit Selection text (fences, chatter, indentation)', () => {
  const answer = 'Here is the updated function:\n\n```ts\nfunction add(a: number, b: number) {\n  return a + b;\n}\n```\n\nThis adds types.';

  it('takes only the first fenced block: chatter before and after is dropped', () => {
    assert.equal(extractCode(answer, true), 'function add(a: number, b: number) {\n  return a + b;\n}');
  });

  it('an answer without fences is taken whole, minus blank lines around it', () => {
    assert.equal(extractCode('\n\nconst x = 1;\nconst y = 2;\n\n', true), 'const x = 1;\nconst y = 2;');
  });

  it('longer and tilde fences, and a fence indented by the model', () => {
    assert.equal(extractCode('````md\n```js\nx\n```\n````', true), '```js\nx\n```');
    assert.equal(extractCode('~~~\na\n~~~\n', true), 'a');
    assert.equal(extractCode('  ```\n  a\n    b\n  ```', true), 'a\n  b');
  });

  it('CRLF answers give LF code', () => {
    assert.equal(extractCode('```\r\na\r\nb\r\n```\r\n', true), 'a\nb');
  });

  it('while streaming, every prefix shows only code, never chatter or a fence marker', () => {
    for (let i = 0; i <= answer.length; i++) {
      const shown = extractCode(answer.slice(0, i), false);
      assert.ok(!shown.includes('Here is'), `prefix ${i} shows chatter: ${JSON.stringify(shown)}`);
      assert.ok(!shown.includes('`'), `prefix ${i} shows a fence: ${JSON.stringify(shown)}`);
      assert.ok(!shown.includes('This adds'), `prefix ${i} shows trailing chatter`);
      const final = extractCode(answer, true);
      assert.ok(final.startsWith(shown.split('\n').slice(0, -1).join('\n')), `prefix ${i} is not a prefix of the final code`);
    }
  });

  it('while streaming, code grows line by line and the closing fence never flashes', () => {
    assert.equal(extractCode('```ts\nfunction a() {\n  ret', false), 'function a() {\n  ret');
    assert.equal(extractCode('```ts\nfunction a() {}\n``', false), 'function a() {}');
    assert.equal(extractCode('```ts\nfunction a() {}\n```', false), 'function a() {}');
    assert.equal(extractCode('``', false), '');
    assert.equal(extractCode('Sure, here it is:\n', false), '');
  });

  it('keeps the selection\'s indentation when the model dedents the code', () => {
    const code = 'if (x) {\n  y();\n}';
    assert.equal(fitToSelection(code, { baseIndent: '    ', eol: '\n', endsWithNewline: true }), '    if (x) {\n      y();\n    }\n');
  });

  it('leaves code that already has the selection\'s indentation alone', () => {
    const code = '    if (x) {\n      y();\n    }';
    assert.equal(fitToSelection(code, { baseIndent: '    ', eol: '\n', endsWithNewline: false }), code);
  });

  it('re-bases tab indentation, uses CRLF when the document does, keeps blank lines empty', () => {
    const code = 'a\n\n  b\n\n';
    assert.equal(fitToSelection(code, { baseIndent: '\t', eol: '\r\n', endsWithNewline: false }), '\ta\r\n\r\n\t  b');
  });

  it('a selection that starts after code on its line gets the code as written', () => {
    assert.equal(fitToSelection('a + b', { baseIndent: '', eol: '\n', endsWithNewline: false }), 'a + b');
  });

  it('the request carries the instruction, the file, the code and its context in safe fences', () => {
    const msgs = buildEditMessages({
      instruction: 'add types',
      selected: 'const s = "```";',
      languageId: 'typescript',
      fileName: 'src/a.ts',
      before: '// before',
      after: '// after',
    });
    assert.equal(msgs[0]!.role, 'system');
    const user = msgs[1]!.content as string;
    assert.match(user, /Instruction: add types/);
    assert.match(user, /File: src\/a\.ts/);
    assert.ok(user.includes('````typescript\nconst s = "```";\n````'));
    assert.ok(user.includes('// before') && user.includes('// after'));
  });
});
