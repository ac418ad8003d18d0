import * as assert from 'node:assert/strict';
import { buildSelectionPrompt, MAX_SELECTION_CHARS } from '../../../../../src/host/core/common/selectionPrompt';

describe('host: Explain Selection prompt', () => {
  it('sends the code fenced with its language, file name and line range', () => {
    const p = buildSelectionPrompt({ text: 'const a = 1;\nconst b = 2;', languageId: 'typescript', fileName: 'src/a.ts', startLine: 10 }, 400);
    assert.equal(p.note, undefined);
    assert.match(p.question, /`src\/a\.ts` \(lines 10–11\)/);
    assert.ok(p.question.includes('```typescript\nconst a = 1;\nconst b = 2;\n```'));
  });

  it('uses a fence longer than any backtick run in the code', () => {
    const code = 'md = """\n```js\nx\n```\n"""';
    const p = buildSelectionPrompt({ text: code, languageId: 'python', fileName: 'a.py', startLine: 1 }, 400);
    assert.ok(p.question.includes('````python\n' + code + '\n````'));
  });

  it('cuts long selections by lines with a visible note', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `line ${i + 1}`).join('\n');
    const p = buildSelectionPrompt({ text, languageId: 'plaintext', fileName: 'big.txt', startLine: 1 }, 400);
    assert.match(p.note ?? '', /first 400 of 1000 lines/);
    assert.ok(p.question.includes('line 400\n'));
    assert.ok(!p.question.includes('line 401'));
    assert.match(p.question, /lines 1–400/);
  });

  it('cuts huge single lines by characters', () => {
    const text = 'x'.repeat(MAX_SELECTION_CHARS * 2);
    const p = buildSelectionPrompt({ text, languageId: 'javascript', fileName: 'min.js', startLine: 1 }, 400);
    assert.match(p.note ?? '', /characters/);
    assert.ok(p.question.length < MAX_SELECTION_CHARS + 500);
  });
});
