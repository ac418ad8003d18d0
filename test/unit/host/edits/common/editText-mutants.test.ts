// Edit Selection text cases the mutation run found untested (src/host/edits/common/editText.ts): the
// request's exact layout and its context blocks, which lines open, close or stay inside a fence, the
// streaming view of an answer without fences (chatter held back, code shown line by line, a partial
// line that may still open a fence held back), and how code is fitted to the selection's
// indentation (deeper code kept, tabs against spaces, blank lines, Windows line endings).

import * as assert from 'node:assert/strict';
import { buildEditMessages, commonIndent, extractCode, fitToSelection, type IndentTarget } from '../../../../../src/host/edits/common/editText';

const at = (baseIndent: string): IndentTarget => ({ baseIndent, eol: '\n', endsWithNewline: false });

describe('host: Edit Selection text, further cases', () => {
  describe('the request', () => {
    it('lays out the file, the trimmed instruction, each code part in its own fenced block, and the reply rule', () => {
      const msgs = buildEditMessages({
        instruction: '  add types \n',
        selected: 'const a = 1;',
        languageId: 'typescript',
        fileName: 'src/a.ts',
        before: 'import x from "x";',
        after: 'export {};',
      });
      assert.equal(
        msgs[1]!.content,
        [
          'File: src/a.ts',
          'Instruction: add types',
          '',
          'Context before the selection (do not return it):',
          '```typescript',
          'import x from "x";',
          '```',
          '',
          'Selected code to replace:',
          '```typescript',
          'const a = 1;',
          '```',
          '',
          'Context after the selection (do not return it):',
          '```typescript',
          'export {};',
          '```',
          '',
          'Reply with the replacement for the selected code only, in one fenced code block.',
        ].join('\n'),
      );
    });

    it('a selection at the top or bottom of a file, or with only blank lines around it, sends no empty context block', () => {
      for (const [before, after] of [
        ['', '\n  \n'],
        ['\t\n', ''],
      ] as const) {
        const user = buildEditMessages({ instruction: 'x', selected: 'a();', languageId: 'js', fileName: 'a.js', before, after })[1]!.content;
        assert.equal(user, 'File: a.js\nInstruction: x\n\nSelected code to replace:\n```js\na();\n```\n\nReply with the replacement for the selected code only, in one fenced code block.');
      }
    });
  });

  describe('a finished answer', () => {
    it('without fences keeps its line breaks, its first and last lines included', () => {
      assert.equal(extractCode('start();\n\nstop();', true), 'start();\n\nstop();');
    });

    it('without fences is used whole even when its first line reads like a sentence (a text file\'s edit)', () => {
      assert.equal(extractCode('Install the package first.\nThen run it.\n', true), 'Install the package first.\nThen run it.');
    });

    it('a line that merely ends with backticks, or opens a nested block with a language, does not end the code', () => {
      const answer = '```md\nWrap code in ```\n```python\nprint(1)\n```\nThat is all.';
      assert.equal(extractCode(answer, true), 'Wrap code in ```\n```python\nprint(1)');
    });

    it('a closing fence may have trailing spaces; a fence of the other kind (tildes in a backtick block) is code', () => {
      assert.equal(extractCode('```\na\n```  \nThat is all.', true), 'a');
      assert.equal(extractCode('```\na\n~~~\nb\n```', true), 'a\n~~~\nb');
    });

    it('in a fence the model indented, a less indented line loses only the spaces it has', () => {
      assert.equal(extractCode('  ```\n  if (a) {\n    b();\n  }\nc();\n  ```', true), 'if (a) {\n  b();\n}\nc();');
    });
  });

  describe('while streaming', () => {
    it('the partial last line of an indented fence loses the fence\'s indentation too', () => {
      assert.equal(extractCode('  ```\n  if (a) {\n    b', false), 'if (a) {\n  b');
    });

    it('a partial line that may still become the closing fence is held back; one that cannot is shown', () => {
      assert.equal(extractCode('```\na\n  ', false), 'a');
      assert.equal(extractCode('```\na\n~~', false), 'a\n~~');
      assert.equal(extractCode('~~~\na\n``', false), 'a\n``');
    });

    it('a partial line of text in a Markdown edit is shown as it arrives, with or without a fence', () => {
      assert.equal(extractCode('```markdown\n# Notes\nA line still arriving', false), '# Notes\nA line still arriving');
      assert.equal(extractCode('# Notes\nA line still arriving', false), '# Notes\nA line still arriving');
    });

    it('an answer without a fence that starts with code shows it line by line, the partial line included', () => {
      assert.equal(extractCode('const a = 1;\n', false), 'const a = 1;');
      assert.equal(extractCode('const a = 1;\nconst b = `hi', false), 'const a = 1;\nconst b = `hi');
    });

    it('an answer without a fence holds back a partial line that may still open one', () => {
      for (const tail of ['``', '  ~']) assert.equal(extractCode(`const a = 1;\n${tail}`, false), 'const a = 1;', JSON.stringify(tail));
    });

    it('an opening sentence is held back as chatter, also when the answer starts with a space or a blank line', () => {
      for (const answer of ['The updated function:\n', ' The updated function:\n', ' OK, here it is:\n', '\n', '\nHere is the updated code:\n', '  \n\nSure, here it is:\n']) {
        assert.equal(extractCode(answer, false), '', JSON.stringify(answer));
      }
    });

    it('code that merely contains a capitalised word, a dot or "ok" is not mistaken for chatter', () => {
      for (const line of ['case Red:', 'Console.WriteLine("Hello");', 'const ok = check();']) {
        assert.equal(extractCode(`${line}\n`, false), line);
      }
    });
  });

  describe('fitting the code to the selection', () => {
    it('an empty code block proposes empty text (the selection would be deleted), without an error', () => {
      assert.equal(fitToSelection('', at('    ')), '');
      assert.equal(fitToSelection('\n\n', at('  ')), '');
    });

    it('code with Windows line endings is fitted line by line to the document\'s line ending', () => {
      assert.equal(fitToSelection('a\r\nb', at('')), 'a\nb');
    });

    it('trailing lines of only spaces are dropped, and blank lines inside come out empty', () => {
      assert.equal(fitToSelection('a\n   \nb\n  \n', at('')), 'a\n\nb');
    });

    it('code indented deeper than the selection is left as the model wrote it', () => {
      const code = '      x();\n        y();';
      assert.equal(fitToSelection(code, at('    ')), code);
    });

    it('a selection indented with a tab gets tabs when the model indents with spaces, and the reverse', () => {
      assert.equal(fitToSelection('  a\n    b', at('\t')), '\ta\n\t  b');
      assert.equal(fitToSelection('\t  a\n\t  b', at('  ')), '  a\n  b');
    });

    it('blank lines, even ones holding spaces, do not count towards the code\'s indentation', () => {
      assert.equal(fitToSelection('    a\n\n  \n    b', at('\t')), '\ta\n\n\n\tb');
    });

    it('the shared indentation is the longest prefix every non-blank line has, and empty when there is none', () => {
      assert.equal(commonIndent(['    a', '  b', '    c']), '  ');
      assert.equal(commonIndent(['\ta', '  b']), '');
      assert.equal(commonIndent([]), '');
      assert.equal(commonIndent(['', '   ']), '');
    });
  });
});
